"""An article body, parsed once into our own small types; the one place that knows the engine.

A compiled CommonMark engine (pulldown-cmark, through ``pyromark``) reads the Markdown:
CommonMark with tables, raw HTML off (HTML in an article is text, never markup).

- ``parse(body)`` gives a ``Document``: the body's blocks as a tree (paragraph, heading,
  list, item, quote, table, row, cell, code, rule), each text block with its lines and the
  ``Segment`` it forms, and those segments in reading order.
- ``inline(text)`` gives the inline content of one text (a source segment, or a
  translation of it) as ``Inline`` nodes. ``_policy`` rules on every event: raw HTML is
  text, and a link or picture whose address is not safe (``links.safe_url``) is the text
  it was written as.

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

from bulletin.content.links import normalise_url, safe_url
from bulletin.content.segments import Segment, fingerprint

_BODY = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)
_INLINE = pyromark.Markdown()  # a segment's text: CommonMark alone, as before
# A text without these characters is plain: no inline construct can start in it.
_SPECIAL = re.compile(r"[\\`*_\[\]<&!~\r\n]")
_LINE_ENDS = re.compile(r"\r\n?")
# A line that starts with a letter, a quote or an opening bracket, or with emphasis on a
# word, can only be a paragraph's: no block construct starts like that.
_PARAGRAPH_ONLY = re.compile(r"[^\W\d_]|[„“\"'(«]|[*_]{1,2}[^\W_]")
# What only the policy (a link, a picture, raw HTML) or a renderer (code, line breaks, a
# NUL) must see: a text with none of these the engine may render to HTML on its own.
_NOT_ENGINE_ONLY = re.compile(r"[\[<`\n\r\0]")
# A "<" that begins a line's content may begin an HTML block. With raw HTML off such a line
# is text, so the engine is shown another character there, of the same length.
_HTML_START = re.compile(r"^((?:[ \t]|>|[-+*][ \t]|\d{1,9}[.)][ \t])*)<", re.MULTILINE)
_STAND_INS = [chr(c) for c in (*range(1, 9), *range(14, 32))]


class Inline(NamedTuple):
    """One piece of inline content: ``kind`` is text, code, softbreak, hardbreak, em,
    strong, link or image. ``start``/``end`` say where it is in the text it was read from
    (UTF-8 bytes), ``inner`` where its content is, so that protection keeps the markup.
    Immutable like the blocks, but a named tuple: an export makes some hundred thousand,
    and a frozen dataclass costs four times as much to make."""

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
    the text whose UTF-8 bytes ``inline``'s offsets count."""
    if "\r" in text:
        text = _LINE_ENDS.sub("\n", text)
    return text.replace("\0", "\ufffd") if "\0" in text else text


def _stand_in(text: str) -> str | None:
    """A character ``text`` does not hold, to show the engine in place of another."""
    return next((c for c in _STAND_INS if c not in text), None)


# ---------------------------------------------------------------- blocks

_KINDS = {"Paragraph": "paragraph", "BlockQuote": "quote", "List": "list", "Item": "item",
          "Table": "table", "TableHead": "row", "TableRow": "row", "TableCell": "cell",
          "CodeBlock": "code", "HtmlBlock": "paragraph", "Heading": "heading"}
_RANGED = frozenset({"paragraph", "cell"})  # their text is their range, as written
_PIECED = frozenset({"heading", "implicit"})  # theirs runs from their first inline piece to
# their last (a tight list item's text, "implicit", comes without a paragraph around it)
_ALIGN = {"Left": "left", "Center": "center", "Right": "right"}
_WHITE = b" \t\n"


class _Open:
    """A block being read."""

    def __init__(self, kind: str, tag: str, data: Any, start: int, end: int) -> None:
        self.kind, self.tag, self.data = kind, tag, data
        self.start, self.end = start, end  # bytes of the body
        self.first = self.last = -1  # a pieced block: where its inline content is
        self.children: list[Block] = []
        self.loose = False
        self.code: list[str] = []


