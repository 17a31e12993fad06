"""A quick inline parser for the Markdown that news text uses, or no answer at all.

``parse`` reads ``**strong**``, ``*em*`` / ``_em_``, ``[text](url "title")`` links,
`` `code` `` spans, backslash escapes, hard and soft line breaks, and everything else as
text, into a flat list of tokens that ``bulletin.export.inline`` renders. It follows
markdown-it-py's own inline rules step by step (same left-to-right order, same
delimiter-run flanking test, same link destination limits), and it gives up, returning
None, wherever it is not certain to agree with markdown-it: images, autolinks, entities,
reference or unbalanced brackets, unsafe links, delimiter runs of three or more, closers
whose nearest opener is not the innermost one of the same length, and so on.
The caller then asks markdown-it. Correctness first: a None is never wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace, unescapeAll
from markdown_it.rules_inline.autolink import AUTOLINK_RE, EMAIL_RE
from markdown_it.rules_inline.entity import DIGITAL_RE, NAMED_RE

# Token kinds: (TEXT, content) (CODE, content) (LINK_OPEN, href, title), others alone.
TEXT, CODE, EM_OPEN, EM_CLOSE, STRONG_OPEN, STRONG_CLOSE = range(6)
LINK_OPEN, LINK_CLOSE, SOFTBREAK, HARDBREAK = range(6, 10)
Token = tuple[int] | tuple[int, str] | tuple[int, str, str]

# Where markdown-it's text rule stops and another rule may fire (of those we handle or
# refuse); every other character is text for both parsers.
_STOP = re.compile(r"[\n\\`*_\[\]<&!]")
# Characters a backslash escapes (markdown-it's list: ASCII punctuation).
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Inside a link text we read only emphasis and text.
_LABEL_REFUSED = re.compile(r"[\[\\`<\n]")
_MAX_DEST_PARENS = 32
# Link destination characters with no special meaning there (markdown-it stops at a
# space or a control character and counts parentheses; we refuse <>\`"' as well).
_DEST_CHARS = re.compile(r"[^ ()<>\\`\"'\x00-\x1f\x7f]*")


class _Decline(Exception):
    """Not certain to agree with markdown-it here."""


def parse(text: str, link: Callable[[str], str | None]) -> list[Token] | None:
    """The inline tokens of ``text``, or None when markdown-it must decide.

    ``link(destination)`` gives the normalised, allowed href of a raw link destination
    exactly as markdown-it would compute it, or None for an address it refuses.
    """
    if "\r" in text or "\x00" in text:
        return None  # markdown-it rewrites these before it parses
    try:
        return _merge(_Reader(text, link).run(0, len(text), in_link=False))
    except _Decline:
        return None


class _Reader:
    __slots__ = ("link", "src")

    def __init__(self, src: str, link: Callable[[str], str | None]) -> None:
        self.src = src
        self.link = link

    def run(self, pos: int, end: int, in_link: bool) -> list[object]:
        """Tokens of ``src[pos:end]``; text pieces stay plain strings until ``_merge``."""
        src = self.src
        out: list[object] = []
        # out[pending:] holds markdown-it's "pending" text (not yet pushed as a token):
        # a line break looks at its trailing spaces.
        pending = 0
        openers: list[tuple[int, str, int]] = []  # (index in out, marker, run length)
        while pos < end:
            found = _STOP.search(src, pos, end)
            if found is None:
                out.append(src[pos:end])
                break
            stop = found.start()
            if stop > pos:
                out.append(src[pos:stop])
            pos = stop
            ch = src[pos]
            if ch == "*" or ch == "_":
                pos = self._delimiters(pos, end, out, openers)
                pending = len(out)
            elif ch == "`":
                pos, is_token = self._backticks(pos, end, out)
                if is_token:
                    pending = len(out)
            elif ch == "\\":
                pos, is_token = self._escape(pos, end, out)
                if is_token:
                    pending = len(out)
            elif ch == "\n":
                pos = self._newline(pos, end, out, pending)
                pending = len(out)
            elif ch == "[":
                if in_link:
                    raise _Decline
                pos = self._link(pos, end, out)
                pending = len(out)
            elif ch == "<":
                # markdown-it's autolink test: '<', no other '<', '>', an address inside
                close = src.find(">", pos + 1, end)
                if close >= 0 and "<" not in src[pos + 1:close]:
                    inside = src[pos + 1:close]
                    if AUTOLINK_RE.search(inside) or EMAIL_RE.search(inside):
                        raise _Decline
                out.append("<")
                pos += 1
            elif ch == "&":
                if DIGITAL_RE.match(src, pos) or NAMED_RE.match(src, pos):
                    raise _Decline  # a character reference
                out.append("&")
                pos += 1
            elif ch == "!":
                if pos + 1 < end and src[pos + 1] == "[":
                    raise _Decline  # an image
                out.append("!")
                pos += 1
            else:  # ']' outside a link
                raise _Decline
        for index, marker, length in openers:  # never closed: plain text
            out[index] = marker * length
        return out

    def _delimiters(self, pos: int, end: int, out: list[object],
                    openers: list[tuple[int, str, int]]) -> int:
        """A run of ``*`` or ``_``, classified as markdown-it's ``scanDelims`` does."""
        src = self.src
        marker = src[pos]
        stop = pos + 1
        while stop < end and src[stop] == marker:
            stop += 1
        length = stop - pos
        if length > 2:
            raise _Decline
        last = src[pos - 1] if pos > 0 else " "
        after = src[stop] if stop < end else " "
        last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
        next_punct = isMdAsciiPunct(ord(after)) or isPunctChar(after)
        last_space = isWhiteSpace(ord(last))
        next_space = isWhiteSpace(ord(after))
        left = not (next_space or (next_punct and not (last_space or last_punct)))
        right = not (last_space or (last_punct and not (next_space or next_punct)))
        if marker == "*":
            can_open, can_close = left, right
        else:
            can_open = left and (not right or last_punct)
            can_close = right and (not left or next_punct)
        # markdown-it tries a run as a closer first, against the nearest opener of the
        # same marker. We follow it only when that opener is the innermost one and has
        # the same length (so the "rule of 3" cannot apply); when there is none, a run
        # that can open opens and one that cannot is text.
        if can_close and openers and openers[-1][1] == marker and openers[-1][2] == length:
            index = openers.pop()[0]
            out[index] = (EM_OPEN,) if length == 1 else (STRONG_OPEN,)
            out.append((EM_CLOSE,) if length == 1 else (STRONG_CLOSE,))
        elif can_close and any(opener[1] == marker for opener in openers):
            raise _Decline
        elif can_open:
            openers.append((len(out), marker, length))
            out.append(None)  # placeholder until its closer comes
        else:  # neither, or a closer with nothing to close: text
            out.append(marker * length)
        return stop

    def _backticks(self, pos: int, end: int, out: list[object]) -> tuple[int, bool]:
        """A code span, or an unmatched backtick run kept as text."""
        src = self.src
        stop = pos + 1
        while stop < end and src[stop] == "`":
            stop += 1
        length = stop - pos
        search = stop
        while (start := src.find("`", search, end)) != -1:
            search = start + 1
            while search < end and src[search] == "`":
                search += 1
            if search - start == length:
                content = src[stop:start].replace("\n", " ")
                if (content.startswith(" ") and content.endswith(" ")
                        and content.strip(" ")):
                    content = content[1:-1]
                out.append((CODE, content))
                return search, True
        out.append(src[pos:stop])
        return stop, False

    def _escape(self, pos: int, end: int, out: list[object]) -> tuple[int, bool]:
        """An escaped character or a hard break (tokens), or a last backslash (text)."""
        src = self.src
        if pos + 1 >= end:
            out.append("\\")
            return pos + 1, False
        ch = src[pos + 1]
        if ch == "\n":
            out.append((HARDBREAK,))
            return _skip_blanks(src, pos + 2, end), True
        out.append(ch if ch in _ESCAPABLE else "\\" + ch)
        return pos + 2, True

    def _newline(self, pos: int, end: int, out: list[object], pending: int) -> int:
        text = "".join(str(piece) for piece in out[pending:])
        if text.endswith("  "):
            del out[pending:]
            out.append(text.rstrip(" "))
            out.append((HARDBREAK,))
        elif text.endswith(" "):
            del out[pending:]
            out.append(text[:-1])
            out.append((SOFTBREAK,))
        else:
            out.append((SOFTBREAK,))
        return _skip_blanks(self.src, pos + 1, end)

    def _link(self, pos: int, end: int, out: list[object]) -> int:
        """``[text](destination "title")``, the only kind of link we read."""
        src = self.src
        label_end = src.find("]", pos + 1, end)
        if label_end < 0 or _LABEL_REFUSED.search(src, pos + 1, label_end):
            raise _Decline
        at = label_end + 1
        if at >= end or src[at] != "(":
            raise _Decline  # a reference link, or brackets that are text
        at = _skip_spaces(src, at + 1, end)
        start, level = at, 0
        while at < end:
            at = _DEST_CHARS.match(src, at, end).end()  # type: ignore[union-attr]
            if at >= end:
                break
            ch = src[at]
            if ch == " ":
                break
            if ch != "(" and ch != ")":
                raise _Decline  # a control character, or one we leave to markdown-it
            if ch == "(":
                level += 1
                if level > _MAX_DEST_PARENS:
                    raise _Decline
            elif ch == ")":
                if level == 0:
                    break
                level -= 1
            at += 1
        if at == start or level:
            raise _Decline
        href = self.link(src[start:at])
        if href is None:
            raise _Decline
        spaced = _skip_spaces(src, at, end)
        title = ""
        if spaced > at and spaced < end and src[spaced] in "\"'":
            quote = src[spaced]
            close = src.find(quote, spaced + 1, end)
            if close < 0 or "\\" in src[spaced + 1:close] or "\n" in src[spaced + 1:close]:
                raise _Decline
            title = unescapeAll(src[spaced + 1:close])
            at = _skip_spaces(src, close + 1, end)
        else:
            at = spaced
        if at >= end or src[at] != ")":
            raise _Decline
        out.append((LINK_OPEN, href, title))
        out.extend(self.run(pos + 1, label_end, in_link=True))
        out.append((LINK_CLOSE,))
        return at + 1


def _skip_spaces(src: str, pos: int, end: int) -> int:
    """Spaces inside a link's parentheses; a tab or line break there is refused."""
    while pos < end and src[pos] == " ":
        pos += 1
    if pos < end and src[pos] in "\t\n":
        raise _Decline
    return pos


def _skip_blanks(src: str, pos: int, end: int) -> int:
    """The spaces and tabs that begin the next line."""
    while pos < end and src[pos] in " \t":
        pos += 1
    return pos


def _merge(pieces: list[object]) -> list[Token]:
    """Adjacent text pieces joined into one text token, as markdown-it joins them."""
    tokens: list[Token] = []
    text: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            text.append(piece)
            continue
        if text:
            tokens.append((TEXT, "".join(text)))
            text = []
        tokens.append(piece)  # type: ignore[arg-type]
    if text:
        tokens.append((TEXT, "".join(text)))
    return tokens
