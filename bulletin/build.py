"""``bulletin build``: write every ``[[bulletin]]`` of bulletin.toml, in each of its formats.

With ``check`` the workspace is first checked as ``bulletin check --strict`` does, and
nothing at all is written when anything is wrong or unfinished (for CI).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.config import BulletinSpec
from bulletin.errors import BulletinError, ExitCode, NotFound, Problem, WorkspaceInvalid
from bulletin.workspace import Workspace

if TYPE_CHECKING:
    from bulletin.export.request import ExportRequest, MachineText


def _no_machine_text() -> MachineText:
    from bulletin.export.request import MachineText

    return MachineText()


@dataclass(frozen=True)
class Built:
    """One file written: bulletin ``name`` in ``format``."""

    name: str
    format: str
    path: Path
    articles: int
    machine: MachineText = field(default_factory=_no_machine_text)

    def as_dict(self) -> dict[str, object]:
        return {"bulletin": self.name, "format": self.format, "path": str(self.path),
                "articles": self.articles, "machine": self.machine.as_dict()}


class BuildRefused(WorkspaceInvalid):
    """``build --check`` found problems; exit 4 when all are unfinished translations."""

    def __init__(self, problems: list[Problem], incomplete_only: bool) -> None:
        errors = [p for p in problems if p.severity.name == "ERROR"]
        super().__init__(problems, message=f"{len(errors)} problem(s) found by --check; "
                         "no bulletin was written")
        self.exit_code = ExitCode.INCOMPLETE if incomplete_only else ExitCode.INVALID


Progress = Callable[[Built, int, int], None]


def chosen_specs(ws: Workspace, names: Iterable[str]) -> list[BulletinSpec]:
    specs = list(ws.config.bulletins)
    names = list(names)
    if not specs:
        raise NotFound("bulletin.toml lists no bulletin to build",
                       path=ws.root / "bulletin.toml",
                       hint='add one: [[bulletin]] name = "april-2019", from = 2019-04-01, '
                       "to = 2019-04-30, formats = [\"html\", \"md\"]")
    if not names:
        return specs
    known = {spec.name: spec for spec in specs}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise NotFound(f"no bulletin named {', '.join(map(repr, unknown))} in bulletin.toml",
                       hint=f"known bulletins: {', '.join(known)}")
    return [known[n] for n in names]


def build_bulletins(ws: Workspace, names: Iterable[str] = (), *, check: bool = False,
                    progress: Progress | None = None) -> list[Built]:
    """Write the chosen bulletins (all by default) to ``dist/<name>.<ext>``."""
    from bulletin.export.destination import writable
    from bulletin.export.pipeline import export_bulletin, select_articles

    specs = chosen_specs(ws, names)
    if check:
        from bulletin.check import check_workspace

        checked = check_workspace(ws, strict=True)
        if not checked.ok:
            raise BuildRefused(checked.problems,
                               len(checked.incomplete) == len(checked.errors))
    jobs = [(spec, fmt) for spec in specs for fmt in spec.formats]
    for spec, fmt in jobs:  # a bad format, an empty selection or a file that may not be
        writable(ws.root, _destination(ws, spec, fmt))  # written stops before any write
        try:
            select_articles(ws, _request(spec, fmt))
        except BulletinError as exc:
            exc.message = f"bulletin {spec.name!r}: {exc.message}"
            exc.args = (exc.message,)
            raise
    if ws.config.machine == "refuse":  # and so does machine text, in any bulletin
        _refuse_machine_text(ws, specs)
    built: list[Built] = []
    for spec, fmt in jobs:
        request = _request(spec, fmt)
        path = _destination(ws, spec, fmt)
        result = export_bulletin(ws, request, path)
        item = Built(spec.name, fmt, path, result.articles, result.machine)
        built.append(item)
        if progress is not None:
            progress(item, len(built), len(jobs))
    return built


def _refuse_machine_text(ws: Workspace, specs: list[BulletinSpec]) -> None:
    """Raise, naming every article and language, if any chosen bulletin would show machine
    text (``[export] machine = "refuse"``)."""
    from bulletin.export.pipeline import (
        machine_counts,
        machine_refused,
        select_articles,
        settings_for,
    )

    found: dict[str, tuple[str, Path | None, tuple[tuple[str, int], ...]]] = {}
    for spec in specs:
        request = _request(spec, spec.formats[0])
        settings = settings_for(ws.config, request)
        for article in select_articles(ws, request):
            counts = dict(found[article.id][2]) if article.id in found else {}
            translations = {lang: ws.translation(article, lang)
                            for lang in settings.languages if lang != settings.source}
            counts.update(machine_counts(translations))
            if counts:
                found[article.id] = (article.id, article.folder, tuple(sorted(counts.items())))
    if found:
        raise machine_refused(list(found.values()))


def _destination(ws: Workspace, spec: BulletinSpec, fmt: str) -> Path:
    from bulletin.export import get_exporter

    return ws.config.dist_dir / f"{spec.name}.{get_exporter(fmt).extension}"


def _request(spec: BulletinSpec, fmt: str) -> ExportRequest:
    from bulletin.export.request import ExportRequest

    return ExportRequest(ids=spec.articles, date_from=spec.date_from, date_to=spec.date_to,
                         tags=spec.tags, format=fmt, layout=spec.layout, title=spec.title)
