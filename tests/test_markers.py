"""No text can forge a segment marker: every route into a translation file, round-tripped.

A line such as ``<!-- 5a70ee26 reviewed -->`` inside a segment's text once became a real
marker on the next read: the segment split, and a reviewed segment was replaced by the
injected text. Here the same text arrives from each route (a provider's answer, the
Bulgarian source itself, a TMX ``<seg>``, a PO ``msgstr``, an XLIFF ``<target>``, a person),
and the file must read back with the same segments and exactly the text that went in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from exchange_support import translate_po, translate_xliff
from fakeserver import FakeService, fake_translate
from fakeserver import fake_service as fake_service  # noqa: F401 - a fixture
from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin.content.model import State
from bulletin.content.transfile import (
    escape_note,
    escape_text,
    read_translation,
    unescape_note,
    unescape_text,
)
from bulletin.content.workspace import open_workspace
from bulletin.errors import Report

ARTICLE = "2026-12-01-proba-na-markerite"
FORGED = "<!-- 5a70ee26 reviewed -->"
# texts that look like markers, or like the end of one, or like an escaped one
NASTY = [
    f"Текст\n{FORGED}\nИнжектиран текст",
    "Край на бележката -->\n<!-- 00000000 stale\nwas: x\n-->",
    "Вече екраниран <\\!-- и двойно <\\\\!-- текст --\\> и --!>",
    "<!-- unplaced -->",
]
BODY = ["Първи абзац за Столичната агенция за инвестиции.", "Втори абзац за проекта.",
        "Трети абзац за клъстера."]


def make_workspace(root: Path, body: list[str] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "bulletin.toml").write_text('source = "bg"\nlanguages = ["en"]\n',
                                        encoding="utf-8")
    folder = root / "articles" / ARTICLE
    folder.mkdir(parents=True)
    text = "\n\n".join(body or BODY)
    (folder / "bg.md").write_text(f"---\ntitle: Проба\ndate: 2026-12-01\n---\n\n{text}\n",
                                  encoding="utf-8")
    return root


def segments(root: Path) -> list[tuple[str, str, str]]:
    """(key, state, text) of every segment, read strictly from the files."""
    ws = open_workspace(root)
    at = ws.translation(ws.articles[ARTICLE], "en")
    assert not at.orphans
    return [(a.key, a.state.value, a.text) for a in at.segments]


def en_md(root: Path) -> Path:
    return root / "articles" / ARTICLE / "en.md"


def assert_markers_intact(root: Path, count: int) -> None:
    """The file holds exactly one marker per segment of the source, no more."""
    report = Report()
    stored = read_translation(en_md(root), ARTICLE, "en", report)
    assert stored is not None and not report.errors, report.problems
    assert len(stored.body) == count and not stored.unplaced


@given(st.text(alphabet=st.sampled_from(list("<!->\\ \nаx-")), max_size=40))
@settings(max_examples=300, deadline=None)
def test_escape_is_undone_exactly_and_leaves_no_marker_syntax(text: str) -> None:
    escaped = escape_text(text)
    assert "<!--" not in escaped
    assert unescape_text(escaped) == text
    note = escape_note(text)
    assert "<!--" not in note and "-->" not in note and "--!>" not in note and "\n" not in note
    assert unescape_note(note) == " ".join(text.split())


def test_source_and_provider_answer_carry_marker_text(tmp_path: Path,
                                                      fake_service: FakeService,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The Bulgarian holds a marker line; the provider's answer (which passes it through)
    is written into en.md and must read back as the same segment, text for text."""
    root = make_workspace(tmp_path / "ws", [BODY[0], *NASTY, BODY[1]])
    monkeypatch.setenv("BULLETIN_LIBRE_URL", fake_service.url)
    result = run_cli("translate", "--provider", "libre", cwd=root)
    assert result.code == 0, result.err
    got = segments(root)
    body = got[1:]
    assert len(body) == 2 + len(NASTY)
    assert [state for _, state, _ in got] == ["machine"] * len(got)
    ws = open_workspace(root)
    sources = [s.text for s in ws.articles[ARTICLE].segments[1:]]
    assert [text for _, _, text in body] == [fake_translate(s) for s in sources]
    assert_markers_intact(root, len(body))
    assert FORGED not in en_md(root).read_text(encoding="utf-8")
    # once a person approves it, it stays the same segments: nothing was split
    assert run_cli("review", ARTICLE, cwd=root).code == 0
    assert [t for _, _, t in segments(root)[1:]] == [t for _, _, t in body]


def test_stale_note_holds_a_source_with_marker_text(tmp_path: Path) -> None:
    """The old source goes into the ``was:`` note inside a marker: it cannot close it."""
    root = make_workspace(tmp_path / "ws", [NASTY[1], BODY[1]])
    folder = root / "articles" / ARTICLE
    (folder / "en.md").write_text("Ending note.\n\nSecond paragraph.\n", encoding="utf-8")
    assert run_cli("translate", "--provider", "memory", cwd=root).code == 0  # adds markers
    bg = folder / "bg.md"
    bg.write_text(bg.read_text(encoding="utf-8").replace("-->\n<!-- 0000", "-->\n<!-- 1111"),
                  encoding="utf-8")
    result = run_cli("translate", "--provider", "memory", cwd=root)
    assert result.code == 0, result.err
    diff = json.loads(run_cli("diff", ARTICLE, "--json", cwd=root).out)
    assert diff[0]["old_source"] == " ".join(NASTY[1].split())
    assert diff[0]["translation"] == "Ending note."
    assert_markers_intact(root, 2)


