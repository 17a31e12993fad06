"""Plain-text page dumps (text copied out of a news page), like the seed.

The shape we read::

    Headline of a related news item        } any number of headline + date pairs:
    08.04.2019                             } related news, kept with their dates
    <blank>
    The article's title
    8 април 2019 г.                        (optional: the article's own date)
    Image Source: …                        (optional: the image credit)
    <blank>
    Paragraphs of the body, separated by blank lines …
    X                                      (page clutter: dropped)

Clutter is dropped conservatively: only lines that are nothing but a close button, a
share button, a menu of short words, a separator or a cookie notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bulletin.content.model import Related
from bulletin.errors import InvalidInput
from bulletin.intake.dates import date_line
from bulletin.intake.draft import (
    Draft,
    byline,
    clean_line,
    credit,
    escape_line,
    finish_body,
    strip_clock,
)

TITLE_MAX = 200
_CLOSE_BUTTONS = {"x", "х", "×", "✕", "✖", "close", "затвори", "затвори ×", "ok", "ок"}
_BUTTONS = {
    "share", "сподели", "споделете", "tweet", "twitter", "facebook", "linkedin", "viber",
    "whatsapp", "email", "e-mail", "имейл", "print", "печат", "принтирай", "menu", "меню",
    "search", "търсене", "търси", "начало", "home", "back", "назад", "към началото",
    "приемам", "приемам всички", "accept", "accept all", "i agree", "съгласен съм",
    "прочети още", "read more", "виж още", "още", "bg", "en", "бг",
}
_RELATED_HEADINGS = {"свързани новини", "свързани статии", "related news", "related",
                     "още новини", "последни новини", "latest news", "вижте още"}
_MENU_SEPARATORS = re.compile(r"\s+[|•·/»]\s+")
_COOKIES = re.compile(r"бисквитк|cookie", re.IGNORECASE)
_CONSENT = re.compile(r"приема|съглас|accept|agree|consent|политика|policy|settings|настройки",
                      re.IGNORECASE)
_SEPARATOR = re.compile(r"^[-=_*~#.•·]{3,}$")
_LIST_ITEM = re.compile(r"^([-*•–]|\d{1,3}[.)])\s+(.+)$")
_SENTENCE_END = re.compile(r"[.!?…:;\"“”»)]$")
_STARTS_A_SENTENCE = re.compile(r"^[A-ZА-ЯЁ0-9„“\"«(–-]")


def is_clutter(line: str) -> bool:
    """A line of page furniture: a close or share button, a menu, a separator, a cookie
    notice. Anything that could be a sentence of the article is kept."""
    lowered = line.lower().strip(" :")
    if lowered in _CLOSE_BUTTONS or lowered in _BUTTONS or _SEPARATOR.match(line):
        return True
    items = _MENU_SEPARATORS.split(line)
    if len(items) >= 3 and all(len(item.split()) <= 3 for item in items):
        return True  # "Начало | Новини | Контакти"
    return bool(len(line) < 400 and _COOKIES.search(line) and _CONSENT.search(line))


@dataclass
class _Block:
    lines: list[str]
    number: int  # 1-based line of the file where the block starts


def _blocks(text: str) -> list[_Block]:
    """Groups of consecutive non-blank, non-clutter lines."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = clean_line(raw)
        if not line or is_clutter(line):
            current = None
            continue
        if current is None:
            current = _Block([], number)
            blocks.append(current)
        current.lines.append(line)
    return blocks


def _pairs(block: _Block) -> list[Related] | None:
    """The block as headline + date pairs, or None if it is not made of such pairs."""
    lines = block.lines
    if len(lines) < 2 or len(lines) % 2:
        return None
    items = []
    for headline, when in zip(lines[::2], lines[1::2], strict=True):
        date = date_line(when)
        if date is None or date_line(headline) is not None or len(headline) > TITLE_MAX:
            return None
        items.append(Related(headline, date))
    return items


def _could_be_title(block: _Block) -> bool:
    """A headline alone on its line; under it in the same block only a date, a credit or a
    byline."""
    first = block.lines[0]
    return (len(first) <= TITLE_MAX and date_line(first) is None and credit(first) is None
            and not first.endswith((".", ":", ";", ","))
            and all(date_line(line) or credit(line) or byline(line)
                    for line in block.lines[1:]))


