"""Numbers hold together in every format: a no-break space inside a number written in
digit groups and between a number and its unit, and plain text never wraps there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli

from bulletin.translation.typography import hold_numbers, typeset

ARTICLE = "2027-01-15-novi-ogranicheniya-na-skorostta"
BODY = ("Общината въвежда от 15.01.2027 г. ограничение от 60 км/ч по булевардите, а "
        "ремонтът на платното ще струва 1 500 000 лв. по данни на кмета.")
HELD = ("15.01.2027\u00a0г.", "60\u00a0км/ч", "1\u00a0500\u00a0000\u00a0лв.")


@pytest.mark.parametrize(("text", "expected"), [
    ("от 15.01.2027 г. нататък", "от 15.01.2027\u00a0г. нататък"),
    ("с 60 км/ч", "с 60\u00a0км/ч"),
    ("1 500 000 лв.", "1\u00a0500\u00a0000\u00a0лв."),
    ("1,5 млн. лв.", "1,5\u00a0млн.\u00a0лв."),
    ("12,5 % от сградите", "12,5\u00a0% от сградите"),
    ("в 10 ч. на 3 души", "в 10\u00a0ч. на 3 души"),  # a count of people is no unit
    ("през 2019 150 души", "през 2019 150 души"),  # two numbers, not one in groups
    ("3,1 500 души", "3,1 500 души"),  # after a decimal part: no group of digits
    ("на 12 000 кв. м", "на 12\u00a0000\u00a0кв. м"),  # a unit written with a space
    ("{1} km", "{1}\u00a0km"),  # a protected number's placeholder
    ("5 million euros", "5\u00a0million\u00a0euros"),  # a multiplier, then a unit
    ("над хил. лв. общо", "над хил.\u00a0лв. общо"),  # a multiplier without a number
])
def test_bulgarian_numbers_and_units(text: str, expected: str) -> None:
    assert hold_numbers(text, "bg_BG") == expected


def test_english_digit_groups_take_a_narrow_no_break_space() -> None:
    assert hold_numbers("1 500 000 leva", "en_GB") == "1\u202f500\u202f000\u00a0leva"


def test_one_rule_for_machine_drafts_and_exports() -> None:
    """``typeset`` (machine drafts) joins numbers by the very rule the exporters use."""
    text = "a limit of 60 km/h from 2027, at 1 500 000 leva"
    assert typeset(text, "en_GB") == hold_numbers(text, "en_GB")


@pytest.fixture
def numbers(workspace: Path) -> Path:
    folder = workspace / "articles" / ARTICLE
    folder.mkdir()
    (folder / "bg.md").write_text(
        f"---\ntitle: Ново ограничение от 60 км/ч\ndate: 2027-01-15\n---\n\n{BODY}\n",
        encoding="utf-8")
    return workspace


def _export(root: Path, fmt: str, *extra: str) -> str:
    result = run_cli("export", ARTICLE, "--format", fmt, "--layout", "bg", *extra, "-o", "-",
                     cwd=root)
    assert result.code == 0, result.err
    return result.out


@pytest.mark.parametrize("width", range(30, 80))
def test_plain_text_never_breaks_a_number(numbers: Path, width: int) -> None:
    out = _export(numbers, "txt", "--width", str(width))
    flat = re.sub(r"\s*\n\s*", " ", out)
    for held in HELD:
        assert held in flat, (width, held)
    assert all(len(line) <= width for line in out.splitlines() if " " in line.strip())


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_html_and_markdown_hold_numbers(numbers: Path, fmt: str) -> None:
    out = _export(numbers, fmt)
    for held in HELD:
        assert held in out, held
    assert "60\u00a0км/ч" in out.split(BODY[:20])[0], "the title too"


def test_code_is_left_as_written(numbers: Path) -> None:
    bg = numbers / "articles" / ARTICLE / "bg.md"
    bg.write_text(bg.read_text(encoding="utf-8") + "\nКоманда: `limit 60 km`.\n",
                  encoding="utf-8")
    assert "<code>limit 60 km</code>" in _export(numbers, "html")
