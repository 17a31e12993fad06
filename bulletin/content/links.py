"""Link addresses: which may be linked at all, and how a link carries one.

Only http, https and mailto addresses, and addresses without a scheme (``cover.jpg``,
``#section``), are linked (``safe_url``); ``javascript:``, ``data:``, ``file:`` and the
rest are shown as the text they were written as (``bulletin.content.document`` applies that).
An address goes into ``href`` as CommonMark renderers write it: its host name in
Punycode, any character a URL cannot hold percent-encoded (``normalise_url``).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from urllib.parse import quote

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# The host of an http(s), mailto or scheme-less ``//host`` address.
_HOST = re.compile(r"(?i:https?:)?//(?:[^/?#@]*@)?(?P<host>[^/?#:\[\]]*)"
                   r"|(?i:mailto:)[^@/?#]*@(?P<mail>[^/?#:]*)")
_LABEL_DOTS = re.compile("[.\u3002\uff0e\uff61]")
_LONE_PERCENT = re.compile(r"%(?![0-9a-fA-F]{2})")
_URL_CHARS = ";/?:@&=+$,-_.!~*'()#%"  # kept as they are (with letters and digits)


def safe_url(url: str) -> bool:
    """True for http(s), mailto, or a scheme-less (relative) address."""
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in SAFE_SCHEMES


@lru_cache(maxsize=4096)  # a newsroom links the same few sites again and again
def normalise_url(url: str) -> str:
    """``url`` as a link's ``href``."""
    host = _host(url)
    if host is not None:
        begin, end = host
        url = url[:begin] + _to_punycode(url[begin:end]) + url[end:]
    return quote(_LONE_PERCENT.sub("%25", url), safe=_URL_CHARS)


def _host(url: str) -> tuple[int, int] | None:
    match = _HOST.match(url)
    if match is None:
        return None
    return match.span("host" if match["host"] is not None else "mail")


def _to_punycode(host: str) -> str:
    if host.isascii():
        return host
    return ".".join(label if label.isascii()
                    else "xn--" + codecs.encode(label, "punycode").decode("ascii")
                    for label in _LABEL_DOTS.split(host))
