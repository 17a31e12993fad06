"""The translation memory: real SQLite files, two connections, damaged files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bulletin.content.segments import fingerprint
from bulletin.errors import InvalidInput
from bulletin.translation.memory import Memory, memory_path


def test_lookup_ignores_white_space_and_pairs(tmp_path: Path) -> None:
    with Memory.open(memory_path(tmp_path)) as memory:
        memory.add("Добър ден.", "Good day.", "bg", "en", origin="machine", provider="libre")
        entry = memory.lookup("  Добър   ден. ", "bg", "en")
        assert entry is not None
        assert (entry.target, entry.origin, entry.provider) == ("Good day.", "machine", "libre")
        assert entry.created.tzinfo is not None
        assert memory.lookup("Добър ден.", "bg", "de") is None
        assert memory.lookup("Лош ден.", "bg", "en") is None


def test_reviewed_outranks_machine(tmp_path: Path) -> None:
    with Memory.open(memory_path(tmp_path)) as memory:
        memory.add("Клъстер", "Cluster (m)", "bg", "en", origin="machine", provider="google")
        memory.add("Клъстер", "cluster", "bg", "en", origin="reviewed")
        memory.add("Клъстер", "Cluster again", "bg", "en", origin="machine", provider="deepl")
        entry = memory.lookup("Клъстер", "bg", "en")
        assert entry is not None
        assert (entry.target, entry.origin, entry.provider) == ("cluster", "reviewed", None)
        memory.add("Клъстер", "a cluster", "bg", "en", origin="reviewed")
        assert memory.lookup("Клъстер", "bg", "en").target == "a cluster"  # type: ignore[union-attr]


def test_unchanged_entry_keeps_its_time(tmp_path: Path) -> None:
    with Memory.open(memory_path(tmp_path)) as memory:
        memory.add("Текст", "Text", "bg", "en", origin="machine")
        first = memory.lookup("Текст", "bg", "en")
        memory.add("Текст", "Text", "bg", "en", origin="machine")
        assert memory.lookup("Текст", "bg", "en") == first
        assert len(memory) == 1


def test_entries_and_previous_source(tmp_path: Path) -> None:
    with Memory.open(memory_path(tmp_path)) as memory:
        memory.add("Б", "B", "bg", "en", origin="machine")
        memory.add("А", "A", "bg", "en", origin="reviewed")
        memory.add("А", "A-de", "bg", "de", origin="machine")
        memory.remember_source("Старият текст на абзаца.", "bg")
        assert [e.target for e in memory.entries("bg", "en")] == ["A", "B"]
        assert len(list(memory.entries())) == 3
        assert memory.previous_source(fingerprint("Старият текст на абзаца.")) == \
            "Старият текст на абзаца."
        assert memory.previous_source(fingerprint("А") + "-2") == "А"
        assert memory.previous_source("00000000") is None


def test_survives_reopen_and_a_second_process(tmp_path: Path) -> None:
    path = memory_path(tmp_path)
    with Memory.open(path) as memory:
        memory.add("Едно", "One", "bg", "en", origin="machine")
        script = ("import sys; from pathlib import Path\n"
                  "from bulletin.translation.memory import Memory\n"
                  "m = Memory.open(Path(sys.argv[1]))\n"
                  "m.add('Две', 'Two', 'bg', 'en', origin='reviewed')\n"
                  "print(m.lookup('Едно', 'bg', 'en').target); m.close()\n")
        out = subprocess.run([sys.executable, "-c", script, str(path)], check=True,
                             capture_output=True, text=True).stdout
        assert out.strip() == "One"
        assert memory.lookup("Две", "bg", "en").origin == "reviewed"  # type: ignore[union-attr]


def test_damaged_file_is_a_clear_error(tmp_path: Path) -> None:
    path = memory_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(InvalidInput) as caught:
        Memory.open(path)
    assert "delete" in caught.value.hint and caught.value.path == path


def test_empty_texts_are_not_remembered(tmp_path: Path) -> None:
    with Memory.open(memory_path(tmp_path)) as memory:
        memory.add("Текст", "  ", "bg", "en", origin="machine")
        memory.add("", "x", "bg", "en", origin="machine")
        assert len(memory) == 0
