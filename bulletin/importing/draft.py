"""What a reader makes of an imported page: a draft article, and its ``bg.md`` text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bulletin import frontmatter
from bulletin.model import Related

# image credits as pages write them: "Image Source: …", "Снимка: …", "Източник: …"
CREDIT = re.compile(r"^\s*(?:image\s+source|image\s+credit|photo(?:\s+credit)?|photograph|"
                    r"снимк[аи]|фото(?:графия)?|източник(?:\s+на\s+снимката)?)\s*:\s*(.+?)\s*$",
                    re.IGNORECASE)
CREDIT_MAX = 150  # a longer line is a sentence of the article, not a credit


@dataclass
class Draft:
    """An article as read from an imported file, before it gets its id."""

    title: str
    body: str  # Markdown
    date: dt.date | None = None
    date_from: str = ""  # where the date came from, when it is a guess worth checking
    image_source: str | None = None
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def front_matter(self) -> dict[str, object]:
        meta: dict[str, object] = {"title": self.title, "date": _own(self.date)}
        if self.summary:
            meta["summary"] = self.summary
        if self.tags:
            meta["tags"] = list(self.tags)
        if self.image_source:
            meta["image_source"] = self.image_source
        if self.related:
            items: list[dict[str, object]] = []
            for rel in self.related:
                item: dict[str, object] = {"title": rel.title}
                if rel.date:
                    item["date"] = _own(rel.date)
                if rel.url:
                    item["url"] = rel.url
                items.append(item)
            meta["related"] = items
        return meta

    def render(self) -> str:
        """The ``bg.md`` file: front matter and the Markdown body."""
        return frontmatter.dump(self.front_matter(), self.body)


def _own(date: dt.date | None) -> dt.date | None:
    """A date object of its own: YAML writes an object met twice as an anchor (&id001)."""
    return dt.date.fromordinal(date.toordinal()) if date else None


def credit(line: str) -> str | None:
    """The credited source if ``line`` is an image credit, else None."""
    if len(line) > CREDIT_MAX:
        return None
    match = CREDIT.match(line)
    return match.group(1).strip() if match else None


def clean_line(line: str) -> str:
    """One line of page text: odd spaces made plain, zero-width characters gone, trimmed."""
    line = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", line)
    return re.sub(r"[\s\u00a0\u2007\u202f]+", " ", line).strip()


_BLOCK_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s)|\d{1,9}[.)](?=\s)|=+\s*$|"
                          r"-+\s*$|`{3,}|~{3,}|\|)")


def escape_inline(text: str) -> str:
    """Plain text made literal in Markdown: emphasis, code and link characters escaped."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*`\[\]<])", r"\\\1", text)
    return re.sub(r"(?<![\w\\])_|_(?!\w)", r"\\_", text)  # _ inside a word is literal


def escape_line(line: str) -> str:
    """A line of plain text that must stay a paragraph line in Markdown."""
    return guard_block_start(escape_inline(line))


def guard_block_start(line: str) -> str:
    """Escape a heading, list, quote or rule marker at the start of a paragraph's line."""
    match = _BLOCK_START.match(line)
    if match:
        # escape the marker's punctuation: "1. " -> "1\. ", "# " -> "\# "
        marker = match.group(2)
        start = match.start(2) + (len(marker) - 1 if marker[0].isdigit() else 0)
        line = line[:start] + "\\" + line[start:]
    return line
