"""Translation state: how a translation file lines up with its source as either changes."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE_ID, run_cli

from bulletin.content.model import State
from bulletin.content.store import save_translation
from bulletin.content.workspace import open_workspace
from bulletin.errors import ExitCode

PARA = "Г-н Алън Хъчисън, специалист по международно развитие на бизнеса"


def load(root: Path):  # type: ignore[no-untyped-def]
    ws = open_workspace(root)
    article = ws.articles[SAMPLE_ID]
    return ws, article, ws.translation(article, "en")


def edit_source(root: Path, old: str, new: str) -> None:
    path = root / "articles" / SAMPLE_ID / "bg.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sample_is_fully_reviewed(workspace: Path) -> None:
    _, article, at = load(workspace)
    assert at.counts() == {"missing": 0, "machine": 0, "reviewed": len(article.segments),
                           "stale": 0}
    assert run_cli("check", "--strict", cwd=workspace).code == 0


def test_changed_paragraph_goes_stale_and_keeps_its_translation(workspace: Path) -> None:
    _, _, before = load(workspace)
    edit_source(workspace, PARA, PARA.replace("бизнеса", "бизнеса и търговията"))
    _, _, after = load(workspace)
    states = [a.state for a in after.segments]
    assert states.count(State.STALE) == 1
    assert states.count(State.REVIEWED) == len(states) - 1
    stale = next(a for a in after.segments if a.state is State.STALE)
    old = next(a for a in before.segments if a.segment.text.startswith("Г-н"))
    assert stale.text == old.text  # the old English is kept for the reviewer
    result = run_cli("check", "--strict", cwd=workspace)
    assert result.code == ExitCode.INCOMPLETE
    assert "1 stale" in result.err and "bulletin diff" in result.err
    assert run_cli("check", cwd=workspace).code == 0  # not strict: a warning only


def test_stale_state_and_previous_source_survive_a_save(workspace: Path) -> None:
    edit_source(workspace, PARA, PARA + " и търговията")
    ws, article, at = load(workspace)
    stale = next(a for a in at.segments if a.state is State.STALE)
    stale.previous = PARA + ", проведе интерактивна сесия"
    save_translation(ws, at)
    text = (workspace / "articles" / SAMPLE_ID / "en.md").read_text(encoding="utf-8")
    assert f"<!-- {stale.segment.key} stale" in text and "was: Г-н Алън" in text
    _, _, again = load(workspace)
    reread = next(a for a in again.segments if a.key == stale.key)
    assert reread.state is State.STALE
    assert reread.previous == stale.previous
    assert reread.text == stale.text


def test_new_paragraph_is_missing_and_removed_one_is_an_orphan(workspace: Path) -> None:
    edit_source(workspace, PARA, "Съвсем нов абзац.\n\n" + PARA)
    _, _, at = load(workspace)
    missing = [a for a in at.segments if a.state is State.MISSING]
    assert [a.segment.text for a in missing] == ["Съвсем нов абзац."]
    path = workspace / "articles" / SAMPLE_ID / "bg.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("Съвсем нов абзац.")
    path.write_text(text[:start] + text[text.index("През втория ден"):], encoding="utf-8")
    _, _, at = load(workspace)
    assert len(at.orphans) == 1 and at.orphans[0].text.startswith("Mr Alan Hutchison")
    assert all(a.state is State.REVIEWED for a in at.segments)


def test_edited_machine_text_counts_as_reviewed(workspace: Path) -> None:
    ws, article, at = load(workspace)
    for aligned in at.segments:
        aligned.state = State.MACHINE
    save_translation(ws, at)
    _, _, machine = load(workspace)
    assert machine.counts()["machine"] == len(article.segments)
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace(
        "led an interactive session", "ran an interactive session"), encoding="utf-8")
    _, _, edited = load(workspace)
    changed = [a for a in edited.segments if a.state is State.REVIEWED]
    assert len(changed) == 1 and changed[0].edited
    assert changed[0].text.startswith("Mr Alan Hutchison, a specialist")


def test_person_fills_a_missing_segment(workspace: Path) -> None:
    ws, _, at = load(workspace)
    target = at.segments[-1]
    target.state, target.text = State.MISSING, ""
    save_translation(ws, at)
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    marker = f"<!-- {target.key} missing -->"
    assert marker in en.read_text(encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace(marker, marker + "\nWritten by hand."),
                  encoding="utf-8")
    _, _, again = load(workspace)
    last = again.segments[-1]
    assert last.state is State.REVIEWED and last.text == "Written by hand."


def test_changed_title_goes_stale(workspace: Path) -> None:
    edit_source(workspace, "title: София се включи", "title: София отново се включи")
    _, _, at = load(workspace)
    title = at.segments[0]
    assert title.key == "title" and title.state is State.STALE
    assert title.text == "Sofia Joins the European Cluster Weeks"


def test_save_is_stable(workspace: Path) -> None:
    ws, _, at = load(workspace)
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    before = en.read_text(encoding="utf-8")
    save_translation(ws, at)
    assert en.read_text(encoding="utf-8") == before


def test_hand_written_translation_without_markers(workspace: Path) -> None:
    _, article, _ = load(workspace)
    body = [s for s in article.segments if not s.is_field]
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    paragraphs = "\n\n".join(f"English paragraph {i}." for i in range(len(body)))
    en.write_text(f"---\ntitle: A hand-made title\n---\n\n{paragraphs}\n", encoding="utf-8")
    _, _, at = load(workspace)
    by_key = {a.key: a for a in at.segments}
    assert by_key["title"].state is State.REVIEWED
    assert [by_key[s.key].text for s in body] == [f"English paragraph {i}."
                                                 for i in range(len(body))]
    assert by_key["place"].state is State.MISSING


def test_repeated_paragraphs_get_distinct_keys(workspace: Path) -> None:
    edit_source(workspace, PARA, "Повторение.\n\nПовторение.\n\n" + PARA)
    _, article, _ = load(workspace)
    keys = [s.key for s in article.segments if s.text == "Повторение."]
    assert len(keys) == 2 and keys[1] == keys[0] + "-2"


def test_translated_fields_know_their_lines(workspace: Path) -> None:
    from bulletin.content.transfile import read_translation
    from bulletin.errors import Report

    path = workspace / "articles" / SAMPLE_ID / "en.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    stored = read_translation(path, SAMPLE_ID, "en", Report())
    assert stored is not None
    for key in ("title", "place", "tags"):
        line = stored.fields[key].line
        assert line is not None and lines[line - 1].startswith(f"{key}:")
