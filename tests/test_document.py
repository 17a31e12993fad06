"""The document model against markdown-it, the engine it replaced: every segment the same.

Fingerprints of existing workspaces hang on a segment's text, which was markdown-it's
inline token content. ``markdown_segments`` below is that reading (markdown-it-py,
CommonMark + tables, raw HTML off, as ``segments.body_segments`` was); every segment of
``bulletin.content.document.parse`` must match it: key, kind, level, normalised text and line. On
the repository's articles, every test fixture, the benchmark corpus (``bench/corpus.py``,
its articles and translations, bodies and whole files), and generated bodies.

Where the two engines read a body differently, the cases are pinned in ``DIFFERENT`` with
both readings: none of them is in an article of ours.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bulletin.content import frontmatter
from bulletin.content.document import Block, inline, parse
from bulletin.content.segments import fingerprint, normalise
from bulletin.errors import BulletinError

Reading = list[tuple[str, str, int, str, int | None]]


@lru_cache(maxsize=1)
def _markdown_it() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.disable("inline")
    return md


def markdown_segments(body: str, first_line: int = 1) -> Reading:
    """The segments markdown-it made of ``body``: one per non-empty inline token."""
    tokens = _markdown_it().parse(body)
    found: Reading = []
    stack: list[str] = []
    seen: dict[str, int] = {}
    for index, token in enumerate(tokens):
        if token.nesting:
            stack.append(token.type) if token.nesting == 1 else stack.pop()
            continue
        if token.type != "inline" or not token.content.strip():
            continue
        if not stack:
            kind, level = "paragraph", 0
        elif stack[-1] == "heading_open":
            kind, level = "heading", int(tokens[index - 1].tag[1:])
        elif stack[-1] in ("th_open", "td_open"):
            kind, level = "cell", 0
        elif "list_item_open" in stack:
            kind, level = "item", stack.count("list_item_open")
        elif "blockquote_open" in stack:
            kind, level = "quote", stack.count("blockquote_open")
        else:
            kind, level = "paragraph", 0
        fp = fingerprint(token.content)
        seen[fp] = seen.get(fp, 0) + 1
        key = fp if seen[fp] == 1 else f"{fp}-{seen[fp]}"
        line = first_line + token.map[0] if token.map else None
        found.append((key, kind, level, normalise(token.content), line))
    return found


def our_segments(body: str, first_line: int = 1) -> Reading:
    return [(s.key, s.kind, s.level, normalise(s.text), s.line)
            for s in parse(body, first_line).segments]


def bodies_of(paths: Iterable[Path]) -> list[tuple[str, int]]:
    """Each file whole, and its body after the front matter, with the body's first line."""
    found: list[tuple[str, int]] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found.append((text, 1))
        with contextlib.suppress(BulletinError):  # a fixture without its closing "---"
            doc = frontmatter.split(text, path)
            found.append((doc.body, doc.body_line))
    return found


def assert_same_segments(bodies: list[tuple[str, int]]) -> int:
    count = 0
    for body, first_line in bodies:
        expected = markdown_segments(body, first_line)
        assert our_segments(body, first_line) == expected, f"segments differ for {body!r}"
        count += len(expected)
    return count


def test_repository_articles_and_every_fixture() -> None:
    paths = sorted(REPO.glob("articles/*/*.md")) + sorted(
        p for p in FIXTURES.rglob("*") if p.is_file())
    assert assert_same_segments(bodies_of(paths)) > 100


def test_benchmark_corpus(bench_corpus: Path) -> None:
    paths = sorted(bench_corpus.glob("articles/*/*.md"))
    assert len(paths) == 600
    assert assert_same_segments(bodies_of(paths)) > 10_000


# ---------------------------------------------------------------- generated bodies

WORDS = ["София", "събитието", "News", "г-н", "2019 г.", "12,5%", "„цитат“", "C#", "a / b",
         "[връзка](https://example.org)", "*курсив*", "**удебелен**", "_под_", "`код`",
         "\\*", "<b>", "x#", "—", "1.", "2)", "&amp;", "#таг", ">", "-", "*", "::", "<div>"]
STARTS = ["София", "Събитието", "„Цитат“", "(скоби)", "2019 г.", "*Тази*", "**12,5%**",
          "_курсив_", "\\*", "\\", "<b>", "<div>", "<!-- бележка -->", "`код`", "&amp;"]
TRICKY = ["---", "===", "***", "- - -", "```", "~~~", "    code", "   x", " x", "\tx",
          "<div>", "<!-- c -->", "</p>", "<script>", "[a]: /b x", "|a|b|", "|---|---|",
          "\\- x", "2019. x", "1) x", "=foo", "-foo", "- ", "+ x", "* x", "#hashtag", "#",
          "## x ##", "## x #", "> > x", ">", ">x", "> - x", "> # x", "- > x", "- # x",
          "- 1. x", "1. - x", "  ", "x  ", "x\u00a0", "\u00a0x", "*", "**", "_", "\x00",
          "10. x", "0. x", "`", "\\", "x\r", "a\u2028b", "## x\u00a0#", "#\u00a0x", "<"]


