"""The translation file format: ``articles/<id>/<lang>.md``.

Front matter holds the translated fields and, under ``translation:``, their states; the
body holds one block per source segment, each after a one-line marker::

    <!-- 1a2b3c4d machine 9f8e7d6c -->
    On 26 and 27 March 2019, …

The marker names the fingerprint of the source text the block was made from, its state,
and (for text the tool wrote) a check hash: when the text no longer matches it, a person
has edited it and the block counts as reviewed. See docs/translation-files.md.

Two promises hold the format together:

- **No text can forge a marker.** Every text the tool writes goes through ``escape_text``
  (or ``escape_note`` inside a marker), which leaves no ``<!--`` in it and, inside a
  marker, no ``-->``; reading undoes exactly that, so a text reads back as it went in.
- **Nothing a person typed is dropped.** The reader is strict about markers (a broken one
  is an error with its line, and no command writes a file with errors) and keeps every
  line that is not a marker: text before the first marker, or text whose segment is gone,
  comes back as an ``unplaced`` block that the next save writes again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bulletin.content import frontmatter
from bulletin.content.model import ArticleTranslation, State, TargetSegment, Translation
from bulletin.content.segments import text_check
from bulletin.controls import CONTROL_RE
from bulletin.errors import Report

UNPLACED = "unplaced"  # a block of text that belongs to no source segment (kept, reported)
HUMAN = "human"  # flag: the text of a stale segment is a person's
ACCEPTED = "ok="  # flag prefix: QA findings a person accepted for this text

_KEY = re.compile(r"^[0-9a-f]{8}(?:-\d+)?$")
_HEX8 = re.compile(r"^[0-9a-f]{8}$")
_FIELD_KEY = re.compile(r"^(?:title|summary|place|tags|image_alt|related\.\d+)$")
_PREFIX_RE = {
    "heading": re.compile(r"^#{1,6}[ \t]+"),
    "item": re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+"),
}
FIELD_NAMES = ("title", "summary", "place", "tags", "image_alt")

# Escaping: a backslash is added after "<" (and, inside a marker, before the ">" of "-->")
# together with any backslashes already there, so the escape is undone exactly.
_OPEN = re.compile(r"<(\\*)!--")
_OPEN_ESCAPED = re.compile(r"<(\\*)\\!--")
_CLOSE = re.compile(r"--(!?)(\\*)>")
_CLOSE_ESCAPED = re.compile(r"--(!?)(\\*)\\>")


def escape_text(text: str) -> str:
    """``text`` as written under a marker: no ``<!--`` left in it (``<\\!--`` instead,
    which CommonMark shows as ``<!--`` too)."""
    return _OPEN.sub(lambda m: "<" + m[1] + "\\!--", text)


def without_controls(text: str) -> str:
    """``text`` without control characters, which no article may hold (``bulletin check``
    refuses them): a provider's, a memory's or an exchange file's text that carries one
    must not make the translation file unreadable."""
    return CONTROL_RE.sub("", text) if CONTROL_RE.search(text) else text


def unescape_text(text: str) -> str:
    return _OPEN_ESCAPED.sub(lambda m: "<" + m[1] + "!--", text)


def escape_note(text: str) -> str:
    """A note inside a marker (``was:``, ``suggestion:``): one line, no ``<!--`` and no
    ``-->`` (nor ``--!>``), so it can neither end the marker nor start another."""
    one_line = " ".join(text.split())
    return _CLOSE.sub(lambda m: "--" + m[1] + m[2] + "\\>", escape_text(one_line))


def unescape_note(text: str) -> str:
    return unescape_text(_CLOSE_ESCAPED.sub(lambda m: "--" + m[1] + m[2] + ">", text))


@dataclass
class _Marker:
    key: str
    state: str
    check: str | None
    human: bool
    accepted: str | None
    previous: str | None
    suggestion: str | None
    line: int  # the marker's first line in the file
    end: int  # index of the marker's last line in the body's lines


def read_translation(path: Path, article_id: str, lang: str, report: Report) -> Translation | None:
    read = frontmatter.read_document(path, report)
    if read is None:
        return None
    raw, doc = read
    meta = dict(doc.meta)
    states = meta.pop("translation", {}) or {}
    if not isinstance(states, dict):
        report.add(path, "'translation' must be a mapping of segment states",
                   line=frontmatter.line_of_key(raw, "translation"),
                   hint="let the tool write it: run `bulletin translate` or delete the key")
        states = {}
    translation = Translation(article_id, lang, path)
    texts: dict[str, str] = {}
    for name in FIELD_NAMES:
        value = meta.pop(name, None)
        if value is None:
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        texts[name] = str(value)
    related = meta.pop("related", None) or []
    if not isinstance(related, list):
        report.add(path, "'related' must be a list of translated headlines",
                   line=frontmatter.line_of_key(raw, "related"))
        related = []
    for index, item in enumerate(related):
        title = item.get("title") if isinstance(item, dict) else item
        if title is not None:
            texts[f"related.{index}"] = str(title)
    state_line = frontmatter.line_of_key(raw, "translation")
    for key in sorted(set(texts) | {k for k in states if k != "from"}):
        text = texts.get(key, "")
        stored = _field_state(states.get(key), path, key, report, state_line)
        if stored is None:
            stored = TargetSegment(key, State.REVIEWED if text else State.MISSING, text)
        stored.text = text
        stored.line = frontmatter.line_of_key(raw, key.split(".")[0])
        translation.fields[key] = stored
    translation.extra = meta
    body, unplaced, has_markers = _body(doc.body, doc.body_line, path, report)
    translation.body, translation.has_markers = body, has_markers
    translation.unplaced = unplaced
    return translation


def _field_state(value: Any, path: Path, key: str, report: Report, line: int | None
                 ) -> TargetSegment | None:
    """Parse ``'<source fp> <state> [check] [human] [ok=…]'`` (or its mapping form, which
    adds ``was`` and ``suggestion``)."""
    if value is None:
        return None
    was = suggestion = None
    if isinstance(value, dict):
        was, suggestion = value.get("was"), value.get("suggestion")
        value = " ".join(str(value.get(k) or "") for k in ("source", "state", "check", "flags"))
    words = str(value).split()
    parsed = _words(words) if _FIELD_KEY.match(key) else None
    if parsed is None or not _HEX8.match(words[0]):
        report.add(path, f"the state of '{key}' under 'translation:' is not understood: "
                   f"{str(value)!r}", line=line,
                   hint="expected '<8 hex digits> <missing|machine|reviewed|stale> [check]'; "
                   "restore it from git, or delete the line to have the field read as reviewed")
        return None
    state, check, human, accepted = parsed
    return TargetSegment(key, State(state), "", check, str(was) if was else None,
                         source=words[0], human=human, accepted=accepted,
                         suggestion=str(suggestion) if suggestion else None)


def _words(words: list[str]) -> tuple[str, str | None, bool, str | None] | None:
    """``<key> <state> [check] [human] [ok=…]`` split into its parts, or None if broken."""
    if len(words) < 2 or words[1] not in State.__members__.values():
        return None
    check: str | None = None
    human = False
    accepted: str | None = None
    for word in words[2:]:
        if _HEX8.match(word) and check is None and not human and accepted is None:
            check = word
        elif word == HUMAN and not human:
            human = True
        elif word.startswith(ACCEPTED) and _HEX8.match(word[3:]) and accepted is None:
            accepted = word[3:]
        else:
            return None
    return words[1], check, human, accepted


def _body(body: str, first_line: int, path: Path, report: Report
          ) -> tuple[list[TargetSegment], list[TargetSegment], bool]:
    """The body's segments, the blocks that belong to none, and whether it had markers."""
    lines = body.split("\n")
    if not any(line.lstrip().startswith("<!--") for line in lines):
        return _unmarked(body, first_line), [], False
    segments: list[TargetSegment] = []
    unplaced: list[TargetSegment] = []
    current: TargetSegment | None = None
    text: list[str] = []
    lead_line: int | None = None

    def close() -> None:
        block = unescape_text("\n".join(text).strip("\n").strip())
        if current is not None:
            current.text = block
            (unplaced if current.key.startswith(UNPLACED) else segments).append(current)
        elif block:  # text before the first marker: kept, never dropped
            report.warn(path, "text before the first segment marker belongs to no segment; "
                        "it is kept at the end of the file as 'unplaced'", line=lead_line,
                        hint="move it under the marker of the segment it translates",
                        code="unplaced")
            unplaced.append(TargetSegment(UNPLACED, State.REVIEWED, block, line=lead_line))

    index = 0
    while index < len(lines):
        line = lines[index]
        number = first_line + index
        if not line.lstrip().startswith("<!--"):
            if lead_line is None and current is None and line.strip():
                lead_line = number
            text.append(line)
            index += 1
            continue
        marker = _marker(lines, index, number, path, report)
        if marker is None:  # broken: an error is reported; its line stays as text
            text.append(line)
            index += 1
            continue
        if text and text[-1].strip():
            report.add(path, "a segment marker is inside a paragraph: the line above it "
                       "is not empty", line=number,
                       hint="put an empty line before the marker, and make sure the text "
                       "below it is the segment it names")
        close()
        text = []
        current = TargetSegment(
            marker.key, State(marker.state) if marker.state != UNPLACED else State.REVIEWED,
            "", marker.check, marker.previous, marker.end + first_line + 1,
            source=marker.key.split("-", 1)[0] if marker.state != UNPLACED else None,
            human=marker.human, suggestion=marker.suggestion, accepted=marker.accepted)
        if marker.state == UNPLACED:
            current.key = UNPLACED + (":" + marker.key if marker.key else "")
        index = marker.end + 1
    close()
    return segments, unplaced, True


