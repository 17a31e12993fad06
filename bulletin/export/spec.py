"""What an export is asked for (``ExportRequest``) and what it gave (``ExportResult``, with
the machine text it published or withheld): the terms that the entry point
(``bulletin.export.request``), the pipeline, the composed formats, ``build`` and
``serve`` share. It imports none of them, so none of them imports another in a circle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bulletin.errors import Unfinished

Opener = Callable[[Path], IO[str]]  # a new file that becomes that path once all is written


@dataclass(frozen=True)
class ExportRequest:
    """What to export and how; ``None`` means the workspace's ``[export]`` setting."""

    ids: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tags: tuple[str, ...] = ()
    format: str | None = None
    layout: str | None = None
    title: Mapping[str, str] = field(default_factory=dict)  # lang (or "*") -> title
    fallback: str | None = None
    width: int | None = None
    machine: str | None = None  # label, hide or refuse
    page_break: str | None = None  # html on paper: "article" starts each on a new page
    drafts: bool = False  # take the drafts that the selection covers too
    split: int | None = None  # email: one message per this many articles
    images: bool = True  # email: pictures as cid: parts (False: their text alone)
    assets: str | None = None  # html, md: the folder the pictures are copied into
    review: bool = False  # html: each segment's state shown (bulletin serve only, never a file)


def listed(ids: tuple[str, ...], shown: int) -> str:
    """The first ``shown`` of ``ids``, and how many more there are: ``a, b and 3 more``."""
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


@dataclass(frozen=True)
class MachineText:
    """The machine-translated segments of an export, and what ``machine`` did with them:
    ``label`` published them with a label, ``hide`` left them out (``refuse`` never gets
    this far). ``articles``: the articles that hold them, in bulletin order."""

    policy: str = "label"
    segments: int = 0
    articles: tuple[str, ...] = ()

    @property
    def published(self) -> int:
        return 0 if self.policy == "hide" else self.segments

    @property
    def withheld(self) -> int:
        return self.segments if self.policy == "hide" else 0

    def as_dict(self) -> dict[str, object]:
        return {"policy": self.policy, "published": self.published, "withheld": self.withheld,
                "articles": list(self.articles)}

    @classmethod
    def from_dict(cls, data: object) -> MachineText:
        if not isinstance(data, dict):
            return cls()
        published, withheld = int(data.get("published", 0)), int(data.get("withheld", 0))
        return cls(str(data.get("policy", "label")), published + withheld,
                   tuple(str(a) for a in data.get("articles", ())))

    def summary(self, shown: int = 5) -> str:
        """One line for a person ("" when there was no machine text)."""
        if not self.segments:
            return ""
        names = listed(self.articles, shown)
        if self.policy == "hide":
            return (f"{self.segments} machine-translated segment(s) left out, as machine = "
                    f"hide asks (articles: {names})")
        return (f"{self.segments} machine-translated segment(s) published with a label "
                f"(articles: {names})")


MachineFound = list[tuple[str, Path | None, tuple[tuple[str, int], ...]]]


class MachineRefused(Unfinished):
    """``machine = "refuse"`` met machine text: ``found`` names each article (id, folder,
    segments per language), so that ``build`` can name every one of all its bulletins."""

    found: MachineFound = []


@dataclass(frozen=True)
class ExportResult:
    path: Path | None  # None when written to a stream
    articles: int
    format: str
    layout: str
    machine: MachineText = field(default_factory=MachineText)
    others: tuple[str, ...] = ()  # articles the bulletin does not hold that have errors
    drafts: tuple[str, ...] = ()  # drafts the selection covers, left out
    files: tuple[Path, ...] = ()  # every file written, when a format writes several
    warnings: tuple[str, ...] = ()  # e.g. an e-mail too large for Gmail

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "path": str(self.path) if self.path else None, "articles": self.articles,
            "format": self.format, "layout": self.layout, "machine": self.machine.as_dict(),
            "others_with_problems": list(self.others), "drafts_left_out": list(self.drafts)}
        if self.files:  # a format that writes several (email --split, atom)
            found["files"] = [str(f) for f in self.files]
        if self.warnings:
            found["warnings"] = list(self.warnings)
        return found

    @property
    def written(self) -> tuple[Path, ...]:
        """The files written: ``files``, else ``path`` (none for a stream)."""
        return self.files or ((self.path,) if self.path else ())

    def notes(self, shown: int = 5) -> list[str]:
        """What a person should hear besides the file: drafts left out, and the other
        articles that have problems (none of them stopped this bulletin)."""
        lines = []
        if self.drafts:
            lines.append(f"{len(self.drafts)} draft(s) left out: {listed(self.drafts, shown)} "
                         "(--drafts takes them too)")
        if self.others:
            lines.append(f"{len(self.others)} other article(s) have problems and are not in "
                         f"this bulletin: {listed(self.others, shown)} (`bulletin check` "
                         "lists them)")
        return lines
