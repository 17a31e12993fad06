"""Inline Markdown of one segment, rendered as HTML, Markdown or plain text.

Text in articles is content, never markup: raw HTML is escaped (markdown-it runs with
``html=False``), and a link survives only with a safe scheme (http, https, mailto) or
none at all (a relative address or ``#anchor``). Images become links to the picture, so
the page itself makes no request anywhere.

Most segments are plain prose: they skip the Markdown parser (the fast path).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# A segment without any of these needs no inline parsing at all.
_SPECIAL = re.compile(r"[\\`*_\[\]<&!~]|  \n")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_plain(text: str) -> bool:
    return _SPECIAL.search(text) is None


def safe_url(url: str) -> bool:
    """True for http(s), mailto, or a scheme-less (relative) address."""
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in SAFE_SCHEMES


@lru_cache(maxsize=1)
def inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    md.validateLink = safe_url  # type: ignore[method-assign]
    md.add_render_rule("image", _image_as_link)
    return md


def _image_as_link(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = html.escape(token.content or "", quote=False)
    src = str(token.attrGet("src") or "")
    if not src:
        return alt
    return f'<a class="image" href="{html.escape(src)}">{alt}</a>'


def parse_inline(text: str) -> list[Token]:
    tokens = inline_parser().parseInline(text)
    return tokens[0].children or [] if tokens else []


def escape_html(text: str) -> str:
    """Escaped as markdown-it escapes text, so that both paths give the same bytes."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def to_html(text: str) -> str:
    if is_plain(text):
        return escape_html(text)
    md = inline_parser()
    return str(md.renderer.render(parse_inline(text), md.options, {}))


_MD_ESCAPE = re.compile(r"([\\`*\[\]<>|]|(?<!\w)_|_(?!\w))")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])(?=\s|$)", re.MULTILINE)
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_markdown(text: str) -> str:
    """Plain text as CommonMark that shows exactly that text."""
    text = _MD_ESCAPE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1],
                              text)


def to_markdown(text: str) -> str:
    """Inline Markdown re-written safely: unsafe links lose their address, raw HTML is text."""
    if is_plain(text):
        return escape_markdown(text)
    out: list[str] = []
    hrefs: list[str] = []
    autolinks: list[bool] = []
    for token in parse_inline(text):
        kind = token.type
        if kind == "text":
            out.append(token.content if autolinks and autolinks[-1]
                       else escape_markdown(token.content))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("\\\n")
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind == "code_inline":
            fence = "``" if "`" in token.content else "`"
            out.append(f"{fence}{token.content}{fence}")
        elif kind == "link_open":
            hrefs.append(str(token.attrGet("href") or ""))
            out.append("<" if token.markup == "autolink" else "[")
            autolinks.append(token.markup == "autolink")
        elif kind == "link_close":
            href = hrefs.pop()
            out.append(">" if autolinks.pop() else f"]({_md_url(href)})")
        elif kind == "image":
            src = str(token.attrGet("src") or "")
            out.append(f"[{escape_markdown(token.content)}]({_md_url(src)})")
    return "".join(out)


def _md_url(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


@dataclass
class LinkNotes:
    """Numbered references for plain text: ``text [1]`` and, at the end, ``[1] URL``."""

    urls: list[str] = field(default_factory=list)

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1


def to_text(text: str, notes: LinkNotes) -> str:
    """Inline Markdown as plain text; each link's address becomes a numbered reference."""
    if is_plain(text):
        return text
    out: list[str] = []
    hrefs: list[tuple[str, bool]] = []
    for token in parse_inline(text):
        kind = token.type
        if kind in ("text", "code_inline"):
            out.append(token.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "link_open":
            hrefs.append((str(token.attrGet("href") or ""), token.markup == "autolink"))
        elif kind == "link_close":
            href, auto = hrefs.pop()
            if not auto:
                out.append(f" [{notes.number(href)}]")
        elif kind == "image":
            src = str(token.attrGet("src") or "")
            out.append(token.content + (f" [{notes.number(src)}]" if src else ""))
    return "".join(out)
