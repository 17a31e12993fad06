"""Reading and rendering a workspace's articles, folder by folder, in one process or in
several at once: the one way an export reads its articles.

For each article folder, ``workspace.load_folder`` reads and validates it on its own, and
the article is rendered if the export's ``Selection`` takes it; the problems and the
rendered text come back. The parent applies the rules of the whole workspace
(``workspace.Loader``: every problem kept, duplicates) and of the selection (unknown ids,
nothing selected, drafts left out), and refuses to write anything when an article it
chooses is invalid (or when a problem stops every command, ``WORKSPACE_WIDE``); an invalid
article it does not choose is named in the result (``Job.others``). With more than one
worker (``bulletin.workers``), they are forked after the export's templates and catalogs
are ready, so each starts with them in memory; no process holds more than one article at
a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bulletin import workers as pool
from bulletin.content.articles import Facts
from bulletin.content.workspace import WORKSPACE_WIDE, ChosenInvalid, Loader, Workspace, load_folder
from bulletin.errors import BulletinError, Problem, Report, Severity, WorkspaceInvalid

if TYPE_CHECKING:
    from bulletin.export.pipeline import Job, Rendered

worker_count = pool.worker_count  # the one rule, shared with check and status


class Keeper(Protocol):
    """What keeps the folders' outcomes between renderings (``bulletin.export.kept.Kept``,
    for ``bulletin serve``): each folder's outcome, kept where it is unchanged."""

    def outcomes_of(self, job: Job, folders: list[Path], workers: int) -> Iterator[Outcome]:
        ...


@dataclass
class Outcome:
    """What a worker sends back for one folder."""

    folder: Path
    problems: list[Problem]
    article_id: str | None = None
    date: dt.date | None = None
    title: str | None = None
    rendered: Rendered | None = None
    facts: Facts = Facts()  # what choosing it needs, whether it loaded or not


def _read_and_render(job: Job, folder: Path) -> Outcome:
    loaded = load_folder(folder, job.config)
    article = loaded.article
    if article is None:
        return Outcome(folder, loaded.problems, facts=loaded.facts)
    outcome = Outcome(folder, loaded.problems, article.id, article.date, article.title,
                      facts=loaded.facts)
    if not renders(job, article.id, loaded.problems, loaded.facts):
        return outcome
    ws = Workspace(job.root, job.config, Report())
    ws.articles[article.id] = article
    for lang, path in loaded.translation_paths.items():
        ws.translations.paths[(article.id, lang)] = path
    try:
        outcome.rendered = job.render(ws, article)
    except BulletinError as exc:  # e.g. a broken translation file: a problem like any other
        problems = exc.problems if isinstance(exc, WorkspaceInvalid) else [exc.problem()]
        outcome.problems = outcome.problems + problems
    return outcome


def renders(job: Job, article_id: str | None, problems: list[Problem], facts: Facts) -> bool:
    """Whether a folder's article is rendered for ``job``: it loaded without errors, the
    job renders at all, and its selection takes the article."""
    return (article_id is not None and job.renders
            and not any(p.severity.name == "ERROR" for p in problems)
            and job.selection.takes(article_id, facts))


def _warm(job: Job) -> None:
    """Load before forking what each worker would otherwise load for itself: the Markdown
    engine, and the date formats of the bulletin's locales (CLDR data)."""
    import bulletin.content.document  # noqa: F401
    from bulletin.dates import format_article_date

    for lang in job.settings.languages:
        format_article_date(dt.date(2019, 1, 1), job.settings.locale(lang))


def render_folders(job: Job, folders: list[Path], workers: int = 1,
                   kept: Keeper | None = None) -> Iterator[Rendered]:
    """The selected articles of ``folders``, rendered here (``workers`` 1) or by ``workers``
    processes, yielded as they arrive (``Job.write`` spools them and puts them in bulletin
    order). Once every folder is done, raises if an article chosen was invalid, if an
    article named is not there, or if nothing was selected: the spool is then dropped,
    nothing written. The invalid articles not chosen go to ``job.others``, the drafts left
    out to ``job.drafts``. With ``kept``, a folder unchanged since ``kept`` last saw it is
    not read again."""
    job.selection = job.selection.resolved([f.name for f in folders], job.config)
    loader = Loader()
    chosen: set[str] = set()
    blocked: list[Problem] = []
    blocking: list[str] = []
    found = (outcomes(job, folders, workers) if kept is None
             else kept.outcomes_of(job, folders, workers))
    for outcome in found:
        before = len(loader.problems)
        admitted = loader.admit(outcome.folder, outcome.problems, outcome.date, outcome.title)
        errors = [p for p in loader.problems[before:] if p.severity is Severity.ERROR]
        name = outcome.folder.name
        covered = job.selection.covers(name, outcome.facts)
        left_out = covered and outcome.facts.draft and not job.selection.drafts
        if any(p.code in WORKSPACE_WIDE for p in errors) or (errors and covered
                                                                and not left_out):
            blocked += loader.problems[before:]
            blocking.append(name)
        elif left_out:
            job.drafts.append(name)
        elif errors:
            job.others.append(name)
        elif admitted and outcome.rendered is not None and job.selection.takes(
                outcome.rendered.article_id, outcome.facts):  # kept for another page
            chosen.add(outcome.rendered.article_id)
            yield outcome.rendered
    if blocked:
        raise ChosenInvalid(blocked, blocking)
    job.selection.check_found(chosen, job.config, need_one=True, then="nothing was written",
                              drafts=job.drafts)


def outcomes(job: Job, folders: list[Path], count: int) -> Iterator[Outcome]:
    """What each of ``folders`` gives, in order, read and rendered by ``count`` processes."""
    if count > 1:
        _warm(job)
    return pool.map_folders(partial(_read_and_render, job), folders, count)
