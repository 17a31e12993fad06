"""Work on a workspace's article folders one by one, in this process or in several at
once: what ``export``, ``check`` and ``status`` share at archive scale.

Workers are forked (where the platform can), so each starts with whatever the parent had
made ready (settings, templates, catalogs) and the work itself needs no pickling; only
each folder's path goes out and its result comes back. No process holds more than one
article at a time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

PARALLEL_FROM = 200  # folders; below this, starting processes costs more than it saves
Result = TypeVar("Result")
_WORK: Callable[[Path], Any] | None = None  # set in the parent just before the fork


def worker_count(folders: int) -> int:
    """How many processes to use: ``BULLETIN_WORKERS`` if set, else one per CPU (up to 8)
    for a large workspace (fork start only), else 1 (work in this process)."""
    forks = "fork" in multiprocessing.get_all_start_methods()
    wanted = os.environ.get("BULLETIN_WORKERS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted) if forks else 1
    if folders < PARALLEL_FROM or not forks:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def map_folders(work: Callable[[Path], Result], folders: Sequence[Path],
                workers: int | None = None) -> Iterator[Result]:
    """``work(folder)`` for each folder, in order, here (``workers`` 1) or by ``workers``
    forked processes (default: ``worker_count``); results are yielded as they come."""
    if workers is None:
        workers = worker_count(len(folders))
    if workers <= 1 or len(folders) < 2:
        for folder in folders:
            yield work(folder)
        return
    global _WORK
    _WORK = work
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers) as pool:
            chunk = max(1, min(32, len(folders) // (workers * 8)))
            yield from pool.imap(_call, folders, chunksize=chunk)
    finally:
        _WORK = None


def _call(folder: Path) -> Any:
    assert _WORK is not None, "workers are forked after the work is set"
    return _WORK(folder)
