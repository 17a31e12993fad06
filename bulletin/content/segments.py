"""Splitting an article into segments, and fingerprinting them.

The segments of an article are its translatable front-matter fields, then the text blocks
of its body (paragraphs, headings, list items, quotes, table cells) as
``bulletin.content.document`` reads them: a segment's inline Markdown is the unit of translation.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import TYPE_CHECKING

from bulletin.content.model import Article, Segment

if TYPE_CHECKING:
    from bulletin.content.document import Document

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


def field_segments(article: Article) -> list[Segment]:
    """The translatable front-matter fields: title, summary, event place, tags, the
    description of the article's picture (``image_alt``, only with an ``image``), related
    titles. A field an article lacks is no segment, so a new field changes no fingerprint
    of an article without it."""
    fields: list[tuple[str, str | None, int | None]] = [
        ("title", article.title, None),
        ("summary", article.summary, None),
        ("place", article.event.place if article.event else None, None),
        ("tags", ", ".join(article.tags) if article.tags else None, None),
        ("image_alt", article.image_alt if article.image else None, None),
    ]
    fields += [(f"related.{i}", rel.title, None) for i, rel in enumerate(article.related)]
    return [Segment(key, fingerprint(text), text, "field", line)
            for key, text, line in fields if text]


def segment_article(article: Article, document: Document | None = None) -> list[Segment]:
    """The article's fields, then its body, as segments; ``document`` is its parsed body,
    if it is at hand."""
    if document is None:
        from bulletin.content.document import parse

        document = parse(article.body, article.body_line)
    return field_segments(article) + list(document.segments)
