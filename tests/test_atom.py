"""`bulletin export --format atom`: one feed per language, read back by feedparser (no
bozo error) and by lxml for what RFC 4287 requires of a feed and of each entry; only
reviewed (or, with machine = label, labelled machine) translations; updated dates from
the files' modification times; build writes dist/<name>.<lang>.atom."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

feedparser = pytest.importorskip("feedparser", reason="feedparser reads the feeds back")
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OTHER_ID = "2019-04-15-izmisleno-sdruzhenie-gradini-na-pokriva"


def feeds(root: Path, *args: str) -> dict[str, Path]:
    result = run_cli("export", "--format", "atom", *args, cwd=root)
    assert result.code == 0, result.err
    paths = [Path(line) for line in result.out.split()]
    return {path.suffixes[-2].strip("."): path for path in paths}


def check_rfc4287(path: Path) -> list[object]:
    """feedparser without a bozo error, and the elements RFC 4287 requires."""
    from lxml import etree

    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = etree.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # so no entry needs one
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}content") is not None
    return list(entries)


def test_one_feed_per_language_each_valid(workspace: Path) -> None:
    found = feeds(workspace)
    assert sorted(found) == ["bg", "en"]
    assert found["en"] == workspace / "dist" / "bulletin.en.atom"
    for lang, path in found.items():
        entries = check_rfc4287(path)
        assert len(entries) == 2
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.feed.language == lang
        for entry in entries:
            assert entry.get(XML_LANG) == lang  # type: ignore[attr-defined]
            links = entry.findall(f"{ATOM}link")  # type: ignore[attr-defined]
            assert sorted(link.get("hreflang") for link in links) == ["bg", "en"]
    titles = [e.title for e in feedparser.parse(found["en"].read_bytes()).entries]
    assert titles[0] == "Sofia Joins the European Cluster Weeks"


def test_only_reviewed_translations_enter_a_language_feed(tmp_path: Path) -> None:
    from machine_support import MACHINE_ID, make_machine, sample_workspace

    root = sample_workspace(tmp_path / "ws")
    make_machine(root)
    labelled = feedparser.parse(feeds(root)["en"].read_bytes())
    [machine] = [e for e in labelled.entries if MACHINE_ID in e.links[0].href]
    assert "Machine translation, not yet reviewed by an editor" in machine.content[0].value
    hidden = feedparser.parse(feeds(root, "--machine", "hide")["en"].read_bytes())
    assert len(hidden.entries) == 1  # the machine-translated article is left out
    source = feedparser.parse((root / "dist" / "bulletin.bg.atom").read_bytes())
    assert len(source.entries) == 2  # the Bulgarian feed holds every article


def test_a_missing_translation_keeps_the_article_out(workspace: Path) -> None:
    (workspace / "articles" / OTHER_ID / "en.md").unlink()
    found = feeds(workspace)
    assert len(check_rfc4287(found["en"])) == 1
    assert len(check_rfc4287(found["bg"])) == 2


def test_updated_is_the_files_last_change(workspace: Path) -> None:
    folder = workspace / "articles" / SAMPLE_ID
    stamp = 1_700_000_000  # 2023-11-14T22:13:20Z
    for name in ("bg.md", "en.md"):
        os.utime(folder / name, (stamp, stamp))
    os.utime(folder / "en.md", (stamp + 3600, stamp + 3600))
    found = feeds(workspace)
    bg, en = (feedparser.parse(found[lang].read_bytes()) for lang in ("bg", "en"))
    first_bg = next(e for e in bg.entries if SAMPLE_ID in e.links[0].href)
    first_en = next(e for e in en.entries if SAMPLE_ID in e.links[0].href)
    assert first_bg.updated == "2023-11-14T22:13:20+00:00"
    assert first_en.updated == "2023-11-14T23:13:20+00:00"  # its translation changed later
    assert first_en.published == "2019-04-08T00:00:00+00:00"


def test_one_language_goes_to_standard_output_and_several_do_not(workspace: Path) -> None:
    one = run_cli("export", "--format", "atom", "--layout", "en", "-o", "-", cwd=workspace)
    assert one.code == 0, one.err
    assert one.out.startswith("<?xml") and 'xml:lang="en"' in one.out
    both = run_cli("export", "--format", "atom", "-o", "-", cwd=workspace)
    assert both.code == 2 and "one feed per language" in both.err


def test_build_writes_a_feed_per_language(workspace: Path) -> None:
    toml = workspace / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'formats = ["html", "md", "txt"]', 'formats = ["html", "atom"]'), encoding="utf-8")
    result = run_cli("build", cwd=workspace)
    assert result.code == 0, result.err
    for lang in ("bg", "en"):
        assert str(workspace / "dist" / f"april-2019.{lang}.atom") in result.out
        check_rfc4287(workspace / "dist" / f"april-2019.{lang}.atom")
    assert not (workspace / "dist" / "april-2019.atom").exists()
