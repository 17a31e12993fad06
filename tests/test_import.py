"""`bulletin import`: the seed page gives the sample article; real-world files (legacy
encodings, CRLF/CR, HTML with page furniture, a text dump with clutter, Markdown) give the
articles in tests/fixtures/import/expected/ (BULLETIN_REGENERATE=1 rewrites those)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, SAMPLE_ID, run_cli

from bulletin.content.articles import read_source
from bulletin.content.model import Article
from bulletin.content.segments import normalise
from bulletin.content.workspace import open_workspace
from bulletin.errors import ExitCode, Report
from bulletin.fsio import workspace_lock

SEED = Path("/work/shared/seed/000_0edf6084b7da897d.txt")
IMPORTS = FIXTURES / "import"
EXPECTED = IMPORTS / "expected"
REGENERATE = bool(os.environ.get("BULLETIN_REGENERATE"))

# fixture file -> the id of the article it gives
GOLDEN = {
    "park.windows-1251-crlf.txt": "2021-05-12-nov-park-otvarya-vrati-v-rayon-mladost",
    "paragraph.windows-1251.txt": "2020-09-14-nova-biblioteka-v-kvartal-ovcha-kupel",
    "clutter-dump.txt": "2020-03-03-obshtinata-pusna-nova-noshtna-linia-na-gradskia-transport",
    "festival.html": "2021-10-02-festival-na-naukata-sabra-5000-dushi",
    "bazar.cr.md": "2020-12-05-zimen-bazar-za-blagotvoritelnost",
    "2022-06-01-konkurs-za-mladi-fotografi.md": "2022-06-01-konkurs-za-mladi-fotografi",
}


@pytest.fixture
def empty_ws(tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    assert run_cli("init", str(root), cwd=tmp_path).code == 0
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".bulletin" not in p.parts}


def body_texts(article: Article) -> list[str]:
    return [normalise(s.text) for s in article.segments if not s.is_field]


def load(path: Path) -> Article:
    report = Report()
    article, _facts = read_source(path, "bg", report)
    assert article is not None and not report.errors, report.problems
    return article


def imported(result_json: str) -> list[dict[str, object]]:
    files: list[dict[str, object]] = json.loads(result_json)["files"]
    return files


# the seed


def test_the_seed_page_gives_the_sample_article(empty_ws: Path) -> None:
    result = run_cli("import", str(SEED), cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    assert f"created: {SEED} -> articles/{SAMPLE_ID}/bg.md" in result.out
    assert "related headlines" in result.out  # the date is a guess, and the output says so
    got = load(empty_ws / "articles" / SAMPLE_ID / "bg.md")
    want = load(REPO / "articles" / SAMPLE_ID / "bg.md")
    assert got.title == want.title
    assert got.date == want.date
    assert got.image_source == want.image_source == "Association of Business Clusters"
    assert [(normalise(r.title), r.date) for r in got.related] == \
        [(normalise(r.title), r.date) for r in want.related]
    assert len(got.related) == 2
    assert body_texts(got) == body_texts(want)
    assert len(body_texts(got)) == 7
    assert run_cli("check", cwd=empty_ws).code == ExitCode.OK


def test_the_seed_is_skipped_where_the_sample_article_already_is(workspace: Path) -> None:
    before = snapshot(workspace)
    result = run_cli("import", str(SEED), "--json", cwd=workspace)
    assert result.code == ExitCode.OK, result.err
    [outcome] = imported(result.out)
    assert outcome["status"] == "skipped" and outcome["id"] == SAMPLE_ID
    assert "already in the workspace with the same content" in outcome["notes"]
    assert snapshot(workspace) == before


# the real-world shapes, against golden files


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_each_fixture_gives_its_expected_article(empty_ws: Path, name: str) -> None:
    result = run_cli("import", str(IMPORTS / name), cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    path = empty_ws / "articles" / GOLDEN[name] / "bg.md"
    data = path.read_bytes()
    assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    golden = EXPECTED / f"{GOLDEN[name]}.md"
    if REGENERATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    check = run_cli("check", cwd=empty_ws)
    assert check.code == ExitCode.OK, check.err


def test_everything_imports_together_and_passes_check(empty_ws: Path) -> None:
    files = [str(IMPORTS / name) for name in sorted(GOLDEN)] + [str(SEED)]
    result = run_cli("import", *files, "--json", cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    assert [o["status"] for o in imported(result.out)] == ["created"] * len(files)
    ws = open_workspace(empty_ws)
    assert set(ws.articles) == {*GOLDEN.values(), SAMPLE_ID}
    assert run_cli("check", cwd=empty_ws).code == ExitCode.OK


def test_conversions_are_reported(empty_ws: Path) -> None:
    result = run_cli("import", str(IMPORTS / "park.windows-1251-crlf.txt"),
                     str(IMPORTS / "bazar.cr.md"), str(IMPORTS / "paragraph.utf8-bom.txt"),
                     cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    park, bazar, bom = result.out.strip().splitlines()
    assert "windows-1251 converted to UTF-8; CRLF line ends converted to LF" in park
    assert "CR line ends converted to LF" in bazar and "UTF-8" not in bazar
    assert "front-matter keys left out: layout" in bazar
    assert "UTF-8 with BOM converted to UTF-8" in bom


def test_the_same_paragraph_in_four_encodings_is_one_article(empty_ws: Path) -> None:
    names = ["paragraph.utf8-bom.txt", "paragraph.windows-1251.txt", "paragraph.koi8-r.txt",
             "paragraph.iso-8859-5.txt"]
    result = run_cli("import", *(str(IMPORTS / n) for n in names), "--json", cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    outcomes = imported(result.out)
    assert [o["encoding"] for o in outcomes] == [
        "UTF-8 with BOM", "windows-1251", "KOI8-R", "ISO-8859-5"]
    assert [o["status"] for o in outcomes] == ["created", "skipped", "skipped", "skipped"]
    assert all(o["id"] == GOLDEN["paragraph.windows-1251.txt"] for o in outcomes)


# the HTML page and the text dump leave their furniture behind


def test_html_furniture_is_dropped(empty_ws: Path) -> None:
    assert run_cli("import", str(IMPORTS / "festival.html"), cwd=empty_ws).code == 0
    text = (empty_ws / "articles" / GOLDEN["festival.html"] / "bg.md").read_text("utf-8")
    for furniture in ("бисквитки", "Приемам", "Начало", "Култура", "Градски вестник",
                      "Сподели", "Tweet", "Facebook", "РЕКЛАМА", "Най-четени", "©",
                      "dataLayer", "font-family", "Публикувано"):
        assert furniture not in text, furniture
    article = load(empty_ws / "articles" / GOLDEN["festival.html"] / "bg.md")
    kinds = [s.kind for s in article.segments if not s.is_field]
    assert kinds == ["paragraph", "paragraph", "item", "item", "item", "heading", "quote",
                     "paragraph"]


def test_text_dump_clutter_is_dropped_and_related_news_kept(empty_ws: Path) -> None:
    assert run_cli("import", str(IMPORTS / "clutter-dump.txt"), cwd=empty_ws).code == 0
    article = load(empty_ws / "articles" / GOLDEN["clutter-dump.txt"] / "bg.md")
    text = article.path.read_text("utf-8")
    for clutter in ("Начало", "Търсене", "Сподели", "Facebook", "бисквитки", "\nX",
                    "----", "Свързани новини"):
        assert clutter not in text, clutter
    assert [(r.title, r.date.isoformat() if r.date else None) for r in article.related] == [
        ("Нови електробуси тръгват по линия 84", "2020-02-28"),
        ("Ремонтът на бул. „Витоша“ приключва по-рано", "2020-02-25")]
    assert article.image_source == "Столичен автотранспорт"
    assert [s.kind for s in article.segments if not s.is_field] == [
        "paragraph", "paragraph", "item", "item", "paragraph"]


# dry run, conflicts, errors


def test_dry_run_shows_what_would_be_created_and_writes_nothing(empty_ws: Path) -> None:
    before = snapshot(empty_ws)
    result = run_cli("import", str(SEED), str(IMPORTS / "festival.html"), "--dry-run",
                     cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    assert result.out.count("would create: ") == 2
    assert f"articles/{SAMPLE_ID}/bg.md" in result.out
    assert "nothing was written" in result.err
    assert snapshot(empty_ws) == before
    assert not (empty_ws / ".bulletin" / "lock").exists()


def test_a_different_article_with_the_same_id_is_a_conflict(workspace: Path,
                                                            tmp_path: Path) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED.read_text("utf-8").replace("двудневната", "тридневната"), "utf-8")
    before = snapshot(workspace)
    result = run_cli("import", str(changed), cwd=workspace)
    assert result.code == ExitCode.CONFLICT
    assert f"{changed}: error: articles/{SAMPLE_ID}/bg.md already holds a different " \
        "article" in result.err
    assert "--id 2019-04-08-another-slug" in result.err
    assert snapshot(workspace) == before
    # the way out the hint gives
    result = run_cli("import", str(changed), "--id", "2019-04-08-klasterni-sedmitsi-2",
                     cwd=workspace)
    assert result.code == ExitCode.CONFLICT  # same title and date: check would refuse it
    assert "already holds a different article with this id or title and date" in result.err


def test_two_files_of_one_run_that_clash(empty_ws: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text("Заглавие на новината\n08.04.2019\n\nПърви вариант на текста.\n", "utf-8")
    second.write_text("Заглавие на новината\n08.04.2019\n\nВтори вариант на текста.\n", "utf-8")
    same = tmp_path / "c.txt"
    same.write_text(first.read_text("utf-8"), "utf-8")
    result = run_cli("import", str(first), str(second), str(same), "--json", cwd=empty_ws)
    assert result.code == ExitCode.CONFLICT
    statuses = [o["status"] for o in imported(result.out)]
    assert statuses == ["created", "conflict", "skipped"]


def test_a_bad_file_is_reported_and_the_others_still_import(empty_ws: Path,
                                                            tmp_path: Path) -> None:
    image = tmp_path / "photo.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\ndate: 2020-01-01\n---\n\nТекст.\n", "utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", "utf-8")
    missing = tmp_path / "missing.txt"
    result = run_cli("import", str(image), str(SEED), str(broken), str(empty), str(missing),
                     str(IMPORTS / "festival.html"), cwd=empty_ws)
    assert result.code == ExitCode.INVALID
    assert f"{image}: error: this is not a text file" in result.err
    assert f"{broken}:2: error: broken YAML" in result.err
    assert f"{empty}: error: the file has no text" in result.err
    assert f"{missing}: error: no such file" in result.err
    assert "Traceback" not in result.err
    assert (empty_ws / "articles" / SAMPLE_ID / "bg.md").is_file()
    assert (empty_ws / "articles" / GOLDEN["festival.html"] / "bg.md").is_file()
    assert "2 created, 4 error" in result.err


def test_a_page_without_a_date_comes_in_as_a_draft_dated_by_its_file(empty_ws: Path,
                                                                       tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Новина без дата\n\nТекстът на новината е тук.\n", "utf-8")
    changed = dt.datetime(2026, 11, 30, 12, 0).timestamp()
    os.utime(page, (changed, changed))
    result = run_cli("import", str(page), cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    assert "guessed the date 2026-11-30 from the file's modification time" in result.out
    made = empty_ws / "articles" / "2026-11-30-novina-bez-data" / "bg.md"
    assert "draft: true\nguessed:\n- date\n" in made.read_text("utf-8")
    shutil.rmtree(made.parent)
    result = run_cli("import", str(page), "--date", "2020-02-02", cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err
    text = (empty_ws / "articles" / "2020-02-02-novina-bez-data" / "bg.md").read_text("utf-8")
    assert "draft" not in text and "guessed" not in text


def test_import_refuses_while_another_run_holds_the_workspace(empty_ws: Path) -> None:
    with workspace_lock(empty_ws, "translate"):
        result = run_cli("import", str(SEED), cwd=empty_ws)
    assert result.code == ExitCode.CONFLICT
    assert "busy" in result.err and "bulletin translate" in result.err
    assert not (empty_ws / "articles" / SAMPLE_ID).exists()


def test_id_needs_exactly_one_file(empty_ws: Path) -> None:
    result = run_cli("import", str(SEED), str(IMPORTS / "festival.html"), "--id",
                     "2019-04-08-x", cwd=empty_ws)
    assert result.code == ExitCode.USAGE
    result = run_cli("import", str(SEED), "--id", "../evil", cwd=empty_ws)
    assert result.code == ExitCode.USAGE


def test_json_output_describes_each_file(empty_ws: Path) -> None:
    result = run_cli("import", str(IMPORTS / "park.windows-1251-crlf.txt"), "--json",
                     "--dry-run", cwd=empty_ws)
    assert result.code == 0
    data = json.loads(result.out)
    assert data["dry_run"] is True
    [outcome] = data["files"]
    assert outcome == {
        "file": str(IMPORTS / "park.windows-1251-crlf.txt"), "status": "would create",
        "id": GOLDEN["park.windows-1251-crlf.txt"],
        "path": f"articles/{GOLDEN['park.windows-1251-crlf.txt']}/bg.md",
        "reader": "text", "encoding": "windows-1251", "line_ends": "CRLF",
        "converted": ["windows-1251 converted to UTF-8", "CRLF line ends converted to LF"],
        "notes": [], "problem": None, "item": None, "draft": False, "guessed": [],
    }


def test_import_works_from_a_subfolder_of_the_workspace(empty_ws: Path) -> None:
    sub = empty_ws / "articles"
    shutil.copy(SEED, empty_ws / "seed.txt")
    result = run_cli("import", "../seed.txt", cwd=sub)
    assert result.code == ExitCode.OK, result.err
    assert (empty_ws / "articles" / SAMPLE_ID / "bg.md").is_file()


def test_help_has_an_example() -> None:
    result = run_cli("import", "--help", cwd=REPO)
    assert result.code == 0 and "Example: bulletin import " in result.out
