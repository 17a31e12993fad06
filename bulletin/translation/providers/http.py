"""HTTP for providers: a timeout on every request, one error model, secrets scrubbed.

Every failure a service can cause (no network, a reset connection, a timeout, an HTTP error
status, an answer that does not parse) leaves here as a :class:`ProviderError` whose message
says what happened in plain words, with ``retryable`` and ``retry_after`` set for the client.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests

from bulletin.errors import ProviderError

if TYPE_CHECKING:
    from bulletin.translation.providers import ProviderSettings

DEFAULT_TIMEOUT = 30.0
USER_AGENT = "bulletin (newsroom translation tool)"


DETAIL_CHARS = 200  # how much of a service's own error message a message quotes
PARTIAL = 6  # a run this long of a secret is scrubbed too: a service may echo part of a key


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret, and every run of ``PARTIAL`` or more of its characters,
    replaced by ``***``.

    Scrub before cutting a text short, never after: a key cut at the end of a quote is no
    longer the whole key, and only the run rule would still catch it.
    """
    chosen = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)
    for secret in chosen:
        text = text.replace(secret, "***")
    for secret in chosen:
        if len(secret) >= PARTIAL:
            text = _scrub_runs(text, secret)
    return text


def _scrub_runs(text: str, secret: str) -> str:
    grams = {secret[i:i + PARTIAL] for i in range(len(secret) - PARTIAL + 1)}
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i:i + PARTIAL] in grams:
            end = i + PARTIAL
            while end < len(text) and text[i:end + 1] in secret:
                end += 1
            out.append("***")
            i = end
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def quote(text: str, secrets: Iterable[str], limit: int = DETAIL_CHARS) -> str:
    """A service's own words, fit to show: secrets scrubbed first, then cut to ``limit``."""
    text = scrub(text.strip(), secrets)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Transport:
    """Requests for one provider: thread-local sessions, a timeout (the provider's
    ``timeout`` option), errors in our words with the provider's secrets scrubbed, and
    ``headers`` sent with every request."""

    def __init__(self, label: str, settings: ProviderSettings, *, key_hint: str = "",
                 headers: Mapping[str, str] | None = None) -> None:
        self.label = label
        self.timeout = settings.number("timeout", DEFAULT_TIMEOUT)
        self._secrets = tuple(settings.secrets())
        self.key_hint = key_hint
        self._headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"Transport({self.label!r}, timeout={self.timeout})"

    def session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(self._headers)
            self._local.session = session
        return session

    def scrub(self, text: str) -> str:
        return scrub(text, self._secrets)

    def quote(self, text: str) -> str:
        """A service's own words for a message: scrubbed, then cut short."""
        return quote(text, self._secrets)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request; an error status or a transport failure raises ProviderError."""
        kwargs.setdefault("timeout", self.timeout)
        host = urlsplit(url).netloc or url
        try:
            response = self.session().request(method, url, **kwargs)
        except requests.exceptions.ConnectTimeout:
            raise self.error(f"no network: cannot reach {host} (no answer to connect within "
                             f"{self.timeout:g} s)", retryable=True,
                             hint="check the network and the provider's url") from None
        except requests.exceptions.Timeout:
            raise self.error(f"the service timed out: {host} sent no answer within "
                             f"{self.timeout:g} s", retryable=True,
                             hint="try again, or raise the provider's timeout option") from None
        except requests.exceptions.SSLError:
            raise self.error(f"the secure connection to {host} failed (TLS)",
                             hint="check the provider's url and the system's certificates"
                             ) from None
        except requests.exceptions.ConnectionError as exc:
            raise self.error(_connection_message(exc, host), retryable=True,
                             hint="check the network and the provider's url") from None
        except requests.exceptions.RequestException as exc:
            raise self.error(f"the request to {host} failed ({type(exc).__name__})",
                             retryable=True) from None
        if response.status_code >= 400:
            raise self.status_error(response)
        return response

    def fetch(self, method: str, url: str, **kwargs: Any) -> Any:
        """The JSON answer to one ``request``; a body that is no JSON is malformed."""
        response = self.request(method, url, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise self.malformed("the body is not valid JSON") from None

    def status_error(self, response: requests.Response) -> ProviderError:
        status = response.status_code
        after = retry_after_seconds(response.headers.get("Retry-After"))
        detail = _service_message(response, self._secrets)
        if status in (401, 403):
            if self.key_hint:
                return self.error(f"the service refused the key (HTTP {status})",
                                  hint=self.key_hint)
            return self.error(f"the service refused access (HTTP {status}){detail}",
                              hint="the service may be blocking this client; try another "
                                   "provider")
        if status == 429:
            return self.error("the service says too many requests: the rate limit is reached or "
                              "the quota spent (HTTP 429)", retryable=True,
                              retry_after=after, hint="wait and try again, or raise the plan")
        if status == 456:
            return self.error("quota spent: the service's character quota is used up "
                              "(HTTP 456)", hint="wait for the next billing period or raise "
                                                 "the plan")
        if status in (413, 414):
            return self.error(f"the request was too large for the service (HTTP {status})",
                              hint="lower the provider's max_chars or max_batch option")
        if status >= 500:
            return self.error(f"the service failed (HTTP {status}){detail}", retryable=True,
                              retry_after=after, hint="try again later")
        return self.error(f"the service rejected the request (HTTP {status}){detail}",
                          hint="check the provider's options and languages")

    def malformed(self, what: str) -> ProviderError:
        return self.error(f"the service sent a malformed answer: {what}", retryable=True,
                          hint="try again; if it persists, check the provider's url")

    def error(self, message: str, *, hint: str = "", retryable: bool = False,
              retry_after: float | None = None) -> ProviderError:
        return ProviderError(self.scrub(f"{self.label}: {message}"), hint=self.scrub(hint),
                             retryable=retryable, retry_after=retry_after)


def _connection_message(exc: requests.exceptions.ConnectionError, host: str) -> str:
    text = repr(exc)
    if any(mark in text for mark in ("NewConnectionError", "NameResolution", "getaddrinfo",
                                     "Connection refused", "Failed to resolve")):
        return f"no network: cannot reach {host}"
    return f"the connection to {host} was cut before an answer came"


def _service_message(response: requests.Response, secrets: Iterable[str]) -> str:
    """The service's own short explanation, if its error body has one."""
    try:
        body = response.json()
    except ValueError:
        return ""
    message: Any = None
    if isinstance(body, dict):
        message = body.get("error") or body.get("message") or body.get("error_msg")
        if isinstance(message, dict):
            message = message.get("message")
    if not isinstance(message, str) or not message.strip():
        return ""
    return f": {quote(message, secrets)}"
