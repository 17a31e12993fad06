"""Exchange files for post-editing: `--state` chooses the segments by state, so machine
drafts can go to a translator; `--dry-run` says what would be stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from exchange_support import assert_msgfmt_clean, translate_po
from machine_support import EN_PARAGRAPH, MACHINE_ID, make_machine, sample_workspace

from bulletin.errors import ExitCode


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    """The sample workspace after machine translation: two machine drafts of MACHINE_ID
    (its title and a paragraph); every other segment reviewed."""
    root = sample_workspace(tmp_path / "ws")
    make_machine(root)
    return root


def units(root: Path, *args: str) -> dict[str, object]:
    result = run_cli("exchange", "export", "--json", *args, cwd=root)
    assert result.code == ExitCode.OK, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_by_default_machine_drafts_stay_out(drafted: Path) -> None:
    assert units(drafted, "-o", "todo.po")["segments"] == 0


def test_machine_drafts_go_to_the_translator_for_post_editing(drafted: Path) -> None:
    summary = units(drafted, "--state", "missing,stale,machine", "-o", "post.po")
    assert summary["segments"] == 2
    assert summary["states"] == {"missing": 0, "machine": 2, "reviewed": 0, "stale": 0}
    po = drafted / "post.po"
    assert_msgfmt_clean(po)
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id]
    assert len(messages) == 2 and all(m.fuzzy for m in messages)  # to edit, not yet done
    assert any(m.string.startswith(EN_PARAGRAPH) for m in messages)
    translate_po(po, lambda source: "Post-edited: " + source)
    stored = run_cli("exchange", "import", "post.po", "--json", cwd=drafted)
    assert stored.code == ExitCode.OK, stored.err
    assert json.loads(stored.out)["stored"] == 2
    row = next(r for r in json.loads(run_cli("status", "--json", cwd=drafted).out)
               if r["article"] == MACHINE_ID)
    assert row["machine"] == 0 and row["reviewed"] == row["total"]


@pytest.mark.parametrize(("states", "count"), [("machine", 2), ("reviewed", 27),
                                                ("missing", 0), ("machine,reviewed", 29)])
def test_any_subset_of_states(drafted: Path, states: str, count: int) -> None:
    assert units(drafted, "--state", states, "-o", "some.po")["segments"] == count


def test_an_unknown_state_is_wrong_usage(drafted: Path) -> None:
    result = run_cli("exchange", "export", "--state", "missing,draft", "-o", "x.po",
                     cwd=drafted)
    assert result.code == ExitCode.USAGE
    assert "unknown segment state 'draft'" in result.err
    assert "missing, machine, reviewed, stale" in result.err
    both = run_cli("exchange", "export", "--state", "machine", "--all", "-o", "x.po",
                   cwd=drafted)
    assert both.code == ExitCode.USAGE


def test_dry_run_says_would_store(drafted: Path) -> None:
    units(drafted, "--state", "machine", "-o", "post.po")
    translate_po(drafted / "post.po")
    result = run_cli("exchange", "import", "post.po", "--dry-run", cwd=drafted)
    assert result.code == ExitCode.OK, result.err
    assert "post.po: would store 2, leave 0 unchanged, skip 0" in result.out
    assert " stored" not in result.out
    assert f"would update 1 translation(s): {MACHINE_ID}" in result.out


def test_an_article_that_no_longer_loads_is_named_once(drafted: Path) -> None:
    """A file exported before its article broke (here: a date written the Bulgarian way)
    is refused with one problem that says why, not an 'unknown article' per segment."""
    assert units(drafted, "--state", "missing,stale,machine", "-o", "post.po")["segments"] == 2
    source = drafted / "articles" / MACHINE_ID / "bg.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(f"date: {MACHINE_ID[:10]}", "date: 08.04.2019", 1),
                      encoding="utf-8")
    before = (drafted / "articles" / MACHINE_ID / "en.md").read_bytes()
    result = run_cli("exchange", "import", "post.po", cwd=drafted)
    assert result.code == ExitCode.INVALID
    assert result.err.count("error:") == 2  # the one problem, and the summary line
    assert f"the article '{MACHINE_ID}' has problems, so nothing can be imported" in result.err
    assert "unknown article" not in result.err
    assert (drafted / "articles" / MACHINE_ID / "en.md").read_bytes() == before
