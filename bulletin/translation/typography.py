"""The target language's own typography: quotation marks, dashes, ellipses, no-break spaces.

A machine draft keeps the source's conventions: ``„Брекзит”`` comes back as ``„Brexit”``,
a spaced hyphen stands for a dash, ``60 km`` may break across lines. ``typeset`` rewrites
a text in the conventions of its locale:

- quotation marks: any pair (``„…“``, ``„…”``, ``«…»``, ``"…"``) becomes the locale's
  primary pair, and a pair inside it the alternate pair;
- a hyphen with a space on each side becomes the locale's dash (a spaced en dash, or in
  American English an em dash without spaces); ``...`` becomes ``…``;
- a number and the unit or currency after it are joined by a no-break space, and so are
  the groups of digits of a number written with spaces (``hold_numbers``).

The quotation marks are CLDR's delimiters; Babel ships CLDR without them, so the few this
tool needs are listed here. It works on the provider's answer while inline code, links,
URLs and numbers are still placeholders (``protect``), so none of them can change;
``typeset_text`` does the same for a finished text (QA offers it as a fix).

``hold_numbers`` is that one rule for numbers alone: the exporters apply it to every text
they render, in every language, so that ``15.01.2027 г.``, ``60 км/ч`` and
``1 500 000 лв.`` never break across lines.
"""

from __future__ import annotations

import re
from functools import lru_cache

