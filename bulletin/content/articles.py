"""Reading source articles (``articles/<id>/<source>.md``) and checking their front matter."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bulletin.content import fields, frontmatter
from bulletin.content.model import Article, Event, Related
from bulletin.errors import Report

ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
KNOWN_KEYS = {"title", "date", "summary", "tags", "image", "image_alt", "image_source", "event",
              "related", "author", "draft", "guessed"}
# what an import may have had to guess: listed under `guessed:` until an editor confirms it
GUESSABLE = ("date", "title")


def check_id(article_id: str) -> str | None:
    """Why ``article_id`` is not a valid article id, or None if it is."""
    if not article_id or "/" in article_id or "\\" in article_id or ".." in article_id:
        return f"{article_id!r} is not a safe article id (no '/', '\\' or '..')"
    if not ID_RE.match(article_id):
        return f"{article_id!r} is not an article id"
    if id_date(article_id) is None:
        return f"{article_id!r} starts with an impossible date"
    return None


@dataclass(frozen=True)
class Facts:
    """What choosing an article for a bulletin needs to know, read even from a source that
    does not load: its date (the front matter's, else the folder's), its tags, and whether
    it is a draft."""

    date: dt.date | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False


def id_date(article_id: str) -> dt.date | None:
    """The date an article id starts with, if it is one."""
    try:
        return dt.date.fromisoformat(article_id[:10])
    except ValueError:
        return None


def read_source(path: Path, lang: str, report: Report) -> tuple[Article | None, Facts]:
    """Read and validate one source article, and what is known of it for choosing it even
    when it does not load; every problem goes to ``report``."""
    article_id = path.parent.name
    fallback = Facts(id_date(article_id))
    read = frontmatter.read_document(path, report)
    if read is None:
        return None, fallback
    text, doc = read
    if not doc.has_front_matter:
        report.add(path, "no front matter: the article needs a title and a date", line=1,
                   hint="start the file with ---, title: …, date: YYYY-MM-DD, ---")
        return None, fallback
    meta = doc.meta
    errors_before = len(report.errors)

    def where(key: str) -> int | None:
        return frontmatter.line_of_key(text, key)

    for key in sorted(set(meta) - KNOWN_KEYS, key=str):
        report.warn(path, f"unknown front-matter key {key!r} is ignored",
                    f"known keys: {', '.join(sorted(KNOWN_KEYS))}", line=where(str(key)),
                    code="unknown-key")
    title = _text(meta, "title", path, report, where, required=True)
    date = _date(meta.get("date"), "date", path, report, where("date"), required=True)
    summary = _text(meta, "summary", path, report, where)
    image = _text(meta, "image", path, report, where)
    image_source = _text(meta, "image_source", path, report, where)
    image_alt = _text(meta, "image_alt", path, report, where)
    tags = _tags(meta.get("tags"), path, report, where("tags"))
    event = _event(meta.get("event"), path, report, where("event"))
    related = _related(meta.get("related"), path, report, where("related"))
    _text(meta, "author", path, report, where)  # checked as text; a byline is not translated
    draft = _flag(meta.get("draft"), "draft", path, report, where("draft"))
    guessed = _guessed(meta.get("guessed"), path, report, where("guessed"))
    facts = Facts(date or fallback.date, tags, draft)
    if draft:
        report.warn(path, "a draft: exports leave it out", line=where("draft"), code="draft",
                    hint="delete 'draft: true' once it is ready (or export with --drafts)")
    for what in guessed:
        report.warn(path, f"the {what} was guessed by the import", line=where("guessed"),
                    hint=f"check the {what}, then delete it from 'guessed:'", code="guessed")
    if image and ("/" in image or "\\" in image or image.startswith(".")):
        report.add(path, f"'image' must name a file in the article's folder, not {image!r}",
                   line=where("image"), hint="put the image beside bg.md and give its file name")
    if not doc.body.strip():
        report.add(path, "the article has no body text", line=doc.body_line,
                   hint="write the article below the closing --- of the front matter",
                   code="no-body")
    if len(report.errors) > errors_before or title is None or date is None:
        return None, facts
    if article_id[:10] != date.isoformat():
        report.warn(path, f"the folder's date {article_id[:10]} differs from 'date: {date}'",
                    line=where("date"), hint="rename the folder or fix the date", code="id-date")
    article = Article(
        id=article_id, path=path, lang=lang, title=title, date=date, body=doc.body,
        body_line=doc.body_line, summary=summary, tags=tags, image=image,
        image_source=image_source, image_alt=image_alt, event=event, related=related,
        extra={k: v for k, v in meta.items() if k not in KNOWN_KEYS},
    )
    return article, facts


def _flag(value: Any, key: str, path: Path, report: Report, line: int | None) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    report.add(path, f"'{key}' must be true or false, not {value!r}", line=line,
               hint=f"write '{key}: true', or delete the line")
    return False


def _guessed(value: Any, path: Path, report: Report, line: int | None) -> tuple[str, ...]:
    """The fields an import guessed and no editor has confirmed yet."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report.add(path, f"'guessed' must list what was guessed, not {value!r}", line=line,
                   hint=f"for example: guessed: [{', '.join(GUESSABLE)}]; delete the line "
                   "once you have checked them")
        return ()
    unknown = [v for v in value if v not in GUESSABLE]
    if unknown:
        report.warn(path, f"'guessed' names {', '.join(map(repr, unknown))}, which an import "
                    "never guesses", line=line, code="unknown-key",
                    hint=f"it lists some of: {', '.join(GUESSABLE)}")
    return tuple(v for v in value if v in GUESSABLE)


