"""The newsroom's nouns: articles, their segments, translations and segment states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bulletin.content.document import Document


class State(StrEnum):
    """Where one target segment stands (see docs/translation-files.md)."""

    MISSING = "missing"  # no translation yet
    MACHINE = "machine"  # a machine draft nobody has read
    REVIEWED = "reviewed"  # approved or written by a person: the tool never overwrites it
    STALE = "stale"  # the source changed after it was translated


@dataclass(frozen=True)
class Event:
    start: dt.date
    end: dt.date | None = None
    place: str | None = None


@dataclass(frozen=True)
class Related:
    """A related news item shown under the article (a headline of the same day, say)."""

    title: str
    date: dt.date | None = None
    url: str | None = None


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


@dataclass
class Article:
    """A source article: ``articles/<id>/<source>.md``."""

    id: str
    path: Path
    lang: str
    title: str
    date: dt.date
    body: str
    body_line: int = 1
    summary: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    image_source: str | None = None
    image_alt: str | None = None  # what the picture shows, for who cannot see it (translated)
    event: Event | None = None
    related: tuple[Related, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)
    _segments: list[Segment] | None = field(default=None, repr=False, compare=False)
    _document: Document | None = field(default=None, repr=False, compare=False)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def segments(self) -> list[Segment]:
        """The article's segments, made from its body on first use and then kept."""
        if self._segments is None:
            from bulletin.content.segments import segment_article

            self._segments = segment_article(self)
        return self._segments

    def parsed(self) -> Document:
        """The body's blocks, parsed once and kept until ``release()`` (an export renders
        from them); the article's segments come from the same parse."""
        if self._document is None:
            from bulletin.content.document import parse
            from bulletin.content.segments import segment_article

            self._document = parse(self.body, self.body_line)
            self._segments = segment_article(self, self._document)
        return self._document

    def release(self) -> None:
        """Forget what was derived from the body, so a long run holds one article at a time."""
        self._segments = None
        self._document = None

    def segment(self, key: str) -> Segment | None:
        for seg in self.segments:
            if seg.key == key:
                return seg
        return None


@dataclass
class TargetSegment:
    """A segment as stored in a translation file."""

    key: str  # field name, or (body) the source fingerprint with its repeat suffix
    state: State
    text: str
    check: str | None = None  # hash of the text the tool wrote; a mismatch means a person edited it
    previous: str | None = None  # the old source of a stale segment, when known
    line: int | None = None
    source: str | None = None  # fingerprint of the source text it was made from, if recorded
    human: bool = False  # stale text that a person wrote or approved (never replaced by the tool)
    suggestion: str | None = None  # a machine draft of the new source, beside stale text
    accepted: str | None = None  # QA findings a person accepted: ``qa.acceptance(source, text)``


@dataclass
class Translation:
    """A translation file: ``articles/<id>/<lang>.md``, as stored."""

    article_id: str
    lang: str
    path: Path
    fields: dict[str, TargetSegment] = field(default_factory=dict)
    body: list[TargetSegment] = field(default_factory=list)
    has_markers: bool = True
    extra: dict[str, object] = field(default_factory=dict)
    unplaced: list[TargetSegment] = field(default_factory=list)  # text that fits no segment


@dataclass
class Aligned:
    """A source segment with its current translation and effective state."""

    segment: Segment
    state: State
    text: str = ""
    previous: str | None = None  # old source text of a stale segment, when known
    stored_key: str | None = None  # the key the translation file used, if any
    edited: bool = False  # a person changed text the tool wrote
    human: bool = False  # the text is a person's (reviewed, edited, or stale from reviewed)
    suggestion: str | None = None  # a stale segment: machine draft of the new source
    accepted: str | None = None  # QA findings a person accepted: ``qa.acceptance(source, text)``

    @property
    def key(self) -> str:
        return self.segment.key


@dataclass
class ArticleTranslation:
    """An article in one target language: every source segment aligned, plus leftovers."""

    article: Article
    lang: str
    segments: list[Aligned]
    orphans: list[TargetSegment] = field(default_factory=list)  # kept as ``unplaced`` blocks
    exists: bool = False

    def counts(self) -> dict[str, int]:
        counts = {state.value: 0 for state in State}
        for aligned in self.segments:
            counts[aligned.state.value] += 1
        return counts

    def text(self, key: str) -> str | None:
        for aligned in self.segments:
            if aligned.key == key:
                return aligned.text or None
        return None
