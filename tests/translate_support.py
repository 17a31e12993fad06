"""Helpers for the translation engine's tests: workspaces, real subprocess runs, reading back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fakeserver import FakeService, fake_translate

from bulletin.content.model import State
from bulletin.content.workspace import open_workspace
from bulletin.translation.typography import typeset_text

WORDS = ("агенцията", "София", "инвеститори", "проект", "община", "сграда", "конференция",
         "представи", "развитие", "бизнеса", "икономика", "клъстер", "иновации", "столицата")
LETTERS = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЮЯ"


def write_articles(root: Path, count: int, paragraphs: int, *, start: int = 1) -> list[str]:
    """``count`` articles of ``paragraphs`` distinct Bulgarian paragraphs each."""
    ids = []
    for number in range(start, start + count):
        article_id = f"2019-05-{number:02d}-statiya-{number}"
        # no digits: numbers become placeholders, and equal protected texts are sent once
        body = "\n\n".join(
            f"Абзац {LETTERS[p]} на статия {LETTERS[number]}: " + " ".join(
                WORDS[(number * 7 + p * 3 + k) % len(WORDS)] for k in range(12)) + "."
            for p in range(1, paragraphs + 1))
        folder = root / "articles" / article_id
        folder.mkdir(parents=True)
        (folder / "bg.md").write_text(
            f"---\ntitle: Статия {LETTERS[number]}\ndate: 2019-05-{number:02d}\n---\n\n{body}\n",
            encoding="utf-8")
        ids.append(article_id)
    return ids


def bulletin_env(service: FakeService, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BULLETIN_")}
    env.update({"BULLETIN_LIBRE_URL": service.url, "NO_COLOR": "1", **extra})
    return env


def run_bulletin(root: Path, *args: str, env: dict[str, str],
                 timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``bulletin ARGS`` as a real process in ``root``."""
    return subprocess.run([sys.executable, "-m", "bulletin", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)


def start_bulletin(root: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bulletin", *args], cwd=root, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def translated(root: Path, lang: str = "en") -> dict[tuple[str, str], tuple[str, str]]:
    """Every segment of every translation: (article, key) -> (state, text). Loading it
    strictly proves that every file parses."""
    ws = open_workspace(root)
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for article in ws.articles.values():
        for aligned in ws.translation(article, lang).segments:
            out[(article.id, aligned.key)] = (aligned.state.value, aligned.text)
    return out


def assert_machine_text_is_right(root: Path, lang: str = "en") -> int:
    """Every machine segment holds the fake service's translation of its own source."""
    ws = open_workspace(root)
    count = 0
    for article in ws.articles.values():
        for aligned in ws.translation(article, lang).segments:
            if aligned.state is State.MACHINE:
                expected = typeset_text(fake_translate(aligned.segment.text),
                                        ws.config.locale_for(lang))  # English typography
                assert aligned.text == expected, aligned.key
                count += 1
    return count


def sent_texts(service: FakeService, since: int = 0) -> list[str]:
    """Every text sent to the LibreTranslate endpoint (after request number ``since``)."""
    texts: list[str] = []
    for request in service.requests[since:]:
        if request.path == "/translate" and isinstance(request.json, dict):
            q = request.json.get("q")
            texts += q if isinstance(q, list) else [q]
    return texts


def keep_only_sample(root: Path, sample_id: str) -> None:
    """The sample workspace may grow more articles; these tests count on the first alone."""
    import shutil

    for folder in (root / "articles").iterdir():
        if folder.is_dir() and folder.name != sample_id:
            shutil.rmtree(folder)
