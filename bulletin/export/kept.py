"""Each article folder's outcome of the last rendering of one bulletin, kept for a process
that renders that bulletin again and again (``bulletin serve``): a folder whose files are
unchanged is not read again, in this run (in memory) or the next (``.bulletin/cache/
serve.json``, through ``checks.results.FolderResults``: JSON, keyed by each folder's file
stamps and by everything every folder depends on).

The outcomes hold while the context does: the tool, the workspace's settings, glossary,
templates and catalogs, the request, and the set of folders (a new article can change
which one an id's start names). Any change to it drops them all. The request's ids are no
part of it: a paged preview renders one page's articles at a time (``ids``), and a folder
kept without a rendering (not on a page rendered yet, or read only for what choosing
needs, ``Job.renders``) is read and rendered when a page takes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from bulletin import workers as pool
from bulletin.checks.results import FolderResults, folder_stamp, problem_from_json, problem_json
from bulletin.content.articles import Facts
from bulletin.export import fanout
from bulletin.export.fanout import Outcome
from bulletin.stamps import tool_digest

if TYPE_CHECKING:
    from bulletin.export.pipeline import Job

RECORD = "serve"  # .bulletin/cache/serve.json


class Kept:
    """The kept outcomes; ``keep_on_disk``: also in ``.bulletin/cache/serve.json``
    (``save`` writes it)."""

    def __init__(self, keep_on_disk: bool = True) -> None:
        self.keep_on_disk = keep_on_disk
        self.context = ""
        self.outcomes: dict[str, tuple[str, Outcome]] = {}
        self.store: FolderResults | None = None
        self.read = 0  # folders read (not kept) by the last rendering
        self.fresh: set[str] = set()  # their names
        self.stamps: dict[str, str] = {}  # each folder's stamp, as the last rendering found it
        self.trusted = False  # True: the next rendering takes ``stamps`` as they are
        self.max_workers: int | None = None  # 1: never fork (a process that runs threads)

    def outcomes_of(self, job: Job, folders: list[Path], workers: int) -> Iterator[Outcome]:
        """What each of ``folders`` gives, in order: kept where its files are unchanged,
        else read and rendered (by up to ``workers`` processes) and kept."""
        key = f"{replace(job.request, ids=())!r}\0" + "\0".join(f.name for f in folders)
        context = tool_digest(job.root, key).hexdigest()
        if context != self.context:
            self.context, self.outcomes = context, {}
            self.store = FolderResults(job.root, RECORD, key) if self.keep_on_disk else None
        stamps: list[str] = []
        changed: list[Path] = []
        # a second rendering of the same batch of changes (a page after the choosing of
        # the articles): a file saved meanwhile is another batch, which renders again
        trusted, self.trusted = (self.stamps if self.trusted else {}), False
        for folder in folders:
            held = self.outcomes.get(folder.name)
            if held is not None:
                stamp = trusted.get(folder.name) or folder_stamp(folder)
                if held[0] != stamp or _unrendered(held[1], job):
                    changed.append(folder)
            else:
                stamp, data = self.store.get(folder) if self.store else (folder_stamp(folder),
                                                                          None)
                outcome = _outcome(data, folder, job) if data is not None else None
                if outcome is None or _unrendered(outcome, job):
                    changed.append(folder)
                else:
                    self.outcomes[folder.name] = (stamp, outcome)
            stamps.append(stamp)
        self.read = len(changed)
        self.fresh = {folder.name for folder in changed}
        self.stamps = {folder.name: stamp for folder, stamp in zip(folders, stamps, strict=True)}
        workers = min(workers, pool.worker_count(len(changed)), self.max_workers or workers)
        fresh = dict(zip(changed, fanout.outcomes(job, changed, workers), strict=True))
        for folder, stamp in zip(folders, stamps, strict=True):
            outcome = fresh.get(folder) or self.outcomes[folder.name][1]
            if folder in fresh:
                self.outcomes[folder.name] = (stamp, outcome)
                if self.store is not None:
                    self.store.put(folder, stamp, _json(outcome, job.root))
            yield outcome
        for gone in set(self.outcomes) - {f.name for f in folders}:
            del self.outcomes[gone]

    def save(self) -> None:
        """Write what is kept to ``.bulletin/cache/serve.json`` (best effort)."""
        if self.store is not None:
            self.store.save()


def _unrendered(outcome: Outcome, job: Job) -> bool:
    """Whether ``job`` renders the article of a folder kept without its rendering."""
    return outcome.rendered is None and fanout.renders(job, outcome.article_id,
                                                       outcome.problems, outcome.facts)


def _json(outcome: Outcome, root: Path) -> dict[str, Any]:
    facts = outcome.facts
    data: dict[str, Any] = {
        "problems": [problem_json(p, root) for p in outcome.problems],
        "id": outcome.article_id, "title": outcome.title,
        "date": outcome.date.isoformat() if outcome.date else None,
        "facts": [facts.date.isoformat() if facts.date else None, list(facts.tags),
                  facts.draft]}
    rendered = outcome.rendered
    if rendered is not None:
        toc = rendered.toc
        data["rendered"] = {
            "id": rendered.article_id, "date": rendered.date.isoformat(), "text": rendered.text,
            "machine": [list(m) for m in rendered.machine],
            "toc": [toc.anchor, toc.date_iso, [list(t) for t in toc.titles],
                    [list(d) for d in toc.dates]]}
    return data


def _outcome(data: Any, folder: Path, job: Job) -> Outcome | None:
    """The outcome ``_json`` gave ``data`` of; None if it is not one (another version's)."""
    try:
        date, tags, draft = data["facts"]
        outcome = Outcome(folder, [problem_from_json(p, job.root) for p in data["problems"]],
                          data["id"], _day(data["date"]), data["title"],
                          facts=Facts(_day(date), tuple(str(t) for t in tags), bool(draft)))
        if data.get("rendered") is not None:
            outcome.rendered = _rendered(data["rendered"], folder, job)
    except (KeyError, TypeError, ValueError):
        return None
    return outcome


def _rendered(data: dict[str, Any], folder: Path, job: Job) -> Any:
    from bulletin.export.model import TocEntry
    from bulletin.export.pipeline import Rendered

    anchor, date_iso, titles, dates = data["toc"]
    if job.exporter.autoescape:  # rendered titles are markup, as the page template takes them
        titles = [(lang, Markup(title)) for lang, title in titles]
    toc = TocEntry(str(anchor), str(date_iso), [(str(lang), t) for lang, t in titles],
                   [(str(lang), str(d)) for lang, d in dates])
    day = _day(data["date"])
    if day is None:
        raise ValueError("a rendered article has a date")
    return Rendered(str(data["id"]), day, toc, str(data["text"]),
                    tuple((str(lang), int(n)) for lang, n in data["machine"]), folder)


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None
