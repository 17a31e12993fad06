"""The target language's own typography: quotation marks, dashes, ellipses, no-break spaces.

A machine draft keeps the source's conventions: ``„Брекзит”`` comes back as ``„Brexit”``,
a spaced hyphen stands for a dash, ``60 km`` may break across lines. ``typeset`` rewrites
a text in the conventions of its locale:

- quotation marks: any pair (``„…“``, ``„…”``, ``«…»``, ``"…"``) becomes the locale's
  primary pair, and a pair inside it the alternate pair;
- a hyphen with a space on each side becomes the locale's dash (a spaced en dash, or in
  American English an em dash without spaces); ``...`` becomes ``…``;
- a number and the unit or currency after it are joined by a no-break space.

The quotation marks are CLDR's delimiters; Babel ships CLDR without them, so the few this
tool needs are listed here. It works on the provider's answer while inline code, links,
URLs and numbers are still placeholders (``bulletin.protect``), so none of them can change;
``typeset_text`` does the same for a finished text (QA offers it as a fix).
"""

from __future__ import annotations

import re

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
_UNITS = (r"(?:%|‰|km/h|km|kg|g|m²|m³|m|cm|mm|ha|t|l|MW|kW|GW|kWh|MWh|°C|"
          r"EUR|BGN|USD|GBP|leva|lv|euro|euros|million|billion|thousand)")
_NUMBER_UNIT = re.compile(r"(?<=[\d}]) (?=" + _UNITS + r"(?![\w]))")
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
    return _NUMBER_UNIT.sub("\u00a0", text)


def typeset_text(text: str, locale: str) -> str:
    """A finished translation in the typography of ``locale``, leaving inline code, link
    destinations, URLs and numbers exactly as they are."""
    from bulletin.protect import protect, restore

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
    from bulletin.protect import protect

    lang = _language(locale)
    if lang not in QUOTES:
        return []
    shielded = protect(text, source_locale=locale, target_locale=locale, target_lang=lang).text
    own = set("".join(QUOTES[lang])) | {"’"}  # the apostrophe is every English text's
    found = [mark for mark in dict.fromkeys(shielded) if mark in "„“”«»‚‘" and mark not in own]
    if _SPACED_HYPHEN.search(shielded) and " - " in shielded:
        found.append(" - ")
    return found
