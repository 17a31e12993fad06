"""Gettext PO files for human translators (Poedit, Weblate, Lokalize, any CAT tool).

One entry per segment: ``msgctxt`` is ``<article id>/<segment key>``, ``msgid`` the Bulgarian
source, ``msgstr`` the translation. A stale segment is exactly gettext's fuzzy entry: the
``fuzzy`` flag, the old source as the ``#| msgid`` previous-msgid comment and the current
(outdated) translation as ``msgstr``. Written and read here, not with Babel's pofile:
Babel wraps ``#|`` comments as prose (breaking their quoting) and reads broken syntax
without an error; a reader of our own names the line of every problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bulletin import __version__
from bulletin.exchange.units import ExchangeFile, ExportBatch, ExportUnit, ImportedUnit, bad_file
from bulletin.fsio import read_text

WIDTH = 79
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "a": "\a", "b": "\b",
              "f": "\f", "v": "\v"}
_STRING_RE = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_KEYWORD_RE = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)$")
_CONTEXT_RE = re.compile(r"^(?P<article>\d{4}-\d{2}-\d{2}-[a-z0-9-]+)/(?P<key>[\w.-]+)$")


# --- writing ---------------------------------------------------------------------------

def escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _pieces(escaped: str, room: int) -> Iterator[str]:
    """Split an escaped string after each ``\\n`` and at spaces, into pieces of ``room``."""
    for line in re.split(r"(?<=\\n)", escaped):
        while len(line) > room:
            cut = line.rfind(" ", 0, room)
            if cut <= 0:
                cut = line.find(" ", room)
                if cut < 0:
                    break
            yield line[:cut + 1]
            line = line[cut + 1:]
        if line:
            yield line


def po_string(keyword: str, text: str, prefix: str = "") -> str:
    """``keyword "text"``, on one line if it fits, else gettext's ``""`` + wrapped lines."""
    escaped = escape(text)
    single = f'{prefix}{keyword} "{escaped}"'
    if len(single) <= WIDTH and "\\n" not in escaped[:-2]:
        return single
    lines = [f'{prefix}{keyword} ""']
    lines += [f'{prefix}"{piece}"' for piece in _pieces(escaped, WIDTH - len(prefix) - 2)]
    return "\n".join(lines)


def _comment(prefix: str, text: str) -> str:
    return f"{prefix} " + " ".join(text.split())


def _entry(unit: ExportUnit) -> str:
    lines = [_comment("#.", f"article: {unit.title}")]
    lines += [_comment("#.", note) for note in unit.notes]
    lines.append(f"#: {unit.location}:{unit.line}" if unit.line else f"#: {unit.location}")
    if unit.needs_review:
        lines.append("#, fuzzy")
        if unit.previous:
            lines.append(po_string("msgid", unit.previous, prefix="#| "))
    lines.append(po_string("msgctxt", unit.context))
    lines.append(po_string("msgid", unit.source))
    lines.append(po_string("msgstr", unit.target))
    return "\n".join(lines)


def render_po(batch: ExportBatch, now: dt.datetime | None = None) -> str:
    """The PO file for ``batch``: a complete gettext header, then one entry per unit."""
    from babel.messages.plurals import get_plural

    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M+0000")
    plural = get_plural(batch.target_lang)
    header = {
        "Project-Id-Version": "bulletin articles",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": batch.target_lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural.plural_forms,
        "X-Generator": f"bulletin {__version__}",
        "X-Source-Language": batch.source_lang,
    }
    head = [f"# Articles to translate from {batch.source_lang} into {batch.target_lang}.",
            "# Translate each msgstr; remove the fuzzy flag once a translation is right.",
            "# Bring the file back with: bulletin exchange import FILE",
            'msgid ""', 'msgstr ""']
    head += [f'"{escape(f"{name}: {value}")}\\n"' for name, value in header.items()]
    return "\n\n".join(["\n".join(head), *(_entry(u) for u in batch.units)]) + "\n"


# --- reading ---------------------------------------------------------------------------

@dataclass
class _Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, list[str]] = field(default_factory=dict)
    obsolete: bool = False


