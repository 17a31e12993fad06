"""Plain text for email: wrapped at ``settings.width``, links as numbered references."""

from __future__ import annotations

import textwrap

from bulletin.content.document import Block, Inline, inline
from bulletin.content.pictures import is_remote
from bulletin.export import TextLookup
from bulletin.export.inline import LinkNotes, plain_text, text_runs
from bulletin.export.lines import LineExporter
from bulletin.export.model import Piece, Settings

LABEL = 4  # "BG  " before each block of a parallel text


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Lines of at most ``width`` characters; no word (or URL) is ever cut.

    Only ASCII white space breaks a line: CLDR's no-break spaces (``2019\\u202fг.``) hold.
    """
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        wrapper = textwrap.TextWrapper(
            width=max(width, 10), initial_indent=first if number == 0 else rest,
            subsequent_indent=rest, break_long_words=False, break_on_hyphens=False)
        lines += wrapper.wrap(paragraph) or [(first if number == 0 else rest).rstrip()]
    return lines


class TextExporter(LineExporter):
    name = "txt"
    extension = "txt"
    page_template = "bulletin.txt.j2"
    article_template = "article.txt.j2"
    autoescape = False
    pictures = "text"  # named: [Image: its description] (bulletin.export.pictures)

    def plain(self, text: str) -> str:
        return text

    def piece(self, piece: Piece, settings: Settings, notes: LinkNotes) -> str:
        if piece.status == "missing":
            return f"[{piece.text}]"
        rendered = to_text(piece.text, notes, settings.locale(piece.lang),
                           notes.labels.get(piece.lang, ""))
        if piece.status == "fallback":
            return f"({piece.lang.upper()}) {rendered}"
        return rendered

    def width(self, settings: Settings) -> int:
        """The width of a block's text: less the language label in a parallel text."""
        return settings.width - LABEL if settings.side_by_side else settings.width

    def _block(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
               width: int) -> list[str]:
        kind = block.kind
        if kind == "paragraph":
            return wrap(self._segment(block, text, settings, notes), width)
        if kind == "heading":
            lines = wrap(self._segment(block, text, settings, notes), width)
            return [*lines, "-" * min(width, max(len(line) for line in lines))]
        if kind == "list":
            return self._list(block, text, settings, notes, width)
        if kind == "quote":
            inner = self._children(block, text, settings, notes, width - 4, loose=True)
            return ["    " + line if line else "" for line in inner]
        if kind == "table":
            return [" | ".join(self._segment(c, text, settings, notes) for c in row.children)
                    for row in block.children]
        if kind == "code":
            return ["    " + line for line in block.code.rstrip("\n").split("\n")]
        if kind == "rule":
            return ["* * *"]
        return self._children(block, text, settings, notes, width, loose=True)


def to_text(text: str, notes: LinkNotes, locale: str | None = None, label: str = "") -> str:
    """Inline Markdown as plain text; each link's address becomes a numbered reference.
    With a ``locale``, numbers are held together by no-break spaces, which ``wrap`` never
    breaks at. With a ``label`` (``Image``, in the text's language), a picture is named as
    ``[Image: its description]`` (and, if it is elsewhere, its address referenced)."""
    return "".join(_inline_text(node, notes, locale, label)
                   for node in text_runs(inline(text), locale))


_BREAKS = {"softbreak": " ", "hardbreak": "\n"}


def _inline_text(node: Inline, notes: LinkNotes, locale: str | None, label: str = "") -> str:
    kind = node.kind
    if kind in ("text", "code"):
        return node.text
    if kind in _BREAKS:
        return _BREAKS[kind]
    if kind == "image" and label:
        remote = is_remote(node.href) if node.href else True
        if not remote and notes.pictures is not None:
            notes.pictures.source(node.href)  # what is wrong with it is said once, here too
        named = f"[{label}: {plain_text(node)}]"
        return named + (f" [{notes.number(node.href)}]" if node.href and remote else "")
    if kind == "image":
        return node.text + (f" [{notes.number(node.href)}]" if node.href else "")
    inner = "".join(_inline_text(child, notes, locale, label)
                    for child in text_runs(node.children, locale))
    if kind == "link" and not node.auto:
        return f"{inner} [{notes.number(node.href)}]"
    return inner


EXPORTER = TextExporter()
