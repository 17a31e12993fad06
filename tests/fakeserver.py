"""A real translation service on 127.0.0.1 for tests and benchmarks, with faults on demand.

It speaks, over real HTTP (a stdlib ``ThreadingHTTPServer`` in a daemon thread):

- LibreTranslate: ``POST /translate`` (JSON or form: ``q`` text or list, ``source``,
  ``target``, ``format``, ``api_key``) -> ``{"translatedText": text or list}``; ``GET /languages``;
- DeepL v2: ``POST /v2/translate`` (``Authorization: DeepL-Auth-Key KEY``, JSON ``text`` list,
  ``source_lang``, ``target_lang``, ``glossary_id``, ``tag_handling``, ``formality``),
  ``GET/POST /v2/glossaries``, ``GET /v2/glossary-language-pairs``; 403 on a bad key;
- the endpoints deep-translator's clients call: Google's ``GET /m?sl=&tl=&q=`` (an HTML page with
  ``<div class="result-container">``), MyMemory's ``GET /get?q=&langpair=bg-BG|en-GB``,
  Microsoft's ``POST /translate?api-version=3.0&from=&to=`` + ``GET /languages``, Yandex's
  ``POST /api/v1.5/tr.json/translate`` and Baidu's ``POST /api/trans/vip/translate``.

Its "translation" is deterministic and looks English: Cyrillic letters are transliterated to Latin
(:func:`fake_translate`), everything else (digits, punctuation, placeholders, URLs, Markdown) is
left as it was. A DeepL glossary is applied before transliterating, so glossary use is visible.

Use it through the ``fake_service`` fixture: import ``fake_service_fixture`` into a test module
(``tests/`` is on ``sys.path`` under pytest), then ask for ``fake_service``::

    from fakeserver import FakeService, fake_service_fixture, fake_translate  # noqa: F401

    def test_something(fake_service):
        fake_service.latency = 0.05                      # seconds added to every request
        fake_service.faults.add("429", retry_after=2)    # the next request gets 429 + Retry-After
        fake_service.faults.add("reset", times=2, path="/translate")
        fake_service.faults.add("400", body={"error": "..."})  # an error with these words
        fake_service.faults.random(0.2, seed=7)          # or: 20% of requests fail at random
        ...  # point a provider at fake_service.url
        assert fake_service.requests[0].json["q"] == [...]
        assert fake_service.max_in_flight <= 4

Fault kinds: ``429`` (with ``Retry-After``), ``400``, ``500``, ``403``, ``456`` (DeepL: quota)
(each with a JSON error body of its own, or the ``body`` given to ``add``), ``slow``
(answers after ``slow_seconds``, longer than a client's timeout), ``reset`` (closes the socket
without answering), ``malformed`` (a 200 whose body is not valid JSON/HTML), ``wrong-count`` (one
result fewer than texts sent). Outside pytest: ``with FakeService() as service: ...``.
"""

from __future__ import annotations

import html
import json
import random
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

FAULT_KINDS = ("429", "400", "500", "403", "456", "slow", "reset", "malformed", "wrong-count")

_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht", "ъ": "a",
    "ь": "y", "ю": "yu", "я": "ya", "ы": "y", "э": "e", "ё": "yo", "ѝ": "i",
}


_TABLE = str.maketrans({**_LATIN, **{k.upper(): v[:1].upper() + v[1:] for k, v in _LATIN.items()}})


# Like a newsroom's translator, the service writes names as the Transliteration Act does:
# -ия at the end of a word is -ia (София -> Sofia), and the country is Bulgaria.
_ACT = re.compile(r"(?<=[а-яА-Я])(ия|ИЯ|иЯ|Ия)(?![а-яА-Я])|(?<![а-яА-Я])(България)(?![а-яА-Я])")


def fake_translate(text: str, glossary: dict[str, str] | None = None) -> str:
    """The server's deterministic "translation": glossary terms first, then Cyrillic -> Latin
    (the names as the Transliteration Act writes them)."""
    for term, rendering in sorted((glossary or {}).items(), key=lambda kv: -len(kv[0])):
        text = text.replace(term, rendering)
    text = _ACT.sub(lambda m: "Bulgaria" if m[2] else {"ия": "ia", "ИЯ": "IA"}.get(m[1], "Ia"),
                    text)
    return text.translate(_TABLE)


