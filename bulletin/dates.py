"""Dates as a reader of each language expects them, through Babel and CLDR.

Every function takes the Babel locale explicitly (``config.locale_for(lang)``); the
process locale is never read or changed. CLDR's characters are kept as they are: the
Bulgarian year mark is ``2019\\u202fг.`` (a narrow no-break space before ``г.``), and an
English range is ``26\\u2009–\\u200927 March 2019`` (thin spaces around the en dash).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


@lru_cache(maxsize=64)
def _locale(name: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    from bulletin.errors import InvalidInput

    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError) as exc:
        raise InvalidInput(f"unknown locale {name!r}: Babel has no CLDR data for it",
                           hint='set a known locale in bulletin.toml, e.g. [locales] en = '
                           '"en_GB"') from exc


@lru_cache(maxsize=4096)
def format_article_date(date: dt.date, locale: str) -> str:
    """The long form of an article's date: ``8 април 2019 г.``, ``8 April 2019``."""
    from babel.dates import format_date

    return format_date(date, "long", locale=_locale(locale))


@lru_cache(maxsize=1024)
def format_event_dates(start: dt.date, end: dt.date | None, locale: str) -> str:
    """An event's day or range of days: ``26 – 27 март 2019 г.``."""
    if end is None or end == start:
        return format_article_date(start, locale)
    return _days(start, end, _locale(locale))


def _days(start: dt.date, end: dt.date, loc: Locale) -> str:
    """A range of days with the month written out as in the long date (``26–27 March
    2019`` beside ``8 April 2019``). Where CLDR has no interval format with the whole
    month's name (English, German, French have only ``yMMMd``), Babel falls back to that
    one and keeps its abbreviation (``26–27 Mar 2019``); CLDR's skeleton matching asks for
    the field's width to follow the skeleton, so the month is widened here."""
    from babel.dates import format_interval, parse_pattern

    formats = loc.interval_formats
    greatest = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    parts = None if "yMMMMd" in formats else formats.get("yMMMd", {}).get(greatest)
    if not parts or len(parts) != 2:  # CLDR has the whole month's format, or no near one
        return format_interval(start, end, "yMMMMd", locale=loc)
    return "".join(parse_pattern(_whole_month(part)).apply(day, loc)
                   for part, day in zip(parts, (start, end), strict=True))


_QUOTED = re.compile(r"('(?:[^']|'')*')")


def _whole_month(pattern: str) -> str:
    """A date pattern with its abbreviated month (``MMM``, ``LLL``) written out in full;
    quoted literal text is left as it is."""
    pieces = _QUOTED.split(pattern)
    return "".join(piece if piece.startswith("'") else
                   re.sub(r"(?<![ML])(MMM|LLL)(?![ML])", lambda m: m.group(1) + m.group(1)[0],
                          piece)
                   for piece in pieces)


def whole_months(start: dt.date, end: dt.date) -> bool:
    """True when ``start``..``end`` begins on a month's first day and ends on a last day."""
    last = calendar.monthrange(end.year, end.month)[1]
    return start.day == 1 and end.day == last


@lru_cache(maxsize=256)
def format_period(start: dt.date, end: dt.date, locale: str) -> str:
    """A bulletin's period: ``април 2019 г.``, ``март – април 2019 г.``, or days.

    Whole months read as months; any other span as days (``1 – 15 април 2019 г.``).
    """
    from babel.dates import format_interval, format_skeleton

    if end < start:
        start, end = end, start
    loc = _locale(locale)
    if whole_months(start, end):
        if (start.year, start.month) == (end.year, end.month):
            return format_skeleton("yMMMM", start, locale=loc)
        return format_interval(start, end, "yMMMM", locale=loc)
    return format_event_dates(start, end, locale)


def months_covering(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of ``start``'s month and the last day of ``end``'s month."""
    last = calendar.monthrange(end.year, end.month)[1]
    return start.replace(day=1), end.replace(day=last)
