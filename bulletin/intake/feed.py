"""News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom, one article per item.

Each item gives its title, its date (RSS writes RFC 822 dates, Atom ISO 8601), its author
and its text: the full content where the feed carries it (``content:encoded``, Atom
``content``), which then makes the description the summary, else the description. The
text is HTML as often as not, and goes through the same converter as an HTML page.
The XML is read safely (``bulletin.xmlread``); the bytes were decoded before, so the
declaration's encoding is dropped and the text read as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from bulletin.errors import InvalidInput
from bulletin.intake.dates import parse_feed_date
from bulletin.intake.draft import Draft, finish_body, strip_clock
from bulletin.xmlread import Node, parse_xml

_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*"
                   r"<(?:rss|rdf:RDF|feed)\b", re.DOTALL | re.IGNORECASE)
_DECLARED = re.compile(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*([\"'])[^\"']*\2")
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")  # RSS: "desk@example.bg (Име)"


def looks_like_feed(text: str) -> bool:
    """Whether ``text`` is an RSS or Atom document (by its root element)."""
    return bool(_ROOT.match(text[:4000]))


def read_feed(text: str, path: Path) -> list[Draft]:
    """One draft per item of the feed, numbered from 1 in the order of the feed."""
    root = parse_xml(path, _DECLARED.sub(r"\1", text, count=1).encode("utf-8"))
    if root.local == "feed":
        items = list(root.find_all("entry"))
    elif root.local == "rss":
        channel = root.find("channel")
        items = list(channel.find_all("item")) if channel is not None else []
    else:  # RSS 1.0: the items are the root's children
        items = list(root.find_all("item"))
    if not items:
        raise InvalidInput("the feed has no items", path=path,
                           hint="a feed gives one article per <item> (RSS) or <entry> (Atom)")
    return [_draft(item, number) for number, item in enumerate(items, 1)]


def _draft(item: Node, number: int) -> Draft:
    content = _first(item, "encoded", "content")
    description = _first(item, "description", "summary")
    text = content or description
    body = _markdown(text)
    draft = Draft(title=strip_clock(" ".join(_first(item, "title").split())), body=body,
                  item=number)
    if content and description:
        summary = " ".join(_plain(description).split())
        draft.summary = summary if summary and summary not in " ".join(body.split()) else None
    for name in ("pubDate", "published", "date", "updated", "issued", "modified"):
        found = parse_feed_date(_first(item, name))
        if found is not None:
            draft.date = found
            break
    draft.author = _author(item)
    link = _link(item)
    if link:
        draft.notes.append(f"from {link}")
    finish_body(draft)
    return draft


def _first(item: Node, *names: str) -> str:
    """The text of the first child of ``item`` with one of ``names`` (any namespace)."""
    for name in names:
        for child in item.find_all(name):
            if child.local == "content" and child.get("type") == "xhtml":
                return "".join(_xml_markup(c) for c in child.content)
            text = child.text().strip()
            if text:
                return text
    return ""


def _xml_markup(node: str | Node) -> str:
    """Atom's inline XHTML content written out again as HTML, for the converter."""
    if isinstance(node, str):
        return node.replace("&", "&amp;").replace("<", "&lt;")
    inner = "".join(_xml_markup(c) for c in node.content)
    return f"<{node.local}>{inner}</{node.local}>"


def _markdown(html: str) -> str:
    from bulletin.intake.htmlmarkdown import Converter
    from bulletin.intake.htmltree import parse_html

    return Converter().convert(parse_html(html)).strip()


def _plain(html: str) -> str:
    from bulletin.intake.htmltree import parse_html

    return parse_html(html).text()


def _author(item: Node) -> str | None:
    for child in item.children:
        if child.local == "author":
            name = child.find("name")  # Atom: <author><name>…</name></author>
            text = " ".join((name.text() if name is not None else child.text()).split())
            match = _EMAIL_NAME.match(text)
            return match.group(1).strip() if match else (text or None)
        if child.local == "creator" and child.text().strip():  # dc:creator
            return " ".join(child.text().split())
    return None


def _link(item: Node) -> str | None:
    for child in item.find_all("link"):
        href = child.get("href")  # Atom
        if href and child.get("rel", "alternate") == "alternate":
            return href
        if child.text().strip():
            return child.text().strip()
    return None
