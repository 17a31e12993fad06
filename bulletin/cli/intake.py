"""Commands that bring content in: new, import."""

import datetime as dt
from collections import Counter
from pathlib import Path

import typer

from bulletin.cli import app


@app.command()
def new(
    title: str = typer.Argument(..., help="The article's title, in Bulgarian."),
    date: str = typer.Option(None, "--date", help="Publication date, YYYY-MM-DD (default: "
                             "today)."),
    tags: str = typer.Option(None, "--tags", help="Comma-separated tags, e.g. "
                             "'клъстери,събития'."),
    edit: bool = typer.Option(False, "--edit", help="Open the new article in $EDITOR."),
) -> None:
    """Start a Bulgarian article (articles/<date>-<slug>/bg.md) and print its path.

    The id's slug is the title in Latin letters (official transliteration). The file has
    front matter and no body yet, and is a draft (`draft: true`): `bulletin check` lists it
    without failing, and exports leave it out until you delete that line (or export with
    --drafts).

    Example: bulletin new "Щастие в София" --date 2019-04-08 --tags събития
    """
    from bulletin.cli.output import date_option, say, shown_path
    from bulletin.config import open_config
    from bulletin.intake.new import new_article, open_in_editor, parse_tags

    config = open_config()  # settings only: a broken article elsewhere must not stop a new one
    day = date_option(date, "--date") or dt.date.today()
    created = new_article(config, title, day, parse_tags(tags))
    say(shown_path(created.path))
    if edit:
        open_in_editor(created.path)
    else:
        say("write the article below the front matter; it is a draft (draft: true) that "
            "exports leave out until you delete that line", err=True)


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., help="Text dumps, HTML pages, Markdown files or "
                                       "RSS/Atom feeds, in any of UTF-8, windows-1251, KOI8-R, "
                                       "ISO-8859-5; a folder stands for the pages in it."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be created; write "
                                 "nothing."),
    date: str = typer.Option(None, "--date", help="The date (YYYY-MM-DD) of the articles "
                             "imported (default: each page's own date, else the file's "
                             "modification time, marked as a guess)."),
    article_id: str = typer.Option(None, "--id", help="The id of the article (one file only):"
                                   " to import an article whose id is taken."),
    as_json: bool = typer.Option(False, "--json", help="Print what happened to each file as "
                                 "JSON."),
) -> None:
    """Turn existing pages (text dumps, HTML, Markdown) into articles of the workspace.

    Each file becomes articles/<date>-<slug>/bg.md with its front matter.

    Each file is read on its own: its encoding and line ends are detected and converted,
    its title, date (a dateline too), byline, description, image and its credit, related
    news and body are taken out of the page. An RSS or Atom feed gives one article per item.
    A page without a date or a headline still comes in: the date from the file's
    modification time, the title from the first sentence; such an article is a draft that
    lists what was guessed (`guessed:`) until an editor checks it.
    An article already in the workspace with the same content is skipped; a different one
    with the same id is a conflict. A file that cannot be read is reported and the others
    still import; the exit code then says so.

    Example: bulletin import pages/*.html dump.txt news.rss --dry-run

    Example: bulletin import archive/
    """
    from bulletin.cli.output import date_option, print_json, print_problems, say, shown_path
    from bulletin.intake.run import import_files

    report = import_files(files, dry_run=dry_run, date=date_option(date, "--date"),
                          article_id=article_id)
    if as_json:
        print_json({"dry_run": dry_run,
                    "files": [o.as_dict(report.root) for o in report.outcomes]})
    else:  # a line per file, then the counts
        for outcome in report.outcomes:
            if outcome.problem is not None:
                print_problems([outcome.problem])
                continue
            target = shown_path(outcome.path) if outcome.path else outcome.article_id
            details = [*outcome.converted, *outcome.notes]
            line = f"{outcome.status}: {outcome.name} -> {target}"
            if outcome.guessed and outcome.status in ("created", "would create"):
                line += f" [draft: guessed {', '.join(outcome.guessed)}]"
            say(line + (f" ({'; '.join(details)})" if details else ""))
        counts = Counter(outcome.status for outcome in report.outcomes)
        order = ("created", "would create", "skipped", "conflict", "error")
        summary = ", ".join(f"{counts[status]} {status}" for status in order if status in counts)
        drafts = sum(1 for o in report.outcomes
                     if o.guessed and o.status in ("created", "would create"))
        if drafts:
            summary += (f"; {drafts} draft(s) with guesses to check: confirm each, then delete "
                        "its 'guessed:' and 'draft: true' lines (`bulletin check` lists them)")
        say(summary + (" (dry run: nothing was written)" if report.dry_run else ""), err=True)
    if report.exit_code:
        raise typer.Exit(report.exit_code)
