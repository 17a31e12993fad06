"""Link addresses: which may be linked at all, and how a link carries one.

Only http, https and mailto addresses, and addresses without a scheme (``cover.jpg``,
``#section``), are linked (``safe_url``); ``javascript:``, ``data:``, ``file:`` and the
rest are shown as the text they were written as (``bulletin.document`` applies that).
An address goes into ``href`` as CommonMark renderers write it: its host name in
Punycode, any character a URL cannot hold percent-encoded (``normalise_url``).
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import quote

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# The host of an http(s), mailto or scheme-less ``//host`` address.
_HOST = re.compile(r"(?i:https?:)?//(?:[^/?#@]*@)?(?P<host>[^/?#:\[\]]*)"
                   r"|(?i:mailto:)[^@/?#]*@(?P<mail>[^/?#:]*)")
_LABEL_DOTS = re.compile("[.\u3002\uff0e\uff61]")
_LONE_PERCENT = re.compile(r"%(?![0-9a-fA-F]{2})")
_ESCAPES = re.compile(r"(?:%[0-9a-fA-F]{2})+")
_URL_CHARS = ";/?:@&=+$,-_.!~*'()#%"  # kept as they are (with letters and digits)
_MEANINGFUL = frozenset(";/?:@&=+$,#%")  # stay escaped when an address is shown


def safe_url(url: str) -> bool:
    """True for http(s), mailto, or a scheme-less (relative) address."""
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def normalise_url(url: str) -> str:
    """``url`` as a link's ``href``."""
    host = _host(url)
    if host is not None:
        begin, end = host
        url = url[:begin] + _to_punycode(url[begin:end]) + url[end:]
    return quote(_LONE_PERCENT.sub("%25", url), safe=_URL_CHARS)


def shown_url(url: str) -> str:
    """``url`` as an autolink shows it: its host and percent-escapes read back."""
    host = _host(url)
    if host is not None:
        begin, end = host
        url = url[:begin] + _from_punycode(url[begin:end]) + url[end:]
    return _ESCAPES.sub(_unescape, url)


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


def _from_punycode(host: str) -> str:
    return ".".join(_label(label) for label in host.split("."))


def _label(label: str) -> str:
    if label[:4].lower() != "xn--" or not label.isascii():
        return label
    try:
        return codecs.decode(label[4:].encode("ascii"), "punycode")
    except UnicodeError:
        return label


def _unescape(match: re.Match[str]) -> str:
    """A run of percent-escapes read back, but for the characters that mean something in
    an address (``/``, ``?``, ``%``…), which stay escaped."""
    escaped = match.group(0)
    data = bytes.fromhex(escaped.replace("%", ""))
    out: list[str] = []
    index = 0
    while index < len(data):
        if data[index] < 0x80:
            char = chr(data[index])
            out.append(escaped[index * 3:index * 3 + 3] if char in _MEANINGFUL else char)
            index += 1
            continue
        stop = index
        while stop < len(data) and data[stop] >= 0x80:
            stop += 1
        out.append(data[index:stop].decode("utf-8", "replace"))
        index = stop
    return "".join(out)
