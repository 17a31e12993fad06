"""``bulletin import``: read each file, make it a draft article, check it, and write it.

Every file is handled on its own: a file that cannot be read or understood is reported
and the others still import. Nothing is written for a file until its article has passed
the same validation that ``bulletin check`` runs; every write is atomic and made while
holding the workspace lock.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.content.articles import check_id, read_source
from bulletin.content.model import Article
from bulletin.content.segments import normalise
from bulletin.content.workspace import Workspace, open_workspace
from bulletin.errors import (
    BulletinError,
    Conflict,
    ExitCode,
    InvalidInput,
    NotFound,
    Problem,
    Report,
    UsageError,
)
from bulletin.fsio import confined, relative, workspace_lock, write_bytes, write_text
from bulletin.intake.draft import Draft
from bulletin.intake.encoding import Decoded, decode
from bulletin.intake.feed import looks_like_feed, read_feed
from bulletin.intake.htmlpage import read_html_page
from bulletin.intake.markdown import read_markdown
from bulletin.intake.new import article_id_for
from bulletin.intake.textdump import read_text_dump

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
FEED_SUFFIXES = {".rss", ".atom"}
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


@dataclass
class Outcome:
    """What happened to one imported file."""

    file: Path
    status: str  # created, would create, skipped, conflict, error
    item: int | None = None  # a feed's item, from 1
    article_id: str | None = None
    path: Path | None = None
    reader: str | None = None
    encoding: str | None = None
    line_ends: str | None = None
    converted: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: Problem | None = None
    text: str = ""  # the bg.md to write
    guessed: list[str] = field(default_factory=list)  # what the article's draft must confirm
    image: tuple[Path, str] | None = None  # a local image to copy: from, name in the folder

    @property
    def name(self) -> str:
        """The file, and the item of a feed: ``news.rss [item 3]``."""
        return f"{self.file} [item {self.item}]" if self.item else str(self.file)

    def as_dict(self, root: Path) -> dict[str, object]:
        return {
            "file": str(self.file), "item": self.item, "status": self.status,
            "id": self.article_id, "draft": bool(self.guessed), "guessed": self.guessed,
            "path": relative(self.path, root) if self.path else None,
            "reader": self.reader, "encoding": self.encoding, "line_ends": self.line_ends,
            "converted": self.converted, "notes": self.notes,
            "problem": self.problem.as_dict(root) if self.problem else None,
        }


@dataclass
class ImportReport:
    root: Path
    outcomes: list[Outcome]
    dry_run: bool = False

    @property
    def exit_code(self) -> ExitCode:
        statuses = {o.status for o in self.outcomes}
        if "error" in statuses:
            return ExitCode.INVALID
        if "conflict" in statuses:
            return ExitCode.CONFLICT
        return ExitCode.OK


def import_files(paths: Sequence[Path], *, start: Path | None = None, dry_run: bool = False,
                 date: dt.date | None = None, article_id: str | None = None) -> ImportReport:
    """Import ``paths`` into the workspace at or above ``start``.

    ``date`` is the date of every article imported (else each page's own, else its file's
    modification time, a guess); ``article_id`` names the article of a single file (to
    import a different article whose title gives an id that is taken). A feed gives one
    article per item. Whatever had to be guessed makes the article a draft. A folder
    stands for the pages in it (``pages_in``).
    """
    paths = [page for path in paths for page in (pages_in(path) if path.is_dir() else [path])]
    if article_id is not None:
        if len(paths) != 1:
            raise UsageError("--id names one article: give exactly one file with it")
        problem = check_id(article_id)
        if problem:
            raise UsageError(problem, hint="for example: --id 2019-04-08-sofia-cluster-weeks")
    ws = open_workspace(start, strict_load=False)
    lock: AbstractContextManager[None] = (nullcontext() if dry_run
                                          else workspace_lock(ws.root, "import"))
    outcomes: list[Outcome] = []
    with lock:
        planned: dict[str, tuple[Outcome, Article]] = {}
        for path in paths:
            for outcome, draft in _read(path, article_id):
                try:
                    if draft is not None:
                        _plan(ws, path, outcome, draft, planned, date, article_id)
                except BulletinError as exc:
                    outcome.status = "conflict" if isinstance(exc, Conflict) else "error"
                    outcome.problem = exc.problem()
                outcomes.append(outcome)
                if outcome.status == "would create" and not dry_run:
                    _write(ws, outcome)
                    outcome.status = "created"
    return ImportReport(ws.root, outcomes, dry_run)


PAGE_SUFFIXES = {".txt", ".text", "", *HTML_SUFFIXES, *MARKDOWN_SUFFIXES, *FEED_SUFFIXES,
                 ".xml"}


def pages_in(folder: Path) -> list[Path]:
    """The pages of a folder, in name order: its files whose names say text, HTML,
    Markdown or a feed (not its images, nor what is in its subfolders, such as a saved
    page's ``_files``); hidden files are left out."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")
                  and p.suffix.lower() in PAGE_SUFFIXES)


def _read(path: Path, article_id: str | None) -> list[tuple[Outcome, Draft | None]]:
    """Every article of one file (a feed has one per item), each with its outcome so far;
    a file that cannot be read is one outcome with its problem."""
    try:
        decoded, reader, drafts = read_file(path)
        if article_id is not None and len(drafts) > 1:
            raise UsageError(f"the feed has {len(drafts)} items: --id names one article",
                             hint="import the feed without --id")
    except BulletinError as exc:
        return [(Outcome(file=path, status="error", problem=exc.problem()), None)]
    return [(Outcome(file=path, status="error", item=draft.item, reader=reader,
                     encoding=decoded.encoding, line_ends=decoded.line_ends,
                     converted=decoded.converted), draft) for draft in drafts]


