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
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import IO

import bulletin
from bulletin.fsio import confined, state_dir, write_text

_PACKAGE = Path(bulletin.__file__).parent


def record_path(root: Path) -> Path:
    return state_dir(root) / "cache" / "exports.json"


def inputs_digest(root: Path, request_key: str) -> str:
    """A digest that changes whenever any input of an export may have changed."""
    digest = hashlib.sha256(f"{bulletin.__version__}\0{request_key}\0".encode())
    for name in ("bulletin.toml", "glossary.csv"):
        _add_file(digest, root / name)
    # the tool's own code, templates and catalogs count too (a changed checkout re-exports)
    for folder in (root / "templates", root / "locales", _PACKAGE, _PACKAGE.parent / "locales"):
        _add_tree(digest, folder)
    _add_tree(digest, root / "articles", depth=2)
    return digest.hexdigest()


def _add_file(digest: hashlib._Hash, path: Path) -> None:
    try:
        st = path.stat()
    except OSError:
        digest.update(f"{path}:-\0".encode())
        return
    digest.update(f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}\0".encode())


def _add_tree(digest: hashlib._Hash, folder: Path, depth: int = 8) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        digest.update(f"{folder}:-\0".encode())
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir(follow_symlinks=True):
            if depth > 1:
                _add_tree(digest, Path(entry.path), depth - 1)
            continue
        st = entry.stat()
        digest.update(f"{entry.path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}\0".encode())


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


def lookup(root: Path, destination: Path, digest: str) -> dict[str, object] | None:
    """What the last export to ``destination`` recorded, if it is still current."""
    entry = _load(root).get(str(destination))
    if not isinstance(entry, dict) or entry.get("inputs") != digest:
        return None
    if entry.get("output") != _output_stamp(destination):
        return None  # the file was changed or removed since
    result = entry.get("result")
    return result if isinstance(result, dict) else None


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
