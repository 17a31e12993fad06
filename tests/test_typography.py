"""The target language's own typography: each rule, machine drafts, and the QA fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import FakeService
from fakeserver import fake_service as fake_service  # noqa: F401 - a fixture
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin.translation.typography import hold_numbers, misfits, typeset, typeset_text

ARTICLE = "2026-12-01-brekzit-i-klasterite"


@pytest.mark.parametrize(("text", "locale", "expected"), [
    ("the „Brexit” deal", "en_GB", "the “Brexit” deal"),  # Bulgarian marks, both closings
    ("the „Brexit“ deal", "en_GB", "the “Brexit” deal"),
    ("the «Brexit» deal", "en_GB", "the “Brexit” deal"),
    ('the "Brexit" deal', "en_GB", "the “Brexit” deal"),  # straight quotes paired
    ("„a „b” c“", "en_GB", "“a ‘b’ c”"),  # a quotation inside one: the alternate pair
    ("die „Brexit” Frage", "de_DE", "die „Brexit“ Frage"),  # German keeps „, closes with “
    ("le «Brexit» vote", "fr_FR", "le «\u202fBrexit\u202f» vote"),
    ("growth - and more", "en_GB", "growth – and more"),  # a spaced hyphen is a dash
    ("growth - and more", "en_US", "growth—and more"),
    ("well-known, 2019-2020", "en_GB", "well-known, 2019-2020"),  # hyphens in words stay
    ("and so on...", "en_GB", "and so on…"),
    ("60 km/h, 12 kg and 3 children", "en_GB", "60\u00a0km/h, 12\u00a0kg and 3 children"),
    ("1,500,000 leva", "en_GB", "1,500,000\u00a0leva"),
    ("the agency’s plan", "en_GB", "the agency’s plan"),  # an apostrophe is no quotation
    ("„Брекзит”", "xx", "„Брекзит”"),  # a language without rules: unchanged
])
def test_each_rule(text: str, locale: str, expected: str) -> None:
    assert typeset_text(text, locale) == expected


def test_code_links_and_urls_never_change() -> None:
    text = 'Run `say "a" - b...` and see [the „site”](https://a.bg/x-y?q="1") or https://b.bg/a-b'
    fixed = typeset_text(text, "en_GB")
    assert '`say "a" - b...`' in fixed and '(https://a.bg/x-y?q="1")' in fixed
    assert "https://b.bg/a-b" in fixed and "[the “site”]" in fixed


def test_placeholders_of_a_provider_answer_are_left_alone() -> None:
    assert typeset("The „{1}” costs {2} km - {3}", "en_GB") == "The “{1}” costs {2}\u00a0km – {3}"


def test_misfits_name_another_languages_marks() -> None:
    assert misfits("the „Brexit” deal - now", "en_GB") == ["„", " - "]
    assert misfits("the “Brexit” deal – now", "en_GB") == []
    assert misfits('`„code”` and "straight"', "en_GB") == []


def workspace(root: Path) -> Path:
    root.mkdir()
    (root / "bulletin.toml").write_text('source = "bg"\nlanguages = ["en"]\n', encoding="utf-8")
    folder = root / "articles" / ARTICLE
    folder.mkdir(parents=True)
    (folder / "bg.md").write_text(
        "---\ntitle: Брекзит и клъстерите\ndate: 2026-12-01\n---\n\n"
        "Конференцията „Брекзит и клъстерите” събра 120 души - експерти и фирми...\n",
        encoding="utf-8")
    return root


def test_machine_drafts_carry_english_quotation_marks(tmp_path: Path,
                                                      fake_service: FakeService,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = workspace(tmp_path / "ws")
    monkeypatch.setenv("BULLETIN_LIBRE_URL", fake_service.url)
    assert run_cli("translate", "--provider", "libre", cwd=root).code == 0
    english = (root / "articles" / ARTICLE / "en.md").read_text(encoding="utf-8")
    assert "“Brekzit i klasterite” sabra 120 dushi – eksperti i firmi…" in english
    assert "„" not in english


def test_qa_offers_the_fix_for_reviewed_text_and_review_applies_it(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws")
    en = root / "articles" / ARTICLE / "en.md"
    en.write_text("---\ntitle: Brexit and clusters\n---\n\n"
                  "The „Brexit and Clusters” conference drew 120 people - experts and "
                  "companies...\n", encoding="utf-8")
    check = run_cli("check", cwd=root)
    assert "typography of another language: '„' ' - '" in check.err
    assert "The “Brexit and Clusters” conference drew 120 people – experts" in check.err
    assert run_cli("check", "--strict", cwd=root).code != 0
    result = run_cli("review", ARTICLE, "--typography", cwd=root)
    assert result.code == 0, result.err
    assert "typography set for 1 segment(s)" in result.out
    assert "The “Brexit and Clusters” conference drew 120\u00a0people" not in en.read_text(
        encoding="utf-8")  # "people" is no unit: a plain space stays
    assert "The “Brexit and Clusters” conference drew 120 people – experts and companies…" \
        in en.read_text(encoding="utf-8")
    assert run_cli("check", "--strict", cwd=root).code == 0


# The digit-group rule as first written: not after a digit, a point or a comma, one to
# three digits, then groups of a space and three digits, not followed by a digit.
_GROUPS_AS_WRITTEN = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789 .,a}", min_size=1, max_size=40))
def test_digit_groups_are_found_where_the_rule_as_written_finds_them(text: str) -> None:
    from bulletin.translation.typography import _DIGIT_GROUPS

    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text)]

    assert spans(_DIGIT_GROUPS) == spans(_GROUPS_AS_WRITTEN), text
    assert hold_numbers("1 500 000 лв., 1,234 567", "bg_BG") == (
        "1\u00a0500\u00a0000\u00a0лв., 1,234 567")
