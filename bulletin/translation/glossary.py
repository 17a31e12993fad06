"""The glossary: terms that must be translated one agreed way, or not at all.

``glossary.csv`` sits in the workspace root, UTF-8, comma-separated, with a header row::

    source,en,de,note
    Столична агенция за инвестиции,Sofia Investment Agency,Investitionsagentur Sofia,
    София Тех Парк,Sofia Tech Park,,
    BASE,=,=,programme name
    Enterprise Europe Network,,,do-not-translate
    Хоризонт,Horizon Europe,,programme name; exact-match

- ``source`` is the Bulgarian term; one row per term, each term once (case does not matter).
- one column per target language (a language code: ``en``, ``de``…), in any order; an
  empty cell means "no rule for this language";
- a cell holding just ``=`` means "keep the term as it is" in that language;
- ``note`` (optional, last) is free text for translators; a note that says
  ``do-not-translate`` (or ``do not translate``) keeps the term as is in every language,
  and one that says ``exact-match`` (or ``exact match``) turns off matching by form;
- a row whose first cell starts with ``#`` is a comment; blank rows are skipped.

A term matches whole words, ignoring case and spacing (a line break included), in any of
its forms: every word of it, in order, may carry the article or another ending
(``Столичната агенция за инвестиции``, ``агенциите``, ``клъстерите``; see
``inflection``). Words in Latin letters or digits and acronyms in capitals match
as written. An ``exact-match`` term (the name of a programme that is also a common word, a
code) matches only as written, letter case included. Before a request, every term found is
replaced by a placeholder and restored as the glossary says (``protect``); after
it, QA checks that each term is rendered as the glossary says (``qa``), in English
allowing its plural and possessive (``Agencies``, ``Agency's``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.config import LANG_RE
from bulletin.errors import InvalidInput, OutsideWorkspace, Report, WorkspaceInvalid
from bulletin.fsio import confined, read_text
from bulletin.translation.inflection import (
    WordForm,
    probe_keys,
    same_word,
    shortest_prefix,
    word_form,
)

GLOSSARY_NAME = "glossary.csv"
KEEP = "="
_DO_NOT_TRANSLATE = re.compile(r"do[- ]not[- ]translate", re.IGNORECASE)
_EXACT_MATCH = re.compile(r"exact[- ]match", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    source: str
    targets: dict[str, str]
    keep: bool = False  # do-not-translate: the term stays as is in every language
    note: str = ""
    line: int = 0
    exact: bool = False  # exact-match: only as written, letter case included

    def target(self, lang: str) -> str | None:
        """How the term must read in ``lang``, or None when the glossary has no rule."""
        if self.keep:
            return self.source
        value = self.targets.get(lang)
        if not value:
            return None
        return self.source if value == KEEP else value


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term
    target: str


@dataclass
class Glossary:
    path: Path | None = None
    terms: list[Term] = field(default_factory=list)
    _finders: dict[str, _Finder | None] = field(default_factory=dict, repr=False)
    _found: dict[tuple[str, str], list[Match]] = field(default_factory=dict, repr=False)

    def for_language(self, lang: str) -> dict[str, str]:
        """``{source term: target term}`` for ``lang`` (for providers with glossary APIs)."""
        return {t.source: target for t in self.terms if (target := t.target(lang)) is not None}

    def find(self, text: str, lang: str) -> list[Match]:
        """Every glossary term in ``text`` with a rule for ``lang``, in any of its forms:
        whole words, longest first, not overlapping, in order. A text is searched once
        per language and glossary (QA and protection ask again for the same segments)."""
        if lang not in self._finders:
            terms = [t for t in self.terms if t.target(lang) is not None]
            self._finders[lang] = _Finder(terms) if terms else None
        finder = self._finders[lang]
        if finder is None:
            return []
        found = self._found.get((text, lang))
        if found is None:
            if len(self._found) > _TEXTS_KEPT:
                self._found.clear()
            found = self._found[(text, lang)] = finder.find(text, lang)
        return list(found)


_TEXTS_KEPT = 100_000
_TOKEN = re.compile(r"\w+|[^\w\s]")
_GAP = re.compile(r"\s*")


@dataclass(frozen=True, slots=True)
class _Word:
    """One word (or punctuation mark) of a term: matched by form, or exactly as written
    (``form`` None: an ``exact-match`` term)."""

    text: str
    form: WordForm | None

    def matches(self, word: str) -> bool:
        if self.form is None:
            return word == self.text
        return same_word(self.form, word_form(word))

    @property
    def keys(self) -> tuple[str, ...]:
        return ("!" + self.text,) if self.form is None else probe_keys(self.form)

    @property
    def prefix(self) -> str:
        return self.text if self.form is None else shortest_prefix(self.form)


class _Node:
    """A place in the tree of terms: the words that may come next, filed under their keys,
    and the best term that ends here."""

    __slots__ = ("children", "index", "ends")

    def __init__(self) -> None:
        self.children: dict[_Word, _Node] = {}
        self.index: dict[str, list[tuple[_Word, _Node]]] = {}
        self.ends: tuple[int, Term] | None = None  # (rank, term)


class _Finder:
    """The terms of one language as a tree of their words, with one pattern that finds
    where any of them may start (so a text without one costs one regex scan). At each
    start the tree is walked word by word: a thousand terms that share a first word cost
    no more than one."""

    def __init__(self, terms: list[Term]) -> None:
        entries = [(t, tuple(_Word(w, None if t.exact else word_form(w))
                             for w in _TOKEN.findall(t.source))) for t in terms]
        # where terms of as many words end at one place: the longer source first
        entries.sort(key=lambda e: (-len(e[1]), -len(e[0].source), e[0].source))
        self.root = _Node()
        for rank, (term, words) in enumerate(entries):
            node = self.root
            for word in words:
                child = node.children.get(word)
                if child is None:
                    child = node.children[word] = _Node()
                    for key in word.keys:
                        node.index.setdefault(key, []).append((word, child))
                node = child
            if node.ends is None:
                node.ends = (rank, term)
        # in small letters, run over the text in small letters: several times faster than a
        # pattern that ignores case, and than one that opens with a look behind
        self.gate = re.compile(_alternation({w[0].prefix.lower() for _, w in entries}))
        self._seen: dict[tuple[int, str], list[_Node]] = {}  # by id: the nodes live as long

    def find(self, text: str, lang: str) -> list[Match]:
        found: list[Match] = []
        covered = 0
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose small form is longer (İ): slow way
            lowered, hits = text, re.compile(self.gate.pattern, re.IGNORECASE).finditer(text)
        else:
            hits = self.gate.finditer(lowered)
        for hit in hits:
            start = hit.start()
            if start < covered or (start and (lowered[start - 1].isalnum()
                                              or lowered[start - 1] == "_")):
                continue  # inside a term found, or inside a word
            best = self._longest(self.root, text, start, 1)
            if best is not None:
                _, _, end, term = best
                target = term.target(lang)
                if target is not None:
                    found.append(Match(start, end, term, target))
                    covered = end
        return found


    def _longest(self, node: _Node, text: str, pos: int, depth: int) -> Best | None:
        """The longest term (then the best ranked) that goes on from ``node`` with the word
        at ``pos``. Words are separated by spacing only (a line break too), or by nothing
        before punctuation."""
        token = _TOKEN.match(text, pos)
        if token is None:
            return None
        best: Best | None = None
        for child in self._next(node, token.group()):
            if child.ends is not None:
                here = (depth, -child.ends[0], token.end(), child.ends[1])
                if best is None or here[:2] > best[:2]:
                    best = here
            if child.index:
                after = _GAP.match(text, token.end())
                deeper = self._longest(child, text, after.end() if after else token.end(),
                                       depth + 1)
                if deeper is not None and (best is None or deeper[:2] > best[:2]):
                    best = deeper
        return best

    def _next(self, node: _Node, word: str) -> list[_Node]:
        """The places of the tree that ``word`` leads to from ``node`` (kept: a run meets
        the same words at the same places again and again)."""
        key = (id(node), word)
        known = self._seen.get(key)
        if known is None:
            known = []
            for probe in ("!" + word, *probe_keys(word_form(word))):
                for candidate, child in node.index.get(probe, ()):
                    if child not in known and candidate.matches(word):
                        known.append(child)
            if len(self._seen) > _TEXTS_KEPT:
                self._seen.clear()
            self._seen[key] = known
        return known


Best = tuple[int, int, int, Term]  # words, -rank, end, term: the greatest wins


def _alternation(prefixes: set[str]) -> str:
    """A regex matching the start of any of ``prefixes``, as a tree of their letters (a
    thousand terms cost a thousand alternatives only where their starts differ)."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for prefix in prefixes:
        node = tree
        for ch in prefix:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:  # type: ignore[type-arg]
        if "" in node:  # a prefix ends here: where it starts, a term may start
            return ""
        options = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items())]
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return "(?:" + pattern(tree) + ")"


