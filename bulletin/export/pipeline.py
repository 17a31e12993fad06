"""Writing one bulletin: select articles, localise and render each, stream the page out.

select -> per-article view (``views.render_article``) -> page template -> one atomic
write. Articles are rendered one at a time while the page streams (``Template.generate``),
so memory does not grow with the number of articles.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from bulletin.config import FALLBACKS, LAYOUTS, MACHINE_POLICIES, PAGE_BREAKS, Config
from bulletin.content.model import Article, ArticleTranslation
from bulletin.content.workspace import Selection, Workspace
from bulletin.dates import format_article_date, format_period, months_covering
from bulletin.errors import InvalidInput, Problem, UsageError
from bulletin.export import Exporter, get_exporter
from bulletin.export.inline import LinkNotes
from bulletin.export.model import (
    BulletinView,
    HeadView,
    Piece,
    Settings,
    TocEntry,
)
from bulletin.export.pictures import ArticlePictures, Used, rules_for
from bulletin.export.spec import (
    ExportRequest,
    ExportResult,
    MachineFound,
    MachineRefused,
    MachineText,
)
from bulletin.export.templates import template_env, template_error
from bulletin.export.views import machine_segments, render_article, segment_piece
from bulletin.fsio import atomic_writer
from bulletin.i18n import Words, words


def settings_for(config: Config, request: ExportRequest) -> Settings:
    """The settings of one export: the request over the workspace's defaults, checked."""
    fmt = request.format or config.format
    layout = request.layout or config.layout
    fallback = request.fallback or config.fallback
    machine = request.machine or config.machine
    page_break = request.page_break or config.page_break
    width = request.width or config.width
    if fallback not in FALLBACKS:
        raise UsageError(f"unknown fallback {fallback!r}", hint="use placeholder or source")
    if machine not in MACHINE_POLICIES:
        raise UsageError(f"unknown machine policy {machine!r}",
                         hint="use label (publish machine text, labelled), hide or refuse")
    if page_break not in PAGE_BREAKS:
        raise UsageError(f"unknown page break {page_break!r}",
                         hint="use none (pages break where they fill) or article (each "
                         "article starts a new page when the HTML bulletin is printed)")
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
    return Settings(fmt, layout, languages, config.source, locales, fallback, width, machine,
                    page_break, review=request.review)


def selection_of(request: ExportRequest) -> Selection:
    """The articles an export asks for (its ids checked here, before any work)."""
    return Selection(request.ids, request.date_from, request.date_to, request.tags,
                     request.drafts)


@dataclass
class Rendered:
    """One article of a bulletin, rendered: its line in the contents and its text, and how
    many of its segments hold machine text, per target language (whatever the policy)."""

    article_id: str
    date: dt.date
    toc: TocEntry
    text: str
    machine: tuple[tuple[str, int], ...] = ()
    folder: Path | None = None
    pictures: tuple[Used, ...] = ()  # the local pictures it shows (to copy or attach)
    warnings: tuple[str, ...] = ()  # the pictures it could not show, and why