def _text(meta: dict[str, Any], key: str, path: Path, report: Report, where: Any,
          required: bool = False) -> str | None:
    value = meta.get(key)
    if value is None:
        if required:
            report.add(path, f"the front matter has no '{key}'", line=1,
                       hint=f"add a line '{key}: …' between the --- lines")
        return None
    text = fields.as_text(value)
    if text is None:
        report.add(path, f"'{key}' must be text, not {type(value).__name__}", line=where(key),
                   hint="put the value in quotes")
        return None
    if required and not text.strip():
        report.add(path, f"'{key}' is empty", line=where(key), hint=f"write the {key}")
        return None
    return text.strip()


def _date(value: Any, key: str, path: Path, report: Report, line: int | None,
          required: bool = False) -> dt.date | None:
    if value is None:
        if required:
            report.add(path, f"the front matter has no '{key}'", line=1,
                       hint=f"add a line '{key}: YYYY-MM-DD'")
        return None
    date = fields.as_date(value)
    if date is not None:
        return date
    report.add(path, f"'{key}' must be a date written YYYY-MM-DD, not {value!r}", line=line,
               hint=frontmatter.iso_date_hint(key, value))
    return None


def _tags(value: Any, path: Path, report: Report, line: int | None) -> tuple[str, ...]:
    if value is None:
        return ()
    tags = fields.as_tags(value)
    if tags is None:
        report.add(path, "'tags' must be a list of words", line=line,
                   hint="for example: tags: [клъстери, събития]")
        return ()
    return tuple(tags)


def _event(value: Any, path: Path, report: Report, line: int | None) -> Event | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        report.add(path, "'event' must be a mapping with start, end and place", line=line,
                   hint="event: {start: 2019-03-26, end: 2019-03-27, place: София Тех Парк}")
        return None
    start = _date(value.get("start"), "event.start", path, report, line, required=True)
    end = _date(value.get("end"), "event.end", path, report, line)
    place = value.get("place")
    if place is not None and not isinstance(place, str):
        report.add(path, "'event.place' must be text", line=line)
        place = None
    if start and end and end < start:
        report.add(path, f"the event ends ({end}) before it starts ({start})", line=line,
                   hint="swap start and end")
        return None
    return Event(start, end, place) if start else None


def _related(value: Any, path: Path, report: Report, line: int | None) -> tuple[Related, ...]:
    if value is None:
        return ()
    found = fields.as_related(value)
    if found is None:
        report.add(path, "'related' must be a list of {title, date, url}", line=line)
        return ()
    items: list[Related] = []
    for number, item in enumerate(found, 1):
        if item is None:
            report.add(path, f"related item #{number} needs a 'title'", line=line,
                       hint="related: [{title: …, date: 2019-04-08}]")
            continue
        date = _date(item.date, f"related #{number} date", path, report, line)
        items.append(Related(item.title, date, item.url))
    return tuple(items)
