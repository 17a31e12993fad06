"""Proper names in Bulgarian text, and how a translation spells them.

A newsroom writes Bulgarian names by the official transliteration (the Transliteration Act
of 2009, ``bulletin.intake.translit``): ``Николай Минков`` is ``Nikolay Minkov``, ``София`` is
``Sofia``. Machine translation spells them as it likes (``Nikolai``, ``Sofiya``,
``Khristo``). This module finds the names of a source text and reads how a target text
writes each one.

**Names in the source** (``names_in``): runs of capitalised words (``Хелмут Кергел``;
acronyms in capitals are not names here), kept when

- they follow a title (``г-н``, ``д-р``, ``проф.``, ``министър``, ``кметът``,
  ``председателят``…, see ``TITLES``): a *person*, one word or more;
- they are two to four words ending in a Bulgarian surname (``-ов``, ``-ева``, ``-ски``…,
  see ``SURNAME_ENDINGS``): a *person*, wherever they stand;
- they stand inside a sentence (not at its start, where every word is capitalised):
  another name, a place or an organisation (``София``, ``Средногорие``, ``Тех Парк``).

**Spellings in the target** (``spelling_in``): the official spelling (letter case and
spacing aside; an English possessive may follow), or a *variant*: a spelling of the same
letters by another romanisation (``VARIANTS``: ``й`` as i or j, ``х`` as kh or ch, ``ия``
as iya, ``ц`` as c or tz, ``ж`` as j…). A word that is no romanisation of the Bulgarian
(``John`` for ``Джон``, ``Romania`` for ``Румъния``, ``Ministry`` for ``Министерството``)
is neither; QA (``bulletin.translation.qa``) warns about variants, and about a person's name that is
not in the translation at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from bulletin.intake.translit import transliterate

TITLES = (
    "г-н", "г-жа", "г-ца", "д-р", "господин", "госпожа", "министър", "министър-председател",
    "премиер", "вицепремиер", "президент", "вицепрезидент", "кмет", "заместник-кмет",
    "зам.-кмет", "директор", "председател", "заместник-председател", "посланик", "депутат",
    "евродепутат", "съдия", "прокурор", "генерал", "говорител", "ректор", "декан",
    "управител", "патриарх", "крал", "кралица", "принц", "принцеса", "професор", "доцент",
    "доктор", "академик", "инженер", "архитект", "омбудсман", "комисар", "еврокомисар",
)
ABBREVIATED_TITLES = ("проф", "доц", "акад", "инж", "арх", "ген", "полк", "св")  # with "."
SURNAME_ENDINGS = ("ов", "ев", "ова", "ева", "ски", "ска", "цки", "цка", "шки", "шка", "ин",
                   "ина", "ич", "ян")
# Surnames shaped like adjectives: one that a word in small letters follows is taken for the
# adjective it looks like (Технически университет), not for a surname.
ADJECTIVE_LIKE = ("ски", "ска", "цки", "цка", "шки", "шка")
# Words that open a sentence and are no names: a run that starts a sentence with one of them
# is read without it (Според Иван Петров, Междувременно Технически университет).
OPENERS = frozenset((
    "а", "без", "в", "във", "все", "вчера", "да", "днес", "докато", "до", "за", "заедно",
    "затова", "и", "или", "именно", "както", "като", "когато", "към", "край", "между",
    "междувременно", "на", "над", "но", "обаче", "около", "освен", "от", "отново", "още", "по",
    "под", "последно", "пред", "през", "при", "след", "сега", "според", "срещу", "също",
    "същевременно", "така", "там", "тогава", "той", "тя", "то", "те", "това", "този", "тази",
    "тези", "тук", "утре", "чрез",
))
MAX_PERSON_WORDS = 4

# How other romanisations write each letter (the official one first). Not ISO 9 alone:
# the spellings that news services, passports of the 1990s and English, French and
# German habits give (Nikolai, Khristo, Tsvetan / Cvetan / Zwetan, Zhivkov / Jivkov).
VARIANTS: dict[str, tuple[str, ...]] = {
    "а": ("a",), "б": ("b",), "в": ("v",), "г": ("g",), "д": ("d",), "е": ("e",),
    "ж": ("zh", "ž", "j", "z"), "з": ("z",), "и": ("i", "y"), "й": ("y", "i", "j", "ĭ"),
    "к": ("k",), "л": ("l",), "м": ("m",), "н": ("n",), "о": ("o",), "п": ("p",),
    "р": ("r",), "с": ("s", "ss"), "т": ("t",), "у": ("u", "ou"), "ф": ("f", "ph"),
    "х": ("h", "kh", "ch", "x"), "ц": ("ts", "c", "tz", "z", "tc", "cz"),
    "ч": ("ch", "č", "tch", "tsch"), "ш": ("sh", "š", "sch"),
    "щ": ("sht", "št", "shch", "sch", "sc"), "ъ": ("a", "u", "ă", "ŭ", "â", "y", "'"),
    "ь": ("y", "'", "j", "i", ""), "ю": ("yu", "ju", "iu", "u", "ü"),
    "я": ("ya", "ja", "ia", "â", "a"), "ѝ": ("i",),
}
DIGRAPHS: dict[str, tuple[str, ...]] = {
    "дж": ("dzh", "dž", "dj", "j"), "дз": ("dz",), "ьо": ("yo", "io", "jo", "'o", "o"),
    "йо": ("yo", "jo", "io"),
}
FINAL_IA = ("ia", "iya", "ija", "iia", "ya", "ja")  # -ия at the end of a word

# A capitalised word (not an acronym, not an initial: a small letter follows the capital),
# and a run of them with only spacing between (no blank line).
_CAP = r"[А-ЯЁ](?:[а-яёѝ]+|-[а-яёѝ]+)(?:-[А-ЯЁа-яёѝ][а-яёѝ]*)*(?![\w-])"
_RUN = re.compile(_CAP + r"(?:[ \t]*\n?[ \t]*" + _CAP + ")*")  # starts with a capital: fast
# every form of a title: with the article, or feminine (министърът, председателката)
_TITLE_FORMS = frozenset(t + ending for t in TITLES
                         for ending in ("", "ът", "ят", "а", "я", "ката", "та"))
_OPENING = "„“\"«'‘([–—-*_#>"
_STOPS = ("", ".", "!", "?", "…", ":")  # what a sentence starts after
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class Name:
    """A name as the source writes it (spacing folded), where it is, and whether it is a
    person's."""

    text: str
    start: int
    end: int
    person: bool

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.split())

    @cached_property
    def official(self) -> str:
        """The name by the official transliteration: ``Nikolay Minkov``."""
        return _official(self.text)


