"""``bulletin serve``: the preview of one bulletin on ``http://127.0.0.1:PORT/``, made again
when a file of the workspace changes and reloaded in the browser by the page itself.

The server is the standard library's (``http.server``, one thread per connection): it
serves one page from memory and one stream of events, so a framework would add start-up
time and nothing else. ``watchfiles`` watches ``articles/`` (and ``templates/``,
``locales/`` and the top-level settings and glossary); each batch of changes refreshes the
``Preview`` (only the changed folders are read again), and if the page changed, every
open page hears ``rebuilt`` on ``/events`` and fetches the new one.
"""

from __future__ import annotations

import errno
import signal
import sys
import threading
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bulletin.config import find_workspace, open_config
from bulletin.errors import BulletinError, Conflict, UsageError
from bulletin.export.preview import EVENTS, Page, Preview, missing_page
from bulletin.export.spec import ExportRequest

HOST = "127.0.0.1"  # never another interface: the preview shows unpublished work
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream (finds closed ones)
TOP_LEVEL = ("bulletin.toml", "glossary.csv")
Tell = Callable[[str], None]


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one ``Preview``: ``publish`` hands it a new page and wakes the
    event streams."""

    daemon_threads = True
    block_on_close = False  # Ctrl-C does not wait for open event streams

    def __init__(self, port: int, preview: Preview) -> None:
        super().__init__((HOST, port), Handler)
        self.preview = preview
        self.changed = threading.Condition()
        self.closing = False

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"

    def publish(self, page: Page) -> None:
        with self.changed:
            self.changed.notify_all()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that drops its connection (a closed tab, a reload, a screenshot taken)
        is no error; anything else is said in one line, never as a traceback."""
        failure = sys.exc_info()[1]
        if isinstance(failure, (ConnectionError, TimeoutError)):
            return
        print(f"warning: a request to the preview failed: {failure!r}", file=sys.stderr)

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        number = _page_number(url.path, query)
        if number is not None:
            self._page(number)
        elif url.path == EVENTS:
            self._events(query)
        else:
            body = b"Not found: bulletin serve shows the bulletin at /\n"
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", body)

    def _page(self, number: int) -> None:
        """Page ``number`` (made now if it was not yet), or a page that names the pages
        there are (not found)."""
        preview = self.server.preview
        page = preview.page_of(number) if number > 0 else None
        if page is None or page.missing:
            body = missing_page(number, preview.count).encode()
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8",
                       *(page.parts if page is not None else (body,)))
            return
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", *page.parts)

    def _send(self, status: HTTPStatus, kind: str, *parts: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(sum(len(part) for part in parts)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        for part in parts:
            self.wfile.write(part)

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-Sent Events: ``rebuilt`` as soon as the page is newer than the one that
        asks (``since``, of the server run ``run``), then once per new page."""
        preview = self.server.preview
        since = query.get("since", ["0"])[0]
        seen = int(since) if since.isdigit() else 0
        asked = query.get("page", ["1"])[0]
        number = int(asked) if asked.isdigit() else 1
        if query.get("run", [preview.run])[0] != preview.run:
            seen = -1  # a page of an earlier run of the server: always older
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        changed = self.server.changed
        try:
            self.wfile.write(b": bulletin serve\n\n")
            self.wfile.flush()
            while True:
                with changed:
                    changed.wait_for(partial(self._news, number, seen), KEEP_ALIVE)
                    if self.server.closing:
                        return
                    generation = preview.generation(number)
                if generation > seen:
                    seen = generation
                    self.wfile.write(f"event: rebuilt\ndata: {generation}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page went away (reloaded, closed)

    def _news(self, number: int, seen: int) -> bool:
        return self.server.closing or self.server.preview.generation(number) > seen

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - its name
        return  # one line per request would drown what the terminal says about rebuilds


def serve(request: ExportRequest, *, port: int = 8000, review: bool = True,
          per_page: int, start: Path | None = None, tell: Tell = print,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the bulletin of ``request`` until Ctrl-C (which stops it quietly). ``tell``
    hears one line per page made; ``ready`` the URL as soon as the port is taken, before
    the first page is made (a browser that connects meanwhile waits for it). ``per_page``:
    at most that many articles on a page (0: all on one)."""
    if not 0 <= port <= 65535:
        raise UsageError(f"port {port} does not exist", hint="use 1024-65535, e.g. --port 8000")
    if per_page < 0:
        raise UsageError(f"--per-page {per_page} is no number of articles",
                         hint="use 1 or more, or 0 for every article on one page")
    root = find_workspace(start)
    preview = Preview(request, root, review=review, per_page=per_page)
    _check_options(preview, root)
    server = _bind(port, preview)
    (ready or tell)(server.url)
    stop = threading.Event()
    stopping = None
    try:
        # The first page (with it, what choosing every article needs) is made while this
        # process has no other thread, so that it may fork worker processes safely; from
        # then on threads run (the watcher, one per connection), so every later page is
        # made here alone (it reads only what changed, or what that page holds).
        tell(_told(preview.refresh(), root))
        preview.kept.max_workers = 1
        threading.Thread(target=_watch, args=(root, preview, server, stop, tell),
                         name="bulletin-watch", daemon=True).start()
        threading.Thread(target=preview.keep, name="bulletin-keep", daemon=True).start()
        stopping = _stop_on_terminate()
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.close()
        preview.keep()
        if stopping is not None:
            signal.signal(signal.SIGTERM, stopping)


def _stop_on_terminate() -> Any:
    """Stop on SIGTERM (a process manager's, ``kill``) as on Ctrl-C: quietly, keeping the
    renderings. The handler it replaces is returned, to be put back; None off the main
    thread (where no handler can be set). Set only once no more worker processes will be
    forked (they would inherit it)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrupt)


def _check_options(preview: Preview, root: Path) -> None:
    """Refuse at once an option no page could be made with (a layout the workspace has no
    language for, say); a problem of the workspace itself is shown in the page instead,
    where its fix can be seen."""
    from bulletin.export.pipeline import settings_for

    try:
        config = open_config(root)
    except BulletinError:
        return
    settings_for(config, preview.request)


def _bind(port: int, preview: Preview) -> PreviewServer:
    try:
        return PreviewServer(port, preview)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise Conflict(f"port {port} of {HOST} is already in use (another bulletin serve, "
                           "or another program)",
                           hint=f"stop that program, or choose another port: --port "
                           f"{port + 1 if port < 65535 else 8000}") from None
        if exc.errno == errno.EACCES:
            raise UsageError(f"port {port} of {HOST} may not be used by this user",
                             hint="choose a port above 1023, e.g. --port 8000") from None
        raise


def _watch(root: Path, preview: Preview, server: PreviewServer, stop: threading.Event,
           tell: Tell) -> None:
    """Refresh the page after each batch of changes, until ``stop``: ``articles/``,
    ``templates/`` and ``locales/`` (those there when the server started) all through,
    the workspace's own folder for its settings and glossary alone."""
    top = threading.Thread(target=_watch_paths, name="bulletin-watch-top", daemon=True,
                           args=([root], False, preview, server, stop, tell))
    top.start()
    folders = [root / name for name in ("articles", "templates", "locales")
               if (root / name).is_dir()]
    if folders:
        _watch_paths(folders, True, preview, server, stop, tell)
    top.join()


def _watch_paths(paths: list[Path], recursive: bool, preview: Preview, server: PreviewServer,
                 stop: threading.Event, tell: Tell) -> None:
    """One watcher; the page's generation goes up (and the pages reload) only if the
    bulletin changed."""
    import watchfiles

    ignored = watchfiles.DefaultFilter()  # editors' swap and backup files, .git, …

    def relevant(change: watchfiles.Change, path: str) -> bool:
        return ignored(change, path) and (recursive or Path(path).name in TOP_LEVEL)

    caught_up = not recursive
    # A batch every second, empty if nothing changed: the first says the watch is set up,
    # and the page is then brought up to date with what was saved while the first page was
    # made (the folders' stamps tell which); later empty ones are skipped.
    for changes in watchfiles.watch(*paths, watch_filter=relevant, recursive=recursive,
                                    stop_event=stop, step=20, rust_timeout=1000,
                                    yield_on_timeout=True, raise_interrupt=False):
        if changes or not caught_up:
            caught_up = True
            _refresh(preview, server, tell)


def _refresh(preview: Preview, server: PreviewServer, tell: Tell) -> None:
    before = {number: page.generation for number, page in dict(preview.pages).items()}
    preview.refresh()
    changed = [page for number, page in sorted(dict(preview.pages).items())
               if page.generation != before.get(number)]
    for page in changed:
        tell(_told(page, preview.start))
    if changed:
        server.publish(changed[0])


def _page_number(path: str, query: dict[str, list[str]]) -> int | None:
    """Which page of the bulletin a path asks for (``/``, ``/?page=K``, ``/page/K``; 0: a
    number that is none), or None: not a page."""
    if path in ("/", "/index.html"):
        asked = query.get("page", ["1"])[0]
    elif path.startswith("/page/"):
        asked = path.removeprefix("/page/").rstrip("/")
    else:
        return None
    return int(asked) if asked.isdigit() and len(asked) < 9 else 0


def _told(page: Page, root: Path | None) -> str:
    """One line for the terminal about a page just made."""
    if not page.ok:
        lines = [f"cannot show the bulletin: {page.message}"]
        lines += [f"  {problem.render(root)}" for problem in page.problems[:10]]
        if len(page.problems) > 10:
            lines.append(f"  … and {len(page.problems) - 10} more (in the page)")
        return "\n".join(lines)
    if page.missing:
        return f"page {page.number} of {page.count}: no longer there"
    return (f"page {page.number} of {page.count} (generation {page.generation}): "
            f"{page.articles} article(s), made in {page.seconds:.2f} s ({page.read} folder(s) "
            "read)")