@dataclass
class Job:
    """Everything that renders the articles of one export, made once (and inherited as it
    is by worker processes)."""

    root: Path
    config: Config
    request: ExportRequest
    selection: Selection
    settings: Settings
    exporter: Exporter
    words: dict[str, Words]
    article_template: Any
    page_template: Any
    others: list[str] = field(default_factory=list)  # articles not chosen that have errors
    drafts: list[str] = field(default_factory=list)  # drafts chosen, left out (no --drafts)
    used: list[Used] = field(default_factory=list)  # the local pictures shown, in order
    warnings: list[str] = field(default_factory=list)
    renders: bool = True  # False: the folders are read for what choosing needs, none rendered

    @classmethod
    def make(cls, root: Path, config: Config, request: ExportRequest,
             exporter: Exporter | None = None, output: Path | None = None) -> Job:
        """``exporter``: the one to render with (a ``Composer``'s), else the format's;
        ``output``: the file written (None: a stream), which copied pictures sit beside."""
        settings = settings_for(config, request)
        if exporter is None:
            found = get_exporter(settings.format)
            if not isinstance(found, Exporter):
                raise UsageError(f"format {settings.format!r} is composed of other formats",
                                 hint="export it with bulletin.export.request.export")
            exporter = found
        mode = str(getattr(exporter, "pictures", "none"))
        mode = mode if request.images else "none"
        assets = Path(os.path.abspath(request.assets)) if request.assets else None
        rules = rules_for(mode, output, assets, config.embed_limit)
        settings = replace(settings, pictures=rules)
        env = template_env(root, exporter.autoescape)
        lang_words = {lang: words(lang, settings.locale(lang), root)
                      for lang in settings.languages}
        return cls(root, config, request, selection_of(request), settings, exporter, lang_words,
                   env.get_template(exporter.article_template),
                   env.get_template(exporter.page_template))

    def render(self, ws: Workspace, article: Article) -> Rendered:
        """One article: parsed once, aligned with its translations, rendered, released."""
        settings = self.settings
        article.parsed()  # one parse serves the alignment and the rendering
        previous = None
        if settings.review:  # a stale segment shows its old source if the memory knows it
            from bulletin.translation.memory import Memory

            memory = Memory.reader(self.root)
            previous = memory.previous_source if memory is not None else None
        translations = {lang: ws.translation(article, lang, previous)
                        for lang in settings.languages if lang != settings.source}
        from jinja2 import TemplateError

        pictures = ArticlePictures(settings.pictures, self.root, article.folder, article.id)
        findings = qa_findings(ws, translations) if settings.review else None
        try:
            text = render_article(article, translations, settings, self.exporter, self.words,
                                  self.article_template, pictures, findings)
        except TemplateError as exc:
            raise _template_failed(exc, self.article_template.filename) from exc
        toc = toc_entry(article, translations, settings, self.exporter)
        machine = machine_counts(translations)
        ws.release(article)  # memory stays flat however many articles there are
        return Rendered(article.id, article.date, toc, text, machine, article.folder,
                        tuple(pictures.used), tuple(pictures.warnings))

    def order(self, item: Rendered) -> tuple[Any, ...]:
        """Where an article goes: as the ids were given, else by date, then id."""
        return self.selection.order(item.article_id, item.date)

    def write(self, items: Iterable[Rendered], destination: Path | IO[str]) -> ExportResult:
        """The page: contents first, then every article, streamed into ``destination``.

        Rendered articles wait in a temporary spool file, so that the contents (which need
        every article) can come first without holding all articles in memory.
        """
        with tempfile.TemporaryFile() as spool:
            placed: list[tuple[Any, int, int, TocEntry, dt.date]] = []
            machine: list[tuple[Any, str, Path | None, tuple[tuple[str, int], ...]]] = []
            for item in items:  # in any order: placed in bulletin order below
                self.used += item.pictures
                self.warnings += item.warnings
                data = item.text.encode("utf-8")
                placed.append((self.order(item), spool.tell(), len(data), item.toc, item.date))
                if item.machine:
                    machine.append((self.order(item), item.article_id, item.folder,
                                    item.machine))
                spool.write(data)
            placed.sort(key=lambda entry: entry[0])
            machine.sort(key=lambda entry: entry[0])
            found = [(article_id, folder, counts) for _, article_id, folder, counts in machine]
            if found and self.settings.machine == "refuse":
                raise machine_refused(found)
            contents = [entry[3] for entry in placed]
            dates = [entry[4] for entry in placed]

            def articles() -> Iterator[Any]:
                for _, offset, size, _, _ in placed:
                    spool.seek(offset)
                    text = spool.read(size).decode("utf-8")
                    yield _safe(text) if self.exporter.autoescape else text

            view = bulletin_view(contents, dates, self.request, self.settings, self.words)
            chunks = self.page_template.generate(bulletin=view, articles=articles(),
                                                 settings=self.settings)
            if isinstance(destination, Path):
                with atomic_writer(destination) as handle:
                    _stream(chunks, handle, self.page_template.filename)
                path: Path | None = destination
            else:
                _stream(chunks, destination, self.page_template.filename)
                path = None
        text = MachineText(self.settings.machine,
                           sum(n for _, _, counts in found for _, n in counts),
                           tuple(article_id for article_id, _, _ in found))
        return ExportResult(path, len(placed), self.settings.format, self.settings.layout,
                            text, tuple(self.others), tuple(self.drafts),
                            warnings=tuple(self.warnings))


