"""``bulletin build``: write every ``[[bulletin]]`` of bulletin.toml, in each of its formats.

With ``check`` the workspace is first checked as ``bulletin check --strict`` does, and
nothing at all is written when anything is wrong or unfinished (for CI).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.config import CONFIG_NAME, BulletinSpec, Config, open_config
from bulletin.errors import (
    BulletinError,
    ExitCode,
    NotFound,
    Problem,
    UsageError,
    WorkspaceInvalid,
)
from bulletin.export.destination import writable
from bulletin.export.request import Plan, extension
from bulletin.export.spec import ExportRequest, ExportResult, MachineRefused, MachineText
from bulletin.fsio import Staged


@dataclass(frozen=True)
class Built:
    """One file written: bulletin ``name`` in ``format``."""

    name: str
    format: str
    path: Path
    articles: int
    machine: MachineText = field(default_factory=MachineText)
    notes: tuple[str, ...] = ()  # drafts left out, other articles with problems

    def as_dict(self) -> dict[str, object]:
        return {"bulletin": self.name, "format": self.format, "path": str(self.path),
                "articles": self.articles, "machine": self.machine.as_dict(),
                "notes": list(self.notes)}


class BuildRefused(WorkspaceInvalid):
    """``build --check`` found problems; exit 4 when all are unfinished translations."""

    def __init__(self, problems: list[Problem], incomplete_only: bool) -> None:
        errors = [p for p in problems if p.severity.name == "ERROR"]
        super().__init__(problems, message=f"{len(errors)} problem(s) found by --check; "
                         "no bulletin was written")
        self.exit_code = ExitCode.INCOMPLETE if incomplete_only else ExitCode.INVALID


Progress = Callable[[Built, int, int], None]
NO_BULLETIN_HINT = """add one to bulletin.toml (or write one bulletin with `bulletin export`):

[[bulletin]]
name = "april-2019"
title = { bg = "Бюлетин", en = "Bulletin" }
from = 2019-04-01
to = 2019-04-30
formats = ["html", "md", "txt"]"""


def chosen_specs(config: Config, names: Iterable[str]) -> list[BulletinSpec]:
    specs = list(config.bulletins)
    names = list(names)
    if not specs:
        raise UsageError("bulletin.toml lists no [[bulletin]] for build to write",
                         path=config.root / CONFIG_NAME, hint=NO_BULLETIN_HINT)
    if not names:
        return specs
    known = {spec.name: spec for spec in specs}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise NotFound(f"no bulletin named {', '.join(map(repr, unknown))} in bulletin.toml",
                       hint=f"known bulletins: {', '.join(known)}")
    return [known[n] for n in names]


def build_bulletins(names: Iterable[str] = (), *, start: Path | None = None,
                    check: bool = False, drafts: bool = False,
                    progress: Progress | None = None) -> list[Built]:
    """Write the chosen bulletins (all by default) of the workspace at or above ``start``
    to ``dist/<name>.<ext>``: each one as ``export`` makes it (unchanged ones left as they
    are), all of them or none. ``progress`` hears of each file when it is ready. With
    ``check``, the settings and the articles the bulletins choose are first checked as
    ``check --strict`` does; ``drafts`` takes the drafts they choose too."""
    config = open_config(start)
    specs = chosen_specs(config, names)
    if check:
        from bulletin.checks.check import bulletins_choosing, check_workspace
        from bulletin.checks.survey import survey_workspace

        ws = survey_workspace(config.root)
        chosen = bulletins_choosing(ws, specs)
        checked = check_workspace(ws, strict=True, only=set(chosen.names))
        if not checked.ok:
            raise BuildRefused(checked.problems,
                               len(checked.incomplete) == len(checked.errors))
    jobs = [(spec, fmt) for spec in specs for fmt in spec.formats]
    plans = []
    for spec, fmt in jobs:  # a file that may not be written stops before any work
        with _named(spec):
            path = writable(config.root, _destination(config, spec, fmt))
            plans.append(Plan.make(config, request_for(spec, fmt, drafts), path))
    built: list[Built] = []
    made: list[tuple[Plan, ExportResult]] = []
    refused: dict[str, tuple[str, Path | None, dict[str, int]]] = {}
    with Staged() as staged:
        for done, ((spec, fmt), plan) in enumerate(zip(jobs, plans, strict=True), 1):
            result = plan.cached()
            if result is None:
                try:
                    with _named(spec):
                        result = plan.render(staged.open)
                except MachineRefused as exc:  # name every article of every bulletin
                    for article_id, folder, counts in exc.found:
                        refused.setdefault(article_id, (article_id, folder, {}))[2].update(counts)
                    continue
                made.append((plan, result))
            for path in result.written:
                built.append(Built(spec.name, fmt, path, result.articles, result.machine,
                                   (*result.warnings, *result.notes())))
            if progress is not None:
                progress(built[-1], done, len(jobs))
        if refused:
            from bulletin.export.pipeline import machine_refused

            raise machine_refused([(i, folder, tuple(sorted(counts.items())))
                                   for i, folder, counts in refused.values()])
        staged.commit()
    for plan, result in made:
        plan.remember(result)
    return built


@contextlib.contextmanager
def _named(spec: BulletinSpec) -> Iterator[None]:
    """Say which bulletin an error that names no file is about (an empty selection, a
    wrong layout, articles it takes that do not load); an error of a file, or the
    workspace's problems, name their files."""
    from bulletin.content.workspace import ChosenInvalid

    try:
        yield
    except BulletinError as exc:
        if exc.path is None and (isinstance(exc, ChosenInvalid)
                                 or not isinstance(exc, WorkspaceInvalid)):
            exc.message = f"bulletin {spec.name!r}: {exc.message}"
            exc.args = (exc.message,)
        raise


def _destination(config: Config, spec: BulletinSpec, fmt: str) -> Path:
    return config.dist_dir / f"{spec.name}.{extension(fmt)}"


def request_for(spec: BulletinSpec, fmt: str, drafts: bool = False) -> ExportRequest:
    return ExportRequest(ids=spec.articles, date_from=spec.date_from, date_to=spec.date_to,
                         tags=spec.tags, format=fmt, layout=spec.layout, title=spec.title,
                         drafts=drafts)
