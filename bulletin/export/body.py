"""An article body as a tree of blocks, each text block pointing at its segment.

Built from the block tokens of ``Article.parsed()`` (one parse per article per export);
the article's segments come from the same tokens, so block n's segment is the n-th
non-empty ``inline`` token: exactly how the article's segments were made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bulletin.model import Segment

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass
class Block:
    """One block of a body.

    ``kind`` is paragraph, heading, list, item, quote, table, row, cell, code or rule.
    Text blocks (paragraph, heading, cell) hold a ``segment``; containers hold ``children``.
    """

    kind: str
    segment: Segment | None = None
    level: int = 0  # heading level (1-6)
    ordered: bool = False  # list
    start: int = 1  # first number of an ordered list
    tight: bool = True  # list without blank lines between items
    header: bool = False  # table cell in the header row
    align: str = ""  # table cell alignment: left, center, right
    code: str = ""  # code block text (never translated)
    children: list[Block] = field(default_factory=list)

    def segments(self) -> list[Segment]:
        """Every segment in this block, in reading order."""
        found = [self.segment] if self.segment else []
        for child in self.children:
            found += child.segments()
        return found


_CONTAINERS = {
    "bullet_list_open": "list", "ordered_list_open": "list", "list_item_open": "item",
    "blockquote_open": "quote", "table_open": "table", "tr_open": "row",
    "th_open": "cell", "td_open": "cell", "paragraph_open": "paragraph",
    "heading_open": "heading",
}


def blocks_from_tokens(tokens: list[Token], segments: list[Segment]) -> list[Block]:
    queue = iter(segments)
    root = Block("root")
    stack: list[Block] = [root]
    for token in tokens:
        if token.nesting == 1:
            kind = _CONTAINERS.get(token.type)
            if kind is None:  # thead, tbody: their rows belong to the table itself
                continue
            block = Block(kind)
            if token.type == "heading_open":
                block.level = int(token.tag[1:])
            elif token.type == "ordered_list_open":
                block.ordered = True
                block.start = int(str(token.attrGet("start") or 1))
            elif token.type in ("th_open", "td_open"):
                block.header = token.type == "th_open"
                style = str(token.attrGet("style") or "")
                block.align = style.removeprefix("text-align:") if style else ""
            elif token.type == "paragraph_open" and not token.hidden:
                _mark_loose(stack)
            stack.append(block)
        elif token.nesting == -1:
            if _CONTAINERS.get(token.type.replace("_close", "_open")) is None:
                continue
            block = stack.pop()
            if block.kind in ("paragraph", "heading") and block.segment is None:
                continue  # an empty paragraph: nothing to show
            stack[-1].children.append(block)
        elif token.type == "inline":
            if token.content.strip():
                stack[-1].segment = next(queue)
        elif token.type in ("fence", "code_block"):
            stack[-1].children.append(Block("code", code=token.content))
        elif token.type == "hr":
            stack[-1].children.append(Block("rule"))
    return root.children


def _mark_loose(stack: list[Block]) -> None:
    """A visible paragraph inside a list item makes the list loose (``<p>`` in items)."""
    if len(stack) >= 2 and stack[-1].kind == "item" and stack[-2].kind == "list":
        stack[-2].tight = False
