"""A flaky translation service: the run completes through retries or stops cleanly, and in
both cases every file parses and no finished segment is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli
from fakeserver import FakeService, fake_service_fixture  # noqa: F401
from translate_support import (
    assert_machine_text_is_right,
    keep_only_sample,
    sent_texts,
    translated,
    write_articles,
)

from bulletin.errors import ExitCode
from bulletin.translation.memory import Memory, memory_path


@pytest.fixture
def flaky(fake_service: FakeService, monkeypatch: pytest.MonkeyPatch,
          workspace: Path) -> FakeService:
    keep_only_sample(workspace, SAMPLE_ID)
    (workspace / "articles" / SAMPLE_ID / "en.md").unlink()
    write_articles(workspace, 6, 6)
    monkeypatch.setenv("BULLETIN_LIBRE_URL", fake_service.url)
    monkeypatch.setenv("BULLETIN_LIBRE_MAX_BATCH", "2")  # many requests: many chances to fail
    monkeypatch.setenv("BULLETIN_LIBRE_TIMEOUT", "1")
    return fake_service


def remembered(root: Path) -> set[str]:
    with Memory.open(memory_path(root)) as memory:
        return {e.source for e in memory.entries("bg", "en") if e.origin == "machine"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_twenty_percent_failures(workspace: Path, flaky: FakeService, seed: int) -> None:
    flaky.faults.random(0.2, seed=seed, kinds=("429", "500", "reset", "malformed",
                                                "wrong-count"))
    result = run_cli("translate", "--provider", "libre", "--json", cwd=workspace)
    assert flaky.faults.injected, "no fault was injected"
    if result.code == 0:
        summary = json.loads(result.out)
        assert summary["left_missing"] == 0 and summary["retries"] > 0
    else:
        assert result.code == ExitCode.PROVIDER
        assert "error:" in result.err and "were saved" in result.err
        assert "Traceback" not in result.err
    done = assert_machine_text_is_right(workspace)  # every file parses; every text is right
    assert done == sum(1 for state, _ in translated(workspace).values() if state == "machine")
    finished = remembered(workspace)
    assert len(finished) >= done - 1  # the memory holds what the files hold (titles repeat)

    flaky.faults.clear()
    count = len(flaky.requests)
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == 0, result.err
    assert not finished & set(sent_texts(flaky, count))  # nothing finished is asked twice
    assert all(state == "machine" for state, _ in translated(workspace).values())
    assert assert_machine_text_is_right(workspace) == 1 * 12 + 6 * 7


def test_a_dead_service_stops_with_a_clear_message(workspace: Path, flaky: FakeService) -> None:
    flaky.faults.add("500", times=1000, path="/translate")  # a service that is down
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == ExitCode.PROVIDER
    assert "HTTP 500" in result.err or "server" in result.err
    assert "gave up after" in result.err and "were saved" in result.err
    assert_machine_text_is_right(workspace)


def test_a_refused_key_is_not_retried(workspace: Path, flaky: FakeService) -> None:
    flaky.faults.add("403", times=1000)
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == ExitCode.PROVIDER and "refused the key" in result.err
    texts = sent_texts(flaky)
    assert len(texts) == len(set(texts))  # nothing was retried
    assert len(flaky.requests) <= 8  # the run stopped: the rest was never sent
    assert translated(workspace)  # the workspace still loads


def test_slow_answers_time_out_and_are_retried(workspace: Path, flaky: FakeService) -> None:
    flaky.slow_seconds = 2
    flaky.faults.add("slow", times=2)
    result = run_cli("translate", SAMPLE_ID, "--provider", "libre", "--json", cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)["retries"] >= 2
    assert assert_machine_text_is_right(workspace) == 12
