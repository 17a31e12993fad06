"""Killing `bulletin translate` at random moments, Ctrl-C, and two runs at once.

Real processes against the loopback service: a SIGKILL at any moment leaves every file
parseable and loses nothing already written; running again finishes the job with exactly
the result of an uninterrupted run.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli
from fakeserver import FakeService, fake_service_fixture  # noqa: F401
from translate_support import (
    assert_machine_text_is_right,
    bulletin_env,
    keep_only_sample,
    run_bulletin,
    start_bulletin,
    translated,
    write_articles,
)

from bulletin.errors import ExitCode
from bulletin.translation.memory import Memory, memory_path

pytestmark = pytest.mark.slow


def prepare(root: Path) -> None:
    import shutil

    from conftest import REPO

    root.mkdir()
    shutil.copy(REPO / "bulletin.toml", root / "bulletin.toml")
    shutil.copytree(REPO / "articles", root / "articles")
    keep_only_sample(root, SAMPLE_ID)
    (root / "articles" / SAMPLE_ID / "en.md").unlink()
    write_articles(root, 6, 6)


def english_files(root: Path) -> dict[str, bytes]:
    return {p.parent.name: p.read_bytes() for p in sorted(root.glob("articles/*/en.md"))}


def wait_for_requests(service: FakeService, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(service.requests) < count:
        assert time.monotonic() < deadline, "the run never reached the service"
        time.sleep(0.02)


def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path,
                                                 fake_service: FakeService) -> None:
    env = bulletin_env(fake_service, BULLETIN_LIBRE_MAX_BATCH="1")
    fake_service.latency = 0.1
    reference, crashed = tmp_path / "reference", tmp_path / "crashed"
    prepare(reference)
    prepare(crashed)
    done = run_bulletin(reference, "translate", "--provider", "libre", env=env)
    assert done.returncode == 0, done.stderr
    expected = english_files(reference)
    assert len(expected) == 7

    rng = random.Random(20190408)
    kept: dict[tuple[str, str], tuple[str, str]] = {}
    kills = 0
    for round_ in range(5):
        before = len(fake_service.requests)
        process = start_bulletin(crashed, "translate", "--provider", "libre", env=env)
        if round_ == 0:  # during start-up, alignment or the harvest
            time.sleep(rng.uniform(0.1, 0.4))
        else:  # somewhere among the requests: in flight, answered, being written
            wait_for_requests(fake_service, before + rng.randint(1, 8))
            time.sleep(rng.uniform(0, 0.15))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(timeout=30)
        now = translated(crashed)  # loads every file strictly: all of them parse
        assert_machine_text_is_right(crashed)
        for key, value in kept.items():
            if value[0] == "machine":
                assert now[key] == value, f"{key} was lost"
        kept = now
        with Memory.open(memory_path(crashed)) as memory:
            assert len(memory) >= sum(1 for s, _ in kept.values() if s == "machine") - 6
    assert kills >= 4, "the runs ended before they could be killed; slow the service down"

    final = run_bulletin(crashed, "translate", "--provider", "libre", env=env)
    assert final.returncode == 0, final.stderr
    assert english_files(crashed) == expected
    again = len(fake_service.requests)
    assert run_bulletin(crashed, "translate", "--provider", "libre", env=env).returncode == 0
    assert len(fake_service.requests) == again


def test_ctrl_c_saves_finished_work(tmp_path: Path, fake_service: FakeService) -> None:
    env = bulletin_env(fake_service, BULLETIN_LIBRE_MAX_BATCH="1")
    fake_service.latency = 0.2
    root = tmp_path / "ws"
    prepare(root)
    process = start_bulletin(root, "translate", "--provider", "libre", env=env)
    wait_for_requests(fake_service, 12)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == ExitCode.INTERRUPTED, err
    assert "interrupted" in err and "saved" in err and "Traceback" not in err
    saved = assert_machine_text_is_right(root)
    with Memory.open(memory_path(root)) as memory:
        assert len(memory) >= 4
    assert saved + len(english_files(root)) >= 1  # something finished is on disk


def test_two_runs_at_once_one_is_refused(tmp_path: Path,
                                         fake_service: FakeService) -> None:
    env = bulletin_env(fake_service, BULLETIN_LIBRE_MAX_BATCH="1")
    # slow enough that the first run still holds the lock while a second process starts
    # (about a second here) and the in-process review runs
    fake_service.latency = 0.4
    root = tmp_path / "ws"
    prepare(root)
    process = start_bulletin(root, "translate", "--provider", "libre", env=env)
    wait_for_requests(fake_service, 1)
    second = run_bulletin(root, "translate", "--provider", "libre", env=env)
    assert second.returncode == ExitCode.CONFLICT
    assert "busy" in second.stderr and "bulletin translate" in second.stderr
    review = run_cli("review", SAMPLE_ID, cwd=root)
    assert review.code == ExitCode.CONFLICT
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert all(state == "machine" for state, _ in translated(root).values())
