"""`bulletin new`: the article's id from its title, front matter, no overwrite, $EDITOR."""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.content.workspace import open_workspace
from bulletin.errors import ExitCode

ID = "2019-05-02-shtastie-v-sofia"


def test_new_creates_the_source_file_and_prints_its_path(workspace: Path) -> None:
    result = run_cli("new", "Щастие в  София", "--date", "2019-05-02",
                     "--tags", "събития, клъстери,събития", cwd=workspace)
    assert result.code == ExitCode.OK, result.err
    path = workspace / "articles" / ID / "bg.md"
    assert result.out.strip() == f"articles/{ID}/bg.md"
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: Щастие в София\ndate: 2019-05-02\ndraft: true\ntags:\n- събития\n"
        "- клъстери\n---\n\n")
    assert "draft" in result.err  # says it is a draft, left out of exports


def test_new_uses_the_workspace_source_language(workspace: Path) -> None:
    toml = workspace / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('source = "bg"', 'source = "mk"'),
                    encoding="utf-8")
    result = run_cli("new", "Охрид", "--date", "2019-05-02", cwd=workspace)
    assert result.code == ExitCode.OK, result.err
    assert (workspace / "articles" / "2019-05-02-ohrid" / "mk.md").is_file()


def test_the_date_defaults_to_today(workspace: Path) -> None:
    result = run_cli("new", "Днешна новина", cwd=workspace)
    assert result.code == ExitCode.OK, result.err
    today = dt.date.today().isoformat()
    assert result.out.strip() == f"articles/{today}-dneshna-novina/bg.md"


def test_the_new_article_is_a_draft_that_check_lists_without_failing(workspace: Path) -> None:
    assert run_cli("new", "Щастие в София", "--date", "2019-05-02", cwd=workspace).code == 0
    result = run_cli("check", cwd=workspace)
    assert result.code == ExitCode.OK, result.err
    assert f"articles/{ID}/bg.md:4: warning: a draft: exports leave it out" in result.err
    assert f"articles/{ID}/bg.md:6: warning: the article has no body text" in result.err
    # no bulletin of bulletin.toml chooses it (april-2019 ends on 30 April): strict passes
    assert run_cli("check", "--strict", cwd=workspace).code == ExitCode.OK
    path = workspace / "articles" / ID / "bg.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", "")
                    + "Първият абзац на статията.\n", encoding="utf-8")
    result = run_cli("check", cwd=workspace)
    assert result.code == ExitCode.OK and "draft" not in result.err and "body" not in result.err
    ws = open_workspace(workspace)
    article = ws.articles[ID]
    assert (article.title, article.date, article.tags, ws.entries[ID].draft) == (
        "Щастие в София", dt.date(2019, 5, 2), (), False)


def test_new_refuses_to_overwrite(workspace: Path) -> None:
    sample = workspace / "articles" / SAMPLE_ID / "bg.md"
    before = hashlib.sha256(sample.read_bytes()).hexdigest()
    result = run_cli("new", "София се включи в Европейските клъстерни седмици",
                     "--date", "2019-04-08", cwd=workspace)
    assert result.code == ExitCode.CONFLICT
    assert "already exists" in result.err and SAMPLE_ID in result.err
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("title", ["Ελληνικά νέα", "東京", "!!! ---"])
def test_a_title_without_bulgarian_or_latin_letters_is_refused(workspace: Path,
                                                               title: str) -> None:
    before = sorted(p.name for p in (workspace / "articles").iterdir())
    result = run_cli("new", title, "--date", "2019-05-02", cwd=workspace)
    assert result.code == ExitCode.INVALID
    assert "no Bulgarian or Latin letters" in result.err and "Traceback" not in result.err
    assert sorted(p.name for p in (workspace / "articles").iterdir()) == before


def test_a_bad_date_is_a_usage_error(workspace: Path) -> None:
    result = run_cli("new", "Заглавие", "--date", "2019-02-30", cwd=workspace)
    assert result.code == ExitCode.USAGE
    assert "YYYY-MM-DD" in result.err


def test_new_outside_a_workspace_is_not_found(tmp_path: Path) -> None:
    result = run_cli("new", "Заглавие", cwd=tmp_path)
    assert result.code == ExitCode.NOT_FOUND
    assert "bulletin init" in result.err


def _editor_script(tmp_path: Path, body: str, code: int = 0) -> Path:
    script = tmp_path / "fake editor.py"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "with open(sys.argv[-1], 'a', encoding='utf-8') as f:\n"
        f"    f.write({body!r})\n"
        f"sys.exit({code})\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_edit_opens_the_editor_on_the_new_file(workspace: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    script = _editor_script(tmp_path, "Текстът, написан в редактора.\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"'{script}'")  # quoted: the path has a space
    result = run_cli("new", "Щастие в София", "--date", "2019-05-02", "--edit", cwd=workspace)
    assert result.code == ExitCode.OK, result.err
    text = (workspace / "articles" / ID / "bg.md").read_text(encoding="utf-8")
    assert text.endswith("---\n\nТекстът, написан в редактора.\n")
    assert run_cli("check", cwd=workspace).code == ExitCode.OK


def test_edit_without_an_editor_keeps_the_file_and_says_how(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    result = run_cli("new", "Щастие в София", "--date", "2019-05-02", "--edit", cwd=workspace)
    assert result.code == ExitCode.USAGE
    assert "EDITOR" in result.err
    assert (workspace / "articles" / ID / "bg.md").is_file()


def test_an_editor_that_fails_is_reported(workspace: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    script = _editor_script(tmp_path, "", code=3)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"'{script}'")
    result = run_cli("new", "Щастие в София", "--date", "2019-05-02", "--edit", cwd=workspace)
    assert result.code == ExitCode.USAGE
    assert "exited with code 3" in result.err


def test_help_ends_with_an_example() -> None:
    result = run_cli("new", "--help", cwd=Path.cwd())
    assert result.code == 0
    assert "Example: bulletin new " in result.out
