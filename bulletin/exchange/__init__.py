"""Exchange files for human translators: PO and XLIFF out and back in, TMX for the memory.

``export_exchange`` writes the segments that need a translator into one file;
``import_exchange`` reads finished files back and stores their translations as reviewed,
all of them or (when any file is out of date or broken) none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.content.model import State
from bulletin.content.workspace import Workspace
from bulletin.errors import UsageError
from bulletin.exchange.units import ExchangeFile, ImportOutcome, bad_file

if TYPE_CHECKING:
    from bulletin.exchange.tmx import MemoryImport

FORMATS = ("po", "xliff")
_SUFFIXES = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff"}


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    format: str
    lang: str
    articles: int  # articles with at least one segment in the file
    segments: int
    counts: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "format": self.format, "lang": self.lang,
                "articles": self.articles, "segments": self.segments, "states": self.counts}


def format_for(path: Path, fmt: str | None) -> str:
    """The format asked for, or the one the output file's extension names."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown exchange format {fmt!r}",
                             hint=f"choose one of {', '.join(FORMATS)}")
        return fmt
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the format from the file name {path.name!r}",
                         hint="add --format po or --format xliff")
    return found


def export_exchange(ws: Workspace, out: Path, *, lang: str | None = None,
                    ids: Iterable[str] = (), fmt: str | None = None,
                    include_all: bool = False,
                    states: frozenset[State] | None = None) -> ExportSummary:
    """Write the segments of the chosen articles that are in ``states`` (default: missing
    and stale; ``include_all``: all) to ``out``. Machine drafts and stale text go out with
    their text, marked for review, for a translator to post-edit."""
    from bulletin.exchange.units import collect_units, target_language
    from bulletin.fsio import write_bytes

    fmt = format_for(out, fmt)
    target = target_language(ws, lang)
    batch = collect_units(ws, target, ids, include_all=include_all, states=states)
    if fmt == "po":
        from bulletin.exchange.po import render_po

        data = render_po(batch).encode("utf-8")
    else:
        from bulletin.exchange.xliff import render_xliff

        data = render_xliff(batch)
    write_bytes(_destination(ws, out), data)
    return ExportSummary(out, fmt, target, len({u.article_id for u in batch.units}),
                         len(batch.units), batch.counts())


def read_exchange(path: Path) -> ExchangeFile:
    """A PO or XLIFF file, told apart by its content (not its name)."""
    from bulletin.exchange.xmlread import looks_like_xml
    from bulletin.fsio import read_bytes

    data = read_bytes(path)
    if looks_like_xml(data):
        from bulletin.exchange.xliff import read_xliff

        return read_xliff(path, data)
    if b"msgid" not in data:
        raise bad_file(path, "neither a PO file nor XLIFF", 1,
                       "give a .po or .xlf file made by `bulletin exchange export`")
    from bulletin.exchange.po import read_po

    return read_po(path)


def import_exchange(ws: Workspace, paths: Sequence[Path], *,
                    dry_run: bool = False) -> ImportOutcome:
    """Store every finished unit of ``paths`` as reviewed; nothing at all if any is wrong."""
    from bulletin.exchange.units import apply_translations

    files = [read_exchange(path) for path in paths]
    return apply_translations(ws, files, dry_run=dry_run)


@dataclass(frozen=True)
class MemoryExport:
    path: Path
    entries: int
    lang: str | None

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "entries": self.entries, "lang": self.lang}


def export_memory(ws: Workspace, out: Path, *, lang: str | None = None) -> MemoryExport:
    """Write the workspace's translation memory (or its ``lang`` part) to a TMX file."""
    from bulletin.exchange.tmx import render_tmx
    from bulletin.exchange.units import target_language
    from bulletin.fsio import write_bytes
    from bulletin.translation.memory import existing_memory

    target = target_language(ws, lang) if lang else None
    entries = []
    with existing_memory(ws.root) as memory:  # none yet: an empty TMX, and no memory made
        if memory is not None:
            entries = list(memory.entries(ws.config.source, target))
    write_bytes(_destination(ws, out), render_tmx(entries, ws.config.source))
    return MemoryExport(out, len(entries), target)


def import_memory(ws: Workspace, paths: Sequence[Path]) -> list[MemoryImport]:
    """Add the translations of TMX files to the memory: every file is read before any is."""
    from bulletin.exchange.tmx import import_pairs, read_tmx
    from bulletin.fsio import workspace_lock
    from bulletin.translation.memory import Memory, memory_path

    files = [read_tmx(path, ws.config.source, ws.config.languages) for path in paths]
    with workspace_lock(ws.root, "memory import"), \
            Memory.open(memory_path(ws.root)) as memory:
        return [import_pairs(memory, tmx) for tmx in files]


def _destination(ws: Workspace, out: Path) -> Path:
    """Where an exchange or TMX file may go: like an export, never over the workspace's own
    files (articles, settings, glossary, templates, catalogs, state) nor into a folder; an
    earlier exchange file is replaced, as a translator's round trip expects."""
    from bulletin.export.destination import writable

    return writable(ws.root, out, force=True)
