"""Aligning a translation with its source, segment by segment, and deciding each state.

This is Babel's ``Catalog.update`` applied to articles: a segment whose source is unchanged
keeps its translation; one whose source changed becomes stale and keeps the old text (and
the old source, when known); a new one is missing; one whose source is gone is an orphan.
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import SequenceMatcher

from bulletin.model import (
    Aligned,
    Article,
    ArticleTranslation,
    Segment,
    State,
    TargetSegment,
    Translation,
)
from bulletin.segments import text_check
from bulletin.transfile import strip_prefix

PreviousSource = Callable[[str], str | None]  # old source fingerprint -> its text, if known


def _no_previous(_fingerprint: str) -> str | None:
    return None


def align(article: Article, translation: Translation | None, lang: str,
          previous_source: PreviousSource = _no_previous) -> ArticleTranslation:
    """Every source segment of ``article`` with its translation and effective state."""
    if translation is None:
        return ArticleTranslation(article, lang, [Aligned(s, State.MISSING)
                                                  for s in article.segments])
    fields = [s for s in article.segments if s.is_field]
    body = [s for s in article.segments if not s.is_field]
    aligned: list[Aligned] = []
    orphans: list[TargetSegment] = []
    for seg in fields:
        target = translation.fields.get(seg.key)
        if target is None:
            aligned.append(Aligned(seg, State.MISSING))
        elif target.source and target.source != seg.fingerprint:
            aligned.append(_stale(seg, target, previous_source))
        else:
            aligned.append(_matched(seg, target))
    orphans += [t for key, t in translation.fields.items()
                if article.segment(key) is None and t.text]
    if translation.has_markers:
        body_aligned, body_orphans = _align_body(body, translation.body, previous_source)
    else:
        body_aligned, body_orphans = _align_positions(body, translation.body)
    return ArticleTranslation(article, lang, aligned + body_aligned, orphans + body_orphans,
                              exists=True)


def _matched(seg: Segment, target: TargetSegment) -> Aligned:
    text = strip_prefix(target.text, seg.kind)
    if not text:
        return Aligned(seg, State.MISSING, stored_key=target.key)
    state = target.state
    edited = False
    if state is State.MISSING:
        state, edited = State.REVIEWED, True  # a person filled in an empty segment
    elif state in (State.MACHINE, State.STALE) and target.check and \
            text_check(target.text if seg.is_field else text) != target.check:
        state, edited = State.REVIEWED, True  # a person edited what the tool wrote
    previous = target.previous if state is State.STALE else None
    return Aligned(seg, state, text, previous, target.key, edited)


def _stale(seg: Segment, target: TargetSegment, previous_source: PreviousSource) -> Aligned:
    text = strip_prefix(target.text, seg.kind)
    if not text:
        return Aligned(seg, State.MISSING, stored_key=target.key)
    previous = target.previous or (previous_source(target.source) if target.source else None)
    return Aligned(seg, State.STALE, text, previous, target.key)


def _align_body(sources: list[Segment], targets: list[TargetSegment],
                previous_source: PreviousSource) -> tuple[list[Aligned], list[TargetSegment]]:
    target_keys, source_keys = [t.key for t in targets], [s.key for s in sources]
    if target_keys == source_keys:  # the usual case, and all that the matcher would find
        return [_matched(s, t) for s, t in zip(sources, targets, strict=True)], []
    matcher = SequenceMatcher(None, target_keys, source_keys, autojunk=False)
    aligned: list[Aligned] = []
    orphans: list[TargetSegment] = []
    for op, t1, t2, s1, s2 in matcher.get_opcodes():
        if op == "equal":
            aligned += [_matched(s, t) for s, t in zip(sources[s1:s2], targets[t1:t2],
                                                        strict=True)]
            continue
        paired = min(t2 - t1, s2 - s1) if op == "replace" else 0
        for offset in range(paired):  # a changed source block: its old translation goes stale
            aligned.append(_stale(sources[s1 + offset], targets[t1 + offset], previous_source))
        aligned += [Aligned(s, State.MISSING) for s in sources[s1 + paired:s2]]
        orphans += [t for t in targets[t1 + paired:t2] if t.text]
    return aligned, orphans


def _align_positions(sources: list[Segment], targets: list[TargetSegment]
                     ) -> tuple[list[Aligned], list[TargetSegment]]:
    """A hand-written translation without markers: block n translates source block n."""
    aligned = [Aligned(s, State.REVIEWED, strip_prefix(t.text, s.kind), None, None, True)
               for s, t in zip(sources, targets, strict=False)]
    aligned += [Aligned(s, State.MISSING) for s in sources[len(targets):]]
    return aligned, targets[len(sources):]
