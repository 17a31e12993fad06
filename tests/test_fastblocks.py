"""The fast block parse must give markdown-it's tokens, token for token, or step aside.

Differential: every body the fast path accepts is also parsed by markdown-it (the
``block_parser()`` that ``parse_blocks`` falls back to) and every attribute of every token
is compared. Bodies come from a generated benchmark corpus, the repository's articles and
test fixtures, and thousands of generated bodies full of lines that look almost simple.
"""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin import frontmatter
from bulletin.errors import BulletinError
from bulletin.fastblocks import parse_simple
from bulletin.segments import block_parser, parse_blocks
from tests.conftest import FIXTURES, REPO

FIELDS = ("type", "tag", "nesting", "map", "level", "content", "markup", "info", "meta",
          "block", "hidden", "attrs", "children")


def described(tokens: list) -> list[tuple[str, ...]]:
    """Every compared attribute of every token, as repr (so 1 and "1" differ)."""
    return [tuple(repr(getattr(token, name)) for name in FIELDS) for token in tokens]


def check(body: str) -> bool:
    """Compare the fast path with markdown-it on ``body``; True if the fast path took it."""
    fast = parse_simple(body)
    if fast is None:
        return False
    expected = block_parser().parse(body)
    assert described(fast) == described(expected), f"tokens differ for body {body!r}"
    return True


# ---------------------------------------------------------------- bodies from files


@pytest.fixture(scope="session")
def corpus(bench_corpus: Path) -> Path:
    return bench_corpus


def bodies_of(paths: list[Path]) -> list[str]:
    """The Markdown body of each file (after its front matter), and the whole text."""
    found: list[str] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found.append(text)
        with contextlib.suppress(BulletinError):  # e.g. a fixture without closing "---"
            found.append(frontmatter.split(text, path).body)
    return found


def test_corpus_bodies_are_taken_and_identical(corpus: Path) -> None:
    sources = sorted(corpus.glob("articles/*/bg.md"))
    assert len(sources) == 300
    bodies = [frontmatter.split(p.read_text(encoding="utf-8"), p).body for p in sources]
    taken = sum(check(body) for body in bodies)
    # The benchmark corpus is exactly the plain news the fast path is for.
    assert taken / len(bodies) >= 0.95, f"only {taken} of {len(bodies)} corpus bodies taken"
    for body in bodies_of(sorted(corpus.glob("articles/*/*.md"))):
        check(body)  # translations (marker comments) fall back; they are still compared


def test_repository_articles_and_fixtures() -> None:
    files = sorted(REPO.glob("articles/*/*.md")) + sorted(
        p for p in FIXTURES.rglob("*") if p.is_file())
    bodies = bodies_of(files)
    assert len(bodies) > 20
    taken = [body for body in bodies if check(body)]
    sample = (REPO / "articles").glob("*/bg.md")
    for path in sample:  # both sample articles are plain news
        body = frontmatter.split(path.read_text(encoding="utf-8"), path).body
        assert parse_simple(body) is not None, path
    assert taken


# ---------------------------------------------------------------- generated bodies

WORDS = ["София", "събитието", "News", "г-н", "2019 г.", "12,5%", "„цитат“", "C#", "a | b",
         "[връзка](https://example.org)", "*курсив*", "**удебелен**", "_под_", "`код`",
         "\\*", "<b>", "x#", "—", "1.", "2)", "&amp;", "#таг", ">", "-", "*", "~~", "::"]
PLAIN_STARTS = ["София", "Събитието", "News", "„Цитат“", "\"Прави\"", "(скоби)", "«кавички»",
                "2019 г.", "12 души", "*Тази*", "**12,5%**", "_курсив_", "Г-н"]
TRICKY = ["---", "===", "***", "___", "- - -", "* * *", "```", "~~~", "```python",
          "    code", "   x", " x", "\tx", "x\tx", "<div>", "<!-- c -->", "[a]: /b",
          "|a|b|", "|---|---|", "--|--", ":--", "a | b", "\u00a0x", "\u3000x", "\ufeffx",
          "x\r", "\r", "\\- x", "1.5 млн.", "2019. x", "2019.", "1)", "1) x", "=foo", "-foo",
          "- ", "-", "+ x", "* x", "#hashtag", "####### x", "#", "## ", "## x ##", "## x #",
          "## C#", "> > x", ">", ">x", "> ", ">  x", "> - x", "> # x", "- > x", "- # x",
          "- 1. x", "- - x", "1. - x", "  ", "x  ", "x\u00a0", "x\u2003", "\u2003", "*",
          "**", "*x*", "_", "__x", "* x*", "**\u00a0x", "\x00", "x\x0b", "\x0c",
          "Заглавие", "------", "=====", "1.", "10. x", "0. x", "01. x", "1234567890. x",
          "a\u2028b", "\u2029", "\x1c", "\x85", "<", "`", "~", "|", ":x", "!x", "\\",
          "## x\u00a0#", "# x#  ", "## x \\#", "## #", "## a#b #", "###### x", "#\u00a0x"]


def words(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 5)))


