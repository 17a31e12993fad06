"""Running one child process and measuring it: wall time, max RSS, peak RSS of its tree."""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child and its reaped descendants
    max_rss_kib: int  # ru_maxrss of the child from wait4 (the largest single process)
    tree_peak_kib: int | None  # sampled sum of RSS over the child and its descendants
    parent_peak_kib: int  # this process's own peak RSS at spawn: may floor max_rss_kib (see run)
    code: int
    stderr: str


class Failed(Exception):
    def __init__(self, command: list[str], run: Run) -> None:
        tail = "\n".join(run.stderr.strip().splitlines()[-12:])
        super().__init__(f"{' '.join(command)} exited with {run.code}:\n{tail}")
        self.run = run


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as file:
                found += [int(c) for c in file.read().split()]
    except OSError:
        pass
    return found


def _tree_rss_kib(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as file:
                total += int(file.read().split()[1]) * PAGE // 1024
        except (OSError, IndexError, ValueError):
            continue
        todo += _children(current)
    return total


class _Sampler(threading.Thread):
    """Polls the RSS of a process tree every ``interval`` seconds; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, _tree_rss_kib(self.pid))
            self.done.wait(self.interval)


def run(command: list[str], cwd: Path, *, sample_memory: bool = False,
        env: dict[str, str] | None = None) -> Run:
    """Run ``command`` in ``cwd`` (stdout discarded), timed from spawn to reap.

    Memory comes from ``os.wait4`` of this one child (``ru_maxrss``, KiB on Linux), which is
    the child's own peak: not a sum with any worker processes it starts. With
    ``sample_memory`` a thread also sums the RSS of the whole tree every 10 ms (a sampled
    figure: a peak shorter than 10 ms can be missed), to catch multi-process exports.

    Linux carries the spawning process's RSS into the child's ``ru_maxrss``: the child runs
    in a copy of the parent's memory (or, under vfork, in the parent's own, with its high-water
    mark) until exec. So the measuring process must stay small; its own peak RSS at spawn is
    recorded as ``parent_peak_kib`` to show that it did.
    """
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err,
                                 env=env)
        sampler = _Sampler(child.pid) if sample_memory else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.done.set()
            sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
               sampler.peak if sampler else None, parent_peak, child.returncode, stderr)


def checked(command: list[str], cwd: Path, **kwargs: object) -> Run:
    result = run(command, cwd, **kwargs)  # type: ignore[arg-type]
    if result.code != 0:
        raise Failed(command, result)
    return result

