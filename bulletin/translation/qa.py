"""QA of translations: compare each source segment with its translation.

A segment fails QA when its translation:

- lacks a number of the source, in the target's notation (``12,5%`` -> ``12.5%``; an
  English ordinal such as ``21st`` counts as ``21``);
- lacks a link destination, URL, e-mail address or inline code of the source;
- does not render a glossary term as the glossary says (the source's term in any of its
  forms; in English the term may take its plural or possessive: ``Agencies``, ``Agency's``);
- spells a name of the source by another romanisation than the official transliteration
  (``Nikolai Minkov`` for ``Николай Минков``, ``Sofiya`` for ``София``), or lacks a
  person's name altogether (``names``); a name the glossary spells is left to the
  glossary's rule;
- still holds Cyrillic letters although the target language is written in Latin script
  (code, URLs and terms the glossary keeps as they are do not count);
- still holds a placeholder (``{3}``) that the source did not have;
- is empty.

QA runs on every machine and every reviewed segment: a person who turns ``48,7`` into
``47.8`` or deletes a link is warned just as a machine draft is. Stale text belongs to an
older source and is not checked (nor is the suggestion beside it); missing text has
nothing to check. ``bulletin translate`` reports QA for what it just received.

Findings show in ``bulletin check`` (warnings with code ``qa``, the file, the segment's
line and key, the source's value and what the translation has; ``--strict`` fails on them)
and in ``bulletin status`` (``qa``: segments failing; ``--json`` lists the findings).

A person may accept an intended difference (``1 500 000`` written out as ``1.5 million``):
``accept_findings`` records ``acceptance(source, translation)`` in the segment's marker
(``ok=…``), and QA no longer reports that segment. The acceptance names both texts, so it
lapses as soon as either the source or the translation changes.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bulletin.config import Config
from bulletin.content.model import Aligned, ArticleTranslation, State
from bulletin.content.segments import normalise
from bulletin.content.store import save_translation
from bulletin.content.workspace import Workspace
from bulletin.errors import Problem, Report, Severity, UsageError
from bulletin.fsio import workspace_lock
from bulletin.translation.glossary import Glossary, glossary_path, load_glossary
from bulletin.translation.names import names_in, spelling_in
from bulletin.translation.protect import PLACEHOLDER, Protected, Slot, number_format, protect
from bulletin.translation.typography import misfits, typeset_text

CYRILLIC_SCRIPT = {"bg", "ru", "uk", "sr", "mk", "be", "kk", "ky", "mn", "tg", "tt", "ba"}
CHECKED = (State.MACHINE, State.REVIEWED)  # stale text belongs to an older source
_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]+")
# Only a source with one of these (or "http", "www.") can hold a number, link, URL,
# address or code to keep.
_MAY_KEEP = re.compile(r"[\d`@<\[]")
_MARKUP = re.compile(r"[*_\\&]")  # emphasis, escapes, entities: protection reads them
_ORDINALS = {"en": re.compile(r"\d(?<![\w.,]\d)\d*(?:st|nd|rd|th)\b")}  # 21st
_WHAT = {"link": "the link to", "url": "the address", "email": "the e-mail address",
         "code": "the code"}
_HAS = {"link": "links to", "url": "has the address", "email": "has the address",
        "code": "has the code"}


@dataclass(frozen=True)
class Finding:
    """One QA failure of one segment: which rule, in words, and the values compared.

    ``source`` is the value as the source writes it (``48,7``), ``expected`` what the
    translation should hold (``48.7``), ``found`` what it holds instead (``47.8``).
    """

    key: str
    rule: str  # number, link, url, email, code, term, name, cyrillic, placeholder, empty
    message: str
    source: str | None = None
    expected: str | None = None
    found: tuple[str, ...] = ()
    code: str = "qa"

    def as_dict(self) -> dict[str, object]:
        return {"segment": self.key, "rule": self.rule, "message": self.message,
                "source": self.source, "expected": self.expected, "found": list(self.found)}


@dataclass(frozen=True)
class QAProblem(Problem):
    """A QA finding where ``bulletin check`` and ``bulletin status`` report it: the file and
    the segment's line in it, with the finding and the segment's state for programs."""

    finding: Finding | None = None  # always given; a default only as dataclasses require
    state: State | None = None

    @property
    def key(self) -> str | None:
        return self.finding.key if self.finding else None

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        out = super().as_dict(root)
        if self.finding is not None:
            out["detail"] = {**self.finding.as_dict(),
                             "state": self.state.value if self.state else None}
        return out


def acceptance(source: str, target: str) -> str:
    """Eight hex digits naming a source text and its translation together: what a person
    accepted. Any change to either text (beyond white space and Unicode form) changes it."""
    a, b = normalise(source), normalise(target)
    return hashlib.sha256(f"{len(a)}:{a}\n{b}".encode()).hexdigest()[:8]


def check_segment(key: str, source: str, target: str, *, config: Config, lang: str,
                  glossary: Glossary | None, protected: Protected | None = None
                  ) -> list[Finding]:
    """Everything wrong with ``target`` as a translation of ``source`` into ``lang``."""
    if not target.strip():
        return [Finding(key, "empty", "the translation is empty")]
    target_locale = config.locale_for(lang)
    if protected is None:
        protected = _protect_source(source, config, lang, glossary)
    findings = _numbers(key, target, protected, target_locale, lang)
    findings += _atoms(key, target, protected, target_locale, lang)
    terms = protected.kinds("term")
    english = lang.split("_")[0] == "en"
    for value, wanted in Counter(s.restored for s in terms).items():
        if _renderings(value, english, target) < wanted:
            original = next(s.original for s in terms if s.restored == value)
            findings.append(Finding(key, "term", f"the glossary term {original!r} is not "
                                    f"rendered as {value!r}", original, value))
    if (config.source.split("_")[0] == "bg" and lang.split("_")[0] not in CYRILLIC_SCRIPT
            and names_in(source)):
        findings += _names(key, source, target, lang, glossary)
    left = _placeholders(target) - _placeholders(source) if "{" in target else set()
    if left:
        shown = tuple(sorted(left))
        findings.append(Finding(key, "placeholder", f"placeholder(s) {', '.join(shown)} were "
                                "not restored", found=shown))
    wrong = misfits(target, target_locale) if not target.isascii() or " - " in target else []
    if wrong:
        fixed = typeset_text(target, target_locale)
        findings.append(Finding(key, "typography", "typography of another language: "
                                + " ".join(repr(m) for m in wrong) + f"; in {target_locale} "
                                "it reads: " + fixed, found=tuple(wrong), expected=fixed))
    if (lang.split("_")[0] not in CYRILLIC_SCRIPT and not target.isascii()
            and _CYRILLIC.search(target)):
        letters = _CYRILLIC.findall(_without_kept(target, lang, glossary, config))
        if letters:
            shown = tuple(dict.fromkeys(letters))[:5]
            findings.append(Finding(key, "cyrillic", "Cyrillic left in the translation: "
                                    + " ".join(shown), found=shown))
    return findings


def rendering(value: str, lang: str) -> re.Pattern[str]:
    """What QA accepts as a glossary term's rendering ``value`` in ``lang``."""
    return _rendering(value, lang.split("_")[0] == "en")


