"""Reading text files strictly, writing them atomically, keeping both inside the workspace,
and locking a workspace."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from bulletin.errors import Conflict, InvalidInput, OutsideWorkspace

BOM = "\ufeff"
STATE_DIR = ".bulletin"  # the tool's own state in a workspace: memory, caches, lock


def state_dir(root: Path) -> Path:
    """Where the workspace at ``root`` keeps the tool's own state (safe to delete)."""
    return root / STATE_DIR


def relative(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` when it is inside it; as it is otherwise."""
    if root is not None and path.is_relative_to(root):
        return str(path.relative_to(root))
    return str(path)


@dataclass(frozen=True)
class TextFile:
    """A decoded text file, with what had to be normalised to read it."""

    path: Path
    text: str
    had_bom: bool = False
    had_crlf: bool = False


def confined(root: Path, path: Path) -> Path:
    """``path``, if bulletin may read or write it as a file of the workspace at ``root``.

    This is the one place that decides. A path inside the workspace is refused
    (``OutsideWorkspace``, naming the link) when a link on its way (the file itself, or a
    folder above it) leads out of the workspace; links that stay inside are followed. A
    path that does not exist yet is checked as far as it exists. A path outside the
    workspace altogether is no workspace file (an export sent elsewhere) and is returned
    as it is.
    """
    base, parts = _below(root, path)
    if base is None:
        return path
    current = base
    for part in parts:
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return path  # not there (yet): nothing further down can be a link
        if stat.S_ISLNK(mode):
            target = os.path.realpath(current)
            if not _inside(target, _real(base)):
                raise _outside(Path(current), target)
    return path


def _below(root: Path, path: Path) -> tuple[str | None, list[str]]:
    """The workspace root as ``path`` spells it, and the parts of ``path`` below it."""
    target = os.path.abspath(path)
    for base in _spellings(os.fspath(root)):
        if _inside(target, base):
            return base, [p for p in target[len(base):].split(os.sep) if p]
    return None, []


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


@lru_cache(maxsize=64)
def _spellings(root: str) -> tuple[str, str]:
    """A workspace root as given (made absolute) and as it really is (links resolved)."""
    return os.path.abspath(root), _real(os.path.abspath(root))


@lru_cache(maxsize=64)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def _outside(link: Path, target: str) -> OutsideWorkspace:
    kind = "folder" if os.path.isdir(target) else "file"
    return OutsideWorkspace(
        f"this is a link to {target}, outside the workspace; bulletin reads and writes "
        "only files inside the workspace",
        hint=f"replace the link with the {kind} itself (a copy of it inside the workspace)",
        path=link)


def read_bytes(path: Path) -> bytes:
    """The bytes of an input file; a file that is missing or cannot be read is invalid input."""
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InvalidInput(f"file not found: {path}", path=path) from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read the file: {exc.strerror}", path=path) from exc


def read_text(path: Path) -> TextFile:
    """Read a workspace file as UTF-8; a BOM and CRLF line ends are accepted and noted.

    Anything that is not UTF-8 is an error that names the likely encoding.
    """
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from bulletin.charsets import guess_encoding

        line = data[: exc.start].count(b"\n") + 1
        guess = guess_encoding(data)
        raise InvalidInput(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            + (f"; it looks like {guess}" if guess else ""),
            hint="save the file as UTF-8, or run `bulletin import FILE` to convert it"
            + (f" (e.g. `iconv -f {guess} -t utf-8`)" if guess else ""),
            path=path,
            line=line,
        ) from exc
    had_bom = text.startswith(BOM)
    if had_bom:
        text = text[1:]
    had_crlf = "\r" in text
    if had_crlf:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return TextFile(path, text, had_bom, had_crlf)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically: a temporary file in the same folder, then a rename."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    with _atomic(path, "wb") as handle:
        handle.write(data)


def atomic_writer(path: Path) -> contextlib.AbstractContextManager[TextIO]:
    """Stream UTF-8 text into ``path`` atomically: the file appears whole at the end of the
    block (temporary file + rename), or not at all if the block raises."""
    return _atomic(path, "w")


def _file_mode() -> int:
    umask = os.umask(0o022)  # read the umask once, at import, before any thread starts
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _file_mode()


@contextlib.contextmanager
def _atomic(path: Path, mode: str) -> Iterator[Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)  # mkstemp makes 0600; a written file gets the usual mode
        encoding, newline = (None, None) if "b" in mode else ("utf-8", "\n")
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Staged:
    """Files written in full beside where they go, then put in place together, each by a
    rename (``commit``); leaving the block without a commit leaves every file, and every
    folder, as it was.

    ``bulletin build`` writes all its bulletins so, or none of them."""

    def __init__(self) -> None:
        self._files: list[tuple[TextIO, str, Path]] = []
        self._made: list[Path] = []  # folders made for the files, deepest first

    def open(self, path: Path) -> TextIO:
        """A new, empty file that will become ``path``: UTF-8, ``\\n`` line ends, readable
        back (``seek(0)``) until the block ends."""
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        self._made[:0] = missing
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, _FILE_MODE)  # mkstemp makes 0600; a written file gets the usual mode
            handle = os.fdopen(fd, "w+", encoding="utf-8", newline="\n")
        except BaseException:
            os.close(fd)
            os.unlink(tmp)
            raise
        self._files.append((handle, tmp, path))
        return handle

    def commit(self) -> None:
        """Every file on disk in full, then each in its place."""
        for handle, _, _ in self._files:
            handle.flush()
            os.fsync(handle.fileno())
        for _, tmp, path in self._files:
            os.replace(tmp, path)
        self._files = [(handle, "", path) for handle, _, path in self._files]
        self._made = []

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: object) -> None:
        for handle, tmp, _ in self._files:
            handle.close()
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        for folder in self._made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._files, self._made = [], []


@contextlib.contextmanager
def workspace_lock(root: Path, what: str) -> Iterator[None]:
    """Hold the workspace's write lock; a second writer gets a clear refusal, not a wait."""
    import fcntl

    state = confined(root, state_dir(root))
    state.mkdir(exist_ok=True)
    handle = os.fdopen(_open_lock(state / "lock"), "r+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.seek(0)
            holder = handle.read().strip() or "another bulletin process"
            raise Conflict(
                f"the workspace is busy: {holder}",
                hint="wait for the other run to finish, then try again",
                path=root,
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(f"`bulletin {what}` (pid {os.getpid()})\n")
        handle.flush()
        yield
    finally:
        handle.close()


def _open_lock(path: Path) -> int:
    """The lock file, opened for writing without following a link: its content is replaced
    at every run, so it must be bulletin's own plain file and nothing else."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if os.path.islink(path):
            raise InvalidInput(f"the workspace lock is a link to {os.path.realpath(path)}; "
                               "bulletin writes its lock only into a file of its own",
                               hint="delete the link: bulletin makes a new lock file",
                               path=path) from exc
        raise InvalidInput(f"cannot open the workspace lock: {exc.strerror}", path=path,
                           hint="check the permissions of the .bulletin folder") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise InvalidInput("the workspace lock is not a plain file of its own ("
                           + ("a hard link shared with another file" if stat.S_ISREG(
                               info.st_mode) else "not a regular file") + ")",
                           hint="delete it: bulletin makes a new lock file", path=path)
    return fd
