"""Splitting an article into segments, and fingerprinting them.

The body is parsed once into markdown-it block tokens (inline parsing switched off: a
segment's inline Markdown is the unit of translation). Every ``inline`` token of a
paragraph, heading or table cell is a segment.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from bulletin.model import Article, Segment

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

FIELD_KEYS = ("title", "summary", "place", "tags")


def normalise(text: str) -> str:
    """The text a fingerprint is taken of: NFC, white space folded, trimmed."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def fingerprint(text: str) -> str:
    """Eight hex digits of the normalised ``text``: of a source segment, its name within its
    article; of a target text as the tool wrote it (``text_check``), what tells a person's
    edit from ours."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:8]


text_check = fingerprint  # one digest; this name where it checks a target text


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """CommonMark + tables, raw HTML off, inline parsing left for later."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.disable("inline")
    return md


def parse_blocks(body: str) -> list[Token]:
    from bulletin.fastblocks import parse_simple  # plain bodies, token for token the same

    tokens = parse_simple(body)
    return tokens if tokens is not None else block_parser().parse(body)


def body_segments(tokens: list[Token], first_line: int = 1) -> list[Segment]:
    """One segment per inline token of the body, keyed by fingerprint (repeats get -2, -3…)."""
    segments: list[Segment] = []
    seen: dict[str, int] = {}
    stack: list[str] = []
    for index, token in enumerate(tokens):
        if token.nesting == 1:
            stack.append(token.type)
            continue
        if token.nesting == -1:
            if stack:
                stack.pop()
            continue
        if token.type != "inline" or not token.content.strip():
            continue
        kind, level = _kind(stack, tokens, index)
        fp = fingerprint(token.content)
        seen[fp] = seen.get(fp, 0) + 1
        key = fp if seen[fp] == 1 else f"{fp}-{seen[fp]}"
        line = first_line + token.map[0] if token.map else None
        segments.append(Segment(key, fp, token.content, kind, line, level))
    return segments


def _kind(stack: list[str], tokens: list[Token], index: int) -> tuple[str, int]:
    """The kind of the inline token ``tokens[index]`` and its level."""
    if not stack:
        return "paragraph", 0
    top = stack[-1]
    if top == "heading_open":
        return "heading", _heading_level(tokens[index - 1])
    if top in ("th_open", "td_open"):
        return "cell", 0
    if "list_item_open" in stack:
        return "item", stack.count("list_item_open")
    if "blockquote_open" in stack:
        return "quote", stack.count("blockquote_open")
    return "paragraph", 0


def _heading_level(opener: Token) -> int:
    return int(opener.tag[1:]) if opener.tag.startswith("h") else 1


def field_segments(article: Article) -> list[Segment]:
    """The translatable front-matter fields: title, summary, event place, tags, related titles."""
    fields: list[tuple[str, str | None, int | None]] = [
        ("title", article.title, None),
        ("summary", article.summary, None),
        ("place", article.event.place if article.event else None, None),
        ("tags", ", ".join(article.tags) if article.tags else None, None),
    ]
    fields += [(f"related.{i}", rel.title, None) for i, rel in enumerate(article.related)]
    return [Segment(key, fingerprint(text), text, "field", line)
            for key, text, line in fields if text]


def segment_article(article: Article, tokens: list[Token] | None = None) -> list[Segment]:
    if tokens is None:
        tokens = parse_blocks(article.body)
    return field_segments(article) + body_segments(tokens, article.body_line)