@lru_cache(maxsize=4096)
def _rendering(value: str, english: bool, lowered: bool = False) -> re.Pattern[str]:
    """A glossary term's rendering as whole words, any spacing between them; in English its
    last word may take a plural or a possessive (Agency, Agencies, Agency's, Agencies').
    ``lowered``: in small letters, for a text in small letters, without the look behind
    (the caller checks the start), which is several times faster."""
    if lowered:
        value = value.lower()
    words = [re.escape(w) for w in value.split()]
    last = value.split()[-1] if words else ""
    if english and last[-1:].isalpha():
        forms = [re.escape(last) + r"(?:e?s)?(?:['’]s?)?"]
        if len(last) > 1 and last[-1] in "yY" and last[-2].lower() not in "aeiou":
            forms.append(re.escape(last[:-1]) + r"ies['’]?")
        words[-1] = "(?:" + "|".join(forms) + ")"
    body = r"\s+".join(words) + r"(?!\w)"
    return re.compile(body) if lowered else re.compile(r"(?<!\w)" + body, re.IGNORECASE)


def _renderings(value: str, english: bool, target: str) -> int:
    """How many times ``target`` renders the glossary term as ``value`` (see ``rendering``)."""
    lowered = target.lower()
    if len(lowered) != len(target):  # a letter whose small form is longer (İ): slow way
        return len(_rendering(value, english).findall(target))
    if value.split()[0].lower() not in lowered:
        return 0
    return sum(1 for m in _rendering(value, english, True).finditer(lowered)
               if not m.start() or not (lowered[m.start() - 1].isalnum()
                                        or lowered[m.start() - 1] == "_"))


