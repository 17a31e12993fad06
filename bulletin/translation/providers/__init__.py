"""Translation providers: one ``Provider`` protocol, a registry, and settings from toml + env.

A provider translates a batch of texts in ONE request (or, for a service without batching, the
fewest requests it needs) and raises :class:`bulletin.errors.ProviderError` for every failure.
Splitting, batching, concurrency and retries are the job of
:mod:`bulletin.translation.providers.client`.

Built-in providers are registered exactly like a third party's would be::

    from bulletin.translation.providers import register
    register("mine", lambda settings: MyProvider(settings))

This module imports nothing heavy: each factory imports its module when it is called.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from bulletin.config import env_name, is_secret, stored_secret
from bulletin.errors import InvalidInput, UsageError

if TYPE_CHECKING:
    from bulletin.config import Config


@dataclass(frozen=True)
class Limits:
    """What one request may carry: characters per text, texts per request (and, optionally,
    characters per request in total)."""

    max_chars: int
    max_batch: int
    max_request_chars: int | None = None


class Provider(Protocol):
    name: str
    limits: Limits

    def translate(self, texts: Sequence[str], source: str, target: str,
                  glossary: Mapping[str, str] | None = None) -> list[str]: ...


@dataclass(frozen=True)
class ProviderSettings:
    """A provider's options: ``[providers.<name>]`` overlaid with ``BULLETIN_<NAME>_<OPTION>``.

    Secret options (names ending in key, secret, token, password) come only from the
    environment and never appear in a repr or a message.
    """

    name: str
    options: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        shown = {k: ("***" if is_secret(k) else v) for k, v in self.options.items()}
        return f"ProviderSettings(name={self.name!r}, options={shown!r})"

    def env_name(self, option: str) -> str:
        return env_name(self.name, option)

    def text(self, option: str, default: str | None = None) -> str | None:
        value = self.options.get(option)
        if value is None or value == "":
            return default
        return str(value)

    def number(self, option: str, default: float) -> float:
        value = self.options.get(option)
        if value is None or value == "":
            return default
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise UsageError(f"provider {self.name}: option {option!r} must be a number, "
                             f"not {value!r}",
                             hint=f"set [providers.{self.name}] {option} = 30 or "
                                  f"{self.env_name(option)}=30") from None
        if number <= 0:
            raise UsageError(f"provider {self.name}: option {option!r} must be above 0")
        return number

    def integer(self, option: str, default: int) -> int:
        return int(self.number(option, default))

    def secret(self, option: str) -> str | None:
        return self.text(option)

    def require_secret(self, option: str, what: str = "a key") -> str:
        value = self.secret(option)
        if not value:
            raise UsageError(f"provider {self.name} needs {what}",
                             hint=f"set {self.env_name(option)} in the environment")
        return value

    def secrets(self) -> list[str]:
        """Every secret value, for scrubbing messages."""
        return [str(v) for k, v in self.options.items() if is_secret(k) and v]


Factory = Callable[[ProviderSettings], Provider]
_REGISTRY: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    """Make ``name`` available to :func:`create`; a later registration replaces an earlier."""
    _REGISTRY[name] = factory


def available() -> list[str]:
    return sorted(_REGISTRY)


def settings_for(name: str, config: Config | None,
                 env: Mapping[str, str] = os.environ) -> ProviderSettings:
    """``config.providers[name]`` overlaid with the environment's ``BULLETIN_<NAME>_*``."""
    table = dict(config.providers.get(name, {})) if config is not None else {}
    for option in sorted(table):
        if is_secret(option):  # as load_config reports it; a Config made in code may hold one
            path = config.root / "bulletin.toml" if config is not None else None
            problem = stored_secret(name, option, path)
            raise InvalidInput(problem.message, hint=problem.hint, path=path)
    prefix = env_name(name, "")
    for var, value in env.items():
        if var.startswith(prefix) and len(var) > len(prefix):
            table[var[len(prefix):].lower()] = value
    return ProviderSettings(name, table)


def create(name: str, config: Config | None,
           env: Mapping[str, str] = os.environ) -> Provider:
    """The provider called ``name``, set up from ``config`` and ``env``."""
    factory = _REGISTRY.get(name)
    if factory is None:
        raise UsageError(f"unknown translation provider {name!r}",
                         hint=f"available: {', '.join(available())}")
    return factory(settings_for(name, config, env))


def _lazy(module: str, attribute: str, *args: Any) -> Factory:
    def factory(settings: ProviderSettings) -> Provider:
        import importlib

        made: Provider = getattr(importlib.import_module(module), attribute)(settings, *args)
        return made

    return factory


# The deep-translator services that translate Bulgarian sentences (see deeptrans.SERVICES).
DEEP_TRANSLATOR_SERVICES = ("google", "mymemory", "microsoft", "yandex", "baidu")
register("libre", _lazy("bulletin.translation.providers.libre", "LibreProvider"))
register("deepl", _lazy("bulletin.translation.providers.deepl", "DeepLProvider"))
for _service in DEEP_TRANSLATOR_SERVICES:
    register(_service, _lazy("bulletin.translation.providers.deeptrans",
                             "DeepTranslatorProvider", _service))
