"""What a reader makes of an imported page: a draft article, and its ``bg.md`` text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.content import frontmatter
from bulletin.content.model import Related
from bulletin.content.sentences import split_sentences
from bulletin.intake.dates import dateline

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
    author: str | None = None  # the byline
    image: str | None = None  # the article image's file name in the article's folder
    image_file: Path | None = None  # the local file to copy there
    guessed: list[str] = field(default_factory=list)  # "date", "title": for an editor to check
    item: int | None = None  # the number of a feed's item, from 1

    def guess(self, what: str, how: str) -> None:
        """Record that ``what`` (date, title) was guessed, and how: the article becomes a
        draft that lists it under ``guessed:`` until an editor confirms it."""
        if what not in self.guessed:
            self.guessed.append(what)
        self.notes.append(f"guessed the {what} {how}; check it")

    def front_matter(self) -> dict[str, object]:
        meta: dict[str, object] = {"title": self.title, "date": _own(self.date)}
        if self.guessed:
            meta["draft"] = True
            meta["guessed"] = list(self.guessed)
        for key in ("author", "summary", "tags", "image", "image_source"):
            value = getattr(self, key)
            if value:
                meta[key] = list(value) if isinstance(value, list) else value
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


# a caption that ends with its credit: "Новата станция на метрото. Снимка: Метрополитен"
_CAPTION_CREDIT = re.compile(r"^(?P<caption>.+?)[\s.,;:–—|-]+(?P<credit>(?:снимк[аи]|"
                             r"фото(?:графия)?|photo(?:\s+credit)?|image\s+source|източник)"
                             r"\s*:\s*\S.*)$", re.IGNORECASE)
CAPTION_MAX = 300


def caption_credit(text: str) -> str | None:
    """An image's caption and credit as the page writes them (``… Снимка: …``) when
    ``text`` is one, else None; a bare credit gives just the source (``credit``)."""
    bare = credit(text)
    if bare is not None:
        return bare
    if len(text) > CAPTION_MAX:
        return None
    match = _CAPTION_CREDIT.match(text)
    return text.strip() if match else None


_BYLINE = re.compile(r"^\s*(?:автор(?:и)?|текст|author|written\s+by|by)\s*:?\s+(\S.{0,78}?)\s*$",
                     re.IGNORECASE)


def byline(line: str) -> str | None:
    """The author's name if ``line`` is a byline (``Автор: Иван Петров``), else None."""
    match = _BYLINE.match(line)
    if match is None or match.group(1).endswith((".", "!", "?")):
        return None
    name = match.group(1).strip(" :")
    return name if len(name.split()) <= 6 else None


# a clock time in front of a headline, as news tickers write it: "21:52 Ева Майдел: …"
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?:\s*ч\.?)?\s*(?:[|–—-]\s*)?(?=\S)")


def strip_clock(title: str) -> str:
    """``title`` without a leading clock time (``21:52``); a title that is only a time is
    left as it is."""
    match = _CLOCK.match(title)
    if match is None or not title[match.end():][:1].isalpha():
        return title
    hours, minutes = match.group().split()[0].rstrip("|–—-").split(":")[:2]
    if int(hours) > 23 or int(minutes[:2]) > 59:
        return title
    return title[match.end():]


TITLE_LENGTH = 110  # a guessed title is cut at a word before this many characters


def guess_title(text: str) -> str:
    """A title made of the first sentence of ``text`` (plain text), cut to a title's length
    at a word boundary, without its full stop."""
    first = " ".join(split_sentences(" ".join(text.split()))[0].split())
    if len(first) > TITLE_LENGTH:
        cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
        first = cut + " …"
    elif first.endswith(".") and not first.endswith(".."):
        first = first[:-1]
    return first


_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


def plain(markdown: str) -> str:
    """A paragraph of Markdown as this importer writes it, back to its plain text (for
    guessing a title from it): escapes, emphasis and link targets removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(?<!\\)[*_`]+", "", text)
    return " ".join(_ESCAPED.sub(r"\1", text).split())


def take_dateline(body: str) -> tuple[dt.date | None, str]:
    """The date of a dateline that opens the body (``София, 1 декември 2026 г. – …``) and
    the body without it; the body as it is when it opens with none."""
    blocks = body.split("\n\n")
    for index, block in enumerate(blocks[:2]):
        found = dateline(block)
        if found is None:
            continue
        date, rest = found
        rest = rest.lstrip()
        blocks[index] = guard_block_start(rest[:1].upper() + rest[1:]) if rest else ""
        return date, "\n\n".join(b for b in blocks if b.strip())
    return None, body


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


def finish_body(draft: Draft) -> None:
    """What every reader does last: a dateline leaves the body (and gives the date, if the
    page gave none), and a page without a headline gets a title guessed from its text."""
    date, body = take_dateline(draft.body)
    if date is not None:
        draft.body = body
        if draft.date is None:
            draft.date = date
            draft.notes.append("date taken from the dateline")
    if not draft.title.strip():
        first = next((b for b in draft.body.split("\n\n") if plain(b)), draft.body)
        draft.title = guess_title(plain(first))
        draft.guess("title", "from the first sentence (the page has no headline)")