def _stream(chunks: Iterator[str], handle: IO[str], name: str | None) -> None:
    from jinja2 import TemplateError

    try:
        for chunk in chunks:
            handle.write(chunk)
    except TemplateError as exc:
        raise _template_failed(exc, name) from exc
    if handle is sys.stdout:
        handle.flush()


def _template_failed(exc: Exception, name: str | None) -> InvalidInput:
    return template_error(exc) or InvalidInput(
        f"the template failed: {exc}", path=Path(name) if name else None,
        hint="fix the template, or delete it to use the built-in one")


def bulletin_view(contents: list[TocEntry], dates: list[dt.date], request: ExportRequest,
                  settings: Settings, lang_words: Mapping[str, Words]) -> BulletinView:
    first, last = min(dates), max(dates)
    if request.date_from and request.date_to:
        start, end = request.date_from, request.date_to
    else:
        start, end = months_covering(request.date_from or first, request.date_to or last)
    heads = []
    for lang in settings.languages:
        w = lang_words[lang]
        heads.append(HeadView(lang, w, bulletin_title(request, lang, w),
                              format_period(start, end, settings.locale(lang)),
                              w.articles(len(contents))))
    return BulletinView(settings, heads, contents, start, end, settings.languages[0])


def bulletin_title(request: ExportRequest, lang: str, lang_words: Words) -> str:
    """The bulletin's title in ``lang``: as asked, else a localised "News bulletin"."""
    return (request.title.get(lang) or request.title.get("*")
            or lang_words.gettext("News bulletin"))


def qa_findings(ws: Workspace, translations: Mapping[str, ArticleTranslation]
                ) -> dict[str, dict[str, tuple[str, ...]]]:
    """The review view's QA findings: per language, each failing segment's findings (as
    ``bulletin check`` reports them; those a person accepted left out)."""
    from bulletin.translation.qa import check_translation, workspace_glossary

    glossary, _ = workspace_glossary(ws)
    return {lang: {aligned.key: tuple(f.message for f in found)
                   for aligned, found in check_translation(at, ws.config, glossary)}
            for lang, at in translations.items()}


def machine_counts(translations: Mapping[str, ArticleTranslation]
                   ) -> tuple[tuple[str, int], ...]:
    """Per target language, the segments an export would show as machine text."""
    counts = ((lang, machine_segments(at)) for lang, at in translations.items())
    return tuple((lang, n) for lang, n in counts if n)


def machine_refused(found: MachineFound) -> MachineRefused:
    """The error of ``machine = "refuse"``: one problem per article and language."""
    problems = [Problem(folder / f"{lang}.md" if folder else None,
                        f"{n} machine-translated segment(s) of {article_id} not reviewed",
                        f"review them (bulletin review {article_id} --to {lang}), or publish "
                        "them labelled or not at all: machine = label or hide ([export] "
                        "machine in bulletin.toml, or export --machine)",
                        code="machine")
                for article_id, folder, counts in found for lang, n in counts]
    refused = MachineRefused(problems, message=f"{len(found)} article(s) hold machine "
                             "translation and machine = refuse: nothing was written")
    refused.found = found
    return refused


def toc_entry(article: Article, translations: Mapping[str, ArticleTranslation],
              settings: Settings, exporter: Exporter) -> TocEntry:
    """An article's line in the contents: its title in each language, as the article
    shows it (a translation's title, or the source title marked as such)."""
    notes = LinkNotes()
    titles = []
    title = article.segment("title")
    for lang in settings.languages:
        at = translations.get(lang)
        aligned = {a.key: a for a in at.segments if a.key == "title"} if at else {}
        piece = (segment_piece(title, lang, aligned, settings, None, always_fallback=True)
                 if title is not None else Piece(article.title, settings.source))
        text = exporter.piece(piece, settings, notes)
        titles.append((lang, _safe(text) if exporter.autoescape else text))
    dates = [(lang, format_article_date(article.date, settings.locale(lang)))
             for lang in settings.languages]
    return TocEntry(article.id, article.date.isoformat(), titles, dates)


def _safe(text: str) -> Any:
    from markupsafe import Markup

    return Markup(text)
