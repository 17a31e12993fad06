"""One export for every destination: a file, standard output (`-o -`) and `build` share
the cache of unchanged exports and the worker processes, and write whole files or none."""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.errors import BulletinError, ExitCode
from bulletin.export import fanout
from bulletin.export.request import export
from bulletin.export.spec import ExportRequest, ExportResult
from bulletin.fsio import Staged

BUILT = ["april-2019.html", "april-2019.md", "april-2019.txt"]


def _to_text(root: Path, request: ExportRequest | None = None) -> tuple[str, ExportResult]:
    out = io.StringIO()
    result = export(request or ExportRequest(format="md"), out, start=root)
    return out.getvalue(), result


def test_a_stream_export_is_answered_from_the_kept_copy(workspace: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        ) -> None:
    first, result = _to_text(workspace)
    assert "Sofia Tech Park" in first and result.path is None
    calls: list[int] = []
    real = fanout.render_folders

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(fanout, "render_folders", counted)
    again, cached = _to_text(workspace)
    assert again == first and calls == []
    assert cached.articles == 2
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("Sofia Tech Park hosted",
                                                         "Sofia Tech Park welcomed"),
                  encoding="utf-8")
    changed, _ = _to_text(workspace)
    assert calls == [1] and "Sofia Tech Park welcomed" in changed


def test_a_kept_copy_changed_by_hand_is_never_replayed(workspace: Path) -> None:
    first, _ = _to_text(workspace)
    kept = workspace / ".bulletin" / "cache" / "stdout.md"
    assert kept.read_text(encoding="utf-8") == first
    kept.write_text("# not what bulletin wrote\n", encoding="utf-8")
    again, _ = _to_text(workspace)
    assert again == first


def test_a_stream_export_works_where_no_copy_can_be_kept(workspace: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    from bulletin.export import cache

    expected, _ = _to_text(workspace)
    shutil.rmtree(workspace / ".bulletin")
    monkeypatch.setattr(cache, "kept_copy", lambda root, extension: None)
    text, _ = _to_text(workspace)
    assert text == expected and not (workspace / ".bulletin").exists()


def test_json_with_standard_output_goes_to_standard_error(workspace: Path) -> None:
    plain = run_cli("export", "-f", "txt", "-o", "-", cwd=workspace)
    result = run_cli("export", "-f", "txt", "-o", "-", "--json", cwd=workspace)
    assert result.code == plain.code == 0, result.err
    assert result.out == plain.out  # the bulletin alone on standard output
    summary = json.loads(result.err)  # standard error holds the JSON and nothing else
    assert {key: summary[key] for key in ("path", "articles", "format", "layout")} == {
        "path": None, "articles": 2, "format": "txt", "layout": "parallel"}
    assert summary["machine"]["published"] == 0


def test_build_leaves_unchanged_bulletins_as_they_are(workspace: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("build", cwd=workspace).code == 0
    dist = workspace / "dist"
    before = {name: os.stat(dist / name) for name in BUILT}
    monkeypatch.setattr(fanout, "render_folders", _refuse)
    again = run_cli("build", "--json", cwd=workspace)
    assert again.code == 0, again.err
    assert [item["articles"] for item in json.loads(again.out)] == [2, 2, 2]
    for name in BUILT:
        now = os.stat(dist / name)
        assert (now.st_ino, now.st_mtime_ns) == (before[name].st_ino, before[name].st_mtime_ns)


def _refuse(*args: object, **kwargs: object) -> Iterator[object]:
    raise AssertionError("an unchanged bulletin was read and rendered again")


def test_build_with_workers_equals_build_in_one_process(workspace: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    texts = []
    for workers in ("1", "2"):
        monkeypatch.setenv("BULLETIN_WORKERS", workers)
        shutil.rmtree(workspace / ".bulletin", ignore_errors=True)
        shutil.rmtree(workspace / "dist", ignore_errors=True)
        assert run_cli("build", cwd=workspace).code == 0
        texts.append([(workspace / "dist" / name).read_bytes() for name in BUILT])
    assert texts[0] == texts[1]


def test_build_writes_every_bulletin_or_none(workspace: Path) -> None:
    toml = workspace / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[[bulletin]]\nname = "z-french"\n'
                    'layout = "fr"\n', encoding="utf-8")  # fails after april-2019 is made
    result = run_cli("build", cwd=workspace)
    assert result.code == ExitCode.USAGE, result.err
    assert "bulletin 'z-french': unknown layout 'fr'" in result.err
    assert not (workspace / "dist").exists()


def test_staged_files_appear_together_or_not_at_all(tmp_path: Path) -> None:
    with Staged() as staged:
        staged.open(tmp_path / "out" / "a.txt").write("a\n")
        staged.open(tmp_path / "out" / "b.txt").write("b\n")
    assert not (tmp_path / "out").exists()  # no commit: nothing, not even the folder
    with Staged() as staged:
        staged.open(tmp_path / "out" / "a.txt").write("a\n")
        handle = staged.open(tmp_path / "out" / "b.txt")
        handle.write("b\n")
        staged.commit()
        handle.seek(0)
        assert handle.read() == "b\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt"]
    with pytest.raises(BulletinError), Staged() as staged:
        staged.open(tmp_path / "out" / "a.txt").write("changed\n")
        raise BulletinError("stopped")
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "a\n"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "b.txt"]
