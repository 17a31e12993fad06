"""`bulletin translate` end to end against the loopback LibreTranslate server."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli
from fakeserver import FakeService, fake_service_fixture, fake_translate  # noqa: F401
from translate_support import (
    assert_machine_text_is_right,
    keep_only_sample,
    sent_texts,
    write_articles,
)

from bulletin.content.sentences import translation_units
from bulletin.content.workspace import open_workspace
from bulletin.errors import ExitCode
from bulletin.translation.memory import Memory, memory_path

EDITED = "представи програмата BASE"


@pytest.fixture
def libre(fake_service: FakeService, monkeypatch: pytest.MonkeyPatch,
          workspace: Path) -> FakeService:
    keep_only_sample(workspace, SAMPLE_ID)
    monkeypatch.setenv("BULLETIN_LIBRE_URL", fake_service.url)
    return fake_service


def status(root: Path) -> dict[str, int]:
    result = run_cli("status", "--json", cwd=root)
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    return next(r for r in rows if r["article"] == SAMPLE_ID)


def blocks(path: Path) -> dict[str, str]:
    """The body blocks of a translation file by key, exactly as written."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    parts = re.split(r"^<!-- ([0-9a-f]{8}(?:-\d+)?) ", body, flags=re.MULTILINE)[1:]
    return {parts[i]: parts[i + 1] for i in range(0, len(parts), 2)}


def test_the_done_when_scenario(workspace: Path, libre: FakeService) -> None:
    folder = workspace / "articles" / SAMPLE_ID
    (folder / "en.md").unlink()

    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == 0, result.err
    row = status(workspace)
    assert row["machine"] == row["total"] == 12 and row["qa"] == 0
    assert assert_machine_text_is_right(workspace) == 12
    first = len(libre.requests)
    ws = open_workspace(workspace)
    sentences = [u.strip() for seg in ws.articles[SAMPLE_ID].segments
                 for u in translation_units(seg.text)]
    assert first >= 1 and len(sent_texts(libre)) == len(set(sentences))  # each once
    assert len(sentences) > 12  # some paragraphs hold two sentences

    result = run_cli("review", SAMPLE_ID, "--to", "en", cwd=workspace)
    assert result.code == 0, result.err
    assert "12 approved" in result.out
    row = status(workspace)
    assert row["reviewed"] == 12 and row["machine"] == 0
    before = blocks(folder / "en.md")

    source = folder / "bg.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        EDITED, "представи новата програма BASE"), encoding="utf-8")
    row = status(workspace)
    assert (row["stale"], row["reviewed"]) == (1, 11)

    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == 0, result.err
    resent = sent_texts(libre, first)
    assert len(resent) == 1 and "новата програма" in resent[0]
    after = blocks(folder / "en.md")
    changed = [key for key in before if before[key] != after.get(key)]
    assert len(changed) == 1 and changed[0] not in after  # a new key, a new fingerprint
    assert set(after) - set(before) == {next(iter(set(after) - set(before)))}
    new_key = next(iter(set(after) - set(before)))
    old_key = changed[0]
    # the reviewer's English stays, verbatim; the new draft waits beside it
    reviewer = before[old_key].split("-->\n", 1)[1]
    assert after[new_key].startswith("stale ") and after[new_key].endswith(reviewer)
    assert "suggestion: " in after[new_key] and "novata programa" in after[new_key]
    assert "novata programa" not in reviewer
    assert "waiting for a reviewer: 1 stale segment(s)" in result.out
    row = status(workspace)
    assert (row["machine"], row["reviewed"], row["stale"]) == (0, 11, 1)
    shown = run_cli("diff", SAMPLE_ID, cwd=workspace).out
    assert reviewer.strip() in shown and "suggestion:  " in shown and "novata programa" in shown

    result = run_cli("review", SAMPLE_ID, "--segment", new_key, "--use-suggestion",
                     cwd=workspace)
    assert result.code == 0, result.err
    assert "old source:" in result.out and "new source:" in result.out
    row = status(workspace)
    assert (row["machine"], row["reviewed"], row["stale"]) == (0, 12, 0)
    assert "novata programa" in blocks(folder / "en.md")[new_key]

    count = len(libre.requests)
    result = run_cli("translate", "--provider", "libre", "--json", cwd=workspace)
    assert result.code == 0, result.err
    assert len(libre.requests) == count  # an unchanged workspace makes no request
    summary = json.loads(result.out)
    assert summary["requests"] == 0 and summary["to_send"] == 0