def _names(key: str, source: str, target: str, lang: str, glossary: Glossary | None
           ) -> list[Finding]:
    """Each name of the source that the target spells by another romanisation, and each
    person's name it lacks; names inside a glossary term follow the glossary instead."""
    terms = glossary.find(source, lang) if glossary else []
    findings: list[Finding] = []
    told: set[str] = set()
    for name in names_in(source):
        if name.text in told or any(m.start < name.end and name.start < m.end for m in terms):
            continue
        if not name.person and len(name.words) > 1:
            continue  # an organisation or a place of several words (Тех Парк is Tech Park)
        told.add(name.text)
        spelling = spelling_in(target, name, seen=False)
        if spelling.official:
            continue
        if spelling.variants:
            shown = ", ".join(map(repr, spelling.variants))
            findings.append(Finding(key, "name", f"the name {name.text!r} is written {shown}; "
                                    f"by the official transliteration: {name.official!r}",
                                    name.text, name.official, spelling.variants))
        elif name.person and spelling.absent:
            findings.append(Finding(key, "name", f"the name {name.text!r} is missing from the "
                                    "translation (by the official transliteration: "
                                    f"{name.official!r})", name.text, name.official))
    return findings


def _placeholders(text: str) -> set[str]:
    return {"{" + m["number"] + "}" for m in PLACEHOLDER.finditer(text)} if "{" in text else set()


def _protect_source(source: str, config: Config, lang: str, glossary: Glossary | None
                    ) -> Protected:
    if not (_MAY_KEEP.search(source) or "http" in source or "www." in source):
        terms = glossary.find(source, lang) if glossary else []
        if not terms:
            return Protected(source, ())  # nothing QA compares: skip the full scan
        if not _MARKUP.search(source):  # plain text and terms: the terms are all there is
            return Protected(source, tuple(Slot(n, "term", source[m.start:m.end], m.target)
                                           for n, m in enumerate(terms, 1)))
    return protect(source, source_locale=config.locale_for(config.source),
                   target_locale=config.locale_for(lang), target_lang=lang, glossary=glossary)


def _numbers(key: str, target: str, protected: Protected, locale: str, lang: str
             ) -> list[Finding]:
    slots = protected.kinds("number")
    if not slots:
        return []
    seen = number_format(locale, locale).pattern.findall(target)  # no groups: whole matches
    ordinals = _ORDINALS.get(lang.split("_")[0])
    if ordinals:
        seen += [m[:-2] for m in ordinals.findall(target)]
    found, wanted = Counter(seen), Counter(s.restored for s in slots)
    short = [(value, count) for value, count in wanted.items() if found[value] < count]
    if not short:
        return []
    surplus = tuple(dict.fromkeys((found - wanted).elements()))
    findings: list[Finding] = []
    for value, count in short:
        original = next(s.original for s in slots if s.restored == value)
        notation = "" if original == value else f" ({value} in {_language_name(locale)})"
        if found[value]:
            message = (f"the number {original}{notation} appears {count} times in the source "
                       f"but {found[value]} in the translation")
        else:
            message = f"the number {original} of the source{notation} is missing" + (
                f"; the translation has {', '.join(surplus)}" if surplus
                else " from the translation")
        findings.append(Finding(key, "number", message, original, value, surplus))
    return findings


