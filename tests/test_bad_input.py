"""Bad input: every kind gets a clear message (file, line, what, how to fix), an exit code,
no traceback, and leaves the workspace untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.errors import ExitCode

GOOD = """---
title: Пробна статия
date: 2019-04-10
---

Първи абзац на пробната статия.
"""


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".bulletin" not in p.parts}


def add_article(root: Path, article_id: str, content: str | bytes, name: str = "bg.md") -> Path:
    folder = root / "articles" / article_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check(root: Path, *args: str):  # type: ignore[no-untyped-def]
    before = snapshot(root)
    result = run_cli("check", *args, cwd=root)
    assert "Traceback" not in result.err + result.out
    assert snapshot(root) == before, "check must not modify the workspace"
    return result


CASES = {
    "broken-yaml": ("---\ntitle: [unclosed\ndate: 2019-04-10\n---\n\nТекст.\n",
                    "broken YAML", ":2"),
    "wrong-type-title": ("---\ntitle: {a: 1}\ndate: 2019-04-10\n---\n\nТекст.\n",
                         "'title' must be text", ":2"),
    "wrong-type-tags": ("---\ntitle: Т\ndate: 2019-04-10\ntags: {a: 1}\n---\n\nТекст.\n",
                        "'tags' must be a list", ":4"),
    "missing-title": ("---\ndate: 2019-04-10\n---\n\nТекст.\n", "no 'title'", ":1"),
    "missing-date": ("---\ntitle: Т\n---\n\nТекст.\n", "no 'date'", ":1"),
    "impossible-date": ("---\ntitle: Т\ndate: 2019-02-30\n---\n\nТекст.\n",
                        "impossible value", "day is out of range"),
    "text-date": ("---\ntitle: Т\ndate: 30.02.2019\n---\n\nТекст.\n", "must be a date", ":3"),
    "empty-body": ("---\ntitle: Т\ndate: 2019-04-10\n---\n\n   \n", "no body text", ":5"),
    "no-front-matter": ("Само текст.\n", "no front matter", ":1"),
    "unclosed-front-matter": ("---\ntitle: Т\ndate: 2019-04-10\n\nТекст.\n",
                              "no closing '---'", ":1"),
    "event-backwards": ("---\ntitle: Т\ndate: 2019-04-10\nevent: {start: 2019-03-27, "
                        "end: 2019-03-26}\n---\n\nТекст.\n", "ends (2019-03-26) before", ":4"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_article_is_reported_with_file_and_line(workspace: Path, case: str) -> None:
    content, message, where = CASES[case]
    add_article(workspace, "2019-04-10-probna", content)
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert "articles/2019-04-10-probna/bg.md" in result.err
    assert message in result.err
    assert where in result.err
    assert "hint:" in result.err


def test_every_problem_is_reported_at_once(workspace: Path) -> None:
    add_article(workspace, "2019-04-10-edno", "---\ndate: 2019-04-10\n---\n\nТекст.\n")
    add_article(workspace, "2019-04-11-dve", "---\ntitle: Т\ndate: 2019-02-30\n---\n\nТ.\n")
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert "2019-04-10-edno/bg.md" in result.err and "2019-04-11-dve/bg.md" in result.err
    assert "2 error(s)" in result.err


def test_unknown_keys_warn_but_pass(workspace: Path) -> None:
    add_article(workspace, "2019-04-10-probna",
                GOOD.replace("date:", "autor: Иван\ndate:"))
    (workspace / "bulletin.toml").write_text(
        (workspace / "bulletin.toml").read_text(encoding="utf-8") + "\ncolour = 'red'\n",
        encoding="utf-8")
    result = check(workspace)
    assert result.code == 0, result.err
    assert "unknown front-matter key 'autor'" in result.err
    assert "unknown key 'colour'" in result.err
    strict = check(workspace, "--strict")
    assert strict.code != 0


def test_windows_1251_file_names_the_encoding(workspace: Path) -> None:
    path = add_article(workspace, "2019-04-10-probna", GOOD.encode("cp1251"))
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert str(path.relative_to(workspace)) in result.err
    assert "not UTF-8" in result.err and "windows-1251" in result.err
    assert "bulletin import" in result.err


@pytest.mark.parametrize("variant", ["bom", "crlf"])
def test_bom_and_crlf_are_read_with_a_warning(workspace: Path, variant: str) -> None:
    data = GOOD.encode("utf-8")
    data = b"\xef\xbb\xbf" + data if variant == "bom" else data.replace(b"\n", b"\r\n")
    add_article(workspace, "2019-04-10-probna", data)
    result = check(workspace)
    assert result.code == 0, result.err
    assert ("byte-order mark" if variant == "bom" else "CRLF") in result.err
    status = run_cli("status", "--json", cwd=workspace)
    assert status.code == 0 and "2019-04-10-probna" in status.out


def test_duplicate_ids_differing_in_case_and_duplicate_articles(workspace: Path) -> None:
    add_article(workspace, "2019-04-10-probna", GOOD)
    add_article(workspace, "2019-04-10-probna-2", GOOD)
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert "duplicate article" in result.err


def test_translation_without_source(workspace: Path) -> None:
    add_article(workspace, "2019-04-10-samo-prevod", "---\ntitle: Only English\n---\n\nText.\n",
                name="en.md")
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert "2019-04-10-samo-prevod/bg.md" in result.err
    assert "translation without a source" in result.err


@pytest.mark.parametrize("name", ["not-an-id", "2019-13-40-bad-date", "2019-04-10-Upper",
                                  "2019-04-10-..-x"])
def test_bad_folder_names(workspace: Path, name: str) -> None:
    add_article(workspace, name, GOOD)
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert name in result.err and "YYYY-MM-DD" in result.err


@pytest.mark.parametrize("bad", ["../articles", "2019-04-08-a/b", "..", "2019-04-08-x/../y"])
def test_ids_with_dots_or_slashes_are_refused(workspace: Path, bad: str) -> None:
    before = snapshot(workspace)
    result = run_cli("status", bad, cwd=workspace)
    assert result.code == ExitCode.USAGE
    assert "not a safe article id" in result.err or "not an article id" in result.err
    assert "Traceback" not in result.err
    assert snapshot(workspace) == before


def test_unknown_article(workspace: Path) -> None:
    result = run_cli("status", "2019-01-01-nyama-takava", cwd=workspace)
    assert result.code == ExitCode.NOT_FOUND
    assert "no article '2019-01-01-nyama-takava'" in result.err


def test_broken_translation_file(workspace: Path) -> None:
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    en.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert f"articles/{SAMPLE_ID}/en.md:2" in result.err


def test_broken_config(workspace: Path) -> None:
    (workspace / "bulletin.toml").write_text("source = 'bg'\nlanguages = [\n",
                                             encoding="utf-8")
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    assert "bulletin.toml" in result.err and "not valid TOML" in result.err


def test_bad_config_values_are_all_reported(workspace: Path) -> None:
    (workspace / "bulletin.toml").write_text(
        "languages = 'en'\n[export]\nformat = 'pdf'\nwidth = 5\n", encoding="utf-8")
    result = check(workspace)
    assert result.code == ExitCode.INVALID
    for text in ("'languages' must be a list", "'export.format' must be one of",
                 "'export.width'"):
        assert text in result.err


def test_no_workspace(tmp_path: Path) -> None:
    result = run_cli("status", cwd=tmp_path)
    assert result.code == ExitCode.NOT_FOUND
    assert "bulletin init" in result.err
