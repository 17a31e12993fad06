"""Machine translation is disclosed (EU AI Act, Article 50(4)): every export labels the
articles that hold unreviewed machine text in the reader's language, marks each such segment
in HTML, and says how much went out; ``machine = "hide"`` leaves it out and ``"refuse"``
stops the export."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli
from htmlcheck import validate_html
from machine_support import (
    DE_PARAGRAPH,
    DE_TITLE,
    EN_PARAGRAPH,
    LABEL,
    MACHINE_ID,
    REVIEWED_ID,
    add_german,
    make_machine,
    sample_workspace,
    set_export,
)

from bulletin.errors import ExitCode
from bulletin.i18n import words

FORMATS = ("html", "md", "txt")
LAYOUTS = ("parallel", "sequential", "en")
COUNT = f"2 machine-translated segment(s) published with a label (articles: {MACHINE_ID})"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return sample_workspace(tmp_path / "ws")


def export(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("export", *args, "-o", "-", cwd=root)


class Marked(HTMLParser):
    """Every label (``.machine-note``) and every element marked ``data-machine``: its
    text, the language of the region it is in, and its article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, str, dict[str, str] | None]] = []
        self.labels: list[dict[str, str]] = []
        self.machine: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        lang = found.get("lang") or (self.stack[-1][1] if self.stack else "")
        article = (found.get("id", "") if tag == "article"
                   else self.stack[-1][2] if self.stack else "")
        record = None
        if "machine-note" in found.get("class", "").split() or "data-machine" in found:
            record = {"tag": tag, "lang": lang, "article": article, "text": ""}
            (self.labels if "data-machine" not in found else self.machine).append(record)
        if tag not in VOID:
            self.stack.append((tag, lang, article, record))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, _, _, record in self.stack:
            if record is not None:
                record["text"] += data


def marked(page: str) -> Marked:
    parser = Marked()
    parser.feed(page)
    parser.close()
    return parser


def test_the_label_is_in_every_catalog_in_its_language() -> None:
    from bulletin.export.model import MACHINE_NOTE

    for lang, text in LABEL.items():
        assert words(lang, lang).gettext(MACHINE_NOTE) == text
    assert LABEL["en"] == MACHINE_NOTE


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_machine_text_is_labelled_in_the_readers_language(root: Path, fmt: str,
                                                           layout: str) -> None:
    reviewed = export(root, "--format", fmt, "--layout", layout)
    assert reviewed.code == 0, reviewed.err
    assert LABEL["en"] not in reviewed.out and "data-machine" not in reviewed.out
    assert "machine" not in reviewed.err

    make_machine(root)
    result = export(root, "--format", fmt, "--layout", layout)
    assert result.code == 0, result.err
    out = result.out
    assert out.count(LABEL["en"]) == 1, "one article holds machine text, in one language"
    assert LABEL["bg"] not in out, "the Bulgarian source holds no machine text"
    assert EN_PARAGRAPH in out, "label: the machine text is published, labelled"
    if fmt == "html":
        found = marked(out)
        assert [(x["lang"], x["article"], x["text"]) for x in found.labels] == \
            [("en", MACHINE_ID, LABEL["en"])]
    else:  # in the English part of the machine article (the later one), after its title
        assert out.rindex("Sofia Joins the European Cluster Weeks") \
            < out.rindex("The Fictional “Rooftop Gardens”") < out.index(LABEL["en"])
        if layout == "parallel":  # in the English side beside the Bulgarian
            prefix = "> *" if fmt == "md" else "EN  ["
            assert f"{prefix}{LABEL['en']}" in out
    assert result.err.strip() == COUNT


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_language_with_machine_text_shows_the_label_in_its_own_words(
        root: Path, fmt: str) -> None:
    make_machine(root)
    add_german(root)
    result = export(root, "--format", fmt)
    assert result.code == 0, result.err
    out = result.out
    assert out.count(LABEL["en"]) == 1 and out.count(LABEL["de"]) == 1
    assert LABEL["bg"] not in out
    flowing = " ".join(out.split())  # plain text wraps its lines
    assert DE_TITLE in flowing and DE_PARAGRAPH in flowing
    if fmt == "html":
        found = marked(out)
        assert sorted((x["lang"], x["article"], x["text"]) for x in found.labels) == \
            [("de", MACHINE_ID, LABEL["de"]), ("en", MACHINE_ID, LABEL["en"])]
    elif fmt == "md":
        assert f"> *{LABEL['de']}*" in out
    else:
        assert f"DE  [{LABEL['de']}]" in out
    assert (f"4 machine-translated segment(s) published with a label (articles: "
            f"{MACHINE_ID})") in result.err


