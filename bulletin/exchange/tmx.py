"""TMX 1.4b: the translation memory out to a CAT tool and a CAT tool's memory in.

Writing: one ``<tu>`` per memory entry, its source and target ``<tuv>``, the entry's origin
and provider as ``x-origin`` / ``x-provider`` properties, TMX's ``YYYYMMDDThhmmssZ`` dates.
Reading: any TMX 1.x (Trados, memoQ, OmegaT, …): language codes in any case and with
regions (``bg-BG``, ``EN-GB``), several target variants per ``<tu>``, and inline codes
(``<ph>``, ``<bpt>``, ``<ept>``, ``<it>``, ``<hi>``, ``<ut>``) reduced to their text, so the
native code they stand for stays in place. A unit from a person is a reviewed entry; only
our own ``x-origin`` property can say otherwise.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulletin import __version__
from bulletin.exchange.units import bad_file, workspace_language
from bulletin.exchange.xmlread import XML_NS, parse_xml, xml_lang
from bulletin.translation.memory import ORIGINS, Entry, Memory

TMX_DATE = "%Y%m%dT%H%M%SZ"


def tmx_date(moment: dt.datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime(TMX_DATE)


def render_tmx(entries: Iterable[Entry], source_lang: str,
               now: dt.datetime | None = None) -> bytes:
    """A TMX 1.4 document holding ``entries``."""
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "bulletin", "creationtoolversion": __version__,
        "segtype": "sentence", "o-tmf": "bulletin", "adminlang": "en",
        "srclang": xml_lang(source_lang), "datatype": "plaintext",
        "creationdate": tmx_date(now or dt.datetime.now(dt.UTC)),
    })
    body = ET.SubElement(root, "body")
    for entry in entries:
        tu = ET.SubElement(body, "tu", {"creationdate": tmx_date(entry.created),
                                        "changedate": tmx_date(entry.updated)})
        if entry.source_lang != source_lang:
            tu.set("srclang", xml_lang(entry.source_lang))
        ET.SubElement(tu, "prop", {"type": "x-origin"}).text = entry.origin
        if entry.provider:
            ET.SubElement(tu, "prop", {"type": "x-provider"}).text = entry.provider
        for lang, text in ((entry.source_lang, entry.source), (entry.target_lang, entry.target)):
            tuv = ET.SubElement(tu, "tuv", {f"{{{XML_NS}}}lang": xml_lang(lang)})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


@dataclass(frozen=True)
class TmxPair:
    """One source text and one of its translations, from a ``<tu>``."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str
    provider: str | None
    line: int


@dataclass
class TmxFile:
    path: Path
    pairs: list[TmxPair] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> how many units


def _primary(code: str) -> str:
    return code.strip().replace("_", "-").split("-", 1)[0].lower()


def read_tmx(path: Path, source_lang: str, languages: Sequence[str],
             data: bytes | None = None) -> TmxFile:
    """Every (source, translation) pair of a TMX whose source is in ``source_lang``.

    A ``<tu>`` counts from whichever of its variants is in ``source_lang``, whatever the
    file's ``srclang`` says (``*all*``, or a memory made in the other direction).
    """
    root = parse_xml(path, data)
    if root.local != "tmx":
        raise bad_file(path, f"not a TMX file: the root element is <{root.local}>", root.line,
                       "give a .tmx file exported from a translation memory")
    version = root.get("version") or ""
    if not version.startswith("1."):
        raise bad_file(path, f"TMX version {version or '?'} is not supported; bulletin reads "
                       "TMX 1.4 (and older 1.x)", root.line)
    body = root.find("body")
    if body is None:
        raise bad_file(path, "the TMX file has no <body>", root.line)
    result = TmxFile(path)
    wanted = _primary(source_lang)
    for tu in body.find_all("tu"):
        props = {p.get("type"): p.text().strip() for p in tu.find_all("prop")}
        ours = props.get("x-origin")
        origin = ours if ours in ORIGINS else "reviewed"  # a CAT tool's units are human work
        variants: list[tuple[str, str]] = []
        for tuv in tu.find_all("tuv"):
            lang = tuv.lang
            seg = tuv.find("seg")
            if not lang:
                raise bad_file(path, "a <tuv> without xml:lang", tuv.line,
                               'each variant names its language: <tuv xml:lang="en">')
            if seg is None:
                raise bad_file(path, "a <tuv> without <seg>", tuv.line)
            variants.append((lang, seg.text().strip()))
        sources = [text for lang, text in variants if _primary(lang) == wanted]
        if not sources or not sources[0]:
            result.skipped[f"no {source_lang} text"] += 1
            continue
        targets = [(lang, text) for lang, text in variants if _primary(lang) != wanted]
        if not targets:
            result.skipped["no translation"] += 1
        for lang, text in targets:
            if not text:
                result.skipped["empty translation"] += 1
                continue
            target_lang = workspace_language(lang, languages) or _primary(lang)
            result.pairs.append(TmxPair(sources[0], text, source_lang, target_lang, origin,
                                        props.get("x-provider") or None, tu.line))
    return result


@dataclass
class MemoryImport:
    path: Path
    added: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "added": self.added,
                "skipped": sum(self.skipped.values()), "skipped_because": self.skipped}


def import_pairs(memory: Memory, tmx: TmxFile) -> MemoryImport:
    """Add the pairs of ``tmx`` to ``memory``; one already there (same text) is skipped."""
    outcome = MemoryImport(tmx.path, skipped=Counter(tmx.skipped))
    with memory.transaction():
        for pair in tmx.pairs:
            known = memory.lookup(pair.source, pair.source_lang, pair.target_lang)
            if known is not None and known.target == pair.target and (
                    known.origin == pair.origin or known.origin == "reviewed"):
                outcome.skipped["already in the memory"] += 1
                continue
            if known is not None and known.origin == "reviewed" and pair.origin == "machine":
                outcome.skipped["a reviewed entry outranks it"] += 1
                continue
            memory.add(pair.source, pair.target, pair.source_lang, pair.target_lang,
                       origin=pair.origin, provider=pair.provider)
            outcome.added += 1
    return outcome