def some_line(rng: random.Random, kind: str) -> str:
    if rng.random() < 0.1 and kind != "cell":
        return rng.choice(TRICKY)
    text = (rng.choice(STARTS) + " " + " ".join(rng.choice(WORDS)
                                                for _ in range(rng.randint(0, 5)))).rstrip()
    if kind == "cell":
        return "| " + text.replace("|", "\\|") + " | " + rng.choice(WORDS) + " |"
    prefix = {"heading": "#" * rng.choice([1, 2, 3, 6]) + " ", "bullet": "- ",
              "ordered": rng.choice(["1. ", "2. ", "10) "]), "quote": "> ",
              "nested": "  - ", "deep": "> > "}.get(kind, "")
    return prefix + text


def make_body(rng: random.Random) -> str:
    """Blocks of news Markdown, mostly separated by blank lines, with odd lines in them (a
    table stands alone: see ``DIFFERENT``)."""
    chunks: list[str] = []
    for _ in range(rng.randint(0, 7)):
        kind = rng.choice(["paragraph", "paragraph", "heading", "bullet", "ordered", "quote",
                           "nested", "deep", "cell", "mixed"])
        lines = [some_line(rng, kind if kind != "mixed" else rng.choice(
            ["paragraph", "heading", "bullet", "quote", "nested"]))
            for _ in range(rng.randint(1, 4))]
        if kind == "cell":
            lines.insert(1, rng.choice(["|---|---|", "| :-- | --: |", "|---|:-:|"]))
        end = "\n\n" if kind == "cell" else rng.choice(["\n\n", "\n\n", "\n", "\n\n\n",
                                                        "\n  \n"])
        chunks.append("\n".join(lines) + end)
    return "".join(chunks)


# Bodies the two engines read differently, each with markdown-it's segments and ours (the
# texts, normalised). No article of ours has one: the generated bodies below avoid them.
DIFFERENT = [
    # A table without a leading pipe ends a paragraph in markdown-it, not in pulldown-cmark.
    ("Увод\nа | б\n--|--\n1 | 2\n", ["Увод", "а", "б", "1", "2"], ["Увод а | б --|-- 1 | 2"]),
    # An ordered list after a link definition, not at 1: markdown-it ends the definition
    # first; CommonMark (and pulldown-cmark) keeps the list line in the paragraph.
    ("[a]: /b\n3. три\n", ["три"], ["3. три"]),
    # A form feed is white space to pulldown-cmark, a paragraph's text to markdown-it.
    ("\x0c\n0. нула\n", ["0. нула"], ["нула"]),
    # Where a table ends: an indented line is a row to pulldown-cmark, a code block to
    # markdown-it; a line of a lone pipe the other way round.
    ("| а |\n|---|\n| б |\n    код\n", ["а", "б"], ["а", "б", "код"]),
    ("| а |\n|---|\n| б\n |\n", ["а", "б"], ["а", "б", "|"]),
    # A delimiter row under a quote's line: markdown-it makes a table of the line; and of
    # a line with an escaped pipe over "---", a one-column table (a heading to CommonMark).
    ("> цитат | б\n|---|---|\n", ["> цитат", "б"], ["цитат | б |---|---|"]),
    ("а \\| б\n---\n", ["а | б"], ["а \\| б"]),
]


@pytest.mark.parametrize(("body", "theirs", "ours"), DIFFERENT)
def test_known_differences_between_the_engines(body: str, theirs: list[str],
                                               ours: list[str]) -> None:
    assert [text for _, _, _, text, _ in markdown_segments(body)] == theirs
    assert [text for _, _, _, text, _ in our_segments(body)] == ours


def test_seeded_bodies_agree() -> None:
    rng = random.Random(2019)
    bodies = [(make_body(rng), 1) for _ in range(3000)]
    assert assert_same_segments(bodies) > 10_000


CONTEXTS = ["{t}", "Текст\n{t}\n", "{t}\nТекст\n", "- a\n{t}\n", "> a\n{t}\n", "1. a\n{t}\n",
            "## З\n{t}\n", "- {t}\n", "> {t}\n", "1. {t}\n", "## {t}\n", "Текст\n\n{t}\n",
            "- a\n\n{t}\n", "> a\n\n{t}\n", "{t}{t}\n", "| a |\n|---|\n| {t} |\n"]


def test_every_tricky_line_in_every_context() -> None:
    assert_same_segments([(context.format(t=tricky), 3) for tricky in TRICKY
                          for context in CONTEXTS
                          if not (context.startswith("|") and "\r" in tricky)])  # DIFFERENT


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_generated_bodies_agree(rng: random.Random) -> None:
    assert_same_segments([(make_body(rng), 1)])


# ---------------------------------------------------------------- the model itself


def kinds(blocks: tuple[Block, ...]) -> list[object]:
    return [(b.kind, kinds(b.children)) if b.children else b.kind for b in blocks]


