"""The Translator: splitting, batching, concurrency and retries over any Provider.

Texts longer than the provider accepts are cut at sentence boundaries (as a last resort at
spaces, then anywhere), the pieces packed into batches, the batches sent on a few threads, and
failures that may pass retried with exponential backoff that honours ``Retry-After``. Each text
is handed to ``on_done`` (in the caller's thread) as soon as all its pieces are back, so the
caller can save progressively: when the run fails, what was delivered stays delivered.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from bulletin.content.sentences import split_sentences
from bulletin.errors import ProviderError
from bulletin.translation.providers import Provider

MAX_WAIT = 120.0  # a Retry-After longer than this gives up at once: come back later
_EDGES = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


@dataclass
class Stats:
    """What a Translator has done so far."""

    requests: int = 0  # calls to the provider, retries included
    characters: int = 0  # characters of text translated (what services bill)
    retries: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, *, requests: int = 0, characters: int = 0, retries: int = 0) -> None:
        with self._lock:
            self.requests += requests
            self.characters += characters
            self.retries += retries


@dataclass
class _Piece:
    lead: str
    core: str
    trail: str
    translated: str | None = None


class Translator:
    """Translate many texts through ``provider``; see the module's docstring."""

    def __init__(self, provider: Provider, *, concurrency: int = 4, retries: int = 4,
                 backoff: float = 0.5, sleep: Callable[[float], None] = time.sleep) -> None:
        self.provider = provider
        self.concurrency = max(1, concurrency)
        self.retries = max(0, retries)
        self.backoff = backoff
        self.sleep = sleep
        self.stats = Stats()

    def translate(self, texts: Sequence[str], source: str, target: str, *,
                  glossary: Mapping[str, str] | None = None,
                  on_done: Callable[[int, str], None] | None = None) -> list[str]:
        """The translations of ``texts``, in order; raises ProviderError when a request fails
        for good (after ``on_done`` has been called for every text that was finished)."""
        results: list[str | None] = [None] * len(texts)
        pieces: list[list[_Piece]] = []
        remaining: list[int] = []
        wanted: dict[str, list[_Piece]] = {}  # the same sentence is sent once
        owners: dict[str, list[int]] = {}
        limits = self.provider.limits

        def finish(index: int) -> None:
            text = "".join(p.lead + (p.translated or "") + p.trail for p in pieces[index])
            results[index] = text
            if on_done is not None:
                on_done(index, text)

        for index, text in enumerate(texts):
            parts = [_edges(chunk) for chunk in split_to_fit(text, limits.max_chars, source)]
            pieces.append(parts)
            remaining.append(sum(1 for p in parts if p.core))
            for part in parts:
                if part.core:
                    wanted.setdefault(part.core, []).append(part)
                    owners.setdefault(part.core, []).append(index)
        for index in range(len(texts)):
            if remaining[index] == 0:
                finish(index)

        batches = _pack(list(wanted), limits.max_batch, limits.max_request_chars)
        stop = threading.Event()
        failure: BaseException | None = None
        executor = ThreadPoolExecutor(max_workers=self.concurrency,
                                      thread_name_prefix="bulletin-translate")
        futures: dict[Future[list[str]], int] = {}
        try:
            for number, batch in enumerate(batches):
                future = executor.submit(self._send, batch, source, target, glossary, stop)
                futures[future] = number
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=futures.__getitem__):
                    if future.cancelled():
                        continue
                    error = future.exception()
                    if error is not None:
                        if failure is None:
                            failure = error
                            stop.set()
                            for other in pending:
                                other.cancel()
                        continue
                    batch = batches[futures[future]]
                    for core, translated in zip(batch, future.result(), strict=True):
                        for part in wanted[core]:
                            part.translated = translated
                        for index in owners[core]:
                            remaining[index] -= 1
                            if remaining[index] == 0:
                                finish(index)
        except BaseException:
            stop.set()
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        executor.shutdown(wait=True)
        if failure is not None:
            raise failure
        return [r if r is not None else "" for r in results]

    def _send(self, batch: list[str], source: str, target: str,
              glossary: Mapping[str, str] | None, stop: threading.Event) -> list[str]:
        """One batch, with retries; runs on a worker thread."""
        attempt = 0
        while True:
            self.stats.add(requests=1)
            try:
                out = self.provider.translate(batch, source, target, glossary)
                if len(out) != len(batch) or not all(isinstance(t, str) for t in out):
                    raise ProviderError(f"{self.provider.name}: the service sent a malformed "
                                        f"answer: {len(out)} translations for {len(batch)} "
                                        "texts", retryable=True)
            except ProviderError as exc:
                if not exc.retryable or stop.is_set():
                    raise
                if attempt >= self.retries:
                    tries = f"{attempt + 1} attempt{'s' if attempt else ''}"
                    raise ProviderError(f"{exc.message} (gave up after {tries})",
                                        hint=exc.hint or "try again later; finished texts "
                                                         "were kept",
                                        retryable=True, retry_after=exc.retry_after) from None
                delay = (exc.retry_after if exc.retry_after is not None
                         else self.backoff * 2 ** attempt)
                if delay > MAX_WAIT:
                    raise ProviderError(f"{exc.message} (the service asks to wait "
                                        f"{delay:.0f} s)", hint="try again later; finished "
                                                                "texts were kept",
                                        retryable=True, retry_after=delay) from None
                attempt += 1
                self.stats.add(retries=1)
                self.sleep(delay)
                continue
            self.stats.add(characters=sum(len(t) for t in batch))
            return [t.strip() for t in out]


def split_to_fit(text: str, max_chars: int, lang: str = "bg") -> list[str]:
    """``text`` cut into chunks whose stripped length is at most ``max_chars``;
    ``"".join(chunks) == text``. Whole sentences are kept together as far as they fit."""
    if len(text.strip()) <= max_chars:
        return [text]
    units: list[str] = []
    for sentence in split_sentences(text, lang):
        if len(sentence.strip()) <= max_chars:
            units.append(sentence)
            continue
        for word in re.findall(r"\S+\s*|\s+", sentence):  # last resort: at spaces
            while len(word.strip()) > max_chars:  # and then anywhere
                units.append(word[:max_chars])
                word = word[max_chars:]
            units.append(word)
    chunks: list[str] = []
    current = ""
    for unit in units:
        if current and len((current + unit).strip()) > max_chars:
            chunks.append(current)
            current = ""
        current += unit
    if current:
        chunks.append(current)
    return chunks


def _edges(chunk: str) -> _Piece:
    match = _EDGES.match(chunk)
    assert match is not None
    return _Piece(match.group(1), match.group(2), match.group(3))


def _pack(cores: list[str], max_batch: int, max_request_chars: int | None) -> list[list[str]]:
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for core in cores:
        too_many = len(current) >= max(1, max_batch)
        too_long = max_request_chars is not None and size + len(core) > max_request_chars
        if current and (too_many or too_long):
            batches.append(current)
            current, size = [], 0
        current.append(core)
        size += len(core)
    if current:
        batches.append(current)
    return batches
