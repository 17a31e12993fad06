"""YAML front matter: split it from the body, load it with line numbers in errors, dump it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bulletin import plainyaml
from bulletin.controls import CONTROL_RE, codepoint, find_controls
from bulletin.errors import InvalidInput, Report
from bulletin.fsio import read_text

try:  # the C loader is several times faster; fall back where libyaml is absent
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper
    from yaml import SafeLoader as _Loader


class _PlainDumper(_Dumper):  # type: ignore[misc]
    """Never writes YAML anchors (&id001) when one value appears twice: files stay plain."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    has_front_matter: bool


def read_document(path: Path, report: Report) -> tuple[str, Document] | None:
    """Read a workspace Markdown file and split its front matter; what cannot be read goes
    to ``report`` (and gives None), a BOM or CRLF line ends are reported as warnings.

    Control characters anywhere, and a line break inside a one-line field, are errors
    reported here, so that sources and translations are held to the same rule."""
    try:
        file = read_text(path)
    except InvalidInput as exc:
        report.problems.append(exc.problem())
        return None
    raw = check_controls(file.text, path, report)
    try:
        doc = split(file.text, path)
    except InvalidInput as exc:
        report.problems.append(exc.problem())
        return None
    if not any(line < doc.body_line for line in raw):  # else already reported, by line
        check_escaped_controls(doc.meta, file.text, path, report)
    check_one_line_fields(doc.meta, file.text, path, report)
    if file.had_bom:
        report.warn(path, "the file starts with a byte-order mark (BOM)",
                    "harmless, but save it as UTF-8 without BOM to keep diffs clean", code="bom")
    if file.had_crlf:
        report.warn(path, "the file has Windows (CRLF) line ends",
                    "save it with LF line ends (git: core.autocrlf=input)", code="crlf")
    return file.text, doc


MAX_CONTROL_LINES = 10  # a file full of them (a binary pasted in) gets a short report


CONTROL_HINT = ("delete it: it is invisible, and on a terminal it can act (clear the screen, "
                "hide a link)")


def check_controls(text: str, path: Path, report: Report) -> list[int]:
    """An error for each line of ``text`` that holds a control character; the lines."""
    lines = []
    for count, (line, chars) in enumerate(find_controls(text)):
        if count == MAX_CONTROL_LINES:
            report.add(path, "more lines hold control characters", line=line,
                       hint="open the file in an editor that shows them", code="control")
            break
        lines.append(line)
        names = ", ".join(codepoint(c) for c in chars)
        report.add(path, f"control character {names} in the text", line=line,
                   hint=CONTROL_HINT, code="control")
    return lines


def check_escaped_controls(meta: dict[str, Any], text: str, path: Path,
                           report: Report) -> None:
    """An error for each front-matter key whose value holds a control character that YAML
    wrote as an escape (``"\\e[2J"``, ``"\\x9b"``): the file looks clean, the value is not."""
    for key, value in meta.items():
        chars = [c for piece in _strings(value) for c in CONTROL_RE.findall(piece)]
        if chars:
            names = ", ".join(codepoint(c) for c in dict.fromkeys(chars))
            report.add(path, f"control character {names} in '{key}' (written as an escape)",
                       line=line_of_key(text, str(key)), hint=CONTROL_HINT, code="control")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def check_one_line_fields(meta: dict[str, Any], text: str, path: Path, report: Report) -> None:
    """An error for each one-line field (title, summary, a tag, the event's place, a related
    headline) whose value holds a line break: it would break the exported Markdown, where
    each of them is a heading, a list item or a line of its own."""
    reported: set[str] = set()
    for name, key, value in _one_line_values(meta):
        if name in reported or not isinstance(value, str) or "\n" not in value.strip():
            continue
        reported.add(name)
        report.add(path, f"{name} holds a line break", line=line_of_key(text, key),
                   hint="keep it on one line (no '|' or '>' block, no \\n in quotes)",
                   code="multiline")


def _one_line_values(meta: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(what to call it, its top-level key, value) of every one-line field, in sources and
    translation files alike."""
    for key in ("title", "summary", "place"):
        yield f"'{key}'", key, meta.get(key)
    tags = meta.get("tags")
    for tag in tags if isinstance(tags, list) else [tags]:
        yield "a tag", "tags", tag
    event = meta.get("event")
    if isinstance(event, dict):
        yield "'event.place'", "event", event.get("place")
    related = meta.get("related")
    for item in related if isinstance(related, list) else []:
        yield "a related title", "related", item.get("title") if isinstance(item, dict) else item


def split(text: str, path: Path) -> Document:
    """Separate ``---``-fenced YAML front matter from the Markdown body."""
    if not text.startswith("---\n") and text.strip() != "---":
        return Document({}, text, 1, False)
    end = -1
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            end = number
            break
    if end < 0:
        raise InvalidInput("the front matter has no closing '---' line", path=path, line=1,
                           hint="end the YAML block with a line of three dashes")
    raw = "\n".join(lines[1:end])
    meta = load_yaml(raw, path, first_line=2)
    body = "\n".join(lines[end + 1:])
    return Document(meta, body, end + 2, True)


def load_yaml(raw: str, path: Path, first_line: int = 1) -> dict[str, Any]:
    quick = plainyaml.load(raw)  # the usual plain shape, read as PyYAML would, or None
    if quick is not None:
        return quick
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct began
        line = first_line + mark.line if mark else None
        what = exc.problem or str(exc)
        raise InvalidInput(f"broken YAML in the front matter: {what}", path=path, line=line,
                           hint="check quotes, colons and indentation on that line") from exc
    except yaml.YAMLError as exc:
        raise InvalidInput(f"broken YAML in the front matter: {exc}", path=path,
                           hint="check the front matter's syntax") from exc
    except ValueError as exc:  # e.g. 2019-02-30: YAML reads it as a date, Python refuses
        raise InvalidInput(f"impossible value in the front matter: {exc}", path=path,
                           hint="dates are written YYYY-MM-DD and must exist") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidInput("the front matter must be a mapping of keys to values", path=path,
                           line=first_line, hint="write it as 'key: value' lines")
    return data


def dump(meta: dict[str, Any], body: str) -> str:
    """Front matter and body as one file; Cyrillic kept readable, key order kept."""
    head = yaml.dump(meta, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=False)
    body = body.strip("\n")
    return f"---\n{head}---\n" + (f"\n{body}\n" if body else "")


def line_of_key(text: str, key: str) -> int | None:
    """The line of a top-level front-matter key, for error messages."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line.rstrip() in ("---", "..."):
            break
    return None
