"""A segment, the unit of translation, and its fingerprint.

The segments of an article are its translatable front-matter fields
(``model.field_segments``), then the text blocks of its body (paragraphs, headings, list
items, quotes, table cells) as ``bulletin.content.document`` reads them: a segment's
inline Markdown is what is translated. This module imports nothing of the package, so the
document model and the article model both build on it.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass


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


@dataclass(frozen=True)
class Segment:
    """One unit of translation in a source article.

    ``key`` names it in its article: a field name (``title``, ``summary``, ``place``, ``tags``,
    ``related.0``) or, for a body block, its fingerprint (with ``-2``, ``-3`` for repeats).
    ``fingerprint`` is the hash of the normalised source text.
    """

    key: str
    fingerprint: str
    text: str
    kind: str  # "field", "paragraph", "heading", "item", "quote", "cell"
    line: int | None = None
    level: int = 0  # heading level; list depth

    @property
    def is_field(self) -> bool:
        return self.kind == "field"
