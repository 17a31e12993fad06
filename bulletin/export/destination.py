"""Where an export may write: never over the workspace's own files, and over an existing
file only when bulletin wrote it, or when the user says ``--force``."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bulletin.errors import Conflict, UsageError
from bulletin.fsio import STATE_DIR, confined

# what a workspace is made of (README, "The workspace"): an export never writes over it
INPUTS = {
    "articles": "one of the articles or their translations",
    "bulletin.toml": "the workspace's settings",
    "glossary.csv": "the workspace's glossary",
    "templates": "one of the workspace's templates",
    "locales": "one of the workspace's catalogs of interface words",
    STATE_DIR: "part of bulletin's own state (memory, caches, lock)",
}
OUTPUTS = "dist"  # the workspace's output folder: every file in it is bulletin's to replace
MARK = b'<meta name="generator" content="bulletin">'  # in the head of the built-in HTML page


def writable(root: Path, destination: Path, *, force: bool = False) -> Path:
    """``destination`` as an absolute path, if an export of the workspace at ``root`` may
    write it.

    Refused: a folder (a usage error); a path of the workspace that a link leads out of it
    (``fsio.confined``); any of the workspace's own files, even with ``force``; and an
    existing file that bulletin did not write, unless ``force``.
    """
    path = Path(os.path.abspath(destination))
    if path.is_dir():
        raise UsageError(f"{path} is a folder; an export is written into a file",
                         hint=f"name the file, e.g. -o {path / 'bulletin.html'}")
    confined(root, path)
    what = _input(root, path)
    if what:
        raise Conflict(f"this is {what}; an export never writes over the workspace's own "
                       "files, not even with --force", path=path,
                       hint="choose another path, e.g. -o dist/bulletin.html")
    if not force and path.exists() and not written_by_bulletin(root, path):
        raise Conflict("the file exists and bulletin did not write it", path=path,
                       hint="pass --force to overwrite it, or choose another path")
    return path


def _input(root: Path, path: Path) -> str | None:
    """What ``path`` is of the workspace's own files (as written, or where its links
    lead), or None."""
    for place in {path, Path(os.path.realpath(path))}:
        for base in {Path(os.path.abspath(root)), Path(os.path.realpath(root))}:
            if place.is_relative_to(base) and place != base:
                what = INPUTS.get(place.relative_to(base).parts[0])
                if what:
                    return what
    return None


def written_by_bulletin(root: Path, path: Path) -> bool:
    """Whether the file at ``path`` is bulletin's own: in the workspace's ``dist/``, or
    recorded by the export cache as written there and not changed since, or an HTML page
    that carries bulletin's generator mark."""
    from bulletin.export import cache

    real = Path(os.path.realpath(path))
    if real.is_relative_to(os.path.realpath(root / OUTPUTS)):
        return True
    if cache.recorded(root, path):
        return True
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a device or a pipe is nobody's output; reading it could block
        with open(path, "rb") as handle:
            return MARK in handle.read(4096)
    except OSError:
        return False
