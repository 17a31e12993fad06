"""The page that ``bulletin serve`` shows: the bulletin as ``export`` renders it to HTML (the
one pipeline, ``Plan.render``), with the review view on, made again whenever asked
(``Preview.refresh``), reading again only the article folders that changed (``kept.Kept``,
which also keeps them on disk for the next start). A workspace that cannot be exported
gives a page that lists its problems instead, and the next refresh recovers. Every page
served gets a small script that reloads it when a newer one is ready (``/events``,
Server-Sent Events) and the review view's stylesheet: neither is ever part of an export.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import secrets
import threading
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from bulletin.config import open_config
from bulletin.content.workspace import article_folders
from bulletin.errors import BulletinError, Problem, WorkspaceInvalid
from bulletin.export import fanout
from bulletin.export.kept import Kept
from bulletin.export.request import Plan
from bulletin.export.spec import ExportRequest
from bulletin.export.templates import BUILTIN

EVENTS = "/events"
# Reloads the page once the server has a newer one than this page's generation (or is a
# new run of the server); EventSource reconnects by itself if the server goes away.
RELOAD_SCRIPT = """<script data-bulletin-serve>
new EventSource("{events}?page={number}&run={run}&since={generation}")
  .addEventListener("rebuilt", () => location.reload());
</script>
"""


@dataclass(frozen=True)
class Page:
    """One page as served: its generation (1, 2, … each time its content changed), the
    bytes, the problems that stopped the bulletin (none: it is the bulletin), how long it
    took to make, and how many article folders were read for it (the others were kept)."""

    generation: int
    parts: tuple[bytes, ...]  # sent one after the other: the page and what was added to it
    problems: tuple[Problem, ...] = ()
    message: str = ""
    seconds: float = 0.0
    read: int = 0
    articles: int = 0
    number: int = 1  # which page of the bulletin it is
    count: int = 1  # of how many

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)

    @property
    def ok(self) -> bool:
        return not self.message

    @property
    def missing(self) -> bool:
        """A page the bulletin no longer has (it has ``count``)."""
        return self.number > self.count


class Preview:
    """The bulletin of ``request`` in the workspace at or above ``start``, as HTML with the
    review view (unless ``review`` is false), kept between refreshes; ``per_page``: at
    most that many articles on a page, in bulletin order (0: all on one page)."""

    def __init__(self, request: ExportRequest, start: Path | None = None, *,
                 review: bool = True, per_page: int = 0) -> None:
        self.request = replace(request, format="html", review=review)
        self.start = start
        self.per_page = per_page
        self.run = secrets.token_hex(4)  # tells a page of an earlier server run to reload
        self.kept = Kept()
        self.pages: dict[int, Page] = {}  # the pages made, by number
        self.count = 1  # how many pages the bulletin has
        self._members: list[str] = []  # the folders of the bulletin's articles, in order
        self._made: dict[int, tuple[tuple[str, ...], bytes]] = {}  # members, rendered page
        self._lock = threading.Lock()

    @property
    def page(self) -> Page:
        """Page 1, as last made."""
        return self.pages.get(1, Page(0, ()))

    def generation(self, number: int) -> int:
        found = self.pages.get(number)
        return found.generation if found is not None else 0

    def refresh(self) -> Page:
        """Make page 1, and every other page already made, again from the workspace as it
        is now, but only a page whose articles changed; a page's generation goes up only
        if it changed. Never raises for a problem of the workspace (nor for a bug, which
        would stop every later refresh): the page then lists the problems."""
        with self._lock:
            begun = time.perf_counter()
            failed = self._choose()
            fresh = set(self.kept.fresh)
            self.kept.trusted = bool(self.per_page)  # page 1 takes the stamps just found
            for number in sorted({1, *self.pages}):
                members = self._page_members(number)
                made = self._made.get(number)
                if (self.per_page and failed is None and made is not None and made[0] == members
                        and not fresh & set(members) and self.pages[number].ok):
                    continue  # nothing on this page changed
                self._make(number, members, failed, begun, fresh)
            self.kept.trusted = False
            return self.page

    def page_of(self, number: int) -> Page | None:
        """Page ``number``, made now if it was not yet; None if the bulletin has no such
        page."""
        found = self.pages.get(number)
        if found is not None or not 1 <= number <= self.count:
            return found
        with self._lock:
            if number not in self.pages and number <= self.count:
                begun = time.perf_counter()
                self._make(number, self._page_members(number), None, begun, set())
            return self.pages.get(number)

    def _choose(self) -> Page | None:
        """Bring the bulletin's articles and their order up to date (``per_page``: reading
        only what choosing needs of each changed folder); the failure page, if it cannot
        be."""
        if not self.per_page:
            self.kept.fresh = set()
            return None
        try:
            self._members = self._chosen()
        except Exception as exc:  # shown in the page, as the error boundary would say it
            problems, message = _problems(exc)
            data = problems_page(problems, message, self.start or Path.cwd()).encode()
            return Page(0, (data,), problems, message)
        self.count = max(1, -(-len(self._members) // self.per_page))
        return None

    def _chosen(self) -> list[str]:
        from bulletin.export.pipeline import Job

        config = open_config(self.start)
        folders = article_folders(config)
        job = replace(Job.make(config.root, config, self.request), renders=False)
        selection = job.selection = job.selection.resolved([f.name for f in folders], config)
        outcomes = list(self.kept.outcomes_of(job, folders, fanout.worker_count(len(folders))))
        chosen = []
        for outcome in outcomes:
            name, facts = outcome.folder.name, outcome.facts
            if selection.covers(name, facts) and (selection.drafts or not facts.draft):
                article_id = outcome.article_id or name
                date = outcome.date or facts.date or dt.date.min
                chosen.append((selection.order(article_id, date), name))
        return [name for _, name in sorted(chosen)]

    def _page_members(self, number: int) -> tuple[str, ...]:
        if not self.per_page:
            return ()
        return tuple(self._members[(number - 1) * self.per_page:number * self.per_page])

    def _make(self, number: int, members: tuple[str, ...], failed: Page | None, begun: float,
              fresh: set[str]) -> None:
        problems: tuple[Problem, ...] = ()
        message, articles = "", 0
        if failed is not None:
            data, problems, message = failed.body, failed.problems, failed.message
        elif number > self.count:
            data = missing_page(number, self.count).encode()
        else:
            try:
                data, articles = self._render(members)
            except Exception as exc:  # shown in the page, as the error boundary would say it
                problems, message = _problems(exc)
                data = problems_page(problems, message, self.start or Path.cwd()).encode()
        made = self._made.get(number)
        generation = self.generation(number) + (made is None or made[1] != data)
        self._made[number] = (members, data)
        read = len(fresh | self.kept.fresh) if failed is None else 0
        parts = with_script(data, self.run, generation, number)
        if failed is None and number <= self.count and self.count > 1:
            parts = with_navigation(parts, number, self.count)
        self.pages[number] = Page(generation, parts, problems, message,
                                  time.perf_counter() - begun, read, articles, number,
                                  self.count)

    def _render(self, members: tuple[str, ...]) -> tuple[bytes, int]:
        """The bulletin (``members``: its articles on this page) as ``bulletin export
        --format html`` writes it, and its articles."""
        config = open_config(self.start)
        request = replace(self.request, ids=members) if members else self.request
        raw = io.BytesIO()  # encoded as it is written: no second copy of a large page
        into = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
        result = Plan(config, request, None, "").render(into, self.kept)
        into.flush()
        return raw.getvalue(), result.articles

    def keep(self) -> None:
        """Keep each article's rendering in ``.bulletin/cache/serve.json`` for the next
        start (best effort: a workspace that cannot be written is only slower)."""
        with self._lock:
            self.kept.save()


def _problems(exc: Exception) -> tuple[tuple[Problem, ...], str]:
    """What stopped the page, as the command line's error boundary would say it."""
    from bulletin.export.templates import template_error

    if not isinstance(exc, BulletinError):
        failed = template_error(exc)  # a workspace template's mistake is no bug of ours
        if failed is None:
            if os.environ.get("BULLETIN_TRACEBACK"):
                traceback.print_exc()
            return (), (f"internal error: {type(exc).__name__}: {exc} (this is a bug in "
                        "bulletin; run it again with BULLETIN_TRACEBACK=1 and report the "
                        "traceback)")
        exc = failed
    if isinstance(exc, WorkspaceInvalid):
        return tuple(exc.problems), exc.message
    return (exc.problem(),), exc.message


