"""The page that ``bulletin serve`` shows: the bulletin as ``export`` renders it to HTML (the
one pipeline, ``Plan.render``), with the review view on, made again whenever asked
(``Preview.refresh``), reading again only the article folders that changed (``kept.Kept``,
which also keeps them on disk for the next start). A workspace that cannot be exported
gives a page that lists its problems instead, and the next refresh recovers. Every page
served gets a small script that reloads it when a newer one is ready (``/events``,
Server-Sent Events) and the review view's stylesheet: neither is ever part of an export.
"""

from __future__ import annotations

import html
import io
import os
import secrets
import threading
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

from bulletin.errors import BulletinError, Problem, WorkspaceInvalid
from bulletin.export.kept import Kept
from bulletin.export.request import ExportRequest, Plan
from bulletin.export.templates import BUILTIN

EVENTS = "/events"
# Reloads the page once the server has a newer one than this page's generation (or is a
# new run of the server); EventSource reconnects by itself if the server goes away.
RELOAD_SCRIPT = """<script data-bulletin-serve>
new EventSource("{events}?run={run}&since={generation}")
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

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)

    @property
    def ok(self) -> bool:
        return not self.message


class Preview:
    """The bulletin of ``request`` in the workspace at or above ``start``, as HTML with the
    review view (unless ``review`` is false), kept between refreshes."""

    def __init__(self, request: ExportRequest, start: Path | None = None, *,
                 review: bool = True) -> None:
        self.request = replace(request, format="html", review=review)
        self.start = start
        self.run = secrets.token_hex(4)  # tells a page of an earlier server run to reload
        self.kept = Kept()
        self.page = Page(0, ())
        self._data = b""  # the page as rendered, before the script went in
        self._lock = threading.Lock()

    def refresh(self) -> Page:
        """Make the page again from the workspace as it is now; the generation goes up only
        if the page changed. Never raises for a problem of the workspace (nor for a bug,
        which would stop every later refresh): the page then lists the problems."""
        with self._lock:
            begun = time.perf_counter()
            problems: tuple[Problem, ...] = ()
            message, articles = "", 0
            try:
                data, articles = self._render()
            except Exception as exc:  # shown in the page, as the error boundary would say it
                problems, message = _problems(exc)
                data = problems_page(problems, message, self.start or Path.cwd()).encode()
            generation = self.page.generation + (data != self._data)
            self._data = data
            self.page = Page(generation, with_script(data, self.run, generation), problems,
                             message, time.perf_counter() - begun, self.kept.read, articles)
            return self.page

    def _render(self) -> tuple[bytes, int]:
        """The bulletin as ``bulletin export --format html`` writes it, and its articles."""
        from bulletin.config import open_config

        config = open_config(self.start)
        raw = io.BytesIO()  # encoded as it is written: no second copy of a large page
        into = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
        result = Plan(config, self.request, None, "").render(into, self.kept)
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
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>bulletin serve: the bulletin cannot be shown</title>\n</head>\n"
            "<body>\n<main class=\"serve-problems\">\n"
            "<h1>The bulletin cannot be shown</h1>\n"
            f"<p>{html.escape(message)}</p>\n{listed}"
            "<p>Fix what is listed and save the file: this page reloads by itself.</p>\n"
            "</main>\n</body>\n</html>\n")


def with_script(page: bytes, run: str, generation: int) -> tuple[bytes, ...]:
    """``page`` with the reload script and the review view's stylesheet at the end of its
    head (the first ``</head>``, which no article text can hold: it is escaped; a workspace
    template without one gets them at the end of its body), as the parts to send."""
    added = (f"<style>\n{_review_css()}</style>\n"
             + RELOAD_SCRIPT.format(events=EVENTS, run=run, generation=generation)).encode()
    for tag in (b"</head>", b"</body>"):
        at = page.find(tag)
        if at >= 0:
            return page[:at], added, page[at:]
    return page, added


def _review_css() -> str:
    return (BUILTIN / "review.css").read_text(encoding="utf-8")
