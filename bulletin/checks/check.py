"""``bulletin check``: validate the whole workspace and report every problem at once."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

from bulletin.checks.survey import Survey
from bulletin.config import CONFIG_NAME, BulletinSpec, Config
from bulletin.content.workspace import Entry, Selection
from bulletin.errors import BulletinError, Problem, Report, Severity


@dataclass
class CheckResult(Report):
    """Every problem found, with ``strict`` noting whether warnings were made errors."""

    strict: bool = False

    @property
    def incomplete(self) -> list[Problem]:
        return [p for p in self.errors if p.code == "incomplete"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_workspace(survey: Survey, *, strict: bool = False,
                    only: Collection[str] | None = None) -> CheckResult:
    """Everything wrong with the surveyed workspace (or with the settings and the articles
    ``only`` names); with ``strict``, warnings and unfinished translations (missing,
    machine-only, stale) are errors too.

    A draft's problems, whatever they are, are warnings: a newsroom always has unfinished
    articles. ``strict`` makes them errors only when a ``[[bulletin]]`` of bulletin.toml
    chooses the draft (it would leave it out), and says so."""
    chosen_by = bulletins_choosing(survey)
    own = [*survey.settings_problems, *chosen_by.problems, *survey.glossary_problems]
    problems = [(p, False) for p in own]  # (problem, exempt from strict): the workspace's own
    for name in sorted(survey.folders):
        surveyed = survey.folders[name]
        entry = surveyed.entry
        if only is not None and entry.id not in only:
            continue
        found = [*entry.problems, *(p for t in surveyed.languages for p in t.problems)]
        bulletins = chosen_by.names.get(entry.id, [])
        if entry.draft and strict and bulletins:
            found.append(Problem(entry.folder / f"{survey.config.source}.md",
                                 f"a draft, chosen by bulletin {bulletins[0]!r}, which leaves "
                                 "it out", "finish it and delete 'draft: true', or change the "
                                 "bulletin's selection", code="draft"))
        exempt = entry.draft and not (strict and bulletins)
        problems += [(replace(p, severity=Severity.WARNING) if exempt else p, exempt)
                     for p in found]
    if strict:
        problems = [(p if exempt else replace(p, severity=Severity.ERROR), exempt)
                    for p, exempt in problems]
    return CheckResult(list(dict.fromkeys(p for p, _ in problems)), strict)  # each told once


@dataclass
class Choosing:
    """Which ``[[bulletin]]`` of bulletin.toml chooses each article (drafts included), and
    the problems of bulletins that name articles that are not there."""

    names: dict[str, list[str]] = field(default_factory=dict)  # article id -> bulletins
    problems: list[Problem] = field(default_factory=list)


class Folders(Protocol):
    """What choosing articles needs of a workspace: a loaded one, or a survey of it."""

    @property
    def config(self) -> Config: ...

    @property
    def entries(self) -> Mapping[str, Entry]: ...

    def resolve(self, selection: Selection) -> Selection: ...


def bulletins_choosing(ws: Folders, specs: Iterable[BulletinSpec] | None = None
                       ) -> Choosing:
    """For each article, the bulletins (all of bulletin.toml, or ``specs``) that choose
    it, as ``bulletin build`` would (an article that does not load counts by its folder's
    date)."""
    found = Choosing()
    for spec in ws.config.bulletins if specs is None else specs:
        try:
            selection = ws.resolve(Selection(spec.articles, spec.date_from, spec.date_to,
                                             spec.tags))
        except BulletinError as exc:
            found.problems.append(replace(exc.problem(), path=ws.config.root / CONFIG_NAME,
                                          message=f"[[bulletin]] {spec.name!r}: "
                                          f"{exc.message}"))
            continue
        for entry in ws.entries.values():
            if selection.covers(entry.id, entry.facts):
                found.names.setdefault(entry.id, []).append(spec.name)
    return found