def _atoms(key: str, target: str, protected: Protected, locale: str, lang: str
           ) -> list[Finding]:
    """Links, URLs, e-mail addresses and inline code: kept exactly, as often as the source."""
    slots = protected.kinds("url", "email", "link", "code")
    missing = [(value, wanted) for value, wanted in Counter(s.restored for s in slots).items()
               if target.count(value) < wanted]
    if not missing:
        return []
    kept = {s.restored for s in slots}
    theirs = protect(target, source_locale=locale, target_locale=locale, target_lang=lang)
    findings: list[Finding] = []
    for value, _wanted in missing:
        kind = next(s.kind for s in slots if s.restored == value)
        others = tuple(dict.fromkeys(_shown(s) for s in theirs.kinds(kind)
                                     if s.restored not in kept))
        shown = _shown(next(s for s in slots if s.restored == value))
        message = f"{_WHAT[kind]} {shown!r} of the source is missing" + (
            f"; the translation {_HAS[kind]} {', '.join(map(repr, others))}" if others
            else " from the translation")
        findings.append(Finding(key, kind, message, shown, shown, others))
    return findings


def _shown(slot: Slot) -> str:
    """A link's destination without its Markdown brackets; anything else as written."""
    return slot.restored[2:-1] if slot.kind == "link" else slot.restored


@lru_cache(maxsize=16)
def _language_name(locale: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale).get_language_name("en") or locale
    except (UnknownLocaleError, ValueError):
        return locale


def _without_kept(target: str, lang: str, glossary: Glossary | None, config: Config) -> str:
    """The target without the parts that may be Cyrillic: code, URLs, terms kept as is."""
    shielded = protect(target, source_locale=config.locale_for(lang),
                       target_locale=config.locale_for(lang), target_lang=lang)
    text = PLACEHOLDER.sub(" ", shielded.text)
    for kept in (glossary.for_language(lang).values() if glossary else ()):
        text = re.sub(re.escape(kept), " ", text, flags=re.IGNORECASE)
    return text


def is_accepted(aligned: Aligned) -> bool:
    """Whether a person accepted the QA findings of exactly this source and translation."""
    return aligned.accepted is not None and aligned.accepted == acceptance(
        aligned.segment.text, aligned.text)


def segment_findings(aligned: Aligned, lang: str, config: Config, glossary: Glossary | None
                     ) -> list[Finding]:
    """QA of one aligned segment (machine or reviewed text), accepted or not."""
    if aligned.state not in CHECKED or not aligned.text:
        return []
    return check_segment(aligned.key, aligned.segment.text, aligned.text, config=config,
                         lang=lang, glossary=glossary)


def check_translation(at: ArticleTranslation, config: Config, glossary: Glossary | None
                      ) -> list[tuple[Aligned, list[Finding]]]:
    """Every machine and reviewed segment of ``at`` that fails QA, with its findings;
    segments whose findings a person accepted are left out."""
    failing: list[tuple[Aligned, list[Finding]]] = []
    for aligned in at.segments:
        if is_accepted(aligned):
            continue
        findings = segment_findings(aligned, at.lang, config, glossary)
        if findings:
            failing.append((aligned, findings))
    return failing


_CACHE: dict[Path, tuple[tuple[int, int], Glossary, list[Problem]]] = {}


def workspace_glossary(ws: Workspace) -> tuple[Glossary, list[Problem]]:
    """The workspace's glossary and the problems found reading it (read once per change)."""
    path = glossary_path(ws.root)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return Glossary(path), []
    cached = _CACHE.get(path)
    if cached and cached[0] == stamp:
        return cached[1], cached[2]
    report = Report()
    glossary = load_glossary(ws.root, report)
    _CACHE[path] = (stamp, glossary, report.problems)
    return glossary, report.problems


