"""What a ``Composer`` (``bulletin.export``) works with: the bulletin it may render with any
exporter, through the one pipeline, and the files it writes.

A composed format renders the same selection more than once (an e-mail: as text and as
mail HTML); each rendering reads the articles as every export does (``Job``, the fan-out
over folders, drafts, errors, the ``machine`` policy), so nothing about choosing or
rendering an article is decided twice.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from bulletin.content.workspace import article_folders
from bulletin.errors import UsageError
from bulletin.export import fanout
from bulletin.export.destination import writable
from bulletin.export.pipeline import Job, Rendered

if TYPE_CHECKING:
    from bulletin.config import Config
    from bulletin.export import Exporter
    from bulletin.export.spec import ExportRequest, ExportResult, Opener


@dataclass
class Rendering:
    """The bulletin rendered by one exporter: the page's text, the export's result, the
    articles (in bulletin order, each as rendered) and the job that made it."""

    text: str
    result: ExportResult
    articles: list[Rendered]
    job: Job


@dataclass(frozen=True)
class Bulletin:
    """The bulletin a request asks for, ready to be rendered."""

    config: Config
    request: ExportRequest

    def render(self, exporter: Exporter, *, ids: tuple[str, ...] | None = None) -> Rendering:
        """The bulletin (or the articles ``ids`` of it) rendered by ``exporter``."""
        request = self.request if ids is None else replace(self.request, ids=ids)
        job = Job.make(self.config.root, self.config, request, exporter)
        folders = article_folders(self.config)
        seen: list[Rendered] = []

        def tapped(items: Iterator[Rendered]) -> Iterator[Rendered]:
            for item in items:
                seen.append(item)
                yield item

        page = io.StringIO()
        items = fanout.render_folders(job, folders, fanout.worker_count(len(folders)))
        result = job.write(tapped(items), page)
        seen.sort(key=job.order)
        return Rendering(page.getvalue(), result, seen, job)


@dataclass
class Outputs:
    """Where an export goes: the file asked for (``path``), or a stream; and, for a composed
    one, the files beside it, named ``<stem>.<part>.<extension>`` (``dist/bulletin.en.atom``)."""

    root: Path
    path: Path | None
    into: IO[str] | Opener

    def main(self) -> IO[str]:
        """The file asked for (or the stream)."""
        if callable(self.into):
            assert self.path is not None, "an opener opens a file"
            return self.into(self.path)
        return self.into

    def beside(self, part: str, what: str) -> tuple[Path, IO[str]]:
        """A file ``<stem>.<part>.<ext>`` beside the one asked for; ``what`` says, for the
        error of a stream, why there are several."""
        if not callable(self.into) or self.path is None:
            raise UsageError(f"{what}: they cannot all go to standard output",
                             hint="write them to files: leave out -o, or give -o a file name")
        path = writable(self.root, sibling(self.path, part))
        return path, self.into(path)


def sibling(path: Path, part: str) -> Path:
    """``dist/bulletin.atom`` with part ``en``: ``dist/bulletin.en.atom``."""
    return path.with_name(f"{path.stem}.{part}{path.suffix}")
