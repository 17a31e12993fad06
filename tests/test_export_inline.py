"""Inline rendering of one segment: safe links, escaped HTML, a fast path that agrees."""

from __future__ import annotations

import pytest
from htmlcheck import dangerous_markup, tags_and_attributes

from bulletin.export.inline import (
    LinkNotes,
    escape_markdown,
    inline_parser,
    is_plain,
    parse_inline,
    safe_url,
    to_html,
    to_markdown,
    to_text,
)

PLAIN = [
    "На 26 и 27 март 2019 г. в зала „Джон Атанасов“ се състоя конференция.",
    "Бюджетът е 1 500 000 лв., а делът е 12,5% (при 10% през 2018 г.).",
    'He said "yes" - and left; 3 > 2 is not markup.',
]


@pytest.mark.parametrize("text", PLAIN)
def test_fast_path_gives_what_the_parser_gives(text: str) -> None:
    md = inline_parser()
    parsed = md.renderer.render(parse_inline(text), md.options, {})
    assert is_plain(text)
    assert to_html(text) == parsed


@pytest.mark.parametrize("text", ["*em*", "a [link](x)", "<b>", "a & b", "x_y_", "`c`"])
def test_markdown_characters_leave_the_fast_path(text: str) -> None:
    assert not is_plain(text)


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a", True), ("http://x", True), ("mailto:a@b.bg", True),
    ("#section", True), ("cover.jpg", True), ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False), ("data:text/html,<b>x</b>", False),
    ("vbscript:x", False), ("file:///etc/passwd", False),
])
def test_only_safe_link_schemes(url: str, ok: bool) -> None:
    assert safe_url(url) is ok


HOSTILE = ('<script>alert(1)</script> <img src=x onerror=alert(2)> '
           '[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) '
           '[entity](&#106;avascript:alert(4)) <javascript:alert(5)> '
           '![pixel](https://tracker.example/p.gif)')


def test_hostile_inline_html_is_dead() -> None:
    out = to_html(HOSTILE)
    assert dangerous_markup(out) == []
    assert [tag for tag, _ in tags_and_attributes(out)] == ["a"]  # the picture's link
    assert "&lt;script&gt;" in out  # shown as text, not dropped
    assert '<a class="image" href="https://tracker.example/p.gif">pixel</a>' in out


def test_hostile_inline_markdown_is_dead() -> None:
    from markdown_it import MarkdownIt

    out = to_markdown(HOSTILE)
    # a renderer that passes raw HTML through (as a careless Markdown viewer would)
    rendered = MarkdownIt("commonmark", {"html": True}).render(out)
    assert dangerous_markup(rendered) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # still readable as text


def test_markdown_keeps_markup_and_escapes_text() -> None:
    text = "**12,5%** от *всички* [сгради](https://example.org/a_b) a_b <https://x.org>"
    assert to_markdown(text) == text
    assert escape_markdown("# not a heading") == "\\# not a heading"
    assert escape_markdown("1. not a list") == "1\\. not a list"
    assert escape_markdown("[x](y) *z*") == "\\[x\\](y) \\*z\\*"


def test_plain_text_links_become_numbered_references() -> None:
    notes = LinkNotes()
    first = to_text("see [the page](https://example.org/a) and [again](https://example.org/a)",
                    notes)
    second = to_text("also [other](https://example.org/b) and <https://example.org/c>", notes)
    assert first == "see the page [1] and again [1]"
    assert second == "also other [2] and https://example.org/c"
    assert notes.urls == ["https://example.org/a", "https://example.org/b"]