class _BodyReader:
    def __init__(self, body: str, first_line: int, stand_in: str | None) -> None:
        self.raw = body.encode("utf-8")
        self.first_line = first_line
        self.stand_in = stand_in
        self.newlines = [m.start() for m in re.finditer(b"\n", self.raw)]
        self.stack = [_Open("root", "", None, 0, len(self.raw))]
        self.segments: list[Segment] = []
        self.seen: dict[str, int] = {}

    def line(self, offset: int) -> int:
        return self.first_line + bisect_right(self.newlines, offset - 1)

    def read(self, events: Iterable[tuple[Any, Any]]) -> None:
        """Take the engine's events in order; most are inline ones, passed over quickly."""
        stack = self.stack
        for event, span in events:
            top = stack[-1]
            if top.kind in _RANGED:  # a paragraph or a cell: only its end matters here
                if type(event) is dict and event.get("End") == top.tag:
                    self._close()
                continue
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                if event == "Rule":
                    self._close_implicit()
                    line = self.line(span["start"])
                    stack[-1].children.append(Block("rule", line=line, end_line=line))
                elif event == "HardBreak":  # a backslash break may begin a text
                    self._piece(top, span)
                continue
            for name, value in event.items():  # the one entry of the event
                if name != "Start" and name != "End":
                    if top.kind == "code":
                        top.code.append(value)
                    else:
                        self._piece(top, span)
                    continue
                tag = value if type(value) is str else next(iter(value))
                kind = _KINDS.get(tag)
                if kind is None:  # emphasis, strong, link, image
                    if name == "Start":
                        self._piece(top, span)
                    elif top.kind in _PIECED:
                        top.last = max(top.last, span["end"])
                    continue
                self._close_implicit()
                if name == "End":
                    self._close()
                    continue
                if kind == "paragraph" and top.kind == "item":
                    stack[-2].loose = True  # a paragraph of its own in an item: loose
                data = None if type(value) is str else value[tag]
                stack.append(_Open(kind, tag, data, span["start"], span["end"]))

    def _piece(self, top: _Open, span: dict[str, int]) -> None:
        """An inline piece: where a pieced block's text starts and ends."""
        if top.kind in _RANGED:
            return
        if top.kind not in _PIECED:  # the text of a tight list item begins
            top = _Open("implicit", "", None, span["start"], span["end"])
            self.stack.append(top)
        if top.first < 0:
            top.first = span["start"]
        top.last = max(top.last, span["end"])

    def _close_implicit(self) -> None:
        if self.stack[-1].kind == "implicit":
            self._close()

    def _close(self) -> None:
        done = self.stack.pop()
        parent = self.stack[-1]
        kind = done.kind
        line, end_line = self.line(done.start), self.line(max(done.start, done.end - 1))
        if kind in _RANGED or kind in _PIECED:
            text = self._text(done)
            segment = self._segment(text, done) if text.strip() else None
            if segment is None and kind != "cell":
                return  # an empty paragraph or heading: nothing to show
            align = ""
            if kind == "cell":
                aligns, column = self.stack[-2].data, len(parent.children)
                align = _ALIGN.get(aligns[column], "") if column < len(aligns) else ""
            block = Block("paragraph" if kind == "implicit" else kind, segment,
                          segment.line or line if segment else line, end_line,
                          level=_level(done),
                          header=kind == "cell" and parent.tag == "TableHead", align=align)
        elif kind == "code":
            code = "".join(done.code)
            block = Block("code", None, line, end_line,
                          code=code.replace(self.stand_in, "<") if self.stand_in else code)
        else:
            number = done.data if kind == "list" else None
            block = Block(kind, None, line, end_line, ordered=number is not None,
                          start=1 if number is None else number, tight=not done.loose,
                          header=done.tag == "TableHead", children=tuple(done.children))
        parent.children.append(block)

    def _segment(self, text: str, done: _Open) -> Segment:
        around = [o.kind for o in self.stack]
        if done.kind in ("heading", "cell"):
            kind, level = done.kind, _level(done)
        elif "item" in around:
            kind, level = "item", around.count("item")
        elif "quote" in around:
            kind, level = "quote", around.count("quote")
        else:
            kind, level = "paragraph", 0
        fp = fingerprint(text)
        count = self.seen[fp] = self.seen.get(fp, 0) + 1
        key = fp if count == 1 else f"{fp}-{count}"
        start = done.first if done.kind in _PIECED else done.start
        segment = Segment(key, fp, text, kind, self.line(start), level)
        self.segments.append(segment)
        return segment

    def _text(self, done: _Open) -> str:
        """The block's inline Markdown as written, without the markers of the blocks around
        it (``> ``, a list item's indent) and the white space that begins each line; a cell
        as its table row has it, an escaped pipe read as a pipe."""
        raw = self.raw
        if done.kind == "cell":
            return raw[done.start:done.end].decode("utf-8").strip().replace("\\|", "|")
        if done.kind in _PIECED:
            if done.first < 0:
                return ""
            start = done.first - (done.first > 0 and raw[done.first - 1] == 0x5C)  # "\\"
            written = raw[start:done.last]
        else:
            written = raw[done.start:done.end].rstrip(_WHITE)
        if b"\n" not in written:
            return written.decode("utf-8")
        quotes = sum(1 for o in self.stack if o.kind == "quote")
        head, *rest = written.split(b"\n")
        lines = [head] + [line[_after_markers(line, quotes):] for line in rest]
        return b"\n".join(lines).decode("utf-8")


