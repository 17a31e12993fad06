"""QA of reviewed text: a person's slip is reported like a machine's, and an intended
difference can be accepted for one segment, until its source or translation changes.

The workspace is ``tests/fixtures/qa-reviewed``: one article, every segment reviewed and
QA-clean. Each test edits its translation file as a reviewer would, then asks the library
or the command line.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli

from bulletin.content.model import State
from bulletin.content.workspace import open_workspace
from bulletin.errors import ExitCode, UsageError

ARTICLE = "2019-05-02-bezrabotitsata-v-sofia"
NUMBERS = "f44be248"  # "… 48,7 хиляди души, с 2,5% по-малко …"
LINKS = "9f848e41"  # "… на [сайта на агенцията](https://az.example.bg/statistika) …"
NUMBER_SLIP = ("48.7 thousand people", "47.8 thousand people")
LINK_DELETED = ("[the agency’s website](https://az.example.bg/statistika)",
                "the agency’s website")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURES / "qa-reviewed", root)
    return root


def translation_file(root: Path) -> Path:
    return root / "articles" / ARTICLE / "en.md"


def edit(root: Path, old: str, new: str) -> None:
    path = translation_file(root)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_source(root: Path, old: str, new: str) -> None:
    path = root / "articles" / ARTICLE / "bg.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(root: Path, words: str) -> int:
    lines = translation_file(root).read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if words in line)


def qa_problems(result_out: str) -> list[dict[str, object]]:
    return [p for p in json.loads(result_out)["problems"] if p["code"] == "qa"]


def test_a_reviewer_changing_a_number_is_warned_by_check(root: Path) -> None:
    assert run_cli("check", "--strict", cwd=root).code == ExitCode.OK  # clean to begin with
    edit(root, *NUMBER_SLIP)
    result = run_cli("check", cwd=root)
    assert result.code == ExitCode.OK, result.err  # a warning, not an error
    line = line_of(root, "47.8 thousand")
    assert (f"articles/{ARTICLE}/en.md:{line}: warning: QA: segment {NUMBERS} (reviewed): "
            "the number 48,7 of the source (48.7 in English) is missing; the translation "
            "has 47.8") in result.err
    assert f"--segment {NUMBERS} --accept-qa" in result.err  # the hint says how to accept
    as_json = run_cli("check", "--json", cwd=root)
    [problem] = qa_problems(as_json.out)
    assert problem["file"] == f"articles/{ARTICLE}/en.md" and problem["line"] == line
    assert problem["severity"] == "warning"
    assert problem["detail"] == {
        "segment": NUMBERS, "state": "reviewed", "rule": "number",
        "message": "the number 48,7 of the source (48.7 in English) is missing; the "
                   "translation has 47.8",
        "source": "48,7", "expected": "48.7", "found": ["47.8"]}


def test_a_reviewer_changing_a_number_fails_check_strict(root: Path) -> None:
    edit(root, *NUMBER_SLIP)
    result = run_cli("check", "--strict", "--json", cwd=root)
    # a QA error is no unfinished translation: strict fails as for any invalid content
    assert result.code == ExitCode.INVALID, result.out
    [problem] = qa_problems(result.out)
    assert problem["severity"] == "error" and problem["detail"]["found"] == ["47.8"]
    assert not [p for p in json.loads(result.out)["problems"] if p["code"] == "incomplete"]


def test_status_shows_the_finding_of_reviewed_text(root: Path) -> None:
    edit(root, *NUMBER_SLIP)
    table = run_cli("status", cwd=root)
    assert table.code == ExitCode.OK, table.err
    header, row = table.out.strip().split("\n")
    assert dict(zip(header.split("\t"), row.split("\t"), strict=True))["qa"] == "1"
    assert f"segment {NUMBERS} (reviewed): the number 48,7" in table.err  # every finding
    [status] = json.loads(run_cli("status", "--json", cwd=root).out)
    assert status["reviewed"] == 3 and status["qa"] == 1 and status["qa_accepted"] == 0
    [finding] = status["qa_findings"]
    assert finding["file"] == f"articles/{ARTICLE}/en.md"
    assert finding["line"] == line_of(root, "47.8 thousand")
    assert finding["detail"]["source"] == "48,7" and finding["detail"]["found"] == ["47.8"]


def test_a_deleted_link_in_reviewed_text_is_warned(root: Path) -> None:
    edit(root, *LINK_DELETED)
    result = run_cli("check", "--json", cwd=root)
    [problem] = qa_problems(result.out)
    assert problem["line"] == line_of(root, "The full statistics")
    assert problem["message"] == (f"QA: segment {LINKS} (reviewed): the link to "
                                  "'https://az.example.bg/statistika' of the source is "
                                  "missing from the translation")
    assert problem["detail"]["source"] == "https://az.example.bg/statistika"
    assert problem["detail"]["found"] == []
    assert run_cli("check", "--strict", cwd=root).code == ExitCode.INVALID


def test_an_accepted_finding_passes_strict_through_the_file(root: Path) -> None:
    from bulletin.translation.qa import accept_findings, acceptance

    edit(root, "2.5% fewer", "two and a half per cent fewer")  # written out on purpose
    assert run_cli("check", "--strict", cwd=root).code == ExitCode.INVALID
    ws = open_workspace(root)
    [accepted] = accept_findings(ws, ARTICLE, ["en"], [NUMBERS])
    assert (accepted.lang, accepted.key) == ("en", NUMBERS)
    assert [(f.rule, f.source, f.expected) for f in accepted.findings] == [
        ("number", "2,5", "2.5")]
    # recorded in the segment's marker, where a person sees it and git shows it
    at = open_workspace(root).translation(open_workspace(root).article(ARTICLE), "en")
    segment = next(a for a in at.segments if a.key == NUMBERS)
    assert segment.accepted == acceptance(segment.segment.text, segment.text)
    assert f"<!-- {NUMBERS} reviewed ok={segment.accepted} -->" in \
        translation_file(root).read_text(encoding="utf-8")
    result = run_cli("check", "--strict", cwd=root)
    assert result.code == ExitCode.OK, result.err
    [status] = json.loads(run_cli("status", "--json", cwd=root).out)
    assert status["qa"] == 0 and status["qa_accepted"] == 1 and status["qa_findings"] == []


def test_the_acceptance_lapses_when_the_translation_changes(root: Path) -> None:
    from bulletin.translation.qa import accept_findings

    edit(root, *NUMBER_SLIP)
    accept_findings(open_workspace(root), ARTICLE, ["en"], [NUMBERS])
    assert run_cli("check", "--strict", cwd=root).code == ExitCode.OK
    edit(root, "47.8 thousand people", "47.9 thousand people")  # another slip
    result = run_cli("check", "--strict", "--json", cwd=root)
    assert result.code == ExitCode.INVALID
    [problem] = qa_problems(result.out)
    assert problem["detail"]["found"] == ["47.9"]


def test_the_acceptance_lapses_when_the_source_changes(root: Path) -> None:
    from bulletin.translation.qa import accept_findings, check_translation
    from bulletin.translation.review import review_article

    edit(root, *NUMBER_SLIP)
    accept_findings(open_workspace(root), ARTICLE, ["en"], [NUMBERS])
    ws = open_workspace(root)
    at = ws.translation(ws.article(ARTICLE), "en")
    assert check_translation(at, ws.config, None) == []
    # the acceptance names the source text too: the same translation of another source
    # (a block keyed by text, a field such as the title) is not covered by it
    segment = next(a for a in at.segments if a.key == NUMBERS)
    segment.segment = replace(segment.segment, text=segment.segment.text + " Още.")
    assert [a.key for a, _ in check_translation(at, ws.config, None)] == [NUMBERS]
    # and in the files: the editor changes the Bulgarian, the segment goes stale (stale
    # text is not checked) and is approved again as it is; its finding is back
    edit_source(root, "през април", "през миналия април")
    ws = open_workspace(root)
    stale = [a for a in ws.translation(ws.article(ARTICLE), "en").segments
             if a.state is State.STALE]
    assert len(stale) == 1 and "47.8" in stale[0].text
    assert qa_problems(run_cli("check", "--json", cwd=root).out) == []
    review_article(ws, ARTICLE, ["en"], [stale[0].key])
    result = run_cli("check", "--strict", "--json", cwd=root)
    [problem] = qa_problems(result.out)
    assert problem["detail"]["segment"] == stale[0].key
    assert problem["detail"]["found"] == ["47.8"]


def test_accepting_refuses_unknown_and_clean_segments(root: Path) -> None:
    from bulletin.translation.qa import accept_findings

    edit(root, *NUMBER_SLIP)
    before = translation_file(root).read_bytes()
    ws = open_workspace(root)
    with pytest.raises(UsageError, match="has no segment 'deadbeef'"):
        accept_findings(ws, ARTICLE, ["en"], [NUMBERS, "deadbeef"])
    with pytest.raises(UsageError, match=f"segment {LINKS} .* has no QA finding"):
        accept_findings(ws, ARTICLE, ["en"], [NUMBERS, LINKS])
    assert translation_file(root).read_bytes() == before  # nothing was written


def test_acceptance_names_both_texts() -> None:
    from bulletin.translation.qa import acceptance

    mark = acceptance("48,7 хиляди", "47.8 thousand")
    assert re.fullmatch(r"[0-9a-f]{8}", mark)
    assert acceptance("48,7  хиляди", "47.8\nthousand") == mark  # white space does not count
    assert acceptance("48,7 хиляди.", "47.8 thousand") != mark
    assert acceptance("48,7 хиляди", "47.8 thousand.") != mark
    assert acceptance("48,7 хиляди47.8", " thousand") != mark  # where one ends matters


def test_an_english_ordinal_counts_as_its_number() -> None:
    # reviewed text is written freely: the sample's "21 век" is "the 21st Century"
    from bulletin.config import Config
    from bulletin.translation.qa import check_segment

    config = Config(root=Path("."), languages=("en",))
    assert check_segment("k", "през 21 век", "in the 21st century", config=config,
                         lang="en", glossary=None) == []
    [finding] = check_segment("k", "през 21 век", "in the 20th century", config=config,
                              lang="en", glossary=None)
    assert (finding.rule, finding.source, finding.found) == ("number", "21", ("20",))


def test_review_accept_qa_through_the_cli(root: Path) -> None:
    """`bulletin review ID --segment KEY --accept-qa`, as the hint in `check` says."""
    edit(root, "2.5% fewer", "two and a half per cent fewer")
    check = run_cli("check", "--strict", cwd=root)
    assert f"--segment {NUMBERS} --accept-qa" in check.err
    assert run_cli("review", ARTICLE, "--accept-qa", cwd=root).code == ExitCode.USAGE
    result = run_cli("review", ARTICLE, "--segment", NUMBERS, "--accept-qa", cwd=root)
    assert result.code == ExitCode.OK, result.err
    assert f"QA accepted for segment {NUMBERS} [en]" in result.out and "2,5" in result.out
    assert run_cli("check", "--strict", cwd=root).code == ExitCode.OK
