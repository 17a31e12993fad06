"""Translation speed: our Translator against deep-translator's own loop, on a slow loopback.

    .venv/bin/python bench/translate_bench.py [--segments 1000] [--latency 0.1]
                                              [--concurrency 4] [--no-reference]

Starts the fake translation service of ``tests/fakeserver.py`` on 127.0.0.1 with ``latency``
seconds added to every request, generates a deterministic set of Bulgarian segments of
newsroom length, and translates them:

1. through our ``Translator`` with the ``libre`` provider (batches, ``concurrency`` threads);
   the floor is requests x latency / concurrency, and the ratio wall / floor should be <= 1.25;
2. through deep-translator's own ``GoogleTranslator.translate_batch`` (one request after the
   other), pointed at the same server: the reference;
3. when the translation memory exists
   (``bulletin/translation/memory.py``): a second run that asks the
   memory first, which should make no request at all.

It prints the figures; it asserts only that every translation came back right.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests"), str(HERE.parent)]

import words as W  # noqa: E402  (bench/words.py: Bulgarian newsroom phrases)
from fakeserver import FakeService, fake_translate  # noqa: E402

from bulletin.translation.providers import create  # noqa: E402
from bulletin.translation.providers.client import Translator  # noqa: E402

SEED = 2019
MONTHS = ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември",
          "октомври", "ноември", "декември"]


def segments(count: int, seed: int = SEED) -> list[str]:
    """``count`` Bulgarian paragraphs of one to four sentences (about 80 to 600 characters)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(1, 4)):
            subject, _en, plural = rng.choice(W.SUBJECTS)
            verb = rng.choice(W.VERBS)[1 if plural else 0]
            parts = [subject, verb, rng.choice(W.OBJECTS)[0], rng.choice(W.ADVERBIALS)[0]]
            if rng.random() < 0.4:
                parts.append(rng.choice(W.AMOUNTS)[0].rstrip("."))
            parts.append(f"на {rng.randint(1, 28)} {rng.choice(MONTHS)} "
                         f"{rng.randint(2016, 2024)} г.")
            sentence = " ".join(parts)
            if rng.random() < 0.3:
                connector = rng.choice(W.CONNECTORS)[0]
                sentence = f"{connector} {sentence[0].lower()}{sentence[1:]}"
            sentences.append(sentence)
        out.append(" ".join(sentences))
    return out


def ours(service: FakeService, items: list[str], concurrency: int) -> tuple[float, int]:
    provider = create("libre", None, {"BULLETIN_LIBRE_URL": service.url})
    translator = Translator(provider, concurrency=concurrency)
    before = len(service.requests)
    start = time.perf_counter()
    out = translator.translate(items, "bg", "en")
    wall = time.perf_counter() - start
    assert out == [fake_translate(t) for t in items], "a translation came back wrong"
    return wall, len(service.requests) - before


def reference(service: FakeService, items: list[str]) -> tuple[float, int]:
    from deep_translator import GoogleTranslator

    client = GoogleTranslator(source="bg", target="en")
    client._base_url = service.url + "/m"  # the address its own requests.get uses
    before = len(service.requests)
    start = time.perf_counter()
    out = client.translate_batch(items)
    wall = time.perf_counter() - start
    assert out == [fake_translate(t).strip() for t in items], "a translation came back wrong"
    return wall, len(service.requests) - before


def second_run(service: FakeService, items: list[str], concurrency: int) -> int | None:
    """Requests made by a second run that asks the translation memory first."""
    try:
        from bulletin.translation.memory import Memory
    except ImportError:
        return None
    provider = create("libre", None, {"BULLETIN_LIBRE_URL": service.url})
    with tempfile.TemporaryDirectory() as folder:
        memory = Memory.open(Path(folder) / "memory.sqlite")
        try:
            for _run in range(2):
                before = len(service.requests)
                missing = [t for t in items if memory.lookup(t, "bg", "en") is None]

                def remember(index: int, text: str, missing: list[str] = missing) -> None:
                    memory.add(missing[index], text, "bg", "en", origin="machine",
                               provider="libre")

                with memory.transaction():
                    Translator(provider, concurrency=concurrency).translate(
                        missing, "bg", "en", on_done=remember)
                requests = len(service.requests) - before
        finally:
            memory.close()
    return requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--no-reference", action="store_true",
                        help="skip deep-translator's loop (it takes segments x latency)")
    args = parser.parse_args()
    items = segments(args.segments)
    chars = sum(len(t) for t in items)
    print(f"{len(items)} segments, {chars} characters (mean {chars // len(items)}), "
          f"latency {args.latency * 1000:.0f} ms per request")
    with FakeService() as service:
        service.latency = args.latency
        wall, requests = ours(service, items, args.concurrency)
        floor = requests * args.latency / args.concurrency
        print(f"ours (libre, Translator, concurrency {args.concurrency}): {requests} requests, "
              f"floor {floor:.2f} s, wall {wall:.2f} s, ratio {wall / floor:.3f} "
              f"(target <= 1.25)")
        if not args.no_reference:
            ref_wall, ref_requests = reference(service, items)
            print(f"reference (deep-translator GoogleTranslator.translate_batch): "
                  f"{ref_requests} requests, wall {ref_wall:.2f} s, "
                  f"ratio to our floor {ref_wall / floor:.1f}, "
                  f"{ref_wall / wall:.1f}x our wall time")
        again = second_run(service, items, args.concurrency)
        if again is not None:
            print(f"second run through the translation memory: {again} requests")


if __name__ == "__main__":
    main()
