"""The memory works by sentence: an edit of one sentence sends that sentence alone.

A segment stays the unit of state and review in the file; the memory stores and answers
its sentences too, so a changed paragraph costs only its changed sentences. A memory
written before (segments only) is split into sentences when it is opened.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import run_cli
from fakeserver import FakeService, fake_translate
from fakeserver import fake_service as fake_service  # noqa: F401 - a fixture
from translate_support import sent_texts

from bulletin.content.sentences import translation_units
from bulletin.translation.memory import SCHEMA_VERSION, Memory, memory_path

ARTICLE = "2026-12-01-byudzhet-na-stolitsata"
FIRST = "Общината отдели 48,7 млн. лв. за ремонт на 12 училища в София."
SECOND = "Кметът представи списъка на сградите пред Столичния общински съвет."
THIRD = "Работата започва през пролетта."


def workspace(root: Path, paragraph: str) -> Path:
    root.mkdir()
    (root / "bulletin.toml").write_text('source = "bg"\nlanguages = ["en"]\n',
                                        encoding="utf-8")
    folder = root / "articles" / ARTICLE
    folder.mkdir(parents=True)
    write_body(root, paragraph)
    return root


def write_body(root: Path, paragraph: str) -> None:
    (root / "articles" / ARTICLE / "bg.md").write_text(
        f"---\ntitle: Бюджет за училищата\ndate: 2026-12-01\n---\n\n{paragraph}\n",
        encoding="utf-8")


def english(root: Path) -> str:
    return (root / "articles" / ARTICLE / "en.md").read_text(encoding="utf-8")


@pytest.fixture
def libre(fake_service: FakeService, monkeypatch: pytest.MonkeyPatch) -> FakeService:
    monkeypatch.setenv("BULLETIN_LIBRE_URL", fake_service.url)
    return fake_service


def test_the_paragraph_is_cut_at_sentences_not_at_abbreviations() -> None:
    units = [u.strip() for u in translation_units(f"{FIRST} {SECOND} {THIRD}")]
    assert units == [FIRST, SECOND, THIRD]  # "млн." and "лв." end no sentence here
    linked = "Вижте [сайта. Там има още](https://example.bg). Край."
    assert [u.strip() for u in translation_units(linked)] == [
        "Вижте [сайта. Там има още](https://example.bg).", "Край."]


def test_an_edit_of_one_sentence_sends_one_sentence(tmp_path: Path, libre: FakeService) -> None:
    root = workspace(tmp_path / "ws", f"{FIRST} {SECOND} {THIRD}")
    assert run_cli("translate", "--provider", "libre", cwd=root).code == 0
    before = len(libre.requests)
    assert len(sent_texts(libre)) == 4  # the title and three sentences

    write_body(root, f"{FIRST} {SECOND.replace('списъка', 'пълния списък')} {THIRD}")
    result = run_cli("translate", "--provider", "libre", "--json", cwd=root)
    assert result.code == 0, result.err
    sent = sent_texts(libre, before)
    assert len(sent) == 1 and "пълния списък" in sent[0]
    text = english(root)  # the paragraph is whole again, made of the three answers
    assert (fake_translate(FIRST).replace("48,7", "48.7") + " "
            + fake_translate(SECOND.replace("списъка", "пълния списък")) + " "
            + fake_translate(THIRD)) in text


def test_a_paragraph_the_memory_knows_whole_makes_no_request(tmp_path: Path,
                                                            libre: FakeService) -> None:
    root = workspace(tmp_path / "ws", f"{FIRST} {SECOND}")
    assert run_cli("translate", "--provider", "libre", cwd=root).code == 0
    (root / "articles" / ARTICLE / "en.md").unlink()
    before = len(libre.requests)
    assert run_cli("translate", "--provider", "libre", cwd=root).code == 0
    assert len(libre.requests) == before


def test_sentences_of_other_articles_are_reused(tmp_path: Path, libre: FakeService) -> None:
    """Boilerplate repeated across articles is paid for once, even inside new paragraphs."""
    root = workspace(tmp_path / "ws", f"{FIRST} {SECOND}")
    assert run_cli("translate", "--provider", "libre", cwd=root).code == 0
    before = len(libre.requests)
    write_body(root, f"{THIRD} {SECOND}")
    assert run_cli("translate", "--provider", "libre", cwd=root).code == 0
    assert sent_texts(libre, before) == [THIRD]


def test_a_memory_of_segments_is_split_into_sentences_when_opened(tmp_path: Path,
                                                                  libre: FakeService) -> None:
    root = workspace(tmp_path / "ws", f"{FIRST} {SECOND}")
    path = memory_path(root)
    path.parent.mkdir(parents=True)
    # a version-1 memory, as an earlier bulletin wrote it: one entry for the paragraph
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE entries (source_key TEXT NOT NULL, source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('machine', 'reviewed')), provider TEXT,
            created TEXT NOT NULL, updated TEXT NOT NULL,
            PRIMARY KEY (source_key, source_lang, target_lang));
        CREATE TABLE sources (fingerprint TEXT NOT NULL, lang TEXT NOT NULL,
            text TEXT NOT NULL, seen TEXT NOT NULL, PRIMARY KEY (fingerprint, lang, text));
        PRAGMA user_version = 1;""")
    now = "2026-11-01T10:00:00+00:00"
    db.execute("INSERT INTO entries VALUES (?, 'bg', 'en', ?, ?, 'reviewed', NULL, ?, ?)",
               (f"{FIRST} {SECOND}", f"{FIRST} {SECOND}",
                "The municipality set aside 48.7 million leva. The mayor presented the list.",
                now, now))
    db.commit()
    db.close()
    with Memory.open(path) as memory:
        assert memory.lookup(SECOND, "bg", "en").target == "The mayor presented the list."
        whole = memory.lookup(f"{FIRST} {SECOND}", "bg", "en")
        assert whole is not None and whole.origin == "reviewed"  # kept as it was
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    before = len(libre.requests)
    write_body(root, f"{FIRST.replace('48,7', '49,1')} {SECOND}")
    assert run_cli("translate", "--provider", "libre", cwd=root).code == 0
    sent = sent_texts(libre, before)
    assert len(sent) == 2 and not any("Кметът" in s for s in sent)  # title + one sentence
    assert "The mayor presented the list." in english(root)