def test_reviewed_text_is_kept_unless_forced(workspace: Path, libre: FakeService) -> None:
    path = workspace / "articles" / SAMPLE_ID / "en.md"
    original = path.read_bytes()
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == 0, result.err
    assert libre.requests == [] and path.read_bytes() == original

    result = run_cli("translate", "--provider", "libre", "--force", "--json", cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)["from_provider"] == 12
    assert status(workspace)["machine"] == 12
    segments = {seg.text for seg in open_workspace(workspace).articles[SAMPLE_ID].segments}
    with Memory.open(memory_path(workspace)) as memory:  # the reviewed words outrank it
        entries = [e for e in memory.entries("bg", "en") if e.source in segments]
        assert len(entries) == 12 and all(e.origin == "reviewed" for e in entries)


def test_an_editors_edit_becomes_reviewed(workspace: Path, libre: FakeService) -> None:
    path = workspace / "articles" / SAMPLE_ID / "en.md"
    path.unlink()
    assert run_cli("translate", "--provider", "libre", cwd=workspace).code == 0
    text = path.read_text(encoding="utf-8")
    edited = text.replace("Nikolay Minkov", "Nikolay Minkov (editor's fix)")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    requests = len(libre.requests)
    assert run_cli("translate", "--provider", "libre", cwd=workspace).code == 0
    assert len(libre.requests) == requests
    block = next(b for b in blocks(path).values() if "editor's fix" in b)
    assert block.startswith("reviewed -->")  # persisted: no check hash any more
    with Memory.open(memory_path(workspace)) as memory:
        hit = [e for e in memory.entries() if "editor's fix" in e.target]
        assert len(hit) == 1 and hit[0].origin == "reviewed"


def test_boilerplate_is_paid_once_and_the_memory_is_a_cache(workspace: Path,
                                                             libre: FakeService) -> None:
    ids = write_articles(workspace, 2, 3)
    for article_id in ids:  # the same closing paragraph in both
        path = workspace / "articles" / article_id / "bg.md"
        path.write_text(path.read_text(encoding="utf-8")
                        + "\nЗа контакти: агенцията, тел. 02 123 4567.\n", encoding="utf-8")
    result = run_cli("translate", "--provider", "libre", "--json", cwd=workspace)
    assert result.code == 0, result.err
    texts = sent_texts(libre)
    assert sum("За контакти" in t for t in texts) == 1
    assert json.loads(result.out)["from_provider"] == 2 * 5
    assert assert_machine_text_is_right(workspace) == 10

    for article_id in ids:
        (workspace / "articles" / article_id / "en.md").unlink()
    count = len(libre.requests)
    result = run_cli("translate", "--provider", "libre", "--json", cwd=workspace)
    assert json.loads(result.out)["from_memory"] == 10 and len(libre.requests) == count

    shutil.rmtree(workspace / ".bulletin")
    for article_id in ids:
        (workspace / "articles" / article_id / "en.md").unlink()
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == 0 and len(libre.requests) > count
    assert assert_machine_text_is_right(workspace) == 10


def test_memory_provider_sends_nothing(workspace: Path, libre: FakeService) -> None:
    path = workspace / "articles" / SAMPLE_ID / "en.md"
    path.unlink()
    result = run_cli("translate", "--provider", "memory", "--json", cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)["left_missing"] == 12 and not path.exists()
    assert run_cli("translate", "--provider", "libre", cwd=workspace).code == 0
    path.unlink()
    count = len(libre.requests)
    result = run_cli("translate", "--provider", "memory", cwd=workspace)
    assert result.code == 0 and "from the memory: 12" in result.out
    assert len(libre.requests) == count and status(workspace)["machine"] == 12


def test_dry_run_sends_and_writes_nothing(workspace: Path, libre: FakeService) -> None:
    path = workspace / "articles" / SAMPLE_ID / "en.md"
    path.unlink()
    result = run_cli("translate", "--provider", "libre", "--dry-run", "--json", cwd=workspace)
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["to_send"] == 12 and summary["characters"] > 2000
    assert libre.requests == [] and not path.exists()
    assert not (workspace / ".bulletin").exists()
    assert run_cli("translate", "--provider", "libre", "--json", cwd=workspace).code == 0
    assert 0 < sum(len(t) for t in sent_texts(libre)) <= summary["characters"]


def test_markup_numbers_and_glossary_survive(workspace: Path, libre: FakeService) -> None:
    (workspace / "glossary.csv").write_text(
        "source,en,note\nСофия Тех Парк,Sofia Tech Park,\nBASE,,do-not-translate\n",
        encoding="utf-8")
    write_articles(workspace, 1, 0)
    article = workspace / "articles" / "2019-05-01-statiya-1" / "bg.md"
    article.write_text(article.read_text(encoding="utf-8") + (
        "Ръстът е **12,5%**, а бюджетът е 1 500 000 лв. за [София Тех Парк]"
        "(https://sofiatech.bg/bg/за-нас) и `BASE`; пишете на info@sofia.bg.\n"),
        encoding="utf-8")
    result = run_cli("translate", "2019-05-01-statiya-1", "--provider", "libre", "--json",
                     cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)["qa_warnings"] == []
    sent = " ".join(sent_texts(libre))
    for kept in ("12,5", "1 500 000", "https://", "София Тех Парк", "**", "info@", "`"):
        assert kept not in sent
    english = (article.parent / "en.md").read_text(encoding="utf-8")
    assert ("Rastat e **12.5%**, a byudzhetat e 1,500,000\u00a0lv. za [Sofia Tech Park]"
            "(https://sofiatech.bg/bg/за-нас) i `BASE`; pishete na info@sofia.bg.") in english
    assert run_cli("check", "--strict", cwd=workspace).code in (0, ExitCode.INCOMPLETE)


