"""`bulletin review` and `bulletin diff` on real workspaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli
from translate_support import keep_only_sample

from bulletin.content.segments import fingerprint
from bulletin.content.store import save_translation
from bulletin.content.workspace import open_workspace
from bulletin.errors import ExitCode
from bulletin.translation.memory import Memory, memory_path
from bulletin.translation.review import render_word_diff, word_diff


@pytest.fixture(autouse=True)
def _only_sample(workspace: Path) -> None:
    keep_only_sample(workspace, SAMPLE_ID)


OLD = "представи програмата BASE"
NEW = "представи новата програма BASE"


def make_machine(root: Path) -> list[str]:
    """Turn the sample's reviewed English into machine drafts (as the tool writes them)."""
    ws = open_workspace(root)
    at = ws.translation(ws.articles[SAMPLE_ID], "en")
    from bulletin.content.model import State

    for aligned in at.segments:
        aligned.state = State.MACHINE
    save_translation(ws, at)
    return [a.key for a in at.segments]


def edit_source(root: Path) -> None:
    path = root / "articles" / SAMPLE_ID / "bg.md"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")


def counts(root: Path) -> dict[str, int]:
    return json.loads(run_cli("status", "--json", cwd=root).out)[0]  # type: ignore[no-any-return]


def test_review_chosen_segments_then_all(workspace: Path) -> None:
    keys = make_machine(workspace)
    result = run_cli("review", SAMPLE_ID, "--segment", "title", "--segment", keys[-1],
                     "--json", cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["approved"] == ["title", keys[-1]]
    assert (counts(workspace)["reviewed"], counts(workspace)["machine"]) == (2, 10)
    result = run_cli("review", SAMPLE_ID, cwd=workspace)
    assert "10 approved, 2 already reviewed" in result.out
    assert counts(workspace)["reviewed"] == 12
    with Memory.open(memory_path(workspace)) as memory:
        assert {e.origin for e in memory.entries()} == {"reviewed"}
        assert len(memory) == 12


def test_review_errors(workspace: Path) -> None:
    result = run_cli("review", SAMPLE_ID, "--segment", "nonsense", cwd=workspace)
    assert result.code == ExitCode.USAGE and "no segment 'nonsense'" in result.err
    assert "title" in result.err
    result = run_cli("review", "2019-01-01-nothing-here", cwd=workspace)
    assert result.code == ExitCode.NOT_FOUND
    (workspace / "articles" / SAMPLE_ID / "en.md").unlink()
    result = run_cli("review", SAMPLE_ID, "--json", cwd=workspace)
    assert result.code == 0 and len(json.loads(result.out)[0]["skipped"]) == 12
    assert not (workspace / "articles" / SAMPLE_ID / "en.md").exists()


def test_diff_shows_old_and_new_source(workspace: Path) -> None:
    assert run_cli("review", SAMPLE_ID, cwd=workspace).code == 0  # the memory sees the source
    edit_source(workspace)
    result = run_cli("diff", SAMPLE_ID, "--json", cwd=workspace)
    assert result.code == 0, result.err
    (change,) = json.loads(result.out)
    assert OLD in change["old_source"] and NEW in change["new_source"]
    assert change["translation"].startswith("During the conference, Nikolay Minkov")
    ops = [(w["op"], w["text"]) for w in change["word_diff"]]
    assert ("delete", "програмата") in ops and ("insert", "новата програма") in ops
    text = run_cli("diff", SAMPLE_ID, cwd=workspace).out
    assert "[-програмата-]{+новата програма+}" in text and "old source:" in text


def test_stale_keeps_old_source_in_the_file_and_review_approves_it(workspace: Path) -> None:
    ws = open_workspace(workspace)
    article = ws.articles[SAMPLE_ID]
    with Memory.open(memory_path(workspace)) as memory:
        for seg in article.segments:
            memory.remember_source(seg.text, "bg")
    edit_source(workspace)
    result = run_cli("translate", "--provider", "memory", cwd=workspace)  # saves the stale note
    assert result.code == 0, result.err
    en = (workspace / "articles" / SAMPLE_ID / "en.md").read_text(encoding="utf-8")
    assert "stale" in en and "was: " in en and OLD in en
    (workspace / ".bulletin" / "memory.sqlite").unlink()  # the file alone remembers
    change = json.loads(run_cli("diff", SAMPLE_ID, "--json", cwd=workspace).out)[0]
    assert OLD in change["old_source"]
    bare = run_cli("review", SAMPLE_ID, cwd=workspace)  # approves nothing it has not shown
    assert bare.code == 0 and "left alone: 1 stale segment(s)" in bare.out
    assert counts(workspace)["stale"] == 1
    named = run_cli("review", SAMPLE_ID, "--segment", change["segment"], cwd=workspace)
    assert named.code == 0, named.err
    assert OLD in named.out and change["new_source"] in named.out
    assert change["translation"] in named.out
    assert counts(workspace)["stale"] == 0 and counts(workspace)["reviewed"] == 12


def test_no_changes() -> None:
    assert render_word_diff(word_diff("а б", "а б")) == "а б"
    assert fingerprint("а") == fingerprint(" а ")
