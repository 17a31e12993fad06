"""Time ``bulletin serve`` on a generated corpus: issue 10, item 3.

    python bench/serve_bench.py [--articles 1000] [--starts 3] [--repeat 5] [--browser]
                                [--per-page N] [--json]

Generates a corpus (``corpus.py``) in a temporary folder, then measures, with the server's
default ``--per-page`` unless ``--per-page`` is given:

- the first page, cold: from spawning ``bulletin serve --port 0`` (``.bulletin/`` deleted,
  nothing kept) to the whole HTTP 200 answer of ``/`` (page 1), which must hold the
  Bulgarian and English titles of the bulletin's first article; the request is sent as
  soon as the server prints its URL (it is then listening, and answers once page 1 is
  made);
- the first page after a restart: the same, with ``.bulletin/cache/serve.json`` as the
  previous server left it when stopped with Ctrl-C;
- the same with ``--no-review`` (no QA, no marks), to show what the review view costs;
- the reference, in the same run: a cold ``bulletin export`` of the same workspace;
- a reload: with the server running and an event stream open as page 1's script opens it
  (``/events?page=1&run=…&since=…``), one article of page 1 has its ``bg.md`` saved with a
  new title (a new file renamed over the old one, as editors save); timed from just before
  that rename to the ``rebuilt`` event, and to the new page fetched whole and found to hold
  the new title: the two steps the page's script takes. Chromium's own parsing and drawing
  of the page is not in the figure.

With ``--browser``, the last round also times a save of an article of page 1 to the new
title in the DOM of a headless Chromium showing page 1 (the server's part, then the
browser's fetching, parsing and laying out of the page).

It asserts nothing: a yardstick, not a test. Each figure is the best of its runs, with the
median beside it (a shared machine is noisy: compare ratios taken in one run).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import measure  # noqa: E402

from bulletin.cli.serving import PER_PAGE  # noqa: E402  (the command's own default)

FIRST_PAGE_TARGET = 1.5  # seconds, from start to the first full page
RELOAD_TARGET = 0.3  # seconds, from saving an article to the new page (fetched, in Chromium)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bulletin_script() -> Path:
    found = Path(sys.executable).parent / "bulletin"
    if not found.exists():
        raise SystemExit(f"no {found}: run this with the venv's python (pip install -e .)")
    return found


def in_order(workspace: Path) -> list[str]:
    """The articles in bulletin order (by date, then id)."""
    from bulletin.content.frontmatter import split

    return [name for _, name in sorted(
        (str(split((f / "bg.md").read_text(encoding="utf-8"), f / "bg.md").meta["date"]),
         f.name) for f in (workspace / "articles").iterdir())]


def first_titles(workspace: Path) -> tuple[str, str]:
    """The Bulgarian and English titles of the article the bulletin shows first."""
    from bulletin.content.frontmatter import split

    def title(path: Path) -> str:
        return str(split(path.read_text(encoding="utf-8"), path).meta["title"])

    folder = workspace / "articles" / in_order(workspace)[0]
    return title(folder / "bg.md"), title(folder / "en.md")


class Server:
    """``bulletin serve --port 0 [EXTRA]`` in ``workspace``; ``started``: the moment of
    spawn."""

    def __init__(self, bulletin: Path, workspace: Path, *extra: str) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen([str(bulletin), "serve", "--port", "0", *extra],
                                        cwd=workspace,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not found:
            raise SystemExit(f"bulletin serve did not start: {line!r} "
                             f"{self.process.stderr.read() if self.process.stderr else ''}")
        self.port = int(found.group(1))

    def get(self, path: str = "/") -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request("GET", path)
            answer = connection.getresponse()
            body = answer.read()
            if answer.status != 200:
                raise SystemExit(f"GET {path}: HTTP {answer.status}")
            return body
        finally:
            connection.close()

    def stop(self) -> None:
        """Ctrl-C, as a terminal sends it (the server keeps what it rendered)."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def first_page(bulletin: Path, workspace: Path, titles: tuple[str, str], *extra: str
               ) -> tuple[float, Server]:
    """Seconds from spawn to the whole first page; the server, still running."""
    server = Server(bulletin, workspace, *extra)
    body = server.get()
    seconds = time.perf_counter() - server.started
    for title in titles:
        if title.encode() not in body:
            server.stop()
            raise SystemExit(f"page 1 lacks the first article's title {title!r}")
    return seconds, server


