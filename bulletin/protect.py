"""What goes to a translation service must come back intact: placeholders, before and after.

Before a request, the parts of a segment that no translation may touch are replaced by
numbered placeholders ``{1}``, ``{2}``…, which machine translation keeps as they are:

- inline Markdown: emphasis markers (``*``, ``**``, ``_``), backslash escapes, inline code,
  autolinks, and a link's brackets and destination: ``[текст](url)`` becomes
  ``{1}текст{2}`` so that the link text is translated and the URL is kept;
- bare URLs and e-mail addresses;
- numbers, which come back in the target's notation (``12,5`` -> ``12.5``,
  ``1 500 000`` -> ``1,500,000`` for English) through Babel with the explicit locales;
  plain integers (``2019``) and dotted forms (``26.03.2019``) come back as they were;
- glossary terms, which come back as the glossary says.

After the request, ``restore`` puts every piece back. A placeholder the service lost or
invented is reported, never an exception: QA (``bulletin.qa``) then flags the segment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from bulletin.glossary import Glossary

_PIECES = (
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))",
    r"(?P<escape>\\[!-/:-@\[-`{-~])",
    r"(?P<autolink><(?:https?|ftp|mailto):[^\s<>]*>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>)",
    r"(?P<link>(?P<bang>!?)\[(?P<label>(?:[^\[\]\\]|\\.)*)\]"
    r"\((?P<dest>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"]*\")?)\))",
    r"(?P<url>(?:https?://|www\.)[^\s<>\"“”„«»]*[^\s<>\"“”„«».,;:!?)\]'’])",
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
    r"(?P<literal>\{\s*\d+\s*\})",
    r"(?P<emphasis>\*+|_+)",
)
_MARKUP = re.compile("|".join(_PIECES), re.DOTALL)
# The same pattern for a text without "@", where no e-mail address can match: every other
# piece starts with one of these characters, so the scan skips everything else at once
# (an e-mail address may start at any letter, which makes the full pattern slow).
_MARKUP_NO_AT = re.compile(r"(?=[`\\<!\[hw{*_])(?:"
                           + "|".join(p for p in _PIECES if "?P<email>" not in p) + ")",
                           re.DOTALL)
PLACEHOLDER = re.compile(r"(?P<before>[ \t]*)\{\s*(?P<number>\d+)\s*\}(?P<after>[ \t]*)")
SPACES = " \u00a0\u202f"


@dataclass(frozen=True)
class Slot:
    """One protected piece: what the source had, and what the translation must get."""

    number: int
    kind: str  # markup, code, url, email, number, term, literal
    original: str
    restored: str
    role: str = "atom"  # "open" / "close" markup hugs the text after / before it

    @property
    def placeholder(self) -> str:
        return f"{{{self.number}}}"


@dataclass(frozen=True)
class Protected:
    text: str  # what is sent
    slots: tuple[Slot, ...]

    def kinds(self, *kinds: str) -> list[Slot]:
        return [s for s in self.slots if s.kind in kinds]


@dataclass(frozen=True)
class Restored:
    text: str
    lost: tuple[Slot, ...] = ()  # placeholders the service dropped
    repeated: tuple[Slot, ...] = ()  # placeholders the service doubled
    unknown: tuple[str, ...] = ()  # placeholders it invented

    @property
    def ok(self) -> bool:
        return not (self.lost or self.repeated or self.unknown)


class _Builder:
    def __init__(self, glossary: Glossary | None, target_lang: str, source_locale: str,
                 target_locale: str) -> None:
        self.glossary = glossary
        self.target_lang = target_lang
        self.numbers = number_format(source_locale, target_locale)
        self.slots: list[Slot] = []

    def slot(self, kind: str, original: str, restored: str | None = None,
             role: str = "atom") -> str:
        slot = Slot(len(self.slots) + 1, kind, original,
                    original if restored is None else restored, role)
        self.slots.append(slot)
        return slot.placeholder

    def markup(self, text: str) -> str:
        out: list[str] = []
        pos = 0
        for match in (_MARKUP if "@" in text else _MARKUP_NO_AT).finditer(text):
            kind = match.lastgroup
            if kind == "emphasis" and not _is_emphasis(text, match.start(), match.end()):
                continue
            out.append(self.plain(text[pos:match.start()]))
            pos = match.end()
            whole = match.group(0)
            if kind == "link":
                out.append(self.slot("markup", match["bang"] + "[", role="open"))
                out.append(self.markup(match["label"]))
                out.append(self.slot("link", "](" + match["dest"] + ")", role="close"))
            elif kind == "emphasis":
                out.append(self.slot("markup", whole, role=_role(text, match.start(),
                                                                 match.end())))
            elif kind in ("autolink", "url", "email", "code", "literal"):
                out.append(self.slot("url" if kind == "autolink" else str(kind), whole))
            else:  # a backslash escape
                out.append(self.slot("markup", whole))
        out.append(self.plain(text[pos:]))
        return "".join(out)

    def plain(self, text: str) -> str:
        if not text:
            return text
        matches = self.glossary.find(text, self.target_lang) if self.glossary else []
        out: list[str] = []
        pos = 0
        for found in matches:
            out.append(self.digits(text[pos:found.start]))
            out.append(self.slot("term", text[found.start:found.end], found.target))
            pos = found.end
        out.append(self.digits(text[pos:]))
        return "".join(out)

    def digits(self, text: str) -> str:
        return self.numbers.pattern.sub(
            lambda m: self.slot("number", m.group(0), self.numbers.convert(m.group(0))), text)


def _is_emphasis(text: str, start: int, end: int) -> bool:
    """An underscore inside a word (snake_case) is not emphasis; an asterisk run is."""
    if text[start] == "*":
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and after.isalnum())


def _role(text: str, start: int, end: int) -> str:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() and not after.isspace():
        return "open"
    if after.isspace() and not before.isspace():
        return "close"
    if start == 0:
        return "open"
    if end == len(text):
        return "close"
    return "atom"


class NumberFormat:
    """Numbers written in the source locale, rewritten in the target's notation."""

    def __init__(self, source_locale: str, target_locale: str) -> None:
        self.source_locale = source_locale
        self.target_locale = target_locale
        self.decimal, self.group = _symbols(source_locale)
        groups = _group_chars(self.group)
        # A number not glued to a word or to another number: either grouped thousands
        # ([1-9]\d{0,2}(?:G\d{3})+, with a decimal part) or digits with dots and commas.
        # Written to start with its first digit (and to look behind it only then), so the
        # scan jumps from digit to digit instead of trying every character of the text.
        self.pattern = re.compile(
            r"\d(?<![\w.,]\d)(?:(?<=[1-9])\d{0,2}(?:[" + re.escape(groups) + r"]\d{3})+"
            r"(?:" + re.escape(self.decimal) + r"\d+)?(?![" + re.escape(groups) + r"]\d)"
            r"|\d*(?:[.,]\d+)*)(?!\w|[.,]\d)")
        self._group_re = re.compile(r"^[1-9]\d{0,2}(?:[" + re.escape(groups) + r"]\d{3})+$")
        self._converted: dict[str, str] = {}

    def convert(self, number: str) -> str:
        """``number`` in the target notation; unchanged when it is no plain quantity."""
        converted = self._converted.get(number)
        if converted is None:
            if len(self._converted) > 10_000:  # a bound for a long run; numbers repeat
                self._converted.clear()
            converted = self._converted[number] = self._convert(number)
        return converted

    def _convert(self, number: str) -> str:
        whole, sep, fraction = number.partition(self.decimal)
        grouped = bool(self._group_re.match(whole))
        if not (grouped or whole.isdigit()) or (sep and not fraction.isdigit()):
            return number  # a date, a time, a version: keep it as written
        if not grouped and not sep:
            return number
        digits = re.sub(r"\D", "", whole) + ("." + fraction if sep else "")
        try:
            value = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern admits digits only
            return number
        pattern = ("#,##0" if grouped else "0") + ("." + "0" * len(fraction) if sep else "")
        from babel.numbers import format_decimal

        return format_decimal(value, format=pattern, locale=self.target_locale,
                              decimal_quantization=False, group_separator=grouped)


