"""The benchmark's corpus generator makes a valid, fully reviewed, deterministic workspace."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_cli

GENERATOR = REPO / "bench" / "corpus.py"


def generate(folder: Path, count: int = 3, *extra: str) -> None:
    subprocess.run([sys.executable, str(GENERATOR), str(count), str(folder), *extra],
                   check=True, capture_output=True, text=True, timeout=120)


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".bulletin" not in p.parts}


def test_corpus_passes_strict_check(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    generate(workspace, 3, "--hugo", str(tmp_path / "site"))
    articles = sorted((workspace / "articles").iterdir())
    assert len(articles) == 3
    assert all((a / "bg.md").is_file() and (a / "en.md").is_file() for a in articles)
    result = run_cli("check", "--strict", cwd=workspace)
    assert result.code == 0, result.err
    status = run_cli("status", "--json", cwd=workspace)
    assert status.code == 0, status.err
    rows = json.loads(status.out)
    assert len(rows) == 3
    for row in rows:
        assert row["reviewed"] == row["total"] > 5, row
    hugo_pages = sorted(p.name for p in (tmp_path / "site" / "content").iterdir())
    assert hugo_pages == sorted(f"{a.name}.{lang}.md" for a in articles for lang in ("bg", "en"))


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "one", 3)
    generate(tmp_path / "two", 3)
    generate(tmp_path / "other-seed", 3, "--seed", "7")
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert files(tmp_path / "one") != files(tmp_path / "other-seed")


def test_sentence_bench_runs_and_an_edit_costs_about_its_share() -> None:
    result = subprocess.run([sys.executable, str(REPO / "bench" / "sentence_bench.py"),
                             "--articles", "15"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("after the edit"))
    share = float(line.split("(")[1].split("%")[0])
    assert 0 < share < 12, result.stdout  # 5% of the sentences, not whole paragraphs
