"""Clumsy hand edits of en.md never cost a reviewer's English: each case of the issue.

Each edit either is realigned (the reviewed text stays reviewed, in its place) or is an
error in ``check`` at its true line, which every writing command refuses, changing
nothing. Each case runs with and without ``.bulletin/`` (a fresh clone has none).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.errors import ExitCode

KEYS = ["10321f5b", "b1e467b8", "47015452", "db59a72f"]


def en_path(root: Path) -> Path:
    return root / "articles" / SAMPLE_ID / "en.md"


def prepare(root: Path, with_memory: bool) -> str:
    if with_memory:  # the memory learns every reviewed text first
        assert run_cli("translate", "--provider", "memory", cwd=root).code == 0
    else:
        shutil.rmtree(root / ".bulletin", ignore_errors=True)
    return en_path(root).read_text(encoding="utf-8")


def block(text: str, key: str) -> str:
    """The English under the marker of ``key``."""
    return text.split(f"<!-- {key} reviewed -->\n", 1)[1].split("\n\n", 1)[0]


def segments(root: Path) -> dict[str, dict[str, int]]:
    result = run_cli("status", "--json", cwd=root)
    assert result.code == 0, result.err
    return {row["article"]: row for row in json.loads(result.out)}


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def assert_refused(root: Path, line: int, words: str) -> None:
    """``check`` names the true line; translate and review refuse and change nothing."""
    before = en_path(root).read_bytes()
    check = run_cli("check", cwd=root)
    assert check.code == ExitCode.INVALID, check.err
    assert f"en.md:{line}: error:" in check.err and words in check.err, check.err
    for command in (["translate", "--provider", "memory"], ["review", SAMPLE_ID]):
        result = run_cli(*command, cwd=root)
        assert result.code == ExitCode.INVALID, (command, result.err)
        assert f"en.md:{line}" in result.err
        assert en_path(root).read_bytes() == before


both = pytest.mark.parametrize("with_memory", [True, False], ids=["memory", "no-memory"])


@both
def test_marker_moved_inside_a_paragraph(workspace: Path, with_memory: bool) -> None:
    text = prepare(workspace, with_memory)
    marker = f"<!-- {KEYS[1]} reviewed -->\n"
    first = block(text, KEYS[0])
    cut = first.index(". ") + 2
    moved = text.replace(marker, "").replace(first, first[:cut] + "\n" + marker + first[cut:])
    en_path(workspace).write_text(moved, encoding="utf-8")
    assert_refused(workspace, line_of(moved, marker), "inside a paragraph")


@both
def test_note_block_without_its_closing_line(workspace: Path, with_memory: bool) -> None:
    prepare(workspace, True)
    bg = workspace / "articles" / SAMPLE_ID / "bg.md"
    bg.write_text(bg.read_text(encoding="utf-8").replace("Г-н Алън Хъчисън",
                                                         "Господин Алън Хъчисън"),
                  encoding="utf-8")
    assert run_cli("translate", "--provider", "memory", cwd=workspace).code == 0
    if not with_memory:
        shutil.rmtree(workspace / ".bulletin")
    text = en_path(workspace).read_text(encoding="utf-8")
    assert "\nwas: Г-н Алън Хъчисън" in text
    start = text.index(" stale ")
    broken = text[:start] + text[start:].replace("\n-->\n", "\n", 1)
    en_path(workspace).write_text(broken, encoding="utf-8")
    marker_line = broken[:start].count("\n") + 1
    assert_refused(workspace, marker_line, "not closed")


@both
def test_two_marked_blocks_swapped_stay_reviewed(workspace: Path, with_memory: bool) -> None:
    text = prepare(workspace, with_memory)
    one, two = (f"<!-- {k} reviewed -->\n{block(text, k)}" for k in KEYS[1:3])
    swapped = text.replace(one, "@@ONE@@").replace(two, one).replace("@@ONE@@", two)
    en_path(workspace).write_text(swapped, encoding="utf-8")
    row = segments(workspace)[SAMPLE_ID]
    assert row["reviewed"] == row["total"] and row["machine"] == 0
    assert run_cli("check", "--strict", cwd=workspace).code == 0
    assert run_cli("translate", "--provider", "memory", cwd=workspace).code == 0
    assert en_path(workspace).read_text(encoding="utf-8") == text  # put back in order


@both
def test_fingerprint_with_one_digit_changed(workspace: Path, with_memory: bool) -> None:
    text = prepare(workspace, with_memory)
    english = block(text, KEYS[2])
    wrong = KEYS[2][:-1] + ("0" if KEYS[2][-1] != "0" else "1")
    changed = text.replace(f"<!-- {KEYS[2]} reviewed -->", f"<!-- {wrong} reviewed -->")
    en_path(workspace).write_text(changed, encoding="utf-8")
    assert run_cli("translate", "--provider", "memory", cwd=workspace).code == 0
    after = en_path(workspace).read_text(encoding="utf-8")
    assert english in after  # kept, in its place, as stale with a person's English
    diff = json.loads(run_cli("diff", SAMPLE_ID, "--json", cwd=workspace).out)
    assert [(c["segment"], c["translation"]) for c in diff] == [(KEYS[2], english)]
    check = run_cli("check", "--strict", cwd=workspace)
    assert check.code == ExitCode.INCOMPLETE and "1 stale" in check.err


@both
def test_closing_typed_as_single_dash(workspace: Path, with_memory: bool) -> None:
    text = prepare(workspace, with_memory)
    marker = f"<!-- {KEYS[3]} reviewed -->"
    broken = text.replace(marker, marker.replace("-->", "->"))
    en_path(workspace).write_text(broken, encoding="utf-8")
    assert_refused(workspace, line_of(broken, marker.replace("-->", "->")), "broken")


@both
def test_text_before_the_first_marker_is_kept(workspace: Path, with_memory: bool) -> None:
    text = prepare(workspace, with_memory)
    mine = "A note of my own that belongs to no segment."
    head, _, body = text.partition("\n---\n")
    en_path(workspace).write_text(f"{head}\n---\n\n{mine}\n{body}", encoding="utf-8")
    check = run_cli("check", cwd=workspace)
    assert "unplaced" in check.err
    assert run_cli("translate", "--provider", "memory", cwd=workspace).code == 0
    assert mine in en_path(workspace).read_text(encoding="utf-8")
    # the next save that rewrites the file keeps it, as an unplaced block at the end
    bg = workspace / "articles" / SAMPLE_ID / "bg.md"
    bg.write_text(bg.read_text(encoding="utf-8").replace("Г-н Алън", "Господин Алън"),
                  encoding="utf-8")
    assert run_cli("translate", "--provider", "memory", cwd=workspace).code == 0
    after = en_path(workspace).read_text(encoding="utf-8")
    assert after.endswith(f"<!-- unplaced -->\n{mine}\n")
    assert "unplaced" in run_cli("check", cwd=workspace).err


@both
def test_a_deleted_source_paragraph_keeps_its_english(workspace: Path,
                                                      with_memory: bool) -> None:
    text = prepare(workspace, with_memory)
    english = block(text, "965bafb5")
    bg = workspace / "articles" / SAMPLE_ID / "bg.md"
    source = bg.read_text(encoding="utf-8")
    paragraph = next(p for p in source.split("\n\n") if p.startswith("Г-н Алън"))
    bg.write_text(source.replace(paragraph + "\n\n", ""), encoding="utf-8")
    assert run_cli("translate", "--provider", "memory", cwd=workspace).code == 0
    after = en_path(workspace).read_text(encoding="utf-8")
    assert f"<!-- unplaced 965bafb5 -->\n{english}" in after


def test_review_does_not_approve_a_changed_number_unseen(workspace: Path) -> None:
    """12 became 14 in the Bulgarian: a bare review leaves the segment stale."""
    prepare(workspace, True)
    bg = workspace / "articles" / SAMPLE_ID / "bg.md"
    source = bg.read_text(encoding="utf-8")
    assert "12 държави" in source
    bg.write_text(source.replace("12 държави", "14 държави"), encoding="utf-8")
    result = run_cli("review", SAMPLE_ID, cwd=workspace)
    assert result.code == 0 and "left alone: 1 stale" in result.out
    assert run_cli("check", "--strict", cwd=workspace).code == ExitCode.INCOMPLETE
    key = json.loads(run_cli("diff", SAMPLE_ID, "--json", cwd=workspace).out)[0]["segment"]
    named = run_cli("review", SAMPLE_ID, "--segment", key, cwd=workspace)
    assert named.code == 0, named.err
    assert "12 държави" in named.out and "14 държави" in named.out  # shown, then approved
    assert "12 countries" in named.out
