"""An article body, parsed once into our own small types; the one place that knows the engine.

A compiled CommonMark engine (pulldown-cmark, through ``pyromark``) reads the Markdown:
CommonMark with tables, raw HTML off (HTML in an article is text, never markup).

- ``parse(body)`` gives a ``Document``: the body's blocks as a tree (paragraph, heading,
  list, item, quote, table, row, cell, code, rule), each text block with its lines and the
  ``Segment`` it forms, and those segments in reading order.
- ``inline(text)`` gives the inline content of one text (a source segment, or a
  translation of it) as ``Inline`` nodes, after ``_policy``: raw HTML is text, and a link
  or picture whose address is not safe (``links.safe_url``) is the text it was written as.

A segment's text is its Markdown as written, without the markers of the blocks around it
(``## ``, ``- ``, ``> ``): the unit of translation. Fingerprints of existing workspaces
hang on it, so it is what markdown-it's inline token content was, up to white space
(which ``segments.normalise`` folds); ``tests/test_document.py`` holds the two engines to
that. No engine type leaves this module.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import pyromark

from bulletin.links import normalise_url, safe_url
from bulletin.model import Segment
from bulletin.segments import fingerprint

_BODY = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
_INLINE = pyromark.Markdown()  # a segment's text: CommonMark alone, as before
# A text without these characters is plain: no inline construct can start in it.
_SPECIAL = re.compile(r"[\\`*_\[\]<&!~\r\n]")
_LINE_ENDS = re.compile(r"\r\n?")
# A "<" that begins a line's content may begin an HTML block. With raw HTML off such a line
# is text, so the engine is shown another character there, of the same length.
_HTML_START = re.compile(r"^((?:[ \t]|>|[-+*][ \t]|\d{1,9}[.)][ \t])*)<", re.MULTILINE)
_STAND_INS = [chr(c) for c in (*range(1, 9), *range(14, 32))]


@dataclass(frozen=True)
class Inline:
    """One piece of inline content: ``kind`` is text, code, softbreak, hardbreak, em,
    strong, link or image. ``start``/``end`` say where it is in the text it was read from
    (characters), ``inner`` where its content is, so that protection keeps the markup."""

    kind: str
    text: str = ""  # text, code: the content; image: its description as written
    href: str = ""  # link, image: the address, as ``links.normalise_url`` writes it
    title: str = ""
    auto: bool = False  # an autolink (``<https://…>``): its text is its address
    children: tuple[Inline, ...] = ()
    start: int = 0
    end: int = 0
    inner: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class Block:
    """One block of a body: a text block (paragraph, heading, cell) holds its ``segment``
    (None when it is empty); a container (list, item, quote, table, row) its ``children``."""

    kind: str
    segment: Segment | None = None
    line: int = 0  # first and last line in the file
    end_line: int = 0
    level: int = 0  # heading level (1-6)
    ordered: bool = False  # list
    start: int = 1  # first number of an ordered list
    tight: bool = True  # list without blank lines between items
    header: bool = False  # table row and cell of the header
    align: str = ""  # table cell: left, center, right
    code: str = ""  # code block text (never translated)
    children: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]
    segments: tuple[Segment, ...]


def commonmark_text(text: str) -> str:
    """``text`` as CommonMark reads it (``\\r\\n`` and ``\\r`` as ``\\n``, NUL as U+FFFD):
    the text that ``inline``'s offsets point into."""
    if "\r" in text:
        text = _LINE_ENDS.sub("\n", text)
    return text.replace("\0", "\ufffd") if "\0" in text else text


def _stand_in(text: str) -> str | None:
    """A character ``text`` does not hold, to show the engine in place of another."""
    return next((c for c in _STAND_INS if c not in text), None)


class _Item(NamedTuple):
    """An engine event, in our words."""

    name: str  # Start, End, Text, Code, Html, InlineHtml, SoftBreak, HardBreak, Rule
    tag: str  # of Start and End: Paragraph, Heading, List, Item, Link, Image…
    data: Any  # of Start: the tag's details; of Text, Code and HTML: the text
    start: int  # UTF-8 bytes of the engine's input (characters once ``inline`` maps them)
    end: int


def _items(events: Iterable[tuple[object, Any]]) -> Iterator[_Item]:
    for event, span in events:
        if isinstance(event, str):
            yield _Item(event, "", None, span["start"], span["end"])
            continue
        ((name, value),) = dict(event).items()  # type: ignore[call-overload]
        if name in ("Start", "End"):
            tag, data = (value, None) if isinstance(value, str) else next(iter(value.items()))
            yield _Item(name, tag, data, span["start"], span["end"])
        else:
            yield _Item(name, "", value, span["start"], span["end"])