def _level(done: _Open) -> int:
    """A heading's level (0 for any other block)."""
    return int(done.data["level"][1:]) if done.kind == "heading" else 0


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
    reader.read(_BODY.events_with_range(shown, merge_text=True))
    return Document(tuple(reader.stack[0].children), tuple(reader.segments))


# ---------------------------------------------------------------- inline content


def inline(text: str) -> tuple[Inline, ...]:
    """The inline content of ``text`` (one segment's Markdown), after the link policy.

    Offsets are UTF-8 bytes of ``commonmark_text(text)``. A text without Markdown
    punctuation is one text node, as it is written."""
    if not _SPECIAL.search(text):
        return (Inline("text", text, end=len(text.encode("utf-8"))),) if text else ()
    return _InlineReader(commonmark_text(text)).read()


def engine_html(text: str) -> str | None:
    """The HTML of ``text``'s inline content as the engine writes it, when no policy or
    renderer has a say in it: one line that can only begin a paragraph, with no link,
    picture, raw HTML or code span, and no white space at either end. Else None: the text
    goes through ``inline``. Emphasis, escapes and entities come out as ``inline`` reads
    them; a quotation mark is written ``&quot;``, as the renderers escape text."""
    if (not text or text[0] in " \t" or text[-1] in " \t" or _NOT_ENGINE_ONLY.search(text)
            or not _PARAGRAPH_ONLY.match(text)):
        return None
    out = _INLINE.html(text)
    if not (out.startswith("<p>") and out.endswith("</p>\n")):
        return None
    return out[3:-5].replace('"', "&quot;")


