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
invented is reported, never an exception: QA (``bulletin.translation.qa``) then flags the segment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from bulletin.content.document import Inline, commonmark_text, inline
from bulletin.translation.glossary import Glossary

# In plain text (outside the Markdown that ``bulletin.content.document`` reads): bare URLs, e-mail
# addresses and literal braces. Without "@" no e-mail address can match, and a pattern
# without that piece skips everything that cannot start a URL or a brace at once.
_ATOMS = (
    r"(?P<url>(?:https?://|www\.)[^\s<>\"“”„«»]*[^\s<>\"“”„«».,;:!?)\]'’])",
    r"(?P<literal>\{\s*\d+\s*\})",
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
)
_ATOM = re.compile("|".join(_ATOMS))
_ATOM_NO_AT = re.compile(r"(?=[hw{])(?:" + "|".join(_ATOMS[:2]) + ")")
_ESCAPE = re.compile(rb"\\[!-/:-@\[-`{-~]")
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
        self.glossary = glossary if glossary is not None and glossary.terms else None
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
        """``text`` with its Markdown, as the document model reads it, in slots."""
        raw = text.encode("utf-8")
        pieces: list[Piece] = []
        _pieces(inline(text), pieces, raw)
        if not pieces:  # plain text, as most segments are
            return self.atoms(text)
        out: list[str] = []
        pos = 0
        for start, end, kind, role in pieces:
            out.append(self.atoms(raw[pos:start].decode("utf-8")))
            out.append(self.slot(kind, raw[start:end].decode("utf-8"), role=role))
            pos = end
        out.append(self.atoms(raw[pos:].decode("utf-8")))
        return "".join(out)

    def atoms(self, text: str) -> str:
        """Plain text with its URLs, e-mail addresses and literal braces in slots."""
        if not text:
            return text
        if not ("http" in text or "www." in text or "{" in text or "@" in text):
            return self.plain(text)  # what every URL, literal brace and address holds
        out: list[str] = []
        pos = 0
        for match in (_ATOM if "@" in text else _ATOM_NO_AT).finditer(text):
            out.append(self.plain(text[pos:match.start()]))
            out.append(self.slot(str(match.lastgroup), match.group(0)))
            pos = match.end()
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


Piece = tuple[int, int, str, str]  # start, end, slot kind, role


def _pieces(nodes: tuple[Inline, ...], out: list[Piece], raw: bytes) -> None:
    """Where the Markdown of ``nodes`` is (bytes of ``raw``, their text's UTF-8): emphasis
    markers, a link's brackets and address (its label stays text to translate), code
    spans, autolinks and backslash escapes."""
    for node in nodes:
        kind = node.kind
        if kind == "text":  # an escape ("\\*") stays as written
            out += [(m.start(), m.end(), "markup", "atom")
                    for m in _ESCAPE.finditer(raw, node.start, node.end)]
        elif kind == "code" or (kind == "link" and node.auto):
            out.append((node.start, node.end, "url" if kind == "link" else "code", "atom"))
        elif kind in ("em", "strong", "link", "image"):
            begin, end = node.inner
            out.append((node.start, begin, "markup", "open"))
            _pieces(node.children, out, raw)
            out.append((end, node.end, "markup" if kind in ("em", "strong") else "link",
                        "close"))


class NumberFormat:
    """Numbers written in the source locale, rewritten in the target's notation."""

    def __init__(self, source_locale: str, target_locale: str) -> None:
        self.source_locale = source_locale
        self.target_locale = target_locale
        self.decimal, self.group = _symbols(source_locale)
        groups = SPACES if self.group in SPACES else self.group
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


def protect(text: str, *, source_locale: str, target_locale: str, target_lang: str,
            glossary: Glossary | None = None) -> Protected:
    """``text`` with every protected piece replaced by a numbered placeholder."""
    builder = _Builder(glossary, target_lang, source_locale, target_locale)
    return Protected(builder.markup(commonmark_text(text)), tuple(builder.slots))


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
