"""``bulletin names``: every name in the workspace's articles, and how each translation
spells it, so that an editor can make them agree at once.

A name is what ``names`` finds in a source segment (a person's name, a place or an
organisation inside a sentence), or a glossary term that starts with a capital letter (the
glossary's names: ``Столична агенция за инвестиции``, ``BASE``). Its expected spelling is the
glossary's, when the glossary has the name, else the official transliteration
(``Николай Минков -> Nikolay Minkov``). For every machine or reviewed segment that holds it,
the spelling the translation uses is read (``names.spelling_in``), with the file
and the line. A person's name or a glossary name that a translation lacks is listed as not
found; any other name only where a translation writes it (a name that comes out as a word
of English, ``Министерството`` as ``Ministry``, is not a name there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.content.workspace import Workspace
from bulletin.fsio import relative
from bulletin.translation.names import Name, names_in, spelling_in
from bulletin.translation.qa import CHECKED, rendering, target_lines, workspace_glossary

PERSON, PLACE, GLOSSARY = "person", "name", "glossary"


@dataclass(frozen=True)
class NameUse:
    """One segment of one translation that holds a name, and how it writes it."""

    article: str
    lang: str
    segment: str
    path: Path
    line: int | None
    spelling: str | None  # None: the translation does not have the name

    def file(self, root: Path | None = None) -> str:
        """The translation file, relative to ``root`` when it is inside it."""
        return relative(self.path, root)

    def location(self, root: Path | None = None) -> str:
        return f"{self.file(root)}:{self.line}" if self.line else self.file(root)


@dataclass
class NameEntry:
    """A name of the sources, its expected spelling, and every use of it in a translation."""

    name: str
    kind: str  # person, name, glossary
    official: str  # by the Transliteration Act
    glossary: dict[str, str] = field(default_factory=dict)  # the glossary's, per language
    uses: list[NameUse] = field(default_factory=list)

    def expected(self, lang: str) -> str:
        return self.glossary.get(lang, self.official)

    def spellings(self) -> list[tuple[str, str | None, list[NameUse]]]:
        """The uses grouped by language and spelling: the expected spelling first."""
        groups: dict[tuple[str, str | None], list[NameUse]] = {}
        for use in self.uses:
            groups.setdefault((use.lang, use.spelling), []).append(use)
        return sorted(((lang, spelling, uses) for (lang, spelling), uses in groups.items()),
                      key=lambda g: (g[0], not self.agrees(g[0], g[1]), g[1] is None,
                                     g[1] or ""))

    def agrees(self, lang: str, spelling: str | None) -> bool:
        return spelling is not None and spelling.casefold() == self.expected(lang).casefold()

    @property
    def differs(self) -> bool:
        """Whether some translation writes the name otherwise, or lacks it."""
        return any(not self.agrees(use.lang, use.spelling) for use in self.uses)

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        langs = sorted({use.lang for use in self.uses})
        return {"name": self.name, "kind": self.kind, "official": self.official,
                "expected": {lang: self.expected(lang) for lang in langs},
                "differs": self.differs,
                "spellings": [{"lang": lang, "spelling": spelling,
                               "expected": self.agrees(lang, spelling),
                               "uses": [{"article": u.article, "segment": u.segment,
                                         "file": u.file(root), "line": u.line}
                                        for u in uses]}
                              for lang, spelling, uses in self.spellings()]}


def workspace_names(ws: Workspace, ids: Iterable[str] = (), langs: Iterable[str] = (), *,
                    differing: bool = False) -> list[NameEntry]:
    """Every name of the chosen articles (all by default) with its spelling in each machine
    and reviewed segment of each chosen language; with ``differing``, only the names that
    some translation writes otherwise or lacks. Sorted by name."""
    glossary, _ = workspace_glossary(ws)
    entries: dict[str, NameEntry] = {}
    chosen = ws.target_languages(langs)
    if ws.config.source.split("_")[0] != "bg":
        return []  # the transliteration is Bulgarian's
    for article in ws.select(tuple(ids)):
        for lang in chosen:
            at = ws.translation(article, lang)
            path = ws.translation_path(article, lang)
            lines = target_lines(ws, at)
            for aligned in at.segments:
                if aligned.state not in CHECKED or not aligned.text:
                    continue
                source, target = aligned.segment.text, aligned.text
                where = (article.id, lang, aligned.key, path,
                         lines.get(aligned.stored_key or aligned.key))
                terms = glossary.find(source, lang)
                for match in terms:
                    if not match.term.source[:1].isupper():
                        continue  # a term, not a name
                    entry = _entry(entries, match.term.source, GLOSSARY)
                    entry.glossary[lang] = match.target
                    found = rendering(match.target, lang).search(target)
                    entry.uses.append(NameUse(*where, " ".join(found.group().split())
                                              if found else None))
                for name in names_in(source):
                    if any(m.start < name.end and name.start < m.end for m in terms):
                        continue
                    spelling = spelling_in(target, name)
                    if spelling.seen is None and not name.person:
                        continue
                    _entry(entries, name.text, PERSON if name.person else PLACE,
                           name).uses.append(NameUse(*where, spelling.seen))
    listed = sorted(entries.values(), key=lambda e: (e.name.casefold(), e.name))
    return [e for e in listed if e.differs] if differing else listed


def _entry(entries: dict[str, NameEntry], text: str, kind: str,
           name: Name | None = None) -> NameEntry:
    key = f"{kind == GLOSSARY}:{text}"
    entry = entries.get(key)
    if entry is None:
        official = name.official if name else Name(text, 0, len(text), False).official
        entry = entries[key] = NameEntry(text, kind, official)
    elif kind == PERSON and entry.kind == PLACE:
        entry.kind = PERSON  # a person's name somewhere is a person's name everywhere
    return entry
