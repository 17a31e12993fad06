"""Shared fixtures: a copy of the sample workspace, the CLI run in-process, tool guards."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_ID = "2019-04-08-sofia-se-vklyuchi-v-evropeyskite-klasterni-sedmitsi"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str, found: bool, why: str) -> None:
    """Skip on a laptop that lacks ``name``; in CI (CI=true) a missing tool is a failure."""
    if found:
        return
    if IN_CI:
        pytest.fail(f"{name} is required in CI: {why}")
    pytest.skip(f"{name} is not installed here: {why}")


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path) -> Result:
    """Run ``bulletin ARGS`` in-process from ``cwd``; stdout and stderr captured."""
    from bulletin.cli import run

    out, err = io.StringIO(), io.StringIO()
    old = Path.cwd()
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = run(list(args))
    finally:
        os.chdir(old)
    return Result(int(code), out.getvalue(), err.getvalue())


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the repository's sample workspace (bulletin.toml + articles/)."""
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(REPO / "bulletin.toml", root / "bulletin.toml")
    shutil.copytree(REPO / "articles", root / "articles")
    yield root


@pytest.fixture
def cli(workspace: Path):  # type: ignore[no-untyped-def]
    def call(*args: str) -> Result:
        return run_cli(*args, cwd=workspace)

    return call


@pytest.fixture(scope="session")
def bench_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's generated corpus of 300 bilingual articles, made once per run."""
    import subprocess

    folder = tmp_path_factory.mktemp("bench") / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "300", str(folder)],
                   check=True, capture_output=True, cwd=REPO)
    return folder


def python() -> str:
    return sys.executable