def _write(ws: Workspace, outcome: Outcome) -> None:
    """The article's file, and its image beside it."""
    assert outcome.path is not None
    if outcome.image is not None:
        source, name = outcome.image
        write_bytes(confined(ws.root, outcome.path.parent / name), source.read_bytes())
    write_text(confined(ws.root, outcome.path), outcome.text)


def read_file(path: Path) -> tuple[Decoded, str, list[Draft]]:
    """Decode ``path`` and read it with the reader its shape calls for: one draft, or one
    per item of a feed."""
    if path.is_dir():
        raise InvalidInput("this is a folder, not a file", path=path,
                           hint="give the files inside it, e.g. folder/*.html")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound("no such file", path=path, hint="check the file name") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read the file: {exc.strerror}", path=path,
                           hint="check that the file exists and that you may read it") from exc
    decoded = decode(data, path)
    reader = _reader(path, decoded.text)
    if reader == "feed":
        return decoded, reader, read_feed(decoded.text, path)
    read = {"html": read_html_page, "markdown": read_markdown, "text": read_text_dump}[reader]
    return decoded, reader, [read(decoded.text, path)]


def _reader(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in FEED_SUFFIXES or looks_like_feed(text):
        return "feed"
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head:
        return "html"
    if text.startswith("---\n"):
        return "markdown"
    return "text"


def _plan(ws: Workspace, path: Path, outcome: Outcome, draft: Draft,
          planned: dict[str, tuple[Outcome, Article]], date: dt.date | None,
          article_id: str | None) -> None:
    settle_date(draft, path, date)
    outcome.notes = list(draft.notes)
    outcome.guessed = list(draft.guessed)
    assert draft.date is not None  # settle_date always finds one
    outcome.article_id = article_id or article_id_for(draft.title, draft.date)
    folder = ws.config.articles_dir / outcome.article_id
    outcome.path = folder / f"{ws.config.source}.md"
    if draft.image and draft.image_file:
        outcome.image = (draft.image_file, draft.image)
    outcome.text = draft.render()
    article = _validate(outcome.text, outcome.article_id, ws.config.source, path)
    earlier = planned.get(outcome.article_id)
    if earlier is not None:
        if same_content(earlier[1], article):
            outcome.status = "skipped"
            outcome.notes.append(f"the same article as {earlier[0].file}, imported above")
            return
        raise Conflict(f"{earlier[0].file} gives a different article with the same id "
                       f"{outcome.article_id}", path=path, hint=_conflict_hint(outcome))
    existing = ws.articles.get(outcome.article_id) or next(
        (a for a in ws.articles.values()
         if (a.date, a.title) == (article.date, article.title)), None)
    if existing is not None and same_content(existing, article):
        outcome.status = "skipped"
        outcome.article_id, outcome.path = existing.id, existing.path
        outcome.notes.append("already in the workspace with the same content")
        return
    if existing is not None or folder.exists():
        where = existing.path if existing is not None else folder
        raise Conflict(f"{relative(where, ws.root)} already holds a different article "
                       "with this id or title and date", path=path,
                       hint=_conflict_hint(outcome))
    planned[outcome.article_id] = (outcome, article)
    outcome.status = "would create"


def _conflict_hint(outcome: Outcome) -> str:
    article_id = outcome.article_id or ""
    return (f"if this file is a newer version of that article, edit articles/{article_id}/"
            "bg.md by hand; if it is another article, import it alone with "
            f"--id {article_id[:10]}-another-slug")


def settle_date(draft: Draft, path: Path, date: dt.date | None) -> None:
    """The article's date: ``--date``; else the page's own; else a date in the file name;
    else (guesses, said so and marked) the latest date of its related headlines, or the
    day the file was last changed."""
    if date is not None:
        if draft.date is not None and draft.date != date:
            draft.notes.append(f"the page gives {draft.date}: used --date {date}")
        draft.date = date
        if "date" in draft.guessed:
            draft.guessed.remove("date")
        return
    if draft.date is not None:
        return
    match = _NAME_DATE.search(path.name)
    if match:
        try:
            draft.date = dt.date(*(int(g) for g in match.groups()))
            draft.notes.append("the page states no date: used the date in the file name")
            return
        except ValueError:
            pass
    dates = [rel.date for rel in draft.related if rel.date]
    if dates:
        draft.date = max(dates)
        draft.guess("date", f"{draft.date} from the page's related headlines")
        return
    try:
        changed = path.stat().st_mtime
    except OSError:
        changed = dt.datetime.now().timestamp()
    draft.date = dt.date.fromtimestamp(changed)
    draft.guess("date", f"{draft.date} from the file's modification time (the page states "
                "none)")


def _validate(text: str, article_id: str, source: str, origin: Path) -> Article:
    """Read the rendered article back exactly as ``bulletin check`` will; refuse on error."""
    with tempfile.TemporaryDirectory(prefix="bulletin-import-") as tmp:
        path = Path(tmp) / article_id / f"{source}.md"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        report = Report()
        article, _facts = read_source(path, source, report)
    if article is None or report.errors:
        first = report.errors[0] if report.errors else None
        raise InvalidInput("the page does not make a valid article"
                           + (f": {first.message}" if first else ""), path=origin,
                           hint=first.hint if first and first.hint else
                           "check the file's title, date and text")
    return article


def same_content(a: Article, b: Article) -> bool:
    """The same article: title, date, image credit, related news and body text (tags, event
    and other details an editor may have added later do not count)."""
    def key(article: Article) -> tuple[object, ...]:
        return (normalise(article.title), article.date, article.image_source,
                [(normalise(r.title), r.date) for r in article.related],
                [normalise(s.text) for s in article.segments if not s.is_field])

    return key(a) == key(b)
