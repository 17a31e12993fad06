"""The HTML bulletin on paper: printed to PDF by headless Chromium and read back with
pypdfium2, every character with its box on its page.

A4 in both layouts; nothing outside the page's margins and nothing shrunk to fit (a line
too wide for the page makes Chromium scale every page down); the address of each link of
the articles printed after it; the languages of the parallel layout side by side on
paper; and with ``--page-break article`` each article's title at the top of a page.
The PDFs stay in pytest's temporary folder (``/tmp/pytest-of-$USER/pytest-N/print0/``);
to look at their pages: ``pypdfium2 render parallel.pdf -o FOLDER -f png`` (with Pillow).
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, require_tool, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

A4 = (595.28, 841.89)  # points
MM = 72 / 25.4
# the margins of @page in bulletin.css, in points: top, right, bottom, left
MARGINS = (16 * MM, 15 * MM, 18 * MM, 15 * MM)
BODY_PT = 10.0  # :root's font size on paper

LONG_URL = ("https://example.org/reports/2019/april/a-very-long-path-segment-that-goes-on-"
            "and-on-without-any-break-at-all-0123456789abcdefghijklmnopqrstuvwxyz/annex.pdf")
WIDE_CODE = ("curl --fail --silent --show-error --location https://example.org/api/v1/"
             "bulletins/2019-04/articles?include=translations,segments,states&format=json")
WIDE_WORD = "Еднодълговсловобезинтерваликоетоуказвашириннатаблицатанахартия"
TABLE_URL = "https://example.org/a/very/long/address/inside/a/table/cell/that/has/no/spaces"
WIDE_ID = "2019-04-20-dalgi-vrazki-i-shirok-kod"
WIDE_ARTICLE = f"""---
title: Дълги връзки и широк код
date: 2019-04-20
---
Пълният доклад е на адрес [{LONG_URL}]({LONG_URL}) и в приложението.

```
{WIDE_CODE}
```

