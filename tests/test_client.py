"""The Translator over real HTTP: retries, Retry-After, faults, splitting, concurrency."""

from __future__ import annotations

import random

import pytest
from fakeserver import FakeService, fake_service_fixture, fake_translate  # noqa: F401

from bulletin.errors import ProviderError
from bulletin.translation.providers import Provider, create
from bulletin.translation.providers.client import MAX_WAIT, Translator, split_to_fit

SENTENCES = ["На 26 и 27 март 2019 г. в зала „Джон Атанасов“ се проведе форумът.",
             "Той събра над 120 представители на клъстери от 12 държави.",
             "Д-р Петрова представи т.нар. Европейски клъстерни седмици.",
             "Бюджетът е 12,5 млн. лв. за три години.",
             "Следващата среща е на ул. Раковски 5 на 26.03.2020 г."]


def libre(service: FakeService, **options: str) -> Provider:
    env = {"BULLETIN_LIBRE_URL": service.url, "BULLETIN_LIBRE_TIMEOUT": "0.5"}
    env.update({f"BULLETIN_LIBRE_{k.upper()}": v for k, v in options.items()})
    return create("libre", None, env)


def texts(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.sample(SENTENCES, rng.randint(1, 3))) + f" Ред {i}." for i in
            range(count)]


class Waits(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def translator(provider: Provider, **kwargs: object) -> tuple[Translator, Waits]:
    waits = Waits()
    return Translator(provider, sleep=waits, **kwargs), waits  # type: ignore[arg-type]


def test_translates_in_batches_and_reports_stats(fake_service: FakeService) -> None:
    items = texts(10)
    client, waits = translator(libre(fake_service, max_batch="4"))
    assert client.translate(items, "bg", "en") == [fake_translate(t) for t in items]
    assert len(fake_service.requests) == 3  # 4 + 4 + 2
    assert client.stats.requests == 3 and client.stats.retries == 0
    assert client.stats.characters == sum(len(t) for t in items)
    assert waits == []


def test_retry_after_is_honoured(fake_service: FakeService) -> None:
    fake_service.faults.add("429", times=2, retry_after=3)
    client, waits = translator(libre(fake_service))
    assert client.translate(SENTENCES, "bg", "en") == [fake_translate(t) for t in SENTENCES]
    assert waits == [3, 3]
    assert client.stats.retries == 2 and client.stats.requests == 3


def test_backoff_doubles_without_retry_after(fake_service: FakeService) -> None:
    fake_service.faults.add("500", times=3)
    client, waits = translator(libre(fake_service), backoff=0.25)
    client.translate(SENTENCES, "bg", "en")
    assert waits == [0.25, 0.5, 1.0]


def test_gives_up_after_the_retries(fake_service: FakeService) -> None:
    fake_service.faults.add("500", times=99)
    client, waits = translator(libre(fake_service), retries=2)
    with pytest.raises(ProviderError, match=r"the service failed \(HTTP 500\).*gave up after "
                                            r"3 attempts"):
        client.translate(SENTENCES, "bg", "en")
    assert waits == [0.5, 1.0]
    assert len(fake_service.requests) == 3


def test_a_refused_key_is_not_retried(fake_service: FakeService) -> None:
    fake_service.faults.add("403", times=99)
    client, waits = translator(libre(fake_service))
    with pytest.raises(ProviderError, match="refused") as info:
        client.translate(SENTENCES, "bg", "en")
    assert not info.value.retryable
    assert waits == [] and len(fake_service.requests) == 1


def test_a_very_long_retry_after_gives_up_at_once(fake_service: FakeService) -> None:
    fake_service.faults.add("429", retry_after=MAX_WAIT * 10)
    client, waits = translator(libre(fake_service))
    with pytest.raises(ProviderError, match="asks to wait 1200 s"):
        client.translate(SENTENCES, "bg", "en")
    assert waits == []


@pytest.mark.parametrize("fault", ["slow", "reset", "malformed", "wrong-count", "500", "429"])
def test_transient_faults_are_retried(fault: str, fake_service: FakeService) -> None:
    fake_service.slow_seconds = 1.5  # the client's timeout is 0.5 s
    fake_service.faults.add(fault, retry_after=0)
    client, waits = translator(libre(fake_service))
    assert client.translate(SENTENCES, "bg", "en") == [fake_translate(t) for t in SENTENCES]
    assert client.stats.retries == 1 and len(waits) == 1
    assert len(fake_service.requests) == 2


def test_long_texts_are_split_at_sentences_and_joined_back(fake_service: FakeService) -> None:
    long_text = "  " + "  ".join(SENTENCES * 3) + "\n"
    client, _ = translator(libre(fake_service, max_chars="150"))
    (out,) = client.translate([long_text], "bg", "en")
    assert out == fake_translate(long_text)
    sent = [q for r in fake_service.requests for q in r.json["q"]]
    assert len(sent) > 1 and all(len(q) <= 150 for q in sent)
    assert all(q.rstrip().endswith(".") and q == q.strip() for q in sent)
    assert "2019 г." in "".join(sent)  # not cut after "г."


def test_split_to_fit_falls_back_to_spaces_then_anywhere() -> None:
    words = "дума " * 30 + "я" * 50
    chunks = split_to_fit(words, 20)
    assert "".join(chunks) == words
    assert all(len(c.strip()) <= 20 for c in chunks)
    assert all(c.strip() in ("дума " * 4).strip() or set(c) == {"я"} for c in chunks[:-3])


def test_same_text_is_sent_once_and_blank_texts_not_at_all(fake_service: FakeService) -> None:
    done: dict[int, str] = {}
    client, _ = translator(libre(fake_service))
    out = client.translate(["Кратко.", "", "  ", "Кратко."], "bg", "en",
                           on_done=done.__setitem__)
    assert out == ["Kratko.", "", "  ", "Kratko."]
    assert done == dict(enumerate(out))
    assert fake_service.requests[0].json["q"] == ["Кратко."]
    assert client.translate(["", " \n"], "bg", "en") == ["", " \n"]
    assert len(fake_service.requests) == 1


def test_concurrency_limit_is_honoured(fake_service: FakeService) -> None:
    fake_service.latency = 0.05
    items = texts(60)
    client, _ = translator(libre(fake_service, max_batch="2"), concurrency=3)
    assert client.translate(items, "bg", "en") == [fake_translate(t) for t in items]
    assert len(fake_service.requests) == 30
    assert fake_service.max_in_flight == 3


def test_a_fatal_error_stops_the_run_early(fake_service: FakeService) -> None:
    fake_service.latency = 0.02
    fake_service.faults.add("403")
    client, _ = translator(libre(fake_service, max_batch="1"), concurrency=2)
    with pytest.raises(ProviderError, match="refused"):
        client.translate(texts(50), "bg", "en")
    assert len(fake_service.requests) < 10


def test_an_error_in_on_done_stops_the_run(fake_service: FakeService) -> None:
    def explode(index: int, text: str) -> None:
        raise OSError("disk full")

    client, _ = translator(libre(fake_service, max_batch="1"), concurrency=2)
    with pytest.raises(OSError, match="disk full"):
        client.translate(texts(20), "bg", "en", on_done=explode)


@pytest.mark.parametrize(("seed", "retries"), [(1, 4), (2, 4), (3, 0), (4, 1)])
def test_twenty_percent_random_faults(seed: int, retries: int,
                                      fake_service: FakeService) -> None:
    fake_service.faults.random(0.2, seed=seed,
                               kinds=("429", "500", "reset", "malformed", "wrong-count"))
    items = texts(200, seed)
    expected = [fake_translate(t) for t in items]
    done: dict[int, str] = {}
    client, waits = translator(libre(fake_service, max_batch="5"), retries=retries)
    try:
        out = client.translate(items, "bg", "en", on_done=done.__setitem__)
    except ProviderError as exc:
        assert "gave up after" in exc.message
        assert len(done) < len(items)
    else:
        assert out == expected
        assert len(done) == len(items)
    assert all(done[i] == expected[i] for i in done), "a delivered text is wrong"
    assert fake_service.faults.injected, "the seed must have injected faults"
    assert client.stats.retries == len(waits)
    if retries == 0:
        assert len(done) < len(items)  # 40 batches at 20%: failing is certain enough (1e-4)


def test_mymemory_texts_stay_under_its_500_character_limit(fake_service: FakeService) -> None:
    long_text = " ".join(SENTENCES * 4)  # about 1,200 characters
    provider = create("mymemory", None, {"BULLETIN_MYMEMORY_URL": fake_service.url})
    client, _ = translator(provider, concurrency=2)
    assert client.translate([long_text], "bg", "en") == [fake_translate(long_text)]
    sent = [r.query["q"][0] for r in fake_service.requests]
    assert len(sent) == 3 and all(len(q) < 500 for q in sent)