def _marker(lines: list[str], index: int, number: int, path: Path, report: Report
            ) -> _Marker | None:
    """The marker that starts at ``lines[index]``, or None (an error is reported)."""
    line = lines[index].strip()
    head = line[4:]
    closed = head.endswith("-->")
    if closed:
        head = head[:-3]
    elif "-->" in head:
        report.add(path, "text follows a segment marker on its line", line=number,
                   hint="put the text on the line below the marker")
        return None
    words = head.split()
    if words[:1] == [UNPLACED]:
        if closed and len(words) <= 2 and (len(words) == 1 or _KEY.match(words[1])
                                           or _FIELD_KEY.match(words[1])):
            return _Marker(words[1] if len(words) == 2 else "", UNPLACED, None, True, None,
                           None, None, number, index)
        report.add(path, "an 'unplaced' marker is broken", line=number,
                   hint="write it as '<!-- unplaced -->' on a line of its own")
        return None
    parsed = _words(words) if words and _KEY.match(words[0]) else None
    if parsed is None:
        report.add(path, f"a segment marker is broken: {line[:60]!r}", line=number,
                   hint="a marker reads '<!-- <8 hex digits> <missing|machine|reviewed|stale> "
                   "[check] -->'; restore it from git or from the line as the tool wrote it")
        return None
    state, check, human, accepted = parsed
    notes: dict[str, str] = {}
    end = index
    if not closed:
        last = stray = None
        for end in range(index + 1, len(lines)):
            note = lines[end].strip()
            if note == "-->":
                last = end
                break
            name, _, value = note.partition(":")
            if name in ("was", "suggestion") and name not in notes:
                notes[name] = value.strip()
            elif note and not note.startswith("<!--") and notes:
                stray = end if stray is None else stray  # no note, though the notes go on
            else:
                break
        if last is None:
            report.add(path, "a segment marker is not closed: no '-->' line after its notes",
                       line=number, hint="end the marker with a line that holds only '-->'")
            return None
        if stray is not None:  # a person's text moved above the '-->' line, which the
            # notes would swallow and a later translation drop: no note is ever wrapped
            report.add(path, "a line inside a segment marker's notes is not a note",
                       line=number + stray - index,
                       hint="if it is your text, move it below the '-->' line; a note is "
                       "one line that begins with 'was:' or 'suggestion:'")
            return None
        end = last
    previous = unescape_note(notes["was"]) if notes.get("was") else None
    suggestion = unescape_note(notes["suggestion"]) if notes.get("suggestion") else None
    return _Marker(words[0], state, check, human, accepted, previous, suggestion, number, end)