| Колона | Стойност | Бележка |
|---|---|---|
| {WIDE_WORD} | 1 500 000 лв. | {TABLE_URL} |
"""


Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass(frozen=True)
class Char:
    text: str
    left: float
    bottom: float
    right: float
    top: float
    size: float  # as printed, in points


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    chars: tuple[Char, ...]  # without white space
    text: str

    def top_line(self) -> str:
        """The text of the page's first line, left to right: the characters that reach
        above the foot of the highest one."""
        foot = max(self.chars, key=lambda c: c.top).bottom
        return "".join(c.text for c in sorted((c for c in self.chars if c.top > foot + 0.5),
                                               key=lambda c: c.left))

    def find(self, text: str) -> Box | None:
        """The box (left, bottom, right, top) of the first ``text`` on the page (all on
        one line), or None."""
        joined = "".join(c.text for c in self.chars)
        at = joined.find(text.replace(" ", ""))
        if at < 0:
            return None
        found = self.chars[at:at + len(text.replace(" ", ""))]
        return (min(c.left for c in found), min(c.bottom for c in found),
                max(c.right for c in found), max(c.top for c in found))


# PDFium reads a hyphen that ends a line as U+FFFE (it cannot tell it from a soft hyphen)
HYPHEN = ("\ufffe", "-")


def read_pdf(path: Path) -> list[Page]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pages = []
    pdf = pdfium.PdfDocument(path)
    try:
        for page in pdf:
            width, height = page.get_size()
            textpage = page.get_textpage()
            chars = []
            for index in range(textpage.count_chars()):
                char = chr(raw.FPDFText_GetUnicode(textpage.raw, index)).replace(*HYPHEN)
                if char.isspace() or char == "\x00":
                    continue
                matrix = raw.FS_MATRIX()
                raw.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix))
                scale = (matrix.a ** 2 + matrix.b ** 2) ** 0.5
                size = raw.FPDFText_GetFontSize(textpage.raw, index) * scale
                left, bottom, right, top = textpage.get_charbox(index)
                chars.append(Char(char, left, bottom, right, top, size))
            pages.append(Page(width, height, tuple(chars),
                              textpage.get_text_range().replace(*HYPHEN)))
    finally:
        pdf.close()
    return pages


def print_to_pdf(html: Path) -> list[Page]:
    """``html`` printed by headless Chromium (no header or footer lines), read back."""
    out = html.with_suffix(".pdf")
    result = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={html.parent / ('profile-' + html.stem)}",
         "--no-pdf-header-footer", f"--print-to-pdf={out}", html.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert out.is_file(), f"Chromium printed no PDF: {result.stderr[-2000:]}"
    return read_pdf(out)


EXPORTS = {  # name: export options
    "parallel": (),
    "sequential": ("--layout", "sequential"),
    "english": ("--layout", "en"),
    "parallel-pages": ("--page-break", "article"),
    "sequential-pages": ("--layout", "sequential", "--page-break", "article"),
}


def make_workspace(root: Path) -> Path:
    """The repository's sample workspace, plus an article with a long URL, a wide line of
    code and a wide table."""
    root.mkdir()
    shutil.copy(REPO / "bulletin.toml", root / "bulletin.toml")
    shutil.copytree(REPO / "articles", root / "articles")
    (root / "articles" / WIDE_ID).mkdir()
    (root / "articles" / WIDE_ID / "bg.md").write_text(WIDE_ARTICLE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, list[Page]]]:
    """Each export of ``EXPORTS``: its HTML and its printed pages."""
    require_tool("chromium", CHROMIUM is not None,
                 "Debian's chromium package prints the bulletin (apt-get install chromium)")
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        require_tool("pypdfium2", False, "it reads the printed PDF (pip install -e '.[test]')")
    folder = tmp_path_factory.mktemp("print")
    root = make_workspace(folder / "ws")
    found = {}
    for name, options in EXPORTS.items():
        html = folder / f"{name}.html"
        result = run_cli("export", *options, "-o", str(html), cwd=root)
        assert result.code == 0, result.err
        found[name] = (html.read_text(encoding="utf-8"), print_to_pdf(html))
    return found


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def article_titles(page_html: str) -> list[str]:
    """Each article's first title (the source language's), as the page shows it."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(page_html)
    return [article.xpath(".//h2")[0].text_content() for article in tree.xpath("//article")]


@pytest.mark.parametrize("name", list(EXPORTS))
def test_every_page_is_a4(printed: dict[str, tuple[str, list[Page]]], name: str) -> None:
    pages = printed[name][1]
    assert len(pages) > 1
    for number, page in enumerate(pages, 1):
        assert abs(page.width - A4[0]) < 1 and abs(page.height - A4[1]) < 1, \
            f"page {number} is {page.width:.1f} x {page.height:.1f} pt, not A4"
        assert page.chars, f"page {number} is blank"


@pytest.mark.parametrize("name", list(EXPORTS))
def test_nothing_is_cut_off_nor_shrunk(printed: dict[str, tuple[str, list[Page]]],
                                       name: str) -> None:
    top, right, bottom, left = MARGINS
    for number, page in enumerate(printed[name][1], 1):
        for char in page.chars:
            where = f"page {number}: {char.text!r} at {char.left:.1f}..{char.right:.1f}, " \
                    f"{char.bottom:.1f}..{char.top:.1f}"
            assert char.left >= left - 1 and char.right <= page.width - right + 1, where
            assert char.bottom >= bottom - 1 and char.top <= page.height - top + 1, where
    sizes = Counter(round(c.size, 1) for page in printed[name][1] for c in page.chars)
    body = sizes.most_common(1)[0][0]
    assert body == BODY_PT, f"the body text is printed at {body} pt, not {BODY_PT}: " \
        "something too wide made the browser shrink the pages"


# the wide article has no English translation: its body shows in the Bulgarian only
@pytest.mark.parametrize("name", [name for name in EXPORTS if name != "english"])
def test_long_urls_and_wide_code_are_printed_whole(
        printed: dict[str, tuple[str, list[Page]]], name: str) -> None:
    text = squeeze("".join(page.text for page in printed[name][1]))
    assert squeeze(WIDE_CODE) in text
    assert text.count(squeeze(LONG_URL)) == 2, "the link's text, then its address"


