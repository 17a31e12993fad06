"""Links out of the workspace are refused; exports never write over the workspace's own files.

Every case uses a real symbolic link from the workspace to a file or folder beside it
(never into /proc or /etc), and checks the exit code, that the message names the link,
that the outside content shows up nowhere (output, dist/, .bulletin/) and that the outside
target is left exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.errors import ExitCode

SECRET = "SECRET=abc123"
OTHER_ID = "2019-04-15-izmisleno-sdruzhenie-gradini-na-pokriva"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the workspace, holding an environment-like file with a secret."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "environ").write_text(f"HOME=/home/editor\n{SECRET}\nLANG=bg_BG.UTF-8\n",
                                    encoding="utf-8")
    return folder


def link(path: Path, target: Path) -> None:
    if path.exists() or path.is_symlink():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (links not followed), by relative path."""
    files = {}
    for top, dirs, names in os.walk(folder):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            path = Path(top, name)
            rel = str(path.relative_to(folder))
            files[rel] = (b"-> " + os.readlink(path).encode()) if path.is_symlink() \
                else path.read_bytes()
    return files


def assert_secret_nowhere(result, root: Path) -> None:  # type: ignore[no-untyped-def]
    assert SECRET not in result.out and SECRET not in result.err
    for folder in (root / "dist", root / ".bulletin"):
        for rel, data in snapshot(folder).items() if folder.is_dir() else ():
            assert SECRET.encode() not in data, f"{folder.name}/{rel} holds the secret"


def test_a_translation_linked_outside_is_refused_and_never_read(workspace: Path,
                                                                outside: Path) -> None:
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    reviewed = en.read_bytes()
    link(en, outside / "environ")
    before = snapshot(outside)
    for args in (("export",), ("export", "-f", "txt", "-o", "-"), ("check",),
                 ("status",), ("translate", "--provider", "memory")):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert f"articles/{SAMPLE_ID}/en.md" in result.err
        assert f"link to {outside / 'environ'}, outside the workspace" in result.err
        assert_secret_nowhere(result, workspace)
    assert snapshot(outside) == before
    assert en.is_symlink()  # translate did not replace it either
    # the hint's way out: the file itself (here: a link that stays inside works too)
    (workspace / "shared").mkdir()
    (workspace / "shared" / "en.md").write_bytes(reviewed)
    link(en, Path("..", "..", "shared", "en.md"))
    result = run_cli("export", "-f", "txt", "-o", "-", cwd=workspace)
    assert result.code == 0, result.err
    assert "Sofia Tech Park" in result.out


def test_an_article_folder_linked_outside_is_a_problem_and_never_written(
        workspace: Path, outside: Path) -> None:
    folder = outside / "2019-05-01-vanshna-statiya"
    folder.mkdir()
    source = (workspace / "articles" / OTHER_ID / "bg.md").read_text(encoding="utf-8")
    (folder / "bg.md").write_text(source.replace("date: 2019-04-15", "date: 2019-05-01"),
                                  encoding="utf-8")
    link(workspace / "articles" / folder.name, folder)
    before = snapshot(outside)
    for args in (("translate", "--provider", "memory"), ("check",), ("export",),
                 ("review", OTHER_ID)):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert f"articles/{folder.name}: error: this is a link to {folder}" in result.err
        assert "internal error" not in result.err
    assert snapshot(outside) == before  # no en.md was written out there


def test_a_glossary_linked_outside_is_never_shown(workspace: Path, outside: Path) -> None:
    shadow = outside / "shadow"
    shadow.write_text(f"root:{SECRET}:19000:0:99999:7:::\n", encoding="utf-8")
    link(workspace / "glossary.csv", shadow)
    for args in (("check",), ("translate", "--provider", "memory")):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert "glossary.csv: error: this is a link to" in result.err
        assert_secret_nowhere(result, workspace)
    assert shadow.read_text(encoding="utf-8") == f"root:{SECRET}:19000:0:99999:7:::\n"


def test_settings_linked_outside_are_refused(workspace: Path, outside: Path) -> None:
    settings = outside / "bulletin.toml"
    settings.write_text((workspace / "bulletin.toml").read_text(encoding="utf-8")
                        + f"# {SECRET}\n", encoding="utf-8")
    before = snapshot(outside)
    link(workspace / "bulletin.toml", settings)
    for args in (("check",), ("export",), ("build",)):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert "bulletin.toml: error: this is a link to" in result.err
        assert_secret_nowhere(result, workspace)
    assert not (workspace / "dist").exists()
    assert snapshot(outside) == before


