"""The services of deep-translator that translate Bulgarian: google, mymemory, microsoft,
yandex, baidu.

deep-translator calls ``requests.get``/``requests.post`` at module level, with no timeout and
no way to set the base url. We replace the name ``requests`` inside each wrapped module (only
there) with :class:`_RequestsShim`, which routes a call through our :class:`Transport` (timeout,
error model) while one of our providers is translating on this thread, and straight to
``requests`` otherwise, so that anybody else using deep-translator sees no change.

Not wrapped: ``libre`` and ``deepl`` (their deep-translator clients fail for us: see
``libre.py``, ``deepl.py``), ``linguee`` and ``pons`` (dictionaries of single words, not
sentence translators), ``papago`` and ``qcri`` (no Bulgarian), ``chatgpt`` (needs the old
``openai`` package).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from bulletin.errors import ProviderError
from bulletin.translation.providers import Limits, ProviderSettings
from bulletin.translation.providers.http import Transport


@dataclass(frozen=True)
class Service:
    label: str
    module: str
    cls: str
    default_url: str
    endpoint: str  # appended to the url: what deep-translator uses as its base url
    max_chars: int  # the largest text the client accepts
    keys: Mapping[str, str]  # constructor argument -> our (secret) option name
    languages: str | None  # the module constant listing its languages, if it has one
    options: Mapping[str, str] = field(default_factory=dict)


SERVICES: dict[str, Service] = {
    "google": Service("Google Translate", "deep_translator.google", "GoogleTranslator",
                      "https://translate.google.com", "/m", 4999, {}, "GOOGLE_LANGUAGES_TO_CODES"),
    "mymemory": Service("MyMemory", "deep_translator.mymemory", "MyMemoryTranslator",
                        "https://api.mymemory.translated.net", "/get", 499, {},
                        "MY_MEMORY_LANGUAGES_TO_CODES", {"email": "email"}),
    "microsoft": Service("Microsoft Translator", "deep_translator.microsoft",
                         "MicrosoftTranslator", "https://api.cognitive.microsofttranslator.com",
                         "/translate?api-version=3.0", 10000, {"api_key": "api_key"}, None,
                         {"region": "region"}),
    "yandex": Service("Yandex Translate", "deep_translator.yandex", "YandexTranslator",
                      "https://translate.yandex.net", "/api/{version}/tr.json/{endpoint}", 10000,
                      {"api_key": "api_key"}, "GOOGLE_LANGUAGES_TO_CODES"),
    "baidu": Service("Baidu Translate", "deep_translator.baidu", "BaiduTranslator",
                     "https://fanyi-api.baidu.com", "/api/trans/vip/translate", 6000,
                     {"appid": "appid", "appkey": "appkey"}, "BAIDU_LANGUAGE_TO_CODE"),
}

_active = threading.local()  # .transport while one of our providers translates on this thread
_install_lock = threading.Lock()


class _RequestsShim:
    """Stands in for the ``requests`` module inside a deep-translator module."""

    def __init__(self) -> None:
        self.exceptions = requests.exceptions

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self._call("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None,
             **kwargs: Any) -> requests.Response:
        return self._call("POST", url, data=data, json=json, **kwargs)

    def _call(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        transport: Transport | None = getattr(_active, "transport", None)
        if transport is None:
            return requests.request(method, url, **kwargs)
        if kwargs.get("proxies") is None:
            kwargs.pop("proxies", None)
        return transport.request(method, url, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)


def _install(module_name: str) -> Any:
    module = importlib.import_module(module_name)
    with _install_lock:
        if not isinstance(getattr(module, "requests", None), _RequestsShim):
            setattr(module, "requests", _RequestsShim())  # noqa: B010  (module attribute)
    return module


class DeepTranslatorProvider:
    """One deep-translator service behind our interface: one request per text.

    Options: ``url`` (the service's address; for tests, the fake server), ``timeout``, the
    service's key(s) from the environment (``api_key``; Baidu: ``appid`` and ``appkey``),
    ``region`` (Microsoft), ``email`` (MyMemory: a higher free quota), ``max_chars``.
    """

    def __init__(self, settings: ProviderSettings, service_name: str) -> None:
        self.name = settings.name
        self.service = SERVICES[service_name]
        self._service_name = service_name
        self.url = (settings.text("url") or self.service.default_url).rstrip("/")
        self._kwargs: dict[str, Any] = {}
        for argument, option in self.service.keys.items():
            self._kwargs[argument] = settings.require_secret(option, f"its {option}")
        for argument, option in dict(self.service.options).items():
            if settings.text(option):
                self._kwargs[argument] = settings.text(option)
        self.limits = Limits(max_chars=min(self.service.max_chars,
                                           settings.integer("max_chars", self.service.max_chars)),
                             max_batch=1)
        key_option = next(iter(self.service.keys.values()), "")
        self.transport = Transport(
            f"{self.service.label} at {self.url}", settings,
            key_hint=f"check {settings.env_name(key_option)}" if key_option else "")
        self._module = _install(self.service.module)
        self._languages: dict[str, str] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"DeepTranslatorProvider({self._service_name!r}, url={self.url!r})"

    def translate(self, texts: Sequence[str], source: str, target: str,
                  glossary: Mapping[str, str] | None = None) -> list[str]:
        """Each text in its own request (the services have no batches); the glossary is left
        to the caller's placeholder protection."""
        _active.transport = self.transport
        try:
            return [self._one(text, source, target) for text in texts]
        finally:
            _active.transport = None

    def _one(self, text: str, source: str, target: str) -> str:
        if not text.strip():
            return text
        try:
            # A fresh client per text: deep-translator keeps request state on the instance.
            client = self._client(source, target)
            result = client.translate(text)
        except ProviderError:
            raise
        except Exception as exc:  # deep-translator has no common exception base
            raise self._translate_error(exc) from None
        if isinstance(result, list) and all(isinstance(r, str) for r in result):
            result = "\n".join(result)  # Yandex answers a list of lines
        if not isinstance(result, str):
            raise self.transport.malformed("no translated text in the answer")
        return result

    def _client(self, source: str, target: str) -> Any:
        languages = self.languages()
        codes = [_service_code(lang, languages, self.transport) for lang in (source, target)]
        cls = getattr(self._module, self.service.cls)
        if self._service_name == "microsoft":
            cls = _microsoft_class(cls, self.languages)
        client = cls(source=codes[0], target=codes[1], **self._kwargs)
        client._base_url = self.url + self.service.endpoint
        return client

    def languages(self) -> dict[str, str]:
        """The service's languages, name -> code (Microsoft's are asked from the service)."""
        with self._lock:
            if self._languages is None:
                if self.service.languages:
                    constants = importlib.import_module("deep_translator.constants")
                    self._languages = dict(getattr(constants, self.service.languages))
                else:
                    self._languages = self._microsoft_languages()
            return self._languages

    def _microsoft_languages(self) -> dict[str, str]:
        data = self.transport.fetch(
            "GET", f"{self.url}/languages", params={"api-version": "3.0", "scope": "translation"})
        found = data.get("translation") if isinstance(data, dict) else None
        if not isinstance(found, dict):
            raise self.transport.malformed("no 'translation' table in the list of languages")
        return {str(v.get("name", k)).lower(): str(k).lower() for k, v in found.items()
                if isinstance(v, dict)}

    def _translate_error(self, exc: Exception) -> ProviderError:
        kind = type(exc).__name__
        t = self.transport
        if isinstance(exc, requests.exceptions.JSONDecodeError):
            return t.malformed("the body is not valid JSON")
        if isinstance(exc, requests.exceptions.RequestException):
            return t.error(f"the request failed ({kind})", retryable=True)
        if kind in ("AuthorizationException", "ApiKeyException"):
            return t.error("the service refused the key", hint=t.key_hint)  # exc holds the key
        if kind == "TooManyRequests":
            return t.error("the service says too many requests (HTTP 429)", retryable=True)
        if kind in ("RequestError", "ServerException"):
            return t.error(f"the service failed ({t.quote(str(exc))})", retryable=True)
        if kind in ("MicrosoftAPIerror", "BaiduAPIerror"):
            detail = t.quote(str(getattr(exc, "api_message", exc)))
            return t.error(f"the service answered with an error: {detail}",
                           hint=t.key_hint or "check the provider's options")
        if kind in ("NotValidLength", "NotValidPayload"):
            return t.error(f"the text is too long for the service "
                           f"(limit {self.limits.max_chars} characters)")
        if kind in ("LanguageNotSupportedException", "InvalidSourceOrTargetLanguage"):
            return t.error("the service does not translate this language pair")
        if isinstance(exc, (ValueError, KeyError, TypeError, AttributeError, IndexError,
                            StopIteration)) or kind in ("TranslationNotFound",
                                                        "ElementNotFoundInGetRequest"):
            return t.malformed(f"deep-translator could not read it ({kind})")
        return t.error(f"the service client failed ({kind})")


def _service_code(lang: str, languages: Mapping[str, str], transport: Transport) -> str:
    """Our language code (``bg``) as the service writes it (``bg-BG``, ``bul``, ``bg``)."""
    codes = set(languages.values())
    if lang in codes:
        return lang
    constants = importlib.import_module("deep_translator.constants")
    names = {code: name for name, code in constants.GOOGLE_LANGUAGES_TO_CODES.items()}
    name = names.get(lang.split("_")[0].split("-")[0])
    if name and name in languages:
        return languages[name]
    for code in sorted(codes):
        if code.split("-")[0].lower() == lang.lower():
            return code
    raise transport.error(f"the service does not translate {lang!r}",
                          hint="choose another provider for this language")


def _microsoft_class(base: type, languages: Any) -> type:
    """MicrosoftTranslator that takes its language list from us: deep-translator's asks a
    hard-coded address, without a timeout, every time a client is made."""

    class Microsoft(base):  # type: ignore[misc]
        def _get_supported_languages(self) -> dict[str, str]:
            result: dict[str, str] = languages()
            return result

    return Microsoft
