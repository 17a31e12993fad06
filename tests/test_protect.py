"""Placeholders: what a translation service must not touch comes back intact."""

from __future__ import annotations

import re

import pytest

from bulletin.translation.glossary import Glossary, Term
from bulletin.translation.protect import NumberFormat, protect, restore

GLOSSARY = Glossary(None, [Term("София Тех Парк", {"en": "Sofia Tech Park"}),
                           Term("BASE", {}, keep=True)])


def shield(text: str, glossary: Glossary | None = GLOSSARY):  # type: ignore[no-untyped-def]
    return protect(text, source_locale="bg_BG", target_locale="en_GB", target_lang="en",
                   glossary=glossary)


def machine(text: str) -> str:
    """A crude stand-in for a service: every Cyrillic letter becomes x."""
    return re.sub(r"[\u0400-\u04ff]", "x", text)


@pytest.mark.parametrize(("bg", "en"), [
    ("12,5", "12.5"), ("1 500 000", "1,500,000"), ("1\u00a0500\u00a0000,75", "1,500,000.75"),
    ("10,00", "10.00"), ("2019", "2019"), ("26.03.2019", "26.03.2019"), ("0,5", "0.5"),
])
def test_numbers_in_target_notation(bg: str, en: str) -> None:
    numbers = NumberFormat("bg_BG", "en_GB")
    assert numbers.pattern.fullmatch(bg)
    assert numbers.convert(bg) == en


def test_numbers_to_german() -> None:
    assert NumberFormat("bg_BG", "de_DE").convert("1 500 000,5") == "1.500.000,5"


def test_nothing_protected_leaks_to_the_service() -> None:
    source = ("На 26 март в **София Тех Парк** ръст 12,5% по [данни](https://sofia.bg/a_b?x=1) "
              "от `код`, info@sofia.bg и https://investsofia.com/bg/, програма BASE.")
    protected = shield(source)
    for secret in ("26", "**", "София Тех Парк", "12,5", "https://", "sofia.bg", "`",
                   "info@", "BASE", "](", "["):
        assert secret not in protected.text, secret
    assert "данни" in protected.text  # link text is translated
    restored = restore(machine(protected.text), protected)
    assert restored.ok
    assert restored.text == (
        "xx 26 xxxx x **Sofia Tech Park** xxxx 12.5% xx [xxxxx](https://sofia.bg/a_b?x=1) "
        "xx `код`, info@sofia.bg x https://investsofia.com/bg/, xxxxxxxx BASE.")


def test_spacing_a_service_adds_around_markup_is_undone() -> None:
    protected = shield("Виж *тук* и [сайта](http://a.bg).", None)
    spaced = re.sub(r"\{(\d+)\}", r" { \1 } ", machine(protected.text))
    assert restore(spaced, protected).text.split() == ["xxx", "*xxx*", "x", "[xxxxx](http://a.bg)",
                                                       "."]


def test_snake_case_and_literal_braces() -> None:
    protected = shield("Файл my_file_name и {1} остават.", None)
    assert "my_file_name" in protected.text
    assert restore(protected.text, protected).text == "Файл my_file_name и {1} остават."


def test_lost_doubled_and_invented_placeholders_are_reported() -> None:
    protected = shield("От 12 до 15 души.", None)
    one, two = (s.placeholder for s in protected.slots)
    result = restore(f"From {one} {one} to {{9}} people.", protected)
    assert not result.ok
    assert [s.original for s in result.lost] == ["15"]
    assert [s.original for s in result.repeated] == ["12"]
    assert result.unknown == ("{9}",)
    assert two not in result.text
