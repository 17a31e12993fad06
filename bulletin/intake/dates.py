"""Dates as pages write them: ``08.04.2019``, ``8 април 2019 г.``, ``2019-04-08``,
``8 April 2019``, ``April 8, 2019``; an impossible date (31.02.2019) is no date."""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    ("януари", "яну", "ян", "january", "jan"),
    ("февруари", "февр", "фев", "february", "feb"),
    ("март", "мар", "march", "mar"),
    ("април", "апр", "april", "apr"),
    ("май", "may"),
    ("юни", "june", "jun"),
    ("юли", "july", "jul"),
    ("август", "авг", "august", "aug"),
    ("септември", "септ", "сеп", "september", "sept", "sep"),
    ("октомври", "окт", "october", "oct"),
    ("ноември", "ноем", "ное", "november", "nov"),
    ("декември", "дек", "december", "dec"),
), start=1):
    for _name in _names:
        MONTHS[_name] = _number

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR_SUFFIX = r"(?:\s*г(?:од(?:ина)?)?\.?)?"
_PATTERNS = (
    ("ymd", re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")),
    ("dmy", re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)" + _YEAR_SUFFIX)),
    ("d_month_y", re.compile(rf"(?<!\d)(\d{{1,2}})\.?\s+({_MONTH})\.?,?\s+(\d{{4}})(?!\d)"
                             + _YEAR_SUFFIX, re.IGNORECASE)),
    ("month_d_y", re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)",
                             re.IGNORECASE)),
)
# what may stand around a date on a line of its own: "Публикувано: …", "…, 14:30 ч."
_LABEL = re.compile(r"^(?:публикувано|публикуван[аo]?|дата|обновено|published|posted|"
                    r"updated|date)(?:\s+на|\s+on)?\s*:?\s*", re.IGNORECASE)
_TIME = re.compile(r"^[,\s|–-]*(?:в\s+|at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:ч\.?|h)?\s*$",
                   re.IGNORECASE)


def _make(kind: str, groups: tuple[str, ...]) -> dt.date | None:
    try:
        if kind == "ymd":
            return dt.date(int(groups[0]), int(groups[1]), int(groups[2]))
        if kind == "dmy":
            return dt.date(int(groups[2]), int(groups[1]), int(groups[0]))
        if kind == "d_month_y":
            return dt.date(int(groups[2]), MONTHS[groups[1].lower()], int(groups[0]))
        return dt.date(int(groups[2]), MONTHS[groups[0].lower()], int(groups[1]))
    except ValueError:
        return None


def find_date(text: str) -> dt.date | None:
    """The first real date written anywhere in ``text``, or None."""
    found: list[tuple[int, dt.date]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            date = _make(kind, match.groups())
            if date is not None:
                found.append((match.start(), date))
                break
    return min(found)[1] if found else None


def date_line(line: str) -> dt.date | None:
    """The date if ``line`` is nothing but a date (perhaps labelled, perhaps with a time)."""
    text = _LABEL.sub("", line.strip())
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        rest = text[match.end():].strip()
        if rest and not _TIME.match(rest):
            continue
        return _make(kind, match.groups())
    return None


def parse_iso(value: str) -> dt.date | None:
    """``2019-04-08`` or an ISO timestamp (``2019-04-08T10:00:00+03:00``), else None."""
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    return _make("ymd", match.groups()) if match else None


# A dateline: the place and the date a report opens with, as Bulgarian agencies and papers
# write them: "София, 1 декември 2026 г. – …", "СТАРА ЗАГОРА, 01.12.2026 /БТА/. …".
_PLACE = re.compile(r"(?:[A-ZА-Я][^\W\d_]*\.?)(?:[ -](?:на|де|ла|[A-ZА-Я][^\W\d_]*))"
                    r"{0,3},\s+")
_AGENCY = re.compile(r"\s*(?:\(\s*[A-ZА-Я„“\"][^()]{0,30}\)|/\s*[A-ZА-Я][^/]{0,30}/)")
_AFTER_DATELINE = re.compile(r"\s*(?:[–—-]+\s*|[.:]\s+|$)")
_DATELINE_KINDS = ("dmy", "d_month_y")


def dateline(text: str) -> tuple[dt.date, str] | None:
    """The date of a dateline that ``text`` starts with, and the text after it; None when
    ``text`` starts with no dateline (or one without a year, or an impossible date)."""
    place = _PLACE.match(text)
    if place is None:
        return None
    for kind, pattern in _PATTERNS:
        if kind not in _DATELINE_KINDS:
            continue
        match = pattern.match(text, place.end())
        if match is None:
            continue
        date = _make(kind, match.groups())
        end = match.end()
        agency = _AGENCY.match(text, end)
        if agency:
            end = agency.end()
        after = _AFTER_DATELINE.match(text, end) or (
            re.compile(r"\s+").match(text, end) if agency else None)
        if date is None or after is None:
            return None
        return date, text[after.end():]
    return None


def parse_feed_date(value: str) -> dt.date | None:
    """A feed's date: RSS writes RFC 822 (``Tue, 15 Mar 2005 10:30:00 GMT``), Atom ISO 8601."""
    from email.utils import parsedate_to_datetime

    value = value.strip()
    if not value:
        return None
    found = parse_iso(value)
    if found is not None:
        return found
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return find_date(value)
