"""`bulletin import` takes pages as a newsroom finds them: no date, no headline, a dateline,
a clock time in the headline, feeds (RSS in windows-1251, Atom), an HTML page with a
byline, a description, a captioned and credited image beside it. What had to be guessed
makes the article a draft that lists the guess. The inputs in
tests/fixtures/import/as-found/ were written for these tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from bulletin.errors import ExitCode

AS_FOUND = FIXTURES / "import" / "as-found"
CHANGED = dt.datetime(2026, 11, 30, 12, 0).timestamp()


@pytest.fixture
def empty_ws(tmp_path: Path) -> Path:
    root = tmp_path / "newsroom"
    assert run_cli("init", str(root), cwd=tmp_path).code == 0
    return root


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A copy of the inputs, each last changed on 30 November 2026 (the date a page that
    states none is given, as a guess)."""
    folder = tmp_path / "pages"
    shutil.copytree(AS_FOUND, folder)
    for path in folder.rglob("*"):
        os.utime(path, (CHANGED, CHANGED))
    return folder


def source(root: Path, article_id: str) -> str:
    return (root / "articles" / article_id / "bg.md").read_text("utf-8")


def imported(root: Path, *files: Path) -> dict[str, dict[str, object]]:
    result = run_cli("import", "--json", *map(str, files), cwd=root)
    assert result.code == ExitCode.OK, result.err
    return {f"{Path(str(o['file'])).name}#{o['item'] or ''}": o
            for o in json.loads(result.out)["files"]}


def test_texts_with_no_date_and_no_headline_all_come_in_as_drafts(empty_ws: Path,
                                                                  pages: Path) -> None:
    result = run_cli("import", str(pages / "undated"), cwd=empty_ws)  # a folder: its pages
    assert result.code == ExitCode.OK, result.err
    leaf = "2026-11-30-obshtinata-zapochva-esenno-zasazhdane-na-400-darveta-v"
    school = "2026-11-30-remontat-na-12-o-osnovno-uchilishte-priklyuchi"
    assert f"articles/{leaf}/bg.md [draft: guessed title, date]" in result.out
    assert f"articles/{school}/bg.md [draft: guessed date]" in result.out
    assert "guessed the date 2026-11-30 from the file's modification time" in result.out
    assert "guessed the title from the first sentence" in result.out
    assert "2 created; 2 draft(s) with guesses to check" in result.err
    text = source(empty_ws, leaf)
    assert text.startswith("---\ntitle: Общината започва есенно засаждане на 400 дървета в "
                           "кварталите „Надежда“ и „Люлин“\ndate: 2026-11-30\ndraft: true\n"
                           "guessed:\n- title\n- date\n---\n")
    assert "\nОбщината започва есенно засаждане" in text  # the text itself stays whole
    assert "draft: true\nguessed:\n- date\n" in source(empty_ws, school)


def test_check_lists_each_guess_until_an_editor_deletes_it(empty_ws: Path,
                                                           pages: Path) -> None:
    assert run_cli("import", str(pages / "undated" / "school.txt"), cwd=empty_ws).code == 0
    school = "2026-11-30-remontat-na-12-o-osnovno-uchilishte-priklyuchi"
    result = run_cli("check", cwd=empty_ws)
    assert result.code == ExitCode.OK, result.err  # a draft does not fail check
    assert (f"articles/{school}/bg.md:5: warning: the date was guessed by the import"
            in result.err)
    path = empty_ws / "articles" / school / "bg.md"
    path.write_text(path.read_text("utf-8").replace("guessed:\n- date\n", ""), "utf-8")
    assert "guessed" not in run_cli("check", cwd=empty_ws).err


def test_a_long_first_line_gives_a_title_cut_from_its_first_sentence(empty_ws: Path,
                                                                     pages: Path) -> None:
    [outcome] = imported(empty_ws, pages / "standfirst.txt").values()
    assert outcome["guessed"] == ["title", "date"] and outcome["draft"] is True
    text = source(empty_ws, str(outcome["id"]))
    assert "title: Столичният общински съвет прие бюджета за 2027 г. с 38 гласа „за“\n" in text


def test_a_clock_time_leaves_the_title_and_a_dateline_leaves_the_body(empty_ws: Path,
                                                                      pages: Path) -> None:
    [outcome] = imported(empty_ws, pages / "ticker.txt").values()
    assert outcome["id"] == "2026-12-01-eva-maydel-evropa-tryabva-da-investira-poveche-v-chipovete"
    assert outcome["guessed"] == [] and "date taken from the dateline" in outcome["notes"]
    text = source(empty_ws, str(outcome["id"]))
    assert "title: 'Ева Майдел: Европа трябва да инвестира повече в чиповете'" in text
    assert "21:52" not in text and "София, 1 декември" not in text
    assert "\n\nЕвродепутатът Ева Майдел заяви" in text


def test_an_agency_dateline_with_a_numeric_date(empty_ws: Path, pages: Path) -> None:
    [outcome] = imported(empty_ws, pages / "dateline.txt").values()
    assert outcome["id"] == "2026-11-14-plovdiv-otkriva-nov-most-nad-maritsa"
    text = source(empty_ws, str(outcome["id"]))
    assert "ПЛОВДИВ" not in text and "/БНР/" not in text
    assert "---\n\nНовият пешеходен мост" in text


