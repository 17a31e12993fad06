"""Results of work on each article folder (``check``'s problems, ``status``'s counts), kept
in ``.bulletin/cache/<name>.json`` and used again while nothing that feeds them changed.

A folder's result is keyed like an export (``bulletin.stamps``): by the tool's version and
code, the workspace's settings, glossary, templates and catalogs (one context for all
folders), and the size, modification time and inode of every file in the folder. So an
unchanged archive is answered from the stamps alone: no article is read. The record is
JSON (never pickle: a workspace's ``.bulletin/`` may come from anyone), and a record that
cannot be read or written is no error, only slower. Deleting ``.bulletin/`` is safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from bulletin.errors import Problem, Severity
from bulletin.fsio import confined, relative, state_dir, write_text
from bulletin.stamps import add_tree, tool_digest

FORMAT = 1  # of the record; another number is a record of another tool


class FolderResults:
    """The kept results of one kind of work (``name``) on the folders of the workspace at
    ``root``; ``key`` names what the work was asked (e.g. the languages)."""

    def __init__(self, root: Path, name: str, key: str = "") -> None:
        self.root = root
        self.path = state_dir(root) / "cache" / f"{name}.json"
        self.context = tool_digest(root, f"{FORMAT}\0{name}\0{key}").hexdigest()
        self._kept = self._load()
        self._fresh: dict[str, list[Any]] = {}
        self.changed = False

    def _load(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(confined(self.root, self.path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("context") != self.context:
            return {}
        folders = data.get("folders")
        return folders if isinstance(folders, dict) else {}

    def get(self, folder: Path) -> tuple[str, Any | None]:
        """The folder's stamp, and its kept result if that is still current."""
        stamp = folder_stamp(folder)
        entry = self._kept.get(folder.name)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp:
            self._fresh[folder.name] = entry
            return stamp, entry[1]
        return stamp, None

    def put(self, folder: Path, stamp: str, result: Any) -> None:
        self._fresh[folder.name] = [stamp, result]
        self.changed = True

    def save(self) -> None:
        """Keep the results of this run (the folders it saw, no others); best effort."""
        if not self.changed and len(self._fresh) == len(self._kept):
            return
        text = json.dumps({"context": self.context, "folders": self._fresh},
                          ensure_ascii=False, separators=(",", ":"))
        with contextlib.suppress(OSError):
            write_text(confined(self.root, self.path), text)


def folder_stamp(folder: Path) -> str:
    """A digest of the name, size, modification time and inode of every file in
    ``folder`` and in the folders inside it (a picture may sit in one), and of the folder
    itself, without reading any (``stamps.add_tree``)."""
    try:
        st = os.stat(folder)
    except OSError:
        return "-"
    digest = hashlib.sha256(f"{st.st_mtime_ns}:{st.st_ino}\0".encode())
    add_tree(digest, folder, depth=2)
    return digest.hexdigest()[:32]


# --- problems as JSON ------------------------------------------------------------------

def problem_json(problem: Problem, root: Path) -> dict[str, Any]:
    """``problem`` as plain data (its file relative to ``root``), QA detail included."""
    path = relative(problem.path, root) if problem.path is not None else None
    data: dict[str, Any] = {"path": path,
                            "message": problem.message, "hint": problem.hint,
                            "line": problem.line, "severity": int(problem.severity),
                            "code": problem.code}
    finding = getattr(problem, "finding", None)
    if finding is not None:
        from dataclasses import asdict

        state = getattr(problem, "state", None)
        data["finding"] = {**asdict(finding), "found": list(finding.found)}
        data["state"] = state.value if state is not None else None
    return data


def problem_from_json(data: dict[str, Any], root: Path) -> Problem:
    """The problem that ``problem_json`` gave ``data`` of."""
    path = data.get("path")
    where = root / path if isinstance(path, str) else None
    line = data.get("line")
    line = line if isinstance(line, int) else None
    message, hint = str(data["message"]), str(data.get("hint", ""))
    severity, code = Severity(int(data["severity"])), str(data.get("code", "invalid"))
    finding = data.get("finding")
    if not isinstance(finding, dict):
        return Problem(where, message, hint, line, severity, code)
    from bulletin.content.model import State
    from bulletin.translation.qa import Finding, QAProblem

    state = data.get("state")
    return QAProblem(where, message, hint, line, severity, code,
                     finding=Finding(**{**finding, "found": tuple(finding["found"])}),
                     state=State(state) if state is not None else None)
