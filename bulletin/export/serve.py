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

from bulletin.errors import Conflict, UsageError
from bulletin.export.preview import EVENTS, Page, Preview
from bulletin.export.request import ExportRequest

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
        if url.path in ("/", "/index.html"):
            self._page(self.server.preview.page)
        elif url.path == EVENTS:
            self._events(parse_qs(url.query))
        else:
            body = b"Not found: bulletin serve shows the bulletin at /\n"
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", body)

    def _page(self, page: Page) -> None:
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
                    changed.wait_for(partial(self._news, seen), KEEP_ALIVE)
                    if self.server.closing:
                        return
                    generation = preview.page.generation
                if generation > seen:
                    seen = generation
                    self.wfile.write(f"event: rebuilt\ndata: {generation}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page went away (reloaded, closed)

    def _news(self, seen: int) -> bool:
        return self.server.closing or self.server.preview.page.generation > seen

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - its name
        return  # one line per request would drown what the terminal says about rebuilds


def serve(request: ExportRequest, *, port: int = 8000, review: bool = True,
          start: Path | None = None, tell: Tell = print,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve the bulletin of ``request`` until Ctrl-C (which stops it quietly). ``tell``
    hears one line per page made; ``ready`` the URL as soon as the port is taken, before
    the first page is made (a browser that connects meanwhile waits for it)."""
    from bulletin.config import find_workspace

    if not 0 <= port <= 65535:
        raise UsageError(f"port {port} does not exist", hint="use 1024-65535, e.g. --port 8000")
    root = find_workspace(start)
    preview = Preview(request, root, review=review)
    _check_options(preview, root)
    server = _bind(port, preview)
    (ready or tell)(server.url)
    stop = threading.Event()
    stopping = None
    try:
        # The first page, the one rendering of every article, is made while this process
        # has no other thread, so that it may fork worker processes safely; from then on
        # threads run (the watcher, one per connection), so every later page is made here
        # alone (it reads only what changed).
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
    from bulletin.config import open_config
    from bulletin.errors import BulletinError
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
    before = preview.page.generation
    page = preview.refresh()
    if page.generation != before:
        server.publish(page)
        tell(_told(page, preview.start))


def _told(page: Page, root: Path | None) -> str:
    """One line for the terminal about a page just made."""
    if not page.ok:
        lines = [f"cannot show the bulletin: {page.message}"]
        lines += [f"  {problem.render(root)}" for problem in page.problems[:10]]
        if len(page.problems) > 10:
            lines.append(f"  … and {len(page.problems) - 10} more (in the page)")
        return "\n".join(lines)
    return (f"page {page.generation}: {page.articles} article(s), made in "
            f"{page.seconds:.2f} s ({page.read} folder(s) read)")
