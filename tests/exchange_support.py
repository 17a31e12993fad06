"""Helpers for the exchange tests: workspaces to export, real validators, a "translator"."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import FIXTURES, REPO, require_tool

EXCHANGE = FIXTURES / "exchange"
SECOND_ID = "2019-04-10-tablitsa-i-tsitati"
SCHEMAS = REPO.parent / "shared" / "schemas"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"


def untranslated(root: Path) -> Path:
    """The sample workspace without any English, plus an article of every block kind."""
    for translation in (root / "articles").glob("*/en.md"):
        translation.unlink()
    shutil.copytree(EXCHANGE / SECOND_ID, root / "articles" / SECOND_ID)
    return root


def assert_msgfmt_clean(path: Path) -> None:
    """GNU msgfmt accepts the file with no error and no warning at all."""
    msgfmt = shutil.which("msgfmt")
    require_tool("msgfmt", msgfmt is not None, "GNU gettext checks every exported PO file")
    assert msgfmt is not None
    run = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0 and run.stderr == "", run.stderr


def xliff_schema() -> Any:
    """The official XLIFF 1.2 strict schema, its xml: import pointed at the local xml.xsd."""
    found = importlib.util.find_spec("lxml") is not None
    require_tool("lxml", found, "validates XLIFF against the XLIFF 1.2 schema")
    schema_file = SCHEMAS / "xliff-core-1.2-strict.xsd"
    require_tool("the XLIFF 1.2 schema", schema_file.is_file(),
                 f"expected at {schema_file} (a copy of shared/ beside the clone)")
    from lxml import etree

    text = schema_file.read_text(encoding="utf-8").replace(
        "http://www.w3.org/2001/xml.xsd", (SCHEMAS / "xml.xsd").as_uri())
    return etree.XMLSchema(etree.fromstring(text.encode("utf-8"),
                                            base_url=schema_file.as_uri()))


def assert_valid_xliff(path: Path) -> None:
    from lxml import etree

    schema = xliff_schema()
    doc = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    assert schema.validate(doc), "\n".join(str(e) for e in schema.error_log)


def english(source: str) -> str:
    """What our pretend translator writes for a Bulgarian text (recognisable, unique)."""
    return f"EN({source})"


def translate_po(path: Path, translate: Callable[[str], str] = english) -> int:
    """Fill every msgstr and clear every fuzzy flag, with Babel (as Poedit would)."""
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    count = 0
    for message in catalog:
        if not message.id:
            continue
        message.string = translate(str(message.id))
        message.flags.discard("fuzzy")
        count += 1
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return count


def translate_xliff(path: Path, translate: Callable[[str], str] = english,
                    state: str = "translated") -> int:
    """Give every trans-unit a target in ``state``, with lxml (as a CAT tool would)."""
    from lxml import etree

    tree = etree.parse(str(path))
    ns = {"x": XLIFF_NS}
    count = 0
    for unit in tree.iterfind(".//x:trans-unit", ns):
        source = unit.find("x:source", ns)
        target = unit.find("x:target", ns)
        if target is None:
            target = etree.Element(f"{{{XLIFF_NS}}}target")
            source.addnext(target)
        target.text = translate(source.text or "")
        target.set("state", state)
        count += 1
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return count
