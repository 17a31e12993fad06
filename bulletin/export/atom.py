"""``--format atom``: one Atom feed (RFC 4287) per language of the export, made by
``feedgen``.

Files: the export's path with the language before its extension: ``dist/bulletin.atom``
asks for ``dist/bulletin.bg.atom`` and ``dist/bulletin.en.atom`` (``build``:
``dist/<name>.<lang>.atom``); ``--layout en`` makes the English one alone, which alone may
also go to standard output.

What each feed holds: the Bulgarian feed every article of the bulletin; a translation's
feed only the articles whose translation in that language is complete and reviewed: no
segment missing (nor shown in the source language), none stale, and machine text only if
``machine = label``, labelled then as every format labels it (``hide`` leaves such an
article out, ``refuse`` stops the export as it does for every format).

Each entry: ``xml:lang``; its id a ``urn:uuid`` of the article and language (the same in
every run); ``published`` the article's date; ``updated`` the last change of the files
it is made of (the source and that language's translation file), by their modification
time, never before ``published``; its content the article's body as HTML; an ``alternate``
link with ``hreflang`` for each language the article is published in, to the article in
the HTML bulletin of the same name beside the feed (``<stem>.html#<id>``, which ``build``
writes when the bulletin lists ``html``). The feed's ``updated`` is its latest entry's.

A ``Composer`` (``bulletin.export``) because one export writes a file per language; the
articles are rendered once, by an ordinary exporter whose templates (``bulletin.atom.j2``,
``article.atom.j2``) give a record of each article for the feeds.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from email.utils import getaddresses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bulletin.export.html import HtmlExporter
from bulletin.export.pipeline import bulletin_title
from bulletin.export.spec import ExportResult

if TYPE_CHECKING:
    from bulletin.export.compose import Bulletin, Outputs
    from bulletin.export.model import Piece

STALE = "data-stale"  # marks a person's text for an older source: not reviewed for this one
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class AtomRecordExporter(HtmlExporter):
    """The HTML of the feeds' entries, and a record of what each language's side holds."""

    name = "atom-record"
    extension = "json"
    page_template = "bulletin.atom.j2"
    article_template = "article.atom.j2"
    autoescape = True
    pictures = "none"  # a feed reader cannot reach the article's files: their description

    def _inline(self, piece: Piece, *rest: Any) -> str:
        rendered: str = super()._inline(piece, *rest)
        if piece.status == "stale" and not piece.machine:
            return f"<span {STALE}>{rendered}</span>"
        return rendered


RECORDS = AtomRecordExporter()


def published_in(side: dict[str, Any], source: str, machine: str) -> bool:
    """Whether a language's side of an article goes into that language's feed."""
    if side["lang"] == source:
        return True
    if side["untranslated"] or STALE in side["content"]:
        return False
    return not side["machine"] or machine == "label"


def _updated(folder: Path | None, langs: tuple[str, ...], published: dt.datetime
             ) -> dt.datetime:
    times = []
    for lang in langs:
        path = folder / f"{lang}.md" if folder else None
        if path is not None and path.is_file():
            times.append(dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC))
    return max([published, *times])


class _Languages:
    """A feedgen entry extension: ``xml:lang`` on the entry, and its ``alternate`` links
    with ``hreflang`` (feedgen 1.0 drops a link's attributes but ``href`` from an entry)."""

    def __init__(self) -> None:
        self._lang = ""
        self._links: list[tuple[str, str]] = []

    def lang(self, value: str) -> None:
        self._lang = value

    def alternate(self, href: str, hreflang: str) -> None:
        self._links.append((href, hreflang))

    def extend_ns(self) -> dict[str, str]:
        return {}

    def extend_atom(self, entry: Any) -> Any:
        from lxml import etree

        if self._lang:
            entry.set(XML_LANG, self._lang)
        for href, hreflang in self._links:
            etree.SubElement(entry, "link", href=href, rel="alternate", type="text/html",
                             hreflang=hreflang)
        return entry

    def extend_rss(self, entry: Any) -> Any:
        return entry


class AtomComposer:
    name = "atom"
    extension = "atom"

    def compose(self, bulletin: Bulletin, outputs: Outputs) -> ExportResult:
        from feedgen.feed import FeedGenerator

        rendering = bulletin.render(RECORDS)
        job = rendering.job
        settings = job.settings
        stem = outputs.path.stem if outputs.path else "bulletin"
        folders = {item.article_id: item.folder for item in rendering.articles}
        records = [json.loads(item.text) for item in rendering.articles]
        sender = str(bulletin.config.email.get("from") or "")
        files: list[Path] = []
        for lang in settings.languages:
            fg = FeedGenerator()
            title = bulletin_title(job.request, lang, job.words[lang])
            fg.id(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'bulletin:{stem}:{lang}')}")
            fg.title(title)
            fg.language(lang)
            fg.author({"name": getaddresses([sender])[0][0] if sender else title})
            fg.link(href=f"{stem}.{lang}.atom", rel="self", type="application/atom+xml")
            fg.link(href=f"{stem}.html", rel="alternate", type="text/html")
            fg.generator("bulletin")
            newest: dt.datetime | None = None
            for record in records:
                sides = {s["lang"]: s for s in record["sides"]}
                side = sides[lang]
                if not published_in(side, settings.source, settings.machine):
                    continue
                published = dt.datetime.fromisoformat(record["date"]).replace(tzinfo=dt.UTC)
                updated = _updated(folders.get(record["id"]),
                                   tuple(dict.fromkeys((settings.source, lang))), published)
                newest = max(newest or updated, updated)
                fe = fg.add_entry(order="append")
                fe.register_extension("languages", extension_class_entry=_Languages,
                                      atom=True, rss=False)
                fe.languages.lang(lang)
                fe.id(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, record['id'] + ':' + lang)}")
                fe.title(side["title"])
                fe.published(published)
                fe.updated(updated)
                if side["summary"]:
                    fe.summary(side["summary"])
                fe.content(side["content"].strip(), type="html")
                for tag in side["tags"]:
                    fe.category(term=tag)
                for other, other_side in sides.items():
                    if published_in(other_side, settings.source, settings.machine):
                        fe.languages.alternate(f"{stem}.html#{record['id']}", other)
            if newest is None:  # no article in this language yet: the bulletin's latest date
                newest = max(dt.datetime.fromisoformat(r["date"]) for r in records).replace(
                    tzinfo=dt.UTC)
            fg.updated(newest)
            data = fg.atom_str(pretty=True).decode("utf-8")
            if len(settings.languages) == 1 and not callable(outputs.into):
                outputs.main().write(data)
                continue
            path, handle = outputs.beside(lang, "atom writes one feed per language")
            handle.write(data)
            files.append(path)
        result = rendering.result
        return ExportResult(outputs.path, result.articles, self.name, result.layout,
                            result.machine, result.others, result.drafts, tuple(files))


EXPORTER = AtomComposer()