# CLDR delimiters: (primary start, primary end, alternate start, alternate end)
QUOTES = {
    "en": ("“", "”", "‘", "’"),
    "bg": ("„", "“", "„", "“"),
    "de": ("„", "“", "‚", "‘"),
    "fr": ("«\u202f", "\u202f»", "«\u202f", "\u202f»"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
}
_OPENING = "„«“‚‘"  # marks that open a quotation in the sources and drafts we see
_CLOSING = "“”»‘’"
# Units, currencies and the words that stand for one after a number, in the languages of
# the sources and drafts we see (an English unit in a Bulgarian text is still a unit).
_UNITS = (r"(?:%|‰|km/h|km|kg|g|m²|m³|m|cm|mm|ha|t|l|MW|kW|GW|kWh|MWh|°C|"
          r"EUR|BGN|USD|GBP|€|\$|£|leva|lv|euro|euros|million|billion|thousand|"
          r"км/ч|км|кг|г\.|г|м²|м³|кв\. ?м|м|см|мм|ха|дка|т|л|МВт|кВт|ГВт|кВтч|МВтч|"
          r"ч\.|ч|мин\.|сек\.|лв\.|лв|евро|долара|млн\.|млрд\.|хил\.)")
# A space after a number or a placeholder of one ({1}), or after a multiplier
# (1,5 млн. лв.), and before a unit. Each pattern begins with the space and looks behind
# it: the regex engine then scans for a space quickly, and the replacement is plain text.
_AFTER_NUMBER = re.compile(r" (?<=[\d}] )(?=" + _UNITS + r"(?!\w))")
_MULTIPLIERS = ("млн.", "млрд.", "хил.", "million", "billion", "thousand")
_AFTER_MULTIPLIER = re.compile(" (?:" + "|".join(f"(?<={re.escape(m)} )" for m in _MULTIPLIERS)
                               + ")(?=" + _UNITS + r"(?!\w))")
# A number written in groups of three digits with spaces between: 1 500 000; it is looked
# for only in a text where a digit, a space and three digits follow each other. Not after
# a digit, a point or a comma: the pattern begins with the digit and looks behind it (the
# regex engine then scans for digits, three times as fast as trying every position).
_DIGIT_GROUPS = re.compile(r"\d(?<![\d.,]\d)\d{0,2}(?: \d{3})+(?!\d)")
_GROUPED = re.compile(r" (?<=\d )\d\d\d")
_SPACED_HYPHEN = re.compile(r"(?<=\S) [-–] (?=\S)")


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


def typeset(text: str, locale: str) -> str:
    """``text`` in the typography of ``locale`` (``en_GB``, ``de``, …); a locale this module
    has no rules for gets the text back unchanged."""
    lang = _language(locale)
    if lang not in QUOTES:
        return text
    text = _quotes(text, QUOTES[lang])
    dash = "—" if locale.replace("-", "_") == "en_US" else " – "
    text = _SPACED_HYPHEN.sub(dash, text)
    text = text.replace("...", "…")
    return hold_numbers(text, locale)


def hold_numbers(text: str, locale: str) -> str:
    """``text`` with its numbers held together: a no-break space between a number and its
    unit (``60\u00a0км/ч``, ``2027\u00a0г.``), and between the digit groups of a number
    written with spaces (the locale's group separator when it is a space, as Bulgarian's
    U+00A0, else a narrow no-break space U+202F)."""
    if " " not in text:
        return text
    if _GROUPED.search(text):
        group = _group_space(locale)
        text = _DIGIT_GROUPS.sub(lambda m: m.group(0).replace(" ", group), text)
    text = _AFTER_NUMBER.sub("\u00a0", text)
    if ("млн." in text or "млрд." in text or "хил." in text or "million" in text
            or "billion" in text or "thousand" in text):  # _MULTIPLIERS, tested inline
        text = _AFTER_MULTIPLIER.sub("\u00a0", text)
    return text


@lru_cache(maxsize=16)
def _group_space(locale: str) -> str:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_group_symbol

    try:
        symbol = get_group_symbol(Locale.parse(locale.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        symbol = ","
    return symbol if symbol in ("\u00a0", "\u202f") else "\u202f"


def typeset_text(text: str, locale: str) -> str:
    """A finished translation in the typography of ``locale``, leaving inline code, link
    destinations, URLs and numbers exactly as they are."""
    # imported here, not above: an export loads this module for hold_numbers alone
    from bulletin.translation.protect import protect, restore

    if _language(locale) not in QUOTES:
        return text
    shielded = protect(text, source_locale=locale, target_locale=locale,
                       target_lang=_language(locale))
    return restore(typeset(shielded.text, locale), shielded).text


def _quotes(text: str, marks: tuple[str, str, str, str]) -> str:
    """Every quotation pair in ``text`` as ``marks`` has it; a mark that pairs with nothing
    is left as it is."""
    start, end, inner_start, inner_end = marks
    out: list[str] = []
    depth = 0
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if char == '"':
            opening = depth == 0 or (before.isspace() or before in "([{") and not after.isspace()
            char = "„" if opening else "”"
        if char in _OPENING and (char not in _CLOSING or _opens(before, after)):
            if char in "‘‚" and depth == 0 and before.isalpha():
                out.append(char)  # an apostrophe, not a quotation
                continue
            out.append(start if depth == 0 else inner_start)
            depth += 1
        elif char in _CLOSING and depth:
            depth -= 1
            out.append(end if depth == 0 else inner_end)
        else:
            out.append(char)
    return "".join(out)


def _opens(before: str, after: str) -> bool:
    """A mark that may open or close (“, ‘) opens after a space and before a letter."""
    return (before.isspace() or before in "([{—–-") and not after.isspace()


def misfits(text: str, locale: str) -> list[str]:
    """The marks of ``text`` that are not the typography of ``locale``: another language's
    quotation marks (``„`` in English) and hyphens standing for dashes; code, links and URLs
    do not count. Straight quotes and plain spaces are not misfits (only less fine)."""
    from bulletin.translation.protect import protect

    lang = _language(locale)
    if lang not in QUOTES:
        return []
    shielded = protect(text, source_locale=locale, target_locale=locale, target_lang=lang).text
    own = set("".join(QUOTES[lang])) | {"’"}  # the apostrophe is every English text's
    found = [mark for mark in dict.fromkeys(shielded) if mark in "„“”«»‚‘" and mark not in own]
    if _SPACED_HYPHEN.search(shielded) and " - " in shielded:
        found.append(" - ")
    return found