@dataclass
class Received:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Scheduled:
    kind: str
    times: int
    path: str | None
    retry_after: float | None
    body: Any = None


class Faults:
    """Faults to inject: scheduled ones (by count, in order) and a seeded random rate."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[_Scheduled] = deque()
        self._rate = 0.0
        self._rng = random.Random(0)
        self._kinds: tuple[str, ...] = ()
        self.retry_after: float | None = 1
        self.injected: list[str] = []

    def add(self, kind: str, *, times: int = 1, path: str | None = None,
            retry_after: float | None = 1, body: Any = None) -> None:
        """The next ``times`` requests (to ``path``, when given) get fault ``kind``; an error
        status answers with ``body`` (JSON) when it is given."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(FAULT_KINDS)}")
        with self._lock:
            self._queue.append(_Scheduled(kind, times, path, retry_after, body))

    def random(self, rate: float, *, seed: int = 0,
               kinds: tuple[str, ...] = ("429", "500", "reset", "malformed"),
               retry_after: float | None = 0) -> None:
        """Each request fails with probability ``rate``, with a kind drawn from ``kinds``."""
        with self._lock:
            self._rate, self._rng, self._kinds = rate, random.Random(seed), kinds
            self.retry_after = retry_after

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()
            self._rate = 0.0

    def take(self, path: str) -> tuple[str, float | None, Any] | None:
        with self._lock:
            for item in self._queue:
                if item.path is None or item.path == path:
                    item.times -= 1
                    if item.times <= 0:
                        self._queue.remove(item)
                    self.injected.append(item.kind)
                    return item.kind, item.retry_after, item.body
            if self._rate and self._rng.random() < self._rate:
                kind = self._rng.choice(self._kinds)
                self.injected.append(kind)
                return kind, self.retry_after, None
        return None


class FakeService:
    """The server and what it has seen; ``url`` is its base address (no trailing slash)."""

    def __init__(self, *, deepl_keys: tuple[str, ...] = ("good-key:fx", "good-key"),
                 libre_key: str | None = None, other_keys: tuple[str, ...] = ("good-key",)
                 ) -> None:
        self.latency = 0.0
        self.slow_seconds = 3.0
        self.faults = Faults()
        self.requests: list[Received] = []
        self.deepl_keys = set(deepl_keys)
        self.libre_key = libre_key  # None: LibreTranslate needs no key
        self.other_keys = set(other_keys)  # Microsoft, Yandex, Baidu
        self.glossaries: dict[str, dict[str, Any]] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.05})
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"

    def start(self) -> FakeService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def _enter(self, received: Received) -> None:
        with self._lock:
            self.requests.append(received)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


@pytest.fixture(name="fake_service")
def fake_service_fixture() -> Iterator[FakeService]:
    """A started :class:`FakeService`; stopped after the test."""
    with FakeService() as service:
        yield service


fake_service = fake_service_fixture  # the same fixture, for ``from fakeserver import fake_service``