def problems_page(problems: tuple[Problem, ...], message: str, root: Path) -> str:
    """A page that says why the bulletin cannot be shown: every problem with its file,
    line and hint, as ``bulletin export`` would print them."""
    items = []
    for problem in problems:
        where = problem.where(root)
        kind = "error" if problem.severity.name == "ERROR" else "warning"
        hint = f"<br>hint: {html.escape(problem.hint)}" if problem.hint else ""
        shown = f"<code>{html.escape(where)}</code>: " if where else ""
        items.append(f"<li>{shown}{kind}: {html.escape(problem.message)}{hint}</li>")
    listed = f"<ul>\n{''.join(items)}\n</ul>\n" if items else ""
    return _serve_page("the bulletin cannot be shown", "<h1>The bulletin cannot be shown</h1>\n"
                       f"<p>{html.escape(message)}</p>\n{listed}<p>Fix what is listed and "
                       "save the file: this page reloads by itself.</p>\n")


def _serve_page(title: str, main: str) -> str:
    """A page of serve's own (not the bulletin): ``main`` under the ``title``."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>bulletin serve: {title}</title>\n</head>\n<body>\n"
            f"<main class=\"serve-problems\">\n{main}</main>\n</body>\n</html>\n")


def with_script(page: bytes, run: str, generation: int, number: int = 1) -> tuple[bytes, ...]:
    """``page`` with the reload script and the review view's stylesheet at the end of its
    head (the first ``</head>``, which no article text can hold: it is escaped; a workspace
    template without one gets them at the end of its body), as the parts to send."""
    css = (BUILTIN / "review.css").read_text(encoding="utf-8")
    added = (f"<style>\n{css}</style>\n"
             + RELOAD_SCRIPT.format(events=EVENTS, number=number, run=run,
                                        generation=generation)).encode()
    for tag in (b"</head>", b"</body>"):
        at = page.find(tag)
        if at >= 0:
            return page[:at], added, page[at:]
    return page, added


def navigation(number: int, count: int) -> str:
    """The links between the pages of a served bulletin: previous, "page K of M", next."""
    def link(to: int, rel: str, text: str) -> str:
        if not 1 <= to <= count:
            return f'<span class="{rel}">{text}</span>'
        return f'<a href="{page_url(to)}" rel="{rel}">{text}</a>'

    return (f'<nav class="serve-pages" aria-label="Pages">{link(number - 1, "prev", "← previous")}'
            f' <span class="at">page {number} of {count}</span> '
            f'{link(number + 1, "next", "next →")}</nav>\n')


def page_url(number: int) -> str:
    return "/" if number == 1 else f"/?page={number}"


def with_navigation(parts: tuple[bytes, ...], number: int, count: int) -> tuple[bytes, ...]:
    """``parts`` with the navigation after the start tag of the body and before its end
    (or at the end of a workspace template's page without them)."""
    nav = navigation(number, count).encode()
    found: list[bytes] = []
    for part in parts:
        body = part.find(b"<body")
        opened = part.find(b">", body) + 1 if body >= 0 else 0
        if opened:
            found += [part[:opened], nav]
            part = part[opened:]
        closing = part.rfind(b"</body>")
        if closing >= 0:
            found += [part[:closing], nav, part[closing:]]
        else:
            found.append(part)
    if not any(b"</body>" in part for part in parts):
        found.append(nav)
    return tuple(found)


def missing_page(number: int, count: int) -> str:
    """The answer to a page the bulletin does not have: which pages it has."""
    return _serve_page(f"no page {number}", f"<h1>No page {number}</h1>\n"
                       f"<p>The bulletin has pages 1 to {count}.</p>\n<p><a href=\"/\">Page "
                       f"1</a> · <a href=\"{page_url(count)}\">page {count}</a></p>\n")