def _unmarked(body: str, first_line: int) -> list[TargetSegment]:
    """A translation written by hand without markers: its blocks, in order, as reviewed."""
    from bulletin.content.document import parse

    return [TargetSegment("", State.REVIEWED, seg.text, None, None, seg.line)
            for seg in parse(body, first_line).segments]


def strip_prefix(text: str, kind: str) -> str:
    """Drop the Markdown block prefix an editor sees (``## ``, ``- ``, ``> ``)."""
    if kind == "quote":
        return "\n".join(re.sub(r"^>[ \t]?", "", line) for line in text.split("\n")).strip()
    pattern = _PREFIX_RE.get(kind)
    return pattern.sub("", text, count=1) if pattern else text


def _prefix(kind: str, level: int) -> str:
    if kind == "heading":
        return "#" * max(1, level) + " "
    if kind == "item":
        return "- "
    return ""


def _state_words(fingerprint: str, state: State, check: str | None, human: bool,
                 accepted: str | None) -> str:
    words = [fingerprint, state.value]
    if check:
        words.append(check)
    if human and state is State.STALE:
        words.append(HUMAN)
    if accepted:
        words.append(ACCEPTED + accepted)
    return " ".join(words)


def render_translation(at: ArticleTranslation, source_lang: str,
                       extra: dict[str, object] | None = None) -> str:
    """The translation file for ``at``: every segment in source order, with its state,
    then every block of a person's text that belongs to no segment (``unplaced``)."""
    meta: dict[str, Any] = {}
    states: dict[str, Any] = {"from": source_lang}
    related: list[str] = []
    blocks: list[str] = []
    for aligned in at.segments:
        seg = aligned.segment
        aligned.text = without_controls(aligned.text)
        if aligned.suggestion:
            aligned.suggestion = without_controls(aligned.suggestion)
        check = text_check(aligned.text) if aligned.text and aligned.state in (
            State.MACHINE, State.STALE) else None
        words = _state_words(seg.fingerprint if seg.is_field else seg.key, aligned.state,
                             check, aligned.human, aligned.accepted)
        stale = aligned.state is State.STALE
        notes = [(name, value) for name, value in (("was", aligned.previous),
                                                   ("suggestion", aligned.suggestion))
                 if stale and value]
        if seg.is_field:
            if seg.key.startswith("related."):
                related.append(aligned.text)
            elif aligned.text:
                meta[seg.key] = aligned.text
            if notes:
                fp, state, *flags = words.split(" ")
                entry: dict[str, str] = {"source": fp, "state": state}
                if flags and _HEX8.match(flags[0]):
                    entry["check"] = flags.pop(0)
                if flags:
                    entry["flags"] = " ".join(flags)
                entry.update((name, " ".join(value.split())) for name, value in notes)
                states[seg.key] = entry
            else:
                states[seg.key] = words
            continue
        marker = "<!-- " + words
        if notes:
            marker += "".join(f"\n{name}: {escape_note(value)}" for name, value in notes)
            marker += "\n-->"
        else:
            marker += " -->"
        blocks.append(marker + _block_text(aligned.text, seg.kind, seg.level))
    for orphan in at.orphans:
        name = orphan.key.split(":", 1)[1] if ":" in orphan.key else (
            orphan.key if _KEY.match(orphan.key) or _FIELD_KEY.match(orphan.key) else "")
        blocks.append(f"<!-- {UNPLACED}{' ' + name if name else ''} -->"
                      + _block_text(without_controls(orphan.text), "paragraph", 0))
    if related:
        meta["related"] = related
    meta.update(extra or {})
    meta["translation"] = states
    return frontmatter.dump(meta, "\n\n".join(blocks))


def _block_text(text: str, kind: str, level: int) -> str:
    if not text:
        return ""
    text = escape_text(text)
    if kind == "quote":
        text = "\n".join("> " + line for line in text.split("\n"))
    else:
        text = _prefix(kind, level) + text
    return "\n" + text
