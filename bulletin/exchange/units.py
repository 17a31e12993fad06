"""What goes into an exchange file, and what comes back out of one.

Exporting: the segments of the chosen articles that a human translator should see (missing
and stale ones, or all of them), each with its context. Importing: the units a translator
finished, checked against the current source as a whole before any translation file is
written, then stored as reviewed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.content.articles import check_id
from bulletin.content.model import State
from bulletin.content.segments import normalise
from bulletin.content.workspace import Workspace
from bulletin.errors import InvalidInput, Problem, UsageError, WorkspaceInvalid
from bulletin.translation.glossary import Glossary

_NAME_RE = re.compile(r"^(?P<article>[^/]+)/(?P<key>[\w.-]+)$")  # ExportUnit.context


@dataclass(frozen=True)
class ExportUnit:
    """One segment to translate, with everything a translator needs to see around it."""

    article_id: str
    key: str
    source: str
    target: str  # the current translation ("" when missing)
    state: State
    previous: str | None  # the old source of a stale segment, when known
    title: str  # the article's title, in the source language
    location: str  # the source file, relative to the workspace
    line: int | None
    notes: tuple[str, ...] = ()  # glossary notes for terms in the source

    @property
    def context(self) -> str:
        """The unit's name across the whole file: ``<article id>/<segment key>``."""
        return f"{self.article_id}/{self.key}"

    @staticmethod
    def name_of(context: str) -> tuple[str, str] | None:
        """The article id and segment key that a ``context`` read back from a file names,
        or None if it names none (the id must pass ``articles.check_id``, the one id rule)."""
        match = _NAME_RE.match(context)
        if match is None or check_id(match["article"]) is not None:
            return None
        return match["article"], match["key"]

    @property
    def needs_review(self) -> bool:
        """A draft that is there but must not count as done (stale or machine text)."""
        return bool(self.target) and self.state in (State.STALE, State.MACHINE)


@dataclass(frozen=True)
class ExportBatch:
    source_lang: str
    target_lang: str
    units: tuple[ExportUnit, ...]

    def counts(self) -> dict[str, int]:
        counts = {state.value: 0 for state in State}
        for unit in self.units:
            counts[unit.state.value] += 1
        return counts


def target_language(ws: Workspace, lang: str | None) -> str:
    """The target language asked for, or the only one the workspace has."""
    languages = ws.config.languages
    if lang is None:
        if len(languages) == 1:
            return languages[0]
        raise UsageError("this workspace has several target languages: "
                         f"{', '.join(languages)}", hint="choose one with --to, e.g. --to en")
    found = workspace_language(lang, languages)
    if found is None:
        raise UsageError(f"{lang!r} is not a target language of this workspace "
                         f"(bulletin.toml lists {', '.join(languages) or 'none'})",
                         hint="add it to `languages` in bulletin.toml, or pick one of those")
    return found


def workspace_language(code: str, languages: Sequence[str]) -> str | None:
    """Map a code from a file (``en``, ``EN-GB``, ``pt_BR``) to a workspace language."""
    wanted = code.strip().replace("-", "_")
    for lang in languages:
        if lang.lower() == wanted.lower():
            return lang
    primary = wanted.split("_", 1)[0].lower()
    matches = [lang for lang in languages if lang.lower() == primary]
    return matches[0] if len(matches) == 1 else None


# what an exchange file holds unless asked otherwise: what needs a translator
DEFAULT_STATES = frozenset({State.MISSING, State.STALE})


