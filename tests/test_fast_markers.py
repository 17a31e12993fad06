"""Segment markers of a translation file are found quicker than by ``finditer``, and alike.

``transfile._markers`` tries the marker pattern only where ``<!--`` starts; it must give
exactly the matches ``MARKER_RE.finditer`` gives, on real files and on generated bodies
full of almost-markers (mid-line, unclosed, with ``was:`` text that holds ``<!--``).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin.transfile import MARKER_RE, _markers
from tests.conftest import FIXTURES, REPO


def same(body: str) -> int:
    expected = [(m.span(), m.groupdict()) for m in MARKER_RE.finditer(body)]
    assert [(m.span(), m.groupdict()) for m in _markers(body)] == expected, repr(body)
    return len(expected)


def test_real_translation_files() -> None:
    paths = [p for p in sorted(REPO.glob("articles/*/*.md")) + sorted(FIXTURES.rglob("*.md"))
             if p.name != "bg.md"]
    assert sum(same(p.read_text(encoding="utf-8")) for p in paths) > 10


PIECES = ["<!-- 1a2b3c4d reviewed -->", "<!-- 1a2b3c4d machine 9f8e7d6c -->",
          "<!-- 1a2b3c4d-2 stale\nwas: old <!-- text\n-->", "<!--1a2b3c4d missing-->",
          "<!-- 1a2b3c4d stale\nwas: a -- > b\n-->  ", "<!-- zz reviewed -->", "<!--", "-->",
          "<!-- 1a2b3c4d reviewed", "text", "Some prose.", " ", "\n", "\n\n", "was:", "\t"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_generated_bodies(pieces: list[str]) -> None:
    same("".join(pieces))


def test_cases_that_matter() -> None:
    assert same("<!-- 1a2b3c4d reviewed -->\nText\n\n<!-- 2a2b3c4d machine -->\nMore") == 2
    assert same("x <!-- 1a2b3c4d reviewed -->\n") == 0  # not at a line start
    assert same("<!-- 1a2b3c4d stale\nwas: <!-- 2a2b3c4d reviewed -->\n-->\n") == 1