def test_a_lock_linked_outside_is_never_truncated(workspace: Path, outside: Path) -> None:
    precious = outside / "precious.txt"
    precious.write_text("a line nobody may lose\n", encoding="utf-8")
    link(workspace / ".bulletin" / "lock", precious)
    for args in (("translate", "--provider", "memory"), ("review", SAMPLE_ID)):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert ".bulletin/lock: error: the workspace lock is a link to" in result.err
    assert precious.read_text(encoding="utf-8") == "a line nobody may lose\n"


def test_a_state_folder_linked_outside_is_refused(workspace: Path, outside: Path) -> None:
    link(workspace / ".bulletin", outside)
    before = snapshot(outside)
    for args in (("translate", "--provider", "memory"), ("export",)):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert f".bulletin: error: this is a link to {outside}" in result.err
    assert snapshot(outside) == before  # no lock, memory or export record out there


def test_a_memory_linked_outside_is_refused(workspace: Path, outside: Path) -> None:
    import sqlite3

    other = outside / "accounts.sqlite"  # somebody's own database, beside the workspace
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE account (name TEXT)")
    db.close()
    link(workspace / ".bulletin" / "memory.sqlite", other)
    before = snapshot(outside)
    for args in (("memory", "export", "--tmx", "memory.tmx"), ("review", SAMPLE_ID)):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert ".bulletin/memory.sqlite: error: this is a link to" in result.err
    assert not (workspace / "memory.tmx").exists()
    assert snapshot(outside) == before