@pytest.mark.parametrize("name", list(EXPORTS))
def test_links_are_shown_with_their_addresses(printed: dict[str, tuple[str, list[Page]]],
                                              name: str) -> None:
    from lxml import html as lxml_html

    page_html, pages = printed[name]
    urls = {href for href in lxml_html.fromstring(page_html).xpath("//main//a/@href")
            if href.startswith(("http:", "https:"))}
    assert urls, "the bulletin links to other pages"
    text = squeeze("".join(page.text for page in pages))
    for url in urls:
        assert f"({squeeze(url)})" in text, f"{url} is not printed after its link"
    assert "(#" not in text, "a link inside the page (the contents) shows no address"


def first_found(pages: list[Page], text: str) -> tuple[int, Box]:
    """The number of the first page that prints ``text`` (on one line), and its box."""
    for number, page in enumerate(pages):
        box = page.find(text)
        if box is not None:
            return number, box
    raise AssertionError(f"{text!r} is not printed")


PAIRS = [("На 26 и 27 март", "On 26 and 27 March"),  # the first paragraph of each article
         ("Тази статия е измислена", "This article is fictional"),
         ("Свързани новини", "Related news")]


@pytest.mark.parametrize(("bg", "en"), PAIRS)
def test_parallel_keeps_the_columns_side_by_side(printed: dict[str, tuple[str, list[Page]]],
                                                 bg: str, en: str) -> None:
    for name in ("parallel", "parallel-pages"):
        (bg_page, bg_box), (en_page, en_box) = (first_found(printed[name][1], text)
                                                for text in (bg, en))
        assert bg_page == en_page, f"{name}: {bg!r} and {en!r} are on different pages"
        assert bg_box[2] < en_box[0], f"{name}: English stands right of the Bulgarian"
        assert bg_box[1] < en_box[3] and en_box[1] < bg_box[3], \
            f"{name}: a block and its translation start on the same line"


@pytest.mark.parametrize(("bg", "en"), PAIRS)
def test_sequential_prints_one_column(printed: dict[str, tuple[str, list[Page]]],
                                      bg: str, en: str) -> None:
    (bg_page, bg_box), (en_page, en_box) = (first_found(printed["sequential"][1], text)
                                            for text in (bg, en))
    assert (bg_page, -bg_box[3]) < (en_page, -en_box[3]), "the English comes after"
    assert abs(bg_box[0] - en_box[0]) < 1, "both begin at the left margin"


@pytest.mark.parametrize("layout", ["parallel", "sequential"])
def test_page_break_article_starts_each_article_on_a_page(
        printed: dict[str, tuple[str, list[Page]]], layout: str) -> None:
    page_html, pages = printed[f"{layout}-pages"]
    titles = article_titles(page_html)
    assert len(titles) == 3
    tops = [squeeze(page.top_line()) for page in pages]
    for title in titles:
        first_words = squeeze(" ".join(title.split()[:2]))
        assert any(top.startswith(first_words) for top in tops), \
            f"{title!r} does not begin a page; the pages begin: {tops}"


@pytest.mark.parametrize("layout", ["parallel", "sequential"])
def test_without_the_option_pages_break_where_they_fill(
        printed: dict[str, tuple[str, list[Page]]], layout: str) -> None:
    page_html, pages = printed[layout]
    first = squeeze(" ".join(article_titles(page_html)[0].split()[:2]))
    assert first in squeeze(pages[0].text), "the first article begins under the contents"
    assert not squeeze(pages[0].top_line()).startswith(first)
    assert len(pages) < len(printed[f"{layout}-pages"][1]), "fewer pages without the breaks"


# The option itself, without a browser: a setting and an option, honoured by build, part
# of what the export cache compares, and nothing but a class that print styles read.

PAGE_CLASS = "page-per-article"


