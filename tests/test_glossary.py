"""The glossary file: its rules, and every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.errors import Report, WorkspaceInvalid
from bulletin.glossary import load_glossary

GOOD = """\
source,en,de,note
# agency names
Столична агенция за инвестиции,Sofia Investment Agency,Investitionsagentur Sofia,
София Тех Парк,Sofia Tech Park,,

BASE,=,,programme name
Enterprise Europe Network,,,Do-Not-Translate
"""


def write(root: Path, text: str) -> Path:
    path = root / "glossary.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_is_an_empty_glossary(tmp_path: Path) -> None:
    glossary = load_glossary(tmp_path)
    assert glossary.terms == [] and glossary.find("София Тех Парк", "en") == []


def test_rules_per_language(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    glossary = load_glossary(tmp_path)
    assert [t.line for t in glossary.terms] == [3, 4, 6, 7]
    assert glossary.for_language("en") == {
        "Столична агенция за инвестиции": "Sofia Investment Agency",
        "София Тех Парк": "Sofia Tech Park", "BASE": "BASE",
        "Enterprise Europe Network": "Enterprise Europe Network"}
    assert glossary.for_language("de") == {
        "Столична агенция за инвестиции": "Investitionsagentur Sofia",
        "Enterprise Europe Network": "Enterprise Europe Network"}


def test_find_whole_words_ignoring_case_and_spacing(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    glossary = load_glossary(tmp_path)
    text = "В софия тех  парк и BASELINE, а после BASE."
    found = glossary.find(text, "en")
    assert [(text[m.start:m.end], m.target) for m in found] == [
        ("софия тех  парк", "Sofia Tech Park"), ("BASE", "BASE")]
    assert glossary.find(text, "de") == []


@pytest.mark.parametrize(("text", "line", "words"), [
    ("term,en\n", 1, "first column must be 'source'"),
    ("source,english,note\n", 1, "language code"),
    ("source,en,note\nСофия,Sofia\n", 2, "2 cell(s), the header has 3"),
    ("source,en\n,Sofia\n", 2, "source term is empty"),
    ("source,en\nСофия,Sofia\nсофия,Sofia city\n", 3, "listed twice (first on line 2)"),
    ("source,en,note\nBASE,Base,do not translate\n", 2, "marked do-not-translate"),
])
def test_problems_name_the_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    report = Report()
    load_glossary(tmp_path, report)
    assert report.errors, text
    problem = report.errors[0]
    assert (problem.path, problem.line) == (path, line)
    assert words in problem.message
    with pytest.raises(WorkspaceInvalid):
        load_glossary(tmp_path)


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    (tmp_path / "glossary.csv").write_bytes("source,en\nСофия,Sofia\n".encode("cp1251"))
    report = Report()
    load_glossary(tmp_path, report)
    assert "not UTF-8" in report.errors[0].message
