"""HTML: one standalone page (the stylesheet is embedded, nothing is fetched)."""

from __future__ import annotations

import html

from bulletin.export import TextLookup
from bulletin.export.body import Block
from bulletin.export.inline import LinkNotes, to_html
from bulletin.export.model import Piece, Settings

_ALIGN = {"left": "left", "center": "center", "right": "right"}


class HtmlExporter:
    name = "html"
    extension = "html"
    page_template = "bulletin.html.j2"
    article_template = "article.html.j2"
    autoescape = True

    def plain(self, text: str) -> str:
        return html.escape(text, quote=False)

    def piece(self, piece: Piece, settings: Settings, notes: LinkNotes) -> str:
        if piece.status == "missing":  # the text is the localised note
            return f'<span class="missing">[{html.escape(piece.text, quote=False)}]</span>'
        rendered = to_html(piece.text)
        if piece.status == "fallback":
            return f'<span class="fallback" lang="{piece.lang}">{rendered}</span>'
        return rendered

    def block(self, block: Block, text: TextLookup, settings: Settings,
              notes: LinkNotes) -> str:
        return "".join(self._block(block, text, settings, notes, tight=False)).rstrip("\n")

    def _segment(self, block: Block, text: TextLookup, settings: Settings,
                 notes: LinkNotes) -> str:
        piece = text(block)
        return self.piece(piece, settings, notes) if piece else ""

    def _block(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
               tight: bool) -> list[str]:
        kind = block.kind
        if kind == "paragraph":
            inner = self._segment(block, text, settings, notes)
            return [inner] if tight else [f"<p>{inner}</p>\n"]
        if kind == "heading":
            level = block.level
            return [f"<h{level}>{self._segment(block, text, settings, notes)}</h{level}>\n"]
        if kind == "list":
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = [f"<li>{''.join(self._children(item, text, settings, notes, block.tight))}"
                     "</li>\n" for item in block.children]
            return [f"<{tag}{start}>\n", *items, f"</{tag}>\n"]
        if kind == "quote":
            return ["<blockquote>\n", *self._children(block, text, settings, notes, False),
                    "</blockquote>\n"]
        if kind == "table":
            return self._table(block, text, settings, notes)
        if kind == "code":
            return [f"<pre><code>{html.escape(block.code, quote=False)}</code></pre>\n"]
        if kind == "rule":
            return ["<hr>\n"]
        return self._children(block, text, settings, notes, tight)

    def _children(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
                  tight: bool) -> list[str]:
        out: list[str] = []
        for child in block.children:
            out += self._block(child, text, settings, notes, tight)
        return out

    def _table(self, block: Block, text: TextLookup, settings: Settings,
               notes: LinkNotes) -> list[str]:
        out = ["<table>\n"]
        rows = block.children
        head = [r for r in rows if r.children and r.children[0].header]
        body = [r for r in rows if r not in head]
        for group, tag in ((head, "thead"), (body, "tbody")):
            if not group:
                continue
            out.append(f"<{tag}>\n")
            for row in group:
                cells = []
                for cell in row.children:
                    name = "th" if cell.header else "td"
                    align = _ALIGN.get(cell.align.strip())
                    cls = f' class="align-{align}"' if align else ""
                    cells.append(f"<{name}{cls}>{self._segment(cell, text, settings, notes)}"
                                 f"</{name}>")
                out.append(f"<tr>{''.join(cells)}</tr>\n")
            out.append(f"</{tag}>\n")
        out.append("</table>\n")
        return out


EXPORTER = HtmlExporter()
