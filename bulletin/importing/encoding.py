"""Decoding imported files: UTF-8 (with or without BOM), UTF-16, and the Cyrillic
single-byte encodings, with CRLF and CR line ends turned into LF.

windows-1251, KOI8-R and ISO-8859-5 all decode any Bulgarian file without an error, into
different letters, and general-purpose detectors confuse them on short texts. So each
candidate decoding is scored as Bulgarian: how likely its letters are by their frequency
in Bulgarian text, with capitals inside words and characters that Bulgarian text does not
use (box drawing, control codes, letters of other Cyrillic alphabets) made very unlikely.
The wrong decodings turn most letters into capitals or into such characters, so they lose
by a wide margin on any real sentence.
"""

from __future__ import annotations

import codecs
import math
from dataclasses import dataclass
from pathlib import Path

from bulletin.errors import InvalidInput

# how often each letter appears in Bulgarian prose, in per cent (rounded)
FREQUENCY: dict[str, float] = {
    "а": 8.9, "б": 1.7, "в": 4.4, "г": 1.4, "д": 3.0, "е": 8.4, "ж": 0.7, "з": 1.6,
    "и": 8.8, "й": 0.6, "к": 3.3, "л": 3.3, "м": 2.6, "н": 7.8, "о": 8.7, "п": 2.8,
    "р": 4.6, "с": 4.5, "т": 7.1, "у": 1.2, "ф": 0.3, "х": 0.6, "ц": 0.6, "ч": 1.4,
    "ш": 0.3, "щ": 0.6, "ъ": 2.0, "ь": 0.05, "ю": 0.2, "я": 2.2, "ѝ": 0.05,
}
_LETTER = {ch: math.log(p / 100) for ch, p in FREQUENCY.items()}
_CAPITAL_STARTING_A_WORD = math.log(0.3)
_CAPITAL_INSIDE_A_WORD = math.log(0.05)
# punctuation that Bulgarian text in these encodings does use
_TYPOGRAPHY = set("„“”‘’«»–—…№•\u00a0§°©®™±·")
_TYPOGRAPHY_COST = math.log(0.5)
_RUSSIAN = set("ыэёЫЭЁ")  # Cyrillic, but not Bulgarian: rare here, not impossible
_RUSSIAN_COST = math.log(1e-3)
_UNLIKELY_COST = math.log(1e-5)

SINGLE_BYTE = {"cp1251": "windows-1251", "koi8_r": "KOI8-R", "iso8859_5": "ISO-8859-5"}


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
    return Decoded(_to_lf(text), encoding, line_ends(text), had_bom)


def line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, count in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if count]
    if len(kinds) > 1:
        return "mixed"
    return kinds[0] if kinds else "LF"


def _to_lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def best_cyrillic(data: bytes) -> str | None:
    """The single-byte codec under which ``data`` reads most like Bulgarian, or None when
    no candidate gives Bulgarian letters at all."""
    best: tuple[float, str] | None = None
    for codec in SINGLE_BYTE:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:  # windows-1251 leaves 0x98 undefined
            continue
        score, letters = bulgarian_score(text)
        if letters == 0:
            continue
        if best is None or score > best[0]:
            best = (score, codec)
    return best[1] if best else None


def bulgarian_score(text: str) -> tuple[float, int]:
    """Log-likelihood of the non-ASCII characters of ``text`` as Bulgarian prose, and how
    many Bulgarian letters it has. Higher is more likely."""
    score = 0.0
    letters = 0
    previous = " "
    for ch in text:
        if ch < "\x80":
            previous = ch
            continue
        lower = ch.lower()
        if lower in _LETTER:
            letters += 1
            score += _LETTER[lower]
            if ch != lower:
                score += (_CAPITAL_INSIDE_A_WORD if previous.isalpha()
                          else _CAPITAL_STARTING_A_WORD)
        elif ch in _TYPOGRAPHY:
            score += _TYPOGRAPHY_COST
        elif ch in _RUSSIAN:
            score += _RUSSIAN_COST
        else:
            score += _UNLIKELY_COST
        previous = ch
    return score, letters


def _fallback(data: bytes, path: Path) -> tuple[str, str, bool]:
    """Neither UTF-8 nor Cyrillic: ask charset-normalizer (a Western page, say)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise InvalidInput("cannot tell the file's text encoding", path=path,
                           hint="save the file as UTF-8 and import it again")
    return str(match), match.encoding, False
