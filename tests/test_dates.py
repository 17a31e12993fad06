"""Dates through Babel with an explicit locale: exact CLDR characters, process locale untouched."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from bulletin.dates import format_article_date, format_event_dates, format_period, whole_months
from bulletin.errors import InvalidInput

NNBSP = "\u202f"  # CLDR's narrow no-break space before the Bulgarian year mark "г."
THIN = "\u2009"  # CLDR's thin space around the en dash of an English range
DASH = "\u2013"
D = dt.date


@pytest.mark.parametrize(("locale_name", "expected"), [
    ("bg_BG", f"8 април 2019{NNBSP}г."),
    ("en_GB", "8 April 2019"),
    ("en_US", "April 8, 2019"),
    ("de_DE", "8. April 2019"),
])
def test_article_date_long_form(locale_name: str, expected: str) -> None:
    assert format_article_date(D(2019, 4, 8), locale_name) == expected


@pytest.mark.parametrize(("locale_name", "start", "end", "expected"), [
    ("bg_BG", D(2019, 3, 26), D(2019, 3, 27), f"26 {DASH} 27 март 2019{NNBSP}г."),
    ("bg_BG", D(2019, 3, 28), D(2019, 4, 2), f"28 март {DASH} 2 април 2019{NNBSP}г."),
    ("bg_BG", D(2018, 12, 30), D(2019, 1, 2),
     f"30 декември 2018{NNBSP}г. {DASH} 2 януари 2019{NNBSP}г."),
    # the month written out, as in the long date ("8 April 2019"): CLDR's English has no
    # interval format of whole months' names, and Babel's fallback kept "Mar"
    ("en_GB", D(2019, 3, 26), D(2019, 3, 27), f"26{THIN}{DASH}{THIN}27 March 2019"),
    ("en_GB", D(2019, 3, 28), D(2019, 4, 2), f"28 March{THIN}{DASH}{THIN}2 April 2019"),
    ("en_GB", D(2018, 12, 30), D(2019, 1, 2),
     f"30 December 2018{THIN}{DASH}{THIN}2 January 2019"),
    ("en_US", D(2019, 3, 26), D(2019, 3, 27), f"March 26{THIN}{DASH}{THIN}27, 2019"),
    ("de_DE", D(2019, 3, 28), D(2019, 4, 2), f"28. März{THIN}{DASH}{THIN}2. April 2019"),
    ("bg_BG", D(2019, 3, 26), None, f"26 март 2019{NNBSP}г."),
    ("bg_BG", D(2019, 3, 26), D(2019, 3, 26), f"26 март 2019{NNBSP}г."),
])
def test_event_range(locale_name: str, start: dt.date, end: dt.date | None,
                     expected: str) -> None:
    assert format_event_dates(start, end, locale_name) == expected


@pytest.mark.parametrize(("locale_name", "start", "end", "expected"), [
    ("bg_BG", D(2019, 4, 1), D(2019, 4, 30), f"април 2019{NNBSP}г."),
    ("en_GB", D(2019, 4, 1), D(2019, 4, 30), "April 2019"),
    ("bg_BG", D(2019, 3, 1), D(2019, 4, 30), f"март {DASH} април 2019{NNBSP}г."),
    ("en_GB", D(2019, 3, 1), D(2019, 4, 30), f"March{THIN}{DASH}{THIN}April 2019"),
    ("bg_BG", D(2018, 12, 1), D(2019, 1, 31),
     f"декември 2018{NNBSP}г. {DASH} януари 2019{NNBSP}г."),
    ("bg_BG", D(2019, 4, 1), D(2019, 4, 15), f"1 {DASH} 15 април 2019{NNBSP}г."),
    ("en_GB", D(2019, 4, 1), D(2019, 4, 15), f"1{THIN}{DASH}{THIN}15 April 2019"),
    ("en_GB", D(2019, 4, 30), D(2019, 4, 1), "April 2019"),  # reversed bounds are swapped
])
def test_bulletin_period(locale_name: str, start: dt.date, end: dt.date,
                         expected: str) -> None:
    assert format_period(start, end, locale_name) == expected


def test_whole_months_knows_leap_years() -> None:
    assert whole_months(D(2020, 2, 1), D(2020, 2, 29))
    assert not whole_months(D(2019, 2, 1), D(2019, 2, 27))


def test_process_locale_is_never_touched() -> None:
    before = locale.setlocale(locale.LC_ALL)
    format_article_date(D(2019, 4, 9), "bg_BG")
    format_period(D(2019, 4, 1), D(2019, 5, 31), "en_US")
    assert locale.setlocale(locale.LC_ALL) == before


def test_unknown_locale_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="unknown locale 'xx_YY'"):
        format_article_date(D(2019, 4, 8), "xx_YY")
