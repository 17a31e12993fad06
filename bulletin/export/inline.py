"""Inline Markdown of one segment, rendered as HTML, Markdown or plain text.

Text in articles is content, never markup: raw HTML is escaped (markdown-it runs with
``html=False``), and a link survives only with a safe scheme (http, https, mailto) or
none at all (a relative address or ``#anchor``). Images become links to the picture, so
the page itself makes no request anywhere.

Most segments are plain prose: they skip the Markdown parser (the fast path). Most of the
rest use only emphasis, links and code: ``fastinline`` reads those far quicker than
markdown-it, and hands anything it is not sure about back to markdown-it, so that both
paths give the same bytes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from bulletin.export import fastinline as fast

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# A segment without any of these needs no inline parsing at all.
_SPECIAL = re.compile(r"[\\`*_\[\]<&!~\r\n]")
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


def fast_tokens(text: str) -> list[fast.Token] | None:
    """The quick parser's tokens, or None when markdown-it must parse ``text``."""
    return fast.parse(text, _fast_href)


@lru_cache(maxsize=2048)
def _fast_href(destination: str) -> str | None:
    """A link destination's href exactly as markdown-it makes it, or None if refused."""
    from markdown_it.common.utils import unescapeAll

    md = inline_parser()
    href = md.normalizeLink(unescapeAll(destination))
    return href if md.validateLink(href) else None


_HTML_TAGS = {fast.EM_OPEN: "<em>", fast.EM_CLOSE: "</em>", fast.STRONG_OPEN: "<strong>",
              fast.STRONG_CLOSE: "</strong>", fast.LINK_CLOSE: "</a>",
              fast.SOFTBREAK: "\n", fast.HARDBREAK: "<br />\n"}


def render_html(tokens: list[fast.Token]) -> str:
    """The quick parser's tokens as markdown-it's renderer writes them."""
    out: list[str] = []
    for token in tokens:
        kind = token[0]
        if kind == fast.TEXT:
            out.append(escape_html(token[1]))  # type: ignore[misc]
        elif kind == fast.CODE:
            out.append(f"<code>{escape_html(token[1])}</code>")  # type: ignore[misc]
        elif kind == fast.LINK_OPEN:
            href, title = token[1], token[2]  # type: ignore[misc]
            title_attr = f' title="{escape_html(title)}"' if title else ""
            out.append(f'<a href="{escape_html(href)}"{title_attr}>')
        else:
            out.append(_HTML_TAGS[kind])
    return "".join(out)


def to_html(text: str) -> str:
    if is_plain(text):
        return escape_html(text)
    tokens = fast_tokens(text)
    if tokens is not None:
        return render_html(tokens)
    return markdown_it_html(text)


def markdown_it_html(text: str) -> str:
    """HTML from markdown-it itself (the reference that the quick parser agrees with)."""
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


_MD_MARKS = {fast.EM_OPEN: "*", fast.EM_CLOSE: "*", fast.STRONG_OPEN: "**",
             fast.STRONG_CLOSE: "**", fast.LINK_OPEN: "[", fast.SOFTBREAK: "\n",
             fast.HARDBREAK: "\\\n"}


def render_markdown(tokens: list[fast.Token]) -> str:
    """The quick parser's tokens as ``markdown_it_markdown`` writes them."""
    out: list[str] = []
    href = ""
    for token in tokens:
        kind = token[0]
        if kind == fast.TEXT:
            out.append(escape_markdown(token[1]))  # type: ignore[misc]
        elif kind == fast.CODE:
            fence = "``" if "`" in token[1] else "`"  # type: ignore[misc]
            out.append(f"{fence}{token[1]}{fence}")  # type: ignore[misc]
        elif kind == fast.LINK_CLOSE:
            out.append(f"]({_md_url(href)})")
        else:
            if kind == fast.LINK_OPEN:
                href = token[1]  # type: ignore[misc]
            out.append(_MD_MARKS[kind])
    return "".join(out)


def to_markdown(text: str) -> str:
    """Inline Markdown re-written safely: unsafe links lose their address, raw HTML is text."""
    if is_plain(text):
        return escape_markdown(text)
    tokens = fast_tokens(text)
    if tokens is not None:
        return render_markdown(tokens)
    return markdown_it_markdown(text)


def markdown_it_markdown(text: str) -> str:
    """``to_markdown`` through markdown-it itself."""
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


_TEXT_BREAKS = {fast.SOFTBREAK: " ", fast.HARDBREAK: "\n"}


def render_text(tokens: list[fast.Token], notes: LinkNotes) -> str:
    """The quick parser's tokens as ``markdown_it_text`` writes them."""
    out: list[str] = []
    href = ""
    for token in tokens:
        kind = token[0]
        if kind == fast.TEXT or kind == fast.CODE:
            out.append(token[1])  # type: ignore[misc]
        elif kind == fast.LINK_OPEN:
            href = token[1]  # type: ignore[misc]
        elif kind == fast.LINK_CLOSE:
            out.append(f" [{notes.number(href)}]")
        elif kind in _TEXT_BREAKS:
            out.append(_TEXT_BREAKS[kind])
    return "".join(out)


def to_text(text: str, notes: LinkNotes) -> str:
    """Inline Markdown as plain text; each link's address becomes a numbered reference."""
    if is_plain(text):
        return text
    tokens = fast_tokens(text)
    if tokens is not None:
        return render_text(tokens, notes)
    return markdown_it_text(text, notes)


def markdown_it_text(text: str, notes: LinkNotes) -> str:
    """``to_text`` through markdown-it itself."""
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