@pytest.mark.parametrize("layout", ["parallel", "sequential", "en"])
def test_each_machine_segment_is_marked_in_html(root: Path, layout: str) -> None:
    make_machine(root)
    found = marked(export(root, "--layout", layout).out)
    in_article = [x for x in found.machine if x["article"] == MACHINE_ID]
    assert [(x["tag"], x["lang"]) for x in in_article] == [("span", "en"), ("p", "en")]
    assert in_article[0]["text"].startswith("The Fictional “Rooftop Gardens” Association")
    assert in_article[1]["text"].startswith(EN_PARAGRAPH)
    contents = [x for x in found.machine if x["article"] == ""]
    assert [(x["lang"], x["text"]) for x in contents] == [("en", in_article[0]["text"])]
    assert not [x for x in found.machine if x["article"] == REVIEWED_ID]


def test_a_machine_list_item_is_marked_too(root: Path) -> None:
    make_machine(root, key="b7160561", title=False, kind="item")  # "- a shared catalogue …"
    found = marked(export(root).out)
    assert [(x["tag"], x["lang"], x["text"]) for x in found.machine] == \
        [("span", "en", "a shared catalogue of plants that can stand the wind and the heat "
          "of a roof;")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_hide_publishes_machine_text_as_missing(root: Path, fmt: str) -> None:
    make_machine(root)
    result = export(root, "--format", fmt, "--layout", "en", "--machine", "hide")
    assert result.code == 0, result.err
    assert EN_PARAGRAPH not in result.out and "Rooftop Gardens" not in result.out
    assert "Translation missing" in result.out, "the placeholder stands in its place"
    assert "Измисленото сдружение" in result.out, "the title falls back to the source"
    assert LABEL["en"] not in result.out and "data-machine" not in result.out
    assert result.err.strip() == (f"2 machine-translated segment(s) left out, as machine = "
                                  f"hide asks (articles: {MACHINE_ID})")


def test_hide_in_bulletin_toml_with_source_fallback(root: Path) -> None:
    make_machine(root)
    set_export(root, "machine", "hide")
    set_export(root, "fallback", "source")
    result = export(root, "--format", "md", "--layout", "en")
    assert result.code == 0, result.err
    assert EN_PARAGRAPH not in result.out
    assert "*(BG)* На 12 и 13 април 2019" in result.out, "the source, marked, stands in"
    assert "Translation missing" not in result.out
    assert json.loads(run_cli("export", "--json", cwd=root).out)["machine"] == {
        "policy": "hide", "published": 0, "withheld": 2, "articles": [MACHINE_ID]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_refuse_stops_the_export_and_writes_nothing(root: Path, fmt: str) -> None:
    make_machine(root)
    add_german(root)
    streamed = export(root, "--format", fmt, "--machine", "refuse")
    assert streamed.code == ExitCode.INCOMPLETE
    assert streamed.out == ""
    result = run_cli("export", "--format", fmt, "--machine", "refuse", cwd=root)
    assert result.code == ExitCode.INCOMPLETE
    assert not (root / "dist").exists()
    assert f"articles/{MACHINE_ID}/en.md: error: 2 machine-translated segment(s)" in result.err
    assert f"articles/{MACHINE_ID}/de.md: error: 2 machine-translated segment(s)" in result.err
    assert REVIEWED_ID not in result.err
    assert "1 article(s) hold machine translation and machine = refuse: nothing was " \
        "written" in result.err


def test_refuse_lets_a_reviewed_bulletin_through(root: Path) -> None:
    set_export(root, "machine", "refuse")
    assert run_cli("export", cwd=root).code == 0
    assert run_cli("build", cwd=root).code == 0
    make_machine(root)
    assert run_cli("export", "--layout", "bg", "-o", "-", cwd=root).code == 0, \
        "a Bulgarian-only bulletin shows no machine text"
    assert run_cli("export", "--machine", "label", "-o", "-", cwd=root).code == 0, \
        "the command line overrides bulletin.toml"


def test_build_refuses_before_writing_any_bulletin(root: Path) -> None:
    make_machine(root)
    set_export(root, "machine", "refuse")
    result = run_cli("build", cwd=root)
    assert result.code == ExitCode.INCOMPLETE, result.err
    assert not (root / "dist").exists()
    assert f"articles/{MACHINE_ID}/en.md" in result.err


def test_build_says_once_per_bulletin_how_much_machine_text_went_out(root: Path) -> None:
    make_machine(root)
    result = run_cli("build", cwd=root)
    assert result.code == 0, result.err
    assert result.err.strip() == f"april-2019: {COUNT}"
    for name in ("april-2019.html", "april-2019.md", "april-2019.txt"):
        assert LABEL["en"] in (root / "dist" / name).read_text(encoding="utf-8")
    built = json.loads(run_cli("build", "--json", cwd=root).out)
    assert [item["machine"] for item in built] == [
        {"policy": "label", "published": 2, "withheld": 0, "articles": [MACHINE_ID]}] * 3


def test_the_count_is_in_json_and_survives_an_unchanged_export(root: Path) -> None:
    quiet = run_cli("export", "--json", cwd=root)
    assert quiet.err == "" and json.loads(quiet.out)["machine"]["published"] == 0
    make_machine(root)
    for _ in range(2):  # the second export is answered from .bulletin/cache
        result = run_cli("export", "--json", cwd=root)
        assert result.code == 0, result.err
        assert json.loads(result.out)["machine"] == {
            "policy": "label", "published": 2, "withheld": 0, "articles": [MACHINE_ID]}
        assert result.err.strip() == COUNT


def test_several_worker_processes_count_and_refuse_alike(root: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    make_machine(root)
    monkeypatch.setenv("BULLETIN_WORKERS", "2")
    result = run_cli("export", "--json", cwd=root)
    assert result.code == 0, result.err
    assert json.loads(result.out)["machine"]["published"] == 2
    refused = run_cli("export", "--machine", "refuse", "-o", str(root / "x.html"), cwd=root)
    assert refused.code == ExitCode.INCOMPLETE and not (root / "x.html").exists()


def test_stale_text_is_labelled_only_when_no_person_wrote_it(root: Path) -> None:
    make_machine(root, title=False)  # paragraph 9d7723df: a machine draft
    source = root / "articles" / MACHINE_ID / "bg.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("едва **12,5%**", "само **12,5%**")  # the machine draft goes stale
    text = text.replace("*Тази статия е измислена.*", "*Тази статия е съчинена.*")  # reviewed
    source.write_text(text, encoding="utf-8")
    status = run_cli("status", MACHINE_ID, cwd=root).out
    assert status.split("\n")[1].split("\t")[2:6] == ["0", "0", "15", "2"], status
    result = export(root, "--layout", "en")
    assert result.code == 0, result.err
    found = marked(result.out)
    assert [x["text"][:40] for x in found.machine] == [EN_PARAGRAPH[:40]]
    assert "<em>This article is fictional.</em>" in result.out, "the stale text a person " \
        "approved is shown, unlabelled"
    assert result.err.strip() == (f"1 machine-translated segment(s) published with a label "
                                  f"(articles: {MACHINE_ID})")


def test_a_wrong_machine_setting_names_its_line(root: Path) -> None:
    set_export(root, "machine", "maybe")
    result = run_cli("check", cwd=root)
    assert result.code == ExitCode.INVALID
    lines = (root / "bulletin.toml").read_text(encoding="utf-8").split("\n")
    line = lines.index('machine = "maybe"') + 1
    assert (f"bulletin.toml:{line}: error: 'export.machine' must be one of label, hide, "
            "refuse, not 'maybe'") in result.err


def test_an_unknown_machine_option_is_a_usage_error(root: Path) -> None:
    result = export(root, "--machine", "sometimes")
    assert result.code == ExitCode.USAGE
    assert "unknown machine policy 'sometimes'" in result.err


def test_labelled_html_is_valid(root: Path, tmp_path: Path) -> None:
    make_machine(root)
    add_german(root)
    pages = []
    for layout in ("parallel", "sequential", "en", "de"):
        page = tmp_path / f"{layout}.html"
        result = run_cli("export", "--layout", layout, "-o", str(page), cwd=root)
        assert result.code == 0, result.err
        assert "data-machine" in page.read_text(encoding="utf-8")
        pages.append(page)
    assert validate_html(pages) == {str(p): [] for p in pages}
