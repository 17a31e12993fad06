"""What the renderers of inline Markdown share: numbered references for link addresses,
and the text runs they typeset.

Each format renders a segment's inline content (``bulletin.content.document.inline``) itself, in
its own module; the plain-text format and the templates number the addresses here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bulletin.content.document import Inline
from bulletin.export.pictures import ArticlePictures
from bulletin.translation.typography import hold_numbers


def text_runs(nodes: Iterable[Inline], locale: str | None) -> tuple[Inline, ...]:
    """``nodes`` with each run of adjacent text nodes as one (the engine splits text at an
    escape), its numbers held together in ``locale``
    (``bulletin.translation.typography``); no locale:
    the text as it is."""
    out: list[Inline] = []
    for node in nodes:
        if node.kind == "text" and out and out[-1].kind == "text":
            out[-1] = out[-1]._replace(text=out[-1].text + node.text, end=node.end)
        else:
            out.append(node)
    if locale is not None:
        for index, node in enumerate(out):
            if node.kind == "text":
                held = hold_numbers(node.text, locale)
                if held is not node.text:  # most texts come back as they are: no new node
                    out[index] = node._replace(text=held)
    return tuple(out)


def plain_text(node: Inline) -> str:
    """The text of a node and everything in it, without its markup (a picture's
    description, as an ``alt`` or as text)."""
    if node.kind in ("text", "code"):
        return node.text
    if node.kind in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)


@dataclass
class LinkNotes:
    """What the renderers of one article share: numbered references for plain text
    (``text [1]`` and, at the end, ``[1] URL``), the article's pictures
    (``bulletin.export.pictures``; None: each picture is a link to it) and, per language,
    the word that names a picture in plain text (``[Image: …]``)."""

    urls: list[str] = field(default_factory=list)
    pictures: ArticlePictures | None = None
    labels: dict[str, str] = field(default_factory=dict)

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1
