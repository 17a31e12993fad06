"""Writing one bulletin: select articles, localise and render each, stream the page out.

select -> per-article view (``views.render_article``) -> page template -> one atomic
write. Articles are rendered one at a time while the page streams (``Template.generate``),
so memory does not grow with the number of articles.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from bulletin.config import LAYOUTS, Config
from bulletin.dates import format_article_date, format_period, months_covering
from bulletin.errors import InvalidInput, NotFound, UsageError
from bulletin.export import Exporter, get_exporter
from bulletin.export.inline import LinkNotes
from bulletin.export.model import (
    BulletinView,
    HeadView,
    Piece,
    Settings,
    TocEntry,
)
from bulletin.export.templates import template_env
from bulletin.export.views import render_article
from bulletin.fsio import atomic_writer
from bulletin.i18n import Words, words
from bulletin.model import Article
from bulletin.workspace import Workspace


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


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream
    articles: int
    format: str
    layout: str

    def as_dict(self) -> dict[str, object]:
        return {"path": str(self.path) if self.path else None, "articles": self.articles,
                "format": self.format, "layout": self.layout}


def settings_for(config: Config, request: ExportRequest) -> Settings:
    """The settings of one export: the request over the workspace's defaults, checked."""
    fmt = request.format or config.format
    layout = request.layout or config.layout
    fallback = request.fallback or config.fallback
    width = request.width or config.width
    if fallback not in ("placeholder", "source"):
        raise UsageError(f"unknown fallback {fallback!r}", hint="use placeholder or source")
    if width < 20:
        raise UsageError(f"a width of {width} is too narrow", hint="use 20 or more, e.g. 72")
    if layout in LAYOUTS:
        languages = config.all_languages
    elif layout in config.all_languages:
        languages = (layout,)
    else:
        raise UsageError(f"unknown layout {layout!r}",
                         hint="use parallel, sequential or one of the workspace's languages: "
                         + ", ".join(config.all_languages))
    locales = tuple((lang, config.locale_for(lang)) for lang in languages)
    return Settings(fmt, layout, languages, config.source, locales, fallback, width)


def select_articles(ws: Workspace, request: ExportRequest) -> list[Article]:
    articles = ws.select(request.ids, request.date_from, request.date_to, request.tags)
    if not articles:
        wanted = []
        if request.date_from or request.date_to:
            wanted.append(f"dated {request.date_from or '…'} to {request.date_to or '…'}")
        if request.tags:
            wanted.append("tagged " + " or ".join(request.tags))
        raise NotFound("no article matches the selection"
                       + (f" ({', '.join(wanted)})" if wanted else "")
                       + ": nothing was written",
                       hint="widen the dates or tags; `bulletin status` lists the articles")
    return articles


def export_workspace(start: Path | None, request: ExportRequest,
                     destination: Path | None = None) -> ExportResult:
    """Export from the workspace at or above ``start`` into a file; when nothing that feeds
    the file has changed since it was written, the file is left as it is."""
    from dataclasses import asdict

    from bulletin.config import find_root, load_config
    from bulletin.errors import Report
    from bulletin.export import cache
    from bulletin.workspace import open_workspace

    root = find_root(start or Path.cwd())
    if root is None:  # let open_workspace say what is wrong
        return export_bulletin(open_workspace(start), request, destination)
    config = load_config(root, Report())
    fmt = request.format or config.format
    if destination is None:
        destination = config.dist_dir / f"bulletin.{get_exporter(fmt).extension}"
    key = repr((sorted(asdict(request).items()), str(destination)))
    digest = cache.inputs_digest(root, key)
    hit = cache.lookup(root, destination, digest)
    if hit is not None:
        return ExportResult(destination, int(str(hit["articles"])), str(hit["format"]),
                            str(hit["layout"]))
    result = export_bulletin(open_workspace(root), request, destination)
    cache.remember(root, destination, digest, result.as_dict())
    return result