# ---------------------------------------------------------------- blocks

_KINDS = {"Paragraph": "paragraph", "BlockQuote": "quote", "List": "list", "Item": "item",
          "Table": "table", "TableHead": "row", "TableRow": "row", "TableCell": "cell",
          "CodeBlock": "code", "HtmlBlock": "paragraph", "Heading": "heading"}
_TEXT_BLOCKS = frozenset({"paragraph", "heading", "cell", "implicit"})  # implicit: a tight
# list item's text, which the engine gives without a paragraph around it
_ALIGN = {"Left": "left", "Center": "center", "Right": "right"}


class _Open:
    """A block being read; a text block also notes where its inline content is."""

    def __init__(self, kind: str, start: int, end: int, data: Any = None) -> None:
        self.kind, self.start, self.end, self.data = kind, start, end, data  # body bytes
        self.children: list[Block] = []
        self.first = self.last = -1  # where the inline content starts and ends
        self.loose = False
        self.code: list[str] = []


class _BodyReader:
    def __init__(self, body: str, first_line: int, stand_in: str | None) -> None:
        self.raw = body.encode("utf-8")
        self.first_line = first_line
        self.stand_in = stand_in
        self.newlines = [m.start() for m in re.finditer(b"\n", self.raw)]
        self.stack = [_Open("root", 0, len(self.raw))]
        self.segments: list[Segment] = []
        self.seen: dict[str, int] = {}

    def line(self, offset: int) -> int:
        return self.first_line + bisect_right(self.newlines, offset - 1)

    def take(self, item: _Item) -> None:
        top = self.stack[-1]
        kind = _KINDS.get(item.tag)
        if item.name in ("Start", "End") and kind is None:  # emphasis, strong, link, image
            self._inline(item)
        elif item.name == "Start":
            self._close_implicit()
            if kind == "paragraph" and top.kind == "item":
                self.stack[-2].loose = True  # a paragraph of its own in an item: loose
            self.stack.append(_Open(str(kind), item.start, item.end, item))
        elif item.name == "End":
            self._close_implicit()
            self._close()
        elif item.name == "Rule":
            self._close_implicit()
            line = self.line(item.start)
            top.children.append(Block("rule", line=line, end_line=line))
        elif top.kind == "code":
            top.code.append(str(item.data))
        elif item.name != "SoftBreak":  # a hard break "\" may begin a text
            self._inline(item)

    def _inline(self, item: _Item) -> None:
        if self.stack[-1].kind not in _TEXT_BLOCKS:  # the text of a tight list item
            self.stack.append(_Open("implicit", item.start, item.end))
        top = self.stack[-1]
        if top.first < 0:
            top.first = item.start
        top.last = max(top.last, item.end)

    def _close_implicit(self) -> None:
        if self.stack[-1].kind == "implicit":
            self._close()

    def _close(self) -> None:
        done = self.stack.pop()
        parent = self.stack[-1]
        line, end_line = self.line(done.start), self.line(max(done.start, done.end - 1))
        kind, opened = done.kind, done.data
        if kind in _TEXT_BLOCKS:
            text = self._cell(done) if kind == "cell" else self._text(done)
            segment = self._segment(text, done) if text.strip() else None
            if segment is None and kind != "cell":
                return  # an empty paragraph or heading: nothing to show
            header, align = False, ""
            if kind == "cell":
                aligns, column = self.stack[-2].data.data, len(parent.children)
                header = parent.data.tag == "TableHead"
                align = _ALIGN.get(aligns[column], "") if column < len(aligns) else ""
            block = Block("paragraph" if kind == "implicit" else kind, segment,
                          segment.line or line if segment else line, end_line,
                          level=_level(opened), header=header, align=align)
        elif kind == "code":
            code = "".join(done.code)
            block = Block("code", None, line, end_line,
                          code=code.replace(self.stand_in, "<") if self.stand_in else code)
        else:
            number = opened.data if kind == "list" else None
            block = Block(kind, None, line, end_line, ordered=number is not None,
                          start=1 if number is None else number, tight=not done.loose,
                          header=opened.tag == "TableHead", children=tuple(done.children))
        parent.children.append(block)

    def _segment(self, text: str, done: _Open) -> Segment:
        around = [o.kind for o in self.stack]
        if done.kind in ("heading", "cell"):
            kind, level = done.kind, _level(done.data)
        elif "item" in around:
            kind, level = "item", around.count("item")
        elif "quote" in around:
            kind, level = "quote", around.count("quote")
        else:
            kind, level = "paragraph", 0
        fp = fingerprint(text)
        count = self.seen[fp] = self.seen.get(fp, 0) + 1
        key = fp if count == 1 else f"{fp}-{count}"
        segment = Segment(key, fp, text, kind, self.line(max(done.first, done.start)), level)
        self.segments.append(segment)
        return segment

    def _cell(self, done: _Open) -> str:
        """A cell as its table row has it, an escaped pipe read as a pipe."""
        return self.raw[done.start:done.end].decode("utf-8").strip().replace("\\|", "|")

    def _text(self, done: _Open) -> str:
        """The block's inline Markdown as written, without the markers of the blocks around
        it (``> ``, a list item's indent) and the white space that begins each line."""
        if done.first < 0:
            return ""
        first = done.first - (done.first > 0 and self.raw[done.first - 1] == 0x5C)  # "\\"
        quotes = sum(1 for o in self.stack if o.kind == "quote")
        head, *rest = self.raw[first:done.last].split(b"\n")
        lines = [head] + [line[_after_markers(line, quotes):] for line in rest]
        return b"\n".join(lines).decode("utf-8")


