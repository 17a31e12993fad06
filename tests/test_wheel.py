"""The built wheel carries the catalogs and templates, and exports on its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import REPO


def test_wheel_carries_catalogs_and_exports(tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(REPO, build, ignore=shutil.ignore_patterns(
        ".venv", ".git", "dist", ".bulletin", "bench", "tests", "__pycache__", ".*cache"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                             "--no-build-isolation", "-q", "-w", str(tmp_path / "wheels"),
                             str(build)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    wheel = next((tmp_path / "wheels").glob("bulletin-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("bg", "en", "de"):
        assert f"bulletin/locales/{lang}/LC_MESSAGES/bulletin.po" in names
    assert "bulletin/templates/bulletin.html.j2" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)

    workspace = tmp_path / "ws"
    workspace.mkdir()
    shutil.copy(REPO / "bulletin.toml", workspace)
    shutil.copytree(REPO / "articles", workspace / "articles")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import bulletin; "
            "assert bulletin.__file__.startswith(sys.argv[1]), bulletin.__file__; "
            "from bulletin.cli import run; sys.exit(run(['export', '-o', 'out.md', "
            "'--format', 'md']))")
    run = subprocess.run([sys.executable, "-c", code, str(unpacked)], cwd=workspace,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    text = (workspace / "out.md").read_text(encoding="utf-8")
    assert "Източник на снимката" in text and "Image source" in text  # words from catalogs
    assert "8 април 2019\u202fг." in text
