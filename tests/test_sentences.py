"""Bulgarian sentence splitting: where it splits, where it must not, and the join invariant."""

from __future__ import annotations

import pytest

from bulletin.content.sentences import split_sentences, translation_units


def check(text: str, lang: str = "bg") -> list[str]:
    parts = split_sentences(text, lang)
    assert "".join(parts) == text
    return [p.strip() for p in parts]


@pytest.mark.parametrize("text", [
    "Форумът се проведе през 2019 г. в София Тех Парк.",
    "Офисът е на ул. Раковски 5 в центъра.",
    "Срещата е на бул. Витоша, до НДК.",
    "Това са т.нар. Европейски клъстерни седмици.",
    "Клъстерите, т.е. Групите от фирми, растат.",
    "Говори г-н Иванов, а после д-р Петрова.",
    "Бюджетът е 12 млн. Евро за три години.",
    "Износът достигна 2 млрд. Долара.",
    "Билетът струва 10 лв. На човек.",
    "Лекцията изнесе проф. Иванов от БАН.",
    "Присъства акад. Сендов.",
    "Виж стр. 4 от доклада.",
    "Дойдоха фирми, агенции и др. Организации.",
    "Откри го Н. Минков, заместник-кмет.",
    "Ръстът е 12,5 процента, а инфлацията 1.5 процента.",
    "Срещата беше на 26.03.2019 в зала „Джон Атанасов“.",
    "Чакахме... и чакахме, но никой не дойде.",
    "Той каза (…) Това е всичко.",
])
def test_does_not_split(text: str) -> None:
    assert check(text) == [text]


@pytest.mark.parametrize(("text", "expected"), [
    ("Форумът се проведе. Той събра 120 души.",
     ["Форумът се проведе.", "Той събра 120 души."]),
    ("Кой дойде? Всички! Дори кметът.", ["Кой дойде?", "Всички!", "Дори кметът."]),
    ("Накрая… Дойде и той.", ["Накрая…", "Дойде и той."]),
    ("Чакахме... Накрая дойде.", ["Чакахме...", "Накрая дойде."]),
    ("Той каза. „Ще дойда“, обеща.", ["Той каза.", "„Ще дойда“, обеща."]),
    ("„Това е успех.“ Така каза кметът.", ["„Това е успех.“", "Така каза кметът."]),
    ("Н. Минков откри форума. Проф. Иванов говори за т.нар. клъстери.",
     ["Н. Минков откри форума.", "Проф. Иванов говори за т.нар. клъстери."]),
])
def test_splits(text: str, expected: list[str]) -> None:
    assert check(text) == expected


def test_lowercase_after_full_stop_does_not_split() -> None:
    assert check("Вж. приложение 1. и приложение 2.") == ["Вж. приложение 1. и приложение 2."]


def test_spacing_is_kept_for_the_join() -> None:
    text = "  Първо.\n\nВторо.   Трето!  "
    parts = split_sentences(text)
    assert parts == ["  Първо.\n\n", "Второ.   ", "Трето!  "]


def test_english_abbreviations() -> None:
    # "p.m." is an abbreviation: no split after it, as after "г." in Bulgarian.
    assert check("Dr. Smith came at 5 p.m. Nobody else did.", "en") == [
        "Dr. Smith came at 5 p.m. Nobody else did."]
    assert check("It rained. Mr. Jones left.", "en") == ["It rained.", "Mr. Jones left."]


@pytest.mark.parametrize("text", ["", "   ", "Без точка", "Само."])
def test_degenerate_texts(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(("text", "units"), [
    # markup that a boundary falls inside holds its sentences together
    ("Той каза *нещо. И още* тук. Край.", ["Той каза *нещо. И още* тук. ", "Край."]),
    ("Пуснете `make. Build` сега. Край.", ["Пуснете `make. Build` сега. ", "Край."]),
    ("Виж **първо. Второ** днес. Край.", ["Виж **първо. Второ** днес. ", "Край."]),
    # characters that only look like markup hold nothing (the document model says so)
    ("Температурите са < 5 градуса. Утре ще е по-топло.",
     ["Температурите са < 5 градуса. ", "Утре ще е по-топло."]),
    ("Цената (без данък е 12 евро. Новите правила важат от март.",
     ["Цената (без данък е 12 евро. ", "Новите правила важат от март."]),
    ("Сметката е 3 * 4 = 12. Отговорът е верен.",
     ["Сметката е 3 * 4 = 12. ", "Отговорът е верен."]),
])
def test_translation_units_join_only_inside_markup(text: str, units: list[str]) -> None:
    assert translation_units(text) == units
    assert "".join(translation_units(text)) == text
