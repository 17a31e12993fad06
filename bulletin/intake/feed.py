"""News feeds: RSS 0.9x, 1.0 (RDF) and 2.0, and Atom, one article per item.

The feed is read by ``feedparser``, which knows every dialect and its namespaces and
reads a broken feed as far as it goes (an archive's old feeds often are), without
fetching anything: it is given the bytes, and never follows a DTD or an external entity.
Each item gives its title, its date as the feed writes it (the day of that clock, not of
UTC: RSS writes RFC 822, Atom ISO 8601), its author and its text: the full content where
the feed carries it (``content:encoded``, Atom ``content``), which then makes the
description the summary, else the description. The text is HTML as often as not, and
goes through the same converter as an HTML page. The bytes were decoded before, so the
declaration's encoding is dropped and the text given as UTF-8.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from bulletin.errors import InvalidInput
from bulletin.intake.dates import parse_feed_date
from bulletin.intake.draft import Draft, finish_body, strip_clock
from bulletin.intake.htmlmarkdown import Converter
from bulletin.intake.htmltree import parse_html

_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*"
                   r"<(?:rss|rdf:RDF|feed)\b", re.DOTALL | re.IGNORECASE)
_DECLARED = re.compile(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*([\"'])[^\"']*\2")
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")  # RSS: "desk@example.bg (Име)"


def looks_like_feed(text: str) -> bool:
    """Whether ``text`` is an RSS or Atom document (by its root element)."""
    return bool(_ROOT.match(text[:4000]))


def read_feed(text: str, path: Path) -> list[Draft]:
    """One draft per item of the feed, numbered from 1 in the order of the feed."""
    import feedparser

    data = _DECLARED.sub(r"\1", text, count=1).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False,
                              response_headers={"content-type": "application/xml; "
                                                "charset=utf-8"})
    if not parsed.entries:
        broken = parsed.get("bozo_exception")
        raise InvalidInput("the feed has no items" + (f" that can be read ({broken})"
                                                       if broken else ""), path=path,
                           hint="a feed gives one article per <item> (RSS) or <entry> (Atom)")
    return [_draft(item, number) for number, item in enumerate(parsed.entries, 1)]


def _draft(item: Any, number: int) -> Draft:
    content = next((c.get("value", "").strip() for c in item.get("content", ())
                    if c.get("value", "").strip()), "")
    description = item.get("summary", "").strip()
    if content and " ".join(description.split()) == " ".join(content.split()):
        description = ""  # feedparser gives an Atom entry's only content as its summary too
    body = Converter().convert(parse_html(content or description)).strip()
    draft = Draft(title=strip_clock(" ".join(item.get("title", "").split())), body=body,
                  item=number)
    if content and description:
        summary = parse_html(description).text()
        draft.summary = summary if summary and summary not in " ".join(body.split()) else None
    for name in ("published", "updated", "created"):
        found = parse_feed_date(item.get(name, ""))
        if found is not None:
            draft.date = found
            break
    draft.author = _author(item)
    if item.get("link"):
        draft.notes.append(f"from {item['link']}")
    finish_body(draft)
    return draft


def _author(item: Any) -> str | None:
    detail = item.get("author_detail") or {}
    text = " ".join((detail.get("name") or item.get("author") or "").split())
    match = _EMAIL_NAME.match(text)
    return match.group(1).strip() if match else (text or None)
