"""QA of machine translations: compare each source segment with its translation.

A machine segment fails QA when its translation:

- lacks a number of the source, in the target's notation (``12,5%`` -> ``12.5%``);
- lacks a link destination, URL, e-mail address or inline code of the source;
- does not render a glossary term as the glossary says;
- still holds Cyrillic letters although the target language is written in Latin script
  (code, URLs and terms the glossary keeps as they are do not count);
- still holds a placeholder (``{3}``) that the source did not have;
- is empty.

QA runs on machine drafts (and ``bulletin translate`` reports it for what it just
received). Reviewed text is a person's decision and is not checked; stale text belongs to
an older source. Findings show in ``bulletin check`` (as warnings, code ``qa``, so
``--strict`` fails on them) and in ``bulletin status --json`` (``qa``: segments failing).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bulletin.config import Config
from bulletin.errors import Problem, Report
from bulletin.glossary import Glossary, glossary_path, load_glossary
from bulletin.model import Aligned, ArticleTranslation, State
from bulletin.protect import PLACEHOLDER, NumberFormat, Protected, protect
from bulletin.workspace import Workspace

CYRILLIC_SCRIPT = {"bg", "ru", "uk", "sr", "mk", "be", "kk", "ky", "mn", "tg", "tt", "ba"}
_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]+")


@dataclass(frozen=True)
class Finding:
    """One QA failure of one segment."""

    key: str
    message: str
    code: str = "qa"


def check_segment(key: str, source: str, target: str, *, config: Config, lang: str,
                  glossary: Glossary | None, protected: Protected | None = None
                  ) -> list[Finding]:
    """Everything wrong with ``target`` as a translation of ``source`` into ``lang``."""
    if not target.strip():
        return [Finding(key, "the translation is empty")]
    target_locale = config.locale_for(lang)
    if protected is None:
        protected = protect(source, source_locale=config.locale_for(config.source),
                            target_locale=target_locale, target_lang=lang, glossary=glossary)
    findings: list[Finding] = []
    numbers = NumberFormat(target_locale, target_locale)
    found = Counter(m.group(0) for m in numbers.pattern.finditer(target))
    written = {s.restored: s.original for s in protected.kinds("number")}
    for value, wanted in Counter(s.restored for s in protected.kinds("number")).items():
        if found[value] < wanted:
            findings.append(Finding(key, f"the number {value} is missing"
                                    + ("" if written[value] == value else
                                       f" (the source writes {written[value]})")))
    for value, wanted in Counter(s.restored for s in protected.kinds(
            "url", "email", "link", "code")).items():
        if target.count(value) < wanted:
            shown = value[2:-1] if value.startswith("](") else value
            findings.append(Finding(key, f"the link, address or code {shown!r} is missing"))
    folded = target.casefold()
    for value, wanted in Counter(s.restored for s in protected.kinds("term")).items():
        if folded.count(value.casefold()) < wanted:
            findings.append(Finding(key, f"the glossary term is not rendered as {value!r}"))
    sourced = {m.group(0).replace(" ", "") for m in PLACEHOLDER.finditer(source)}
    left = sorted({m.group(0).strip() for m in PLACEHOLDER.finditer(target)}
                  - sourced)
    if left:
        findings.append(Finding(key, f"placeholder(s) {', '.join(left)} were not restored"))
    if lang.split("_")[0] not in CYRILLIC_SCRIPT:
        letters = _CYRILLIC.findall(_without_kept(target, lang, glossary, config))
        if letters:
            findings.append(Finding(key, "Cyrillic left in the translation: "
                                    + " ".join(dict.fromkeys(letters[:5]))))
    return findings


def _without_kept(target: str, lang: str, glossary: Glossary | None, config: Config) -> str:
    """The target without the parts that may be Cyrillic: code, URLs, terms kept as is."""
    shielded = protect(target, source_locale=config.locale_for(lang),
                       target_locale=config.locale_for(lang), target_lang=lang)
    text = PLACEHOLDER.sub(" ", shielded.text)
    for kept in (glossary.for_language(lang).values() if glossary else ()):
        text = re.sub(re.escape(kept), " ", text, flags=re.IGNORECASE)
    return text


def check_translation(at: ArticleTranslation, config: Config, glossary: Glossary | None
                      ) -> list[tuple[Aligned, list[Finding]]]:
    """QA of every machine segment of ``at`` that fails, with its findings."""
    failing: list[tuple[Aligned, list[Finding]]] = []
    for aligned in at.segments:
        if aligned.state is not State.MACHINE:
            continue
        findings = check_segment(aligned.key, aligned.segment.text, aligned.text,
                                 config=config, lang=at.lang, glossary=glossary)
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


def qa_check(ws: Workspace, at: ArticleTranslation, report: Report) -> None:
    """``bulletin check``: glossary problems (once) and QA findings as warnings."""
    glossary, problems = workspace_glossary(ws)
    report.problems.extend(p for p in problems if p not in report.problems)
    path = ws.translation_path(at.article, at.lang)
    lines = _target_lines(ws, at)
    for aligned, findings in check_translation(at, ws.config, glossary):
        for finding in findings:
            report.warn(path, f"QA: {finding.message}", line=lines.get(aligned.stored_key or ""),
                        hint="fix the English in the file (it then counts as reviewed), or run "
                        "`bulletin translate --force` for a new draft", code=finding.code)


def qa_failures(ws: Workspace, at: ArticleTranslation) -> int:
    """How many machine segments of ``at`` fail QA (for ``bulletin status``)."""
    glossary, _ = workspace_glossary(ws)
    return len(check_translation(at, ws.config, glossary))


def _target_lines(ws: Workspace, at: ArticleTranslation) -> dict[str, int]:
    stored = ws.translations.get((at.article.id, at.lang))
    if stored is None:
        return {}
    segments = [*stored.fields.values(), *stored.body]
    return {s.key: s.line for s in segments if s.line}
