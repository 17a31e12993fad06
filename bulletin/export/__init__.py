"""Exporters: one per output format, found by name in a registry.

An exporter turns the localised pieces of an article (its segments, its fields, its body
blocks) into text of one format; Jinja2 templates (``page_template`` around the whole
bulletin, ``article_template`` per article) put them together. The built-in formats
register themselves exactly as a third party's exporter would::

    from bulletin.export import register_exporter
    register_exporter(MyExporter())

A format whose file is not one page of one rendering (an e-mail holds a text and an HTML
rendering of the same articles; Atom writes one feed per language) is a ``Composer``: it
has a ``name`` and an ``extension`` like an exporter, and a ``compose`` that is handed the
one pipeline (``bulletin.export.compose``) to render the bulletin with any exporters it
needs, and the files to write. It is registered the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bulletin.errors import UsageError

if TYPE_CHECKING:
    from bulletin.content.document import Block
    from bulletin.export.compose import Bulletin, Outputs
    from bulletin.export.inline import LinkNotes
    from bulletin.export.model import Piece, Settings
    from bulletin.export.spec import ExportResult

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


@runtime_checkable
class Composer(Protocol):
    """A format put together from whole renderings of the bulletin by other exporters."""

    name: str  # the --format name
    extension: str  # of the file asked for: dist/bulletin.<extension>

    def compose(self, bulletin: Bulletin, outputs: Outputs) -> ExportResult:
        """Render ``bulletin`` as needed (``bulletin.render(exporter)``) and write the
        file(s) through ``outputs``; what was written is the result."""
        ...


_REGISTRY: dict[str, Exporter | Composer] = {}
_BUILTINS_LOADED = False


def register_exporter(exporter: Exporter | Composer) -> None:
    """Add (or replace) the exporter for ``exporter.name``."""
    _REGISTRY[exporter.name] = exporter


def _load_builtins() -> None:
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    _BUILTINS_LOADED = True
    from bulletin.export import atom, html, mail, markdown, text

    for module in (html, markdown, text, mail, atom):
        exporter = module.EXPORTER
        _REGISTRY.setdefault(exporter.name, exporter)


def exporter_names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def get_exporter(name: str) -> Exporter | Composer:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r}",
                         hint=f"choose one of: {', '.join(exporter_names())}") from None
