"""Markdown: CommonMark that reads well as a file and on GitHub.

A segment's Markdown is written again from what was read, never copied: what the policy
refused (raw HTML, an unsafe address) comes out as escaped text.
"""

from __future__ import annotations

import re

from bulletin.content.document import Block, Inline, inline
from bulletin.content.pictures import is_remote
from bulletin.export import TextLookup
from bulletin.export.inline import LinkNotes, plain_text, text_runs
from bulletin.export.lines import LineExporter
from bulletin.export.model import Piece, Settings
from bulletin.export.pictures import ArticlePictures

_MD_ESCAPE = re.compile(r"([\\`*\[\]<>|]|(?<!\w)_|_(?!\w))")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])(?=\s|$)", re.MULTILINE)
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Plain text as CommonMark that shows exactly that text."""
    text = _MD_ESCAPE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                              text)


def to_markdown(text: str, locale: str | None = None,
                pictures: ArticlePictures | None = None) -> str:
    """Inline Markdown written again safely: unsafe links lose their address, raw HTML is
    text; with a ``locale``, numbers are held together by no-break spaces; with the
    article's ``pictures``, a local picture links to its copy beside the file (else a
    picture is a link to it)."""
    return _inline_markdown(inline(text), locale, pictures)


_MARKS = {"em": "*", "strong": "**", "softbreak": "\n", "hardbreak": "\\\n"}


def _inline_markdown(nodes: tuple[Inline, ...], locale: str | None,
                     pictures: ArticlePictures | None = None) -> str:
    out: list[str] = []
    text: list[str] = []  # text pieces are escaped together, as one run
    for node in text_runs(nodes, locale):
        kind = node.kind
        if kind == "text":
            text.append(node.text)
            continue
        if text:
            out.append(escape_markdown("".join(text)))
            text = []
        if kind == "code":
            fence = "``" if "`" in node.text else "`"
            out.append(f"{fence}{node.text}{fence}")
        elif kind == "image" and pictures is not None and node.href and not is_remote(
                node.href):
            src = pictures.source(node.href)
            alt = escape_markdown(plain_text(node))
            out.append(f"![{alt}](<{src}>)" if src else alt)
        elif kind == "image":
            out.append(f"[{escape_markdown(node.text)}]({_md_url(node.href)})")
        elif kind == "link" and node.auto:
            out.append(f"<{node.text}>")
        elif kind == "link":
            label = _inline_markdown(node.children, locale, pictures)
            out.append(f"[{label}]({_md_url(node.href)})")
        elif kind in ("em", "strong"):
            inner = _inline_markdown(node.children, locale, pictures)
            out.append(_MARKS[kind] + inner + _MARKS[kind])
        else:
            out.append(_MARKS[kind])
    if text:
        out.append(escape_markdown("".join(text)))
    return "".join(out)


def _md_url(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


class MarkdownExporter(LineExporter):
    name = "md"
    extension = "md"
    page_template = "bulletin.md.j2"
    article_template = "article.md.j2"
    autoescape = False
    pictures = "files"  # copied beside the file and linked (bulletin.export.pictures)

    def plain(self, text: str) -> str:
        return escape_markdown(text)

    def piece(self, piece: Piece, settings: Settings, notes: LinkNotes) -> str:
        if piece.status == "missing":
            return f"*\\[{escape_markdown(piece.text)}\\]*"
        rendered = to_markdown(piece.text, settings.locale(piece.lang), notes.pictures)
        if piece.status == "fallback":
            return f"*({piece.lang.upper()})* {rendered}"
        return rendered

    def _block(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
               width: int) -> list[str]:
        kind = block.kind
        if kind == "paragraph":
            return self._segment(block, text, settings, notes).split("\n")
        if kind == "heading":
            inner = self._segment(block, text, settings, notes).replace("\n", " ")
            return ["#" * block.level + " " + inner]
        if kind == "list":
            return self._list(block, text, settings, notes, width)
        if kind == "quote":
            lines = self._children(block, text, settings, notes, width, loose=True)
            return [f"> {line}" if line else ">" for line in lines]
        if kind == "table":
            return self._table(block, text, settings, notes)
        if kind == "code":
            fence = "````" if "```" in block.code else "```"
            return [fence, *block.code.rstrip("\n").split("\n"), fence]
        if kind == "rule":
            return ["* * *"]
        return self._children(block, text, settings, notes, width, loose=True)

    def _table(self, block: Block, text: TextLookup, settings: Settings,
               notes: LinkNotes) -> list[str]:
        lines: list[str] = []
        for index, row in enumerate(block.children):
            cells = [self._segment(c, text, settings, notes).replace("\n", " ")
                     for c in row.children]
            lines.append("| " + " | ".join(cells) + " |")
            if index == 0:
                lines.append("| " + " | ".join(_rule(c.align) for c in row.children) + " |")
        return lines


def _rule(align: str) -> str:
    return {"left": ":---", "center": ":---:", "right": "---:"}.get(align.strip(), "---")


EXPORTER = MarkdownExporter()
