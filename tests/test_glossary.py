"""The glossary file: its rules, and every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.errors import Report, WorkspaceInvalid
from bulletin.translation.glossary import load_glossary

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


# Matching by form: real sentences of each kind (issue 11, item 1).
FORMS = """\
source,en,note
Столична агенция за инвестиции,Sofia Investment Agency,
Столична община,Sofia Municipality,
бизнес клъстер,business cluster,
Технически университет,Technical University,
Национална клъстерна конференция,National Cluster Conference,
вода,water,
Хоризонт,Horizon Europe,programme name; exact-match
"""


def found(root: Path, text: str) -> list[tuple[str, str]]:
    glossary = load_glossary(root)
    return [(text[m.start:m.end], m.target) for m in glossary.find(text, "en")]


@pytest.mark.parametrize(("text", "terms"), [
    # the definite article on the first word (an adjective the dictionary knows)
    ("Столичната агенция за инвестиции представи програмата BASE.",
     [("Столичната агенция за инвестиции", "Sofia Investment Agency")]),
    # plural, with and without the article, of a word the dictionary lacks (клъстер)
    ("Асоциацията обединява бизнес клъстерите от страната, а нови бизнес клъстери идват.",
     [("бизнес клъстерите", "business cluster"), ("бизнес клъстери", "business cluster")]),
    ("Техническите университети и Техническият университет в Габрово.",
     [("Техническите университети", "Technical University"),
      ("Техническият университет", "Technical University")]),
    # adjectives that agree with their noun in gender and number
    ("Догодина ще има две национални клъстерни конференции.",
     [("национални клъстерни конференции", "National Cluster Conference")]),
    ("Националната клъстерна конференция събра експерти от 12 държави.",
     [("Националната клъстерна конференция", "National Cluster Conference")]),
    # a term cut by a line break in the paragraph
    ("Това обяви Столичната агенция\nза инвестиции вчера.",
     [("Столичната агенция\nза инвестиции", "Sofia Investment Agency")]),
    # the exact-match term: as written only
    ("Програмата Хоризонт отваря нови хоризонти на хоризонта.",
     [("Хоризонт", "Horizon Europe")]),
])
def test_a_term_matches_its_inflected_forms(tmp_path: Path, text: str,
                                            terms: list[tuple[str, str]]) -> None:
    write(tmp_path, FORMS)
    assert found(tmp_path, text) == terms


@pytest.mark.parametrize("text", [
    # общински (municipal) is not община (municipality), whatever its first letters
    "Столичният общински съвет прие бюджета.",
    # води (leads, of водя) is not вода (water): the dictionary tells them apart
    "Тя води екипа на проекта.",
    # an adjective of клъстер is not the noun
    "Бизнес клъстерната политика на общината.",
    # Хоризонт is exact-match: its articled form and a lower-case one are other words
    "Ново на хоризонта: Хоризонта на събитията.",
])
def test_a_false_friend_does_not_match(tmp_path: Path, text: str) -> None:
    write(tmp_path, FORMS)
    assert found(tmp_path, text) == []


def test_exact_match_is_read_from_the_note(tmp_path: Path) -> None:
    write(tmp_path, FORMS)
    exact = {t.source: t.exact for t in load_glossary(tmp_path).terms}
    assert exact["Хоризонт"] and not exact["Столична агенция за инвестиции"]


def test_latin_words_and_acronyms_match_as_written(tmp_path: Path) -> None:
    write(tmp_path, "source,en,note\nСОАПИ,SOAPI,\nEnterprise Europe Network,,do-not-translate\n")
    text = "СОАПИ и Enterprise Europe Network-България, но не СОАПИто или Networks."
    assert found(tmp_path, text) == [("СОАПИ", "SOAPI"),
                                      ("Enterprise Europe Network", "Enterprise Europe Network")]


def test_the_longest_term_wins_where_two_start(tmp_path: Path) -> None:
    write(tmp_path, "source,en\nагенция,agency\nСтолична агенция за инвестиции,SIA\n")
    assert found(tmp_path, "Столичната агенция за инвестиции и агенциите.") == [
        ("Столичната агенция за инвестиции", "SIA"), ("агенциите", "agency")]


@pytest.mark.parametrize("word", ["енергийна", "министър", "Столична", "ученик", "клъстерите",
                                  "агенция", "Техническият"])
def test_where_a_term_may_start_is_a_start_of_every_form(word: str) -> None:
    """The quick scan looks for a start that all forms of a term's first word share; one
    that some form lacks would hide the term (a stem picked by chance, say)."""
    from bulletin.translation.inflection import shortest_prefix, word_form

    form = word_form(word)
    start = shortest_prefix(form)
    assert all(f.startswith(start) for f in (form.fold, *form.stems, form.lemma or form.fold))


def test_a_term_whose_word_has_two_stems_of_one_length(tmp_path: Path) -> None:
    write(tmp_path, "source,en\nенергийна ефективност,energy efficiency\nучени,scientists\n")
    assert found(tmp_path, "Пътна карта за енергийната ефективност и учените.") == [
        ("енергийната ефективност", "energy efficiency"), ("учените", "scientists")]


def test_many_terms_that_share_their_first_words(tmp_path: Path) -> None:
    rows = [f"столична {noun},Sofia {noun}" for noun in (
        "агенция", "община", "библиотека", "програма", "дирекция", "художествена галерия")]
    write(tmp_path, "source,en\n" + "\n".join(rows) + "\n")
    assert found(tmp_path, "Столичната библиотека и столичните общини.") == [
        ("Столичната библиотека", "Sofia библиотека"), ("столичните общини", "Sofia община")]
