"""Ids as people type them (a unique start, a near miss), whole ids in `status`, export's
dates spelled --since/--until, and a build without bulletins."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

from bulletin.errors import ExitCode

OTHER_ID = "2019-04-15-izmisleno-sdruzhenie-gradini-na-pokriva"
PREFIX = "2019-04-08-sofia"


@pytest.mark.parametrize("args", [
    ("review", PREFIX), ("diff", PREFIX), ("status", PREFIX),
    ("export", PREFIX, "-f", "txt", "-o", "-"), ("translate", PREFIX, "--provider", "memory"),
    ("exchange", "export", PREFIX, "-o", "out.po"),
])
def test_a_unique_start_of_an_id_is_accepted_everywhere(workspace: Path,
                                                        args: tuple[str, ...]) -> None:
    result = run_cli(*args, cwd=workspace)
    assert result.code == ExitCode.OK, (args, result.err)


def test_the_start_names_the_whole_article(workspace: Path) -> None:
    status = run_cli("status", PREFIX, cwd=workspace)
    assert status.out.splitlines()[1].split("\t")[0] == SAMPLE_ID
    text = run_cli("export", "2019-04-15", "-f", "txt", "-o", "-", cwd=workspace).out
    assert "Измисленото сдружение" in text and "Европейските клъстерни седмици" not in text


def test_an_ambiguous_start_says_which_ids_it_could_mean(workspace: Path) -> None:
    result = run_cli("review", "2019-04", cwd=workspace)
    assert result.code == ExitCode.NOT_FOUND
    assert "'2019-04' starts 2 article ids" in result.err
    assert f"did you mean one of: {SAMPLE_ID}, {OTHER_ID}?" in result.err


@pytest.mark.parametrize(("wanted", "meant"), [
    ("2019-04-08-sofia-se-vkluchi-v-evropeyskite-klasterni-sedmitsi", SAMPLE_ID),  # a typo
    ("izmisleno-sdruzhenie", OTHER_ID),  # the slug without its date
])
def test_an_unknown_id_is_not_found_with_a_suggestion(workspace: Path, wanted: str,
                                                      meant: str) -> None:
    for args in (("review", wanted), ("diff", wanted), ("export", wanted, "-o", "-"),
                 ("status", wanted)):
        result = run_cli(*args, cwd=workspace)
        assert result.code == ExitCode.NOT_FOUND, (args, result.err)
        assert f"no article {wanted!r}" in result.err and f"did you mean {meant}?" in result.err


def test_status_shows_whole_ids_on_a_terminal(workspace: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import bulletin.cli.output

    monkeypatch.setattr(bulletin.cli.output, "is_terminal", lambda: True)
    for columns in ("120", "60"):
        monkeypatch.setenv("COLUMNS", columns)
        result = run_cli("status", cwd=workspace)
        assert result.code == ExitCode.OK, result.err
        assert SAMPLE_ID in result.out and OTHER_ID in result.out, columns
        assert "…" not in result.out


@pytest.mark.parametrize(("old", "new"), [("--from", "--since"), ("--to", "--until")])
def test_the_old_spellings_of_exports_dates_name_the_new_ones(workspace: Path, old: str,
                                                              new: str) -> None:
    result = run_cli("export", old, "2019-04-01", cwd=workspace)
    assert result.code == ExitCode.USAGE
    assert f"export has no {old} option any more: its dates are" in result.err
    assert f"hint: write {new} 2019-04-01" in result.err
    assert not (workspace / "dist").exists()


def test_build_without_bulletins_shows_a_pasteable_example(workspace: Path) -> None:
    toml = workspace / "bulletin.toml"
    toml.write_text('source = "bg"\nlanguages = ["en"]\n', encoding="utf-8")
    result = run_cli("build", cwd=workspace)
    assert result.code == ExitCode.USAGE
    assert "bulletin.toml: error: bulletin.toml lists no [[bulletin]]" in result.err
    example = result.err.split("[[bulletin]]\n", 1)[1]
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[[bulletin]]\n" + example,
                    encoding="utf-8")
    assert tomllib.loads(toml.read_text(encoding="utf-8"))["bulletin"][0]["name"]
    built = run_cli("build", cwd=workspace)
    assert built.code == ExitCode.OK, built.err
    assert (workspace / "dist" / "april-2019.html").is_file()


def test_check_prints_its_summary_with_only_warnings(workspace: Path) -> None:
    (workspace / "articles" / OTHER_ID / "en.md").unlink()
    result = run_cli("check", cwd=workspace)
    assert result.code == ExitCode.OK
    assert "warning: translation not finished" in result.err
    assert result.err.rstrip().splitlines()[-1] == "0 error(s), 1 warning(s)"