def _level(opened: _Item | None) -> int:
    """A heading's level (0 for any other block)."""
    return int(opened.data["level"][1:]) if opened and opened.tag == "Heading" else 0


def _after_markers(line: bytes, quotes: int) -> int:
    """Past the white space and up to ``quotes`` block quote markers that begin a line."""
    pos = 0
    while True:
        while pos < len(line) and line[pos] in b" \t":
            pos += 1
        if not quotes or pos >= len(line) or line[pos] != 0x3E:  # ">"
            return pos
        quotes, pos = quotes - 1, pos + 1


def parse(body: str, first_line: int = 1) -> Document:
    """The blocks and segments of ``body``, whose first line is line ``first_line`` of its
    file. Segments are keyed by fingerprint; repeats get ``-2``, ``-3``…"""
    body = commonmark_text(body)
    stand_in = _stand_in(body) if "<" in body else None
    shown = _HTML_START.sub(lambda m: m[1] + stand_in, body) if stand_in else body
    reader = _BodyReader(body, first_line, stand_in)
    for item in _items(_BODY.events_with_range(shown, merge_text=True)):
        reader.take(item)
    return Document(tuple(reader.stack[0].children), tuple(reader.segments))


# ---------------------------------------------------------------- inline content


def inline(text: str) -> tuple[Inline, ...]:
    """The inline content of ``text`` (one segment's Markdown), after the link policy.

    Offsets point into ``commonmark_text(text)``. A text without Markdown punctuation is
    one text node, as it is written."""
    if not _SPECIAL.search(text):
        return (Inline("text", text, end=len(text)),) if text else ()
    return _InlineReader(commonmark_text(text)).read()


