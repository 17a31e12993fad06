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


def add_file(digest: hashlib._Hash, path: Path) -> None:
    """Feed one file's stamp (or its absence) into ``digest``."""
    try:
        st = path.stat()
    except OSError:
        digest.update(f"{path}:-\0".encode())
        return
    digest.update(f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}\0".encode())


def add_tree(digest: hashlib._Hash, folder: Path, depth: int = 8) -> None:
    """Feed the stamp of every file under ``folder`` (``depth`` levels; dot-files and
    ``__pycache__`` left out) into ``digest``, in name order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        digest.update(f"{folder}:-\0".encode())
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if not entry.is_dir(follow_symlinks=True):
            add_file(digest, Path(entry.path))
        elif depth > 1:
            add_tree(digest, Path(entry.path), depth - 1)


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