@dataclass(frozen=True)
class Spelling:
    """How a target text writes one name."""

    official: bool  # the official spelling is there
    variants: tuple[str, ...] = ()  # spellings of it by another romanisation
    seen: str | None = None  # how the target writes it, as far as it can be told
    absent: bool = False  # no word of the name is there, in any romanisation


@lru_cache(maxsize=50_000)
def names_in(text: str) -> tuple[Name, ...]:
    """The names of a Bulgarian text, in order (see the module's rules)."""
    names: list[Name] = []
    for run in _RUN.finditer(text):
        start = run.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-_"):
            continue  # a capital inside a word
        before = _before(text, start)
        at_start = before in _STOPS  # the text's start too
        single = " " not in run.group() and "\n" not in run.group()
        if at_start and single and before != ".":
            continue  # one capitalised word opening a sentence: any word can be that
        titled = _titled(text, start)
        if single:  # most names: one word inside a sentence, or after a title
            if (titled or not at_start) and not _is_title(run.group()):
                names.append(Name(run.group(), start, run.end(), titled))
            continue
        words = _words(run)
        if at_start and words[0][2].casefold() in OPENERS:
            words.pop(0)
        while words and _is_title(words[0][2]):
            words.pop(0)
            titled = True
        if not words:
            continue
        person = len(words) <= MAX_PERSON_WORDS and (titled or (
            len(words) >= 2 and _surname(words[-1], text)))
        if at_start and not person:
            continue
        names.append(Name(" ".join(w[2] for w in words), words[0][0], words[-1][1], person))
    return tuple(names)


def spelling_in(target: str, name: Name, *, seen: bool = True) -> Spelling:
    """How ``target`` writes ``name``: officially, by another romanisation, otherwise (the
    words beside a part of it that is there: ``John Atanasov`` for ``Джон Атанасов``), or
    not at all. Without ``seen``, the last is not worked out (QA does not show it)."""
    lowered = _lowered(target)
    words = name.words
    if _official(words[0]).lower() in lowered:  # a quick look before the pattern
        for start, end in _found(_official_pattern(name.text), target):
            return Spelling(True, seen=" ".join(target[start:end].split()))
    # each word of the name, wherever the target writes it, officially or not
    hits = [_found(_variant_pattern(word), target) if _may_hold(lowered, word) else []
            for word in words]
    if len(words) > 1 and all(hits):
        wanted = name.official.lower()
        whole = [" ".join(target[start:end].split())
                 for start, end in _found(_variant_pattern(name.text), target)]
        whole = list(dict.fromkeys(v for v in whole if v.lower() != wanted))
        if whole:
            return Spelling(False, tuple(whole), whole[0])
    drifted = tuple(dict.fromkeys(
        target[start:end] for word, found in zip(words, hits, strict=True)
        for start, end in found if target[start:end].lower() != _official(word).lower()))
    first = min(((found[0][0], index) for index, found in enumerate(hits) if found),
                default=None)
    if first is None:
        return Spelling(False, drifted, None, absent=True)
    where = _around(target, first[0], first[1], len(words)) if seen else None
    return Spelling(False, drifted, where)


Word = tuple[int, int, str]  # start, end, the word


