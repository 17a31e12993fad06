"""An export whose inputs are unchanged leaves its file alone; any change re-exports."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import SAMPLE_ID, run_cli


def export(root: Path, *args: str) -> Path:
    result = run_cli("export", *args, cwd=root)
    assert result.code == 0, result.err
    return Path(result.out.strip())


def stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_ino


def test_unchanged_workspace_is_not_exported_again(workspace: Path) -> None:
    out = export(workspace)
    first = stamp(out)
    assert export(workspace) == out
    assert stamp(out) == first


def test_a_changed_article_is_exported_again(workspace: Path) -> None:
    out = export(workspace)
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Sofia Tech Park hosted",
                                                         "Sofia Tech Park welcomed"),
                  encoding="utf-8")
    export(workspace)
    assert "Sofia Tech Park welcomed" in out.read_text(encoding="utf-8")


def test_other_options_and_outputs_are_separate(workspace: Path) -> None:
    html = export(workspace)
    md = export(workspace, "--format", "md")
    assert html.suffix == ".html" and md.suffix == ".md"
    only_en = export(workspace, "--layout", "en", "-o", str(workspace / "en.html"))
    assert 'lang="bg"' not in only_en.read_text(encoding="utf-8").split("<body", 1)[1]
    again = export(workspace, "-o", str(workspace / "en.html"))
    assert 'lang="bg"' in again.read_text(encoding="utf-8").split("<body", 1)[1]


def test_an_output_edited_or_removed_by_hand_is_written_again(workspace: Path) -> None:
    out = export(workspace)
    good = out.read_text(encoding="utf-8")
    out.write_text("scribbled over", encoding="utf-8")
    export(workspace)
    assert out.read_text(encoding="utf-8") == good
    out.unlink()
    export(workspace)
    assert out.read_text(encoding="utf-8") == good


def test_templates_and_deleted_state_count(workspace: Path) -> None:
    out = export(workspace)
    shutil.rmtree(workspace / ".bulletin")
    before = stamp(out)
    export(workspace)
    assert stamp(out) != before  # no record: exported again
    templates = workspace / "templates"
    templates.mkdir()
    builtin = Path(__file__).resolve().parent.parent / "bulletin" / "templates"
    page = (builtin / "bulletin.html.j2").read_text(encoding="utf-8")
    (templates / "bulletin.html.j2").write_text(page.replace("</body>",
                                                             "<!-- ours --></body>"),
                                                encoding="utf-8")
    os.utime(templates / "bulletin.html.j2")
    export(workspace)
    assert "<!-- ours -->" in out.read_text(encoding="utf-8")
