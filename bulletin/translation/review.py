"""``bulletin review`` and ``bulletin diff``: approve translations; see what changed.

Reviewing turns machine segments into reviewed ones, which the tool never overwrites,
and teaches the memory the approved text. A stale segment is approved only when a person
names it (``keys``) or asks for every stale segment (``stale=True``): its old source, new
source and translation then travel in the result, for the CLI to show; a bare review
leaves stale segments alone and reports each one. Diffing shows, for every stale
segment, the old source (from the file's ``was:`` note or the memory), the new source, a
word-level diff of the two, and the translation that was made from the old one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from bulletin.content.model import Aligned, ArticleTranslation, State
from bulletin.content.store import save_translation
from bulletin.content.workspace import Workspace
from bulletin.errors import UsageError
from bulletin.fsio import workspace_lock
from bulletin.translation.memory import Memory, existing_memory, memory_path
from bulletin.translation.typography import typeset_text

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class ReviewResult:
    article: str
    lang: str
    approved: list[str] = field(default_factory=list)
    already: int = 0  # segments that were reviewed before
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (key, why)
    stale_approved: list[SegmentChange] = field(default_factory=list)  # shown, then approved
    stale_left: list[SegmentChange] = field(default_factory=list)  # waiting for a person
    typeset: list[str] = field(default_factory=list)  # segments set in the target's typography
    path: Path | None = None

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "lang": self.lang, "approved": self.approved,
                "already_reviewed": self.already,
                "skipped": [{"segment": k, "why": why} for k, why in self.skipped],
                "stale_approved": [c.as_dict() for c in self.stale_approved],
                "stale_left": [c.as_dict() for c in self.stale_left],
                "typeset": self.typeset,
                "file": str(self.path) if self.path else None}



def _check_keys(at: ArticleTranslation, keys: Sequence[str]) -> None:
    known = [a.key for a in at.segments]
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise UsageError(f"{at.article.id} has no segment {', '.join(map(repr, unknown))}",
                         hint="its segments: " + ", ".join(known[:20])
                         + (" …" if len(known) > 20 else "")
                         + "; `bulletin diff` and the markers in the translation file "
                         "show the keys")


def review_article(ws: Workspace, article_id: str, langs: Sequence[str] = (),
                   keys: Sequence[str] = (), *, stale: bool = False,
                   use_suggestion: bool = False, typography: bool = False
                   ) -> list[ReviewResult]:
    """Approve the machine drafts of one article in each language, or the ``keys`` given.

    A stale segment is approved only when named in ``keys`` or with ``stale``; with
    ``use_suggestion`` its suggestion (a draft of the new source) replaces its text first.
    With ``typography``, the text of each segment approved (or already reviewed) is set in
    the target language's typography first (quotation marks, dashes: ``typeset_text``).
    """
    article = ws.article(article_id)
    languages = ws.target_languages(langs)
    ws.require_readable([article], languages)
    if use_suggestion and not keys and not stale:
        raise UsageError("--use-suggestion needs the segments it applies to",
                         hint="name them with --segment KEY (or add --stale for all)")
    results: list[ReviewResult] = []
    with workspace_lock(ws.root, "review"), Memory.open(memory_path(ws.root)) as memory:
        for lang in languages:
            at = ws.translation(article, lang, memory.previous_source)
            _check_keys(at, keys)
            result = ReviewResult(article.id, lang)
            stored = ws.translations.get((article.id, lang))
            dirty = any(a.edited for a in at.segments) or (
                stored is not None and len(at.orphans) != len(stored.unplaced))
            with memory.transaction():
                for aligned in at.segments:
                    memory.remember_source(aligned.segment.text, ws.config.source)
                    named = aligned.key in keys
                    if keys and not named:
                        continue
                    if typography and aligned.text and aligned.state is not State.STALE:
                        fixed = typeset_text(aligned.text, ws.config.locale_for(lang))
                        if fixed != aligned.text:
                            aligned.text, dirty = fixed, True
                            result.typeset.append(aligned.key)
                    if aligned.state is State.REVIEWED:
                        result.already += 1
                    elif aligned.state is State.MISSING or not aligned.text:
                        result.skipped.append((aligned.key, "no translation yet"))
                        continue
                    elif aligned.state is State.STALE and not (named or stale):
                        result.stale_left.append(_change(aligned))
                        continue
                    else:
                        if aligned.state is State.STALE:
                            if use_suggestion and aligned.suggestion:
                                aligned.text = aligned.suggestion
                            result.stale_approved.append(_change(aligned))
                        aligned.state, aligned.previous = State.REVIEWED, None
                        aligned.suggestion, aligned.human = None, True
                        result.approved.append(aligned.key)
                        dirty = True
                    memory.add(aligned.segment.text, aligned.text, ws.config.source, lang,
                               origin="reviewed")
            if dirty:
                result.path = save_translation(ws, at)
            results.append(result)
    return results


def _change(aligned: Aligned) -> SegmentChange:
    seg = aligned.segment
    words = word_diff(aligned.previous, seg.text) if aligned.previous else []
    return SegmentChange(seg.key, seg.line, aligned.previous, seg.text, aligned.text, words,
                         aligned.suggestion)


@dataclass
class SegmentChange:
    """A stale segment: what its source was, what it is, and the translation of the old."""

    key: str
    line: int | None
    old_source: str | None
    new_source: str
    translation: str
    words: list[tuple[str, str]]  # ("equal" | "delete" | "insert", text)
    suggestion: str | None = None  # a machine draft of the new source, if one was asked for

    def as_dict(self) -> dict[str, object]:
        return {"segment": self.key, "line": self.line, "old_source": self.old_source,
                "new_source": self.new_source, "translation": self.translation,
                "suggestion": self.suggestion,
                "word_diff": [{"op": op, "text": text} for op, text in self.words]}


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Words deleted, inserted and kept between ``old`` and ``new``, in order."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    out: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            out.append(("delete", "".join(before[a1:a2])))
        if b2 > b1:
            out.append(("insert", "".join(after[b1:b2])))
    return out


def render_word_diff(words: list[tuple[str, str]]) -> str:
    """``[-deleted-]{+inserted+}``, as ``git diff --word-diff`` writes it."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[op].format(text) for op, text in words)


def diff_article(ws: Workspace, article_id: str, lang: str | None = None
                 ) -> list[SegmentChange]:
    """Every stale segment of one article in ``lang`` (default: the first target language)."""
    article = ws.article(article_id)
    target = ws.target_languages([lang] if lang else [])[0]
    with existing_memory(ws.root) as memory:
        previous = memory.previous_source if memory is not None else None
        at = ws.translation(article, target, previous)
    return [_change(a) for a in at.segments if a.state is State.STALE]