def body_tag(page_html: str) -> str:
    found = re.search(r"<body[^>]*>", page_html)
    assert found, "the page has a body"
    return found.group(0)


def test_the_option_changes_only_the_class_that_print_styles_read(workspace: Path) -> None:
    pages = {}
    for name, options in (("plain", ()), ("pages", ("--page-break", "article"))):
        out = workspace / "dist" / f"{name}.html"
        result = run_cli("export", *options, "-o", str(out), cwd=workspace)
        assert result.code == 0, result.err
        pages[name] = out.read_text(encoding="utf-8")
    assert PAGE_CLASS not in body_tag(pages["plain"])
    assert PAGE_CLASS in body_tag(pages["pages"])
    assert pages["pages"].replace(f" {PAGE_CLASS}", "") == pages["plain"]
    css = (REPO / "bulletin" / "templates" / "bulletin.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print"):]
    assert f".{PAGE_CLASS} .article {{ break-before: page;" in print_rules
    assert css.count(PAGE_CLASS) == print_rules.count(PAGE_CLASS), "a rule for paper only"


def test_a_changed_option_is_not_answered_from_the_cache(workspace: Path) -> None:
    out = workspace / "dist" / "bulletin.html"
    for options, wanted in (((), False), (("--page-break", "article"), True), ((), False),
                            (("--page-break", "none"), False)):
        result = run_cli("export", *options, cwd=workspace)
        assert result.code == 0, result.err
        assert (PAGE_CLASS in body_tag(out.read_text(encoding="utf-8"))) is wanted, options


def test_the_setting_is_honoured_by_export_and_build(workspace: Path) -> None:
    from machine_support import set_export

    out = workspace / "dist" / "bulletin.html"
    assert run_cli("export", cwd=workspace).code == 0
    assert PAGE_CLASS not in body_tag(out.read_text(encoding="utf-8"))
    set_export(workspace, "page_break", "article")
    assert run_cli("export", cwd=workspace).code == 0, "a changed setting re-exports"
    assert PAGE_CLASS in body_tag(out.read_text(encoding="utf-8"))
    result = run_cli("export", "--page-break", "none", cwd=workspace)
    assert result.code == 0, result.err
    assert PAGE_CLASS not in body_tag(out.read_text(encoding="utf-8")), "the option wins"
    result = run_cli("build", cwd=workspace)
    assert result.code == 0, result.err
    built = workspace / "dist" / "april-2019.html"
    assert PAGE_CLASS in body_tag(built.read_text(encoding="utf-8"))


def test_a_wrong_setting_names_its_line_and_a_wrong_option_its_choices(
        workspace: Path) -> None:
    from machine_support import set_export

    from bulletin.errors import ExitCode

    result = run_cli("export", "--page-break", "chapter", cwd=workspace)
    assert result.code == ExitCode.USAGE
    assert "unknown page break 'chapter'" in result.err
    assert "use none (pages break where they fill) or article" in result.err
    set_export(workspace, "page_break", "every")
    lines = (workspace / "bulletin.toml").read_text(encoding="utf-8").split("\n")
    line = lines.index('page_break = "every"') + 1
    for command in ("check", "export"):
        result = run_cli(command, cwd=workspace)
        assert result.code == ExitCode.INVALID, command
        assert (f"bulletin.toml:{line}: error: 'export.page_break' must be one of none, "
                "article, not 'every'") in result.err
        assert "Traceback" not in result.err


@pytest.mark.parametrize("name", ["parallel", "sequential"])
def test_what_only_a_screen_needs_is_not_printed(printed: dict[str, tuple[str, list[Page]]],
                                                 name: str) -> None:
    from lxml import html as lxml_html

    page_html, pages = printed[name]
    tree = lxml_html.fromstring(page_html)
    screen_only = [squeeze(element.text_content())
                   for element in tree.xpath('//*[@class="back" or @class="languages"]')]
    assert screen_only, "the page has links back to the contents"
    text = squeeze("".join(page.text for page in pages))
    for words in screen_only:
        assert words not in text, f"{words!r} is printed"
