"""Gettext PO files for human translators (Poedit, Weblate, Lokalize, any CAT tool).

One entry per segment: ``msgctxt`` is ``<article id>/<segment key>``, ``msgid`` the Bulgarian
source, ``msgstr`` the translation. A stale segment is exactly gettext's fuzzy entry: the
``fuzzy`` flag, the old source as the ``#| msgid`` previous-msgid comment and the current
(outdated) translation as ``msgstr``. Written here, not with Babel's ``write_po``, which
wraps ``#|`` comments as prose (breaking their quoting, and ``msgfmt --check``); read with
Babel's ``read_po``, after a check of each line that names the line of a broken string
(which Babel would read, without a word, into a wrong text).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

from bulletin import __version__
from bulletin.exchange.units import ExchangeFile, ExportBatch, ExportUnit, ImportedUnit, bad_file
from bulletin.fsio import read_text

WIDTH = 79
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


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

# a line of an entry: a keyword and a string, or a string that continues one; each string
# in double quotes, with only the escapes that gettext knows
_STRING = r'"(?:[^"\\]|\\[ntr\\"abfv]|\\[0-7]{1,3})*"'
_LINE_RE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_STRING}$")
_KEYWORD_RE = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\b")
_SOURCE_RE = re.compile(r'^"X-Source-Language:([^"\\]*)\\n"$', re.MULTILINE)


def _check_syntax(text: str, path: Path) -> None:
    """Refuse, naming its line, what Babel's reader would read into a wrong text without
    a word: a string whose quotes or escapes are broken."""
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line or line.startswith("#") or _LINE_RE.match(line):
            continue
        if _KEYWORD_RE.match(line) or line.startswith('"'):
            raise bad_file(path, f"a broken string: {line[:60]!r}", number,
                           'a string is one line in double quotes: "text"; write a '
                           'backslash as \\\\ and a quote as \\"')
        raise bad_file(path, f"not PO syntax: {line[:60]!r}", number,
                       "each line is a comment (#), a keyword (msgid, msgstr, msgctxt) "
                       "with a quoted string, or a quoted string")


def read_po(path: Path) -> ExchangeFile:
    """The units of a PO file that ``render_po`` wrote and a translator filled in, read by
    Babel's PO reader (``babel.messages.pofile.read_po``)."""
    from babel.messages.pofile import PoFileError
    from babel.messages.pofile import read_po as babel_read_po

    text = read_text(path).text
    _check_syntax(text, path)
    try:
        catalog = babel_read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as exc:  # Babel counts lines from 0
        raise bad_file(path, f"not PO syntax: {exc}", exc.lineno + 1) from exc
    charset = catalog.charset or "utf-8"
    if charset.lower() not in ("utf-8", "utf8"):
        raise bad_file(path, f"the PO file declares charset {charset}; bulletin reads UTF-8 "
                       "only", 1, "save the file as UTF-8 in your PO editor")
    if not catalog.locale_identifier:
        raise bad_file(path, "the PO header names no Language", 1,
                       'add "Language: en\\n" to the header, or export the file again')
    units: list[ImportedUnit] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        line = message.lineno or 1
        if message.pluralizable:
            raise bad_file(path, "a plural entry (msgid_plural): articles have none", line)
        name = ExportUnit.name_of(message.context or "")
        if name is None:
            raise bad_file(path, "an entry whose msgctxt does not name an article and segment "
                           f"({message.context!r}); expected '<article id>/<segment key>'", line)
        msgid, msgstr = str(message.id), str(message.string or "")
        done = bool(msgstr.strip()) and not message.fuzzy
        units.append(ImportedUnit(*name, msgid, msgstr, done, f"line {line}", line))
    source = _SOURCE_RE.search(text)  # a header of ours, which Babel's catalog drops
    return ExchangeFile(path, "po", catalog.locale_identifier or str(catalog.locale),
                        source.group(1).strip() if source else None, tuple(units))
