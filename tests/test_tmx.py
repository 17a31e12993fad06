"""TMX 1.4b: the memory out to a CAT tool and back, and memories made by CAT tools in."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import run_cli
from exchange_support import EXCHANGE

from bulletin.errors import ExitCode
from bulletin.translation.memory import Memory, memory_path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fill(root: Path) -> None:
    with Memory.open(memory_path(root)) as memory:
        memory.add("Добър ден.", "Good day.", "bg", "en", origin="machine", provider="google")
        memory.add("Клъстер", "Cluster", "bg", "en", origin="reviewed")
        memory.add("Клъстер", "Cluster", "bg", "de", origin="machine", provider="deepl")
        memory.add("Цитат на два\nреда & <знаци>.", "A quote on two\nlines & <signs>.", "bg",
                   "en", origin="reviewed")


def entries(root: Path) -> list[tuple[object, ...]]:
    with Memory.open(memory_path(root)) as memory:
        return [(e.source, e.target, e.source_lang, e.target_lang, e.origin, e.provider)
                for e in memory.entries()]


def test_memory_tmx_round_trip(workspace: Path, tmp_path: Path) -> None:
    fill(workspace)
    result = run_cli("memory", "export", "--tmx", "memory.tmx", "--json", cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)["entries"] == 4
    other = tmp_path / "other"
    shutil.copytree(workspace / "articles", other / "articles")
    shutil.copy(workspace / "bulletin.toml", other / "bulletin.toml")
    result = run_cli("memory", "import", str(workspace / "memory.tmx"), "--json", cwd=other)
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["added"] == 4
    assert entries(other) == entries(workspace)
    again = run_cli("memory", "import", str(workspace / "memory.tmx"), "--json", cwd=other)
    counts = json.loads(again.out)[0]
    assert counts["added"] == 0 and counts["skipped_because"] == {"already in the memory": 4}


def test_tmx_document_shape(workspace: Path) -> None:
    import xml.etree.ElementTree as ET

    fill(workspace)
    assert run_cli("memory", "export", "--tmx", "en.tmx", "--to", "en", cwd=workspace).code == 0
    root = ET.parse(workspace / "en.tmx").getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    for name, value in {"srclang": "bg", "segtype": "sentence", "creationtool": "bulletin",
                        "o-tmf": "bulletin", "adminlang": "en", "datatype": "plaintext"}.items():
        assert header.get(name) == value, name
    tus = root.findall("body/tu")
    assert len(tus) == 3  # only the English entries
    for tu in tus:
        assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("creationdate", ""))
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["bg", "en"]
    machine = next(tu for tu in tus if tu.findtext("tuv/seg") == "Добър ден.")
    props = {p.get("type"): p.text for p in machine.findall("prop")}
    assert props == {"x-origin": "machine", "x-provider": "google"}


def test_import_from_a_cat_tool(workspace: Path) -> None:
    result = run_cli("memory", "import", str(EXCHANGE / "cat-tool.tmx"), "--json",
                     cwd=workspace)
    assert result.code == 0, result.err
    (counts,) = json.loads(result.out)
    assert counts["added"] == 4  # en and de of the first unit, the tagged one, the TMX 1.1 one
    assert counts["skipped_because"] == {"no bg text": 1, "empty translation": 1}
    with Memory.open(memory_path(workspace)) as memory:
        agency = memory.lookup("Столичната агенция за инвестиции", "bg", "en")
        assert agency is not None
        assert (agency.target, agency.origin) == ("Sofia Investment Agency", "reviewed")
        german = memory.lookup("Столичната агенция за инвестиции", "bg", "de")
        assert german is not None and german.target == "Investitionsagentur Sofia"
        tagged = memory.lookup("Натиснете <b>тук</b>, за да видите {0} новини.", "bg", "en")
        assert tagged is not None and tagged.target == "Click <b>here</b> to see {0} news items."
        old_style = memory.lookup("<i>Бюлетин", "bg", "en")
        assert old_style is not None and old_style.target == "<i>Bulletin"


def test_utf16_tmx_as_trados_writes_it(workspace: Path) -> None:
    text = (EXCHANGE / "cat-tool.tmx").read_text(encoding="utf-8")
    (workspace / "utf16.tmx").write_bytes(
        text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    result = run_cli("memory", "import", "utf16.tmx", "--json", cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["added"] == 4


def test_malformed_tmx_is_a_clear_error(workspace: Path) -> None:
    shutil.copy(EXCHANGE / "broken.tmx", workspace / "broken.tmx")
    result = run_cli("memory", "import", "broken.tmx", cwd=workspace)
    assert result.code == ExitCode.INVALID
    assert re.search(r"broken\.tmx:5: error: not well-formed XML: mismatched tag", result.err)
    assert not memory_path(workspace).exists()
    (workspace / "x.tmx").write_text('<tmx version="1.4"><header srclang="bg"/>'
                                     '<body><tu><tuv><seg>a</seg></tuv></tu></body></tmx>',
                                     encoding="utf-8")
    missing_lang = run_cli("memory", "import", "x.tmx", cwd=workspace)
    assert missing_lang.code == ExitCode.INVALID
    assert "x.tmx:1: error: a <tuv> without xml:lang" in missing_lang.err
    xliff = run_cli("memory", "import", str(EXCHANGE / "xliff-2.0.xlf"), cwd=workspace)
    assert "not a TMX file: the root element is <xliff>" in xliff.err