def export_bulletin(ws: Workspace, request: ExportRequest,
                    destination: Path | IO[str] | None = None) -> ExportResult:
    """Write one bulletin to ``destination`` (a path, a stream, or ``dist/bulletin.<ext>``)."""
    settings = settings_for(ws.config, request)
    exporter = get_exporter(settings.format)
    articles = select_articles(ws, request)
    env = template_env(ws.root, exporter.autoescape)
    page = env.get_template(exporter.page_template)
    article_template = env.get_template(exporter.article_template)
    lang_words = {lang: words(lang, settings.locale(lang), ws.root)
                  for lang in settings.languages}
    view = bulletin_view(ws, articles, request, settings, exporter, lang_words)

    def rendered() -> Iterator[Any]:
        for article in articles:
            article.parsed()  # one parse serves the alignment and the rendering
            translations = {lang: ws.translation(article, lang) for lang in settings.languages
                            if lang != settings.source}
            text = render_article(article, translations, settings, exporter, lang_words,
                                  article_template)
            ws.release(article)  # memory stays flat however many articles there are
            yield _safe(text) if exporter.autoescape else text

    chunks = page.generate(bulletin=view, articles=rendered(), settings=settings)
    if destination is None:
        destination = ws.config.dist_dir / f"bulletin.{exporter.extension}"
    if isinstance(destination, Path):
        with atomic_writer(destination) as handle:
            _stream(chunks, handle, page.filename)
        path: Path | None = destination
    else:
        _stream(chunks, destination, page.filename)
        path = None
    return ExportResult(path, len(articles), settings.format, settings.layout)


def _stream(chunks: Iterator[str], handle: IO[str], name: str | None) -> None:
    from jinja2 import TemplateError

    try:
        for chunk in chunks:
            handle.write(chunk)
    except TemplateError as exc:
        raise InvalidInput(f"the template failed: {exc}", path=Path(name) if name else None,
                           hint="fix the template, or delete it to use the built-in one"
                           ) from exc
    if handle is sys.stdout:
        handle.flush()


def bulletin_view(ws: Workspace, articles: list[Article], request: ExportRequest,
                  settings: Settings, exporter: Exporter, lang_words: Mapping[str, Words]
                  ) -> BulletinView:
    first = min(a.date for a in articles)
    last = max(a.date for a in articles)
    if request.date_from and request.date_to:
        start, end = request.date_from, request.date_to
    else:
        start, end = months_covering(request.date_from or first, request.date_to or last)
    heads = []
    for lang in settings.languages:
        w = lang_words[lang]
        title = (request.title.get(lang) or request.title.get("*")
                 or w.gettext("News bulletin"))
        heads.append(HeadView(lang, w, title, format_period(start, end, settings.locale(lang)),
                              w.articles(len(articles))))
    contents = [toc_entry(ws, a, settings, exporter) for a in articles]
    return BulletinView(settings, heads, contents, start, end, settings.languages[0])


def toc_entry(ws: Workspace, article: Article, settings: Settings,
              exporter: Exporter) -> TocEntry:
    """An article's line in the contents: its title in each language (the stored title
    of a translation, or the source title marked as such)."""
    notes = LinkNotes()
    titles = []
    for lang in settings.languages:
        piece = Piece(article.title, settings.source)
        if lang != settings.source:
            stored = ws.translations.get((article.id, lang))
            field_ = stored.fields.get("title") if stored else None
            piece = (Piece(field_.text, lang) if field_ and field_.text
                     else Piece(article.title, settings.source, "fallback"))
        text = exporter.piece(piece, settings, notes)
        titles.append((lang, _safe(text) if exporter.autoescape else text))
    dates = [(lang, format_article_date(article.date, settings.locale(lang)))
             for lang in settings.languages]
    return TocEntry(article.id, article.date.isoformat(), titles, dates)


def _safe(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)
