"""`bulletin build`: every [[bulletin]] of bulletin.toml, in each format; --check for CI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SAMPLE_ID

from bulletin.errors import ExitCode

FILES = ["april-2019.html", "april-2019.md", "april-2019.txt"]


def test_build_writes_every_format_and_prints_paths(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("build")
    assert result.code == 0, result.err
    dist = workspace / "dist"
    assert sorted(p.name for p in dist.iterdir()) == FILES
    assert result.out.split() == [str(dist / name) for name in FILES]
    for name in FILES:
        text = (dist / name).read_text(encoding="utf-8")
        assert "Бюлетин на Столичната агенция за инвестиции" in text
        assert "Sofia Investment Agency Bulletin" in text
        assert "8 април 2019\u202fг." in text and "8 April 2019" in text
    assert "април 2019\u202fг. · 2 статии" in (dist / "april-2019.txt").read_text("utf-8")


def test_build_json(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("build", "--check", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == [
        {"bulletin": "april-2019", "format": fmt, "articles": 2,
         "path": str(workspace / "dist" / f"april-2019.{fmt}"),
         "machine": {"policy": "label", "published": 0, "withheld": 0, "articles": []},
         "notes": []}
        for fmt in ("html", "md", "txt")]


def _add_bulletin(workspace: Path, text: str) -> None:
    toml = workspace / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_build_by_name_and_tag(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    _add_bulletin(workspace, '\n[[bulletin]]\nname = "samples"\ntags = ["примерна статия"]\n'
                  'formats = ["md"]\nlayout = "en"\n')
    result = cli("build", "samples")
    assert result.code == 0, result.err
    assert sorted(p.name for p in (workspace / "dist").iterdir()) == ["samples.md"]
    text = (workspace / "dist" / "samples.md").read_text(encoding="utf-8")
    assert "Rooftop Gardens" in text and "Cluster Weeks" not in text
    assert text.startswith("# News bulletin\n")


def test_unknown_bulletin_name(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("build", "may-2019")
    assert result.code == ExitCode.NOT_FOUND
    assert "no bulletin named 'may-2019'" in result.err and "april-2019" in result.err
    assert not (workspace / "dist").exists()


def test_an_empty_bulletin_stops_the_build_before_any_write(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    _add_bulletin(workspace, '\n[[bulletin]]\nname = "may-2019"\nfrom = 2019-05-01\n'
                  'to = 2019-05-31\n')
    result = cli("build")
    assert result.code == ExitCode.NOT_FOUND
    assert "bulletin 'may-2019': no article matches the selection" in result.err
    assert not (workspace / "dist").exists()


def test_no_bulletin_listed(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    (workspace / "bulletin.toml").write_text('source = "bg"\nlanguages = ["en"]\n',
                                             encoding="utf-8")
    result = cli("build")
    assert result.code == ExitCode.USAGE
    assert "lists no [[bulletin]]" in result.err


def test_check_refuses_a_stale_translation_and_writes_nothing(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    source = workspace / "articles" / SAMPLE_ID / "bg.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("от 12 държави", "от 14 държави"), encoding="utf-8")
    result = cli("build", "--check")
    assert result.code == ExitCode.INCOMPLETE
    assert "translation not finished: 1 stale" in result.err
    assert "no bulletin was written" in result.err
    assert not (workspace / "dist").exists()
    assert cli("build").code == 0  # without --check the bulletin still goes out


def test_check_refuses_an_invalid_workspace(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    broken = workspace / "articles" / "2019-04-20-schupena-statiya"
    broken.mkdir()
    (broken / "bg.md").write_text("---\ntitle: [unclosed\ndate: 2019-04-20\n---\nТекст\n",
                                  encoding="utf-8")
    result = cli("build", "--check")
    assert result.code == ExitCode.INVALID
    assert "broken YAML" in result.err and "Traceback" not in result.err
    assert not (workspace / "dist").exists()
    assert cli("build").code == ExitCode.INVALID


def test_progress_is_reported_per_file(workspace: Path) -> None:
    from bulletin.export.build import build_bulletins

    seen: list[tuple[str, int, int]] = []
    built = build_bulletins(start=workspace,
                            progress=lambda item, done, total: seen.append(
                                (item.format, done, total)))
    assert seen == [("html", 1, 3), ("md", 2, 3), ("txt", 3, 3)]
    assert [b.path.name for b in built] == FILES