def parse_states(text: str) -> frozenset[State]:
    """``missing,stale,machine`` as states; an unknown name is wrong usage."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    known = {state.value: state for state in State}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        raise UsageError(f"unknown segment state {', '.join(map(repr, unknown)) or repr(text)}",
                         hint=f"give some of {', '.join(known)}, separated by commas, e.g. "
                         "--state missing,stale,machine")
    return frozenset(known[name] for name in names)


def collect_units(ws: Workspace, lang: str, ids: Iterable[str] = (), *,
                  include_all: bool = False,
                  states: frozenset[State] | None = None) -> ExportBatch:
    """The segments of the chosen articles (default: all) that need a translator in
    ``lang``: those in ``states`` (default: missing and stale; ``include_all``: every one)."""
    from bulletin.translation.glossary import load_glossary
    from bulletin.translation.memory import existing_memory

    glossary = load_glossary(ws.root)
    articles = ws.select(ids)
    wanted = frozenset(State) if include_all else states or DEFAULT_STATES
    units: list[ExportUnit] = []
    with existing_memory(ws.root) as memory:
        previous = memory.previous_source if memory is not None else None
        for article in articles:
            location = article.path.relative_to(ws.root).as_posix()
            for aligned in ws.translation(article, lang, previous).segments:
                if aligned.state not in wanted:
                    continue
                seg = aligned.segment
                units.append(ExportUnit(article.id, seg.key, seg.text, aligned.text,
                                        aligned.state, aligned.previous, article.title,
                                        location, seg.line,
                                        glossary_notes(glossary, seg.text, lang)))
    return ExportBatch(ws.config.source, lang, tuple(units))


def glossary_notes(glossary: Glossary, text: str, lang: str) -> tuple[str, ...]:
    """One note per glossary term in ``text``: how it must read in ``lang``, and why."""
    notes: dict[str, str] = {}
    for match in glossary.find(text, lang):
        term = match.term
        note = f"glossary: {term.source} = {match.target}"
        if term.keep:
            note += " (keep as is)"
        elif match.target == term.source:
            note += " (unchanged)"
        if term.note and not term.keep:
            note += f"; {term.note}"
        notes.setdefault(term.source, note)
    return tuple(notes.values())


@dataclass(frozen=True)
class ImportedUnit:
    """A unit read back from an exchange file."""

    article_id: str
    key: str
    source: str
    target: str
    done: bool  # translated and not marked for review: to be stored
    where: str  # how to find the unit in its file: "line 12", "unit 'title'"
    line: int | None = None


@dataclass(frozen=True)
class ExchangeFile:
    path: Path
    format: str  # "po" | "xliff"
    target_lang: str
    source_lang: str | None
    units: tuple[ImportedUnit, ...]


@dataclass
class FileOutcome:
    path: Path
    format: str
    lang: str
    stored: int = 0  # new or changed translations
    unchanged: int = 0  # already stored with the same text, as reviewed
    skipped: int = 0  # untranslated, or still marked fuzzy / for review

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "format": self.format, "lang": self.lang,
                "stored": self.stored, "unchanged": self.unchanged, "skipped": self.skipped}


@dataclass
class ImportOutcome:
    files: list[FileOutcome] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # translation files written
    memory: int = 0  # entries added to the translation memory
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"dry_run": self.dry_run, "files": [f.as_dict() for f in self.files],
                "articles": self.articles, "memory": self.memory,
                "stored": sum(f.stored for f in self.files)}


def _check_file(ws: Workspace, exchange: ExchangeFile) -> tuple[str, list[Problem]]:
    """The workspace language of the file, and every reason not to import it."""
    problems: list[Problem] = []
    lang = workspace_language(exchange.target_lang, ws.config.languages)
    if lang is None:
        problems.append(Problem(exchange.path, f"the file translates into "
                                f"{exchange.target_lang!r}, which is not a target language "
                                "of this workspace",
                                "add the language to `languages` in bulletin.toml"))
    src = exchange.source_lang
    if src and workspace_language(src, [ws.config.source]) is None:
        problems.append(Problem(exchange.path, f"the file translates from {src!r}, but the "
                                f"articles are written in {ws.config.source!r}",
                                "import only files exported from this workspace"))
    told: set[str] = set()  # an article that does not load is told of once, not per segment
    for unit in exchange.units:
        article = ws.articles.get(unit.article_id)
        if article is None and unit.article_id in ws.entries:
            if unit.article_id not in told:
                told.add(unit.article_id)
                problems.append(Problem(exchange.path, f"the article {unit.article_id!r} has "
                                        "problems, so nothing can be imported into it",
                                        "fix them first (`bulletin check` lists them), then "
                                        "import again", unit.line))
            continue
        if article is None:
            problems.append(Problem(exchange.path, f"unknown article {unit.article_id!r} "
                                    f"(segment {unit.key!r})", "was the article renamed or "
                                    "deleted? `bulletin status` lists the articles",
                                    unit.line))
            continue
        if not unit.done:
            continue
        seg = article.segment(unit.key)
        if seg is None or normalise(seg.text) != normalise(unit.source):
            problems.append(Problem(
                exchange.path, f"the source text of segment {unit.key!r} of "
                f"article {article.id} no longer matches the workspace (the article changed "
                "after the export)", "export the article again and translate the new file; "
                "nothing was imported", unit.line))
    return lang or exchange.target_lang, problems


def apply_translations(ws: Workspace, files: Sequence[ExchangeFile], *,
                       dry_run: bool = False) -> ImportOutcome:
    """Store the finished units of ``files`` as reviewed: all of them, or none at all."""
    from bulletin.content.store import save_translation
    from bulletin.fsio import workspace_lock

    outcome = ImportOutcome(dry_run=dry_run)
    problems: list[Problem] = []
    updates: dict[tuple[str, str], dict[str, tuple[str, ImportedUnit, Path]]] = {}
    for exchange in files:
        lang, found = _check_file(ws, exchange)
        problems += found
        result = FileOutcome(exchange.path, exchange.format, lang)
        outcome.files.append(result)
        for unit in exchange.units:
            target = unit.target.strip()
            if not unit.done or not target:
                result.skipped += 1
                continue
            chosen = updates.setdefault((unit.article_id, lang), {})
            earlier = chosen.get(unit.key)
            if earlier and earlier[0] != target:
                problems.append(Problem(exchange.path, f"segment {unit.key!r} "
                                        f"of article {unit.article_id} is translated "
                                        f"differently in {earlier[2].name} ({earlier[1].where})",
                                        "keep one of the two translations", unit.line))
            chosen[unit.key] = (target, unit, exchange.path)
    _refuse(problems)
    outcome_of = {e.path: result for e, result in zip(files, outcome.files, strict=True)}
    ws.require_readable([ws.articles[a] for a, _ in updates], {lang for _, lang in updates})
    changed = []  # changed in memory only: written below, once no problem is left
    for (article_id, lang), chosen in updates.items():
        at = ws.translation(ws.articles[article_id], lang)
        dirty = False
        for aligned in at.segments:
            if aligned.key not in chosen:
                continue
            text, unit, path = chosen[aligned.key]
            if aligned.state is State.REVIEWED and aligned.text == text:
                outcome_of[path].unchanged += 1
            elif aligned.state is State.REVIEWED:
                problems.append(Problem(
                    path, f"segment {aligned.key!r} of article {article_id} is already "
                    f"reviewed in {ws.translation_path(at.article, lang).name} with other "
                    "English; a reviewer's words are never replaced by an import",
                    "keep the reviewed English, or delete it from the translation file "
                    "first if the translator's version should win", unit.line))
            else:
                aligned.text, aligned.state, aligned.previous, aligned.edited = (
                    text, State.REVIEWED, None, False)
                aligned.human, aligned.suggestion = True, None
                outcome_of[path].stored += 1
                dirty = True
        if dirty:
            changed.append(at)
    _refuse(problems)
    outcome.articles = sorted({at.article.id for at in changed})
    if dry_run or not updates:
        return outcome
    with workspace_lock(ws.root, "exchange import"):
        for at in changed:
            save_translation(ws, at)
        outcome.memory = _remember(ws, updates)
    return outcome


def _refuse(problems: list[Problem]) -> None:
    """An import with any problem stores nothing: all of them are raised at once."""
    if problems:
        raise WorkspaceInvalid(problems, message=f"{len(problems)} problem(s) in the exchange "
                               "file(s); nothing was imported")


def _remember(ws: Workspace, updates: dict[tuple[str, str], dict[str, tuple[str, ImportedUnit,
                                                                             Path]]]) -> int:
    """Teach the translation memory every imported translation, as reviewed."""
    from bulletin.translation.memory import Memory, memory_path

    added = 0
    with Memory.open(memory_path(ws.root)) as memory, memory.transaction():
        for (article_id, lang), chosen in updates.items():
            article = ws.articles[article_id]
            for key, (text, _unit, _path) in chosen.items():
                seg = article.segment(key)
                if seg is None:
                    continue
                memory.add(seg.text, text, ws.config.source, lang, origin="reviewed")
                added += 1
    return added


def bad_file(path: Path, message: str, line: int | None = None, hint: str = "") -> InvalidInput:
    """The error for an exchange file that cannot be read as what it claims to be."""
    return InvalidInput(message, path=path, line=line,
                        hint=hint or "export a fresh file with `bulletin exchange export`")
