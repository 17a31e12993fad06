"""Every format x layout of the sample workspace, compared with files in tests/golden/,
through the path that reads articles in this process and through worker processes.

After an intended change of the output, regenerate them and review the diff:

    BULLETIN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_export_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_cli

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("BULLETIN_UPDATE_GOLDEN") == "1"
FORMATS = ("html", "md", "txt")
LAYOUTS = ("parallel", "sequential", "bg", "en")


@pytest.mark.parametrize("workers", ["1", "2"], ids=["serial", "parallel"])
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_matches_golden(workspace: Path, fmt: str, layout: str, workers: str,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_WORKERS", workers)  # forced: the sample is small
    result = run_cli("export", "--format", fmt, "--layout", layout, "-o", "-", cwd=workspace)
    assert result.code == 0, result.err
    golden = GOLDEN / f"{layout}.{fmt}"
    if UPDATE and workers == "1":
        golden.write_text(result.out, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"no golden file {golden.name}: run with BULLETIN_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    assert result.out == expected, (
        f"{golden.name} differs; if the change is intended, regenerate with "
        "BULLETIN_UPDATE_GOLDEN=1 and review the diff")


def test_export_is_deterministic(workspace: Path) -> None:
    first = run_cli("export", "-o", "-", cwd=workspace).out
    second = run_cli("export", "-o", "-", cwd=workspace).out
    assert first == second


def test_goldens_hold_the_seed_dates() -> None:
    for fmt in FORMATS:
        parallel = (GOLDEN / f"parallel.{fmt}").read_text(encoding="utf-8")
        assert "8 април 2019\u202fг." in parallel and "8 April 2019" in parallel
