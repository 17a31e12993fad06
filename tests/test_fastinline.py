"""The quick inline parser against markdown-it: wherever it answers, the same bytes.

Differential tests: every text segment of a generated benchmark corpus and of the sample
workspace, then thousands of generated strings full of Markdown punctuation. For each,
if ``fast_tokens`` accepts the text, its HTML, Markdown and plain text must equal what
markdown-it gives; if it declines, markdown-it decides (nothing to compare).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.export.inline import (
    LinkNotes,
    fast_tokens,
    is_plain,
    markdown_it_html,
    markdown_it_markdown,
    markdown_it_text,
    render_html,
    render_markdown,
    render_text,
    to_html,
    to_markdown,
    to_text,
)


def agrees(text: str) -> bool:
    """True when the quick parser accepts ``text``; it then fails unless all three agree."""
    tokens = fast_tokens(text)
    if tokens is None:
        return False
    assert render_html(tokens) == markdown_it_html(text), text
    assert render_markdown(tokens) == markdown_it_markdown(text), text
    fast_notes, slow_notes = LinkNotes(["https://seen.example/"]), LinkNotes(
        ["https://seen.example/"])
    assert render_text(tokens, fast_notes) == markdown_it_text(text, slow_notes), text
    assert fast_notes.urls == slow_notes.urls, text
    return True


def workspace_segments(root: Path) -> list[str]:
    """Every text the export renders inline: body segments, fields, each tag alone."""
    from bulletin.workspace import open_workspace

    ws = open_workspace(root)
    texts: list[str] = []
    for article in ws.articles.values():
        for lang in ws.config.languages:
            for aligned in ws.translation(article, lang).segments:
                texts.append(aligned.segment.text)
                if aligned.text:
                    texts.append(aligned.text)
    for text in list(texts):
        if "," in text:
            texts.extend(part.strip() for part in text.split(","))
    return texts


@pytest.fixture(scope="module")
def corpus(bench_corpus: Path) -> list[str]:
    return workspace_segments(bench_corpus)


def test_corpus_segments_agree_and_most_are_accepted(corpus: list[str]) -> None:
    marked = [text for text in corpus if not is_plain(text)]
    assert len(corpus) > 5000 and len(marked) > 1000  # the corpus really has markup
    accepted = sum(agrees(text) for text in marked)
    # The corpus uses only emphasis and links: the quick parser must take nearly all.
    assert accepted / len(marked) >= 0.95, f"accepted {accepted} of {len(marked)}"


def test_every_corpus_segment_renders_as_markdown_it_renders_it(corpus: list[str]) -> None:
    """The public functions (plain path, quick path, fallback) against markdown-it."""
    fast_notes, slow_notes = LinkNotes(), LinkNotes()
    for text in corpus:
        assert to_html(text) == markdown_it_html(text), text
        assert to_markdown(text) == markdown_it_markdown(text), text
        assert to_text(text, fast_notes) == markdown_it_text(text, slow_notes), text
    assert fast_notes.urls == slow_notes.urls


def test_sample_workspace_segments_agree() -> None:
    texts = workspace_segments(REPO)
    assert texts
    for text in texts:
        agrees(text)
        assert to_html(text) == markdown_it_html(text), text


ACCEPTED = [
    "**12,5%** от *всички* [сгради](https://example.org/a_b) a_b",
    "Подробности на [сайта](https://investsofia.example/novini \"Новини & още\").",
    "a `code *not em*` b \\*literal\\* and snake_case_name",
    "line one  \nline two\\\nthree \nfour",
    "[Sofia](https://bg.wikipedia.org/wiki/София_(град)) — „*цитат*“",
    "AT&T, 3 < 5 > 2 and \"quotes\" stay text; ! and ~ too",
    "intra*word*emphasis, **[bold link](https://x.example/)**. [*…*](/a) *„цитат“*.",
    "[a](/b 'single') [c](  /d  \"T &amp; C\") [e](x\u00a0y) *[f*](g)",
    "[**h](i)** — a run left open inside the link text is text",
    "*a*\n  *b* and *c*\t\nd and e\\ \nf and `` a`b `` and ` ` and _a_b and a_b_ and a\\",
]
DECLINED = [
    "![pixel](https://tracker.example/p.gif)", "<https://example.org>", "a &amp; b",
    "[ref] text", "[unsafe](javascript:alert(1))", "***both***", "**a*", "*a _b* c_",
    "*a **b* c**", "[a [b]](c)", "stray ] bracket", "[x]: /url", "*a*\r\nb",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_news_markup_is_accepted(text: str) -> None:
    assert agrees(text)


@pytest.mark.parametrize("text", DECLINED)
def test_uncertain_markup_is_declined(text: str) -> None:
    assert fast_tokens(text) is None
    assert to_html(text) == markdown_it_html(text)  # markdown-it decided


WORDS = ["София", "град", "Пловдив", "е", "и", "Sofia", "city", "EU", "2019", "12,5%",
         "snake_case", "ЕС", "г.", "„цитат“", "—", "…", "№5", "x", "é", "ñ"]
URLS = ["https://example.org/a_b", "http://x.bg/път?a=1&b=2", "mailto:a@b.bg", "#anchor",
        "cover.jpg", "javascript:alert(1)", "data:x", "https://w.example/F_(b)", "a*b",
        "HTTPS://EXAMPLE.ORG/%41", "https://пример.бг/", "/rel/path", "x%zz"]
MARKS = ["*", "**", "_", "__", "***", "[", "]", "(", ")", "`", "``", "\\", "&", "<", ">",
         '"', "'", "!", "~", " ", " ", " ", "  ", "\n", "  \n", "\\\n", "\t", ".", ",", ":",
         "&amp;", "&#42;", "&copy", "![", "](", "<http://a.b>", "<a@b.bg>", "<b>", "\u00a0",
         "#", "-", "1.", "|", "$"]


def _link(label: str, url: str, title: str | None) -> str:
    return f"[{label}]({url})" if title is None else f'[{label}]({url} "{title}")'


pieces = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(URLS),
    st.text(alphabet="*_[]()`\\&<> абвXYZ.\n\"!", max_size=4),
    st.builds(lambda m, w: f"{m}{w}{m}", st.sampled_from(["*", "**", "_", "__", "`"]),
              st.sampled_from(WORDS)),
    st.builds(_link, st.sampled_from(WORDS + ["*em*", "**st**", "", "a_b", "`c`"]),
              st.sampled_from(URLS), st.none() | st.sampled_from(["T", "a & b", 'q"', ""])),
)
texts = st.lists(pieces, max_size=24).map("".join)


@settings(max_examples=4000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_generated_markup_agrees_whenever_accepted(text: str) -> None:
    agrees(text)


@settings(max_examples=1500, deadline=None, database=None)
@given(st.text(alphabet="*_[]()`\\&<>!\n aб.,\"'", max_size=20))
def test_punctuation_soup_agrees_whenever_accepted(text: str) -> None:
    agrees(text)


def test_generated_news_sentences_are_mostly_accepted() -> None:
    """Seeded sentences of words and well-formed markup: the fast path takes most."""
    rng = random.Random(2019)
    forms = ["{w}", "{w}", "{w}", "*{w}*", "**{w}**", "_{w}_", "`{w}`", "[{w}]({u})",
             "[*{w}*]({u} \"{w}\")", "**[{w}]({u})**", "{w}\\*", "{w},", "„{w}“", "({w})"]
    urls = [u for u in URLS if not u.startswith(("javascript", "data"))]
    accepted = 0
    for _ in range(3000):
        words = [rng.choice(forms).format(w=rng.choice(WORDS), u=rng.choice(urls))
                 for _ in range(rng.randint(1, 15))]
        accepted += agrees(" ".join(words) + ".")
    assert accepted >= 2400, accepted


@pytest.mark.parametrize("text", ["ред едно\nред две", "твърд край  \nново", "a \nb",
                                  "прозорец\r\nред", "обикновен текст, 12,5% и 1 500 000 лв."])
def test_plain_path_agrees_with_markdown_it(text: str) -> None:
    """Text the plain path takes (escaping only) must render as markdown-it renders it;
    line breaks are not plain (markdown-it folds or strips the spaces around them)."""
    if is_plain(text):
        assert to_html(text) == markdown_it_html(text)
        assert to_text(text, LinkNotes()) == markdown_it_text(text, LinkNotes())
    else:
        assert "\n" in text or "\r" in text
        assert to_html(text) == markdown_it_html(text)
        assert to_text(text, LinkNotes()) == markdown_it_text(text, LinkNotes())


@settings(max_examples=300, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="абв xyz.,-\n\t", max_size=40))
def test_plain_texts_render_as_markdown_it(text: str) -> None:
    if is_plain(text):
        assert to_html(text) == markdown_it_html(text), text
        assert to_text(text, LinkNotes()) == markdown_it_text(text, LinkNotes()), text
