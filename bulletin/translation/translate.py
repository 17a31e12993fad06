"""``bulletin translate``: fill missing and stale segments from the memory, then a provider.

One run, under the workspace lock:

1. align every chosen article with its translation (a stale segment keeps its old text and,
   from the file or the memory, its old source);
2. harvest: every reviewed and machine segment already in the files goes into the memory,
   and every source text is remembered (so a later edit can show what changed); an
   editor's edit of machine text is already reviewed and is saved as such;
3. answer missing and stale segments from the memory; never touch reviewed or machine
   segments unless ``force`` (which also skips the memory: a fresh draft is asked for).
   A stale segment whose text is a person's keeps it: the new draft goes beside it as a
   ``suggestion`` for the reviewer (``bulletin diff`` shows both), unless ``force``;
4. a segment the memory does not know whole is cut into sentences
   (``sentences.translation_units``); each sentence the memory knows is taken from it,
   and only the others are sent, protected (``bulletin.translation.protect``), once per distinct
   sentence and language. So an edit of one sentence of a paragraph sends that sentence
   alone. As each sentence comes back it is set in the target's typography
   (``bulletin.translation.typography``), restored, and put into the memory at once;
   when a segment's sentences are all in, they are joined, checked (``bulletin.translation.qa``) and
   remembered whole, and an article's file is written (atomically) as soon as all its
   segments are in. Ctrl-C or a provider failure saves what finished, then raises.

The provider ``memory`` sends nothing: what the memory knows is filled in, the rest stays
missing. ``dry_run`` sends and writes nothing and counts what would be billed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bulletin.content.model import Aligned, Article, ArticleTranslation, State
from bulletin.content.segments import normalise
from bulletin.content.sentences import translation_units
from bulletin.content.store import save_translation
from bulletin.content.workspace import Workspace
from bulletin.errors import Interrupted, Problem, ProviderError, UsageError
from bulletin.fsio import relative, workspace_lock
from bulletin.translation.glossary import Glossary, load_glossary
from bulletin.translation.memory import Memory, memory_path
from bulletin.translation.protect import Protected, protect, restore
from bulletin.translation.providers import available, create
from bulletin.translation.providers.client import Translator
from bulletin.translation.qa import check_segment
from bulletin.translation.typography import typeset

MEMORY_ONLY = "memory"
NATIVE_GLOSSARY = {"deepl"}  # providers that apply the glossary themselves (DeepL's API)


class Progress(Protocol):
    """What a run reports while it works (a progress bar, or nothing)."""

    def start(self, total: int, description: str) -> None: ...

    def advance(self, count: int = 1) -> None: ...


class _Silent:
    def start(self, total: int, description: str) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass


@dataclass
class TranslateSummary:
    provider: str
    dry_run: bool = False
    translations: int = 0  # article-language pairs looked at
    from_memory: int = 0  # segments answered by the memory
    from_provider: int = 0  # segments filled by the provider
    to_send: int = 0  # segments that needed (or, in a dry run, would need) the provider
    texts_sent: int = 0  # distinct texts among them
    left_missing: int = 0  # segments still without a translation
    suggested: int = 0  # drafts put beside a person's stale text instead of replacing it
    waiting: int = 0  # stale segments with a person's text, waiting for a person
    characters: int = 0  # billed (or, in a dry run, that would be billed)
    requests: int = 0
    retries: int = 0
    written: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    not_loaded: list[str] = field(default_factory=list)  # articles left out for their problems

    def as_dict(self, root: Path | None = None) -> dict[str, Any]:
        return {"provider": self.provider, "dry_run": self.dry_run,
                "translations": self.translations, "from_memory": self.from_memory,
                "from_provider": self.from_provider, "to_send": self.to_send,
                "texts_sent": self.texts_sent, "left_missing": self.left_missing,
                "suggested": self.suggested, "stale_waiting_for_review": self.waiting,
                "characters": self.characters, "requests": self.requests,
                "retries": self.retries, "not_loaded": self.not_loaded,
                "written": [relative(p, root) for p in self.written],
                "qa_warnings": [p.as_dict(root) for p in self.warnings]}


@dataclass
class _Work:
    """One article in one language, while it is being filled."""

    at: ArticleTranslation
    pending: int = 0
    dirty: bool = False


@dataclass
class _Job:
    """One segment to fill: its sentences, and the translation of each once known."""

    work: _Work
    aligned: Aligned
    pieces: list[str]  # the source's sentences, each with the spacing that follows it
    answers: list[str | None]
    waiting: int = 0  # sentences not answered yet
    failed: bool = False  # a sentence came back empty: the segment stays as it was
    problems: list[str] = field(default_factory=list)  # markup lost in a sentence


@dataclass
class _Piece:
    """One sentence of one segment, as it goes to the provider."""

    job: _Job
    index: int
    source: str
    protected: Protected


def translate_workspace(ws: Workspace, *, ids: Sequence[str] = (), langs: Sequence[str] = (),
                        provider: str | None = None, force: bool = False,
                        dry_run: bool = False, progress: Progress | None = None,
                        env: Mapping[str, str] = os.environ) -> TranslateSummary:
    """Translate the chosen articles (default: all) into the chosen languages (default: all)."""
    name = provider or ws.config.provider
    languages = ws.target_languages(langs)
    _known_provider(name)
    articles = ws.select(ids)
    ws.require_readable(articles, languages)  # a broken file stops the run before any write
    glossary = load_glossary(ws.root)
    if dry_run:  # read the memory if there is one; create nothing
        stored = memory_path(ws.root)
        with Memory.open(stored if stored.is_file() else Path(":memory:")) as memory:
            summary = _Run(ws, memory, glossary, name, force, progress).dry(articles, languages)
    else:
        with workspace_lock(ws.root, "translate"), Memory.open(memory_path(ws.root)) as memory:
            summary = _Run(ws, memory, glossary, name, force, progress).run(articles, languages,
                                                                            env)
    if not ids:  # a named article that does not load is an error of ws.select instead
        summary.not_loaded = sorted(set(ws.entries) - set(ws.articles))
    return summary



def _known_provider(name: str) -> None:
    if name != MEMORY_ONLY and name not in available():
        raise UsageError(f"unknown translation provider {name!r}",
                         hint=f"available: {', '.join([*available(), MEMORY_ONLY])}")


def _needs_saving(ws: Workspace, at: ArticleTranslation) -> bool:
    """Whether the file lags behind what sync found: an editor's edit to mark reviewed, an
    orphan to drop, or a segment gone stale whose old source the file does not hold yet."""
    if any(a.edited for a in at.segments):
        return True
    stored = ws.translations.get((at.article.id, at.lang))
    if stored is None:
        return False
    if len(at.orphans) != len(stored.unplaced):  # text to keep as unplaced, or duplicates
        return True
    if [t.key for t in stored.body] != [a.stored_key for a in at.segments
                                        if not a.segment.is_field and a.stored_key]:
        return True  # blocks out of source order (swapped by hand): put them back
    marked = {t.key for t in [*stored.fields.values(), *stored.body]
              if t.state is State.STALE and t.previous}
    return any(a.state is State.STALE and a.previous and a.stored_key not in marked
               for a in at.segments)


class _Run:
    def __init__(self, ws: Workspace, memory: Memory, glossary: Glossary, provider: str,
                 force: bool, progress: Progress | None) -> None:
        self.ws = ws
        self.memory = memory
        self.glossary = glossary
        self.provider = provider
        self.force = force
        self.progress = progress or _Silent()
        self.summary = TranslateSummary(provider)
        self.source = ws.config.source
        self.lock = threading.Lock()
        self.closed = False
        self.writes = True  # False in a dry run: nothing goes into the memory or the files
        # terms become placeholders, unless the service applies the glossary itself
        self.native_glossary = provider in NATIVE_GLOSSARY
        self.shielded = None if self.native_glossary else glossary

    # -- planning ----------------------------------------------------------------------------

    def plan(self, articles: list[Article], languages: list[str], *, harvest: bool
             ) -> tuple[list[_Work], dict[str, dict[str, list[_Piece]]]]:
        """Every translation to look at, and per language the sentences to send, grouped
        by their text."""
        works: list[_Work] = []
        jobs: dict[str, dict[str, list[_Piece]]] = {lang: {} for lang in languages}
        segments_sent = 0
        for article in articles:
            for lang in languages:
                at = self.ws.translation(article, lang, self.memory.previous_source)
                work = _Work(at, dirty=_needs_saving(self.ws, at))
                works.append(work)
                if harvest:
                    self._harvest(at)
                for aligned in at.segments:
                    if not self._wanted(aligned):
                        continue
                    if not self.force and self._from_memory(work, aligned, lang):
                        continue
                    job = self._job(work, aligned, lang, jobs[lang])
                    if job.waiting:
                        work.pending += 1
                        segments_sent += 1
                    elif self._complete(job, lang):  # every sentence was in the memory
                        self.summary.from_memory += 1
        self.summary.translations = len(works)
        self.summary.to_send = segments_sent
        self.summary.texts_sent = sum(len(by_text) for by_text in jobs.values())
        return works, jobs

    def _job(self, work: _Work, aligned: Aligned, lang: str,
             groups: dict[str, list[_Piece]]) -> _Job:
        """The segment cut into sentences; those the memory knows are answered at once,
        the others queued in ``groups`` (one group per distinct sentence)."""
        pieces = translation_units(aligned.segment.text, self.source)
        job = _Job(work, aligned, pieces, [None] * len(pieces))
        for index, piece in enumerate(pieces):
            text = piece.strip()
            if not text:
                job.answers[index] = ""
                continue
            if len(pieces) > 1 and not self.force:
                entry = self.memory.lookup(text, self.source, lang)
                if entry is not None:
                    job.answers[index] = entry.target
                    continue
            protected = protect(text, source_locale=self.ws.config.locale_for(self.source),
                                target_locale=self.ws.config.locale_for(lang),
                                target_lang=lang, glossary=self.shielded)
            groups.setdefault(normalise(text), []).append(_Piece(job, index, text, protected))
            job.waiting += 1
        return job

    def _wanted(self, aligned: Aligned) -> bool:
        if aligned.state in (State.MISSING, State.STALE):
            return True
        return self.force and aligned.state in (State.MACHINE, State.REVIEWED)

    def _from_memory(self, work: _Work, aligned: Aligned, lang: str) -> bool:
        entry = self.memory.lookup(aligned.segment.text, self.source, lang)
        if entry is None:
            return False
        self._fill(work, aligned, entry.target)
        self.summary.from_memory += 1
        return True

    def _keeps_text(self, aligned: Aligned) -> bool:
        """A stale segment whose text is a person's: a draft may only go beside it."""
        return aligned.state is State.STALE and aligned.human and not self.force

    def _harvest(self, at: ArticleTranslation) -> None:
        with self.memory.transaction():
            for aligned in at.segments:
                self.memory.remember_source(aligned.segment.text, self.source)
                if aligned.text and aligned.state in (State.REVIEWED, State.MACHINE):
                    self.memory.add(aligned.segment.text, aligned.text, self.source, at.lang,
                                    origin=aligned.state.value)

    def _fill(self, work: _Work, aligned: Aligned, text: str) -> None:
        work.dirty = True
        if self._keeps_text(aligned):
            aligned.suggestion = text
            self.summary.suggested += 1
            return
        aligned.text = text
        aligned.state = State.MACHINE
        aligned.previous = None
        aligned.suggestion = None
        aligned.human = False
        aligned.accepted = None
        aligned.edited = False

    # -- running -----------------------------------------------------------------------------

    def dry(self, articles: list[Article], languages: list[str]) -> TranslateSummary:
        self.writes = False
        works, jobs = self.plan(articles, languages, harvest=False)
        self.summary.dry_run = True
        self.summary.waiting = sum(1 for work in works for a in work.at.segments
                                   if a.state is State.STALE and a.human)
        if self.provider == MEMORY_ONLY:
            self.summary.left_missing = self.summary.to_send
            return self.summary
        self.summary.characters = sum(len(group[0].protected.text)
                                      for by_text in jobs.values() for group in by_text.values())
        return self.summary

    def run(self, articles: list[Article], languages: list[str],
            env: Mapping[str, str]) -> TranslateSummary:
        works, jobs = self.plan(articles, languages, harvest=True)
        translator: Translator | None = None
        try:
            if self.provider == MEMORY_ONLY or not self.summary.to_send:
                self.summary.left_missing = self.summary.to_send
            else:
                translator = Translator(create(self.provider, self.ws.config, env))
                self.progress.start(self.summary.texts_sent, f"translating ({self.provider})")
                for lang, by_text in jobs.items():
                    if by_text:
                        self._send(translator, lang, list(by_text.values()))
        except KeyboardInterrupt:
            saved = self._finish(works, translator)
            raise Interrupted(f"interrupted: {saved} segment(s) translated so far were saved",
                              hint="run `bulletin translate` again to finish; nothing "
                              "finished is asked for twice") from None
        except ProviderError as exc:
            saved = self._finish(works, translator)
            raise ProviderError(f"{exc.message} ({saved} segment(s) translated before the "
                                "failure were saved)", hint=exc.hint or
                                "run `bulletin translate` again later: finished segments "
                                "come from the memory", retryable=exc.retryable,
                                retry_after=exc.retry_after) from None
        self._finish(works, translator)
        return self.summary

    def _send(self, translator: Translator, lang: str, groups: list[list[_Piece]]) -> None:
        texts = [group[0].protected.text for group in groups]
        glossary = (self.glossary.for_language(lang) or None) if self.native_glossary else None

        def done(index: int, text: str) -> None:
            with self.lock:
                if not self.closed:
                    self._receive(groups[index], text, lang)
            self.progress.advance()

        translator.translate(texts, self.source, lang, glossary=glossary, on_done=done)

    def _receive(self, group: list[_Piece], text: str, lang: str) -> None:
        """One sentence came back: restore it, remember it, and complete every segment
        whose sentences are now all in."""
        first = group[0]
        # the target's own quotation marks and dashes, while code, links and numbers are
        # still placeholders that typography cannot touch
        restored = restore(typeset(text, self.ws.config.locale_for(lang)), first.protected)
        lost_markup = [s.original for s in restored.lost if s.kind == "markup"]
        empty = not restored.text.strip()
        if not empty:
            self.memory.add(first.source, restored.text, self.source, lang,
                            origin="machine", provider=self.provider)
        for piece in group:
            job = piece.job
            job.answers[piece.index] = None if empty else restored.text
            job.failed = job.failed or empty
            job.problems += lost_markup
            job.waiting -= 1
            if job.waiting == 0:
                job.work.pending -= 1
                if self._complete(job, lang):
                    self.summary.from_provider += 1
                if job.work.pending == 0:
                    self._save(job.work)

    def _complete(self, job: _Job, lang: str) -> bool:
        """Every sentence of ``job`` is in: join them, check the segment, fill it."""
        if job.failed:
            return False  # an empty answer fills nothing: the segment stays as it was
        aligned = job.aligned
        text = "".join((answer or "") + _spacing(piece)
                       for piece, answer in zip(job.pieces, job.answers, strict=True)).strip()
        if not text:
            return False
        if len(job.pieces) > 1 and self.writes:  # the whole segment too: one lookup next time
            self.memory.add(aligned.segment.text, text, self.source, lang, origin="machine",
                            provider=self.provider)
        path = self.ws.translation_path(job.work.at.article, lang)
        line = aligned.segment.line
        findings = check_segment(aligned.key, aligned.segment.text, text,
                                 config=self.ws.config, lang=lang, glossary=self.glossary)
        for finding in findings:
            self.summary.warnings.append(Problem(
                path, f"QA: {aligned.key}: {finding.message}", line=None,
                hint=f"source line {line}" if line else "", code="qa"))
        if job.problems:
            self.summary.warnings.append(Problem(
                path, f"QA: {aligned.key}: Markdown markup lost: " + " ".join(job.problems),
                code="qa"))
        self._fill(job.work, aligned, text)
        return True

    def _save(self, work: _Work) -> None:
        path = save_translation(self.ws, work.at)
        work.dirty = False
        if path not in self.summary.written:
            self.summary.written.append(path)

    def _finish(self, works: list[_Work], translator: Translator | None) -> int:
        """Save every translation that changed; stop listening to late answers."""
        with self.lock:
            self.closed = True
            for work in works:
                if work.dirty:
                    self._save(work)
            if translator is not None:
                self.summary.characters = translator.stats.characters
                self.summary.requests = translator.stats.requests
                self.summary.retries = translator.stats.retries
            self.summary.left_missing = sum(
                1 for work in works for a in work.at.segments
                if a.state is State.MISSING)
            self.summary.waiting = sum(
                1 for work in works for a in work.at.segments
                if a.state is State.STALE and a.human)
            return self.summary.from_provider


def _spacing(piece: str) -> str:
    """The spacing a sentence is followed by, as the joined translation keeps it."""
    tail = piece[len(piece.rstrip()):]
    return "" if not tail else ("\n" if "\n" in tail else " ")
