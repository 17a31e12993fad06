"""How commands speak: errors and problems on stderr, tables for people, JSON for programs."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bulletin.errors import BulletinError, Problem, WorkspaceInvalid


def print_error(exc: BulletinError, root: Path | None = None) -> None:
    if isinstance(exc, WorkspaceInvalid):
        print_problems(exc.problems, root)
    problem = exc.problem()
    if isinstance(exc, WorkspaceInvalid):
        problem = Problem(None, exc.message)
    print(problem.render(root or Path.cwd()), file=sys.stderr)


def print_problems(problems: Iterable[Problem], root: Path | None = None) -> None:
    for problem in problems:
        print(problem.render(root or Path.cwd()), file=sys.stderr)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def is_terminal() -> bool:
    return sys.stdout.isatty()


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A rich table on a terminal; tab-separated lines otherwise (easy to grep and cut)."""
    if not is_terminal():
        print("\t".join(columns))
        for row in rows:
            print("\t".join(str(c) for c in row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for index, column in enumerate(columns):
        table.add_column(column, justify="left" if index == 0 else "right")
    for row in rows:
        table.add_row(*(str(c) for c in row))
    Console().print(table)
