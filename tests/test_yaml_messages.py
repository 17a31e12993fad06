"""The YAML mistakes people make in front matter, each answered with its file and line and
the fix written out from their own value (before: PyYAML's own words, and the example
date 2019-04-08 for a date written 27.11.2026)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from bulletin.errors import ExitCode

ARTICLE = "2026-11-27-statiya-s-greshka"


def check(workspace: Path, source: str) -> str:
    folder = workspace / "articles" / ARTICLE
    folder.mkdir()
    (folder / "bg.md").write_text(source, encoding="utf-8")
    result = run_cli("check", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert "Traceback" not in result.err
    return result.err


def test_a_tab_that_indents_a_line(workspace: Path) -> None:
    err = check(workspace, "---\ntitle: Заглавие\ndate: 2026-11-27\ntags:\n\t- събития\n"
                           "---\n\nТекст.\n")
    assert (f"articles/{ARTICLE}/bg.md:5: error: a tab indents this line; YAML indents with "
            "spaces only\n  hint: indent it with spaces: '  - събития'") in err
    assert "cannot start any token" not in err


@pytest.mark.parametrize(("title", "fixed"), [
    ("Ева Майдел: ЕС трябва да инвестира", 'title: "Ева Майдел: ЕС трябва да инвестира"'),
    ('Кметът: "Ще има метро"', "title: 'Кметът: \"Ще има метро\"'"),
])
def test_a_colon_in_an_unquoted_title(workspace: Path, title: str, fixed: str) -> None:
    err = check(workspace, f"---\ntitle: {title}\ndate: 2026-11-27\n---\n\nТекст.\n")
    assert (f"articles/{ARTICLE}/bg.md:2: error: the value of 'title' holds ': ', which YAML "
            f"reads as the start of another key\n  hint: put the value in quotes: {fixed}") in err
    assert "mapping values" not in err
    # the fix as written is right: the article then checks
    path = workspace / "articles" / ARTICLE / "bg.md"
    path.write_text(f"---\n{fixed}\ndate: 2026-11-27\n---\n\nТекст.\n", encoding="utf-8")
    assert run_cli("check", cwd=workspace).code == ExitCode.OK


def test_a_date_written_the_bulgarian_way(workspace: Path) -> None:
    err = check(workspace, "---\ntitle: Заглавие\ndate: 27.11.2026\n---\n\nТекст.\n")
    assert (f"articles/{ARTICLE}/bg.md:3: error: 'date' must be a date written YYYY-MM-DD, "
            "not '27.11.2026'\n  hint: write it year first: date: 2026-11-27") in err
    assert "2019-04-08" not in err


def test_an_event_date_written_the_bulgarian_way(workspace: Path) -> None:
    err = check(workspace, "---\ntitle: Заглавие\ndate: 2026-11-27\n"
                           "event: {start: 1.12.2026, place: София}\n---\n\nТекст.\n")
    assert "hint: write it year first: start: 2026-12-01" in err


@pytest.mark.parametrize(("source", "line", "before"), [
    ("---\ntitle: Заглавие\n---\ndate: 2026-11-27\n---\n\nТекст.\n", 3, "date: 2026-11-27"),
    ("---\n---\ntitle: Заглавие\ndate: 2026-11-27\n---\n\nТекст.\n", 2, "title: Заглавие"),
])
def test_a_stray_fence(workspace: Path, source: str, line: int, before: str) -> None:
    err = check(workspace, source)
    assert (f"articles/{ARTICLE}/bg.md:{line}: error: a stray '---' on line {line} ends the "
            f"front matter before '{before}' (line {line + 1})\n"
            f"  hint: delete the '---' on line {line}") in err


def test_a_rule_in_the_body_is_no_stray_fence(workspace: Path) -> None:
    folder = workspace / "articles" / ARTICLE
    folder.mkdir()
    (folder / "bg.md").write_text("---\ntitle: Заглавие\ndate: 2026-11-27\n---\n\nТекст.\n\n"
                                  "---\n\nОще текст.\n", encoding="utf-8")
    assert run_cli("check", cwd=workspace).code == ExitCode.OK