def test_usage_errors(workspace: Path, libre: FakeService) -> None:
    result = run_cli("translate", "--to", "xx", "--provider", "libre", cwd=workspace)
    assert result.code == ExitCode.USAGE and "not a target language" in result.err
    result = run_cli("translate", "--provider", "nope", cwd=workspace)
    assert result.code == ExitCode.USAGE and "available:" in result.err
    result = run_cli("translate", "2019-01-01-no-such-article", cwd=workspace)
    assert result.code == ExitCode.NOT_FOUND
    (workspace / "glossary.csv").write_text("source,en\nСофия\n", encoding="utf-8")
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == ExitCode.INVALID and "glossary.csv:2" in result.err
    assert libre.requests == []


def test_qa_failures_show_in_translate_status_and_check(workspace: Path,
                                                        libre: FakeService) -> None:
    write_articles(workspace, 1, 0)
    article = workspace / "articles" / "2019-05-01-statiya-1" / "bg.md"
    article.write_text(article.read_text(encoding="utf-8") + "Град Київ и 12,5 процента.\n",
                       encoding="utf-8")
    result = run_cli("translate", "--provider", "libre", "--json", cwd=workspace)
    assert result.code == 0, result.err
    warnings = json.loads(result.out)["qa_warnings"]
    assert [w["code"] for w in warnings] == ["qa"]
    assert "Cyrillic" in warnings[0]["message"] and "ї" in warnings[0]["message"]
    rows = {r["article"]: r for r in json.loads(run_cli("status", "--json", cwd=workspace).out)}
    assert rows["2019-05-01-statiya-1"]["qa"] == 1
    check = json.loads(run_cli("check", "--json", cwd=workspace).out)
    qa = [p for p in check["problems"] if p["code"] == "qa"]
    assert len(qa) == 1 and qa[0]["file"].endswith("en.md") and qa[0]["line"]
    strict = run_cli("check", "--strict", "--json", cwd=workspace)
    assert strict.code == ExitCode.INVALID
    assert fake_translate("Київ") != "Kyiv"  # the fake service leaves ї alone


def test_an_articled_glossary_term_goes_out_protected(workspace: Path,
                                                      libre: FakeService) -> None:
    """Issue 11: `Столичната агенция за инвестиции` (the article on the first word, and
    once cut by a line break) reaches the service as a placeholder, comes back as the
    glossary says, and QA flags a translation that lost it."""
    (workspace / "glossary.csv").write_text(
        "source,en,note\nСтолична агенция за инвестиции,Sofia Investment Agency,\n",
        encoding="utf-8")
    folder = workspace / "articles" / "2019-05-01-statiya-1"
    folder.mkdir()
    (folder / "bg.md").write_text(
        "---\ntitle: Програмата BASE\ndate: 2019-05-01\n---\n\n"
        "Столичната агенция за инвестиции представи програмата BASE.\n\n"
        "Заявления приема Столичната агенция\nза инвестиции.\n", encoding="utf-8")
    result = run_cli("translate", "2019-05-01-statiya-1", "--provider", "libre", "--json",
                     cwd=workspace)
    assert result.code == 0, result.err
    assert json.loads(result.out)["qa_warnings"] == []
    sent = sent_texts(libre)
    assert "{1} predstavi programata BASE." in [fake_translate(t) for t in sent]
    assert not [t for t in sent if "агенция" in t or "инвестиции" in t], sent
    english = (folder / "en.md").read_text(encoding="utf-8")
    assert "Sofia Investment Agency predstavi programata BASE." in english
    assert "Zayavlenia priema Sofia Investment Agency." in english

    lost = english.replace("Sofia Investment Agency predstavi", "Stolichnata agentsia predstavi")
    (folder / "en.md").write_text(lost, encoding="utf-8")
    check = json.loads(run_cli("check", "--json", cwd=workspace).out)
    terms = [p["detail"] for p in check["problems"] if p["code"] == "qa"]
    assert [(d["rule"], d["source"], d["expected"]) for d in terms] == [
        ("term", "Столичната агенция за инвестиции", "Sofia Investment Agency")]
