"""Commands that look at and publish the workspace: init, check, status, export, build."""

from pathlib import Path

import typer

from bulletin.cli import app
from bulletin.errors import ExitCode


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="Where to make the workspace."),
) -> None:
    """Make a new workspace: bulletin.toml, articles/ and a .gitignore.

    Example: bulletin init newsroom
    """
    from bulletin.cli.output import say
    from bulletin.content.init import init_workspace

    path = init_workspace(folder)
    say(path)


@app.command()
def check(
    strict: bool = typer.Option(False, "--strict",
                                help="Fail on warnings and on missing, machine-only or stale "
                                "translations too (for CI)."),
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    """Validate the whole workspace and report every problem at once, then a summary line.

    Drafts are listed (and what an import guessed in them) without failing the check;
    with --strict a draft fails it only if a [[bulletin]] of bulletin.toml chooses it.

    Example: bulletin check --strict
    """
    from bulletin.checks.check import check_workspace
    from bulletin.checks.survey import survey_workspace
    from bulletin.cli.output import print_json, print_problems, say

    ws = survey_workspace()
    result = check_workspace(ws, strict=strict)
    if as_json:
        print_json({"ok": result.ok, "strict": strict,
                    "problems": [p.as_dict(ws.root) for p in result.problems]})
    else:
        print_problems(result.problems, ws.root)
        say(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)", err=True)
    if result.ok:
        return
    only_incomplete = len(result.incomplete) == len(result.errors)
    raise typer.Exit(ExitCode.INCOMPLETE if only_incomplete else ExitCode.INVALID)


@app.command()
def status(
    articles: list[str] = typer.Argument(None, help="Article ids, or unique starts of them "
                                         "(default: all)."),
    to: list[str] = typer.Option(None, "--to", help="Target language(s) (default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Show, per article and language, how many segments are missing, machine, reviewed or
    stale, how many fail QA, and what is wrong with the article (drafts, guesses, errors).
    An article that does not load has a row of its own. Each QA finding and problem is
    also printed, on stderr.

    Example: bulletin status --to en --json
    """
    from bulletin.checks.status import workspace_status
    from bulletin.checks.survey import survey_workspace
    from bulletin.cli.output import print_json, print_problems, print_table

    ws = survey_workspace()
    rows = workspace_status(ws, articles or (), to or ())
    stopping = ws.stopping()
    if as_json:
        print_json([row.as_dict(ws.root) for row in rows])
    else:
        print_table("Translation status", ["article", "lang", "missing", "machine",
                                           "reviewed", "stale", "qa", "problems"],
                    [(r.article, r.lang, *((r.missing, r.machine, r.reviewed, r.stale, r.qa)
                                           if r.loaded else ("-",) * 5), r.problem_summary)
                     for r in rows])
        shown = list(dict.fromkeys([*ws.settings_problems, *stopping,
                                    *(p for r in rows for p in (*r.problems, *r.findings))]))
        print_problems(shown, ws.root)
    if stopping:
        raise typer.Exit(ExitCode.INVALID)
