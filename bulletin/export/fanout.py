"""Reading and rendering a large workspace's articles in several processes at once.

Each worker takes article folders, reads and validates each one on its own
(``workspace.load_folder``), renders it if the export selects it, and sends back its
problems and, for a selected article, its rendered text. The parent checks what only a
view of the whole workspace can (duplicates, unknown ids), puts the articles in order,
and refuses to write anything when any article is invalid, as a serial export would.
Workers are forked after the export's templates and catalogs are ready, so each starts
with them in memory; no worker holds more than one article at a time.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.articles import check_id
from bulletin.errors import BulletinError, NotFound, Problem, Report, UsageError, WorkspaceInvalid
from bulletin.workspace import Duplicates, Workspace, load_folder, matches

if TYPE_CHECKING:
    from bulletin.export.pipeline import Job, Rendered

PARALLEL_FROM = 200  # folders; below this, starting processes costs more than it saves
_JOB: Job | None = None  # set in the parent just before the workers are forked


def worker_count(folders: int) -> int:
    """How many processes to use: ``BULLETIN_WORKERS`` if set, else one per CPU for a
    large workspace (fork start only), else 1 (render in this process)."""
    wanted = os.environ.get("BULLETIN_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted) if "fork" in multiprocessing.get_all_start_methods() else 1
    if folders < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


@dataclass
class Outcome:
    """What a worker sends back for one folder."""

    folder: Path
    problems: list[Problem]
    article_id: str | None = None
    date: dt.date | None = None
    title: str | None = None
    rendered: Rendered | None = None


def _selected(job: Job, article_id: str, date: dt.date, tags: tuple[str, ...]) -> bool:
    request = job.request
    if request.ids:
        return article_id in request.ids
    return matches(date, tags, request.date_from, request.date_to, request.tags)


def _work(folder: Path) -> Outcome:
    job = _JOB
    assert job is not None, "workers are forked after the job is set"
    loaded = load_folder(folder, job.config)
    article = loaded.article
    if article is None:
        return Outcome(folder, loaded.problems)
    outcome = Outcome(folder, loaded.problems, article.id, article.date, article.title)
    if any(p.severity.name == "ERROR" for p in loaded.problems) or not _selected(
            job, article.id, article.date, article.tags):
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


def _warm(job: Job) -> None:
    """Load before forking what each worker would otherwise load for itself: the block
    parser, and the date formats of the bulletin's locales (CLDR data)."""
    import bulletin.fastblocks  # noqa: F401
    from bulletin.dates import format_article_date

    for lang in job.settings.languages:
        format_article_date(dt.date(2019, 1, 1), job.settings.locale(lang))


def render_folders(job: Job, folders: list[Path], workers: int) -> Iterator[Rendered]:
    """The selected articles of ``folders``, rendered by ``workers`` processes, yielded as
    they arrive (``Job.write`` spools them and puts them in bulletin order). Once every
    folder is done, raises if any was invalid: the spool is then dropped, nothing written."""
    global _JOB
    for article_id in job.request.ids:
        problem = check_id(article_id)
        if problem:
            raise UsageError(problem, hint="give an article id such as 2019-04-08-some-title")
    problems: list[Problem] = []
    duplicates = Duplicates()
    chosen: set[str] = set()
    _JOB = job
    _warm(job)
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers) as pool:
            chunk = max(1, min(32, len(folders) // (workers * 8)))
            for outcome in pool.imap(_work, folders, chunksize=chunk):
                problems += outcome.problems
                clash = duplicates.clash(outcome.folder, outcome.date, outcome.title)
                if clash is not None:
                    problems.append(clash)
                elif outcome.rendered is not None:
                    chosen.add(outcome.rendered.article_id)
                    yield outcome.rendered
    finally:
        _JOB = None
    if any(p.severity.name == "ERROR" for p in problems):
        raise WorkspaceInvalid(problems)
    missing = [i for i in job.request.ids if i not in chosen]
    if missing:
        raise NotFound(f"no article {missing[0]!r} in {job.config.articles_dir}",
                       hint="`bulletin status` lists the articles")
    if not chosen:
        from bulletin.export.pipeline import nothing_selected

        raise nothing_selected(job.request)
