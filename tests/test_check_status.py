"""`bulletin init`, `bulletin status` and `bulletin check` on real workspaces."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLE_ID, run_cli

from bulletin.errors import ExitCode


def test_init_makes_a_workspace_that_checks(tmp_path: Path) -> None:
    result = run_cli("init", "newsroom", cwd=tmp_path)
    assert result.code == 0, result.err
    root = tmp_path / "newsroom"
    assert (root / "bulletin.toml").is_file() and (root / "articles").is_dir()
    assert ".bulletin/" in (root / ".gitignore").read_text(encoding="utf-8")
    assert run_cli("check", "--strict", cwd=root).code == 0
    again = run_cli("init", "newsroom", cwd=tmp_path)
    assert again.code == ExitCode.CONFLICT and "already exists" in again.err


def test_status_json_counts(workspace: Path) -> None:
    result = run_cli("status", "--json", cwd=workspace)
    assert result.code == 0, result.err
    rows = {row["article"]: row for row in json.loads(result.out)}
    row = rows[SAMPLE_ID]
    assert row["lang"] == "en" and row["missing"] == row["machine"] == row["stale"] == 0
    assert row["reviewed"] == row["total"] == 12


def test_status_table_when_piped(workspace: Path) -> None:
    (workspace / "articles" / SAMPLE_ID / "en.md").unlink()
    result = run_cli("status", SAMPLE_ID, cwd=workspace)
    assert result.code == 0
    header, line = result.out.strip().split("\n")[:2]
    assert header.split("\t")[:3] == ["article", "lang", "missing"]
    assert line.split("\t")[:3] == [SAMPLE_ID, "en", "12"]


def test_check_strict_fails_on_missing_translation(workspace: Path) -> None:
    (workspace / "articles" / SAMPLE_ID / "en.md").unlink()
    result = run_cli("check", "--strict", "--json", cwd=workspace)
    assert result.code == ExitCode.INCOMPLETE
    report = json.loads(result.out)
    assert report["ok"] is False
    assert any("12 missing" in p["message"] and p["file"].endswith("en.md")
               for p in report["problems"])
    assert run_cli("check", cwd=workspace).code == 0


def test_check_from_a_subfolder_finds_the_workspace(workspace: Path) -> None:
    result = run_cli("check", "--strict", cwd=workspace / "articles" / SAMPLE_ID)
    assert result.code == 0, result.err


def test_check_json_names_a_file_with_a_colon_whole(workspace: Path) -> None:
    """A problem without a line keeps its whole file name in --json, colons and all."""
    (workspace / "articles" / "2019-04-08-a:b").mkdir()
    result = run_cli("check", "--json", cwd=workspace)
    report = json.loads(result.out)
    files = [p["file"] for p in report["problems"] if "not an article id" in p["message"]]
    assert files == ["articles/2019-04-08-a:b"], report["problems"]
