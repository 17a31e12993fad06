"""The one exception root, the exit codes, and the problems that validation collects.

Library code raises these; only ``bulletin.cli`` turns them into a message and an exit code.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Exit codes of every ``bulletin`` command (documented in the README)."""

    OK = 0
    ERROR = 1  # an unexpected failure (a bug): please report it
    USAGE = 2  # wrong command-line usage (typer/click use 2 as well)
    INVALID = 3  # the workspace or an input file is invalid
    INCOMPLETE = 4  # check --strict / build --check: translations missing, machine-only or stale
    NOT_FOUND = 5  # no workspace, or a named article or file does not exist
    CONFLICT = 6  # refused to overwrite, or another run holds the workspace lock
    PROVIDER = 7  # the translation service failed (network, key, quota, bad answer)
    MAIL = 8  # the mail server failed (refused recipient, refused login, timeout, dropped)
    INTERRUPTED = 130  # stopped by Ctrl-C; finished work was saved


class Severity(IntEnum):
    WARNING = 1
    ERROR = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workspace: where, what, and how to fix it."""

    path: Path | None
    message: str
    hint: str = ""
    line: int | None = None
    severity: Severity = Severity.ERROR
    code: str = "invalid"

    def file(self, root: Path | None = None) -> str:
        """The problem's file as shown: relative to ``root`` when it is inside it."""
        if self.path is None:
            return ""
        path = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                path = path.relative_to(root)
        return str(path)

    def where(self, root: Path | None = None) -> str:
        """``file:line``, or the file alone when the line is not known."""
        file = self.file(root)
        return f"{file}:{self.line}" if file and self.line else file

    def render(self, root: Path | None = None) -> str:
        where = self.where(root)
        kind = "error" if self.severity is Severity.ERROR else "warning"
        text = f"{where}: {kind}: {self.message}" if where else f"{kind}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        return {
            "file": self.file(root) if self.path else None,
            "line": self.line,
            "severity": "error" if self.severity is Severity.ERROR else "warning",
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class BulletinError(Exception):
    """Root of every error the library raises on purpose."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str = "", path: Path | None = None,
                 line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line

    def problem(self) -> Problem:
        return Problem(self.path, self.message, self.hint, self.line)


class InvalidInput(BulletinError):
    """A file or setting is malformed."""

    exit_code = ExitCode.INVALID


class OutsideWorkspace(InvalidInput):
    """A workspace file or folder is a link that leads out of the workspace."""

    def problem(self) -> Problem:
        return Problem(self.path, self.message, self.hint, self.line, code="outside")


class WorkspaceInvalid(BulletinError):
    """Validation found errors; all of them are in ``problems``."""

    exit_code = ExitCode.INVALID

    def __init__(self, problems: list[Problem], *, message: str = "") -> None:
        errors = [p for p in problems if p.severity is Severity.ERROR]
        super().__init__(message or f"{len(errors)} problem(s) found; nothing was written")
        self.problems = problems


class Unfinished(WorkspaceInvalid):
    """Translations are missing, machine-only or stale where finished ones were required;
    each unfinished translation is one of ``problems``."""

    exit_code = ExitCode.INCOMPLETE


class NotFound(BulletinError):
    exit_code = ExitCode.NOT_FOUND


class Conflict(BulletinError):
    exit_code = ExitCode.CONFLICT


class UsageError(BulletinError):
    exit_code = ExitCode.USAGE


class Interrupted(BulletinError):
    """Ctrl-C: raised by long work after it has saved what was finished."""

    exit_code = ExitCode.INTERRUPTED


class MailError(BulletinError):
    """The mail server failed or refused: ``bulletin send``."""

    exit_code = ExitCode.MAIL


class ProviderError(BulletinError):
    """A translation service failed; ``retryable`` says whether trying again may help."""

    exit_code = ExitCode.PROVIDER

    def __init__(self, message: str, *, hint: str = "", retryable: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass
class Report:
    """Problems collected while loading or checking; raise once at the end."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: Path | None, message: str, hint: str = "", *, line: int | None = None,
            severity: Severity = Severity.ERROR, code: str = "invalid") -> None:
        self.problems.append(Problem(path, message, hint, line, severity, code))

    def warn(self, path: Path | None, message: str, hint: str = "", *, line: int | None = None,
             code: str = "warning") -> None:
        self.add(path, message, hint, line=line, severity=Severity.WARNING, code=code)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]