def _key(term: str) -> str:
    return " ".join(term.split()).casefold()


def glossary_path(root: Path) -> Path:
    return root / GLOSSARY_NAME


def load_glossary(root: Path, report: Report | None = None) -> Glossary:
    """Read ``root/glossary.csv`` (an empty glossary if there is none).

    Every problem goes to ``report``; without one, any error is raised (all of them at once).
    """
    path = glossary_path(root)
    own = Report() if report is None else report
    try:
        confined(root, path)
    except OutsideWorkspace as exc:
        own.problems.append(exc.problem())
        glossary = Glossary(path)
    else:
        if not path.is_file():
            return Glossary(path)
        glossary = _parse(path, own)
    if report is None and own.errors:
        raise WorkspaceInvalid(own.problems, message=f"{path.name}: {len(own.errors)} "
                               "problem(s); fix them, then run again")
    return glossary


def _parse(path: Path, report: Report) -> Glossary:
    try:
        text = read_text(path).text
    except InvalidInput as exc:
        report.problems.append(exc.problem())
        return Glossary(path)
    rows = csv.reader(text.splitlines())
    header: list[str] | None = None
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for cells in rows:
        line = rows.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in cells]
        if header is None:
            header = _header(cells, path, line, report)
            if header is None:
                return Glossary(path)
            continue
        term = _row(cells, header, path, line, report)
        if term is None:
            continue
        key = _key(term.source)
        if key in seen:
            report.add(path, f"the term {term.source!r} is listed twice (first on line "
                       f"{seen[key]})", "keep one row per term", line=line)
            continue
        seen[key] = line
        terms.append(term)
    return Glossary(path, terms)


