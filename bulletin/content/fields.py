"""What the value of each front-matter field means, read one way wherever front matter is
read: a source article (``articles``, which reports what is wrong), a translation file
(``transfile``) and a Markdown file being imported (``importing.markdown``, which takes
what it can).

Each function takes the value as YAML gave it and returns it as the field's type, or None
when the value is not of that shape (the caller decides whether that is an error).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def as_text(value: object) -> str | None:
    """A one-line text field (title, summary, place): a string, or a number that YAML read
    as one (``title: 2019``); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    return value if isinstance(value, str) else None


def as_date(value: object) -> dt.date | None:
    """A date as YAML reads it (``2019-04-08``, a timestamp), or written ``YYYY-MM-DD`` in
    quotes; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_tags(value: object) -> list[str] | None:
    """Tags: a list of words (or numbers), or one line of them separated by commas; empty
    ones dropped. None when the value is neither."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(t, (str, int)) for t in value):
        return None
    return [str(t).strip() for t in value if str(t).strip()]


@dataclass(frozen=True)
class RelatedItem:
    """One related headline: its title, and its date and link as written (unchecked)."""

    title: str
    date: object = None
    url: str | None = None


def as_related(value: object) -> list[RelatedItem | None] | None:
    """Related news: a list whose items are a headline, or a mapping with ``title`` (and
    ``date``, ``url``); an item of another shape is None in the list. None when the value
    is not a list."""
    if not isinstance(value, list):
        return None
    items: list[RelatedItem | None] = []
    for item in value:
        if isinstance(item, dict):
            title = as_text(item.get("title"))
            url = item.get("url")
            items.append(RelatedItem(title, item.get("date"), url if isinstance(url, str)
                                     else None) if title is not None else None)
        else:
            title = as_text(item)
            items.append(RelatedItem(title) if title is not None else None)
    return items
