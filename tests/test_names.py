"""Names: found in the Bulgarian, checked in the translation against the official
transliteration (issue 11, item 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.config import Config
from bulletin.content.model import State
from bulletin.content.store import save_translation
from bulletin.content.workspace import open_workspace
from bulletin.errors import ExitCode
from bulletin.translation.glossary import Glossary, Term
from bulletin.translation.names import names_in, spelling_in
from bulletin.translation.qa import check_segment

CONFIG = Config(root=Path("."), languages=("en", "ru"))
MINKOV = ("В рамките на конференцията Николай Минков, изпълнителен директор на Индустриален "
          "клъстер “Средногорие”, представи програмата BASE.")
MINKOV_KEY = "db59a72f"  # that paragraph of the sample article
OFFICIAL = ("During the conference, Nikolay Minkov, Executive Director of the Srednogorie "
            "Industrial Cluster, presented the BASE programme.")


def names(text: str) -> list[tuple[str, bool]]:
    return [(n.text, n.person) for n in names_in(text)]


@pytest.mark.parametrize(("text", "found"), [
    # a first name and a surname, inside a sentence or opening it
    (MINKOV, [("Николай Минков", True), ("Индустриален", False), ("Средногорие", False)]),
    ("Николай Минков представи програмата.", [("Николай Минков", True)]),
    # after a title, even one word; the title is no part of the name
    ("Г-н Алън Хъчисън, специалист по развитие на бизнеса, проведе сесия.",
     [("Алън Хъчисън", True)]),
    ("Това каза министър Петков, а проф. Иванова и кметът Васил Терзиев се съгласиха.",
     [("Петков", True), ("Иванова", True), ("Васил Терзиев", True)]),
    # places and organisations inside a sentence; a sentence's first word is no name
    ("Делегати от Румъния и Сърбия дойдоха в София Тех Парк.",
     [("Румъния", False), ("Сърбия", False), ("София Тех Парк", False)]),
    ("Министерството на икономиката подкрепи форума.", []),
    # a word that opens a sentence is not read as a first name
    ("Според Иван Петров това е началото.", [("Иван Петров", True)]),
    # an adjective in -ски before a noun is no surname; acronyms are no names
    ("Междувременно Технически университет – София и СОАПИ обявиха конкурс.",
     [("София", False)]),
])
def test_names_in_the_source(text: str, found: list[tuple[str, bool]]) -> None:
    assert names(text) == found


def test_how_a_translation_spells_a_name() -> None:
    [minkov] = [n for n in names_in(MINKOV) if n.person]
    assert minkov.official == "Nikolay Minkov"
    assert spelling_in(OFFICIAL, minkov).official
    assert spelling_in("NIKOLAY MINKOV’s team", minkov).official  # case and possessive
    drift = spelling_in(OFFICIAL.replace("Nikolay", "Nikolai"), minkov)
    assert (drift.official, drift.variants, drift.seen) == (False, ("Nikolai Minkov",),
                                                            "Nikolai Minkov")
    lost = spelling_in("The director presented the programme.", minkov)
    assert lost.absent and lost.seen is None
    [john] = names_in("Сесията е в зала „Джон Атанасов“.")
    other = spelling_in("The session is in the John Atanasov Hall.", john)
    assert (other.official, other.variants, other.absent, other.seen) == (
        False, (), False, "John Atanasov")  # another name, not another romanisation


def findings(source: str, target: str, glossary: Glossary | None = None, lang: str = "en",
             config: Config = CONFIG) -> list[tuple[str | None, str | None, tuple[str, ...]]]:
    return [(f.source, f.expected, f.found) for f in check_segment(
        "k", source, target, config=config, lang=lang, glossary=glossary) if f.rule == "name"]


def test_qa_warns_when_a_name_is_spelled_by_another_romanisation() -> None:
    assert findings(MINKOV, OFFICIAL) == []
    assert findings(MINKOV, OFFICIAL.replace("Nikolay", "Nikolai")) == [
        ("Николай Минков", "Nikolay Minkov", ("Nikolai Minkov",))]
    assert findings("Форумът се проведе в София и Пловдив.",
                    "The forum took place in Sofiya and Plovdiv.") == [
        ("София", "Sofia", ("Sofiya",))]
    assert findings("Гост беше Христо Стоичков.", "The guest was Khristo Stoichkov.") == [
        ("Христо Стоичков", "Hristo Stoichkov", ("Khristo Stoichkov",))]


def test_qa_warns_when_a_persons_name_is_missing() -> None:
    [(source, expected, found)] = findings(MINKOV, "The director presented the programme.")
    assert (source, expected, found) == ("Николай Минков", "Nikolay Minkov", ())


def test_what_qa_leaves_alone() -> None:
    # an exonym or a translated name is no romanisation of the Bulgarian
    assert findings("Делегати от Румъния, Сърбия и Брюксел.",
                    "Delegates from Romania, Serbia and Brussels.") == []
    # a name written otherwise on purpose (the original spelling of a foreign name)
    assert findings("Сесията е в зала „Джон Атанасов“.",
                    "The session is in the John Atanasov Hall.") == []
    # an organisation of several words (Тех is Tech here)
    assert findings("Срещата е в София Тех Парк.", "The meeting is at Sofia Tech Park.") == []
    # a target written in Cyrillic, and a source that is not Bulgarian
    assert findings(MINKOV, "Николаи Минков представил…", lang="ru") == []
    assert findings(MINKOV, "Nikolai Minkov", config=Config(root=Path("."), source="ru",
                                                            languages=("en",))) == []


def test_the_glossary_spelling_rules_over_the_official_one() -> None:
    glossary = Glossary(None, [Term("Николай Минков", {"en": "Nikolai Minkov"})])
    nikolai = OFFICIAL.replace("Nikolay", "Nikolai")
    assert findings(MINKOV, nikolai, glossary) == []
    # and then the glossary's own check applies: the official spelling is now the wrong one
    rules = [f.rule for f in check_segment("k", MINKOV, OFFICIAL, config=CONFIG, lang="en",
                                           glossary=glossary)]
    assert rules == ["term"]


def machine_draft(root: Path, key: str, old: str, new: str) -> None:
    """Make one segment of the sample's translation a machine draft saying ``new``."""
    ws = open_workspace(root)
    at = ws.translation(ws.article(SAMPLE_ID), "en")
    aligned = next(a for a in at.segments if a.key == key)
    assert old in aligned.text
    aligned.state, aligned.text = State.MACHINE, aligned.text.replace(old, new)
    save_translation(ws, at)


