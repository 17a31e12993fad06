"""`check` and `status` at archive scale: each article folder is read on its own (in worker
processes for a large archive), and its results are kept, so that an unchanged workspace is
answered from file stamps alone, with exactly what a fresh run would say."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.checks import survey as survey_module
from bulletin.checks.survey import survey_workspace
from bulletin.errors import ExitCode

OTHER = "2019-04-15-izmisleno-sdruzhenie-gradini-na-pokriva"
COMMANDS = [("check", "--json"), ("check", "--strict", "--json"), ("status", "--json"),
            ("status", "--to", "en", SAMPLE_ID, "--json")]


def troubled(root: Path) -> Path:
    """The sample workspace with a problem of every kind that check and status report."""
    articles = root / "articles"
    source = articles / SAMPLE_ID / "bg.md"
    source.write_text(source.read_text(encoding="utf-8").replace("от 12 държави",
                                                                  "от 14 държави"),
                      encoding="utf-8")  # a stale segment
    en = articles / OTHER / "en.md"
    text = en.read_text(encoding="utf-8").replace("On 12 and 13 April", "On 12 and 14 April")
    en.write_text(text.replace("\n\n", "\n\nA block of English nobody placed.\n\n", 1),
                  encoding="utf-8")  # a QA finding (13 is not in it) and unplaced text
    broken = articles / "2019-04-20-bez-data"
    broken.mkdir()
    (broken / "bg.md").write_text("---\ntitle: Без дата\n---\n\nТекст.\n", encoding="utf-8")
    draft = articles / "2019-04-22-chernova"
    draft.mkdir()
    (draft / "bg.md").write_text("---\ntitle: Чернова\ndate: 2019-04-22\ndraft: true\n---\n\n"
                                 "Текстът още се пише, на 3 май.\n", encoding="utf-8")
    return root


def outputs(root: Path) -> list[tuple[int, str, str]]:
    found = []
    for args in COMMANDS:
        result = run_cli(*args, cwd=root)
        found.append((result.code, result.out, result.err))
    return found


@pytest.fixture
def no_reading(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it, and from then on reading an article folder fails the test."""
    def forbid() -> None:
        def refuse(config: object, glossary: object, folder: Path) -> object:
            raise AssertionError(f"{folder.name} was read again, unchanged")

        monkeypatch.setattr(survey_module, "_survey_folder", refuse)

    return forbid


def test_an_unchanged_workspace_is_answered_from_the_record(
        workspace: Path, no_reading: Callable[[], None]) -> None:
    root = troubled(workspace)
    fresh = outputs(root)
    assert fresh[1][0] == ExitCode.INVALID  # the article without a date
    assert "no 'date'" in fresh[0][1] and "translation not finished: 1 stale" in fresh[1][1]
    no_reading()
    assert outputs(root) == fresh
    assert survey_workspace(root).read == 0


def test_only_a_changed_folder_is_read_again(workspace: Path) -> None:
    root = troubled(workspace)
    first = survey_workspace(root)
    assert first.read == 4
    row = next(t for t in first.folders[OTHER].languages if t.lang == "en")
    assert row.qa == 1 and "13" in row.qa_findings[0].message
    assert survey_workspace(root).read == 0
    en = root / "articles" / OTHER / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("On 12 and 14 April",
                                                         "On 12 and 13 April"),
                  encoding="utf-8")
    again = survey_workspace(root)
    assert again.read == 1
    row = next(t for t in again.folders[OTHER].languages if t.lang == "en")
    assert row.qa == 0 and row.qa_findings == ()


@pytest.mark.parametrize("change", ["bulletin.toml", "glossary.csv"])
def test_changed_settings_or_glossary_read_everything_again(workspace: Path,
                                                            change: str) -> None:
    root = troubled(workspace)
    survey_workspace(root)
    path = root / change
    text = path.read_text(encoding="utf-8") if path.exists() else "source,en\n"
    path.write_text(text + ("\n# changed\n" if change == "bulletin.toml"
                            else "клъстер,cluster\n"), encoding="utf-8")
    assert survey_workspace(root).read == 4


def test_workers_say_what_one_process_says(workspace: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = troubled(workspace)
    results = []
    for workers in ("1", "2"):
        monkeypatch.setenv("BULLETIN_WORKERS", workers)
        shutil.rmtree(root / ".bulletin", ignore_errors=True)
        results.append(outputs(root))
    assert results[0] == results[1]


def test_duplicates_are_found_across_kept_and_new_folders(workspace: Path) -> None:
    survey_workspace(workspace)
    shutil.copytree(workspace / "articles" / SAMPLE_ID,
                    workspace / "articles" / (SAMPLE_ID + "-kopie"))
    result = run_cli("check", cwd=workspace)
    assert result.code == ExitCode.INVALID and "duplicate article" in result.err
    rows = json.loads(run_cli("status", "--json", cwd=workspace).out)
    copy = [r for r in rows if r["article"] == SAMPLE_ID + "-kopie"]
    assert [r["loaded"] for r in copy] == [False]


def test_a_damaged_record_is_read_again_not_trusted(workspace: Path) -> None:
    root = troubled(workspace)
    fresh = outputs(root)
    record = root / ".bulletin" / "cache" / "survey.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["folders"][SAMPLE_ID][1] = {"facts": "nonsense"}  # same stamp, broken result
    record.write_text(json.dumps(data), encoding="utf-8")
    assert outputs(root) == fresh
    record.write_text("{not json", encoding="utf-8")
    assert outputs(root) == fresh
    assert survey_workspace(root).read == 0  # and the record is whole again


def test_status_refuses_a_language_the_workspace_does_not_translate(workspace: Path) -> None:
    result = run_cli("status", "--to", "de", cwd=workspace)
    assert result.code == ExitCode.USAGE and "'de' is not a target language" in result.err