def _has_own_date(blocks: list[_Block], index: int) -> bool:
    """Whether the title candidate at ``index`` has a date line in or right after it."""
    lines = blocks[index].lines[1:] + (blocks[index + 1].lines[:1]
                                       if index + 1 < len(blocks) else [])
    return any(date_line(line) for line in lines[:2])


def read_text_dump(text: str, path: Path) -> Draft:
    blocks = _blocks(text)
    if not blocks:
        raise InvalidInput("the file has no text", path=path,
                           hint="import a page with a title and paragraphs")
    related: list[Related] = []
    index = 0
    # related headlines above the title: pair blocks followed by a block that can be a title
    # (one pair alone is read as the title and its date, unless the next block has a date)
    while index + 1 < len(blocks):
        pairs = _pairs(blocks[index])
        if pairs is None or not _could_be_title(blocks[index + 1]):
            break
        if len(pairs) == 1 and not _has_own_date(blocks, index + 1):
            break
        related += pairs
        index += 1
    rest: list[_Block]
    if index < len(blocks) and _could_be_title(blocks[index]):
        head = blocks[index]
        draft = Draft(title=strip_clock(head.lines[0]), body="")
        rest = [_Block(head.lines[1:], head.number + 1)] if len(head.lines) > 1 else []
        rest += blocks[index + 1:]
    else:  # no headline: the text starts at once (the title is guessed below)
        head = blocks[min(index, len(blocks) - 1)]
        draft = Draft(title="", body="")
        rest = blocks[index:]
    paragraphs: list[str] = []
    in_related = False
    for block in rest:
        lines = list(block.lines)
        # the article's own date, byline and image credit, right under the title
        while lines and not paragraphs:
            date = date_line(lines[0])
            source = credit(lines[0])
            author = byline(lines[0])
            if date is not None and draft.date is None:
                draft.date = date
            elif source is not None and draft.image_source is None:
                draft.image_source = source
            elif author is not None and draft.author is None:
                draft.author = author
            else:
                break
            lines.pop(0)
        if lines and lines[0].lower().rstrip(":") in _RELATED_HEADINGS:
            in_related = True
            lines.pop(0)
        if not lines:
            continue
        pairs = _pairs(_Block(lines, block.number))
        if pairs is not None and (in_related or paragraphs):
            related += pairs  # related headlines under the article
            continue
        if len(lines) == 1 and draft.image_source is None and credit(lines[0]):
            draft.image_source = credit(lines[0])
            continue
        in_related = False
        paragraphs += _paragraphs(lines)
    if not paragraphs:
        raise InvalidInput("no body text found under the title", path=path,
                           line=head.number,
                           hint="separate the title and the paragraphs with blank lines")
    draft.body = "\n\n".join(paragraphs)
    draft.related = related
    finish_body(draft)
    return draft


def _paragraphs(lines: list[str]) -> list[str]:
    """Markdown blocks for one group of lines: paragraphs and lists.

    Lines marked with "-", "•" or "1." make a list. A line that ends a sentence, followed
    by one that starts a sentence, ends a paragraph (dumps often lose the blank lines);
    other line breaks are wrapping inside a paragraph.
    """
    blocks: list[list[str]] = []
    in_list = False
    for number, line in enumerate(lines):
        item = _LIST_ITEM.match(line)
        neighbours = lines[max(number - 1, 0):number] + lines[number + 1:number + 2]
        if item and any(_LIST_ITEM.match(other) for other in neighbours):
            if not in_list:  # a list is two or more marked lines in a row
                blocks.append([])
            marker = item.group(1) if item.group(1)[0].isdigit() else "-"
            blocks[-1].append(f"{marker} {escape_line(item.group(2))}")
            in_list = True
            continue
        current = blocks[-1] if blocks and not in_list else None
        if current is None or (_SENTENCE_END.search(current[-1])
                               and _STARTS_A_SENTENCE.match(line)):
            blocks.append([])
        blocks[-1].append(escape_line(line))
        in_list = False
    return ["\n".join(block) for block in blocks]
