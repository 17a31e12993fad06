"""The translation memory: every segment translated before, so it is never paid for twice.

One SQLite file, ``<workspace>/.bulletin/memory.sqlite``. An entry is keyed by the
normalised source text and the language pair, so a sentence seen in *any* article is
answered from here. A reviewed entry (a person's words) outranks a machine one and is
never replaced by it. The memory also remembers every source text it was shown, by
fingerprint, so that a stale segment can show its old source (``previous_source``).

The memory is a cache: deleting ``.bulletin/`` loses money (requests are made again), not
content. It stores texts, origins, provider names and times; never a key or a setting.
WAL journal and a busy timeout make it safe for two processes at once; every ``add`` is
its own committed transaction, so a killed run keeps what it finished.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from bulletin.content.segments import fingerprint, normalise
from bulletin.errors import InvalidInput, UsageError
from bulletin.fsio import confined, state_dir

ORIGINS = ("machine", "reviewed")
# 1: entries by segment; 2: also by sentence (a version-1 memory is split when opened)
SCHEMA_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    source_key  TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('machine', 'reviewed')),
    provider    TEXT,
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    PRIMARY KEY (source_key, source_lang, target_lang)
);
CREATE TABLE IF NOT EXISTS sources (
    fingerprint TEXT NOT NULL,
    lang        TEXT NOT NULL,
    text        TEXT NOT NULL,
    seen        TEXT NOT NULL,
    PRIMARY KEY (fingerprint, lang, text)
);
"""
# A machine answer never replaces a reviewed one; an unchanged entry keeps its times.
_UPSERT = """
INSERT INTO entries (source_key, source_lang, target_lang, source, target, origin, provider,
                     created, updated)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (source_key, source_lang, target_lang) DO UPDATE SET
    source = excluded.source, target = excluded.target, origin = excluded.origin,
    provider = excluded.provider, updated = excluded.updated
WHERE NOT (entries.origin = 'reviewed' AND excluded.origin = 'machine')
  AND (entries.target != excluded.target OR entries.origin != excluded.origin)
"""
_ENTRY = ("SELECT source, target, source_lang, target_lang, origin, provider, created, updated "
          "FROM entries")  # the columns of an ``Entry``, in its order


