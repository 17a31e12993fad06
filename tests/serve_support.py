"""A real ``bulletin serve`` in a child process, and a real headless Chromium watched over the
DevTools protocol, for tests/test_serve.py.

How a live page is watched offline: Chromium is started with ``--remote-debugging-port=0``
and says on its standard error where its DevTools endpoint listens (``ws://127.0.0.1:…``);
``/json/list`` on that port names the page it opened, and a websocket to the page
(``websocket-client``) sends ``Runtime.evaluate`` to read ``document.body.innerText`` and
the page's navigation entry. Reading never navigates: only the page's own script can
reload it.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import REPO, require_tool

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _answer_ctrl_c() -> None:
    """In the child: Ctrl-C as a terminal's would be, even when this test run was started
    in the background (which ignores SIGINT, and a child would inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Served:
    """``bulletin serve ARGS`` run from ``root`` on a free port; its output lines are
    collected as they come."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bulletin", "serve", "--port", "0", *args], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            preexec_fn=_answer_ctrl_c)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.errors: list[str] = []
        threading.Thread(target=self._read, args=(self.process.stdout, self.lines.put),
                         daemon=True).start()
        threading.Thread(target=self._read, args=(self.process.stderr, self.errors.append),
                         daemon=True).start()
        found = self.wait_for(lambda line: "serving http://" in line, 60)
        address = re.search(r"http://127\.0\.0\.1:(\d+)/", found)
        assert address, found
        self.port = int(address.group(1))
        self.url = f"http://127.0.0.1:{self.port}/"

    @staticmethod
    def _read(stream: Any, put: Callable[[str], None]) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def wait_for(self, wanted: Callable[[str], bool], timeout: float = 30) -> str:
        """The next line of standard output that ``wanted`` takes (earlier ones are kept
        in ``seen``)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError(f"bulletin serve did not say it; it said {self.seen!r}, "
                             f"on stderr {self.errors!r}")

    def get(self, path: str = "/") -> str:
        with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=30) as answer:
            return str(answer.read().decode("utf-8"))

    def wait_page(self, wanted: Callable[[str], bool], timeout: float = 30) -> str:
        """The served page, once ``wanted`` takes it."""
        end = time.monotonic() + timeout
        page = ""
        while time.monotonic() < end:
            page = self.get()
            if wanted(page):
                return page
            time.sleep(0.1)
        raise AssertionError(f"the page never changed as expected; it ends {page[-2000:]!r}")

    def interrupt(self, sent: int = signal.SIGINT) -> int:
        """Ctrl-C, as a terminal sends it (or another signal); the exit code."""
        self.process.send_signal(sent)
        return self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


class Browser:
    """Headless Chromium on one page, read over the DevTools protocol."""

    def __init__(self, url: str, profile: Path) -> None:
        require_tool("chromium", CHROMIUM is not None,
                     "Debian's chromium package shows the served page (apt-get install "
                     "chromium)")
        self.process = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--remote-debugging-port=0", "--remote-allow-origins=*",
             f"--user-data-dir={profile}", url],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        endpoint = None
        assert self.process.stderr is not None
        for line in self.process.stderr:
            endpoint = re.search(r"ws://127\.0\.0\.1:(\d+)/", line)
            if endpoint:
                break
        assert endpoint, "Chromium did not open its DevTools endpoint"
        threading.Thread(target=self.process.stderr.read, daemon=True).start()
        self.socket = self._page_socket(int(endpoint.group(1)), url)
        self.calls = 0

    @staticmethod
    def _page_socket(port: int, url: str) -> Any:
        import websocket

        end = time.monotonic() + 30
        while time.monotonic() < end:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list",
                                        timeout=10) as answer:
                targets = json.load(answer)
            pages = [t for t in targets if t.get("type") == "page"
                     and t.get("url", "").startswith(url)]
            if pages:
                return websocket.create_connection(pages[0]["webSocketDebuggerUrl"],
                                                   timeout=30, suppress_origin=True)
            time.sleep(0.1)
        raise AssertionError(f"Chromium never opened {url}")

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` in the page (its own state: nothing is navigated)."""
        self.calls += 1
        call = self.calls
        self.socket.send(json.dumps({"id": call, "method": "Runtime.evaluate", "params": {
            "expression": expression, "returnByValue": True}}))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == call:
                result = answer.get("result", {}).get("result", {})
                return result.get("value")

    def text(self) -> str:
        return str(self.evaluate("document.body ? document.body.innerText : ''") or "")

    def wait_text(self, wanted: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        text = ""
        while time.monotonic() < end:
            text = self.text()
            if wanted in text:
                return text
            time.sleep(0.05)
        raise AssertionError(f"{wanted!r} never showed in Chromium; it shows {text[:500]!r}")

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.kill()
            self.process.wait(timeout=30)
