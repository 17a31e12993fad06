"""One article, localised and rendered for a format: the per-article step of an export.

``render_article`` is a pure function of the article, its translations, the settings,
the words and the template: the same inputs give the same text, so it can be cached.
The body is parsed once here, whatever the number of languages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from bulletin.content.document import Block
from bulletin.content.links import safe_url
from bulletin.content.model import Aligned, Article, ArticleTranslation, State
from bulletin.content.segments import Segment
from bulletin.dates import format_article_date, format_event_dates
from bulletin.export import Exporter
from bulletin.export.inline import LinkNotes
from bulletin.export.model import (
    ArticleView,
    PictureView,
    Piece,
    RelatedView,
    Review,
    Settings,
    SideView,
)
from bulletin.export.pictures import ArticlePictures
from bulletin.i18n import Words

if TYPE_CHECKING:
    from jinja2 import Template

MISSING_NOTE = "Translation missing"
IMAGE = "Image"  # names a picture in plain text: [Image: its description]
Findings = Mapping[str, Mapping[str, tuple[str, ...]]]  # lang -> segment key -> QA findings


def render_article(article: Article, translations: Mapping[str, ArticleTranslation],
                   settings: Settings, exporter: Exporter, words: Mapping[str, Words],
                   template: Template, pictures: ArticlePictures | None = None,
                   findings: Findings | None = None) -> str:
    """The article as text of ``exporter``'s format, through ``template``; ``pictures``
    shows its local pictures (and keeps what they needed); ``findings``: the QA findings
    of each target language's segments, for the review view."""
    view = article_view(article, translations, settings, exporter, words, pictures, findings)
    return template.render(article=view, settings=settings).strip("\n")


def article_view(article: Article, translations: Mapping[str, ArticleTranslation],
                 settings: Settings, exporter: Exporter, words: Mapping[str, Words],
                 pictures: ArticlePictures | None = None,
                 findings: Findings | None = None) -> ArticleView:
    blocks = _shift_headings(article.parsed().blocks)
    notes = LinkNotes(pictures=pictures,
                      labels={lang: words[lang].gettext(IMAGE) for lang in settings.languages})
    found = findings or {}
    sides = [_side(article, blocks, lang, translations.get(lang), settings, exporter,
                   words[lang], notes, found.get(lang, {}) if settings.review else None)
             for lang in settings.languages]
    return ArticleView(article.id, article.id, article.date.isoformat(), sides, notes)