def test_blocks_form_a_tree_with_their_segments() -> None:
    body = ("## Заглавие\n\nТекст с *курсив*.\n\n- едно\n- две\n  1. вложено\n\n> цитат\n"
            "> още\n\n| А | Б |\n|:--|--:|\n| 1 |   |\n\n```\n<код>\n```\n\n***\n")
    doc = parse(body, first_line=10)
    assert kinds(doc.blocks) == [
        "heading", "paragraph", ("list", [("item", ["paragraph"]),
                                          ("item", ["paragraph", ("list", [("item",
                                                                            ["paragraph"])])])]),
        ("quote", ["paragraph"]), ("table", [("row", ["cell", "cell"]), ("row", ["cell", "cell"])]),
        "code", "rule"]
    heading, paragraph, bullets, quote, table, code, rule = doc.blocks
    assert heading.level == 2 and heading.line == 10
    assert paragraph.segment is not None and paragraph.segment.text == "Текст с *курсив*."
    assert bullets.tight and not bullets.ordered
    nested = bullets.children[1].children[1]
    assert nested.ordered and nested.children[0].children[0].segment.level == 2  # type: ignore[union-attr]
    assert quote.segment is None and quote.children[0].segment.text == "цитат\nоще"  # type: ignore[union-attr]
    head, row = table.children
    assert head.header and [c.align for c in head.children] == ["left", "right"]
    assert row.children[1].segment is None  # an empty cell: no segment
    assert code.code == "<код>\n" and rule.kind == "rule"
    assert [s.kind for s in doc.segments] == ["heading", "paragraph", "item", "item", "item",
                                              "quote", "cell", "cell", "cell"]


def test_loose_lists_and_their_first_number() -> None:
    loose, zero = parse("- а\n\n- б\n\n0. нула\n1. едно\n").blocks
    assert not loose.tight
    assert zero.ordered and zero.start == 0


def test_raw_html_is_text_and_repeats_get_their_number() -> None:
    html = "<div>\n# не заглавие?\n</div>\n"
    doc = parse(f"{html}\n<!-- бележка -->\n\n{html}")
    texts = [(s.key[8:], s.kind, s.text) for s in doc.segments]
    assert texts == [("", "paragraph", "<div>"), ("", "heading", "не заглавие?"),
                     ("", "paragraph", "</div>"), ("", "paragraph", "<!-- бележка -->"),
                     ("-2", "paragraph", "<div>"), ("-2", "heading", "не заглавие?"),
                     ("-2", "paragraph", "</div>")]


# ---------------------------------------------------------------- inline content


def flat(text: str) -> list[tuple[str, str]]:
    return [(node.kind, node.text or node.href) for node in inline(text)]


def test_plain_text_is_one_piece() -> None:
    assert flat("Бюджетът е 1 500 000 лв., 12,5% (2018 г.).") == [
        ("text", "Бюджетът е 1 500 000 лв., 12,5% (2018 г.).")]
    assert inline("") == ()


def test_the_policy_shows_raw_html_and_unsafe_addresses_as_text() -> None:
    nodes = inline("<b>x</b> [a](javascript:alert(1)) <javascript:x> ![p](data:x) [ok](/a)")
    shown = "".join(n.text for n in nodes if n.kind == "text")
    assert "<b>x</b>" in shown and "[a](javascript:alert(1))" in shown
    assert "<javascript:x>" in shown and "![p](data:x)" in shown
    assert [n.href for n in nodes if n.kind == "link"] == ["/a"]


def test_inline_offsets_point_into_the_text() -> None:
    text = "Виж **[сайта](https://пример.бг/път)** и `код`\nнов ред \\*"
    raw = text.encode("utf-8")
    nodes = inline(text)
    strong = nodes[1]
    assert raw[strong.start:strong.end].decode() == "**[сайта](https://пример.бг/път)**"
    link = strong.children[0]
    assert raw[link.inner[0]:link.inner[1]].decode() == "сайта"
    assert link.href == "https://xn--e1afmkfd.xn--90ae/%D0%BF%D1%8A%D1%82"
    code = [n for n in nodes if n.kind == "code"][0]
    assert raw[code.start:code.end].decode() == "`код`" and code.text == "код"
    last = nodes[-1]  # one run of text, its escape included
    assert last.text == "нов ред *" and raw[last.start:last.end].decode() == "нов ред \\*"


@pytest.mark.parametrize(("text", "html"), [
    ("a\n\nb", "a\n\nb"),  # a blank line inside one text does not end it
    ("# не заглавие", "# не заглавие"), ("1. не списък", "1. не списък"),
    ("> не цитат\n- нито списък", "&gt; не цитат\n- нито списък"),
    ("  *водещи* интервали  ", "  <em>водещи</em> интервали  "),
    ("`a\n\nb`", "<code>a  b</code>"),
])
def test_a_text_is_read_as_a_paragraph_s_content(text: str, html: str) -> None:
    from bulletin.export.html import to_html

    assert to_html(text) == html
    assert to_html(text) == _markdown_it_inline(text)


def _markdown_it_inline(text: str) -> str:
    md = MarkdownIt("commonmark", {"html": False})
    return str(md.renderer.render(md.parseInline(text)[0].children or [], md.options, {}))
