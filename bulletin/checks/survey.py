"""What ``check`` and ``status`` report of each article folder, found by reading each folder
on its own (``workspace.load_folder``), in worker processes for a large archive
(``bulletin.workers``), and kept per folder (``bulletin.checks.results``): a survey of an
unchanged archive reads only file stamps.

For each folder: its problems as loaded, and for each target language the translation's
counts by state, its translation file's problems, and what the checks of a translation
(``check_translation``: unfinished, unplaced; then QA) find. The rules of the whole
workspace (duplicates, which bulletins choose an article, drafts, ``--strict``) are
applied over the survey afterwards, by ``check`` and ``status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from bulletin.checks.results import FolderResults, problem_from_json, problem_json
from bulletin.config import Config, find_workspace, load_config
from bulletin.content.articles import Facts
from bulletin.content.model import ArticleTranslation, State
from bulletin.content.workspace import (
    WORKSPACE_WIDE,
    Entry,
    Loader,
    Selection,
    Workspace,
    article_folders,
    load_folder,
)
from bulletin.errors import Problem, Report, Severity


@dataclass(frozen=True)
class Translated:
    """One target language of a surveyed article."""

    lang: str
    counts: dict[str, int]
    problems: tuple[Problem, ...]  # the file's, then the checks' (QA findings among them)
    file_problems: int = 0  # how many of ``problems`` are the translation file's own
    findings: tuple[int, ...] = ()  # which of ``problems`` are QA findings
    qa: int = 0  # segments failing QA
    qa_accepted: int = 0  # segments whose QA findings a person accepted

    @property
    def qa_findings(self) -> tuple[Problem, ...]:
        return tuple(self.problems[i] for i in self.findings)

    @property
    def translation_file_problems(self) -> tuple[Problem, ...]:
        return self.problems[:self.file_problems]


@dataclass(frozen=True)
class Surveyed:
    """One article folder: as an ``Entry`` (its problems and what choosing it needs), its
    article's title and date (for duplicates), and its languages if the article loaded."""

    entry: Entry
    title: str | None = None
    date: dt.date | None = None
    languages: tuple[Translated, ...] = ()
    loaded: bool = False


@dataclass
class Survey:
    """Every article folder of a workspace, surveyed, with the workspace's own problems."""

    config: Config
    settings_problems: list[Problem]
    glossary_problems: list[Problem] = field(default_factory=list)
    folders: dict[str, Surveyed] = field(default_factory=dict)  # by folder name, in order
    read: int = 0  # folders read this time (the others were answered from the record)

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def entries(self) -> dict[str, Entry]:
        return {name: surveyed.entry for name, surveyed in self.folders.items()}

    def resolve(self, selection: Selection) -> Selection:
        """``selection`` with whole ids for the starts of ids it names."""
        return selection.resolved(self.folders, self.config)

    def stopping(self) -> list[Problem]:
        """The problems that stop every command (``Workspace.stopping``): the settings'
        errors, and errors of a ``WORKSPACE_WIDE`` kind wherever they are."""
        found = [p for p in self.settings_problems if p.severity is Severity.ERROR]
        for surveyed in self.folders.values():
            mine = [*surveyed.entry.problems,
                    *(p for t in surveyed.languages for p in t.translation_file_problems)]
            found += [p for p in mine
                      if p.severity is Severity.ERROR and p.code in WORKSPACE_WIDE]
        return found


def survey_workspace(start: Path | None = None, *, workers: int | None = None) -> Survey:
    """Survey the workspace at or above ``start``: each folder answered from the record
    while its files and the workspace's settings are unchanged, else read (by ``workers``
    processes; default: ``workers.worker_count``)."""
    from bulletin import workers as pool
    from bulletin.translation.qa import workspace_glossary

    report = Report()
    config = load_config(find_workspace(start), report)
    # the glossary's problems, read once, before any fork
    _, glossary = workspace_glossary(Workspace(config.root, config, Report(), strict=False))
    survey = Survey(config, list(report.problems), list(glossary))
    record = FolderResults(config.root, "survey")
    folders = article_folders(config)
    found: dict[str, Surveyed] = {}
    missing: list[tuple[Path, str]] = []
    for folder in folders:
        stamp, kept = record.get(folder)
        surveyed = _from_json(kept, folder, config.root) if kept is not None else None
        if surveyed is None:
            missing.append((folder, stamp))
        else:
            found[folder.name] = surveyed
    if missing:
        _warm(config)
        work = partial(_survey_folder, config, tuple(glossary))
        paths = [folder for folder, _ in missing]
        for (folder, stamp), surveyed in zip(missing, pool.map_folders(work, paths, workers),
                                             strict=True):
            found[folder.name] = surveyed
            record.put(folder, stamp, _to_json(surveyed, config.root))
    record.save()
    survey.read = len(missing)
    loader = Loader()  # the rules of the whole workspace, in folder order
    for folder in folders:
        surveyed = found[folder.name]
        before = len(loader.problems)
        admitted = loader.admit(folder, surveyed.entry.problems,
                                surveyed.date if surveyed.loaded else None,
                                surveyed.title if surveyed.loaded else None)
        problems = tuple(loader.problems[before:])
        if not admitted:  # a duplicate: listed with its problems, not loaded
            surveyed = Surveyed(Entry(folder.name, folder, surveyed.entry.facts, problems))
        survey.folders[folder.name] = surveyed
    return survey


