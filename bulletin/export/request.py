"""What an export is asked for and what it gives, and ``export``, the one front door of
every export, which skips one whose inputs are unchanged (kept light: an unchanged
workspace needs no renderer)."""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from bulletin.config import Config, open_config
from bulletin.export import cache
from bulletin.export.destination import writable
from bulletin.export.spec import ExportRequest, ExportResult, MachineText, Opener
from bulletin.fsio import Staged

if TYPE_CHECKING:
    from bulletin.export.kept import Kept

BUILT_IN_EXTENSIONS = {"html": "html", "md": "md", "txt": "txt", "email": "eml",
                       "atom": "atom"}


def export(request: ExportRequest, destination: Path | IO[str] | None = None, *,
           start: Path | None = None, force: bool = False) -> ExportResult:
    """Write one bulletin of the workspace at or above ``start``: the one way an export is
    made, for a file (``dist/bulletin.<ext>`` by default), a stream (``-o -``) and
    ``bulletin build``.

    When nothing that feeds the output has changed since it was last made, nothing is
    read or rendered: a file is left as it is, a stream gets the copy kept in
    ``.bulletin/cache/`` (``bulletin.export.cache``). Otherwise the articles are read and
    rendered folder by folder, by several processes in a large workspace
    (``bulletin.export.fanout``). A file may be neither one of the workspace's own, nor
    one that bulletin did not write (unless ``force``): ``bulletin.export.destination``.
    """
    config = open_config(start)
    if destination is None or isinstance(destination, Path):
        path = writable(config.root, destination or config.dist_dir
                        / f"bulletin.{extension(request.format or config.format)}", force=force)
        plan = replace(Plan.make(config, request, path), force=force)
        cached = plan.cached()
        if cached is not None:
            return cached
        with Staged() as staged:
            result = plan.render(staged.open)
            staged.commit()
        plan.remember(result)
        return result
    return _to_stream(config, request, destination)


def _to_stream(config: Config, request: ExportRequest, stream: IO[str]) -> ExportResult:
    """An export into ``stream``, made into (or answered from) the kept copy of the last
    export to a stream in this format; rendered straight into the stream if that copy
    cannot be kept (a read-only workspace)."""
    kept = cache.kept_copy(config.root, extension(request.format or config.format))
    if kept is None:
        return Plan(config, request, None, "").render(stream)
    plan = replace(Plan.make(config, request, kept), stream=True)
    hit = cache.replay(config.root, kept, plan.digest, stream)
    if hit is not None:
        return _result(hit, None)
    with Staged() as staged:
        handle = staged.open(kept)
        result = plan.render(handle)
        staged.commit()
        plan.remember(result, os.fstat(handle.fileno()))
        handle.seek(0)
        shutil.copyfileobj(handle, stream, 1 << 20)
    stream.flush()
    return replace(result, path=None)


@dataclass(frozen=True)
class Plan:
    """One export about to be made: its request, the file it makes (``None``: a stream not
    kept) and the digest of everything that feeds it (``bulletin.export.cache``)."""

    config: Config
    request: ExportRequest
    path: Path | None
    digest: str
    stream: bool = False  # the path is the kept copy of an export to a stream
    force: bool = False  # pictures copied beside it may replace files bulletin did not write

    @classmethod
    def make(cls, config: Config, request: ExportRequest, path: Path) -> Plan:
        key = repr((sorted(asdict(request).items()), str(path)))
        return cls(config, request, path, cache.inputs_digest(config.root, key))

    def cached(self) -> ExportResult | None:
        """The result of the last export to this file, if nothing has changed since (nor
        any file written beside it, such as a copied picture)."""
        if self.path is None:
            return None
        hit = cache.lookup(self.config.root, self.path, self.digest)
        if hit is None:
            return None
        result = _result(hit, self.path)
        if not cache.current(self.config.root, [f for f in result.files if f != self.path],
                             self.digest):
            return None
        return result

    def render(self, into: IO[str] | Opener, kept: Kept | None = None) -> ExportResult:
        """Read, select and render the articles into ``into`` (a stream, or an opener of
        the plan's file and of any other a ``Composer`` writes beside it, which the caller
        puts in place); raises, having written nothing whole, if anything is wrong.
        ``kept``: the folders' outcomes of the last rendering of this plan, used again
        where a folder is unchanged and brought up to date (``bulletin serve``)."""
        # what only a changed workspace needs, imported only then (an unchanged one is quick)
        from bulletin.content.workspace import article_folders
        from bulletin.export import Composer, fanout, get_exporter
        from bulletin.export.compose import Bulletin, Outputs
        from bulletin.export.pipeline import Job

        exporter = get_exporter(self.request.format or self.config.format)
        outputs = Outputs(self.config.root, self.path, into)
        if isinstance(exporter, Composer):
            return exporter.compose(Bulletin(self.config, self.request), outputs)
        output = None if self.stream else self.path
        job = Job.make(self.config.root, self.config, self.request, output=output)
        folders = article_folders(self.config)
        result = job.write(fanout.render_folders(job, folders, fanout.worker_count(len(folders)),
                                                 kept), outputs.main())
        if job.used and job.settings.pictures.mode == "files":
            from bulletin.export.pictures import copy_pictures

            copies = copy_pictures(self.config.root, job.used, output, self.request.assets,
                                   force=self.force)
            main = (self.path,) if self.path is not None and not self.stream else ()
            result = replace(result, files=(*main, *copies))
        return replace(result, path=self.path)

    def remember(self, result: ExportResult, stamp: os.stat_result | None = None) -> None:
        if self.path is None:
            return
        for other in result.files:  # written beside it: known as bulletin's from now on
            if other != self.path:
                cache.remember(self.config.root, other, self.digest, result.as_dict())
        if not result.files or self.path in result.files:  # else it was not written
            cache.remember(self.config.root, self.path, self.digest, result.as_dict(), stamp)


def _result(hit: dict[str, object], path: Path | None) -> ExportResult:
    def ids(key: str) -> tuple[str, ...]:
        found = hit.get(key)
        return tuple(str(i) for i in found) if isinstance(found, list) else ()
    return ExportResult(path, int(str(hit["articles"])), str(hit["format"]), str(hit["layout"]),
                        MachineText.from_dict(hit.get("machine")),
                        ids("others_with_problems"), ids("drafts_left_out"),
                        tuple(Path(f) for f in ids("files")), ids("warnings"))


def extension(fmt: str) -> str:
    """The file extension of a format; the registry (which imports every exporter) is
    consulted only for formats other than the built-in ones."""
    if fmt in BUILT_IN_EXTENSIONS:
        return BUILT_IN_EXTENSIONS[fmt]
    from bulletin.export import get_exporter

    return get_exporter(fmt).extension