def reload_once(server: Server, workspace: Path, article: str, new_title: str
                ) -> tuple[float, float]:
    """Save ``article`` with ``new_title``; seconds to the ``rebuilt`` event and to the new
    page fetched, as the page's script does."""
    page = server.get().decode("utf-8")
    script = re.search(r"page=1&run=(\w+)&since=(\d+)", page)
    assert script, "the served page has no reload script"
    events = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    events.request("GET", f"/events?page=1&run={script.group(1)}&since={script.group(2)}")
    stream = events.getresponse()
    assert stream.readline().startswith(b": bulletin serve")  # the stream is open
    source = workspace / "articles" / article / "bg.md"
    text = re.sub(r"^title: .*$", f"title: {new_title}", source.read_text(encoding="utf-8"),
                  count=1, flags=re.M)
    saved = source.with_name(".bg.md.saving")
    saved.write_text(text, encoding="utf-8")
    begun = time.perf_counter()
    saved.replace(source)
    while not stream.readline().startswith(b"event: rebuilt"):
        pass
    heard = time.perf_counter() - begun
    body = server.get()
    fetched = time.perf_counter() - begun
    events.close()
    if new_title.encode() not in body:
        raise SystemExit(f"the reloaded page lacks the new title {new_title!r}")
    return heard, fetched


def in_browser(server: Server, workspace: Path, articles: list[str], times: int,
               profile: Path) -> list[float]:
    """Seconds from saving an article to its new title in the DOM of a headless Chromium
    that shows the page (read over the DevTools protocol, as tests/test_serve.py does):
    the server's part and the browser's fetching, parsing and laying out of the page."""
    sys.path.insert(0, str(BENCH.parent / "tests"))
    from serve_support import Browser  # the tests' own DevTools client

    browser = Browser(f"http://127.0.0.1:{server.port}/", profile)
    found: list[float] = []
    try:
        browser.wait_text(first_titles(workspace)[0], timeout=120)
        for n in range(times):
            title = f"Заглавие в браузъра {n}"
            source = workspace / "articles" / articles[(n * 7919 + 13) % len(articles)] / "bg.md"
            text = re.sub(r"^title: .*$", f"title: {title}",
                          source.read_text(encoding="utf-8"), count=1, flags=re.M)
            saved = source.with_name(".bg.md.saving")
            saved.write_text(text, encoding="utf-8")
            begun = time.perf_counter()
            saved.replace(source)
            while not browser.evaluate(f"document.body !== null && "
                                       f"document.body.innerText.includes({title!r})"):
                if time.perf_counter() - begun > 60:
                    raise SystemExit(f"Chromium never showed {title!r}")
                time.sleep(0.005)
            found.append(time.perf_counter() - begun)
            time.sleep(0.5)
    finally:
        browser.close()
    return found


