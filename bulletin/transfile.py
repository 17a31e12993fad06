"""The translation file format: ``articles/<id>/<lang>.md``.

Front matter holds the translated fields and, under ``translation:``, their states; the
body holds one block per source segment, each after a one-line marker::

    <!-- 1a2b3c4d machine 9f8e7d6c -->
    On 26 and 27 March 2019, …

The marker names the fingerprint of the source text the block was made from, its state,
and (for text the tool wrote) a check hash: when the text no longer matches it, a person
has edited it and the block counts as reviewed. See docs/translation-files.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bulletin import frontmatter
from bulletin.errors import Report
from bulletin.model import ArticleTranslation, State, TargetSegment, Translation
from bulletin.segments import text_check

MARKER_RE = re.compile(
    r"^<!--[ \t]*(?P<key>[0-9a-f]{8}(?:-\d+)?)[ \t]+(?P<state>[a-z]+)"
    r"(?:[ \t]+(?P<check>[0-9a-f]{8}))?[ \t]*(?:\n(?:was:[ \t]?)?(?P<was>.*?))?[ \t]*-->[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_FIELD_STATE_RE = re.compile(
    r"^(?P<key>[0-9a-f]{8})\s+(?P<state>[a-z]+)(?:\s+(?P<check>[0-9a-f]{8}))?$")
_PREFIX_RE = {
    "heading": re.compile(r"^#{1,6}[ \t]+"),
    "item": re.compile(r"^(?:[-*+]|\d{1,9}[.)])[ \t]+"),
}
FIELD_NAMES = ("title", "summary", "place", "tags")


def read_translation(path: Path, article_id: str, lang: str, report: Report) -> Translation | None:
    read = frontmatter.read_document(path, report)
    if read is None:
        return None
    raw, doc = read
    meta = dict(doc.meta)
    states = meta.pop("translation", {}) or {}
    if not isinstance(states, dict):
        report.add(path, "'translation' must be a mapping of segment states", line=1,
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
    for key in sorted(set(texts) | {k for k in states if k != "from"}):
        text = texts.get(key, "")
        stored = _field_state(states.get(key), path, key, report)
        if stored is None:
            stored = TargetSegment(key, State.REVIEWED if text else State.MISSING, text)
        stored.text = text
        stored.line = frontmatter.line_of_key(raw, key.split(".")[0])
        translation.fields[key] = stored
    translation.extra = meta
    translation.body, translation.has_markers = _body(doc.body, doc.body_line, path, report)
    return translation


def _field_state(value: Any, path: Path, key: str, report: Report) -> TargetSegment | None:
    """Parse ``'<source fp> <state> [check]'`` (or its mapping form, which adds ``was``)."""
    if value is None:
        return None
    was = None
    if isinstance(value, dict):
        was = value.get("was")
        value = " ".join(str(value.get(k) or "") for k in ("source", "state", "check")).strip()
    match = _FIELD_STATE_RE.match(str(value))
    if not match or match["state"] not in State.__members__.values():
        report.add(path, f"the state of '{key}' is not understood: {value!r}",
                   hint="expected '<8 hex digits> <missing|machine|reviewed|stale> [check]'")
        return None
    return TargetSegment(key, State(match["state"]), "", match["check"],
                         str(was) if was else None, source=match["key"])


def _body(body: str, first_line: int, path: Path, report: Report
          ) -> tuple[list[TargetSegment], bool]:
    markers = _markers(body)
    if not markers:
        return _unmarked(body, first_line), False
    lead = body[: markers[0].start()].strip()
    if lead:
        report.warn(path, "text before the first segment marker is ignored", line=first_line,
                    hint="move it below a marker, or into the source article", code="stray-text")
    segments: list[TargetSegment] = []
    line, counted = first_line, 0
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(body)
        line += body.count("\n", counted, match.start())
        counted = match.start()
        state = match["state"]
        if state not in State.__members__.values():
            report.add(path, f"unknown segment state {state!r}", line=line,
                       hint="use missing, machine, reviewed or stale")
            continue
        text = body[match.end():end].strip("\n").strip()
        was = match["was"]
        segments.append(TargetSegment(match["key"], State(state), text, match["check"],
                                      was.strip().replace("-- >", "-->") if was else None,
                                      line + 1, source=match["key"].split("-", 1)[0]))
    return segments, True


def _markers(body: str) -> list[re.Match[str]]:
    """``MARKER_RE.finditer(body)``, found quicker: a marker starts with ``<!--``, so the
    pattern is tried only there rather than at every position of the body."""
    found: list[re.Match[str]] = []
    at = body.find("<!--")
    while at >= 0:
        match = MARKER_RE.match(body, at)  # its ^ still needs a line start (MULTILINE)
        if match:
            found.append(match)
        at = body.find("<!--", match.end() if match else at + 1)
    return found


def _unmarked(body: str, first_line: int) -> list[TargetSegment]:
    """A translation written by hand without markers: its blocks, in order, as reviewed."""
    from bulletin.segments import body_segments, parse_blocks

    return [TargetSegment("", State.REVIEWED, seg.text, None, None, seg.line)
            for seg in body_segments(parse_blocks(body), first_line)]


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


def render_translation(at: ArticleTranslation, source_lang: str,
                       extra: dict[str, object] | None = None) -> str:
    """The translation file for ``at``: every segment in source order, with its state."""
    meta: dict[str, Any] = {}
    states: dict[str, Any] = {"from": source_lang}
    related: list[str] = []
    blocks: list[str] = []
    for aligned in at.segments:
        seg = aligned.segment
        check = text_check(aligned.text) if aligned.text and aligned.state in (
            State.MACHINE, State.STALE) else None
        if seg.is_field:
            if seg.key.startswith("related."):
                related.append(aligned.text)
            elif aligned.text:
                meta[seg.key] = aligned.text
            state = f"{seg.fingerprint} {aligned.state.value}" + (f" {check}" if check else "")
            if aligned.state is State.STALE and aligned.previous:
                fp, st, *rest = state.split(" ")
                states[seg.key] = {"source": fp, "state": st, "check": rest[0] if rest else "",
                                   "was": aligned.previous}
            else:
                states[seg.key] = state
            continue
        marker = f"<!-- {seg.key} {aligned.state.value}" + (f" {check}" if check else "")
        if aligned.state is State.STALE and aligned.previous:
            marker += "\nwas: " + aligned.previous.replace("-->", "-- >") + "\n-->"
        else:
            marker += " -->"
        text = aligned.text
        if text:
            prefix = _prefix(seg.kind, seg.level)
            if seg.kind == "quote":
                text = "\n".join("> " + line for line in text.split("\n"))
            else:
                text = prefix + text
        blocks.append(marker + ("\n" + text if text else ""))
    if related:
        meta["related"] = related
    meta.update(extra or {})
    meta["translation"] = states
    return frontmatter.dump(meta, "\n\n".join(blocks))