def test_an_rss_feed_in_windows_1251_gives_one_article_per_item(empty_ws: Path,
                                                                pages: Path) -> None:
    found = imported(empty_ws, pages / "news.windows-1251.rss")
    assert sorted(found) == [f"news.windows-1251.rss#{n}" for n in (1, 2, 3)]
    first, second, third = (found[f"news.windows-1251.rss#{n}"] for n in (1, 2, 3))
    assert first["encoding"] == "windows-1251" and first["reader"] == "feed"
    assert first["id"] == "2005-03-15-gradskiyat-transport-v-ruse-minava-na-elektronni-bileti"
    assert "author: Мария Иванова\n" in source(empty_ws, str(first["id"]))
    assert second["id"] == "2005-03-16-nov-most-nad-yantra-shte-bade-gotov-do-esenta"
    text = source(empty_ws, str(second["id"]))
    assert "Строителите работят на **две смени**.\n\nМостът ще струва 12 млн. лв." in text
    assert "author: Петър Колев" in text and "14:05" not in text
    assert third["id"] == "2005-03-17-zooparkat-posreshta-dve-malki-mecheta"
    assert all(o["guessed"] == [] for o in found.values())
    assert run_cli("check", cwd=empty_ws).code == ExitCode.OK


def test_an_atom_feed_gives_one_article_per_entry(empty_ws: Path, pages: Path) -> None:
    found = imported(empty_ws, pages / "news.atom")
    first, second = found["news.atom#1"], found["news.atom#2"]
    assert first["id"] == "2026-10-01-teatarat-v-gabrovo-pokazva-nova-komedia"
    text = source(empty_ws, str(first["id"]))
    assert "author: Елена Димова\nsummary: Премиерата е в петък.\n" in text
    assert "Премиерата на „Сватба по сметка“ е в петък от 19 ч.\n\nБилетите са по 15 лв." in text
    assert second["id"] == "2026-10-02-bibliotekata-udalzhava-rabotnoto-si-vreme"
    assert "От ноември читалнята работи до 21 ч. и в събота." in source(empty_ws,
                                                                        str(second["id"]))


def test_an_html_page_gives_its_byline_description_image_and_credit(empty_ws: Path,
                                                                    pages: Path) -> None:
    article_id = "2026-11-20-metroto-stiga-do-gorublyane"
    dry = run_cli("import", "--dry-run", str(pages / "metro.html"), cwd=empty_ws)
    assert dry.code == 0 and not (empty_ws / "articles" / article_id).exists()
    [outcome] = imported(empty_ws, pages / "metro.html").values()
    assert outcome["id"] == article_id and outcome["guessed"] == []
    assert not (pages / "metro_files" / "station.jpg").samefile(
        empty_ws / "articles" / article_id / "station.jpg")
    text = source(empty_ws, article_id)
    assert ("author: Десислава Стоянова\n"
            "summary: Три нови станции на третия лъч отварят за пътници от понеделник.\n"
            "image: station.jpg\n"
            "image_source: 'Перонът на станция „Горубляне“ преди откриването. Снимка: "
            "Метрополитен'\n") in text
    body = text.split("---\n", 2)[2]
    assert "Снимка" not in body and "Автор" not in body and "Начало" not in body
    copied = empty_ws / "articles" / article_id / "station.jpg"
    assert copied.read_bytes() == (pages / "metro_files" / "station.jpg").read_bytes()
    assert run_cli("check", "--strict", cwd=empty_ws).code == ExitCode.INCOMPLETE  # only en


def test_an_image_from_outside_the_pages_folder_is_never_copied(empty_ws: Path,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "saved" / "page"
    folder.mkdir(parents=True)
    secret = tmp_path / "private.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not for the newsroom")
    html = (AS_FOUND / "metro.html").read_text("utf-8").replace(
        "metro_files/station.jpg", "../../private.png")
    (folder / "metro.html").write_text(html, "utf-8")
    [outcome] = imported(empty_ws, folder / "metro.html").values()
    assert "image:" not in source(empty_ws, str(outcome["id"]))
    assert not (empty_ws / "articles" / str(outcome["id"]) / "private.png").exists()


def test_markdown_without_a_title_or_front_matter_gets_a_guessed_title(
        empty_ws: Path, pages: Path) -> None:
    [outcome] = imported(empty_ws, pages / "untitled.md").values()
    assert outcome["guessed"] == ["title", "date"]
    assert outcome["id"] == "2026-11-30-kvartalat-ovcha-kupel-poluchava-nova-sportna-ploshtadka-do"
    assert "title: Кварталът „Овча купел“ получава нова спортна площадка до края на годината\n" \
        in source(empty_ws, str(outcome["id"]))


def test_a_folder_stands_for_the_pages_in_it(empty_ws: Path, pages: Path) -> None:
    found = imported(empty_ws, pages)
    assert sorted(found) == sorted([
        "dateline.txt#", "metro.html#", "news.atom#1", "news.atom#2", "standfirst.txt#",
        "ticker.txt#", "untitled.md#", *(f"news.windows-1251.rss#{n}" for n in (1, 2, 3))])
    assert all(o["status"] == "created" for o in found.values())  # no image, no subfolder
