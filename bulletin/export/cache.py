"""Skip an export whose inputs have not changed since it was last written.

The record in ``.bulletin/cache/exports.json`` maps an output path to a digest of
everything the output is made from — the tool's version, the request, and the size,
modification time and inode of every file of the workspace that feeds an export
(settings, articles and their files, templates, catalogs, and the tool's own code,
templates and catalogs) — and to the size and time of the file written. When both still match, the
file on disk is exactly what a new export would write. An export to a stream (``-o -``)
is made into a kept copy, ``.bulletin/cache/stdout.<ext>``, recorded the same way, and
answered from it while it is current. Deleting ``.bulletin/`` is safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import IO

from bulletin.fsio import confined, state_dir, write_text
from bulletin.stamps import add_tree, tool_digest


def record_path(root: Path) -> Path:
    return state_dir(root) / "cache" / "exports.json"


def inputs_digest(root: Path, request_key: str) -> str:
    """A digest that changes whenever any input of an export may have changed."""
    digest = tool_digest(root, request_key)  # a changed checkout of the tool re-exports too
    add_tree(digest, root / "articles", depth=3)  # an article's files, and its folders' files
    return digest.hexdigest()


def _output_stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return _stamp(st)


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _load(root: Path) -> dict[str, dict[str, object]]:
    path = confined(root, record_path(root))  # a record linked out of the workspace is refused
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_current(entry: object, path: Path, digest: str) -> bool:
    """Whether ``entry`` records the file at ``path`` as the export of ``digest`` wrote it
    (not changed or removed since)."""
    return (isinstance(entry, dict) and entry.get("inputs") == digest
            and entry.get("output") == _output_stamp(path))


def lookup(root: Path, destination: Path, digest: str) -> dict[str, object] | None:
    """What the last export to ``destination`` recorded, if it is still current."""
    entry = _load(root).get(str(destination))
    if entry is None or not _is_current(entry, destination, digest):
        return None
    result = entry.get("result")
    return result if isinstance(result, dict) else None


def current(root: Path, paths: list[Path], digest: str) -> bool:
    """Whether each file of ``paths`` is as the export of ``digest`` wrote it."""
    if not paths:
        return True
    records = _load(root)
    return all(_is_current(records.get(str(path)), path, digest) for path in paths)


def recorded(root: Path, destination: Path) -> bool:
    """Whether the file at ``destination`` is one an export wrote, unchanged since."""
    entry = _load(root).get(str(destination))
    return isinstance(entry, dict) and entry.get("output") == _output_stamp(destination)


def remember(root: Path, destination: Path, digest: str, result: dict[str, object],
             written: os.stat_result | None = None) -> None:
    """Record a finished export (best effort: a cache that cannot be written is no error);
    ``written``: the file's status as its writer saw it, if another process may have
    replaced it since."""
    records = _load(root)
    stamp = _stamp(written) if written is not None else _output_stamp(destination)
    records[str(destination)] = {"inputs": digest, "output": stamp, "result": result}
    with contextlib.suppress(OSError):
        write_text(confined(root, record_path(root)),
                   json.dumps(records, ensure_ascii=False, indent=1))


def kept_copy(root: Path, extension: str) -> Path | None:
    """Where the copy of the last export to a stream in this format is kept; None when it
    cannot be (a workspace that may not be written: the export is then not kept)."""
    path = confined(root, state_dir(root) / "cache" / f"stdout.{extension}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path.parent, os.W_OK) else None


def replay(root: Path, kept: Path, digest: str, stream: IO[str]) -> dict[str, object] | None:
    """Copy the kept export at ``kept`` into ``stream`` if it is still current, and give
    its result; None (and nothing written) if it is not. The file is checked once opened,
    so another run replacing it meanwhile cannot slip a different export in."""
    entry = _load(root).get(str(kept))
    if not isinstance(entry, dict) or entry.get("inputs") != digest:
        return None
    result = entry.get("result")
    try:
        handle = open(kept, encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError:
        return None
    with handle:
        if not isinstance(result, dict) or entry.get("output") != _stamp(
                os.fstat(handle.fileno())):
            return None
        shutil.copyfileobj(handle, stream, 1 << 20)
    stream.flush()
    return result