class _InlineReader:
    """``text`` read as the content of a paragraph, as markdown-it read a segment.

    The engine reads documents, so ``text`` is handed to it as the continuation of a
    one-letter paragraph with every line indented by four spaces: no line can then start
    a block (a heading, a list, a quote, a setext underline), and a blank line, which
    would end the paragraph, holds a stand-in character. Offsets are mapped back to
    ``text``; the letter, its line break and the stand-ins are dropped.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.blank = _stand_in(text) or " "
        self.lines: list[tuple[int, int, str]] = []  # (byte it starts at, offset, line)
        parts, at, offset = ["x"], 2, 0
        for line in text.split("\n"):
            shown = line if line.strip(" \t") else self.blank
            self.lines.append((at + 4, offset, line if shown is line else ""))
            parts.append("    " + shown)
            at += 5 + len(shown.encode("utf-8"))
            offset += len(line) + 1
        self.wrapped = "\n".join(parts)

    def offset(self, at: int) -> int:
        """The offset in ``text`` of byte ``at`` of the wrapped text."""
        index = bisect_right(self.lines, (at, len(self.text) + 1)) - 1
        if index < 0:
            return 0
        begin, offset, line = self.lines[index]
        inside = at - begin
        if inside <= 0:
            return offset
        if line.isascii():
            return offset + min(inside, len(line))
        return offset + len(line.encode("utf-8")[:inside].decode("utf-8", "ignore"))

    def read(self) -> tuple[Inline, ...]:
        items = list(self._mapped())[2:]  # without the letter and its line break
        nodes = _tree(_policy(items, self.text), self.text)
        text = self.text
        lead, trail = len(text) - len(text.lstrip(" \t")), len(text.rstrip(" \t"))
        if 0 < lead < len(text) and text[lead] != "\n":  # kept, as markdown-it kept them
            nodes = (Inline("text", text[:lead], end=lead), *nodes)
        if lead < trail < len(text) and text[trail - 1] != "\n":
            nodes = (*nodes, Inline("text", text[trail:], start=trail, end=len(text)))
        return nodes

    def _mapped(self) -> Iterator[_Item]:
        for item in _items(_INLINE.events_with_range(self.wrapped)):
            if item.tag == "Paragraph" or (item.name == "Text" and item.data == self.blank):
                continue  # the paragraph around the text, and the stand-ins of blank lines
            yield item._replace(start=self.offset(item.start), end=self.offset(item.end))


def _policy(items: Iterable[_Item], text: str) -> Iterator[_Item]:
    """The one rule for what inline Markdown may do here: raw HTML is text, and so is a
    link or picture whose address is not safe: the text it was written as."""
    refused = 0  # inside a refused link: its depth of nesting
    for item in items:
        if refused:
            refused += {"Start": 1, "End": -1}.get(item.name, 0)
        elif item.name == "InlineHtml":
            yield _Item("Text", "", text[item.start:item.end], item.start, item.end)
        elif item.name == "Start" and item.tag in ("Link", "Image") \
                and not safe_url(_href(item.data)):
            refused = 1
            yield _Item("Text", "", text[item.start:item.end], item.start, item.end)
        else:
            yield item


def _tree(items: Iterable[_Item], text: str) -> tuple[Inline, ...]:
    """The inline nodes of the (policy-filtered) engine items."""
    stack: list[tuple[_Item | None, list[Inline]]] = [(None, [])]
    for item in items:
        out = stack[-1][1]
        if item.name == "Start":
            stack.append((item, []))
        elif item.name == "End":
            opened, children = stack.pop()
            assert opened is not None
            stack[-1][1].append(_container(opened, item.end, children, text))
        elif item.name == "Text":
            out.append(Inline("text", str(item.data), start=item.start, end=item.end))
        elif item.name == "Code":
            out.append(Inline("code", _code(text[item.start:item.end]), start=item.start,
                              end=item.end))
        elif item.name in ("SoftBreak", "HardBreak"):
            out.append(Inline(item.name.lower(), start=item.start, end=item.end))
    return tuple(stack[0][1])


def _container(opened: _Item, end: int, children: list[Inline], text: str) -> Inline:
    start, tag, link = opened.start, opened.tag, opened.data
    if tag in ("Emphasis", "Strong"):
        inner = (children[0].start, children[-1].end) if children else (start, start)
        return Inline("em" if tag == "Emphasis" else "strong", children=tuple(children),
                      start=start, end=end, inner=inner)
    href = _href(link)
    if link["link_type"] in ("Autolink", "Email"):
        shown = "".join(child.text for child in children)  # the address as written
        return Inline("link", shown, href, auto=True, children=tuple(children), start=start,
                      end=end, inner=(start + 1, end - 1))
    label = start + (2 if tag == "Image" else 1)
    close = _label_end(text, children[-1].end if children else label)
    kind = "image" if tag == "Image" else "link"
    return Inline(kind, text[label:close] if kind == "image" else "", href, link["title"],
                  False, tuple(children), start, end, (label, close))


def _href(link: dict[str, str]) -> str:
    url = link["dest_url"]
    return normalise_url("mailto:" + url if link["link_type"] == "Email" else url)


def _label_end(text: str, after: int) -> int:
    """Where the ``]`` that ends a link's label is: the first after its last piece."""
    found = text.find("]", after)
    return found if found >= 0 else after


def _code(written: str) -> str:
    """A code span's content as CommonMark reads it: line ends as spaces, and one space
    each side dropped when both are there (and the span is not all spaces)."""
    ticks = len(written) - len(written.lstrip("`"))
    content = written[ticks:len(written) - ticks].replace("\n", " ")
    if len(content) > 1 and content[0] == content[-1] == " " and content.strip(" "):
        content = content[1:-1]
    return content
