"""Decoding imported files: UTF-8 (with or without BOM), UTF-16, and the Cyrillic
single-byte encodings (told apart by ``bulletin.charsets``), with CRLF and CR line ends
turned into LF.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from bulletin.charsets import SINGLE_BYTE, best_cyrillic
from bulletin.errors import InvalidInput


@dataclass(frozen=True)
class Decoded:
    """A decoded file and what had to be converted to read it."""

    text: str
    encoding: str  # a name for people: "UTF-8", "windows-1251", ...
    line_ends: str  # "LF", "CRLF", "CR" or "mixed"
    had_bom: bool = False

    @property
    def converted(self) -> list[str]:
        """What was converted, in words, for the import report (empty: nothing)."""
        notes = []
        if self.encoding != "UTF-8" or self.had_bom:
            notes.append(f"{self.encoding} converted to UTF-8")
        if self.line_ends != "LF":
            notes.append(f"{self.line_ends} line ends converted to LF")
        return notes


def decode(data: bytes, path: Path) -> Decoded:
    """Decode ``data`` (the bytes of ``path``) and normalise its line ends to LF."""
    text, encoding, had_bom = _decode(data, path)
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, line_ends(text),
                   had_bom)


def line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, count in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if count]
    if len(kinds) > 1:
        return "mixed"
    return kinds[0] if kinds else "LF"


def _decode(data: bytes, path: Path) -> tuple[str, str, bool]:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "UTF-8 with BOM", True
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return _strict(data[2:], codec, path), "UTF-16", True
    if b"\x00" in data:
        raise InvalidInput("this is not a text file (it holds NUL bytes: an image, a PDF or a "
                           "word-processor file?)", path=path,
                           hint="import text, HTML or Markdown files; save other documents "
                           "as HTML or plain text first")
    try:
        return data.decode("utf-8"), "UTF-8", False
    except UnicodeDecodeError:
        pass
    legacy = best_cyrillic(data)
    if legacy is not None:
        return data.decode(legacy), SINGLE_BYTE[legacy], False
    return _fallback(data, path)


def _strict(data: bytes, codec: str, path: Path) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InvalidInput(f"the file starts with a {codec.upper()} byte-order mark but byte "
                           f"0x{data[exc.start]:02x} at offset {exc.start} is not {codec}",
                           path=path, line=line,
                           hint="the file is damaged or mixes encodings; save it again as "
                           "UTF-8") from exc


def _fallback(data: bytes, path: Path) -> tuple[str, str, bool]:
    """Neither UTF-8 nor Cyrillic: ask charset-normalizer (a Western page, say)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise InvalidInput("cannot tell the file's text encoding", path=path,
                           hint="save the file as UTF-8 and import it again")
    return str(match), match.encoding, False