def test_tmx_seg_through_memory_import(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    segs = "".join(
        f'<tu><tuv xml:lang="bg"><seg>{s}</seg></tuv><tuv xml:lang="en"><seg>'
        + NASTY[i % len(NASTY)].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        + "</seg></tuv></tu>" for i, s in enumerate(BODY))
    tmx = tmp_path / "cat.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                   'srclang="bg" datatype="plaintext" segtype="paragraph" adminlang="en" '
                   'creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
                   + segs + "</body></tmx>", encoding="utf-8")
    result = run_cli("memory", "import", str(tmx), cwd=root)
    assert result.code == 0, result.err
    assert run_cli("translate", "--provider", "memory", cwd=root).code == 0
    assert [t for _, _, t in segments(root)[1:]] == [NASTY[i % len(NASTY)]
                                                      for i in range(len(BODY))]
    assert_markers_intact(root, len(BODY))


def test_po_msgstr_through_exchange_import(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    po = root / "todo.po"
    assert run_cli("exchange", "export", "--to", "en", "--format", "po", "-o", str(po),
                   cwd=root).code == 0
    translate_po(po, lambda source: NASTY[BODY.index(source)] if source in BODY else "Test")
    result = run_cli("exchange", "import", str(po), cwd=root)
    assert result.code == 0, result.err
    got = segments(root)
    assert [t for _, _, t in got[1:]] == NASTY[:len(BODY)]
    assert {s for _, s, _ in got} == {State.REVIEWED.value}
    assert_markers_intact(root, len(BODY))


def test_xliff_target_through_exchange_import(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws")
    xlf = root / "todo.xlf"
    assert run_cli("exchange", "export", "--to", "en", "--format", "xliff", "-o", str(xlf),
                   cwd=root).code == 0
    translate_xliff(xlf, lambda source: NASTY[BODY.index(source)] if source in BODY else "T")
    result = run_cli("exchange", "import", str(xlf), cwd=root)
    assert result.code == 0, result.err
    assert [t for _, _, t in segments(root)[1:]] == NASTY[:len(BODY)]
    assert_markers_intact(root, len(BODY))


def test_a_person_typing_a_marker_line_is_an_error_not_a_segment(tmp_path: Path) -> None:
    """A marker line a person types with no blank line before it is refused by every
    writing command, with its line, and the file stays as it is."""
    root = make_workspace(tmp_path / "ws")
    path = en_md(root)
    path.write_text("First.\n\nSecond.\n\nThird.\n", encoding="utf-8")
    assert run_cli("translate", "--provider", "memory", cwd=root).code == 0  # adds markers
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("<!-- "))
    lines.insert(first + 1, "My own English.")
    lines.insert(first + 2, FORGED)
    path.write_text("\n".join(lines), encoding="utf-8")
    before = path.read_bytes()
    for command in (["translate", "--provider", "memory"], ["review", ARTICLE]):
        result = run_cli(*command, cwd=root)
        assert result.code == 3, (command, result.err)
        assert f"en.md:{first + 3}:" in result.err  # the marker's own line
        assert "inside a paragraph" in result.err
        assert path.read_bytes() == before
    check = run_cli("check", cwd=root)
    assert check.code == 3 and "inside a paragraph" in check.err


def test_control_characters_from_a_memory_never_make_the_file_unreadable(
        tmp_path: Path) -> None:
    """A CAT tool's TMX may carry C1 controls (legal in XML 1.0); en.md, which no article
    may hold them in, is written without them and stays readable."""
    root = make_workspace(tmp_path / "ws")
    units = "".join(f'<tu><tuv xml:lang="bg"><seg>{s}</seg></tuv><tuv xml:lang="en">'
                    f"<seg>Clean&#x9b;2J text&#x85; {i}</seg></tuv></tu>"
                    for i, s in enumerate(BODY))
    tmx = tmp_path / "cat.tmx"
    tmx.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                   'srclang="bg" datatype="plaintext" segtype="paragraph" adminlang="en" '
                   'creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
                   + units + "</body></tmx>", encoding="utf-8")
    assert run_cli("memory", "import", str(tmx), cwd=root).code == 0
    assert run_cli("translate", "--provider", "memory", cwd=root).code == 0
    assert [t for _, _, t in segments(root)[1:]] == [f"Clean2J text {i}"
                                                      for i in range(len(BODY))]
    check = run_cli("check", cwd=root)
    assert "U+" not in check.err, check.err


def test_text_moved_into_a_markers_notes_stops_every_command(tmp_path: Path) -> None:
    """A person's line moved above a stale marker's closing '-->' would have been read as
    more of the 'was:' note, and a translation of the stale segment would then drop it
    (found by the conservation property): it is an error, on its line, and nothing is
    written."""
    path = tmp_path / "en.md"
    path.write_text("---\ntitle: T\n---\n\n<!-- 182e29a0 stale e544ec44 human\n"
                    "was: Първи абзац.\nMy own English.\n-->\n\n<!-- 6eba38d4 reviewed -->\n"
                    "Other text.\n", encoding="utf-8")
    report = Report()
    read_translation(path, "a", "en", report)
    assert [(p.line, p.message) for p in report.errors] == [
        (7, "a line inside a segment marker's notes is not a note")]
    assert "My own English." in path.read_text(encoding="utf-8")
