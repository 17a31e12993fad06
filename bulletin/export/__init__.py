"""Exporters: one per output format, found by name in a registry.

An exporter turns the localised pieces of an article (its segments, its fields, its body
blocks) into text of one format; Jinja2 templates (``page_template`` around the whole
bulletin, ``article_template`` per article) put them together. The built-in formats
register themselves exactly as a third party's exporter would::

    from bulletin.export import register_exporter
    register_exporter(MyExporter())
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bulletin.errors import UsageError

if TYPE_CHECKING:
    from bulletin.document import Block
    from bulletin.export.inline import LinkNotes
    from bulletin.export.model import Piece, Settings

TextLookup = Callable[["Block"], "Piece | None"]


@runtime_checkable
class Exporter(Protocol):
    name: str  # the --format name
    extension: str  # of the file written: dist/bulletin.<extension>
    page_template: str  # e.g. "bulletin.html.j2"
    article_template: str  # e.g. "article.html.j2"
    autoescape: bool  # True for HTML-like formats: templates escape plain values

    def plain(self, text: str) -> str:
        """A plain-text field (a title, a tag) as content of this format."""
        ...

    def piece(self, piece: Piece, settings: Settings, notes: LinkNotes) -> str:
        """One segment's inline Markdown (or its placeholder) rendered."""
        ...

    def block(self, block: Block, text: TextLookup, settings: Settings,
              notes: LinkNotes) -> str:
        """One top-level body block rendered; ``text(block)`` gives a text block's piece."""
        ...


_REGISTRY: dict[str, Exporter] = {}
_BUILTINS_LOADED = False


def register_exporter(exporter: Exporter) -> None:
    """Add (or replace) the exporter for ``exporter.name``."""
    _REGISTRY[exporter.name] = exporter


def _load_builtins() -> None:
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    from bulletin.export import html, markdown, text

    for module in (html, markdown, text):
        exporter = module.EXPORTER
        _REGISTRY.setdefault(exporter.name, exporter)


def exporter_names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def get_exporter(name: str) -> Exporter:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r}",
                         hint=f"choose one of: {', '.join(exporter_names())}") from None
