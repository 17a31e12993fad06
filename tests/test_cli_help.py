"""Every command has help that ends with an example, and the README names every command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, run_cli

from bulletin.cli import _register, app


def command_paths() -> list[list[str]]:
    import typer.main

    _register()
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(group, prefix: list[str]) -> None:  # type: ignore[no-untyped-def]
        for name, command in sorted(getattr(group, "commands", {}).items()):
            if getattr(command, "commands", None):
                walk(command, [*prefix, name])
            paths.append([*prefix, name])

    walk(root, [])
    return paths


def test_there_are_commands() -> None:
    names = {" ".join(p) for p in command_paths()}
    assert {"init", "check", "status"} <= names


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p))
def test_help_has_an_example(path: list[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(*path, "--help", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Example: bulletin " in result.out, f"`bulletin {' '.join(path)} --help` lacks one"


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p))
def test_readme_names_every_command(path: list[str]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"bulletin {' '.join(path)}" in readme


def test_version_and_module_entry_point() -> None:
    out = subprocess.run([sys.executable, "-m", "bulletin", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("bulletin ")
