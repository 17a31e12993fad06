"""What a kept result was made from, as the file system tells it without reading a file:
the size, modification time and inode of each input. The export cache
(``bulletin.export.cache``) and the per-article results of ``check`` and ``status``
(``bulletin.checks.results``) are both keyed so.

What could fool it: a file rewritten within the file system's time resolution to the same
size, in place (same inode). Editors and bulletin itself write a new file and rename it,
which changes the inode.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import bulletin

PACKAGE = Path(bulletin.__file__).parent


def _stamp(path: str) -> str:
    """One file's stamp as text: its size, modification time and inode, or its absence."""
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:-\0"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}\0"


def add_file(digest: hashlib._Hash, path: Path) -> None:
    """Feed one file's stamp (or its absence) into ``digest``."""
    digest.update(_stamp(os.fspath(path)).encode())


def add_tree(digest: hashlib._Hash, folder: Path, depth: int = 8) -> None:
    """Feed the stamp of every file under ``folder`` (``depth`` levels; dot-files and
    ``__pycache__`` left out) into ``digest``, in name order."""
    stamps: list[str] = []
    _tree_stamps(os.fspath(folder), depth, stamps)
    digest.update("".join(stamps).encode())


def _tree_stamps(folder: str, depth: int, stamps: list[str]) -> None:
    """The stamps of ``add_tree``, as text; paths stay strings (a walk of a large archive
    makes no ``Path`` of each of its files)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        stamps.append(_stamp(folder))  # what cannot be listed counts by its own stamp
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_dir(follow_symlinks=True):
            if depth > 1:
                _tree_stamps(entry.path, depth - 1, stamps)
            continue
        stamps.append(_stamp(entry.path))


def tool_digest(root: Path, key: str = "") -> hashlib._Hash:
    """A digest started with what every kept result depends on: the tool's version and
    its own code, templates and catalogs, and the workspace's settings, glossary,
    templates and catalogs (plus ``key``, what was asked)."""
    digest = hashlib.sha256(f"{bulletin.__version__}\0{key}\0".encode())
    for name in ("bulletin.toml", "glossary.csv"):
        add_file(digest, root / name)
    for folder in (root / "templates", root / "locales", PACKAGE, PACKAGE.parent / "locales"):
        add_tree(digest, folder)
    return digest
