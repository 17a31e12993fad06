"""How commands speak: errors and problems on stderr, tables for people, JSON for programs.

Everything a command prints passes through :func:`shown`, so that no text from an article,
a file name or a service's answer can act on the terminal: control characters (ESC, which
starts screen-clearing and OSC 8 link sequences, the C1 codes such as U+009B, DEL) are
printed visibly as ``\\u001b``. The one exception is the document of ``export -o -`` when
standard output is a file or a pipe: that is data, written as it is (see
:func:`document_stream`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any, cast

from bulletin.controls import escape_controls
from bulletin.errors import BulletinError, Problem, WorkspaceInvalid


def shown(value: object) -> str:
    """``value`` as text that is safe on a terminal: control characters made visible."""
    return escape_controls(str(value))


def shown_path(path: Path) -> str:
    """A file a command names: relative to the current folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def say(text: object = "", *, err: bool = False, flush: bool = False) -> None:
    """Print a line for a person, on stdout (or stderr with ``err``), made safe."""
    print(shown(text), file=sys.stderr if err else sys.stdout, flush=flush)


def print_error(exc: BulletinError) -> None:
    if isinstance(exc, WorkspaceInvalid):  # each problem, then the line that counts them
        print_problems(exc.problems)
        say(Problem(None, exc.message).render(), err=True)
    else:
        say(exc.problem().render(Path.cwd()), err=True)


def print_problems(problems: Iterable[Problem], root: Path | None = None) -> None:
    for problem in problems:
        say(problem.render(root or Path.cwd()), err=True)


# JSON escapes C0 itself; DEL and C1 it leaves raw. As \u escapes they mean the same string.
_JSON_RAW = re.compile("[\x7f-\x9f]")


def print_json(data: Any, *, err: bool = False) -> None:
    """``data`` as JSON on stdout (or stderr with ``err``), control characters escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    stream = sys.stderr if err else sys.stdout
    stream.write(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def is_terminal() -> bool:
    return sys.stdout.isatty()


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A rich table on a terminal; tab-separated lines otherwise (easy to grep and cut).

    The first column (an id) is never cut: where the table with it whole does not fit
    the terminal, each first value is a line of its own, with its rows under it."""
    if not is_terminal():
        say("\t".join(columns))
        for row in rows:
            say("\t".join(str(c) for c in row))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if rows:
        widths = [max(len(shown(c)) for c in column) for column in zip(columns, *rows,
                                                                         strict=True)]
        if sum(w + 3 for w in widths) + 1 > console.width:
            _grouped(title, columns, rows)
            return
    table = Table(title=shown(title))
    for index, column in enumerate(columns):
        table.add_column(shown(column), justify="left" if index == 0 else "right",
                         no_wrap=index == 0)
    for row in rows:
        table.add_row(*(Text(shown(c)) for c in row))  # Text: no rich markup in the cells
    console.print(table)


def _grouped(title: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """The narrow layout of a table: each first value whole on a line of its own, and under
    it each of its rows as ``name value`` pairs."""
    say(title)
    current: object = None
    for row in rows:
        if row[0] != current:
            current = row[0]
            say(row[0])
        say("  " + "  ".join(f"{name} {value}" for name, value in zip(columns[1:], row[1:],
                                                                       strict=True)))


class _Shown:
    """A text stream that makes control characters visible on their way to a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(shown(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def document_stream() -> IO[str]:
    """Where ``export -o -`` writes its document: standard output as it is when that is a
    file or a pipe (the document is data, kept byte for byte), made safe when it is a
    terminal (a person reads it there, and nothing in it should act on the screen)."""
    if sys.stdout.isatty():
        return cast("IO[str]", _Shown(sys.stdout))
    return sys.stdout


def date_option(value: str | None, option: str) -> dt.date | None:
    """The date an option such as --since, --until or --date gives (None when not
    given); a usage error names the option when it is no date."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        from bulletin.errors import UsageError

        raise UsageError(f"{option} {value!r} is not a date",
                         hint=f"write it YYYY-MM-DD, e.g. {option} 2019-04-01") from None
