"""The quicker patterns of ``bulletin.translation.protect`` find exactly what the plain ones found.

QA now scans every reviewed segment, so protection was made quicker without changing what
it finds: a pattern for URLs and braces in text without ``@`` that skips plain letters at
once, and a number pattern that starts at a digit. Both are compared here with the patterns they
replace, on every text of the sample articles and of the benchmark corpus (Bulgarian and
English), and on made-up edge cases.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

from bulletin.content.workspace import open_workspace
from bulletin.translation.protect import _ATOM, _ATOM_NO_AT, SPACES, NumberFormat, _symbols

EDGES = [
    "1 500 000,5 и 12,5% x21 1.2.3 a1 ,5 .5 26.03.2019 2019 1,500,000 1 000 01",
    "٣ ١٢ 10 000 000 5 000,5 1 23 4 56 7 890 0,5 00,5 1 0000 12.345,67 1.234.567",
    "**bold** _it_ snake_case \\* `code` `` a`b `` <https://x.bg/a> www.x.bg/b, "
    "http://a.bg/(x) ![alt](img.png \"t\") [a [b]](c) {3} { 4 } *** __ h w",
    "x21st 21-ви 3,14159 1 234,5 € −5 +7 2⁵ 10^3 1/2 12:30 v1.2.3 ISO 8601",
]


@pytest.fixture(scope="module")
def all_texts(bench_corpus: Path) -> list[str]:
    """Every source and English text of the sample workspace and the benchmark corpus."""
    found = list(EDGES)
    for root in (REPO, bench_corpus):
        ws = open_workspace(root)
        for article in ws.articles.values():
            for aligned in ws.translation(article, "en").segments:
                found += [aligned.segment.text, aligned.text]
    return found


def matches(pattern: re.Pattern[str], text: str) -> list[tuple[str | None, int, int]]:
    return [(m.lastgroup, m.start(), m.end()) for m in pattern.finditer(text)]


def test_atoms_without_at_finds_what_the_full_pattern_finds(all_texts: list[str]) -> None:
    checked = 0
    for text in all_texts:
        if "@" in text:
            continue
        assert matches(_ATOM_NO_AT, text) == matches(_ATOM, text), text
        checked += 1
    assert checked > 1000


def previous_number_pattern(locale: str) -> re.Pattern[str]:
    """The number pattern as it was written before it started at a digit."""
    decimal, group = _symbols(locale)
    groups = re.escape(SPACES if group in SPACES else group)
    return re.compile(
        r"(?<![\w.,])(?:[1-9]\d{0,2}(?:[" + groups + r"]\d{3})+"
        r"(?:" + re.escape(decimal) + r"\d+)?(?![" + groups + r"]\d)"
        r"|\d+(?:[.,]\d+)*)(?!\w|[.,]\d)")


@pytest.mark.parametrize("locale", ["bg_BG", "en_GB", "de_DE", "fr_FR", "en_US"])
def test_number_pattern_finds_what_it_found_before(locale: str, all_texts: list[str]) -> None:
    now, before = NumberFormat(locale, "en_GB").pattern, previous_number_pattern(locale)
    for text in all_texts:
        assert [m.span() for m in now.finditer(text)] == \
            [m.span() for m in before.finditer(text)], text
