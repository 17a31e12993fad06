"""``bulletin check``: validate the whole workspace and report every problem at once."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace

from bulletin.config import CONFIG_NAME, BulletinSpec
from bulletin.errors import BulletinError, Problem, Report, Severity
from bulletin.model import ArticleTranslation, State
from bulletin.qa import qa_check
from bulletin.workspace import Entry, Selection, Workspace

# Extra checks run on every aligned translation (the translation engine adds its QA here).
TranslationCheck = Callable[[Workspace, ArticleTranslation, Report], None]
TRANSLATION_CHECKS: list[TranslationCheck] = [qa_check]


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


def check_workspace(ws: Workspace, *, strict: bool = False,
                    only: Collection[str] | None = None) -> CheckResult:
    """Everything wrong with ``ws`` (or with the settings and the articles ``only`` names);
    with ``strict``, warnings and unfinished translations (missing, machine-only, stale)
    are errors too.

    A draft's problems, whatever they are, are warnings: a newsroom always has unfinished
    articles. ``strict`` makes them errors only when a ``[[bulletin]]`` of bulletin.toml
    chooses the draft (it would leave it out), and says so."""
    from bulletin.qa import workspace_glossary

    chosen_by = bulletins_choosing(ws)
    _, glossary = workspace_glossary(ws)  # the workspace's, not any one article's
    problems: list[tuple[Problem, bool]] = []  # (problem, exempt from strict)
    told: list[Problem] = [*glossary]
    for problem in [*ws.settings_problems, *chosen_by.problems, *glossary]:
        problems.append((problem, False))
    for entry in sorted(ws.entries.values(), key=lambda e: e.id):
        found = [p for p in _entry_problems(ws, entry) if p not in glossary]
        told += found
        if only is not None and entry.id not in only:
            continue
        bulletins = chosen_by.names.get(entry.id, [])
        if entry.draft and strict and bulletins:
            found.append(Problem(entry.folder / f"{ws.config.source}.md",
                                 f"a draft, chosen by bulletin {bulletins[0]!r}, which leaves "
                                 "it out", "finish it and delete 'draft: true', or change the "
                                 "bulletin's selection", code="draft"))
        exempt = entry.draft and not (strict and bulletins)
        problems += [(replace(p, severity=Severity.WARNING) if exempt else p, exempt)
                     for p in found]
    if only is None:  # anything found beyond the settings and the articles (a glossary)
        known = {id(p) for p in [*ws.settings_problems, *told]}
        problems += [(p, False) for p in ws.report.problems if id(p) not in known]
    if strict:
        problems = [(p if exempt else replace(p, severity=Severity.ERROR), exempt)
                    for p, exempt in problems]
    return CheckResult([p for p, _ in _unique(problems)], strict)


def _entry_problems(ws: Workspace, entry: Entry) -> list[Problem]:
    """An article folder's problems: its own, its translation files', its translations'."""
    report = Report(list(entry.problems))
    article = ws.articles.get(entry.id)
    if article is None:
        return report.problems
    for lang in ws.config.languages:
        at = ws.translation(article, lang)
        report.problems += ws.translations.problems.get((article.id, lang), [])
        _check_translation(at, report)
        for extra in TRANSLATION_CHECKS:
            extra(ws, at, report)
    return report.problems


def _unique(problems: list[tuple[Problem, bool]]) -> list[tuple[Problem, bool]]:
    seen: set[Problem] = set()
    kept = []
    for problem, exempt in problems:
        if problem not in seen:
            seen.add(problem)
            kept.append((problem, exempt))
    return kept


@dataclass
class Choosing:
    """Which ``[[bulletin]]`` of bulletin.toml chooses each article (drafts included), and
    the problems of bulletins that name articles that are not there."""

    names: dict[str, list[str]] = field(default_factory=dict)  # article id -> bulletins
    problems: list[Problem] = field(default_factory=list)


def bulletins_choosing(ws: Workspace, specs: Iterable[BulletinSpec] | None = None
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
            found.problems.append(replace(exc.problem(), path=ws.root / CONFIG_NAME,
                                          message=f"[[bulletin]] {spec.name!r}: "
                                          f"{exc.message}"))
            continue
        for entry in ws.entries.values():
            if selection.covers(entry.id, entry.facts):
                found.names.setdefault(entry.id, []).append(spec.name)
    return found


def _check_translation(at: ArticleTranslation, report: Report) -> None:
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