def _header(cells: list[str], path: Path, line: int, report: Report) -> list[str] | None:
    names = [c.lower() for c in cells]
    hint = "the first row names the columns, e.g. source,en,de,note"
    if names[0] != "source":
        report.add(path, f"the first column must be 'source', not {cells[0]!r}", hint,
                   line=line)
        return None
    ok = True
    for index, name in enumerate(names[1:], 1):
        if name == "note" and index == len(names) - 1:
            continue
        if not LANG_RE.match(cells[index]):
            report.add(path, f"column {index + 1} must be a language code (like en) or, "
                       f"last, 'note'; not {cells[index]!r}", hint, line=line)
            ok = False
    if len(set(names)) != len(names):
        report.add(path, "a column is named twice", hint, line=line)
        ok = False
    if len(names) < 2:
        report.add(path, "the glossary has no language column", hint, line=line)
        ok = False
    return ([names[0], *(n if n == "note" else c for n, c in zip(names[1:], cells[1:],
                                                                   strict=True))]
            if ok else None)


def _row(cells: list[str], header: list[str], path: Path, line: int,
         report: Report) -> Term | None:
    if len(cells) != len(header):
        report.add(path, f"this row has {len(cells)} cell(s), the header has {len(header)}",
                   "put a comma between every cell, and quote a term that holds a comma: "
                   '"Sofia, Bulgaria"', line=line)
        return None
    values = dict(zip(header, cells, strict=True))
    source = values.pop("source")
    note = values.pop("note", "")
    if not source:
        report.add(path, "the source term is empty", "write the Bulgarian term first",
                   line=line)
        return None
    keep = bool(_DO_NOT_TRANSLATE.search(note))
    targets = {lang: value for lang, value in values.items() if value}
    if keep:
        clashing = [lang for lang, value in targets.items() if value not in (KEEP, source)]
        if clashing:
            report.add(path, f"{source!r} is marked do-not-translate but has a translation "
                       f"for {', '.join(clashing)}",
                       "empty those cells (or write =), or drop do-not-translate from the note",
                       line=line)
            return None
    return Term(source, targets, keep, note, line, bool(_EXACT_MATCH.search(note)))
