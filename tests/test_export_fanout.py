"""Exports rendered by several worker processes equal the serial ones, and refuse the same
bad input with the same messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.errors import ExitCode

OTHER = "2019-04-15-izmisleno-sdruzhenie-gradini-na-pokriva"


def export(root: Path, workers: int, *args: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BULLETIN_WORKERS", str(workers))
    shutil.rmtree(root / ".bulletin", ignore_errors=True)  # no cached export
    return run_cli("export", *args, "-o", str(root / f"out-{workers}"), cwd=root)


@pytest.mark.parametrize("args", [(), ("--format", "md", "--layout", "sequential"),
                                  ("--format", "txt", "--layout", "en"),
                                  (OTHER, SAMPLE_ID, "--format", "html"), ("--tag", "клъстери"),
                                  ("--since", "2019-04-10")])
def test_parallel_equals_serial(workspace: Path, args: tuple[str, ...],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    serial = export(workspace, 1, *args, monkeypatch=monkeypatch)
    parallel = export(workspace, 2, *args, monkeypatch=monkeypatch)
    assert serial.code == parallel.code == 0, serial.err + parallel.err
    one = (workspace / "out-1").read_text(encoding="utf-8")
    two = (workspace / "out-2").read_text(encoding="utf-8")
    assert one == two
    if args[:2] == (OTHER, SAMPLE_ID):  # explicit ids keep the order given, not date order
        assert one.index(f'id="{OTHER}"') < one.index(f'id="{SAMPLE_ID}"')


def test_parallel_reports_every_bad_article_and_writes_nothing(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = workspace / "articles" / "2019-04-20-bez-data"
    bad.mkdir()
    (bad / "bg.md").write_text("---\ntitle: Без дата\n---\n\nТекст.\n", encoding="utf-8")
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    en.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    for workers in (1, 2):
        result = export(workspace, workers, monkeypatch=monkeypatch)
        assert result.code == ExitCode.INVALID
        assert "2019-04-20-bez-data/bg.md" in result.err and "no 'date'" in result.err
        assert f"{SAMPLE_ID}/en.md:2" in result.err  # and every broken translation, too
        assert not (workspace / f"out-{workers}").exists()


def test_parallel_unknown_id_and_empty_selection(workspace: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = export(workspace, 2, "2020-01-01-nyama", monkeypatch=monkeypatch)
    assert unknown.code == ExitCode.NOT_FOUND and "2020-01-01-nyama" in unknown.err
    unsafe = export(workspace, 2, "../x", monkeypatch=monkeypatch)
    assert unsafe.code == ExitCode.USAGE
    empty = export(workspace, 2, "--since", "2030-01-01", monkeypatch=monkeypatch)
    assert empty.code == ExitCode.NOT_FOUND and "no article matches" in empty.err
    assert not (workspace / "out-2").exists()


def test_parallel_finds_duplicates(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(workspace / "articles" / SAMPLE_ID,
                    workspace / "articles" / (SAMPLE_ID + "-kopie"))
    result = export(workspace, 2, monkeypatch=monkeypatch)
    assert result.code == ExitCode.INVALID and "duplicate article" in result.err


def test_parallel_orders_by_date_not_by_folder(workspace: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    late_folder = workspace / "articles" / "2019-04-30-ranna-data"
    late_folder.mkdir()
    (late_folder / "bg.md").write_text("---\ntitle: Ранна дата\ndate: 2019-04-01\n---\n\n"
                                       "Папката казва 30 април, статията – 1 април.\n",
                                       encoding="utf-8")
    serial = export(workspace, 1, monkeypatch=monkeypatch)
    parallel = export(workspace, 2, monkeypatch=monkeypatch)
    assert serial.code == parallel.code == 0
    text = (workspace / "out-2").read_text(encoding="utf-8")
    assert text == (workspace / "out-1").read_text(encoding="utf-8")
    assert text.index('id="2019-04-30-ranna-data"') < text.index(f'id="{SAMPLE_ID}"')
