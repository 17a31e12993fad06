"""An article's HTML as CommonMark: paragraphs, headings, lists, quotes, tables, links,
emphasis and code. Images are left out (and counted); everything else becomes text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bulletin.intake.draft import escape_inline, guard_block_start
from bulletin.intake.htmltree import Element

BLOCKS = {"address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl",
          "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
          "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
          "summary", "table", "ul", "#document", "html", "center"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HARD_BREAK = "\\\n"
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2007\u202f\u200b]+")


@dataclass
class Converter:
    """Turns elements into Markdown blocks; ``base`` resolves relative links."""

    base: str | None = None
    images: int = 0
    blocks: list[str] = field(default_factory=list)

    def convert(self, root: Element) -> str:
        self._container(root, self.blocks)
        return "\n\n".join(block for block in self.blocks if block.strip())

    # blocks

    def _container(self, element: Element, out: list[str]) -> None:
        pending: list[Element | str] = []
        for child in element.children:
            if isinstance(child, Element) and child.tag in BLOCKS:
                self._paragraph(pending, out)
                pending = []
                self._block(child, out)
            else:
                pending.append(child)
        self._paragraph(pending, out)

    def _paragraph(self, nodes: list[Element | str], out: list[str]) -> None:
        text = self._inline_nodes(nodes)
        if text:
            out.append("\n".join(guard_block_start(line) for line in text.split("\n")))

    def _block(self, element: Element, out: list[str]) -> None:
        tag = element.tag
        if tag in HEADINGS:
            text = self._inline_nodes(element.children).replace(_HARD_BREAK, " ")
            if text:
                out.append("#" * HEADINGS[tag] + " " + text)
        elif tag in ("ul", "ol"):
            lines = self._list(element, 0)
            if lines:
                out.append("\n".join(lines))
        elif tag == "blockquote":
            inner: list[str] = []
            self._container(element, inner)
            if inner:
                quoted = "\n>\n".join("\n".join(f"> {line}" if line else ">"
                                                for line in block.split("\n"))
                                      for block in inner)
                out.append(quoted)
        elif tag == "pre":
            code = "".join(_raw_text(element)).strip("\n")
            if code.strip():
                fence = "~~~" if "```" in code else "```"
                out.append(f"{fence}\n{code}\n{fence}")
        elif tag == "table":
            table = self._table(element)
            if table:
                out.append(table)
        elif tag == "hr":
            return
        else:  # p, div, section, figure, dd, ...: a paragraph or a container of blocks
            self._container(element, out)

    def _list(self, element: Element, depth: int) -> list[str]:
        lines: list[str] = []
        number = int(element.attrs.get("start", "1") or 1) if element.tag == "ol" else 0
        indent = " " * depth
        for item in element.children:
            if not isinstance(item, Element) or item.tag != "li":
                continue
            marker = f"{number}." if element.tag == "ol" else "-"
            inline: list[Element | str] = []
            nested: list[Element] = []
            for child in item.children:
                if isinstance(child, Element) and child.tag in ("ul", "ol"):
                    nested.append(child)
                elif isinstance(child, Element) and child.tag in BLOCKS:
                    inline += [child, " "]
                else:
                    inline.append(child)
            text = self._inline_nodes(inline).replace(_HARD_BREAK, " ")
            if not text and not nested:
                continue
            lines.append(f"{indent}{marker} {text}".rstrip())
            for sub in nested:
                lines += self._list(sub, depth + len(marker) + 1)
            if element.tag == "ol":
                number += 1
        return lines

    def _table(self, element: Element) -> str:
        rows: list[list[str]] = []
        for row in element.iter():
            if row.tag != "tr":
                continue
            cells = [c for c in row.children if isinstance(c, Element) and c.tag in ("td", "th")]
            rows.append([self._inline_nodes(c.children).replace(_HARD_BREAK, " ")
                         .replace("|", "\\|") for c in cells])
        rows = [row for row in rows if any(row)]
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    # inline

    def _inline_nodes(self, nodes: list[Element | str]) -> str:
        text = "".join(self._inline(node) for node in nodes)
        lines = [" ".join(line.split()) for line in text.split(_HARD_BREAK)]
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        return _HARD_BREAK.join(lines)

    def _inline(self, node: Element | str) -> str:
        if isinstance(node, str):
            return escape_inline(_SPACES.sub(" ", node))
        tag = node.tag
        if tag == "br":
            return _HARD_BREAK
        if tag == "img":
            self.images += 1
            return ""
        if tag in ("script", "style", "template"):
            return ""
        inner = "".join(self._inline(child) for child in node.children)
        if tag in ("strong", "b"):
            return _wrap(inner, "**", "**")
        if tag in ("em", "i", "cite"):
            return _wrap(inner, "*", "*")
        if tag in ("code", "kbd", "samp", "tt"):
            return _code("".join(_raw_text(node)))
        if tag == "a":
            return self._link(node, inner)
        if tag in BLOCKS:
            return f" {inner} "
        return inner

    def _link(self, node: Element, text: str) -> str:
        href = node.attrs.get("href", "").strip()
        if not text.strip() or not href or href.startswith(("#", "javascript:")):
            return text
        if self.base:
            href = urljoin(self.base, href)
        if re.search(r"[\s()<>]", href):
            href = f"<{href.replace('<', '%3C').replace('>', '%3E')}>"
        return _wrap(text, "[", f"]({href})")


def _wrap(text: str, before: str, after: str) -> str:
    """Emphasis (or a link) around the words, with the spaces outside the markers."""
    if not text.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{before}{text.strip()}{after}{trail}"


def _code(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _raw_text(element: Element) -> list[str]:
    parts: list[str] = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n")
        else:
            parts += _raw_text(child)
    return parts