@dataclass(frozen=True)
class Entry:
    """One remembered translation of a source text."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str  # "machine" | "reviewed"
    provider: str | None
    created: dt.datetime
    updated: dt.datetime


_READERS: dict[tuple[int, Path], Memory | None] = {}  # Memory.reader's, per process


def memory_path(root: Path) -> Path:
    """Where the memory of the workspace at ``root`` lives; refused when it, the folder it
    is in, or a file SQLite keeps beside it is a link out of the workspace."""
    path = state_dir(root) / "memory.sqlite"
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        confined(root, path.with_name(name))
    return path


@contextlib.contextmanager
def existing_memory(root: Path) -> Iterator[Memory | None]:
    """The memory of the workspace at ``root`` if it has one, else None: for what only
    reads it (an exchange file, a diff), which must not create it."""
    path = memory_path(root)
    if not path.is_file():
        yield None
        return
    with Memory.open(path) as memory:
        yield memory


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _damaged(path: Path, exc: sqlite3.Error) -> InvalidInput:
    return InvalidInput(
        f"the translation memory cannot be read: {exc}", path=path,
        hint=f"it is only a cache: delete {path.name} (translations will be requested again)")


class Memory:
    """The translation memory of one workspace; use as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.RLock()  # one connection, shared by the translator's threads

    @classmethod
    def open(cls, path: Path) -> Memory:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, timeout=30, isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.Error as exc:
            raise _damaged(path, exc) from exc
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                db.close()
                raise InvalidInput(
                    f"the translation memory was written by a newer bulletin "
                    f"(schema {version}, this one knows {SCHEMA_VERSION})", path=path,
                    hint="upgrade bulletin, or delete the file (it is only a cache)")
            db.executescript(_SCHEMA)
            if version == 1:
                _split_into_sentences(db)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            db.close()
            raise _damaged(path, exc) from exc
        return cls(path, db)

    @classmethod
    def reader(cls, root: Path) -> Memory | None:
        """The memory of the workspace at ``root`` opened read-only, for a view that must
        not write (``bulletin serve``); None if there is none or it cannot be read. One per
        process: worker processes forked from this one open their own."""
        key = (os.getpid(), root)
        if key not in _READERS:
            _READERS[key] = cls._open_read_only(memory_path(root))
        return _READERS[key]

    @classmethod
    def _open_read_only(cls, path: Path) -> Memory | None:
        if not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30,
                                 isolation_level=None, check_same_thread=False)
            db.execute("SELECT 1 FROM sources LIMIT 1")
        except sqlite3.Error:
            return None
        return cls(path, db)

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group many ``add`` calls into one commit (a harvest of a whole file, say)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            with self._db:  # commits the block, or rolls it back if it raises
                yield

    def lookup(self, source: str, source_lang: str, target_lang: str) -> Entry | None:
        """The remembered translation of ``source`` (white space and NFC do not matter)."""
        with self._lock:
            row = self._db.execute(
                f"{_ENTRY} WHERE source_key = ? AND source_lang = ? AND target_lang = ?",
                (normalise(source), source_lang, target_lang)).fetchone()
        return _entry(row) if row else None

    def add(self, source: str, target: str, source_lang: str, target_lang: str, *,
            origin: str, provider: str | None = None) -> None:
        """Remember a translation; a machine one never replaces a reviewed one."""
        if origin not in ORIGINS:
            raise UsageError(f"unknown memory origin {origin!r}",
                             hint=f"use one of {', '.join(ORIGINS)}")
        key = normalise(source)
        if not key or not target.strip():
            return
        now = _now()
        with self._lock:
            self._db.execute(_UPSERT, (key, source_lang, target_lang, source, target, origin,
                                       provider, now, now))
            self._remember(source, source_lang, now)

    def remember_source(self, text: str, lang: str) -> None:
        """Note a source text so that, once it changes, its stale segment can show it."""
        with self._lock:
            self._remember(text, lang, _now())

    def _remember(self, text: str, lang: str, now: str) -> None:
        if text.strip():
            self._db.execute(
                "INSERT INTO sources (fingerprint, lang, text, seen) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO UPDATE SET seen = excluded.seen",
                (fingerprint(text), lang, text, now))

    def previous_source(self, fp: str) -> str | None:
        """The source text whose fingerprint is ``fp``, if it was ever seen (the latest)."""
        with self._lock:
            row = self._db.execute(
                "SELECT text FROM sources WHERE fingerprint = ? ORDER BY seen DESC LIMIT 1",
                (fp.split("-", 1)[0],)).fetchone()
        return str(row[0]) if row else None

    def entries(self, source_lang: str | None = None,
                target_lang: str | None = None) -> Iterator[Entry]:
        """Every entry, optionally of one language pair, in a stable order."""
        query = (f"{_ENTRY} WHERE (? IS NULL OR source_lang = ?) AND (? IS NULL OR "
                 "target_lang = ?) ORDER BY source_lang, target_lang, source_key")
        with self._lock:
            rows = self._db.execute(query, (source_lang, source_lang, target_lang,
                                            target_lang)).fetchall()
        yield from (_entry(row) for row in rows)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])


def _entry(row: tuple[str, ...]) -> Entry:
    return Entry(row[0], row[1], row[2], row[3], row[4], row[5] or None,
                 dt.datetime.fromisoformat(row[6]), dt.datetime.fromisoformat(row[7]))


def _split_into_sentences(db: sqlite3.Connection) -> None:
    """Migrate a version-1 memory, which knew whole segments only: every entry whose source
    and translation have as many sentences as each other also answers each sentence, so a
    later edit of one sentence sends that sentence alone. The pairs are inferred, so they
    count as machine text, and never replace an entry that is already there."""
    from bulletin.content.sentences import split_sentences, translation_units

    rows = db.execute("SELECT source, target, source_lang, target_lang, provider FROM entries"
                      ).fetchall()
    now = _now()
    db.execute("BEGIN IMMEDIATE")
    with db:  # commits the migration, or rolls it back if it raises
        for source, target, source_lang, target_lang, provider in rows:
            sources = [u.strip() for u in translation_units(source, source_lang)]
            targets = [u.strip() for u in split_sentences(target, target_lang)]
            if len(sources) < 2 or len(sources) != len(targets):
                continue
            for one, other in zip(sources, targets, strict=True):
                db.execute("INSERT INTO entries (source_key, source_lang, target_lang, source, "
                           "target, origin, provider, created, updated) VALUES (?, ?, ?, ?, ?, "
                           "'machine', ?, ?, ?) ON CONFLICT DO NOTHING",
                           (normalise(one), source_lang, target_lang, one, other,
                            provider or "memory", now, now))
