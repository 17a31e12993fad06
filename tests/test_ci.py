"""CI runs what the README promises, then keeps lint and types clean."""

from __future__ import annotations

import re

from conftest import REPO

TEST_COMMAND = ("python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' "
                "&& .venv/bin/python -m pytest")


def _ci_commands() -> list[str]:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_quick_start_is_unchanged() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, flags=re.S)
    assert blocks[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/bulletin export",
        TEST_COMMAND,
    ]


def test_ci_calls_the_readme_test_command() -> None:
    assert any(line.startswith(TEST_COMMAND) for line in _ci_commands())


def test_ci_runs_ruff_and_mypy_with_the_dev_extra() -> None:
    commands = _ci_commands()
    assert any("pip install" in line and "'.[dev]'" in line for line in commands)
    assert any(line.startswith(".venv/bin/ruff check .") for line in commands)
    assert any(line.startswith(".venv/bin/mypy bulletin") for line in commands)
