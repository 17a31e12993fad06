"""XLIFF 1.2 for CAT tools (Trados, memoQ, OmegaT, Memsource): the version they all read.

One ``<file>`` per article (``original`` is its source file), one ``<trans-unit>`` per
segment: ``id`` is the segment key, ``resname`` is ``<article id>/<segment key>``. A stale
segment has ``state="needs-review-translation"`` on its target and the old source as an
``<alt-trans alttranstype="previous-version">`` (and in a note, for tools that hide
alt-trans). Written with ElementTree; read with ``xmlread`` (expat, no entities).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from bulletin import __version__
from bulletin.content.articles import check_id
from bulletin.content.model import State
from bulletin.exchange.units import ExchangeFile, ExportBatch, ExportUnit, ImportedUnit, bad_file
from bulletin.exchange.xmlread import XML_NS, Node, parse_xml, xml_lang

NS = "urn:oasis:names:tc:xliff:document:1.2"
DONE_STATES = {"translated", "final", "signed-off"}
# the article of an original is an id only if articles.check_id, the one id rule, says so
_ORIGINAL_RE = re.compile(r"(?:^|/)(?P<article>[^/]+)/[^/]+$")


def _el(parent: ET.Element, local: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, local,
                          {k.replace("_", "-"): v for k, v in attrs.items()})
    child.text = text
    return child


def _note(parent: ET.Element, text: str, annotates: str = "general") -> None:
    _el(parent, "note", text, **{"from": "bulletin", "annotates": annotates})


def _unit(body: ET.Element, unit: ExportUnit) -> None:
    attrs = {"id": unit.key, "resname": unit.context, f"{{{XML_NS}}}space": "preserve"}
    if unit.state is State.REVIEWED:
        attrs["approved"] = "yes"
    element = ET.SubElement(body, "trans-unit", attrs)
    _el(element, "source", unit.source)
    if unit.target:
        state = "needs-review-translation" if unit.needs_review else "translated"
        target = _el(element, "target", unit.target, state=state)
        if unit.state is State.MACHINE:
            target.set("state-qualifier", "mt-suggestion")
    group = _el(element, "context-group", purpose="location")
    _el(group, "context", unit.location, context_type="sourcefile")
    if unit.line:
        _el(group, "context", str(unit.line), context_type="linenumber")
    _note(element, f"article: {unit.title}")
    for note in unit.notes:
        _note(element, note, "source")
    if unit.state is State.STALE and unit.previous:
        _note(element, f"the source changed; it was: {unit.previous}", "source")
        alt = _el(element, "alt-trans", alttranstype="previous-version", origin="bulletin")
        _el(alt, "source", unit.previous)
        _el(alt, "target", unit.target)


def render_xliff(batch: ExportBatch, now: dt.datetime | None = None) -> bytes:
    """The XLIFF 1.2 document for ``batch``, UTF-8 with an XML declaration."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    # unprefixed names under a literal xmlns: ElementTree's default_namespace option
    # refuses the unqualified attribute names that XLIFF uses
    root = ET.Element("xliff", {"version": "1.2", "xmlns": NS})
    by_article: dict[str, list[ExportUnit]] = {}
    for unit in batch.units:
        by_article.setdefault(unit.article_id, []).append(unit)
    files = [(units[0].location, units[0].title, units) for units in by_article.values()]
    if not files:  # nothing to translate; XLIFF still needs one <file>
        files = [("articles", "", [])]
    for original, title, units in files:
        file = _el(root, "file", original=original, source_language=xml_lang(batch.source_lang),
                   target_language=xml_lang(batch.target_lang), datatype="plaintext",
                   tool_id="bulletin", date=stamp)
        header = _el(file, "header")
        _el(header, "tool", tool_id="bulletin", tool_name="bulletin", tool_version=__version__)
        if title:
            _note(header, f"article: {title}")
        body = _el(file, "body")
        for unit in units:
            _unit(body, unit)
    ET.indent(root, space="  ")
    text = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _unit_name(path: Path, file: Node, unit: Node) -> tuple[str, str]:
    """The article id and segment key of a trans-unit."""
    unit_id = unit.get("id") or ""
    name = ExportUnit.name_of(unit.get("resname") or "")
    if name is not None:
        return name
    original = _ORIGINAL_RE.search(file.get("original") or "")
    if original and unit_id and check_id(original["article"]) is None:
        return original["article"], unit_id
    raise bad_file(path, f"trans-unit {unit_id!r} names no article: its resname should be "
                   "'<article id>/<segment key>'", unit.line)


def read_xliff(path: Path, data: bytes | None = None) -> ExchangeFile:
    """The units of an XLIFF 1.2 file that ``render_xliff`` wrote and a CAT tool filled in."""
    root = parse_xml(path, data)
    if root.local != "xliff":
        raise bad_file(path, f"not an XLIFF file: the root element is <{root.local}>",
                       root.line)
    version = root.get("version") or ""
    if version != "1.2" or root.namespace not in ("", NS):
        raise bad_file(path, f"XLIFF version {version or '?'} is not supported; bulletin reads "
                       "XLIFF 1.2", root.line, "save or export the file as XLIFF 1.2 in your "
                       "CAT tool")
    files = list(root.find_all("file"))
    if not files:
        raise bad_file(path, "the XLIFF file has no <file> element", root.line)
    targets = {f.get("target-language") or "" for f in files}
    if len(targets) != 1 or "" in targets:
        raise bad_file(path, "every <file> needs the same target-language "
                       f"(found {', '.join(sorted(t or 'none' for t in targets))})", files[0].line)
    sources = {f.get("source-language") or "" for f in files}
    if len(sources) != 1:
        raise bad_file(path, "the <file> elements have different source languages "
                       f"({', '.join(sorted(sources))})", files[0].line)
    units: list[ImportedUnit] = []
    for file in files:
        for unit in file.iter("trans-unit"):
            source = unit.find("source")
            if source is None:
                raise bad_file(path, f"trans-unit {unit.get('id')!r} has no <source>",
                               unit.line)
            article_id, key = _unit_name(path, file, unit)
            target = unit.find("target")
            text = target.text().strip() if target is not None else ""
            state = target.get("state") if target is not None else None
            done = bool(text) and (state is None or state in DONE_STATES)
            units.append(ImportedUnit(article_id, key, source.text(), text, done,
                                      f"trans-unit {unit.get('id')!r} (line {unit.line})",
                                      unit.line))
    return ExchangeFile(path, "xliff", targets.pop(),
                        sources.pop() or None, tuple(units))