def _warm(config: Config) -> None:
    """Load before forking what each worker would otherwise load for itself: the QA and
    segmenting code, and the number formats of the target locales (CLDR data)."""
    from babel.numbers import format_decimal

    import bulletin.content.sync  # noqa: F401
    import bulletin.translation.qa  # noqa: F401

    for lang in config.all_languages:
        format_decimal(1.5, locale=config.locale_for(lang))


def _survey_folder(config: Config, glossary: tuple[Problem, ...], folder: Path) -> Surveyed:
    """One folder, read and checked on its own (in a worker, or here)."""
    from bulletin.translation.qa import CHECKED, QAProblem, is_accepted, qa_check

    loaded = load_folder(folder, config)
    entry = Entry(folder.name, folder, loaded.facts, tuple(loaded.problems))
    article = loaded.article
    if article is None:
        return Surveyed(entry)
    ws = Workspace(config.root, config, Report(), strict=False)
    ws.articles[article.id] = article
    ws.entries[article.id] = entry
    for lang, path in loaded.translation_paths.items():
        ws.translations.paths[(article.id, lang)] = path
    languages = []
    for lang in config.languages:
        at = ws.translation(article, lang)
        file_problems = list(ws.translations.problems.get((article.id, lang), []))
        report = Report()
        check_translation(at, report)
        qa_check(ws, at, report)
        checks = [p for p in report.problems if p not in glossary]  # told once, not here
        problems = (*file_problems, *checks)
        findings = tuple(i for i, p in enumerate(problems) if isinstance(p, QAProblem))
        failing = {problems[i].key for i in findings}  # type: ignore[attr-defined]
        accepted = sum(1 for a in at.segments if a.state in CHECKED and is_accepted(a))
        languages.append(Translated(lang, at.counts(), problems, len(file_problems), findings,
                                    len(failing), accepted))
    ws.release(article)
    return Surveyed(entry, article.title, article.date, tuple(languages), loaded=True)


def check_translation(at: ArticleTranslation, report: Report) -> None:
    """What ``check`` says of every translation: unfinished segments, a person's text that
    belongs to no segment, a segment split into paragraphs."""
    article = at.article
    path = article.folder / f"{at.lang}.md"
    counts = at.counts()
    unfinished = {k: v for k, v in counts.items() if k != State.REVIEWED.value and v}
    if unfinished:
        what = ", ".join(f"{n} {state}" for state, n in unfinished.items())
        first = next((a for a in at.segments if a.state is not State.REVIEWED), None)
        hint = ("run `bulletin translate`, then `bulletin review " + article.id + "`"
                if counts["missing"] or counts["stale"] else
                f"read the machine drafts, then `bulletin review {article.id} --to {at.lang}`")
        if counts["stale"]:
            hint += f"; `bulletin diff {article.id}` shows what changed"
        report.warn(path, f"translation not finished: {what} of {len(at.segments)} segments",
                    hint, line=first.segment.line if first and at.exists else None,
                    code="incomplete")
    for orphan in at.orphans:
        report.warn(path, "a block of English belongs to no segment of the source; it is "
                    "kept at the end of the file as 'unplaced'", line=orphan.line,
                    hint="move its text under the marker of the segment it translates, or "
                    "delete it once it is not needed", code="unplaced")
    for aligned in at.segments:
        if aligned.text and "\n\n" in aligned.text.strip():
            report.warn(path, "a segment holds more than one paragraph", line=None,
                        hint="split the source paragraph too, or join the translation",
                        code="split")


# --- the record ------------------------------------------------------------------------

def _to_json(surveyed: Surveyed, root: Path) -> dict[str, Any]:
    facts = surveyed.entry.facts
    return {
        "facts": [facts.date.isoformat() if facts.date else None, list(facts.tags),
                  facts.draft],
        "problems": [problem_json(p, root) for p in surveyed.entry.problems],
        "title": surveyed.title,
        "date": surveyed.date.isoformat() if surveyed.date else None,
        "loaded": surveyed.loaded,
        "languages": [{"lang": t.lang, "counts": t.counts,
                       "problems": [problem_json(p, root) for p in t.problems],
                       "file_problems": t.file_problems, "findings": list(t.findings),
                       "qa": t.qa, "qa_accepted": t.qa_accepted} for t in surveyed.languages],
    }


def _from_json(data: Any, folder: Path, root: Path) -> Surveyed | None:
    """The surveyed folder kept as ``data``; None if the record is not what we wrote."""
    try:
        date, tags, draft = data["facts"]
        facts = Facts(_day(date), tuple(str(t) for t in tags), bool(draft))
        entry = Entry(folder.name, folder, facts, _problems(data["problems"], root))
        languages = tuple(
            Translated(str(t["lang"]), {str(k): int(v) for k, v in t["counts"].items()},
                       _problems(t["problems"], root), int(t["file_problems"]),
                       tuple(int(i) for i in t["findings"]), int(t["qa"]),
                       int(t["qa_accepted"])) for t in data["languages"])
        title = data["title"]
        return Surveyed(entry, str(title) if title is not None else None, _day(data["date"]),
                        languages, bool(data["loaded"]))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def _problems(items: Iterable[Any], root: Path) -> tuple[Problem, ...]:
    return tuple(problem_from_json(item, root) for item in items)