def _shift_headings(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Body headings sit under the article's title: the highest becomes level 3."""
    levels = [b.level for b in blocks if b.kind == "heading"]
    if not levels:
        return blocks
    top = min(levels)
    return tuple(replace(b, level=min(6, b.level - top + 3)) if b.kind == "heading" else b
                 for b in blocks)


def _side(article: Article, blocks: tuple[Block, ...], lang: str, at: ArticleTranslation | None,
          settings: Settings, exporter: Exporter, words: Words, notes: LinkNotes,
          findings: Mapping[str, tuple[str, ...]] | None) -> SideView:
    wrap: Callable[[str], Any] = Markup if exporter.autoescape else str
    aligned = {a.key: a for a in at.segments} if at is not None else {}
    counter = [0]

    def piece(seg: Segment, always_fallback: bool = False) -> Piece:
        return segment_piece(seg, lang, aligned, settings, words, always_fallback, counter,
                             findings)

    def rendered(seg: Segment | None, always_fallback: bool = False) -> Any:
        if seg is None:
            return None
        return wrap(exporter.piece(piece(seg, always_fallback), settings, notes))

    def text(block: Block) -> Piece | None:
        return piece(block.segment) if block.segment else None

    locale = settings.locale(lang)
    side = SideView(lang=lang, words=words, title=rendered(article.segment("title"), True),
                    date_text=format_article_date(article.date, locale))
    side.summary = rendered(article.segment("summary"))
    if article.event:
        event = article.event
        side.event_dates = format_event_dates(event.start, event.end, locale)
        side.event_start_iso = event.start.isoformat()
        side.place = rendered(article.segment("place"), True)
    if article.image_source:
        side.image_source = wrap(exporter.plain(article.image_source))
    if article.image:
        src = notes.pictures.source(article.image) if notes.pictures else None
        alt = article.segment("image_alt")
        side.image = PictureView(src or None, piece(alt, True).text if alt else "",
                                 article.image)
    tags = article.segment("tags")
    if tags is not None:
        tag_piece = piece(tags, True)
        shown = [t.strip() for t in tag_piece.text.split(",") if t.strip()]
        side.tags = [wrap(exporter.piece(  # the tags are one segment: reviewed on the first
            replace(tag_piece, text=t, review=tag_piece.review if not i else None),
            settings, notes)) for i, t in enumerate(shown)]
    for index, rel in enumerate(article.related):
        seg = article.segment(f"related.{index}")
        side.related.append(RelatedView(
            title=rendered(seg, True) if seg else wrap(exporter.plain(rel.title)),
            date_iso=rel.date.isoformat() if rel.date else None,
            date_text=format_article_date(rel.date, locale) if rel.date else None,
            url=rel.url if rel.url and safe_url(rel.url) else None))
    side.blocks = [wrap(exporter.block(block, text, settings, notes)) for block in blocks]
    side.untranslated = counter[0]
    side.machine = machine_segments(at) if settings.machine != "hide" else 0
    return side


def machine_made(aligned: Aligned) -> bool:
    """Whether a segment's text was made by a machine and no person has approved it: a
    machine draft, or stale text that was not a person's (stale text that a person wrote
    or approved stays theirs, though for an older source)."""
    return aligned.state is State.MACHINE or (aligned.state is State.STALE
                                              and not aligned.human)


def machine_segments(translation: ArticleTranslation | None) -> int:
    """How many segments of ``translation`` an export would show as machine text."""
    if translation is None:
        return 0
    return sum(1 for a in translation.segments if _shown(a) and machine_made(a))


def _shown(aligned: Aligned) -> bool:
    """Whether the stored text of a segment is shown (else: a placeholder or the source)."""
    return aligned.state is not State.MISSING and bool(aligned.text)


def segment_piece(seg: Segment, lang: str, aligned: Mapping[str, Aligned], settings: Settings,
                  words: Words | None, always_fallback: bool = False,
                  counter: list[int] | None = None,
                  findings: Mapping[str, tuple[str, ...]] | None = None) -> Piece:
    """What segment ``seg`` shows in ``lang``; ``counter[0]`` counts the segments shown as a
    placeholder or in the source language. ``words`` is needed only for a placeholder
    (never with ``always_fallback``). With ``findings`` (the review view: QA findings by
    segment key), the piece also carries the segment's ``Review``."""
    if lang == settings.source:
        return Piece(seg.text, lang)
    found = aligned.get(seg.key)
    review = None
    if findings is not None:
        assert words is not None, "the review view speaks the segment's language"
        review = _review(seg, found, findings, words)
    if found is not None and _shown(found):
        machine = machine_made(found)
        if not (machine and settings.machine == "hide"):  # hidden: as if it were missing
            status = "ok" if found.state is State.REVIEWED else found.state.value
            return Piece(found.text, lang, status, machine, review)
    if counter is not None:
        counter[0] += 1
    if review is not None and review.state != State.MISSING:  # hidden or empty: not shown
        review = replace(review, state=State.MISSING.value)
    if always_fallback or settings.fallback == "source":
        return Piece(seg.text, settings.source, "fallback", review=review)
    assert words is not None, "a placeholder needs the words of its language"
    return Piece(words.gettext(MISSING_NOTE), lang, "missing", review=review)


def _review(seg: Segment, found: Aligned | None, findings: Mapping[str, tuple[str, ...]],
            words: Words) -> Review:
    if found is None:
        return Review(State.MISSING.value, seg.text, words)
    previous = found.previous if found.state is State.STALE else None
    return Review(found.state.value, seg.text, words, previous, findings.get(seg.key, ()))
