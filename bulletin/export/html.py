"""HTML: one standalone page (the stylesheet and the pictures are embedded, nothing is
fetched).

A picture that is a file of its article is an ``<img>`` whose address the article's
pictures give (``bulletin.export.pictures``: a ``data:`` address, or a file beside the
page with ``--assets``); one it cannot show is its description; a picture elsewhere
becomes a link to it, so that the page itself makes no request.
"""

from __future__ import annotations

import html

from bulletin.content.document import Block, Inline, engine_html, inline
from bulletin.content.pictures import is_remote
from bulletin.export import TextLookup
from bulletin.export.inline import LinkNotes, plain_text, text_runs
from bulletin.export.model import Piece, Review, Settings
from bulletin.export.pictures import ArticlePictures
from bulletin.translation.typography import hold_numbers

_ALIGN = {"left": "left", "center": "center", "right": "right"}
MACHINE = "data-machine"  # on each element that holds machine text, for styles and scripts
REVIEW = "data-review"  # the review view (bulletin serve): each segment's state, and its note
# The review view's label of each state (a reviewed segment has none, only its QA findings).
STATE_LABELS = {"machine": "Machine draft: no editor has read it yet",
                "stale": "Stale: the source changed after this was translated",
                "missing": "Missing: not translated yet"}


class HtmlExporter:
    name = "html"
    extension = "html"
    page_template = "bulletin.html.j2"
    article_template = "article.html.j2"
    autoescape = True
    pictures = "embed"  # how a picture of the article is shown (bulletin.export.pictures)

    def plain(self, text: str) -> str:
        return html.escape(text, quote=False)

    def piece(self, piece: Piece, settings: Settings, notes: LinkNotes) -> str:
        rendered = self._inline(piece, settings, notes)
        if piece.review is not None:
            attrs = f' {REVIEW}="{piece.review.state}"' + (f" {MACHINE}" if piece.machine else "")
            return f"<span{attrs}>{rendered}{review_note(piece.review, settings)}</span>"
        return f"<span {MACHINE}>{rendered}</span>" if piece.machine else rendered

    def _inline(self, piece: Piece, settings: Settings, notes: LinkNotes) -> str:
        if piece.status == "missing":  # the text is the localised note
            return f'<span class="missing">[{html.escape(piece.text, quote=False)}]</span>'
        rendered = to_html(piece.text, settings.locale(piece.lang), notes.pictures)
        if piece.status == "fallback":
            return f'<span class="fallback" lang="{piece.lang}">{rendered}</span>'
        return rendered

    def block(self, block: Block, text: TextLookup, settings: Settings,
              notes: LinkNotes) -> str:
        return "".join(self._block(block, text, settings, notes, tight=False)).rstrip("\n")

    def _segment(self, block: Block, text: TextLookup, settings: Settings,
                 notes: LinkNotes) -> tuple[str, str]:
        """A text block's attributes (``data-machine`` for machine text) and content."""
        piece = text(block)
        if piece is None:
            return "", ""
        attrs = f" {MACHINE}" if piece.machine else ""
        if piece.review is None:
            return attrs, self._inline(piece, settings, notes)
        return (f' {REVIEW}="{piece.review.state}"{attrs}',
                self._inline(piece, settings, notes) + review_note(piece.review, settings))

    def _block(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
               tight: bool) -> list[str]:
        kind = block.kind
        if kind == "paragraph":
            attrs, inner = self._segment(block, text, settings, notes)
            if tight:  # an item's text without <p>: the marked element is a <span>
                return [f"<span{attrs}>{inner}</span>" if attrs else inner]
            return [f"<p{attrs}>{inner}</p>\n"]
        if kind == "heading":
            level = block.level
            attrs, inner = self._segment(block, text, settings, notes)
            return [f"<h{level}{attrs}>{inner}</h{level}>\n"]
        if kind == "list":
            tag = "ol" if block.ordered else "ul"
            start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
            items = [f"<li>{''.join(self._children(item, text, settings, notes, block.tight))}"
                     "</li>\n" for item in block.children]
            return [f"<{tag}{start}>\n", *items, f"</{tag}>\n"]
        if kind == "quote":
            return ["<blockquote>\n", *self._children(block, text, settings, notes, False),
                    "</blockquote>\n"]
        if kind == "table":
            return self._table(block, text, settings, notes)
        if kind == "code":
            return [f"<pre><code>{html.escape(block.code, quote=False)}</code></pre>\n"]
        if kind == "rule":
            return ["<hr>\n"]
        return self._children(block, text, settings, notes, tight)

    def _children(self, block: Block, text: TextLookup, settings: Settings, notes: LinkNotes,
                  tight: bool) -> list[str]:
        out: list[str] = []
        for child in block.children:
            out += self._block(child, text, settings, notes, tight)
        return out

    def _table(self, block: Block, text: TextLookup, settings: Settings,
               notes: LinkNotes) -> list[str]:
        out = ["<table>\n"]
        rows = block.children
        head = [r for r in rows if r.children and r.children[0].header]
        body = [r for r in rows if r not in head]
        for group, tag in ((head, "thead"), (body, "tbody")):
            if not group:
                continue
            out.append(f"<{tag}>\n")
            for row in group:
                cells = []
                for cell in row.children:
                    name = "th" if cell.header else "td"
                    align = _ALIGN.get(cell.align.strip())
                    cls = f' class="align-{align}"' if align else ""
                    attrs, inner = self._segment(cell, text, settings, notes)
                    cells.append(f"<{name}{cls}{attrs}>{inner}</{name}>")
                out.append(f"<tr>{''.join(cells)}</tr>\n")
            out.append(f"</{tag}>\n")
        out.append("</table>\n")
        return out


