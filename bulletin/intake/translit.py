"""Bulgarian to Latin by the Streamlined System of the Transliteration Act (2009), and slugs.

The Act's table maps each letter on its own (щ -> sht, ъ -> a, ю -> yu, ...), with two
exceptions: ``-ия`` at the end of a word is ``ia`` (София -> Sofia), and the country's
name is Bulgaria. A letter written as
two or three Latin letters keeps the case of its word: ``Zh`` in a capitalised word,
``ZH`` in a word written all in capitals (Жеков -> Zhekov, ЖИВКОВ -> ZHIVKOV).
Everything that is not a Bulgarian letter is left as it is.
"""

from __future__ import annotations

import re
import unicodedata

LETTERS: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
    "ѝ": "i",  # the pronoun ѝ ("her") is и with a grave accent
}
WORD_FINAL_IA = "ia"  # -ия at the end of a word
# The Act names one word outside the table: the country's name (България -> Bulgaria).
# Its derivatives follow the table (български -> balgarski).
WHOLE_WORDS: dict[str, str] = {"българия": "bulgaria"}

_WORD = re.compile(r"[^\W\d_]+")  # a run of letters of any script
SLUG_MAX = 60


def transliterate(text: str) -> str:
    """``text`` with every Bulgarian letter in Latin letters by the official system.

    >>> transliterate("Щастие в България, ЖИВКОВ")
    'Shtastie v Bulgaria, ZHIVKOV'
    """
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda match: _word(match.group()), text)


def _word(word: str) -> str:
    if not any(ch.lower() in LETTERS for ch in word):
        return word
    letters = [ch for ch in word if ch.isalpha()]
    all_capitals = len(letters) > 1 and all(ch.isupper() for ch in letters)
    whole = WHOLE_WORDS.get(word.lower())
    if whole is not None:
        if all_capitals:
            return whole.upper()
        return whole.capitalize() if word[0].isupper() else whole
    ending = ""
    if len(word) >= 2 and word[-2:].lower() == "ия":
        ending = WORD_FINAL_IA
        if word[-2].isupper():
            ending = "IA" if all_capitals or word[-1].isupper() else "Ia"
        word = word[:-2]
    parts: list[str] = []
    for ch in word:
        latin = LETTERS.get(ch.lower())
        if latin is None:
            parts.append(ch)
        elif not ch.isupper():
            parts.append(latin)
        elif all_capitals:
            parts.append(latin.upper())
        else:
            parts.append(latin.capitalize())
    return "".join(parts) + ending


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """A lowercase ASCII slug of ``text``: Latin letters, digits and single hyphens.

    Bulgarian is transliterated officially; other accented Latin letters lose their
    accents; anything else is dropped. A slug longer than ``max_length`` is cut at a
    word boundary. The result may be empty (a title in Greek, say): callers must check.

    >>> slugify("София се включи в Европейските клъстерни седмици")
    'sofia-se-vklyuchi-v-evropeyskite-klasterni-sedmitsi'
    """
    latin = transliterate(text).lower()
    # apostrophes join a word (don't -> dont); every other non-alphanumeric splits words
    latin = re.sub(r"[’'`ʼ]", "", latin)
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:  # a single overlong word: cut it, there is no boundary to use
                slug = word[:max_length]
            break
        slug = candidate
    return slug
