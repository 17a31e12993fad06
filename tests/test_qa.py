"""QA of machine translations: each rule fails on a real defect and passes on a good text."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.config import Config
from bulletin.translation.glossary import Glossary, Term
from bulletin.translation.qa import check_segment

CONFIG = Config(root=Path("."), languages=("en", "ru"))
GLOSSARY = Glossary(None, [Term("София Тех Парк", {"en": "Sofia Tech Park"}),
                           Term("СОАПИ", {}, keep=True)])
SOURCE = ("В **София Тех Парк** ръстът е 12,5% при 1 500 000 лв., виж "
          "[сайта](https://investsofia.com) и `код`; СОАПИ.")
GOOD = ("At **Sofia Tech Park** growth is 12.5% on BGN 1,500,000, see "
        "[the site](https://investsofia.com) and `код`; СОАПИ.")


def qa(target: str, source: str = SOURCE, lang: str = "en") -> list[str]:
    return [f.message for f in check_segment("k", source, target, config=CONFIG, lang=lang,
                                             glossary=GLOSSARY)]


def test_a_good_translation_passes() -> None:
    assert qa(GOOD) == []


@pytest.mark.parametrize(("target", "words"), [
    (GOOD.replace("12.5%", "12,5%"),
     "the number 12,5 of the source (12.5 in English) is missing; the translation has 12,5"),
    (GOOD.replace("1,500,000", "1.5 million"), "(1,500,000 in English) is missing"),
    (GOOD.replace("(https://investsofia.com)", "(https://example.com)"),
     "the link to 'https://investsofia.com' of the source is missing; the translation links "
     "to 'https://example.com'"),
    (GOOD.replace("`код`", "code"), "the code '`код`' of the source is missing"),
    (GOOD.replace("Sofia Tech Park", "Sofia Technology Park"),
     "not rendered as 'Sofia Tech Park'"),
    (GOOD.replace("growth", "ръст"), "Cyrillic left in the translation: ръст"),
    (GOOD.replace("growth", "growth {4}"), "placeholder(s) {4} were not restored"),
    ("   ", "the translation is empty"),
])
def test_each_rule_catches_its_defect(target: str, words: str) -> None:
    messages = qa(target)
    assert any(words in m for m in messages), messages


def test_code_urls_and_kept_terms_may_be_cyrillic() -> None:
    assert not [m for m in qa(GOOD) if "Cyrillic" in m]


def test_cyrillic_targets_are_not_flagged_for_script() -> None:
    assert qa("Привет 12,5", "Здравей 12,5", lang="ru") == []


def test_numbers_counted_not_just_present() -> None:
    assert qa("From 12 to 12 people.", "От 12 до 12 души.") == []
    assert any("12" in m for m in qa("From 12 people.", "От 12 до 12 души."))


AGENCY = Glossary(None, [Term("Столична агенция за инвестиции", {"en": "Sofia Investment Agency"}),
                         Term("бизнес клъстер", {"en": "business cluster"})])
ARTICLED = "Столичната агенция за инвестиции представи програмата BASE."


def term_findings(source: str, target: str) -> list[tuple[str | None, str | None]]:
    return [(f.source, f.expected) for f in check_segment(
        "k", source, target, config=CONFIG, lang="en", glossary=AGENCY) if f.rule == "term"]


def test_qa_flags_a_translation_that_lost_an_inflected_term() -> None:
    assert term_findings(ARTICLED, "The Capital Investment Agency presented the BASE "
                         "programme.") == [("Столичната агенция за инвестиции",
                                            "Sofia Investment Agency")]
    assert term_findings(ARTICLED, "The Sofia Investment Agency presented the BASE "
                         "programme.") == []


@pytest.mark.parametrize("target", [
    "The Sofia Investment Agency's team and business clusters met.",  # possessive, plural
    "The Sofia Investment Agencies' teams and the business cluster's members met.",
    "The Sofia Investment\nAgency and business clusters met.",  # a line break between
])
def test_english_plural_and_possessive_render_a_term(target: str) -> None:
    source = "Екипът на Столичната агенция за инвестиции и бизнес клъстерите се срещнаха."
    assert term_findings(source, target) == []


def test_a_term_inside_a_longer_word_does_not_count() -> None:
    source = "Бизнес клъстерите се срещнаха."
    assert term_findings(source, "The business clusterisation met.") == [
        ("Бизнес клъстерите", "business cluster")]
