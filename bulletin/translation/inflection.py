"""Bulgarian word forms, reduced to what a glossary term is matched by.

Bulgarian adds the definite article to the word (``агенцията``, ``Столичната``,
``клъстерите``, ``Техническият``) and inflects adjectives for gender and number
(``столичен``, ``столична``, ``столични``), so a glossary term written once must match every
form of its words. Two words are the same word when:

- they are written alike (letter case aside);
- or both are in simplemma's Bulgarian dictionary (a lookup table shipped with the package,
  no model download) and have one lemma: ``Столичната`` and ``столична`` -> ``столичен``,
  ``агенциите`` -> ``агенция``. The dictionary tells ``вода`` (water) from ``води`` (leads,
  of ``водя``), and ``община`` from ``общински``, which no rule of endings could;
- or one of them is not in the dictionary (a loanword, a name: simplemma would guess
  ``клъстерите -> клъстера``) and they share a stem: the word with one of the endings
  in ``ENDINGS`` taken off (articles ``-ът -ят -а -я -та -то -те``, adjective endings
  ``-ия -ият -ата -ото -ите``, plurals ``-и -ове -овете``), with the fleeting vowel of
  ``-ен`` and ``-ър`` dropped (``клъстерен``, ``клъстерна`` -> ``клъстерн``).

A word written in Latin letters or digits, or all in capitals (an acronym: ``СОАПИ``),
is not inflected: it matches itself only. Every word's form is worked out once per process
(``word_form`` keeps them), so a run over a thousand articles looks each word up once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

LANG = "bg"
# Endings taken off a word the dictionary does not know, to find its stems. Each is tried
# on its own (a word has one stem per ending it carries), never two in a row.
ENDINGS = ("а", "я", "о", "е", "и", "ът", "ят", "та", "то", "те", "ия", "ият", "ата", "ята",
           "ото", "ето", "ите", "ове", "еве", "овете", "евете")
MIN_STEM = 3
_CYRILLIC_WORD = re.compile(r"[а-яёѝ]+(?:-[а-яёѝ]+)*")
_FLEETING = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])(?:е(?=н$)|ъ(?=[рл]$))")
_WORDS_KEPT = 200_000  # a bound for a very long run; words repeat


@dataclass(frozen=True, slots=True)
class WordForm:
    """What a word is matched by: its folded spelling, its dictionary lemma if any, and
    its stems (empty for a word that is not inflected)."""

    fold: str
    lemma: str | None
    stems: frozenset[str]


class _Lookup(Protocol):
    def get_lemma(self, token: str, lang: str) -> str | None: ...


_FORMS: dict[str, WordForm] = {}


def word_form(word: str) -> WordForm:
    """The form of one word as it is written in a text (cached)."""
    known = _FORMS.get(word)
    if known is None:
        if len(_FORMS) > _WORDS_KEPT:
            _FORMS.clear()
        known = _FORMS[word] = _form(word)
    return known


def same_word(a: WordForm, b: WordForm) -> bool:
    """Whether ``a`` and ``b`` are forms of one word (see the module's rules)."""
    if a.fold == b.fold:
        return True
    if not (a.stems and b.stems):
        return False
    if a.lemma is not None and b.lemma is not None:
        return a.lemma == b.lemma
    return not a.stems.isdisjoint(b.stems)


@lru_cache(maxsize=65536)
def probe_keys(form: WordForm) -> tuple[str, ...]:
    """Keys under which a word is filed: any two forms of one word share one of them."""
    if not form.stems:
        return ("=" + form.fold,)
    return ("=" + form.fold, *("~" + s for s in sorted(form.stems)))


def shortest_prefix(form: WordForm) -> str:
    """A start that every form of the word shares: what its spelling, its lemma and its
    stems have in common, less one letter for an alternation the rules do not know
    (``ученик``, ``ученици``); at least ``MIN_STEM`` letters."""
    if not form.stems:
        return form.fold
    forms = [form.fold, *form.stems, *([form.lemma] if form.lemma else [])]
    shared = os.path.commonprefix(forms)
    return shared[:max(MIN_STEM, len(shared) - 1)]


def stems(word: str) -> frozenset[str]:
    """The stems of a folded Bulgarian word: itself and itself less each ending it has."""
    found = {_without_fleeting(word)}
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            found.add(_without_fleeting(word[:-len(ending)]))
    return frozenset(found)


def _without_fleeting(stem: str) -> str:
    return _FLEETING.sub("", stem, count=1) if len(stem) > MIN_STEM + 1 else stem


def _form(word: str) -> WordForm:
    fold = word.casefold()
    inflected = (word != word.upper() or len(word) == 1) and _CYRILLIC_WORD.fullmatch(fold)
    if not inflected:
        return WordForm(fold, None, frozenset())
    lemma = _dictionary().get_lemma(fold, LANG)
    if lemma is not None:
        lemma = lemma.casefold()
        return WordForm(fold, lemma, stems(fold) | stems(lemma))
    return WordForm(fold, None, stems(fold))


@lru_cache(maxsize=1)
def _dictionary() -> _Lookup:
    # simplemma's dictionary only: its guesses for unknown words (клъстерите -> клъстера,
    # Варна -> варя) are what the stems above replace
    from simplemma.strategies import LOW_MEMORY_DICTIONARY_FACTORY, DictionaryLookupStrategy

    # the compact form of the dictionary: 4 MiB instead of 27 and quicker to open; a lookup
    # costs more, but each word is looked up once (``word_form``)
    return DictionaryLookupStrategy(LOW_MEMORY_DICTIONARY_FACTORY)
