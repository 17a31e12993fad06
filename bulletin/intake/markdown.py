"""Markdown files, with or without front matter (Jekyll, Hugo, an older bulletin, by hand).

The title comes from the front matter, else from the first level-1 heading (which then
leaves the body), else the first sentence (a guess); the date from the front matter, else
a dateline, else the file name or the file's modification time (see run.py).
Keys this tool does not know are left out and named in the report.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from bulletin.content import fields, frontmatter
from bulletin.content.model import Related
from bulletin.errors import InvalidInput
from bulletin.intake.dates import find_date, parse_iso
from bulletin.intake.draft import Draft, finish_body, strip_clock

_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
DATE_KEYS = ("date", "published", "pubdate", "publishdate")
TEXT_KEYS = {"summary": ("summary", "description", "excerpt"),
             "image_source": ("image_source", "image_credit", "credit", "photo_credit")}
USED_KEYS = {"title", "tags", "related", "author", *DATE_KEYS,
             *(key for keys in TEXT_KEYS.values() for key in keys)}


def read_markdown(text: str, path: Path) -> Draft:
    document = frontmatter.split(text, path)
    meta = {str(k).lower(): v for k, v in document.meta.items()}
    body = document.body
    title = _text(meta.get("title"))
    heading, rest = _first_h1(body)
    if title is None and heading is not None:
        title, body = heading, rest
    elif title is not None and heading is not None and " ".join(heading.split()) == title:
        body = rest  # the same title written again as a heading
    draft = Draft(title=strip_clock(title or ""), body=body.strip("\n"),
                  author=_text(meta.get("author")))
    for key in DATE_KEYS:
        if key in meta:
            draft.date = _date(meta[key])
            if draft.date is None:
                raise InvalidInput(f"'{key}' is not a date: {meta[key]!r}", path=path,
                                   line=frontmatter.line_of_key(text, key),
                                   hint="write it YYYY-MM-DD")
            break
    for field_name, keys in TEXT_KEYS.items():
        value = next((_text(meta[k]) for k in keys if _text(meta.get(k))), None)
        setattr(draft, field_name, value)
    draft.tags = _tags(meta.get("tags"))
    draft.related = _related(meta.get("related"))
    left_out = sorted(set(meta) - USED_KEYS)
    if left_out:
        draft.notes.append("front-matter keys left out: " + ", ".join(left_out))
    if not draft.body.strip():
        raise InvalidInput("the file has no text besides its title", path=path,
                           hint="write the article's text under the title")
    finish_body(draft)
    return draft


def _first_h1(body: str) -> tuple[str | None, str]:
    """The first level-1 heading (``# Title`` or ``Title`` over ``===``), and the body
    without it. Fenced code is skipped."""
    lines = body.split("\n")
    fenced = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        match = _ATX_H1.match(line)
        if match:
            return match.group(1).strip(), "\n".join(lines[:index] + lines[index + 1:])
        if (index + 1 < len(lines) and line.strip() and _SETEXT_H1.match(lines[index + 1])
                and (index == 0 or not lines[index - 1].strip())):
            return line.strip(), "\n".join(lines[:index] + lines[index + 2:])
    return None, body


def _text(value: Any) -> str | None:
    text = fields.as_text(value)
    return " ".join(text.split()) if text and text.strip() else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, str):  # as pages write them, not only YYYY-MM-DD
        return parse_iso(value) or find_date(value)
    return fields.as_date(value)


def _tags(value: Any) -> list[str]:
    tags: list[str] = []
    for tag in fields.as_tags(value) or []:
        text = _text(tag)
        if text and text not in tags:
            tags.append(text)
    return tags


def _related(value: Any) -> list[Related]:
    return [Related(" ".join(item.title.split()), _date(item.date), item.url)
            for item in fields.as_related(value) or [] if item and item.title.strip()]
