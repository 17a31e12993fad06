"""``bulletin status``: per article and language, how many segments are in each state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bulletin.errors import Problem
from bulletin.model import State
from bulletin.workspace import Workspace


@dataclass(frozen=True)
class StatusRow:
    article: str
    lang: str
    missing: int
    machine: int
    reviewed: int
    stale: int
    qa: int = 0  # machine and reviewed segments failing QA (bulletin.qa), none accepted
    qa_accepted: int = 0  # segments whose QA findings a person accepted
    findings: tuple[Problem, ...] = ()  # every QA finding, with its file, line and values

    @property
    def total(self) -> int:
        return self.missing + self.machine + self.reviewed + self.stale

    @property
    def done(self) -> bool:
        return self.reviewed == self.total

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        return {"article": self.article, "lang": self.lang, "missing": self.missing,
                "machine": self.machine, "reviewed": self.reviewed, "stale": self.stale,
                "total": self.total, "qa": self.qa, "qa_accepted": self.qa_accepted,
                "qa_findings": [p.as_dict(root) for p in self.findings]}


def workspace_status(ws: Workspace, ids: Iterable[str] = (),
                     langs: Iterable[str] = ()) -> list[StatusRow]:
    from bulletin.qa import CHECKED, is_accepted, qa_problems

    languages = list(langs) or list(ws.config.languages)
    rows: list[StatusRow] = []
    for article in ws.select(ids):
        for lang in languages:
            at = ws.translation(article, lang)
            counts = at.counts()
            findings = qa_problems(ws, at)
            failing = {p.key for p in findings}
            accepted = sum(1 for a in at.segments if a.state in CHECKED and is_accepted(a))
            rows.append(StatusRow(article.id, lang, counts[State.MISSING.value],
                                  counts[State.MACHINE.value], counts[State.REVIEWED.value],
                                  counts[State.STALE.value], len(failing), accepted,
                                  tuple(findings)))
    return rows
