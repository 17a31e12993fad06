"""YAML front matter: split it from the body, load it with line numbers in errors, dump it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

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
    stray = _stray_fence(lines, end)
    if stray is not None:
        raise InvalidInput(f"a stray '---' on line {end + 1} ends the front matter before "
                           f"'{lines[end + 1 + stray].strip()}' (line {end + 2 + stray})",
                           path=path, line=end + 1,
                           hint=f"delete the '---' on line {end + 1}: the front matter then "
                           "ends at the next '---'")
    raw = "\n".join(lines[1:end])
    meta = load_yaml(raw, path, first_line=2)
    body = "\n".join(lines[end + 1:])
    return Document(meta, body, end + 2, True)


_KEY_LINE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*:(?:[ \t].*)?$")


def _stray_fence(lines: list[str], end: int) -> int | None:
    """Where front matter goes on after the '---' at ``lines[end]``: the offset (from the
    line after it) of the first ``key: value`` line, when the lines after it are such
    lines and end with another '---' (a doubled opening line, or one typed in between);
    None when the body starts there."""
    rest = lines[end + 1:]
    first = next((i for i, line in enumerate(rest) if line.strip()), None)
    if first is None or not _KEY_LINE.match(rest[first]):
        return None
    for line in rest[first:]:
        if line.rstrip() == "---":
            return first
        if line.strip() and not (_KEY_LINE.match(line) or line.startswith((" ", "\t", "-"))):
            return None
    return None


def load_yaml(raw: str, path: Path, first_line: int = 1) -> dict[str, Any]:
    try:
        data = yaml.load(raw, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        known = explain_yaml_error(raw, exc)
        if known is not None:  # a mistake people make, with the fix written out
            offset, message, hint = known
            raise InvalidInput(message, path=path, line=first_line + offset,
                               hint=hint) from exc
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
    """The line of a top-level front-matter key, for error messages. Only the lines up to
    the closing fence are looked at (a file is asked this once per field: the body, most
    of the file, is not split into lines each time)."""
    prefix = f"{key}:"
    number, pos = 1, 0
    while True:
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        if line.startswith(prefix):
            return number
        if (number > 1 and line.rstrip() in ("---", "...")) or end < 0:
            return None
        number, pos = number + 1, end + 1


def explain_yaml_error(raw: str, exc: yaml.MarkedYAMLError) -> tuple[int, str, str] | None:
    """For the YAML mistakes people make in front matter, the line (0-based in ``raw``), a
    message in their words, and the fix written out from their own line; None otherwise.

    PyYAML and libyaml word their errors differently ("found character '\\t' that cannot
    start any token", "mapping values are not allowed here" / "… in this context"), so the
    line itself is looked at."""
    lines = raw.split("\n")
    marks = [m.line for m in (exc.problem_mark, exc.context_mark) if m is not None]
    for number in dict.fromkeys(marks):
        if number >= len(lines):
            continue
        line = lines[number]
        if "\t" in line[: len(line) - len(line.lstrip())]:
            fixed = line.replace("\t", "  ")
            return (number, "a tab indents this line; YAML indents with spaces only",
                    f"indent it with spaces: {fixed.rstrip()!r}")
        found = _unquoted_colon(line)
        if found is not None and "mapping values are not allowed" in str(exc.problem):
            key, value = found
            return (number, f"the value of '{key}' holds ': ', which YAML reads as the start "
                    "of another key", f"put the value in quotes: {key}: {quoted(value)}")
    return None


def _unquoted_colon(line: str) -> tuple[str, str] | None:
    """``(key, value)`` when ``line`` is ``key: value`` with an unquoted value that holds
    ``": "`` itself."""
    match = re.match(r"(\s*(?:- )?[A-Za-z_][A-Za-z0-9_.-]*):[ \t]+(.*\S)\s*$", line)
    if match is None:
        return None
    value = match.group(2)
    if value[:1] in "\"'[{|>" or (": " not in value and not value.endswith(":")):
        return None
    return match.group(1).strip(), value


def quoted(value: str) -> str:
    """``value`` as a YAML string in quotes: double quotes, or single ones when it holds a
    double quote or a backslash (inside single quotes a quote is doubled)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


_BULGARIAN_DATE = re.compile(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*(?:г\.?)?\s*$")


def iso_date_hint(key: str, value: object) -> str:
    """How to write a date that YAML did not read as one: from the user's own value where
    it is a date written the Bulgarian way (``27.11.2026`` -> ``2026-11-27``)."""
    match = _BULGARIAN_DATE.match(value) if isinstance(value, str) else None
    if match is not None:
        day, month, year = (int(g) for g in match.groups())
        try:
            written = dt.date(year, month, day).isoformat()
        except ValueError:
            return f"{value!r} is no day of the calendar; write the date YYYY-MM-DD"
        name = re.split(r"[. ]", key)[-1]  # event.start -> start, as it is written
        return f"write it year first: {name}: {written}"
    return "write it YYYY-MM-DD, for example: 2019-04-08 (and the day must exist)"