def test_an_export_record_linked_outside_is_refused(workspace: Path, outside: Path) -> None:
    link(workspace / ".bulletin" / "cache", outside)
    result = run_cli("export", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert ".bulletin/cache: error: this is a link to" in result.err
    assert not (workspace / "dist").exists()
    assert not (outside / "exports.json").exists()


def test_an_output_folder_linked_outside_is_refused(workspace: Path, outside: Path) -> None:
    link(workspace / "dist", outside)
    before = snapshot(outside)
    for args in (("export",), ("build",), ("export", "-o", "dist/bulletin.html")):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert f"dist: error: this is a link to {outside}" in result.err
    assert snapshot(outside) == before


@pytest.mark.parametrize("name", ["bulletin.html.j2", "article.txt.j2"])
def test_a_template_linked_outside_is_never_rendered(workspace: Path, outside: Path,
                                                     name: str) -> None:
    template = outside / "stolen.j2"
    template.write_text(f"{SECRET}\n", encoding="utf-8")
    link(workspace / "templates" / name, template)
    for args in (("export", "-f", name.split(".")[1], "-o", "-"), ("build",)):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.INVALID, (args, result.err)
        assert f"templates/{name}: error: this is a link to {template}" in result.err
        assert_secret_nowhere(result, workspace)
    assert template.read_text(encoding="utf-8") == f"{SECRET}\n"


def test_a_templates_folder_linked_outside_is_refused(workspace: Path, outside: Path) -> None:
    (outside / "bulletin.txt.j2").write_text(f"{SECRET}\n", encoding="utf-8")
    link(workspace / "templates", outside)
    result = run_cli("export", "-f", "txt", "-o", "-", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert f"templates: error: this is a link to {outside}" in result.err
    assert_secret_nowhere(result, workspace)


def test_a_catalog_linked_outside_is_refused(workspace: Path, outside: Path) -> None:
    catalog = outside / "bulletin.po"
    catalog.write_text(f'msgid "Contents"\nmsgstr "{SECRET}"\n', encoding="utf-8")
    link(workspace / "locales" / "en" / "LC_MESSAGES" / "bulletin.po", catalog)
    result = run_cli("export", "-o", "-", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert "locales/en/LC_MESSAGES/bulletin.po: error: this is a link to" in result.err
    assert_secret_nowhere(result, workspace)


# export -o: what it may write over


@pytest.mark.parametrize("target", [f"articles/{SAMPLE_ID}/en.md", "bulletin.toml",
                                    f"articles/{SAMPLE_ID}/bg.md", ".bulletin/memory.sqlite"])
def test_an_export_never_writes_over_the_workspace_s_own_files(workspace: Path,
                                                               target: str) -> None:
    path = workspace / target
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(b"bulletin state\n")
    before = path.read_bytes()
    for extra in ((), ("--force",)):
        result = run_cli("export", "-f", "md", "-o", target, *extra, cwd=workspace)
        assert result.code == ExitCode.CONFLICT, (extra, result.err)
        assert f"{target}: error: this is" in result.err
        assert "not even with --force" in result.err
        assert path.read_bytes() == before


def test_an_export_through_a_link_never_writes_over_an_input(workspace: Path,
                                                             tmp_path: Path) -> None:
    settings = workspace / "bulletin.toml"
    before = settings.read_bytes()
    alias = tmp_path / "alias.md"
    alias.symlink_to(settings)
    result = run_cli("export", "-f", "md", "-o", str(alias), "--force", cwd=workspace)
    assert result.code == ExitCode.CONFLICT, result.err
    assert "the workspace's settings" in result.err
    assert settings.read_bytes() == before and alias.is_symlink()


def test_an_export_replaces_its_own_files_and_no_one_else_s(workspace: Path,
                                                            tmp_path: Path) -> None:
    own = tmp_path / "site" / "april.md"
    first = run_cli("export", "-f", "md", "-o", str(own), cwd=workspace)
    assert first.code == 0, first.err
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Sofia Tech Park hosted",
                                                         "Sofia Tech Park welcomed"),
                  encoding="utf-8")
    again = run_cli("export", "-f", "md", "-o", str(own), cwd=workspace)
    assert again.code == 0, again.err
    assert "Sofia Tech Park welcomed" in own.read_text(encoding="utf-8")

    notes = tmp_path / "site" / "notes.md"
    notes.write_text("an editor's own notes\n", encoding="utf-8")
    refused = run_cli("export", "-f", "md", "-o", str(notes), cwd=workspace)
    assert refused.code == ExitCode.CONFLICT, refused.err
    assert f"{notes}: error: the file exists and bulletin did not write it" in refused.err
    assert "pass --force" in refused.err
    assert notes.read_text(encoding="utf-8") == "an editor's own notes\n"
    forced = run_cli("export", "-f", "md", "-o", str(notes), "--force", cwd=workspace)
    assert forced.code == 0, forced.err
    assert "Sofia Tech Park welcomed" in notes.read_text(encoding="utf-8")

    # with no export record at all: the workspace's dist/ and bulletin's HTML are its own
    for args in (("export", "-f", "md"), ("build",), ("export", "-o", str(tmp_path / "b.html"))):
        assert run_cli(*args, cwd=workspace).code == 0
    shutil.rmtree(workspace / ".bulletin")
    for args in (("export", "-f", "md"), ("build",), ("export", "-o", str(tmp_path / "b.html"))):
        result = run_cli(*args, cwd=workspace)
        assert result.code == 0, (args, result.err)
    result = run_cli("export", "-f", "md", "-o", str(own), cwd=workspace)
    assert result.code == ExitCode.CONFLICT, result.err  # Markdown carries no mark


def test_an_export_into_a_folder_is_a_usage_error(workspace: Path, tmp_path: Path) -> None:
    for target in (str(tmp_path), "articles", "."):
        result = run_cli("export", "-o", target, cwd=workspace)
        assert result.code == ExitCode.USAGE, (target, result.err)
        assert "is a folder; an export is written into a file" in result.err
        assert "internal error" not in result.err


# templates are code: their mistakes are the workspace's, with file and line


def test_a_template_syntax_error_names_its_file_and_line(workspace: Path) -> None:
    (workspace / "templates").mkdir()
    (workspace / "templates" / "bulletin.html.j2").write_text(
        "<!DOCTYPE html>\n<html>\n{% if %}\n</html>\n", encoding="utf-8")
    result = run_cli("export", "-o", "-", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert "templates/bulletin.html.j2:3: error: the template failed: syntax error" in result.err
    assert "bug in bulletin" not in result.err


@pytest.mark.parametrize("text, what", [
    ("line one\n{% include 'nowhere.j2' %}\n", "no template named nowhere.j2"),
    ("line one\nline two\n{{ no_such_name }}\n", "'no_such_name' is undefined"),
])
def test_a_template_error_while_rendering_names_its_file_and_line(
        workspace: Path, text: str, what: str) -> None:
    (workspace / "templates").mkdir()
    (workspace / "templates" / "bulletin.txt.j2").write_text(text, encoding="utf-8")
    line = text.count("\n")
    result = run_cli("export", "-f", "txt", cwd=workspace)
    assert result.code == ExitCode.INVALID, result.err
    assert f"templates/bulletin.txt.j2:{line}: error: the template failed: {what}" \
        in result.err


@pytest.mark.parametrize("command", [["exchange", "export", "--to", "en", "--format", "po"],
                                     ["memory", "export", "--tmx"]])
def test_exchange_and_memory_exports_never_write_over_the_workspace(
        workspace: Path, command: list[str]) -> None:
    for target in ("bulletin.toml", f"articles/{SAMPLE_ID}/en.md"):
        before = (workspace / target).read_bytes()
        args = [*command, target] if command[-1] == "--tmx" else [*command, "-o", target]
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.CONFLICT, (args, result.err)
        assert (workspace / target).read_bytes() == before
    args = [*command, "articles"] if command[-1] == "--tmx" else [*command, "-o", "articles"]
    assert run_cli(*args, cwd=workspace).code == ExitCode.USAGE
