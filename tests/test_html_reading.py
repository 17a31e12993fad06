"""Reading the HTML bulletin in headless Chromium: a line of at most about 75 characters in
one column; on a phone, each block of the parallel layout says its language and a reader
chooses one language or both (radio buttons, no script); one rule under the contents."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import require_tool, run_cli
from test_html_browser import CHROMIUM, FRAME, laid_out

# The most characters on one line of any paragraph of the articles.
LINE_LENGTH = """
  let longest = 0;
  for (const p of doc.querySelectorAll("main p")) {
    const walker = doc.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const lines = new Map();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = doc.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        const top = Math.round(box.top);
        lines.set(top, (lines.get(top) || 0) + 1);
      }
    }
    for (const n of lines.values()) longest = Math.max(longest, n);
  }
  document.body.setAttribute("data-layout", JSON.stringify({longest}));
"""

# What a reader of a phone sees of each language, before and after a click.
CHOICE = """
  const seen = () => {
    const blocks = [...doc.querySelectorAll("article .row > [lang]")];
    const shown = (lang) => blocks.filter((b) => b.getAttribute("lang") === lang
      && b.getBoundingClientRect().height > 0).length;
    const label = (b) => view.getComputedStyle(b, "::before").content;
    const toc = [...doc.querySelectorAll(".contents li a > [lang]")];
    const chooser = doc.querySelector(".languages").getBoundingClientRect();
    return {blocks: blocks.length, bg: shown("bg"), en: shown("en"),
      labels: blocks.map(label), labelled: blocks.filter((b) =>
        b.getBoundingClientRect().height > 0 && label(b) !== "none").length,
      toc: toc.filter((s) => s.getBoundingClientRect().height > 0)
        .map((s) => s.getAttribute("lang")),
      chooser: chooser.height > 0, scroll: doc.documentElement.scrollWidth};
  };
  const before = seen();
  doc.querySelector('label[for="language-en"]').click();
  const english = seen();
  doc.querySelector('label[for="language-all"]').click();
  const both = seen();
  document.body.setAttribute("data-layout", JSON.stringify({before, english, both}));
"""

# Each visible rule between the contents and the first article's title.
RULES = """
  const toc = doc.querySelector("nav.contents"), main = doc.querySelector("main");
  const first = doc.querySelector("main article");
  const width = (node, side) => parseFloat(view.getComputedStyle(node)[`border${side}Width`]);
  const rules = [[toc, "Bottom"], [main, "Top"], [first, "Top"]]
    .filter(([node, side]) => width(node, side) > 0)
    .map(([node, side]) => node.tagName + " " + side);
  document.body.setAttribute("data-layout", JSON.stringify({rules}));
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_tool("chromium", CHROMIUM is not None,
                 "Debian's chromium package renders the bulletin (apt-get install chromium)")
    from conftest import REPO

    folder = tmp_path_factory.mktemp("reading")
    root = folder / "ws"
    root.mkdir()
    shutil.copy(REPO / "bulletin.toml", root / "bulletin.toml")
    shutil.copytree(REPO / "articles", root / "articles")
    for layout in ("parallel", "sequential", "bg", "en"):
        result = run_cli("export", "--layout", layout, "-o", str(folder / f"{layout}.html"),
                         cwd=root)
        assert result.code == 0, result.err
    return folder


def _look(folder: Path, layout: str, width: int, body: str, name: str) -> Any:
    return laid_out(folder, f"{name}-{layout}-{width}",
                    FRAME.format(page=f"{layout}.html", width=width, body=body))


@pytest.mark.parametrize("layout", ["sequential", "bg", "en"])
def test_one_column_runs_at_most_about_75_characters_a_line(pages: Path, layout: str) -> None:
    longest = _look(pages, layout, 1280, LINE_LENGTH, "lines")["longest"]
    assert 50 <= longest <= 76, f"{longest} characters on a line at 1280 px"


def test_parallel_columns_keep_their_width(pages: Path) -> None:
    """Side by side, each column is already narrow: the one-column limit does not apply."""
    longest = _look(pages, "parallel", 1280, LINE_LENGTH, "lines")["longest"]
    assert longest <= 78


def test_a_phone_labels_each_block_and_the_reader_chooses_a_language(pages: Path) -> None:
    found = _look(pages, "parallel", 400, CHOICE, "choice")
    before, english, both = found["before"], found["english"], found["both"]
    assert before["chooser"], "the choice of languages shows on a phone"
    assert before["bg"] == before["en"] > 0, "both languages at first"
    assert before["labelled"] == before["blocks"], "every block says its language"
    assert set(before["labels"]) <= {'attr(lang)', '"bg"', '"en"'}, before["labels"]
    assert english["bg"] == 0 and english["en"] == before["en"], "English alone, all of it"
    assert set(english["toc"]) == {"en"}, "the contents in English alone too"
    assert english["labelled"] == 0, "one language needs no labels"
    assert both["bg"] == both["en"] == before["en"] and both["labelled"] == both["blocks"]
    for state in (before, english, both):
        assert state["scroll"] <= 400, "nothing wider than the phone's screen"


def test_a_wide_screen_shows_both_columns_without_a_choice(pages: Path) -> None:
    found = _look(pages, "parallel", 1280, CHOICE, "choice")
    assert not found["before"]["chooser"]
    assert found["before"]["labelled"] == 0, "columns side by side need no labels"


@pytest.mark.parametrize("layout", ["parallel", "sequential", "bg"])
def test_one_rule_under_the_contents(pages: Path, layout: str) -> None:
    assert len(_look(pages, layout, 1280, RULES, "rules")["rules"]) == 1