def test_a_draft_that_says_nikolai_minkov_gets_the_warning(workspace: Path) -> None:
    assert run_cli("check", "--strict", cwd=workspace).code == ExitCode.OK  # the samples
    machine_draft(workspace, MINKOV_KEY, "Nikolay Minkov", "Nikolai Minkov")
    result = run_cli("check", "--json", cwd=workspace)
    [problem] = [p for p in json.loads(result.out)["problems"] if p["code"] == "qa"]
    assert problem["severity"] == "warning" and problem["file"].endswith("en.md")
    assert problem["detail"] == {
        "segment": MINKOV_KEY, "state": "machine", "rule": "name",
        "source": "Николай Минков", "expected": "Nikolay Minkov",
        "found": ["Nikolai Minkov"],
        "message": "the name 'Николай Минков' is written 'Nikolai Minkov'; by the official "
                   "transliteration: 'Nikolay Minkov'"}
    assert "glossary.csv" in problem["hint"]
    text = run_cli("check", cwd=workspace).err
    assert "the name 'Николай Минков' is written 'Nikolai Minkov'" in text
    # a person who means it accepts it for this segment, as any QA finding
    accepted = run_cli("review", SAMPLE_ID, "--to", "en", "--segment", MINKOV_KEY,
                       "--accept-qa", cwd=workspace)
    assert accepted.code == 0, accepted.err
    check = json.loads(run_cli("check", "--json", cwd=workspace).out)
    assert not [p for p in check["problems"] if p["code"] == "qa"]


def second_article(root: Path, english: str) -> str:
    """Another article naming Николай Минков, with a reviewed translation saying
    ``english``."""
    article_id = "2019-05-01-minkov"
    folder = root / "articles" / article_id
    folder.mkdir()
    (folder / "bg.md").write_text("---\ntitle: Клъстерът расте\ndate: 2019-05-01\n---\n\n"
                                  "Според Николай Минков клъстерът расте.\n", encoding="utf-8")
    ws = open_workspace(root)
    at = ws.translation(ws.article(article_id), "en")
    for aligned, text in zip(at.segments, ("The cluster grows", english), strict=True):
        aligned.state, aligned.text = State.REVIEWED, text
    save_translation(ws, at)
    return article_id


def test_bulletin_names_lists_each_name_with_its_spellings(workspace: Path) -> None:
    result = run_cli("names", cwd=workspace)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "Николай Минков -> Nikolay Minkov" in lines
    assert lines[lines.index("Николай Минков -> Nikolay Minkov") + 1] == (
        "  en: Nikolay Minkov  1 segment(s) in 1 article(s)")
    # a foreign name written in its own spelling is listed, with where it is
    assert "Джон Атанасов -> Dzhon Atanasov" in lines
    assert any(line.startswith("  en: John Atanasov  1 segment(s) in 1 article(s): articles/"
                               f"{SAMPLE_ID}/en.md:") for line in lines)

    second = second_article(workspace, "According to Nikolai Minkov, the cluster grows.")
    result = run_cli("names", "--differing", cwd=workspace)
    lines = result.out.splitlines()
    start = lines.index("Николай Минков -> Nikolay Minkov")
    assert lines[start + 1:start + 3] == [
        "  en: Nikolay Minkov  1 segment(s) in 1 article(s)",
        f"  en: Nikolai Minkov  1 segment(s) in 1 article(s): articles/{second}/en.md:9"]
    assert "София -> Sofia" not in lines  # spelled alike everywhere
    assert "name(s)" in result.err


def test_bulletin_names_json_and_the_glossary(workspace: Path) -> None:
    (workspace / "glossary.csv").write_text(
        "source,en,note\nСтолична агенция за инвестиции,Sofia Investment Agency,\n"
        "Джон Атанасов,John Atanasov,the hall's name as the university writes it\n",
        encoding="utf-8")
    result = run_cli("names", "--json", cwd=workspace)
    assert result.code == 0, result.err
    entries = {e["name"]: e for e in json.loads(result.out)}
    assert entries["Джон Атанасов"]["kind"] == "glossary"
    assert entries["Джон Атанасов"]["expected"] == {"en": "John Atanasov"}
    assert entries["Джон Атанасов"]["differs"] is False
    agency = entries["Столична агенция за инвестиции"]  # found as Столичната агенция …
    assert agency["spellings"] == [{
        "lang": "en", "spelling": "Sofia Investment Agency", "expected": True,
        "uses": [{"article": SAMPLE_ID, "segment": "27583a76",
                  "file": f"articles/{SAMPLE_ID}/en.md", "line": agency["spellings"][0][
                      "uses"][0]["line"]}]}]
    minkov = entries["Николай Минков"]
    assert (minkov["kind"], minkov["official"], minkov["differs"]) == (
        "person", "Nikolay Minkov", False)
    assert run_cli("names", "--to", "xx", cwd=workspace).code == ExitCode.USAGE
