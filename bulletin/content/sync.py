"""Aligning a translation with its source, segment by segment, and deciding each state.

This is Babel's ``Catalog.update`` applied to articles: a segment whose source is unchanged
keeps its translation; one whose source changed becomes stale and keeps the old text (and
the old source, when known); a new one is missing. Blocks are matched by the fingerprint in
their marker first, wherever they stand in the file (two swapped blocks are still found),
then, between two matched blocks, by order. A block that still fits nowhere is an orphan:
if a person wrote it, it is kept (written back as ``unplaced``) and reported, never
dropped; only the tool's own unedited drafts may go.
"""

from __future__ import annotations

from collections.abc import Callable

from bulletin.content.model import (
    Aligned,
    Article,
    ArticleTranslation,
    State,
    TargetSegment,
    Translation,
)
from bulletin.content.segments import Segment, normalise, text_check
from bulletin.content.transfile import strip_prefix

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
    kept = [t for t in orphans + body_orphans + translation.unplaced
            if t.text and is_human(t)]
    if kept:  # what is placed is worked out only when some text may be unplaced
        placed = {normalise(a.text) for a in aligned + body_aligned if a.text}
        kept = [t for t in kept if normalise(strip_prefix(t.text, "quote")) not in placed
                and normalise(t.text) not in placed]
    return ArticleTranslation(article, lang, aligned + body_aligned, _unique(kept),
                              exists=True)


def is_human(target: TargetSegment) -> bool:
    """Whether a stored segment's text is a person's: reviewed, typed under a ``missing``
    marker, edited after the tool wrote it, or stale text that a person had approved."""
    if not target.text:
        return False
    if target.state in (State.REVIEWED, State.MISSING) or target.human:
        return True
    return target.check is None or text_check(target.text) != target.check


def _unique(targets: list[TargetSegment]) -> list[TargetSegment]:
    seen: set[str] = set()
    out = []
    for target in targets:
        text = normalise(target.text)
        if text not in seen:
            seen.add(text)
            out.append(target)
    return out


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
    stale = state is State.STALE
    return Aligned(seg, state, text, target.previous if stale else None, target.key, edited,
                   human=state is State.REVIEWED or (stale and target.human),
                   suggestion=target.suggestion if stale else None,
                   accepted=target.accepted)


def _stale(seg: Segment, target: TargetSegment, previous_source: PreviousSource) -> Aligned:
    """``target`` was made from another source text than ``seg``'s: it goes stale."""
    text = strip_prefix(target.text, seg.kind)
    if not text:
        return Aligned(seg, State.MISSING, stored_key=target.key)
    previous = target.previous or (previous_source(target.source) if target.source else None)
    return Aligned(seg, State.STALE, text, previous, target.key, human=is_human(target))


def _align_body(sources: list[Segment], targets: list[TargetSegment],
                previous_source: PreviousSource) -> tuple[list[Aligned], list[TargetSegment]]:
    """Match by key wherever a block stands; then pair what is left by order between the
    matched blocks (a changed source block and its old translation)."""
    if [t.key for t in targets] == [s.key for s in sources]:  # the usual case
        return [_matched(s, t) for s, t in zip(sources, targets, strict=True)], []
    by_key: dict[str, int] = {}
    for index, target in enumerate(targets):
        by_key.setdefault(target.key, index)
    match: dict[int, int] = {}  # source index -> target index
    for index, seg in enumerate(sources):
        found = by_key.get(seg.key)
        if found is not None:
            match[index] = found
    matched_targets = set(match.values())
    # between anchors: the unmatched of each side, grouped by the source index of the
    # nearest matched block before them
    anchor_of_target: dict[int, list[int]] = {}
    anchor = -1
    source_of = {t: s for s, t in match.items()}
    for index in range(len(targets)):
        if index in matched_targets:
            anchor = source_of[index]
        else:
            anchor_of_target.setdefault(anchor, []).append(index)
    pairs: dict[int, int] = {}
    anchor = -1
    waiting = {a: list(ts) for a, ts in anchor_of_target.items()}
    for index in range(len(sources)):
        if index in match:
            anchor = index
            continue
        group = waiting.get(anchor)
        while group:
            candidate = group.pop(0)
            if targets[candidate].text:
                pairs[index] = candidate
                break
    aligned: list[Aligned] = []
    for index, seg in enumerate(sources):
        if index in match:
            aligned.append(_matched(seg, targets[match[index]]))
        elif index in pairs:
            aligned.append(_stale(seg, targets[pairs[index]], previous_source))
        else:
            aligned.append(Aligned(seg, State.MISSING))
    used = matched_targets | set(pairs.values())
    orphans = [t for index, t in enumerate(targets) if index not in used and t.text]
    return aligned, orphans


def _align_positions(sources: list[Segment], targets: list[TargetSegment]
                     ) -> tuple[list[Aligned], list[TargetSegment]]:
    """A hand-written translation without markers: block n translates source block n."""
    aligned = [Aligned(s, State.REVIEWED, strip_prefix(t.text, s.kind), None, None, True,
                       human=True)
               for s, t in zip(sources, targets, strict=False)]
    aligned += [Aligned(s, State.MISSING) for s in sources[len(targets):]]
    return aligned, targets[len(sources):]
