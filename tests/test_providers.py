"""Each provider against the loopback fake service: what it sends, what it returns, how it fails."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from fakeserver import FakeService, fake_service_fixture, fake_translate  # noqa: F401

from bulletin.config import Config
from bulletin.errors import InvalidInput, ProviderError, UsageError
from bulletin.translation.providers import available, create, settings_for

KEY = "s3cr3t-K3Y-4711:fx"
TEXTS = ["София се включи в Европейските клъстерни седмици.",
         "Бюджетът е 12,5 млн. лв., виж [сайта](https://sofiainvest.bg)."]
ALL = ("libre", "deepl", "google", "mymemory", "microsoft", "yandex", "baidu")


def env_for(url: str, key: str = "good-key") -> dict[str, str]:
    env = {f"BULLETIN_{name.upper()}_URL": url for name in ALL}
    env.update(BULLETIN_DEEPL_API_KEY=key if key != "good-key" else "good-key:fx",
               BULLETIN_MICROSOFT_API_KEY=key, BULLETIN_YANDEX_API_KEY=key,
               BULLETIN_BAIDU_APPID=key, BULLETIN_BAIDU_APPKEY="baidu-signing-secret",
               BULLETIN_LIBRE_API_KEY=key)
    return env


def test_registry_lists_every_provider() -> None:
    assert set(ALL) <= set(available())


def test_unknown_provider_lists_the_available_ones() -> None:
    with pytest.raises(UsageError) as info:
        create("babelfish", None, {})
    assert "babelfish" in info.value.message
    assert "libre" in info.value.hint and "google" in info.value.hint


def test_settings_overlay_toml_with_environment(tmp_path: Path) -> None:
    config = Config(root=tmp_path, providers={"libre": {"url": "http://toml:5000",
                                                        "timeout": 5}})
    settings = settings_for("libre", config, {"BULLETIN_LIBRE_URL": "http://env:5000",
                                              "BULLETIN_LIBREX_URL": "http://other"})
    assert settings.text("url") == "http://env:5000"
    assert settings.number("timeout", 30) == 5


def test_a_key_in_bulletin_toml_is_refused(tmp_path: Path) -> None:
    config = Config(root=tmp_path, providers={"deepl": {"api_key": KEY}})
    with pytest.raises(InvalidInput) as info:
        create("deepl", config, {})
    assert KEY not in str(info.value) and KEY not in info.value.hint
    assert "BULLETIN_DEEPL_API_KEY" in info.value.hint


def test_a_missing_key_says_which_variable_to_set() -> None:
    with pytest.raises(UsageError) as info:
        create("deepl", None, {})
    assert "BULLETIN_DEEPL_API_KEY" in info.value.hint


def test_bad_option_values_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="timeout"):
        create("libre", None, {"BULLETIN_LIBRE_TIMEOUT": "soon"})
    with pytest.raises(UsageError, match="formality"):
        create("deepl", None, {"BULLETIN_DEEPL_API_KEY": KEY, "BULLETIN_DEEPL_FORMALITY": "x"})


@pytest.mark.parametrize("name", ALL)
def test_each_provider_translates_through_the_fake_service(name: str,
                                                           fake_service: FakeService) -> None:
    provider = create(name, None, env_for(fake_service.url))
    assert provider.translate(TEXTS, "bg", "en") == [fake_translate(t) for t in TEXTS]
    assert fake_service.requests, "the provider must have talked to the fake service"


def test_libre_sends_one_batch_as_a_list(fake_service: FakeService) -> None:
    provider = create("libre", None, {"BULLETIN_LIBRE_URL": fake_service.url,
                                      "BULLETIN_LIBRE_API_KEY": KEY})
    provider.translate(TEXTS, "bg", "en")
    (sent,) = fake_service.requests
    assert sent.path == "/translate"
    assert sent.json == {"q": TEXTS, "source": "bg", "target": "en", "format": "text",
                         "api_key": KEY}


def test_libre_with_a_key_the_server_wants(fake_service: FakeService) -> None:
    fake_service.libre_key = "right"
    env = {"BULLETIN_LIBRE_URL": fake_service.url}
    with pytest.raises(ProviderError, match="refused") as info:
        create("libre", None, env).translate(TEXTS, "bg", "en")
    assert "BULLETIN_LIBRE_API_KEY" in info.value.hint
    env["BULLETIN_LIBRE_API_KEY"] = "right"
    assert create("libre", None, env).translate(TEXTS[:1], "bg", "en") == [
        fake_translate(TEXTS[0])]


def test_deepl_request_shape(fake_service: FakeService) -> None:
    provider = create("deepl", None, {"BULLETIN_DEEPL_URL": fake_service.url,
                                      "BULLETIN_DEEPL_API_KEY": "good-key:fx",
                                      "BULLETIN_DEEPL_FORMALITY": "prefer_more",
                                      "BULLETIN_DEEPL_TAG_HANDLING": "xml"})
    assert provider.limits.max_batch == 50
    provider.translate(TEXTS, "bg", "en")
    (sent,) = fake_service.requests
    assert sent.method == "POST" and sent.path == "/v2/translate"
    assert sent.headers["Authorization"] == "DeepL-Auth-Key good-key:fx"
    assert not sent.query, "the key must not travel in the query string"
    assert sent.json == {"text": TEXTS, "source_lang": "BG", "target_lang": "EN-GB",
                         "formality": "prefer_more", "tag_handling": "xml"}


def test_deepl_free_and_pro_hosts() -> None:
    free = create("deepl", None, {"BULLETIN_DEEPL_API_KEY": "abc:fx"})
    pro = create("deepl", None, {"BULLETIN_DEEPL_API_KEY": "abc"})
    assert free.url == "https://api-free.deepl.com"  # type: ignore[attr-defined]
    assert pro.url == "https://api.deepl.com"  # type: ignore[attr-defined]


def test_deepl_glossary_is_created_once_and_used(fake_service: FakeService) -> None:
    provider = create("deepl", None, {"BULLETIN_DEEPL_URL": fake_service.url,
                                      "BULLETIN_DEEPL_API_KEY": "good-key:fx"})
    glossary = {"София Тех Парк": "Sofia Tech Park", "клъстерни": "cluster"}
    first = provider.translate(["Форум в София Тех Парк."], "bg", "en", glossary)
    second = provider.translate(["Европейските клъстерни седмици."], "bg", "en", glossary)
    assert first == ["Forum v Sofia Tech Park."]
    assert second == ["Evropeyskite cluster sedmitsi."]
    assert fake_service.paths().count("/v2/glossaries") == 2  # looked for, then created
    (created,) = fake_service.glossaries.values()
    assert created["source_lang"] == "bg" and created["target_lang"] == "en"
    assert created["entries_map"] == glossary
    used = [r.json.get("glossary_id") for r in fake_service.requests if r.path == "/v2/translate"]
    assert used == [created["glossary_id"]] * 2
    # A new process finds the glossary by name instead of creating another.
    again = create("deepl", None, {"BULLETIN_DEEPL_URL": fake_service.url,
                                   "BULLETIN_DEEPL_API_KEY": "good-key:fx"})
    again.translate(["Нещо."], "bg", "en", glossary)
    assert len(fake_service.glossaries) == 1


def test_deepl_bad_key_is_403_and_not_retryable(fake_service: FakeService) -> None:
    provider = create("deepl", None, {"BULLETIN_DEEPL_URL": fake_service.url,
                                      "BULLETIN_DEEPL_API_KEY": KEY})
    with pytest.raises(ProviderError) as info:
        provider.translate(TEXTS, "bg", "en")
    assert "the service refused the key" in info.value.message
    assert not info.value.retryable


def test_google_goes_through_deep_translator_with_its_url(fake_service: FakeService) -> None:
    provider = create("google", None, {"BULLETIN_GOOGLE_URL": fake_service.url})
    assert provider.limits.max_chars < 5000 and provider.limits.max_batch == 1
    provider.translate(TEXTS, "bg", "en")
    assert [r.path for r in fake_service.requests] == ["/m", "/m"]
    assert fake_service.requests[0].query["q"] == [TEXTS[0]]
    assert fake_service.requests[0].query["sl"] == ["bg"]


def test_mymemory_maps_language_codes(fake_service: FakeService) -> None:
    provider = create("mymemory", None, {"BULLETIN_MYMEMORY_URL": fake_service.url})
    assert provider.limits.max_chars < 500
    provider.translate(TEXTS[:1], "bg", "en")
    assert fake_service.requests[0].query["langpair"] == ["bg-BG|en-GB"]


def test_microsoft_asks_its_languages_from_the_configured_url(fake_service: FakeService) -> None:
    provider = create("microsoft", None, env_for(fake_service.url))
    provider.translate(TEXTS, "bg", "en")
    assert fake_service.paths() == ["/languages", "/translate", "/translate"]
    assert fake_service.requests[1].headers["Ocp-Apim-Subscription-Key"] == "good-key"


def test_deep_translator_untouched_outside_our_providers(fake_service: FakeService) -> None:
    create("google", None, {"BULLETIN_GOOGLE_URL": fake_service.url}).translate(["а"], "bg", "en")
    from deep_translator import GoogleTranslator

    plain = GoogleTranslator(source="bg", target="en")
    plain._base_url = fake_service.url + "/m"
    assert plain.translate("Добър ден") == "Dobar den"


def test_unsupported_language_is_a_clear_error(fake_service: FakeService) -> None:
    provider = create("baidu", None, env_for(fake_service.url))
    with pytest.raises(ProviderError, match="does not translate 'mk'"):
        provider.translate(["Здраво"], "mk", "en")


# -- failures, every provider ------------------------------------------------------------------

FAULTS = [("403", "refused", False), ("429", "too many requests", True),
          ("500", "the service failed", True), ("456", "quota spent", False),
          ("reset", "connection", True), ("slow", "timed out", True),
          ("malformed", "malformed answer", True)]


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize(("fault", "words", "retryable"), FAULTS)
def test_faults_become_clear_provider_errors(name: str, fault: str, words: str, retryable: bool,
                                             fake_service: FakeService) -> None:
    fake_service.slow_seconds = 1.0
    env = env_for(fake_service.url)
    env[f"BULLETIN_{name.upper()}_TIMEOUT"] = "0.3"
    provider = create(name, None, env)
    if name == "microsoft":
        provider.translate(["а"], "bg", "en")  # let it fetch its languages first
    fake_service.faults.add(fault, retry_after=7)
    with pytest.raises(ProviderError) as info:
        provider.translate(TEXTS, "bg", "en")
    assert words in info.value.message
    assert info.value.retryable is retryable
    if fault == "429":
        assert info.value.retry_after == 7


@pytest.mark.parametrize("name", ["libre", "deepl"])
def test_wrong_number_of_results(name: str, fake_service: FakeService) -> None:
    provider = create(name, None, env_for(fake_service.url))
    fake_service.faults.add("wrong-count")
    with pytest.raises(ProviderError, match="1 translations for 2 texts") as info:
        provider.translate(TEXTS, "bg", "en")
    assert info.value.retryable


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("name", ALL)
def test_no_network(name: str) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    provider = create(name, None, env_for(url))
    with pytest.raises(ProviderError) as info:
        provider.translate(TEXTS, "bg", "en")
    assert f"no network: cannot reach 127.0.0.1:{url.rsplit(':', 1)[1]}" in info.value.message
    assert info.value.retryable


# -- the key never shows ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["libre", "deepl", "microsoft", "yandex", "baidu"])
def test_the_key_never_appears_in_errors_or_reprs(name: str, fake_service: FakeService,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    fake_service.slow_seconds = 1.0
    fake_service.libre_key = "another"  # so that Libre refuses KEY as well
    env = env_for(fake_service.url, key=KEY)
    env[f"BULLETIN_{name.upper()}_TIMEOUT"] = "0.3"
    provider = create(name, None, env)
    seen = [repr(provider), repr(settings_for(name, None, env))]
    for fault in (None, "403", "429", "500", "456", "reset", "slow", "malformed", "wrong-count"):
        if fault:
            fake_service.faults.add(fault)
        try:
            provider.translate(TEXTS, "bg", "en", {"София": "Sofia"})
        except ProviderError as exc:
            seen += [str(exc), exc.message, exc.hint, repr(exc)]
    closed = create(name, None, {**env, f"BULLETIN_{name.upper()}_URL":
                                 f"http://127.0.0.1:{_closed_port()}"})
    try:
        closed.translate(TEXTS, "bg", "en")
    except ProviderError as exc:
        seen += [str(exc), exc.hint]
    seen.append(caplog.text)
    assert len(seen) > 10
    assert [text for text in seen if KEY in text] == []


def test_retry_after_as_seconds_or_http_date() -> None:
    from bulletin.translation.providers.http import retry_after_seconds

    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    now = 1_554_710_400.0  # 2019-04-08 08:00:00 UTC
    assert retry_after_seconds("Mon, 08 Apr 2019 08:00:30 GMT", now=now) == 30
    assert retry_after_seconds("Mon, 08 Apr 2019 07:00:00 GMT", now=now) == 0
