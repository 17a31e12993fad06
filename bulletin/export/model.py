"""The shared bulletin model: what every format renders, already localised.

``Settings`` is everything a rendering depends on besides the article and its
translations; ``ArticleView`` is one article ready for a template; ``BulletinView`` the
bulletin around the articles (title, period, contents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from bulletin.export.inline import LinkNotes
from bulletin.export.pictures import Rules
from bulletin.i18n import Words

PARALLEL = "parallel"
# The label of an article side that shows machine text (EU AI Act, Article 50(4)).
MACHINE_NOTE = "Machine translation, not yet reviewed by an editor"


@dataclass(frozen=True)
class Settings:
    """How to render: format, layout, output languages (source first) and their locales."""

    format: str
    layout: str
    languages: tuple[str, ...]
    source: str
    locales: tuple[tuple[str, str], ...]
    fallback: str = "placeholder"
    width: int = 72
    machine: str = "label"  # machine text is published with a label, hidden, or refused
    page_break: str = "none"  # printed HTML: "article" starts each article on a new page
    pictures: Rules = field(default_factory=Rules)  # how local pictures are shown
    review: bool = False  # bulletin serve's review view: each segment's state shown

    def locale(self, lang: str) -> str:
        return dict(self.locales).get(lang, lang)

    @property
    def side_by_side(self) -> bool:
        return self.layout == PARALLEL and len(self.languages) > 1


@dataclass(frozen=True)
class Review:
    """What the review view (``bulletin serve``, never an export) shows beside one segment
    of a translation: its state (machine, stale, missing, reviewed), the source as it is
    now, the source it was translated from when that has changed since (stale), and the
    QA findings of its text."""

    state: str
    source: str
    words: Words  # of the segment's language: the view's own labels
    previous: str | None = None
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Piece:
    """The text shown for one segment in one language, and why it is that text.

    ``status``: ok, machine, stale (an old translation), missing (``text`` is then the
    localised "Translation missing" note) or fallback (the source text, in the source
    language ``lang``). ``machine``: the text was made by a machine and no person has
    approved it (a machine draft, or stale text that was not a person's).
    """

    text: str
    lang: str
    status: str = "ok"
    machine: bool = False
    review: Review | None = None  # only in the review view


@dataclass
class RelatedView:
    title: str
    date_iso: str | None = None
    date_text: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class PictureView:
    """The article's own picture (``image:``) in one language: ``src`` the address to
    write (None: not shown, e.g. in plain text), ``alt`` its description in that language
    (``image_alt``), ``name`` its file."""

    src: str | None
    alt: str
    name: str


@dataclass
class SideView:
    """One article in one language, every field rendered for the output format."""

    lang: str
    words: Words
    title: str
    date_text: str
    summary: str | None = None
    event_dates: str | None = None
    event_start_iso: str | None = None
    place: str | None = None
    image_source: str | None = None
    image: PictureView | None = None
    tags: list[str] = field(default_factory=list)
    related: list[RelatedView] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    untranslated: int = 0  # segments shown as a placeholder or in the source language
    machine: int = 0  # segments shown as machine text that no person has approved

    def _(self, message: str) -> str:
        return self.words.gettext(message)

    @property
    def machine_note(self) -> str:
        """The label of a side that shows machine text, in its language ("" when none)."""
        return self.words.gettext(MACHINE_NOTE) if self.machine else ""


@dataclass
class ArticleView:
    id: str
    anchor: str
    date_iso: str
    sides: list[SideView]
    notes: LinkNotes = field(default_factory=LinkNotes)

    @property
    def rows(self) -> Iterator[list[tuple[str, str]]]:
        """Block n of every language together: ``[(lang, rendered block), …]``."""
        count = max((len(s.blocks) for s in self.sides), default=0)
        for index in range(count):
            yield [(s.lang, s.blocks[index] if index < len(s.blocks) else "")
                   for s in self.sides]


@dataclass
class TocEntry:
    anchor: str
    date_iso: str
    titles: list[tuple[str, str]]  # (lang, rendered title)
    dates: list[tuple[str, str]]  # (lang, localised date)

    @property
    def lines(self) -> list[tuple[str, str, str]]:
        """(lang, title, date) for each language: each line of the contents with its own
        date, as its language writes it."""
        dates = dict(self.dates)
        return [(lang, title, dates.get(lang, self.dates[0][1])) for lang, title in self.titles]


@dataclass
class HeadView:
    """The bulletin's title and period in one language."""

    lang: str
    words: Words
    title: str
    period: str
    count: str  # "2 статии"

    def _(self, message: str) -> str:
        return self.words.gettext(message)


@dataclass
class BulletinView:
    settings: Settings
    heads: list[HeadView]
    contents: list[TocEntry]
    period_start: dt.date
    period_end: dt.date
    page_lang: str
