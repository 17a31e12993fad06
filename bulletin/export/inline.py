"""What the renderers of inline Markdown share: numbered references for link addresses.

Each format renders a segment's inline content (``bulletin.document.inline``) itself, in
its own module; the plain-text format and the templates number the addresses here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LinkNotes:
    """Numbered references for plain text: ``text [1]`` and, at the end, ``[1] URL``."""

    urls: list[str] = field(default_factory=list)

    def number(self, url: str) -> int:
        if url not in self.urls:
            self.urls.append(url)
        return self.urls.index(url) + 1
