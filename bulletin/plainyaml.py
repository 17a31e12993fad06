"""A quick reader for the plain YAML that front matter is written in.

Almost every front matter is flat ``key: value`` lines, block lists of scalars, one nested
mapping (``translation:``) and a list of small mappings (``related:``). PyYAML spends more
time on these than on everything else in a file, so ``load`` reads exactly that shape
itself and returns what PyYAML's safe loader returns, or None ("not for me") for anything
else: flow collections, double quotes, block scalars, multi-line values, comments,
anchors, tags, numbers, dates that do not exist, duplicate keys, tabs... The caller then
asks PyYAML, which also gives the error messages. Scalars are typed by PyYAML's own
resolver, so ``yes``, ``~`` or ``2019-04-08`` mean here what they mean there.
``tests/test_plainyaml.py`` checks both agree on every front matter of a generated corpus
and on tricky inputs.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

_RESOLVER = Resolver()
_TYPED_FIRST = frozenset(Resolver.yaml_implicit_resolvers)  # first characters of non-strings
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
# outside YAML's printable set, or a line break or tab PyYAML would treat specially
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff"
                      "\ufffe\uffff]")
_COMMENT = re.compile(r"(?:^|[ ])#", re.MULTILINE)
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?: +(.*))?$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_INDICATORS = frozenset("-?:,[]{}#&*!|>\"%@`")


class _Decline(Exception):
    """The text uses YAML beyond what this reader knows: PyYAML must read it."""


def load(raw: str) -> dict[str, Any] | None:
    """The mapping PyYAML's safe loader would read from ``raw``, or None if ``raw`` is
    not of the plain shape this reader knows (then use PyYAML)."""
    if _UNUSUAL.search(raw) or _COMMENT.search(raw):
        return None
    lines = [(len(line) - len(line.lstrip(" ")), line.strip(" "))
             for line in raw.split("\n") if line.strip(" ")]
    if not lines:
        return None
    try:
        return _Lines(lines).top()
    except _Decline:
        return None


class _Lines:
    """The non-blank lines of a front matter as (indent, text), read front to back."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        self.at = 0

    def peek(self) -> tuple[int, str] | None:
        return self.lines[self.at] if self.at < len(self.lines) else None

    def top(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        while (line := self.peek()) is not None:
            indent, text = line
            if indent or text.startswith(("---", "...", "%")):
                raise _Decline
            key, rest = _entry(text)
            self.at += 1
            _put(data, key, _scalar(rest) if rest else self.block(0))
        return data

    def block(self, parent: int) -> Any:
        """The value of a key with nothing after its colon: a list, a mapping or null."""
        line = self.peek()
        if line is None or (line[0] == parent and not _is_item(line[1])):
            return None
        indent, text = line
        if _is_item(text) and indent >= parent:
            return self.sequence(indent)
        if indent > parent:
            return self.mapping(indent)
        raise _Decline

    def sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while (line := self.peek()) is not None and line[0] == indent and _is_item(line[1]):
            text = line[1][1:]
            content = text.lstrip(" ")
            self.at += 1
            if _KEY.match(content):  # "- key: value" starts a small mapping
                column = indent + 1 + len(text) - len(content)
                items.append(self.mapping(column, first=content))
            else:
                items.append(_scalar(content))
        line = self.peek()
        if line is not None and line[0] >= indent and not (line[0] == 0 and indent == 0):
            raise _Decline  # a continuation line, or a line at an odd indent
        return items

    def mapping(self, indent: int, first: str | None = None) -> dict[str, Any]:
        """A mapping of scalars whose keys sit at column ``indent``."""
        data: dict[str, Any] = {}
        if first is not None:
            _put(data, *_nested(first))
        while (line := self.peek()) is not None and line[0] == indent:
            _put(data, *_nested(line[1]))
            self.at += 1
        return data  # what follows is checked by the caller: top() or sequence()


def _is_item(text: str) -> bool:
    return text.startswith("- ")


def _entry(text: str) -> tuple[str, str]:
    match = _KEY.match(text)
    if match is None or _tag(match[1]) != _STR:
        raise _Decline
    return match[1], match[2] or ""


def _nested(text: str) -> tuple[str, Any]:
    key, rest = _entry(text)
    if not rest:
        raise _Decline
    return key, _scalar(rest)


def _put(data: dict[str, Any], key: str, value: Any) -> None:
    if key in data:
        raise _Decline
    data[key] = value


def _scalar(text: str) -> Any:
    """One scalar written on one line: plain or single-quoted."""
    if text.startswith("'"):
        inner = text[1:-1]
        if len(text) < 2 or not text.endswith("'") or "'" in inner.replace("''", ""):
            raise _Decline
        return inner.replace("''", "'")
    if text[0] in _INDICATORS or ": " in text or text.endswith(":"):
        raise _Decline
    tag = _tag(text)
    if tag == _STR:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return _BOOLS[text.lower()]
    date = _DATE.match(text)
    if tag == _TIMESTAMP and date:
        try:
            return dt.date(int(date[1]), int(date[2]), int(date[3]))
        except ValueError:
            raise _Decline from None  # PyYAML gives the error
    raise _Decline


def _tag(text: str) -> str:
    """The type PyYAML gives a plain scalar: most start with a letter no type starts with."""
    if text[0] not in _TYPED_FIRST and None not in _TYPED_FIRST:
        return _STR
    return str(_RESOLVER.resolve(ScalarNode, text, (True, False)))
