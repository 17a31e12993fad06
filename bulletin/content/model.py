"""The newsroom's nouns: articles, their segments, translations and segment states."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.content.segments import Segment, fingerprint

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
            self._segments = segment_article(self)
        return self._segments

    def parsed(self) -> Document:
        """The body's blocks, parsed once and kept until ``release()`` (an export renders
        from them); the article's segments come from the same parse."""
        if self._document is None:
            from bulletin.content.document import parse

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