def review_note(review: Review, settings: Settings) -> str:
    """What the review view shows after a segment, in its language: the state (unless
    reviewed), the source then and now of a stale segment, the source of a missing one, and
    each QA finding. Phrasing content only, so that it fits in any element a segment fills
    (a paragraph, a heading, a table cell, a link of the related news)."""
    label = STATE_LABELS.get(review.state)
    if label is None and not review.findings:
        return ""
    say = review.words.gettext
    source = settings.source
    parts = [f"<b>{escape_html(say(label))}</b>"] if label else []
    if review.previous is not None:
        parts.append(f'<span class="was">{escape_html(say("Source then"))}: '
                     f'<q lang="{source}">{escape_html(review.previous)}</q></span>')
    if review.state in ("stale", "missing"):
        parts.append(f'<span class="now">{escape_html(say("Source now"))}: '
                     f'<q lang="{source}">{escape_html(review.source)}</q></span>')
    parts += [f'<span class="qa">QA: {escape_html(finding)}</span>'
              for finding in review.findings]
    return f' <small class="review">{" ".join(parts)}</small>'


def escape_html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def to_html(text: str, locale: str | None = None, pictures: ArticlePictures | None = None
            ) -> str:
    """A segment's inline Markdown as HTML; with a ``locale``, its numbers held together
    by no-break spaces (``bulletin.translation.typography.hold_numbers``); with the
    article's ``pictures``, its local pictures shown as they say (else as links). A text
    with no link, picture, raw HTML or code is the engine's own HTML (``engine_html``),
    its numbers held in that HTML: no tag or entity it writes can take part in the rule,
    so the result is the same as node by node."""
    quick = engine_html(text)
    if quick is not None:
        return hold_numbers(quick, locale) if locale is not None else quick
    return nodes_html(text, locale, pictures)


def nodes_html(text: str, locale: str | None = None, pictures: ArticlePictures | None = None
               ) -> str:
    """``to_html`` node by node, whatever the text holds."""
    return "".join(_inline_html(node, locale, pictures)
                   for node in text_runs(inline(text), locale))


_BREAKS = {"softbreak": "\n", "hardbreak": "<br />\n"}
_TAGS = {"em": "em", "strong": "strong"}


def _inline_html(node: Inline, locale: str | None, pictures: ArticlePictures | None) -> str:
    kind = node.kind
    if kind == "text":
        return escape_html(node.text)
    if kind in _BREAKS:
        return _BREAKS[kind]
    if kind == "code":
        return f"<code>{escape_html(node.text)}</code>"
    if kind == "image":
        if pictures is not None and node.href and not is_remote(node.href):
            src = pictures.source(node.href)
            if src is None:
                return escape_html(plain_text(node))
            return f'<img src="{escape_html(src)}" alt="{escape_html(plain_text(node))}">'
        alt = html.escape(node.text, quote=False)
        return f'<a class="image" href="{html.escape(node.href)}">{alt}</a>' if node.href else alt
    inner = "".join(_inline_html(child, locale, pictures)
                    for child in text_runs(node.children, locale))
    if kind in _TAGS:
        return f"<{_TAGS[kind]}>{inner}</{_TAGS[kind]}>"
    title = f' title="{escape_html(node.title)}"' if node.title else ""
    return f'<a href="{escape_html(node.href)}"{title}>{inner}</a>'


EXPORTER = HtmlExporter()