def _words(run: re.Match[str]) -> list[Word]:
    words: list[Word] = []
    at = run.start()
    for word in run.group().split():
        start = run.string.index(word, at)
        at = start + len(word)
        words.append((start, at, word))
    return words


def _titled(text: str, start: int) -> bool:
    """Whether a title (``г-н``, ``проф.``, ``министърът``) stands just before ``start``."""
    if not start or not text[start - 1].isspace():
        return False
    before = text[max(0, start - 30):start].rstrip()
    if not before or not (before[-1].isalpha() or before[-1] == "."):
        return False
    word = before.rsplit(None, 1)[-1].lstrip(_OPENING).casefold()
    if word.endswith("."):
        return word[:-1].rsplit(".", 1)[-1] in ABBREVIATED_TITLES
    return word in _TITLE_FORMS


def _is_title(word: str) -> bool:
    return word.casefold() in _TITLE_FORMS


def _surname(word: Word, text: str) -> bool:
    folded = word[2].casefold()
    if not folded.endswith(SURNAME_ENDINGS):
        return False
    if folded.endswith(ADJECTIVE_LIKE):
        after = text[word[1]:word[1] + 40].lstrip(" \t\n")
        return not after[:1].islower()
    return True


def _before(text: str, pos: int) -> str:
    """The last character before ``pos`` that is no spacing or opening mark ("" if none)."""
    i = pos
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in _OPENING):
        i -= 1
    return text[i - 1] if i else ""


def _around(target: str, start: int, index: int, count: int) -> str:
    """The ``count`` words of ``target`` around the word at ``start``, which is word
    ``index`` of a name, if they are capitalised and side by side; else that word."""
    before = list(_LATIN_WORD.finditer(target, max(0, start - 40 * index), start))
    after = list(_LATIN_WORD.finditer(target, start, start + 40 * (count - index)))
    window = ((before[-index:] if index else []) + after[:count - index]
              if len(before) >= index else [])
    side_by_side = all(target[a.end():b.start()].isspace()
                       for a, b in zip(window, window[1:], strict=False))
    if len(window) == count and side_by_side and all(m.group()[0].isupper() for m in window):
        return " ".join(m.group() for m in window)
    return after[0].group()


@lru_cache(maxsize=256)
def _lowered(target: str) -> str:
    return target.lower()


def _found(pattern: re.Pattern[str], target: str) -> list[tuple[int, int]]:
    """Where ``pattern`` (written in small letters) matches whole words of ``target``,
    letter case aside. The pattern runs over the text in small letters, which is several
    times faster than a pattern that ignores case."""
    lowered = _lowered(target)
    if len(lowered) != len(target):  # a letter whose small form is longer (İ): slow way
        lowered, pattern = target, re.compile(pattern.pattern, re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(lowered)
            if not m.start() or not lowered[m.start() - 1].isalpha()]


def _may_hold(lowered: str, word: str) -> bool:
    """False when ``lowered`` lacks letters that every Latin spelling of ``word`` has."""
    return all(part in lowered for part in _fixed(word))


@lru_cache(maxsize=8192)
def _fixed(word: str) -> tuple[str, ...]:
    """The runs of two or more letters that every Latin spelling of ``word`` holds."""
    runs: list[str] = []
    current = ""
    for options in _letters(word):
        if len(options) == 1:
            current += options[0]
            continue
        runs.append(current)
        current = ""
    runs.append(current)
    return tuple(r for r in runs if len(r) >= 2)


@lru_cache(maxsize=4096)
def _official_pattern(name: str) -> re.Pattern[str]:
    words = [re.escape(_official(w).lower()) for w in name.split()]
    return re.compile(r"\s+".join(words) + r"(?![^\W\d_])")


@lru_cache(maxsize=4096)
def _variant_pattern(name: str) -> re.Pattern[str]:
    words = ["".join(_choice(options) for options in _letters(w)) for w in name.split()]
    return re.compile(r"\s+".join(words) + r"(?![^\W\d_])")


@lru_cache(maxsize=8192)
def _official(text: str) -> str:
    return transliterate(text)


def _letters(word: str) -> list[tuple[str, ...]]:
    """The Latin spellings of each letter (or digraph) of a Bulgarian word, in order."""
    lower = word.casefold()
    parts: list[tuple[str, ...]] = []
    i = 0
    while i < len(lower):
        if lower.endswith("ия") and i == len(lower) - 2:
            parts.append(FINAL_IA)
            break
        pair = lower[i:i + 2]
        if pair in DIGRAPHS:
            parts.append(DIGRAPHS[pair] + _pair(pair))
            i += 2
            continue
        parts.append(VARIANTS.get(lower[i], (lower[i],)))
        i += 1
    return parts


def _pair(pair: str) -> tuple[str, ...]:
    """The letter-by-letter spellings of a digraph (дж as dzh and as d + j, say)."""
    return tuple(a + b for a in VARIANTS[pair[0]] for b in VARIANTS[pair[1]])


def _choice(options: tuple[str, ...]) -> str:
    unique = sorted(set(options), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(o) for o in unique) + ")"