class _Reply(Exception):
    """Raised inside a handler to answer with an error status and JSON body."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


def _handler_for(service: FakeService) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        pass

    Handler.service = service
    return Handler


class _Handler(BaseHTTPRequestHandler):
    service: FakeService
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # As real servers do: without it, headers and body in two writes wait ~40 ms for the
        # client's delayed ACK on every kept-alive connection (Nagle's algorithm).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep test output clean

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def _handle(self, method: str) -> None:
        service = self.service
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        received = Received(method, parts.path, parse_qs(parts.query),
                            {k: v for k, v in self.headers.items()}, body)
        ctype = self.headers.get("Content-Type", "")
        if body and "json" in ctype:
            try:
                received.json = json.loads(body.decode("utf-8"))
            except ValueError:
                received.json = None
        elif body:
            received.form = parse_qs(body.decode("utf-8"))
        service._enter(received)
        try:
            if service.latency:
                time.sleep(service.latency)
            fault = service.faults.take(parts.path)
            if fault and self._fault(*fault):
                return
            status, payload, ctype_out = self._route(method, parts.path, received)
            if fault and fault[0] == "wrong-count":
                payload = _drop_one(payload)
            self._send(status, payload, ctype_out)
        except _Reply as reply:
            self._send(reply.status, reply.body, "application/json", reply.headers)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            service._leave()

    # -- faults ------------------------------------------------------------------------------

    def _fault(self, kind: str, retry_after: float | None, body: Any = None) -> bool:
        """Apply a fault; True when the request is fully answered (or dropped)."""
        if kind == "429":
            headers = {} if retry_after is None else {"Retry-After": _num(retry_after)}
            self._send(429, {"error": "Too many requests"}, "application/json", headers)
        elif kind in ("400", "500", "403", "456"):
            messages = {"400": "Bad request", "500": "Internal server error",
                        "403": "Invalid API key", "456": "Quota exceeded"}
            self._send(int(kind), {"error": messages[kind]} if body is None else body,
                       "application/json")
        elif kind == "slow":
            time.sleep(self.service.slow_seconds)
            return False
        elif kind == "reset":
            # SO_LINGER 0 makes close() send RST: the client sees a reset, not a clean answer.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif kind == "malformed":
            self._send(200, b'{"translatedText": ["unterminated', "application/json")
        else:
            return False  # wrong-count: answered by the route, one result short
        return True

    # -- routing -----------------------------------------------------------------------------

    def _route(self, method: str, path: str, r: Received) -> tuple[int, Any, str]:
        js = "application/json"
        if path == "/translate" and "api-version" in r.query:
            return 200, self._microsoft(r), js
        if path == "/languages" and "api-version" in r.query:
            return 200, {"translation": {"bg": {"name": "Bulgarian"}, "en": {"name": "English"},
                                         "de": {"name": "German"}}}, js
        if path == "/translate" and method == "POST":
            return 200, self._libre(r), js
        if path == "/languages":
            return 200, [{"code": "bg", "name": "Bulgarian", "targets": ["en", "de"]},
                         {"code": "en", "name": "English", "targets": ["bg", "de"]}], js
        if path == "/v2/translate":
            return 200, self._deepl(r), js
        if path == "/v2/glossaries":
            self._deepl_key(r)
            if method == "POST":
                return 201, self._create_glossary(r), js
            return 200, {"glossaries": [{k: v for k, v in g.items() if k != "entries_map"}
                                        for g in self.service.glossaries.values()]}, js
        if path == "/v2/glossary-language-pairs":
            self._deepl_key(r)
            pairs = [{"source_lang": s, "target_lang": t}
                     for s in ("bg", "en", "de") for t in ("bg", "en", "de") if s != t]
            return 200, {"supported_languages": pairs}, js
        if path == "/m":
            return 200, self._google(r), "text/html; charset=utf-8"
        if path == "/get":
            return 200, self._mymemory(r), js
        if path.startswith("/api/v1.5/tr.json/"):
            return 200, self._yandex(r), js
        if path == "/api/trans/vip/translate":
            return 200, self._baidu(r), js
        raise _Reply(404, {"error": f"no such endpoint: {method} {path}"})

    def _libre(self, r: Received) -> Any:
        data = r.json if isinstance(r.json, dict) else {k: v if k == "q" else v[0]
                                                       for k, v in r.form.items()}
        if self.service.libre_key is not None and data.get("api_key") != self.service.libre_key:
            raise _Reply(403, {"error": "Invalid API key"})
        q = data.get("q")
        if isinstance(q, list) and r.form:  # form: q=a&q=b is a batch, q=a a single text
            q = q if len(q) > 1 else q[0]
        if not q or not data.get("target"):
            raise _Reply(400, {"error": "Invalid request: missing q or target parameter"})
        if isinstance(q, list):
            return {"translatedText": [fake_translate(t) for t in q]}
        return {"translatedText": fake_translate(q)}

    def _deepl_key(self, r: Received) -> None:
        auth = r.headers.get("Authorization", "")
        if not auth.startswith("DeepL-Auth-Key ") or auth[15:] not in self.service.deepl_keys:
            raise _Reply(403, {"message": "Wrong endpoint or authorization failed"})

    def _deepl(self, r: Received) -> Any:
        self._deepl_key(r)
        data = r.json if isinstance(r.json, dict) else {}
        texts = data.get("text")
        if not isinstance(texts, list) or not texts or not data.get("target_lang"):
            raise _Reply(400, {"message": "Bad request: 'text' and 'target_lang' are required"})
        if len(texts) > 50:
            raise _Reply(413, {"message": "Request too large: at most 50 texts"})
        glossary: dict[str, str] = {}
        if data.get("glossary_id"):
            found = self.service.glossaries.get(data["glossary_id"])
            if found is None:
                raise _Reply(400, {"message": "Glossary not found"})
            glossary = found["entries_map"]
        source = str(data.get("source_lang") or "BG").upper()
        return {"translations": [{"detected_source_language": source,
                                  "text": fake_translate(t, glossary)} for t in texts]}

    def _create_glossary(self, r: Received) -> Any:
        data = r.json if isinstance(r.json, dict) else {}
        entries = {}
        for line in str(data.get("entries", "")).splitlines():
            if "\t" in line:
                term, rendering = line.split("\t", 1)
                entries[term] = rendering
        number = len(self.service.glossaries) + 1
        glossary_id = f"def3a26b-3e84-45b3-84ae-{number:012d}"
        info = {"glossary_id": glossary_id, "name": data.get("name", ""), "ready": True,
                "source_lang": data.get("source_lang"), "target_lang": data.get("target_lang"),
                "creation_time": "2019-04-08T10:00:00.000Z", "entry_count": len(entries)}
        self.service.glossaries[glossary_id] = {**info, "entries_map": entries}
        return info

    def _google(self, r: Received) -> bytes:
        text = r.query.get("q", [""])[0]
        page = ('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                f'<div class="result-container">{html.escape(fake_translate(text))}</div>'
                "</body></html>")
        return page.encode("utf-8")

    def _mymemory(self, r: Received) -> Any:
        text = r.query.get("q", [""])[0]
        translated = fake_translate(text)
        return {"responseData": {"translatedText": translated, "match": 0.85},
                "responseStatus": 200,
                "matches": [{"translation": translated, "quality": "74"}]}

    def _microsoft(self, r: Received) -> Any:
        if r.headers.get("Ocp-Apim-Subscription-Key") not in self.service.other_keys:
            raise _Reply(401, {"error": {"code": 401000, "message": "Access denied"}})
        items = r.json if isinstance(r.json, list) else []
        target = r.query.get("to", ["en"])[0]
        return [{"translations": [{"text": fake_translate(str(i.get("text", ""))),
                                   "to": target}]} for i in items]

    def _yandex(self, r: Received) -> Any:
        if r.form.get("key", [""])[0] not in self.service.other_keys:
            raise _Reply(403, {"code": 401, "message": "API key is invalid"})
        text = r.form.get("text", [""])[0]
        return {"code": 200, "lang": r.form.get("lang", [""])[0], "text": [fake_translate(text)]}

    def _baidu(self, r: Received) -> Any:
        if r.query.get("appid", [""])[0] not in self.service.other_keys:
            return {"error_code": "52003", "error_msg": "UNAUTHORIZED USER"}
        text = r.query.get("q", [""])[0]
        return {"from": "bul", "to": "en",
                "trans_result": [{"src": line, "dst": fake_translate(line)}
                                 for line in text.split("\n")]}

    # -- sending -----------------------------------------------------------------------------

    def _send(self, status: int, payload: Any, ctype: str,
              headers: dict[str, str] | None = None) -> None:
        if isinstance(payload, bytes):
            data = payload
        else:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()


def _drop_one(payload: Any) -> Any:
    """The answer with one result fewer than texts sent (for the ``wrong-count`` fault)."""
    if isinstance(payload, dict):
        for key in ("translatedText", "translations"):
            if isinstance(payload.get(key), list):
                return {**payload, key: payload[key][:-1]}
    if isinstance(payload, list):
        return payload[:-1]
    return payload


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
