"""``bulletin check``: validate the whole workspace and report every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from bulletin.errors import Problem, Report, Severity
from bulletin.model import ArticleTranslation, State
from bulletin.qa import qa_check
from bulletin.workspace import Workspace

# Extra checks run on every aligned translation (the translation engine adds its QA here).
TranslationCheck = Callable[[Workspace, ArticleTranslation, Report], None]
TRANSLATION_CHECKS: list[TranslationCheck] = [qa_check]


@dataclass
class CheckResult(Report):
    """Every problem found, with ``strict`` noting whether warnings were made errors."""

    strict: bool = False

    @property
    def incomplete(self) -> list[Problem]:
        return [p for p in self.errors if p.code == "incomplete"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_workspace(ws: Workspace, *, strict: bool = False) -> CheckResult:
    """Everything wrong with ``ws``; with ``strict``, warnings and unfinished translations
    (missing, machine-only, stale) are errors too."""
    report = Report(list(ws.report.problems))
    for article in sorted(ws.articles.values(), key=lambda a: a.id):
        for lang in ws.config.languages:
            at = ws.translation(article, lang)
            _check_translation(at, report)
            for extra in TRANSLATION_CHECKS:
                extra(ws, at, report)
    problems = report.problems
    if strict:
        problems = [replace(p, severity=Severity.ERROR) for p in problems]
    return CheckResult(problems, strict)


def _check_translation(at: ArticleTranslation, report: Report) -> None:
    article = at.article
    path = article.folder / f"{at.lang}.md"
    counts = at.counts()
    unfinished = {k: v for k, v in counts.items() if k != State.REVIEWED.value and v}
    if unfinished:
        what = ", ".join(f"{n} {state}" for state, n in unfinished.items())
        first = next((a for a in at.segments if a.state is not State.REVIEWED), None)
        hint = ("run `bulletin translate`, then `bulletin review " + article.id + "`"
                if counts["missing"] or counts["stale"] else
                f"read the machine drafts, then `bulletin review {article.id} --to {at.lang}`")
        if counts["stale"]:
            hint += f"; `bulletin diff {article.id}` shows what changed"
        report.warn(path, f"translation not finished: {what} of {len(at.segments)} segments",
                    hint, line=first.segment.line if first and at.exists else None,
                    code="incomplete")
    for orphan in at.orphans:
        report.warn(path, "a block of English belongs to no segment of the source; it is "
                    "kept at the end of the file as 'unplaced'", line=orphan.line,
                    hint="move its text under the marker of the segment it translates, or "
                    "delete it once it is not needed", code="unplaced")
    for aligned in at.segments:
        if aligned.text and "\n\n" in aligned.text.strip():
            report.warn(path, "a segment holds more than one paragraph", line=None,
                        hint="split the source paragraph too, or join the translation",
                        code="split")
