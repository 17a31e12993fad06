"""What the formats written as lines (Markdown, plain text) share: a body block as lines.

Each format says how one block looks in it (``_block``); walking a container's children,
with a blank line between loose ones, and numbering a list's items, each item's lines
indented under its marker, are the same for both.
"""

from __future__ import annotations

from bulletin.content.document import Block
from bulletin.export import TextLookup
from bulletin.export.inline import LinkNotes
from bulletin.export.model import Piece, Settings


class LineExporter:
    """The block walk of a line-based exporter. ``width`` is the room left for a block's
    text, which the plain-text format wraps to and Markdown does not."""

    def piece(self, piece: Piece, settings: Settings, notes: LinkNotes) -> str:
        raise NotImplementedError

    def width(self, settings: Settings) -> int:
        return settings.width

    def block(self, block: Block, text: TextLookup, settings: Settings,
              notes: LinkNotes) -> str:
        return "\n".join(self._block(block, text, settings, notes, self.width(settings)))

    def _block(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
               width: int) -> list[str]:
        """The block's lines (no trailing blank line)."""
        raise NotImplementedError

    def _segment(self, block: Block, text: TextLookup, settings: Settings,
                 notes: LinkNotes) -> str:
        piece = text(block)
        return self.piece(piece, settings, notes) if piece else ""

    def _children(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
                  width: int, loose: bool) -> list[str]:
        lines: list[str] = []
        for child in block.children:
            if lines and loose:
                lines.append("")
            lines += self._block(child, text, settings, notes, width)
        return lines

    def _list(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
              width: int) -> list[str]:
        lines: list[str] = []
        for number, item in enumerate(block.children, block.start):
            marker = f"{number}. " if block.ordered else "- "
            pad = " " * len(marker)
            body = self._children(item, text, settings, notes, width - len(marker),
                                  loose=not block.tight) or [""]
            if lines and not block.tight:
                lines.append("")
            lines.append(marker + body[0])
            lines += [pad + line if line else "" for line in body[1:]]
        return lines
