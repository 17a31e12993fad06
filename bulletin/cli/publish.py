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
    from bulletin.init import init_workspace

    path = init_workspace(folder)
    say(path)


@app.command()
def check(
    strict: bool = typer.Option(False, "--strict",
                                help="Fail on warnings and on missing, machine-only or stale "
                                "translations too (for CI)."),
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    """Validate the whole workspace and report every problem at once.

    Example: bulletin check --strict
    """
    from bulletin.check import check_workspace
    from bulletin.cli.output import print_json, print_problems, say
    from bulletin.workspace import open_workspace

    ws = open_workspace(strict_load=False)
    result = check_workspace(ws, strict=strict)
    if as_json:
        print_json({"ok": result.ok, "strict": strict,
                    "problems": [p.as_dict(ws.root) for p in result.problems]})
    else:
        print_problems(result.problems, ws.root)
    if result.ok:
        return
    only_incomplete = len(result.incomplete) == len(result.errors)
    if not as_json:
        say(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)", err=True)
    raise typer.Exit(ExitCode.INCOMPLETE if only_incomplete else ExitCode.INVALID)


@app.command()
def status(
    articles: list[str] = typer.Argument(None, help="Article ids (default: all)."),
    to: list[str] = typer.Option(None, "--to", help="Target language(s) (default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Show, per article and language, how many segments are missing, machine, reviewed or
    stale, and how many fail QA (each QA finding is also printed, on stderr).

    Example: bulletin status --to en --json
    """
    from bulletin.cli.output import print_json, print_problems, print_table
    from bulletin.status import workspace_status
    from bulletin.workspace import open_workspace

    ws = open_workspace()
    rows = workspace_status(ws, articles or (), to or ())
    if as_json:
        print_json([row.as_dict(ws.root) for row in rows])
        return
    print_table("Translation status", ["article", "lang", "missing", "machine", "reviewed",
                                       "stale", "qa"],
                [(r.article, r.lang, r.missing, r.machine, r.reviewed, r.stale, r.qa)
                 for r in rows])
    print_problems([p for r in rows for p in r.findings], ws.root)
