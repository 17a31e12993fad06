"""A page's HTML as a small tree of our own, enough to find its article and turn it into
Markdown: elements with their attributes, children and parent, and their text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Element]:
        return [el for el in self.iter() if el.tag == tag]

    def find(self, tag: str) -> Element | None:
        return next((el for el in self.iter() if el.tag == tag), None)

    def text(self) -> str:
        """All the text below this element, white space folded."""
        parts: list[str] = []
        self._text(parts)
        return " ".join("".join(parts).split())

    def _text(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style", "template"):
                if child.tag == "br":
                    parts.append(" ")
                child._text(parts)

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def remove(self) -> None:
        if self.parent is not None:
            self.parent.children = [c for c in self.parent.children if c is not self]
            self.parent = None


# Far deeper than an article's markup nests; the elements of a page made deeper still are
# left out around their content (the text stays), so that every walk of the tree stays
# well inside Python's recursion limit.
MAX_DEPTH = 100


def parse_html(text: str) -> Element:
    """The page as a tree of our own ``Element``s, built by lexbor (``selectolax``), a
    compiled parser that follows the HTML standard's tree construction: unclosed
    paragraphs and list items, stray end tags and misnested markup come out as a browser
    builds them. Comments are left out, and so are elements nested past ``MAX_DEPTH``
    (not their text); no lexbor type leaves this function."""
    from selectolax.lexbor import LexborHTMLParser

    root = Element("#document")
    html = LexborHTMLParser(text).root
    todo: list[tuple[LexborNode, Element, int]] = [(html, root, 1)] if html is not None else []
    while todo:  # in document order: each node's children go on top, first child last
        node, parent, depth = todo.pop()
        if node.tag == "-text":
            parent.children.append(node.text_content or "")
            continue
        if node.tag is None or node.tag.startswith("-"):  # a comment, a doctype
            continue
        if depth <= MAX_DEPTH:
            element = Element(node.tag, {k: v or "" for k, v in node.attributes.items()},
                              parent=parent)
            parent.children.append(element)
            parent = element
        todo += [(child, parent, depth + 1)
                 for child in reversed(list(node.iter(include_text=True)))]
    return root