def unescape(body: str, path: Path, line: int) -> str:
    out: list[str] = []
    index = 0
    while index < len(body):
        ch = body[index]
        if ch != "\\":
            out.append(ch)
            index += 1
            continue
        nxt = body[index + 1]
        if nxt in _UNESCAPES:
            out.append(_UNESCAPES[nxt])
            index += 2
        elif nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[index + 1:])
            assert digits is not None
            out.append(chr(int(digits.group(), 8)))
            index += 1 + len(digits.group())
        else:
            raise bad_file(path, f"unknown escape sequence '\\{nxt}' in a string", line,
                           "write a backslash as \\\\")
    return "".join(out)


def _entries(text: str, path: Path) -> Iterator[_Entry]:
    entry: _Entry | None = None
    current: list[str] | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            current = None
            continue  # an obsolete entry: history, not work
        if line.startswith("#"):
            if entry is not None and entry.fields:
                yield entry
                entry = None
            entry = entry or _Entry(number)
            current = None
            if line.startswith("#,"):
                entry.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        if line.startswith('"'):
            match = _STRING_RE.match(line)
            if match is None:
                raise bad_file(path, f"a broken string: {line[:60]!r}", number,
                               'a string is one line in double quotes: "text"')
            if current is None:
                raise bad_file(path, "a string that belongs to no msgid or msgstr", number)
            current.append(unescape(match.group(1), path, number))
            continue
        keyword = _KEYWORD_RE.match(line)
        if keyword is None:
            raise bad_file(path, f"not PO syntax: {line[:60]!r}", number,
                           "each line is a comment (#), a keyword (msgid, msgstr, msgctxt) "
                           "with a quoted string, or a quoted string")
        name, rest = keyword.groups()
        if name in ("msgctxt", "msgid") and entry is not None and (
                "msgstr" in entry.fields or name in entry.fields):
            yield entry
            entry = None
        entry = entry or _Entry(number)
        if not entry.fields:
            entry.line = number
        if name in entry.fields:
            raise bad_file(path, f"a second {name} in one entry", number,
                           "every entry has one msgctxt, msgid and msgstr")
        match = _STRING_RE.match(rest.strip())
        if match is None:
            raise bad_file(path, f"{name} must be followed by a string in double quotes", number)
        current = entry.fields[name] = [unescape(match.group(1), path, number)]
    if entry is not None and entry.fields:
        yield entry


def _header(value: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in value.split("\n"):
        name, sep, content = line.partition(":")
        if sep:
            fields[name.strip().lower()] = content.strip()
    return fields


def read_po(path: Path) -> ExchangeFile:
    """The units of a PO file that ``render_po`` wrote and a translator filled in."""
    text = read_text(path).text
    header: dict[str, str] | None = None
    units: list[ImportedUnit] = []
    for entry in _entries(text, path):
        for required in ("msgid", "msgstr"):
            if required not in entry.fields and not any(
                    k.startswith(required) for k in entry.fields):
                raise bad_file(path, f"an entry without {required}", entry.line)
        if "msgid_plural" in entry.fields:
            raise bad_file(path, "a plural entry (msgid_plural): articles have none",
                           entry.line)
        msgid = "".join(entry.fields["msgid"])
        context = "".join(entry.fields["msgctxt"]) if "msgctxt" in entry.fields else None
        msgstr = "".join(entry.fields.get("msgstr", []))
        if context is None and msgid == "":
            header = _header(msgstr)
            continue
        match = _CONTEXT_RE.match(context or "")
        if match is None:
            raise bad_file(path, "an entry whose msgctxt does not name an article and segment "
                           f"({context!r}); expected '<article id>/<segment key>'", entry.line)
        done = bool(msgstr.strip()) and "fuzzy" not in entry.flags
        units.append(ImportedUnit(match["article"], match["key"], msgid, msgstr, done,
                                  f"line {entry.line}", entry.line))
    if header is None:
        raise bad_file(path, "the PO file has no header entry (msgid \"\")", 1,
                       "export the file with `bulletin exchange export --format po`")
    charset = re.search(r"charset=([\w-]+)", header.get("content-type", ""))
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise bad_file(path, f"the PO file declares charset {charset.group(1)}; bulletin "
                       "reads UTF-8 only", 1, "save the file as UTF-8 in your PO editor")
    lang = header.get("language", "")
    if not lang:
        raise bad_file(path, "the PO header names no Language", 1,
                       'add "Language: en\\n" to the header, or export the file again')
    return ExchangeFile(path, "po", lang, header.get("x-source-language") or None,
                        tuple(units))