@lru_cache(maxsize=32)
def number_format(source_locale: str, target_locale: str) -> NumberFormat:
    """The ``NumberFormat`` of a pair of locales, made once (its patterns are compiled)."""
    return NumberFormat(source_locale, target_locale)


@lru_cache(maxsize=32)
def _symbols(locale: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(locale), get_group_symbol(locale)


def _group_chars(group: str) -> str:
    return SPACES if group in SPACES else group


def protect(text: str, *, source_locale: str, target_locale: str, target_lang: str,
            glossary: Glossary | None = None) -> Protected:
    """``text`` with every protected piece replaced by a numbered placeholder."""
    builder = _Builder(glossary, target_lang, source_locale, target_locale)
    return Protected(builder.markup(text), tuple(builder.slots))


def restore(translated: str, protected: Protected) -> Restored:
    """Put every protected piece back into ``translated``; report what went missing."""
    slots = {s.number: s for s in protected.slots}
    seen: Counter[int] = Counter()
    unknown: list[str] = []

    def put_back(match: re.Match[str]) -> str:
        slot = slots.get(int(match["number"]))
        if slot is None:
            unknown.append(match.group(0).strip())
            return match.group(0)
        seen[slot.number] += 1
        before = "" if slot.role == "close" else match["before"]
        after = "" if slot.role == "open" else match["after"]
        return before + slot.restored + after

    text = PLACEHOLDER.sub(put_back, translated)
    lost = tuple(s for s in protected.slots if not seen[s.number])
    repeated = tuple(s for s in protected.slots if seen[s.number] > 1)
    return Restored(text, lost, repeated, tuple(unknown))
