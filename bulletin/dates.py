"""Dates as a reader of each language expects them, through Babel and CLDR.

Every function takes the Babel locale explicitly (``config.locale_for(lang)``); the
process locale is never read or changed. CLDR's characters are kept as they are: the
Bulgarian year mark is ``2019\\u202fг.`` (a narrow no-break space before ``г.``), and an
English range is ``26\\u2009–\\u200927 Mar 2019`` (thin spaces around the en dash).
"""

from __future__ import annotations

import calendar
import datetime as dt
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
    from babel.dates import format_interval

    return format_interval(start, end, "yMMMMd", locale=_locale(locale))


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