def benchmark(args: argparse.Namespace) -> dict[str, object]:
    bulletin = bulletin_script()
    folder = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    try:
        workspace = folder / "ws"
        _say(f"generating a corpus of {args.articles} articles…")
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), str(args.articles),
                        str(workspace)], check=True, capture_output=True)
        titles = first_titles(workspace)
        exports, colds, plain, restarts, heard, fetched = [], [], [], [], [], []
        shown: list[float] = []
        paging = ("--per-page", str(args.per_page)) if args.per_page is not None else ()
        per_page = PER_PAGE if args.per_page is None else args.per_page  # the CLI's default
        # the articles of page 1 but its first, whose titles tell that page 1 was served
        articles = in_order(workspace)[1:per_page or None]
        for start in range(args.starts):
            _say(f"round {start + 1}: cold export, cold starts, restart, reloads…")
            shutil.rmtree(workspace / ".bulletin", ignore_errors=True)
            exports.append(measure.checked([str(bulletin), "export", "-o",
                                            str(folder / "export.html")], workspace).seconds)
            shutil.rmtree(workspace / ".bulletin", ignore_errors=True)
            seconds, server = first_page(bulletin, workspace, titles, "--no-review", *paging)
            plain.append(seconds)
            server.stop()
            shutil.rmtree(workspace / ".bulletin", ignore_errors=True)
            seconds, server = first_page(bulletin, workspace, titles, *paging)
            colds.append(seconds)
            server.stop()
            seconds, server = first_page(bulletin, workspace, titles, *paging)
            restarts.append(seconds)
            try:
                for n in range(args.repeat):
                    article = articles[(start * args.repeat + n) * 7919 % len(articles)]
                    one, two = reload_once(server, workspace, article,
                                           f"Ново заглавие {start}-{n} за прегледа")
                    heard.append(one)
                    fetched.append(two)
                if args.browser and start == args.starts - 1:
                    if shutil.which("chromium") is None:
                        _say("no chromium: the browser figure is left out")
                    else:
                        shown += in_browser(server, workspace, articles, args.repeat,
                                            folder / "profile")
            finally:
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"articles": args.articles, "per_page": per_page, "export_cold": exports,
            "first_page_cold": colds, "first_page_cold_no_review": plain,
            "first_page_restart": restarts, "reload_event": heard, "reload_page": fetched,
            "reload_in_chromium": shown,
            "load": os.getloadavg()}


def table(figures: dict[str, object]) -> str:
    def row(name: str, runs: object, target: float | None, reference: float | None) -> str:
        assert isinstance(runs, list)
        best, median = min(runs), statistics.median(runs)
        ratio = f"{best / reference:.2f}x" if reference else "—"
        met = ("yes" if best <= target else "NO") if target else "—"
        aim = f"<= {target} s" if target else "—"
        return (f"{name:<44}  {best:7.3f} s  {median:7.3f} s  {ratio:>12}  {aim:>9}  {met}")

    exports = figures["export_cold"]
    assert isinstance(exports, list)
    reference = min(exports)
    n = figures["articles"]
    shown = (f"{figures['per_page']} article(s) a page" if figures["per_page"]
             else "every article on one page")
    lines = [f"{'figure':<44}  {'best':>9}  {'median':>9}  {'vs export':>12}  "
             f"{'target':>9}  met", "-" * 100,
             row(f"bulletin export, {n} articles, cold", exports, None, None),
             f"serve shows {shown}; the first page is page 1",
             row(f"serve: first page, {n} articles, cold", figures["first_page_cold"],
                 FIRST_PAGE_TARGET, reference),
             row(f"serve --no-review: first page, {n}, cold",
                 figures["first_page_cold_no_review"], FIRST_PAGE_TARGET, reference),
             row(f"serve: first page, {n} articles, restart", figures["first_page_restart"],
                 FIRST_PAGE_TARGET, reference),
             row("serve: save -> rebuilt event", figures["reload_event"], None, None),
             row("serve: save -> new page fetched", figures["reload_page"], RELOAD_TARGET,
                 None),
             *([row("serve: save -> new title in Chromium's DOM", figures["reload_in_chromium"],
                    RELOAD_TARGET, None)] if figures["reload_in_chromium"] else []),
             f"load average at the end: {figures['load']}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (1000)")
    parser.add_argument("--starts", type=int, default=3,
                        help="rounds of cold export, cold start and restart (3)")
    parser.add_argument("--repeat", type=int, default=5, help="reloads per round (5)")
    parser.add_argument("--browser", action="store_true",
                        help="also time a save to the new title in headless Chromium's page "
                        "(needs chromium and the test extra)")
    parser.add_argument("--per-page", type=int, default=None, metavar="N",
                        help="serve --per-page N (default: the command's own; 0: one page)")
    parser.add_argument("--json", action="store_true", help="print the runs as JSON")
    args = parser.parse_args(argv)
    # a bench started in the background ignores SIGINT, and so would each server it starts
    # (an ignored signal is inherited): Ctrl-C must reach them as a terminal's does
    signal.signal(signal.SIGINT, signal.default_int_handler)
    figures = benchmark(args)
    print(json.dumps(figures, indent=1) if args.json else table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
