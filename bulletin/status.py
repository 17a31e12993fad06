"""``bulletin status``: per article and language, how many segments are in each state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
    qa: int = 0  # machine segments failing QA (bulletin.qa)

    @property
    def total(self) -> int:
        return self.missing + self.machine + self.reviewed + self.stale

    @property
    def done(self) -> bool:
        return self.reviewed == self.total

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "lang": self.lang, "missing": self.missing,
                "machine": self.machine, "reviewed": self.reviewed, "stale": self.stale,
                "total": self.total, "qa": self.qa}


def workspace_status(ws: Workspace, ids: Iterable[str] = (),
                     langs: Iterable[str] = ()) -> list[StatusRow]:
    from bulletin.qa import qa_failures

    languages = list(langs) or list(ws.config.languages)
    rows: list[StatusRow] = []
    for article in ws.select(ids):
        for lang in languages:
            at = ws.translation(article, lang)
            counts = at.counts()
            rows.append(StatusRow(article.id, lang, counts[State.MISSING.value],
                                  counts[State.MACHINE.value], counts[State.REVIEWED.value],
                                  counts[State.STALE.value], qa_failures(ws, at)))
    return rows
