"""What an export is asked for and what it gives, and the front door that skips an export
whose inputs are unchanged (kept light: an unchanged workspace needs no renderer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BUILT_IN_EXTENSIONS = {"html": "html", "md": "md", "txt": "txt"}


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how; ``None`` means the workspace's ``[export]`` setting."""

    ids: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tags: tuple[str, ...] = ()
    format: str | None = None
    layout: str | None = None
    title: Mapping[str, str] = field(default_factory=dict)  # lang (or "*") -> title
    fallback: str | None = None
    width: int | None = None
    machine: str | None = None  # label, hide or refuse


@dataclass(frozen=True)
class MachineText:
    """The machine-translated segments of an export, and what ``machine`` did with them:
    ``label`` published them with a label, ``hide`` left them out (``refuse`` never gets
    this far). ``articles``: the articles that hold them, in bulletin order."""

    policy: str = "label"
    segments: int = 0
    articles: tuple[str, ...] = ()

    @property
    def published(self) -> int:
        return 0 if self.policy == "hide" else self.segments

    @property
    def withheld(self) -> int:
        return self.segments if self.policy == "hide" else 0

    def as_dict(self) -> dict[str, object]:
        return {"policy": self.policy, "published": self.published, "withheld": self.withheld,
                "articles": list(self.articles)}

    @classmethod
    def from_dict(cls, data: object) -> MachineText:
        if not isinstance(data, dict):
            return cls()
        published, withheld = int(data.get("published", 0)), int(data.get("withheld", 0))
        return cls(str(data.get("policy", "label")), published + withheld,
                   tuple(str(a) for a in data.get("articles", ())))

    def summary(self, shown: int = 5) -> str:
        """One line for a person ("" when there was no machine text)."""
        if not self.segments:
            return ""
        names = ", ".join(self.articles[:shown])
        if len(self.articles) > shown:
            names += f" and {len(self.articles) - shown} more"
        if self.policy == "hide":
            return (f"{self.segments} machine-translated segment(s) left out, as machine = "
                    f"hide asks (articles: {names})")
        return (f"{self.segments} machine-translated segment(s) published with a label "
                f"(articles: {names})")


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream
    articles: int
    format: str
    layout: str
    machine: MachineText = field(default_factory=MachineText)

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path) if self.path else None, "articles": self.articles,
                "format": self.format, "layout": self.layout,
                "machine": self.machine.as_dict()}


def export_workspace(start: Path | None, request: ExportRequest,
                     destination: Path | None = None, *, force: bool = False) -> ExportResult:
    """Export from the workspace at or above ``start`` into a file; when nothing that feeds
    the file has changed since it was written, the file is left as it is. The file may be
    neither one of the workspace's own, nor one that bulletin did not write (unless
    ``force``): ``bulletin.export.destination``. A large
    workspace is read and rendered by several processes (``bulletin.export.fanout``)."""
    from dataclasses import asdict

    from bulletin.config import open_config
    from bulletin.export import cache

    config = open_config(start)
    root = config.root
    fmt = request.format or config.format
    if destination is None:
        destination = config.dist_dir / f"bulletin.{_extension(fmt)}"
    from bulletin.export.destination import writable

    destination = writable(root, destination, force=force)
    key = repr((sorted(asdict(request).items()), str(destination)))
    digest = cache.inputs_digest(root, key)
    hit = cache.lookup(root, destination, digest)
    if hit is not None:
        return ExportResult(destination, int(str(hit["articles"])), str(hit["format"]),
                            str(hit["layout"]), MachineText.from_dict(hit.get("machine")))
    # what only a changed workspace needs, imported only then (an unchanged one is quick)
    from bulletin.export import fanout
    from bulletin.export.pipeline import Job, export_bulletin
    from bulletin.workspace import article_folders, open_workspace

    folders = article_folders(config)
    workers = fanout.worker_count(len(folders))
    if workers > 1:
        job = Job.make(root, config, request)
        result = job.write(fanout.render_folders(job, folders, workers), destination)
    else:
        result = export_bulletin(open_workspace(root), request, destination)
    cache.remember(root, destination, digest, result.as_dict())
    return result


def _extension(fmt: str) -> str:
    """The file extension of a format; the registry (which imports every exporter) is
    consulted only for formats other than the built-in ones."""
    if fmt in BUILT_IN_EXTENSIONS:
        return BUILT_IN_EXTENSIONS[fmt]
    from bulletin.export import get_exporter

    return get_exporter(fmt).extension
