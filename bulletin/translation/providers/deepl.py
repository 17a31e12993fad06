"""DeepL over HTTP: the current API (key in the ``Authorization`` header, POST JSON, up to 50
texts per request), ``formality``, ``tag_handling`` and glossaries through ``/v2/glossaries``.

deep-translator still sends the key in the query string, which DeepL no longer accepts.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from bulletin.errors import UsageError
from bulletin.translation.providers import Limits, ProviderSettings
from bulletin.translation.providers.http import Transport

FREE_URL = "https://api-free.deepl.com"
PRO_URL = "https://api.deepl.com"
FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")
TAG_HANDLINGS = ("xml", "html")
# DeepL wants a variant for these targets; the newsroom writes British English by default.
TARGET_VARIANTS = {"en": "EN-GB", "pt": "PT-PT"}


class DeepLProvider:
    """Options: ``api_key`` (env only), ``url``, ``timeout``, ``formality``, ``tag_handling``,
    ``english`` (EN-GB or EN-US), ``max_chars``, ``max_batch`` (at most 50)."""

    def __init__(self, settings: ProviderSettings) -> None:
        self.name = settings.name
        key = settings.require_secret("api_key", "a DeepL authentication key")
        default_url = FREE_URL if key.endswith(":fx") else PRO_URL
        self.url = (settings.text("url") or default_url).rstrip("/")
        self.formality = settings.text("formality")
        if self.formality is not None and self.formality not in FORMALITIES:
            raise UsageError(f"provider deepl: formality must be one of "
                             f"{', '.join(FORMALITIES)}, not {self.formality!r}")
        self.tag_handling = settings.text("tag_handling")
        if self.tag_handling is not None and self.tag_handling not in TAG_HANDLINGS:
            raise UsageError(f"provider deepl: tag_handling must be xml or html, "
                             f"not {self.tag_handling!r}")
        self.english = (settings.text("english") or "EN-GB").upper()
        self.limits = Limits(max_chars=settings.integer("max_chars", 5000),
                             max_batch=min(50, settings.integer("max_batch", 50)),
                             max_request_chars=50_000)
        self.transport = Transport(f"DeepL at {self.url}", settings,
                                   key_hint=f"check {settings.env_name('api_key')}",
                                   headers={"Authorization": f"DeepL-Auth-Key {key}"})
        self._glossaries: dict[tuple[str, str, str], str | None] = {}
        self._pairs: set[tuple[str, str]] | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"DeepLProvider(url={self.url!r})"

    def target_code(self, target: str) -> str:
        base = target.split("_")[0].split("-")[0].lower()
        if base == "en":
            return self.english
        return TARGET_VARIANTS.get(base, base.upper())

    def translate(self, texts: Sequence[str], source: str, target: str,
                  glossary: Mapping[str, str] | None = None) -> list[str]:
        if not texts:
            return []
        body: dict[str, Any] = {"text": list(texts), "source_lang": source.upper(),
                                "target_lang": self.target_code(target)}
        if self.formality:
            body["formality"] = self.formality
        if self.tag_handling:
            body["tag_handling"] = self.tag_handling
        if glossary:
            glossary_id = self.glossary_id(source, target, glossary)
            if glossary_id:
                body["glossary_id"] = glossary_id
        data = self.transport.fetch("POST", f"{self.url}/v2/translate", json=body)
        items = data.get("translations") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise self.transport.malformed("no 'translations' list")
        if len(items) != len(texts):
            raise self.transport.malformed(f"{len(items)} translations for {len(texts)} texts")
        out: list[str] = []
        for item in items:
            text = item.get("text") if isinstance(item, dict) else None
            if not isinstance(text, str):
                raise self.transport.malformed("a translation without 'text'")
            out.append(text)
        return out

    def glossary_id(self, source: str, target: str, entries: Mapping[str, str]) -> str | None:
        """The id of a DeepL glossary holding ``entries`` (found by name, or created once);
        None when DeepL has no glossaries for this language pair."""
        src, tgt = source.split("_")[0].lower(), target.split("_")[0].split("-")[0].lower()
        clean = {" ".join(k.split()): " ".join(v.split()) for k, v in entries.items()
                 if k.strip() and v.strip()}
        tsv = "\n".join(f"{k}\t{v}" for k, v in sorted(clean.items()))
        digest = hashlib.sha256(tsv.encode("utf-8")).hexdigest()[:12]
        cache_key = (src, tgt, digest)
        with self._lock:
            if cache_key in self._glossaries:
                return self._glossaries[cache_key]
            found: str | None = None
            if clean and (src, tgt) in self._language_pairs():
                name = f"bulletin-{src}-{tgt}-{digest}"
                found = self._find_glossary(name) or self._create_glossary(name, src, tgt, tsv)
            self._glossaries[cache_key] = found
            return found

    def _language_pairs(self) -> set[tuple[str, str]]:
        if self._pairs is None:
            data = self.transport.fetch("GET", f"{self.url}/v2/glossary-language-pairs")
            pairs = data.get("supported_languages") if isinstance(data, dict) else None
            if not isinstance(pairs, list):
                raise self.transport.malformed("no 'supported_languages' list")
            self._pairs = {(str(p.get("source_lang", "")).lower(),
                            str(p.get("target_lang", "")).lower())
                           for p in pairs if isinstance(p, dict)}
        return self._pairs

    def _find_glossary(self, name: str) -> str | None:
        data = self.transport.fetch("GET", f"{self.url}/v2/glossaries")
        for item in (data.get("glossaries") or []) if isinstance(data, dict) else []:
            if isinstance(item, dict) and item.get("name") == name and item.get("ready", True):
                return str(item["glossary_id"])
        return None

    def _create_glossary(self, name: str, src: str, tgt: str, tsv: str) -> str:
        data = self.transport.fetch(
            "POST", f"{self.url}/v2/glossaries",
            json={"name": name, "source_lang": src, "target_lang": tgt, "entries": tsv,
                  "entries_format": "tsv"})
        if not isinstance(data, dict) or not isinstance(data.get("glossary_id"), str):
            raise self.transport.malformed("no 'glossary_id' for the new glossary")
        return str(data["glossary_id"])
