"""``bulletin status``: per article and language, how many segments are in each state, and
what is wrong with it (an article that does not load is listed too, with its problems)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bulletin.checks.survey import Survey
from bulletin.content.model import State
from bulletin.content.workspace import Selection
from bulletin.errors import Problem, Severity, UsageError


@dataclass(frozen=True)
class StatusRow:
    article: str
    lang: str
    missing: int
    machine: int
    reviewed: int
    stale: int
    qa: int = 0  # machine and reviewed segments failing QA (bulletin.translation.qa), none accepted
    qa_accepted: int = 0  # segments whose QA findings a person accepted
    findings: tuple[Problem, ...] = ()  # every QA finding, with its file, line and values
    problems: tuple[Problem, ...] = ()  # the article's and its translation file's
    draft: bool = False
    loaded: bool = True  # False: the article does not load (see ``problems``)

    @property
    def total(self) -> int:
        return self.missing + self.machine + self.reviewed + self.stale

    @property
    def done(self) -> bool:
        return self.reviewed == self.total

    @property
    def problem_summary(self) -> str:
        """A few words for the table: ``draft``, ``guessed date``, ``1 error``."""
        words = ["draft"] if self.draft else []
        guessed = [p.message.split()[1] for p in self.problems if p.code == "guessed"]
        if guessed:
            words.append("guessed " + ", ".join(guessed))
        rest = [p for p in self.problems if p.code not in ("draft", "guessed")]
        errors = sum(1 for p in rest if p.severity is Severity.ERROR)
        warnings = len(rest) - errors
        if errors:
            words.append(f"{errors} error{'s' if errors > 1 else ''}")
        if warnings:
            words.append(f"{warnings} warning{'s' if warnings > 1 else ''}")
        return ", ".join(words) or "-"

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        return {"article": self.article, "lang": self.lang, "missing": self.missing,
                "machine": self.machine, "reviewed": self.reviewed, "stale": self.stale,
                "total": self.total, "qa": self.qa, "qa_accepted": self.qa_accepted,
                "qa_findings": [p.as_dict(root) for p in self.findings],
                "draft": self.draft, "loaded": self.loaded,
                "problems": [p.as_dict(root) for p in self.problems]}


def workspace_status(survey: Survey, ids: Iterable[str] = (),
                     langs: Iterable[str] = ()) -> list[StatusRow]:
    """A row per article (or each one ``ids`` names, or starts) and language; one row for
    an article that does not load."""
    languages = list(dict.fromkeys(langs)) or list(survey.config.languages)
    for lang in languages:
        if lang not in survey.config.languages:
            raise UsageError(f"{lang!r} is not a target language of this workspace",
                             hint="languages in bulletin.toml: "
                             + ", ".join(survey.config.languages))
    named = survey.resolve(Selection(tuple(ids))).ids
    folders = ([survey.folders[i] for i in named] if named else
               sorted(survey.folders.values(), key=lambda s: (
                   s.entry.facts.date is None, s.entry.facts.date, s.entry.id)))
    rows: list[StatusRow] = []
    for surveyed in folders:
        entry = surveyed.entry
        if not surveyed.loaded:
            rows.append(StatusRow(entry.id, "-", 0, 0, 0, 0, problems=entry.problems,
                                  draft=entry.draft, loaded=False))
            continue
        by_lang = {t.lang: t for t in surveyed.languages}
        for lang in languages:
            found = by_lang[lang]
            counts = found.counts
            rows.append(StatusRow(entry.id, lang, counts[State.MISSING.value],
                                  counts[State.MACHINE.value], counts[State.REVIEWED.value],
                                  counts[State.STALE.value], found.qa, found.qa_accepted,
                                  found.qa_findings,
                                  (*entry.problems, *found.translation_file_problems),
                                  entry.draft))
    return rows