def qa_problems(ws: Workspace, at: ArticleTranslation) -> list[QAProblem]:
    """Every QA finding of ``at`` as a warning that names the file, the segment's line in
    it, the segment and its state, and the values compared."""
    glossary, _ = workspace_glossary(ws)
    path = ws.translation_path(at.article, at.lang)
    lines = target_lines(ws, at)
    problems: list[QAProblem] = []
    for aligned, findings in check_translation(at, ws.config, glossary):
        fix = ("correct the translation at this line" if aligned.state is State.REVIEWED else
               "correct the draft at this line (it then counts as reviewed), or run "
               "`bulletin translate --force` for a new one")
        hint = (f"{fix}; if the difference is intended, accept it: `bulletin review "
                f"{at.article.id} --to {at.lang} --segment {aligned.key} --accept-qa`")
        for finding in findings:
            told = hint if finding.rule != "name" else (
                f"{hint}; a name spelled so on purpose everywhere goes into glossary.csv "
                "with its spelling (`bulletin names` lists each name's spellings)")
            problems.append(QAProblem(
                path, f"QA: segment {aligned.key} ({aligned.state.value}): {finding.message}",
                told, lines.get(aligned.stored_key or aligned.key), Severity.WARNING,
                finding.code, finding, aligned.state))
    return problems


def qa_check(ws: Workspace, at: ArticleTranslation, report: Report) -> None:
    """``bulletin check``: glossary problems (once) and QA findings as warnings."""
    _, problems = workspace_glossary(ws)
    report.problems.extend(p for p in problems if p not in report.problems)
    report.problems.extend(qa_problems(ws, at))


def target_lines(ws: Workspace, at: ArticleTranslation) -> dict[str, int]:
    """The line of each segment in the translation file, by the key it is stored under."""
    stored = ws.translations.get((at.article.id, at.lang))
    if stored is None:
        return {}
    segments = [*stored.fields.values(), *stored.body]
    return {s.key: s.line for s in segments if s.line}


@dataclass
class Accepted:
    """The QA findings a person accepted for one segment of one translation."""

    article: str
    lang: str
    key: str
    findings: list[Finding] = field(default_factory=list)
    path: Path | None = None

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "lang": self.lang, "segment": self.key,
                "file": str(self.path) if self.path else None,
                "findings": [f.as_dict() for f in self.findings]}


def accept_findings(ws: Workspace, article_id: str, langs: Sequence[str] = (),
                    keys: Sequence[str] = ()) -> list[Accepted]:
    """Accept the QA findings of the segments ``keys`` of one article, in each language
    (all of the workspace's by default), and save each translation that changed.

    A key the article lacks, or one without a QA finding in any chosen language, is
    refused before anything is written. An acceptance lapses when the source or the
    translation of its segment changes (see ``acceptance``).
    """
    if not keys:
        raise UsageError("name the segments whose QA findings you accept",
                         hint="`bulletin check` names each segment with a QA finding")
    article = ws.article(article_id)
    chosen = ws.target_languages(langs)
    ws.require_readable([article], chosen)  # never write over a file that reads wrongly
    glossary, _ = workspace_glossary(ws)
    with workspace_lock(ws.root, "review --accept-qa"):
        translations = [ws.translation(article, lang) for lang in chosen]
        known = {a.key for a in translations[0].segments} if translations else set()
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise UsageError(f"{article.id} has no segment {', '.join(map(repr, unknown))}",
                             hint="`bulletin check` names each segment with a QA finding")
        plan: list[tuple[ArticleTranslation, Aligned, list[Finding]]] = []
        for at in translations:
            for aligned in at.segments:
                if aligned.key in keys:
                    found = segment_findings(aligned, at.lang, ws.config, glossary)
                    if found:
                        plan.append((at, aligned, found))
        clean = [k for k in dict.fromkeys(keys) if all(a.key != k for _, a, _ in plan)]
        if clean:
            raise UsageError(f"segment {', '.join(clean)} of {article.id} has no QA finding "
                             f"to accept in {', '.join(chosen)}",
                             hint="only the segments `bulletin check` reports with code "
                             "'qa' can be accepted (stale and missing ones are not checked)")
        accepted: list[Accepted] = []
        for at in translations:
            mine = [(a, f) for t, a, f in plan if t is at]
            if not mine:
                continue
            for aligned, _ in mine:
                aligned.accepted = acceptance(aligned.segment.text, aligned.text)
            path = save_translation(ws, at)
            ws.translations.forget(article.id, [at.lang])
            accepted += [Accepted(article.id, at.lang, a.key, f, path) for a, f in mine]
    return accepted