def text_line(rng: random.Random, noise: float) -> str:
    line = (rng.choice(PLAIN_STARTS) + " " + words(rng)).rstrip()
    if rng.random() < noise * 3:
        line += rng.choice(["  ", " ", "\u00a0", "\u2003", " #", "\\", " ##"])
    return line


def variant(rng: random.Random, noise: float, usual: str, others: list[str]) -> str:
    return rng.choice(others) if rng.random() < noise * 3 else usual


def some_line(rng: random.Random, kind: str, noise: float) -> str:
    """One line of a block of ``kind``; ``noise`` is how often it is made odd."""
    if rng.random() < noise:
        return rng.choice(TRICKY)
    text = text_line(rng, noise)
    if kind == "heading":
        hashes = "#" * variant(rng, noise, rng.choice([1, 2, 2, 3, 6]), [7, 8])
        return hashes + variant(rng, noise, " ", ["  ", "", "\u00a0"]) + text
    if kind == "bullet":
        return "-" + variant(rng, noise, " ", ["  ", "", "     "]) + text
    if kind == "ordered":
        number = rng.choice(["1", "2", "3", "10", "01", "0", "123456789"])
        return number + variant(rng, noise, ". ", [") ", ".  ", "."]) + text
    if kind == "quote":
        return ">" + variant(rng, noise, " ", ["", "  ", " > ", " - "]) + text
    return text


def make_body(rng: random.Random) -> str:
    """Blocks of news Markdown, separated by blank lines (mostly), clean or noisy."""
    noise = rng.choice([0.0, 0.0, 0.02, 0.05, 0.15])
    chunks: list[str] = []
    for _ in range(rng.randint(0, 7)):
        kind = rng.choice(["paragraph", "paragraph", "heading", "bullet", "ordered", "quote",
                           "mixed"])
        lines = []
        for _ in range(1 if kind == "heading" and rng.random() < 0.7 else rng.randint(1, 4)):
            line_kind = kind if kind != "mixed" else rng.choice(
                ["paragraph", "heading", "bullet", "quote"])
            lines.append(some_line(rng, line_kind, noise))
        chunks.append("\n".join(lines))
    body = ""
    for chunk in chunks:
        body += chunk + rng.choice(["\n\n", "\n\n", "\n\n", "\n", "\n\n\n", "\n  \n",
                                    "\n\n  "])
    lead = rng.choice(["", "", "\n", "\n\n", "  \n"])
    tail = rng.choice(["", "", "\n", "  ", "\n\n", " "])
    return lead + body.rstrip("\n") + tail if body else lead + tail


def test_seeded_bodies_agree_and_many_are_taken() -> None:
    rng = random.Random(2019)
    total = 6000
    taken = sum(check(make_body(rng)) for _ in range(total))
    # The differential only proves something if the fast path takes a good share.
    assert taken >= total // 4, f"only {taken} of {total} generated bodies taken"
    assert taken < total, "the tricky lines must make some bodies fall back"


CONTEXTS = ["{t}", "{t}\n", "Текст\n{t}\n", "{t}\nТекст\n", "- a\n{t}\n", "> a\n{t}\n",
            "1. a\n{t}\n", "## З\n{t}\n", "- {t}\n", "> {t}\n", "1. {t}\n", "## {t}\n",
            "Текст\n\n{t}\n", "- a\n\n{t}\n", "1. a\n\n{t}\n", "> a\n\n{t}\n", "{t}{t}\n"]


def test_every_tricky_line_in_every_context() -> None:
    taken = 0
    for tricky in TRICKY:
        for context in CONTEXTS:
            taken += check(context.format(t=tricky))
    assert taken  # plain-looking ones (`*x*`, `10. x`) are taken; the rest must fall back


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_generated_bodies_agree(rng: random.Random) -> None:
    check(make_body(rng))


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="-#>*_+=1.) aбZ|<[]:`~\n\n\n \t\r\u00a0\u2003\\„", max_size=60))
def test_free_text_agrees(body: str) -> None:
    check(body)


# ---------------------------------------------------------------- what is taken or not


@pytest.mark.parametrize("body", [
    "- a\n\n- b\n",  # one loose list, not two tight ones
    "1. a\n\n2. b\n",
    "- a\n-\n",
    "Текст\n===\n",  # setext heading
    "Текст\n---\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "> a\nlazy\n",
    "- a\n  b\n",
    "## Заглавие ##\n",
    "Текст\twith a tab\n",
    "Ред\r\nдруг ред\n",
    "[a]: /b\n",
    "- - x\n",
    "> > x\n",
])
def test_falls_back_on_what_it_is_not_sure_of(body: str) -> None:
    assert parse_simple(body) is None
    assert described(parse_blocks(body)) == described(block_parser().parse(body))


@pytest.mark.parametrize("body", [
    "",
    "\n\n",
    "Първи ред\nвтори ред  \n\n## Заглавие\n\n- едно\n- две\n\n3. три\n4. четири\n\n> цитат\n",
    "## Заглавие\nТекст веднага под него\n## Друго\n",
    "*Тази статия е измислена.* Текст.\n\n**12,5%** от сградите.\n",
    "- последен списък\n\n\n",
    "Текст с C#\n\n## C#\n",
])
def test_takes_plain_news(body: str) -> None:
    assert check(body)
