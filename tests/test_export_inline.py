"""Inline rendering of one segment: safe links, escaped HTML, markdown-it's bytes.

The HTML of every text of the sample workspace and of the benchmark corpus is compared
with what markdown-it-py (the engine before ``bulletin.content.document``) rendered, with the same
link rule and pictures as links.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from htmlcheck import dangerous_markup, tags_and_attributes
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bulletin.content.document import engine_html
from bulletin.content.links import safe_url
from bulletin.content.workspace import open_workspace
from bulletin.export.html import nodes_html, to_html
from bulletin.export.inline import LinkNotes
from bulletin.export.markdown import escape_markdown, to_markdown
from bulletin.export.text import to_text


@lru_cache(maxsize=1)
def _markdown_it() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    md.validateLink = safe_url  # type: ignore[method-assign]

    def image(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
        alt = html.escape(tokens[idx].content or "", quote=False)
        src = str(tokens[idx].attrGet("src") or "")
        return f'<a class="image" href="{html.escape(src)}">{alt}</a>' if src else alt

    md.add_render_rule("image", image)
    return md


def markdown_it_html(text: str) -> str:
    md = _markdown_it()
    tokens = md.parseInline(text)
    return str(md.renderer.render(tokens[0].children or [] if tokens else [], md.options, {}))


def workspace_texts(root: Path) -> list[str]:
    """Every text the export renders inline: body segments, fields, each tag alone."""
    ws = open_workspace(root)
    texts: list[str] = []
    for article in ws.articles.values():
        for aligned in ws.translation(article, "en").segments:
            texts += [aligned.segment.text] + ([aligned.text] if aligned.text else [])
    return texts + [tag.strip() for text in texts if "," in text for tag in text.split(",")]


def test_every_text_renders_as_markdown_it_rendered_it(bench_corpus: Path) -> None:
    texts = workspace_texts(REPO) + workspace_texts(bench_corpus)
    assert len(texts) > 5000
    for text in texts:
        assert to_html(text) == markdown_it_html(text), text


NEWS = [
    "**12,5%** от *всички* [сгради](https://example.org/a_b) a_b",
    "Подробности на [сайта](https://investsofia.example/novini \"Новини & още\").",
    "a `code *not em*` b \\*literal\\* and snake_case_name",
    "line one  \nline two\\\nthree \nfour",
    "[Sofia](https://bg.wikipedia.org/wiki/София_(град)) — „*цитат*“",
    "AT&T, 3 < 5 > 2 and \"quotes\" stay text; ! and ~ too",
    "intra*word*emphasis, **[bold link](https://x.example/)**. [*…*](/a) *„цитат“*.",
    "[a](/b 'single') [c](  /d  \"T &amp; C\") [e](x\u00a0y) *[f*](g)",
    "![pixel](https://tracker.example/p.gif) <https://example.org> <a@b.bg> a &amp; b",
    "[ref] text, ***both***, **a*, *a _b* c_, *a **b* c**, [a [b]](c), stray ] bracket",
    "[x]: /url", "*a*\r\nb", "[Пример](https://пример.бг/път?a=1&b=2 \"T\") x%zz",
]


@pytest.mark.parametrize("text", NEWS)
def test_news_markup_renders_as_markdown_it_rendered_it(text: str) -> None:
    assert to_html(text) == markdown_it_html(text)


PLAIN = [
    "На 26 и 27 март 2019 г. в зала „Джон Атанасов“ се състоя конференция.",
    "Бюджетът е 1 500 000 лв., а делът е 12,5% (при 10% през 2018 г.).",
    'He said "yes" - and left; 3 > 2 is not markup.',
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_renders_as_markdown_it_rendered_it(text: str) -> None:
    assert to_html(text) == markdown_it_html(text)
    assert to_text(text, LinkNotes()) == text


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


# Texts as a newsroom writes them, and the characters that make the engine's own HTML
# differ from ours if the fast path in ``to_html`` were wrong about a text.
_PIECES = ["Сумата", "е", "1 500 000", "лв.", "2,5 млн.", "5", "км", "km", "%", "2019 г.",
           "*", "**", "_", "__", "\\*", "\\", "&amp;", "&copy;", "&", '"', "'", ">", "„",
           "“", "(", ")", "]", "!", "~", "#", "-", "1.", "+", "|", " ", "  ", "\t", "\u00a0",
           "a_b", "x*y*z", "***", "=", "\ufffd"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14),
       st.sampled_from([None, "bg_BG", "en_GB", "de"]))
def test_engine_html_is_what_the_nodes_render(pieces: list[str], locale: str | None) -> None:
    """The fast path (the engine's own HTML, numbers held in it) gives what the node-by-node
    renderer gives, and so, without a locale, what markdown-it rendered."""
    text = " ".join(pieces) if len(pieces) % 2 else "".join(pieces)
    assert to_html(text, locale) == nodes_html(text, locale), text
    if locale is None:
        assert to_html(text) == markdown_it_html(text), text


def test_engine_html_takes_plain_news_and_leaves_links_to_the_policy() -> None:
    assert engine_html("Кметът **подкрепи** проекта за 5 км.") == (
        "Кметът <strong>подкрепи</strong> проекта за 5 км.")
    for text in (HOSTILE, "a [b](c)", "a `b`", "a\nb", " a", "a ", "- a", "1. a", "# a"):
        assert engine_html(text) is None, text
