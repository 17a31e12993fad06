"""The glossary: terms that must be translated one agreed way, or not at all.

``glossary.csv`` sits in the workspace root, UTF-8, comma-separated, with a header row::

    source,en,de,note
    Столична агенция за инвестиции,Sofia Investment Agency,Investitionsagentur Sofia,
    София Тех Парк,Sofia Tech Park,,
    BASE,=,=,programme name
    Enterprise Europe Network,,,do-not-translate

- ``source`` is the Bulgarian term; one row per term, each term once (case does not matter).
- one column per target language (a language code: ``en``, ``de``…), in any order; an
  empty cell means "no rule for this language";
- a cell holding just ``=`` means "keep the term as it is" in that language;
- ``note`` (optional, last) is free text for translators; a note that says
  ``do-not-translate`` (or ``do not translate``) keeps the term as is in every language;
- a row whose first cell starts with ``#`` is a comment; blank rows are skipped.

A term matches whole words, ignoring case. Before a request, every term found is replaced
by a placeholder and restored as the glossary says (``bulletin.protect``); after it, QA
checks that each term is rendered as the glossary says (``bulletin.qa``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bulletin.config import LANG_RE
from bulletin.errors import InvalidInput, OutsideWorkspace, Report, WorkspaceInvalid
from bulletin.fsio import confined, read_text

GLOSSARY_NAME = "glossary.csv"
KEEP = "="
_DO_NOT_TRANSLATE = re.compile(r"do[- ]not[- ]translate", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    source: str
    targets: dict[str, str]
    keep: bool = False  # do-not-translate: the term stays as is in every language
    note: str = ""
    line: int = 0

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
    _patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict, repr=False)

    def for_language(self, lang: str) -> dict[str, str]:
        """``{source term: target term}`` for ``lang`` (for providers with glossary APIs)."""
        return {t.source: target for t in self.terms if (target := t.target(lang)) is not None}

    @cached_property
    def _by_key(self) -> dict[str, Term]:
        return {_key(t.source): t for t in self.terms}

    def find(self, text: str, lang: str) -> list[Match]:
        """Every glossary term in ``text`` with a rule for ``lang``: whole words, longest
        first, not overlapping, in order."""
        pattern = self._pattern(lang)
        if pattern is None:
            return []
        found: list[Match] = []
        for match in pattern.finditer(text):
            term = self._by_key[_key(match.group(0))]
            target = term.target(lang)
            if target is not None:
                found.append(Match(match.start(), match.end(), term, target))
        return found

    def _pattern(self, lang: str) -> re.Pattern[str] | None:
        if lang not in self._patterns:
            terms = sorted((t.source for t in self.terms if t.target(lang) is not None),
                           key=len, reverse=True)
            self._patterns[lang] = re.compile(
                r"(?<!\w)(?:" + "|".join(_flexible(t) for t in terms) + r")(?!\w)",
                re.IGNORECASE) if terms else None
        return self._patterns[lang]


def _key(term: str) -> str:
    return " ".join(term.split()).casefold()


def _flexible(term: str) -> str:
    return r"\s+".join(re.escape(word) for word in term.split())


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
    return Term(source, targets, keep, note, line)