class _InlineReader:
    """``text`` read as the content of a paragraph, as markdown-it read a segment.

    The engine reads documents, so ``text`` is handed to it as the continuation of a
    one-letter paragraph with every line indented by four spaces: no line can then start
    a block (a heading, a list, a quote, a setext underline), and a blank line, which
    would end the paragraph, holds a stand-in character. Offsets are mapped back to
    ``text``; the letter, its line break and the stand-ins are dropped. A line that can
    only begin a paragraph (``_PARAGRAPH_ONLY``) is handed over as it is.
    """

    def __init__(self, text: str) -> None:
        self.raw = text.encode("utf-8")
        self.blank, self.skip = "", 3  # the paragraph, the letter and its line break
        if "\n" not in text and _PARAGRAPH_ONLY.match(text):  # as it is: most texts
            self.wrapped, self.starts, self.origin, self.skip = text, [0], [(0, len(self.raw))], 1
            return
        if "\n" not in text:
            self.wrapped, self.starts, self.origin = "x\n    " + text, [6], [(0, len(self.raw))]
            return
        self.blank = _stand_in(text) or " "
        self.starts, self.origin = [], []  # where each line is in the wrapped text and here
        parts, at, offset = ["x"], 2, 0
        for line in text.split("\n"):
            size = len(line.encode("utf-8"))
            shown = line if line.strip(" \t") else self.blank
            self.starts.append(at + 4)
            self.origin.append((offset, size if shown is line else 0))
            parts.append("    " + shown)
            at += 5 + (size if shown is line else len(shown.encode("utf-8")))
            offset += size + 1
        self.wrapped = "\n".join(parts)

    def at(self, byte: int) -> int:
        """The offset in ``text`` of a byte of the wrapped text."""
        index = max(bisect_right(self.starts, byte) - 1, 0) if len(self.starts) > 1 else 0
        offset, size = self.origin[index]
        return offset + min(max(byte - self.starts[index], 0), size)

    def source(self, start: int, end: int) -> str:
        """The text as written between two bytes of the wrapped text."""
        return self.raw[self.at(start):self.at(end)].decode("utf-8")

    def read(self) -> tuple[Inline, ...]:
        raw, blank, direct = self.raw, self.blank, self.skip == 1  # direct: offsets as they are
        wrapped = raw if direct else self.wrapped.encode("utf-8")
        at = self.at
        events: Iterator[tuple[Any, Any]] = _INLINE.events_with_range(self.wrapped,
                                                                      merge_text=True)
        for _ in range(self.skip):  # the paragraph around the text (and the letter)
            next(events)
        stack: list[tuple[str, Any, int, list[Inline]]] = [("", None, 0, [])]
        out = stack[0][3]
        refused = 0  # inside a link that ``_policy`` made text: its depth
        for event, span in events:
            start, end = span["start"], span["end"]
            if type(event) is str:  # a line break
                if not refused:
                    out.append(Inline(event.lower(), "", "", "", False, (),
                                      *((start, end) if direct else (at(start), at(end)))))
                continue
            ((name, value),) = event.items()
            if refused:
                refused += 1 if name == "Start" else -1 if name == "End" else 0
                continue
            if (name == "InlineHtml" or name == "Start") and _policy(name, value):
                refused = name == "Start"  # shown as the text it was written as
                name, value = "Text", self.source(start, end)
            if name == "Text":
                if value == blank:
                    continue  # the stand-in of a blank line
                if start and wrapped[start - 1] == 0x5C:  # the engine leaves out the
                    start -= 1  # backslash of an escape that begins a text
                begin, end = (start, end) if direct else (at(start), at(end))
                if out and out[-1].kind == "text":  # one node for a run of text
                    last = out.pop()
                    value, begin = last.text + value, last.start
                out.append(Inline("text", value, "", "", False, (), begin, end))
            elif name == "Code":
                out.append(Inline("code", _code(self.source(start, end)), "", "", False, (),
                                  *((start, end) if direct else (at(start), at(end)))))
            elif name == "Start" and value != "Paragraph":
                tag, data = (value, None) if type(value) is str else next(iter(value.items()))
                stack.append((tag, data, start if direct else at(start), []))
                out = stack[-1][3]
            elif name == "End" and value != "Paragraph":
                tag, data, begin, children = stack.pop()
                out = stack[-1][3]
                out.append(_container(tag, data, begin, end if direct else at(end), children,
                                      raw))
        nodes = tuple(stack[0][3])
        lead, trail = len(raw) - len(raw.lstrip(b" \t")), len(raw.rstrip(b" \t"))
        if 0 < lead < len(raw) and raw[lead] != 0x0A:  # kept, as markdown-it kept them
            nodes = (Inline("text", raw[:lead].decode("utf-8"), end=lead), *nodes)
        if lead < trail < len(raw) and raw[trail - 1] != 0x0A:
            nodes = (*nodes, Inline("text", raw[trail:].decode("utf-8"), start=trail,
                                    end=len(raw)))
        return nodes


def _policy(name: str, value: Any) -> bool:
    """The one rule for what inline Markdown may do here, applied to each of the engine's
    events: whether it is shown as the text it was written as. Raw HTML is; so is a link
    or picture whose address is not safe (``links.safe_url``)."""
    if name == "InlineHtml":
        return True
    if name != "Start" or type(value) is not dict:
        return False
    link = value.get("Link") or value.get("Image")
    return link is not None and not safe_url(_href(link))


def _container(tag: str, link: Any, start: int, end: int, children: list[Inline],
               raw: bytes) -> Inline:
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
    close = raw.find(b"]", children[-1].end if children else label)  # the label's end
    close = close if close >= 0 else label
    kind = "image" if tag == "Image" else "link"
    return Inline(kind, raw[label:close].decode("utf-8") if kind == "image" else "", href,
                  link["title"], False, tuple(children), start, end, (label, close))


def _href(link: dict[str, str]) -> str:
    url = link["dest_url"]
    return normalise_url("mailto:" + url if link["link_type"] == "Email" else url)


def _code(written: str) -> str:
    """A code span's content as CommonMark reads it: line ends as spaces, and one space
    each side dropped when both are there (and the span is not all spaces)."""
    ticks = len(written) - len(written.lstrip("`"))
    content = written[ticks:len(written) - ticks].replace("\n", " ")
    if len(content) > 1 and content[0] == content[-1] == " " and content.strip(" "):
        content = content[1:-1]
    return content
