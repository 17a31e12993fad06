"""A fast block parse for the plain bodies most news articles have.

``parse_simple(body)`` returns exactly the block tokens that ``segments.block_parser()``
(markdown-it, CommonMark + tables, html off, inline rule off) returns for ``body``, or
``None`` when the body holds anything it is not certain about; the caller then asks
markdown-it. It accepts a body only when every chunk between blank lines is one of:

- paragraph and heading lines: every paragraph line starts with a letter, an opening
  quote or bracket, emphasis (``*word``, ``**word``, ``_word``), or digits that are not
  followed by ``.`` or ``)``; every heading line is ``#``..``######``, one space and a
  text without a closing sequence (``## C#`` is fine, ``## Title ##`` is not);
- a tight bullet list, every line ``- text``, not followed (after blank lines) by another
  ``- `` line, which would make one loose list of both;
- a tight ordered list, every line ``N. text`` (1-9 digits), likewise not followed by
  another ``N. `` line;
- a block quote, every line ``> text``: one paragraph.

Item and quote texts must start like a paragraph line. Tabs, carriage returns and NUL
anywhere, and any other line (indented, ``=``, ``-``, ``+``, ``|``, ``<``, ``[``, a
backtick, ``~``, ``:`` and so on) send the whole body to markdown-it. Whatever it accepts,
``tests/test_fastblocks.py`` checks token for token against markdown-it.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import mdTrim
from markdown_it.token import Token

_ORDERED_START = re.compile(r"[0-9]+[.)]")  # anything like an ordered list marker
_ORDERED_ITEM = re.compile(r"([0-9]{1,9})\. (.*)")
_HEADING = re.compile(r"(#{1,6}) (.*)")
_OPENERS = frozenset("„“”\"'«»‘’(")
_EMPHASIS = "*_"


def _plain_start(text: str) -> bool:
    """True when a line starting with ``text`` can only be paragraph text in CommonMark."""
    first = text[0]
    if first.isalpha() or first in _OPENERS:
        return True
    if first in "0123456789":
        return _ORDERED_START.match(text) is None
    if first in _EMPHASIS:
        # `*word` / `**word`: not a list marker (no space after it), not a thematic break
        # (a letter or digit on the line); `_` only ever starts a thematic break.
        rest = text[2:3] if text[1:2] == first else text[1:2]
        return rest.isalnum()
    return False


def _blank(line: str) -> bool:
    return not line.strip(" ")


# Token's fields in order: type, tag, nesting, attrs, map, level, children, content, markup,
# info, meta, block, hidden. Positional arguments: this runs ~40 times per article.
def _tok(kind: str, tag: str, nesting: int, level: int, markup: str = "",
         line_map: list[int] | None = None, hidden: bool = False) -> Token:
    return Token(kind, tag, nesting, {}, line_map, level,  # type: ignore[arg-type]
                 None, "", markup, "", {}, True, hidden)


def _inline(content: str, line_map: list[int], level: int) -> Token:
    return Token("inline", "", 0, {}, line_map, level, [], content, "", "", {}, True, False)


def _paragraph(out: list[Token], content: str, start: int, end: int, level: int,
               hidden: bool = False) -> None:
    out.append(_tok("paragraph_open", "p", 1, level, line_map=[start, end], hidden=hidden))
    out.append(_inline(content, [start, end], level + 1))
    out.append(_tok("paragraph_close", "p", -1, level, hidden=hidden))


def _text_chunk(out: list[Token], lines: list[str], start: int, end: int) -> bool:
    """Headings and paragraphs; False if a line is anything else."""
    run_start = start
    for index in range(start, end):
        line = lines[index]
        if line[0] != "#":
            if not _plain_start(line):
                return False
            continue
        match = _HEADING.fullmatch(line)
        if match is None:
            return False
        text = match.group(2)
        content = mdTrim(text)
        before_hashes = text.rstrip(" ").rstrip("#")
        if not content or (before_hashes != text.rstrip(" ") and (
                not before_hashes or before_hashes[-1] == " ")):
            return False  # a closing sequence (`## Title ##`): leave it to markdown-it
        if run_start < index:
            _paragraph(out, mdTrim("\n".join(lines[run_start:index])), run_start, index, 0)
        tag, markup = f"h{len(match.group(1))}", match.group(1)
        out.append(_tok("heading_open", tag, 1, 0, markup, [index, index + 1]))
        out.append(_inline(content, [index, index + 1], 1))
        out.append(_tok("heading_close", tag, -1, 0, markup))
        run_start = index + 1
    if run_start < end:
        _paragraph(out, mdTrim("\n".join(lines[run_start:end])), run_start, end, 0)
    return True


def _list_chunk(out: list[Token], lines: list[str], start: int, end: int, after: int,
                ordered: bool) -> bool:
    """A tight list, one item per line; ``after`` is the next non-blank line (or the
    line count), where markdown-it ends the list and its last item."""
    items: list[tuple[str, str]] = []  # (number as written, text)
    for index in range(start, end):
        line = lines[index]
        if ordered:
            match = _ORDERED_ITEM.fullmatch(line)
            if match is None:
                return False
            number, text = match.group(1), match.group(2)
        else:
            if not line.startswith("- "):
                return False
            number, text = "", line[2:]
        if not text or not _plain_start(text):
            return False
        items.append((number, text))
    if after < len(lines):  # a same-kind item after blank lines would continue the list
        following = lines[after]
        if following.startswith("- ") if not ordered else _ORDERED_START.match(following):
            return False
    markup = "." if ordered else "-"
    kind = "ordered_list" if ordered else "bullet_list"
    opener = _tok(f"{kind}_open", "ol" if ordered else "ul", 1, 0, markup, [start, after])
    if ordered and int(items[0][0]) != 1:
        opener.attrs = {"start": int(items[0][0])}
    out.append(opener)
    for at, (number, text) in enumerate(items, start):
        item = _tok("list_item_open", "li", 1, 1, markup, [at, at + 1 if at + 1 < end else after])
        item.info = number
        out.append(item)
        _paragraph(out, mdTrim(text), at, at + 1, 2, hidden=True)
        out.append(_tok("list_item_close", "li", -1, 1, markup))
    out.append(_tok(f"{kind}_close", "ol" if ordered else "ul", -1, 0, markup))
    return True


def _quote_chunk(out: list[Token], lines: list[str], start: int, end: int) -> bool:
    texts: list[str] = []
    for index in range(start, end):
        line = lines[index]
        if not line.startswith("> ") or len(line) < 3 or not _plain_start(line[2:]):
            return False
        texts.append(line[2:])
    out.append(_tok("blockquote_open", "blockquote", 1, 0, ">", [start, end]))
    _paragraph(out, mdTrim("\n".join(texts)), start, end, 1)
    out.append(_tok("blockquote_close", "blockquote", -1, 0, ">"))
    return True


def parse_simple(body: str) -> list[Token] | None:
    """markdown-it's block tokens for a plain body, or None to ask markdown-it."""
    if "\t" in body or "\r" in body or "\0" in body:
        return None
    lines = body.split("\n")
    if _blank(lines[-1]):  # the "" after a final newline, or a last line of spaces
        lines.pop()
    count = len(lines)
    out: list[Token] = []
    index = 0
    while index < count:
        if _blank(lines[index]):
            index += 1
            continue
        end = index + 1
        while end < count and not _blank(lines[end]):
            end += 1
        first = lines[index][0]
        if first == "-" or (first in "0123456789" and _ORDERED_ITEM.match(lines[index])):
            after = end
            while after < count and _blank(lines[after]):
                after += 1
            accepted = _list_chunk(out, lines, index, end, after, ordered=first != "-")
        elif first == ">":
            accepted = _quote_chunk(out, lines, index, end)
        else:
            accepted = _text_chunk(out, lines, index, end)
        if not accepted:
            return None
        index = end
    return out
