"""Reading text files strictly, writing them atomically, and locking a workspace."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bulletin.errors import Conflict, InvalidInput

BOM = "\ufeff"


@dataclass(frozen=True)
class TextFile:
    """A decoded text file, with what had to be normalised to read it."""

    path: Path
    text: str
    had_bom: bool = False
    had_crlf: bool = False


def read_text(path: Path) -> TextFile:
    """Read a workspace file as UTF-8; a BOM and CRLF line ends are accepted and noted.

    Anything that is not UTF-8 is an error that names the likely encoding.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InvalidInput(f"file not found: {path}", path=path) from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read the file: {exc.strerror}", path=path) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
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


def guess_encoding(data: bytes) -> str | None:
    """Name the most likely legacy encoding of Cyrillic bytes, or None."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1251", "koi8_r", "iso8859_5", "cp866"]).best()
    if best is None:
        return None
    return {"cp1251": "windows-1251", "koi8_r": "KOI8-R", "iso8859_5": "ISO-8859-5"}.get(
        best.encoding, best.encoding
    )


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


@contextlib.contextmanager
def workspace_lock(root: Path, what: str) -> Iterator[None]:
    """Hold the workspace's write lock; a second writer gets a clear refusal, not a wait."""
    import fcntl

    state = root / ".bulletin"
    state.mkdir(exist_ok=True)
    lock_path = state / "lock"
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole block
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
