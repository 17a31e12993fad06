"""YAML front matter: split it from the body, load it with line numbers in errors, dump it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bulletin import plainyaml
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
    to ``report`` (and gives None), a BOM or CRLF line ends are reported as warnings."""
    try:
        file = read_text(path)
        doc = split(file.text, path)
    except InvalidInput as exc:
        report.problems.append(exc.problem())
        return None
    if file.had_bom:
        report.warn(path, "the file starts with a byte-order mark (BOM)",
                    "harmless, but save it as UTF-8 without BOM to keep diffs clean", code="bom")
    if file.had_crlf:
        report.warn(path, "the file has Windows (CRLF) line ends",
                    "save it with LF line ends (git: core.autocrlf=input)", code="crlf")
    return file.text, doc


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
