"""LibreTranslate over HTTP: any url (self-hosted or not), key optional, real batches.

deep-translator's own client ignores a custom ``base_url`` and lacks Bulgarian in its language
list, so this talks to ``POST /translate`` directly and sends a batch as a list ``q``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bulletin.translation.providers import Limits, ProviderSettings
from bulletin.translation.providers.http import Transport

DEFAULT_URL = "http://localhost:5000"


class LibreProvider:
    """Options: ``url``, ``api_key`` (env only), ``timeout``, ``format`` (text or html),
    ``max_chars``, ``max_batch``, ``max_request_chars``."""

    def __init__(self, settings: ProviderSettings) -> None:
        self.name = settings.name
        self.url = (settings.text("url") or DEFAULT_URL).rstrip("/")
        self._api_key = settings.secret("api_key")
        self.format = settings.text("format", "text") or "text"
        request_chars = settings.options.get("max_request_chars")
        self.limits = Limits(max_chars=settings.integer("max_chars", 5000),
                             max_batch=settings.integer("max_batch", 25),
                             max_request_chars=(settings.integer("max_request_chars", 1)
                                                if request_chars else None))
        self.transport = Transport(
            f"LibreTranslate at {self.url}", settings,
            key_hint=f"check {settings.env_name('api_key')}" if self._api_key else
            f"this server wants a key: set {settings.env_name('api_key')}")

    def __repr__(self) -> str:
        return f"LibreProvider(url={self.url!r})"

    def translate(self, texts: Sequence[str], source: str, target: str,
                  glossary: Mapping[str, str] | None = None) -> list[str]:
        if not texts:
            return []
        body: dict[str, Any] = {"q": list(texts), "source": source, "target": target,
                                "format": self.format}
        if self._api_key:
            body["api_key"] = self._api_key
        data = self.transport.fetch("POST", f"{self.url}/translate", json=body)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise self.transport.malformed("no list of texts in 'translatedText'")
        if len(translated) != len(texts):
            raise self.transport.malformed(
                f"{len(translated)} translations for {len(texts)} texts")
        return translated
