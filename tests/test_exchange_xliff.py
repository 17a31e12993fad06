"""XLIFF 1.2 for CAT tools: the official schema on every export, round trips, refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli
from exchange_support import (
    EXCHANGE,
    SECOND_ID,
    XLIFF_NS,
    assert_valid_xliff,
    english,
    translate_xliff,
    untranslated,
    xliff_schema,
)

from bulletin.errors import ExitCode

NS = {"x": XLIFF_NS}
PARAGRAPH = "Г-н Алън Хъчисън, специалист по международно развитие на бизнеса"


def export(root: Path, name: str, *args: str) -> Path:
    result = run_cli("exchange", "export", "-o", name, *args, cwd=root)
    assert result.code == 0, result.err
    path = root / name
    assert_valid_xliff(path)
    return path


def units(path: Path) -> list:  # type: ignore[type-arg]
    from lxml import etree

    return etree.parse(str(path)).findall(".//x:trans-unit", NS)


def status(root: Path) -> dict[str, dict[str, int]]:
    result = run_cli("status", "--json", cwd=root)
    return {row["article"]: row for row in json.loads(result.out)}


def test_schema_catches_a_broken_document(tmp_path: Path) -> None:
    """The validator is real: a trans-unit without its required id fails."""
    from lxml import etree

    doc = etree.fromstring(
        f'<xliff xmlns="{XLIFF_NS}" version="1.2"><file original="a" source-language="bg" '
        'datatype="plaintext"><body><trans-unit><source>x</source></trans-unit></body></file>'
        "</xliff>".encode())
    assert not xliff_schema().validate(doc)


def test_xliff_export_is_valid_with_languages_ids_and_notes(workspace: Path) -> None:
    root = untranslated(workspace)
    (root / "glossary.csv").write_text("source,en,note\nСофия Тех Парк,Sofia Tech Park,\n",
                                       encoding="utf-8")
    path = export(root, "todo.xlf", "--to", "en")
    from lxml import etree

    tree = etree.parse(str(path))
    files = tree.findall("x:file", NS)
    originals = [f.get("original") for f in files]
    assert originals == sorted(f"articles/{a}/bg.md" for a in status(root))  # oldest first
    assert {f"articles/{SAMPLE_ID}/bg.md", f"articles/{SECOND_ID}/bg.md"} <= set(originals)
    assert {(f.get("source-language"), f.get("target-language")) for f in files} == {("bg",
                                                                                      "en")}
    found = units(path)
    assert len(found) == sum(row["missing"] for row in status(root).values())
    title = found[0]
    assert (title.get("id"), title.get("resname")) == ("title", f"{SAMPLE_ID}/title")
    assert title.find("x:target", NS) is None  # nothing to show yet
    notes = [n.text for n in title.findall("x:note", NS)]
    assert "article: София се включи в Европейските клъстерни седмици" in notes
    place = next(u for u in found if u.get("id") == "place")
    assert "glossary: София Тех Парк = Sofia Tech Park" in [n.text for n in
                                                           place.findall("x:note", NS)]
    quote = next(u for u in found if u.findtext("x:source", namespaces=NS).startswith("Цитат"))
    assert quote.findtext("x:source", namespaces=NS) == "Цитат на два\nреда."


def test_xliff_round_trip_leaves_nothing_to_do(workspace: Path) -> None:
    root = untranslated(workspace)
    path = export(root, "todo.xlf")
    filled = translate_xliff(path)
    assert_valid_xliff(path)  # still valid after the "CAT tool" touched it
    result = run_cli("exchange", "import", "todo.xlf", "--json", cwd=root)
    assert result.code == 0, result.err
    assert json.loads(result.out)["stored"] == filled
    for row in status(root).values():
        assert row["reviewed"] == row["total"]
    en = (root / "articles" / SECOND_ID / "en.md").read_text(encoding="utf-8")
    assert "> EN(Цитат на два\n> реда.)" in en
    again = export(root, "again.xlf")
    assert units(again) == []


@pytest.mark.parametrize(("state", "stored"), [("needs-translation", False),
                                               ("needs-review-translation", False),
                                               ("final", True), ("signed-off", True)])
def test_only_finished_targets_are_imported(workspace: Path, state: str, stored: bool) -> None:
    root = untranslated(workspace)
    path = export(root, "todo.xlf", SECOND_ID)
    translate_xliff(path, state=state)
    result = run_cli("exchange", "import", "todo.xlf", "--json", cwd=root)
    assert result.code == 0, result.err
    assert (json.loads(result.out)["stored"] > 0) is stored


def test_stale_segment_needs_review_with_previous_source(workspace: Path) -> None:
    root = untranslated(workspace)
    translate_xliff(export(root, "first.xlf", SAMPLE_ID))
    assert run_cli("exchange", "import", "first.xlf", cwd=root).code == 0
    source = root / "articles" / SAMPLE_ID / "bg.md"
    text = source.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith(PARAGRAPH))
    source.write_text(text.replace(old, old.replace("Г-н", "Господин")), encoding="utf-8")
    path = export(root, "stale.xlf", SAMPLE_ID)
    (unit,) = units(path)
    target = unit.find("x:target", NS)
    assert target.get("state") == "needs-review-translation" and target.text == english(old)
    alt = unit.find("x:alt-trans", NS)
    assert alt.get("alttranstype") == "previous-version"
    assert alt.findtext("x:source", namespaces=NS) == old
    # unchanged by the translator, the unit is not imported; once final, it is
    assert json.loads(run_cli("exchange", "import", "stale.xlf", "--json",
                              cwd=root).out)["stored"] == 0
    translate_xliff(path, lambda s: "New: " + s, state="final")
    assert run_cli("exchange", "import", "stale.xlf", cwd=root).code == 0
    assert status(root)[SAMPLE_ID]["stale"] == 0


def test_xliff_refuses_changed_source(workspace: Path) -> None:
    root = untranslated(workspace)
    path = export(root, "todo.xlf")
    translate_xliff(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<source>Втора точка</source>",
                                 "<source>Трета точка</source>"), encoding="utf-8")
    result = run_cli("exchange", "import", "todo.xlf", cwd=root)
    assert result.code == ExitCode.INVALID
    assert re.search(r"todo\.xlf:\d+: error: the "
                     f"source text of segment .* of article {SECOND_ID} no longer matches",
                     result.err), result.err
    assert not (root / "articles" / SECOND_ID / "en.md").exists()


def _one_unit(article: str) -> str:
    """An XLIFF file of one translated title of ``article`` (unit on line 5)."""
    return ('<?xml version="1.0"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            f'<file original="articles/{article}/bg.md" source-language="bg" '
            'target-language="en" datatype="plaintext">\n<body>\n'
            f'<trans-unit id="title" resname="{article}/title"><source>А</source>'
            '<target state="translated">A</target></trans-unit>\n</body>\n</file>\n</xliff>\n')


@pytest.mark.parametrize(("name", "content", "message"), [
    ("v2.xlf", (EXCHANGE / "xliff-2.0.xlf").read_text(encoding="utf-8"),
     r"v2\.xlf:2: error: XLIFF version 2\.0 is not supported"),
    ("entities.xlf", (EXCHANGE / "entities.xlf").read_text(encoding="utf-8"),
     r"entities\.xlf:3: error: the file declares XML entities"),
    ("cut.xlf", '<?xml version="1.0"?>\n<xliff version="1.2">\n  <file>\n',
     r"cut\.xlf:4: error: not well-formed XML"),
    ("tmx.xlf", '<tmx version="1.4"><header/><body/></tmx>',
     r"tmx\.xlf:1: error: not an XLIFF file: the root element is <tmx>"),
    ("date.xlf", _one_unit("2019-02-30-no-such-day"),
     r"date\.xlf:5: error: trans-unit 'title' names no article"),
    ("dashes.xlf", _one_unit("2019-04-08--two-dashes"),
     r"dashes\.xlf:5: error: trans-unit 'title' names no article"),
])
def test_malformed_xliff_is_a_clear_error(workspace: Path, name: str, content: str,
                                          message: str) -> None:
    (workspace / name).write_text(content, encoding="utf-8")
    result = run_cli("exchange", "import", name, cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert re.search(message, result.err), result.err
    assert "Traceback" not in result.err


def test_empty_xliff_export_is_still_valid(workspace: Path) -> None:
    path = export(workspace, "none.xliff")  # the sample's English is all reviewed
    assert units(path) == []
