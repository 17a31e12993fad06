"""Drafts and broken articles in a newsroom's real tree: a draft is listed and checked but
never published unless asked, and an article with errors stops only the bulletins that
choose it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.errors import ExitCode

DRAFT = "2026-12-01-stolichnata-obshtina-pusna-nova-linia"
BAD_DATE = "2026-11-27-ban-predstavi-strategiya-za-klasterite"


@pytest.fixture
def newsroom(workspace: Path) -> Path:
    """The sample workspace (bulletin april-2019), a bodiless draft as `new` makes it, and
    an article whose date is written the Bulgarian way."""
    made = run_cli("new", "Столичната община пусна нова линия", "--date", "2026-12-01",
                   cwd=workspace)
    assert made.code == 0, made.err
    folder = workspace / "articles" / BAD_DATE
    folder.mkdir()
    (folder / "bg.md").write_text("---\ntitle: БАН представи стратегия за клъстерите\n"
                                  "date: 27.11.2026\n---\n\nСтратегията беше обсъдена вчера.\n",
                                  encoding="utf-8")
    return workspace


def test_a_bulletin_that_chooses_neither_is_exported_and_built(newsroom: Path) -> None:
    result = run_cli("export", "--since", "2019-04-01", "--until", "2019-04-30", "-f", "md",
                     cwd=newsroom)
    assert result.code == ExitCode.OK, result.err
    assert "note: 2 other article(s) have problems and are not in this bulletin: " \
           f"{BAD_DATE}, {DRAFT}" in result.err
    built = run_cli("build", cwd=newsroom)
    assert built.code == ExitCode.OK, built.err
    assert (newsroom / "dist" / "april-2019.html").is_file()
    assert "note: april-2019: 2 other article(s) have problems" in built.err
    assert run_cli("build", "--check", cwd=newsroom).code == ExitCode.OK


def test_check_names_both_problems(newsroom: Path) -> None:
    result = run_cli("check", cwd=newsroom)
    assert result.code == ExitCode.INVALID
    assert (f"articles/{BAD_DATE}/bg.md:3: error: 'date' must be a date written YYYY-MM-DD, "
            "not '27.11.2026'") in result.err
    assert f"articles/{DRAFT}/bg.md:6: warning: the article has no body text" in result.err
    assert f"articles/{DRAFT}/bg.md:4: warning: a draft: exports leave it out" in result.err
    assert result.err.rstrip().endswith("1 error(s), 2 warning(s)")
    strict = run_cli("check", "--strict", "--json", cwd=newsroom)
    problems = json.loads(strict.out)["problems"]
    assert strict.code == ExitCode.INVALID
    assert {p["severity"] for p in problems if DRAFT in (p["file"] or "")} == {"warning"}


def test_an_export_that_chooses_a_broken_article_names_it_and_writes_nothing(
        newsroom: Path) -> None:
    result = run_cli("export", "-f", "md", cwd=newsroom)  # every article
    assert result.code == ExitCode.INVALID
    assert (f"1 article(s) that the bulletin takes have problems ({BAD_DATE}): nothing was "
            "written") in result.err
    assert f"articles/{BAD_DATE}/bg.md:3: error:" in result.err
    assert DRAFT not in result.err  # a draft is left out, broken or not
    assert not (newsroom / "dist").exists()
    toml = newsroom / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[[bulletin]]\nname = "november"\n'
                    "from = 2026-11-01\nto = 2026-11-30\n", encoding="utf-8")
    built = run_cli("build", cwd=newsroom)
    assert built.code == ExitCode.INVALID
    assert "bulletin 'november': 1 article(s) that the bulletin takes have problems" in built.err
    assert not (newsroom / "dist").exists()  # april-2019 neither: build writes all or none


def test_status_always_prints_its_table_with_the_problems(newsroom: Path) -> None:
    result = run_cli("status", cwd=newsroom)
    assert result.code == ExitCode.OK, result.err
    rows = {line.split("\t")[0]: line.split("\t") for line in result.out.splitlines()}
    assert rows["article"][-1] == "problems"
    assert rows[BAD_DATE][1:] == ["-", "-", "-", "-", "-", "-", "1 error"]
    assert rows[DRAFT][1:] == ["-", "-", "-", "-", "-", "-", "draft, 1 error"]
    assert rows[SAMPLE_ID][-1] == "-"
    assert "'date' must be a date" in result.err


def test_other_commands_work_on_the_rest_and_refuse_the_broken_one(newsroom: Path) -> None:
    assert run_cli("translate", "--provider", "memory", cwd=newsroom).code == ExitCode.OK
    assert run_cli("diff", SAMPLE_ID, cwd=newsroom).code == ExitCode.OK
    refused = run_cli("review", BAD_DATE, cwd=newsroom)
    assert refused.code == ExitCode.INVALID
    assert f"the article {BAD_DATE} has problems" in refused.err
    assert "'date' must be a date" in refused.err


def write_draft(root: Path, article_id: str, date: str) -> None:
    folder = root / "articles" / article_id
    folder.mkdir()
    (folder / "bg.md").write_text(f"---\ntitle: Чернова за април\ndate: {date}\ndraft: true\n"
                                  "---\n\nТекстът още се пише.\n", encoding="utf-8")


def test_a_draft_is_left_out_unless_asked_for(workspace: Path) -> None:
    draft = "2019-04-20-chernova-za-april"
    write_draft(workspace, draft, "2019-04-20")
    result = run_cli("export", "-f", "md", "-o", "-", cwd=workspace)
    assert result.code == ExitCode.OK, result.err
    assert "Чернова за април" not in result.out
    assert f"note: 1 draft(s) left out: {draft} (--drafts takes them too)" in result.err
    with_drafts = run_cli("export", "-f", "md", "-o", "-", "--drafts", cwd=workspace)
    assert with_drafts.code == ExitCode.OK and "Чернова за април" in with_drafts.out
    named = run_cli("export", draft, "-o", "-", cwd=workspace)
    assert named.code == ExitCode.USAGE and f"{draft} is a draft" in named.err
    built = run_cli("build", "--drafts", cwd=workspace)
    assert built.code == ExitCode.OK, built.err
    assert "Чернова за април" in (workspace / "dist" / "april-2019.md").read_text("utf-8")


def test_strict_fails_on_a_draft_only_if_a_bulletin_chooses_it(workspace: Path) -> None:
    write_draft(workspace, "2019-05-20-chernova-za-mai", "2019-05-20")
    assert run_cli("check", "--strict", cwd=workspace).code == ExitCode.OK
    write_draft(workspace, "2019-04-20-chernova-za-april", "2019-04-20")
    assert run_cli("check", cwd=workspace).code == ExitCode.OK
    strict = run_cli("check", "--strict", cwd=workspace)
    assert strict.code == ExitCode.INVALID
    assert ("articles/2019-04-20-chernova-za-april/bg.md: error: a draft, chosen by bulletin "
            "'april-2019', which leaves it out") in strict.err
    assert run_cli("build", "--check", cwd=workspace).code == ExitCode.INVALID


def test_draft_must_be_true_or_false(workspace: Path) -> None:
    path = workspace / "articles" / SAMPLE_ID / "bg.md"
    path.write_text(path.read_text("utf-8").replace("date: 2019-04-08\n",
                                                    "date: 2019-04-08\ndraft: maybe\n", 1),
                    "utf-8")
    result = run_cli("check", cwd=workspace)
    assert result.code == ExitCode.INVALID
    assert f"{SAMPLE_ID}/bg.md:4: error: 'draft' must be true or false, not 'maybe'" \
           in result.err


def test_translate_names_the_articles_it_left_out(newsroom: Path) -> None:
    """A run over the whole workspace goes on past the articles that do not load (the bad
    date; the bodiless draft), and says which it left out; a run that names one stops."""
    result = run_cli("translate", "--provider", "memory", "--json", cwd=newsroom)
    assert result.code == ExitCode.OK, result.err
    assert json.loads(result.out)["not_loaded"] == [BAD_DATE, DRAFT]
    told = run_cli("translate", "--provider", "memory", cwd=newsroom)
    assert (f"note: 2 article(s) not ready to translate were left out: {BAD_DATE}, {DRAFT} "
            "(`bulletin check` says why)") in told.err
    named = run_cli("translate", "--provider", "memory", BAD_DATE, cwd=newsroom)
    assert named.code == ExitCode.INVALID
    assert f"the article {BAD_DATE} has problems" in named.err
