"""Which Cyrillic code page a file that is not UTF-8 was saved in: the one detector, for
``bulletin import`` (which converts the file) and for the hint of ``check`` and every
other reader that refuses it (``iconv -f KOI8-R …``).

windows-1251, KOI8-R and ISO-8859-5 all decode any Bulgarian file without an error, into
different letters, and general-purpose detectors confuse them on short texts
(charset-normalizer names the wrong one for about one KOI8-R or ISO-8859-5 line in
five of a news article's openings). So each candidate decoding is scored as Bulgarian:
how likely its letters are by their frequency in Bulgarian text, with a capital right
after a small letter and characters that Bulgarian text does not use (box drawing,
control codes, letters of other Cyrillic alphabets) made very unlikely. The wrong
decodings turn most letters into capitals or into such characters, so they lose by a
wide margin on any real sentence.
"""

from __future__ import annotations

import math

# how often each letter appears in Bulgarian prose, in per cent (rounded)
FREQUENCY: dict[str, float] = {
    "а": 8.9, "б": 1.7, "в": 4.4, "г": 1.4, "д": 3.0, "е": 8.4, "ж": 0.7, "з": 1.6,
    "и": 8.8, "й": 0.6, "к": 3.3, "л": 3.3, "м": 2.6, "н": 7.8, "о": 8.7, "п": 2.8,
    "р": 4.6, "с": 4.5, "т": 7.1, "у": 1.2, "ф": 0.3, "х": 0.6, "ц": 0.6, "ч": 1.4,
    "ш": 0.3, "щ": 0.6, "ъ": 2.0, "ь": 0.05, "ю": 0.2, "я": 2.2, "ѝ": 0.05,
}
_LETTER = {ch: math.log(p / 100) for ch, p in FREQUENCY.items()}
# a capital starts a word, or continues one written in capitals (СОФИЯ, НАТО) ...
_CAPITAL = math.log(0.3)
# ... but rarely follows a small letter inside a word
_CAPITAL_AFTER_SMALL = math.log(0.05)
# punctuation that Bulgarian text in these encodings does use
_TYPOGRAPHY = set("„“”‘’«»–—…№•\u00a0§°©®™±·")
_TYPOGRAPHY_COST = math.log(0.5)
_RUSSIAN = set("ыэёЫЭЁ")  # Cyrillic, but not Bulgarian: rare here, not impossible
_RUSSIAN_COST = math.log(1e-3)
_UNLIKELY_COST = math.log(1e-5)

# Python's codec -> the name people and iconv use
SINGLE_BYTE = {"cp1251": "windows-1251", "koi8_r": "KOI8-R", "iso8859_5": "ISO-8859-5"}


def best_cyrillic(data: bytes) -> str | None:
    """The single-byte codec under which ``data`` reads most like Bulgarian, or None when
    no candidate gives Bulgarian letters at all."""
    scores: dict[str, float] = {}
    for codec in SINGLE_BYTE:
        try:
            score, letters = bulgarian_score(data.decode(codec))
        except UnicodeDecodeError:  # windows-1251 leaves 0x98 undefined
            continue
        if letters:
            scores[codec] = score
    return max(scores, key=scores.__getitem__) if scores else None  # the first of equals


def guess_encoding(data: bytes) -> str | None:
    """The name (``KOI8-R``) of the Cyrillic code page ``data`` is most likely in, or
    None."""
    codec = best_cyrillic(data)
    return SINGLE_BYTE[codec] if codec else None


def bulgarian_score(text: str) -> tuple[float, int]:
    """Log-likelihood of the non-ASCII characters of ``text`` as Bulgarian prose, and how
    many Bulgarian letters it has. Higher is more likely."""
    score = 0.0
    letters = 0
    previous = " "
    for ch in text:
        if ch < "\x80":
            previous = ch
            continue
        lower = ch.lower()
        if lower in _LETTER:
            letters += 1
            score += _LETTER[lower]
            if ch != lower:
                score += _CAPITAL_AFTER_SMALL if previous.islower() else _CAPITAL
        elif ch in _TYPOGRAPHY:
            score += _TYPOGRAPHY_COST
        elif ch in _RUSSIAN:
            score += _RUSSIAN_COST
        else:
            score += _UNLIKELY_COST
        previous = ch
    return score, letters
