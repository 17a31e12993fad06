"""Sentence splitting for Bulgarian (and English) newsroom text.

Used to cut a text that is longer than a translation service accepts into pieces that are
whole sentences. ``"".join(split_sentences(text)) == text`` always holds: each sentence keeps
the spacing that follows it, so the translated pieces can be joined back with the original
spacing. When in doubt the splitter does not split: a sentence too long costs nothing, a
sentence cut at ``г.`` costs the translation its meaning.
"""

from __future__ import annotations

import re

# Words that end with a full stop without ending the sentence, lower-case, without their last
# dot. Dotted compounds (т.нар., т.е.) are listed as written inside.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "bg": frozenset({
        "г", "гг", "гр", "с", "ул", "бул", "пл", "кв", "ж.к", "жк", "бл", "вх", "ет", "ап", "обл",
        "общ", "р-н", "т.нар", "т.е", "т.н", "и т.н", "т.к", "т.г", "н.е", "пр.н.е", "сл.н.е",
        "млн", "млрд", "хил", "лв", "ст", "евр", "бр", "кг", "км", "см", "мм", "мин", "сек", "ч",
        "проф", "акад", "доц", "д-р", "г-н", "г-жа", "г-ца", "инж", "арх", "ген", "полк", "св",
        "стр", "др", "вж", "напр", "вкл", "изд", "чл", "ал", "т", "бел", "ред", "прев", "зам",
        "изп", "пред", "ок", "мак", "сп", "им", "вр", "ср", "англ", "лат", "нем", "фр",
        "рус", "бълг", "тел", "факс", "гл",
    }),
    "en": frozenset({
        "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc", "ltd", "co",
        "corp", "approx", "dept", "fig", "p", "pp", "vol", "ed", "u.s", "u.k", "a.m", "p.m",
    }),
}

# A sentence end: terminal punctuation, closing quotes or brackets, then spacing, then the
# start of a new sentence (an upper-case letter, or an opening quote or dash).
_END = re.compile(
    r"(?P<stop>\.{3}|[.!?…]+)(?P<close>[\"'”“»’)\]]*)(?P<space>\s+)"
    r"(?=(?P<next>[„“\"«'‘(\[–—-]*\s*[^\W\d_]))"
)
# The word just before a full stop: letters, inner dots and hyphens (т.нар, д-р, и т.н).
_WORD_BEFORE = re.compile(r"(?:^|[\s(„“\"«])((?:и )?[^\W\d_][\w.\-]*)$")


def split_sentences(text: str, lang: str = "bg") -> list[str]:
    """The sentences of ``text``, each with the spacing that follows it.

    Splits at ``.``, ``!``, ``?``, ``…`` followed by spacing and an upper-case letter or an
    opening quote; does not split after abbreviations (``г.``, ``ул.``, ``т.нар.``, ``млн.``,
    ``проф.``, ...), initials (``Н. Минков``), or inside numbers (``12,5``, ``26.03.2019``).
    """
    abbreviations = _ABBREVIATIONS.get(lang.split("_")[0].lower(), _ABBREVIATIONS["bg"])
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if not _starts_upper(match.group("next")) or text[match.start() - 1:match.start()] in "([":
            continue
        if match.group("stop") == "." and not match.group("close"):
            before = _WORD_BEFORE.search(text, 0, match.start())
            if before and _is_abbreviation(before.group(1), abbreviations):
                continue
        end = match.end("space")
        sentences.append(text[start:end])
        start = end
    if start < len(text) or not sentences:
        sentences.append(text[start:])
    return sentences


def _starts_upper(lookahead: str) -> bool:
    """True when the next sentence opens with an upper-case letter or with a quote."""
    letter = lookahead[-1]
    opening = lookahead[:-1].strip()
    return letter.isupper() or any(q in opening for q in "„“\"«'‘")


def _is_abbreviation(word: str, abbreviations: frozenset[str]) -> bool:
    lowered = word.lower()
    if lowered in abbreviations or lowered.split(" ")[-1] in abbreviations:
        return True
    # An initial: one capital letter (Н. Минков, J. Smith) or a dotted run of them (С.Д.).
    return bool(re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word)) and word[-1].isupper()


# Inline Markdown that must not be cut in two: emphasis, a link or picture (its text and its
# address), code. A sentence boundary inside one is not used: the pieces could not be
# protected and restored on their own.
_HELD = frozenset({"em", "strong", "link", "image", "code"})


def translation_units(text: str, lang: str = "bg") -> list[str]:
    """The sentences of ``text`` that can be translated (and remembered) one by one: those
    of ``split_sentences``, joined again wherever a boundary falls inside inline markup as
    the document model reads it (``document.inline``). ``"".join(...) == text`` still
    holds."""
    sentences = split_sentences(text, lang)
    if len(sentences) == 1:
        return sentences
    from bulletin.content.document import commonmark_text, inline

    if commonmark_text(text) != text:  # offsets of another text: when in doubt, no split
        return [text]
    raw = text.encode("utf-8")
    held = [(len(raw[:node.start].decode("utf-8")), len(raw[:node.end].decode("utf-8")))
            for node in inline(text) if node.kind in _HELD]
    units: list[str] = []
    at = 0
    for sentence in sentences:
        if units and any(start < at < end for start, end in held):
            units[-1] += sentence
        else:
            units.append(sentence)
        at += len(sentence)
    return units
