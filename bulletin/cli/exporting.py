"""Commands that write bulletins: export (one, as asked) and build (all of bulletin.toml)."""

from pathlib import Path

import typer

from bulletin.cli import app


def _renamed(value: str | None, old: str) -> None:
    """Refuse an option export no longer has, naming the one that took its place."""
    if value is None:
        return
    from bulletin.errors import UsageError

    new = {"--from": "--since", "--to": "--until"}[old]
    raise UsageError(f"export has no {old} option any more: its dates are {new} (and "
                     "--since), --to names a language in the other commands",
                     hint=f"write {new} {value}" if value[:1].isdigit() else
                     f"write {new} DATE, e.g. {new} 2019-04-30")


@app.command()
def export(
    ids: list[str] = typer.Argument(None, metavar="[ID]...",
                                    help="Article ids, or unique starts of them (default: "
                                    "all, or as --since/--until/--tag select)."),
    since: str = typer.Option(None, "--since", metavar="DATE",
                              help="Only articles dated on or after DATE (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", metavar="DATE",
                              help="Only articles dated on or before DATE (YYYY-MM-DD)."),
    old_from: str = typer.Option(None, "--from", hidden=True),
    old_to: str = typer.Option(None, "--to", hidden=True),
    tags: list[str] = typer.Option(None, "--tag", metavar="TAG",
                                   help="Only articles with this tag (repeat for any of "
                                   "several)."),
    drafts: bool = typer.Option(False, "--drafts",
                                help="Take the drafts (draft: true) that the selection "
                                "covers too; they are left out otherwise."),
    fmt: str = typer.Option(None, "--format", "-f", metavar="html|md|txt|email|atom",
                            help="Output format (default: [export] format, else html): "
                            "email writes an .eml message (text and mail HTML), atom one "
                            "feed per language (dist/bulletin.<lang>.atom)."),
    layout: str = typer.Option(None, "--layout", "-l", metavar="parallel|sequential|LANG",
                               help="Languages side by side, one after the other, or one "
                               "language alone (default: [export] layout, else parallel)."),
    title: str = typer.Option(None, "--title", help="The bulletin's title (default: a "
                              "localised 'News bulletin')."),
    fallback: str = typer.Option(None, "--fallback", metavar="placeholder|source",
                                 help="Where a translation is missing: a placeholder note, "
                                 "or the source text marked as such."),
    machine: str = typer.Option(None, "--machine", metavar="label|hide|refuse",
                                help="Machine translation nobody has reviewed: publish it with "
                                "a label, leave it out (as if missing), or refuse to export "
                                "(default: [export] machine, else label)."),
    page_break: str = typer.Option(None, "--page-break", metavar="none|article",
                                   help="html, when printed: start each article on a new page "
                                   "(article), or let pages break where they fill (default: "
                                   "[export] page_break, else none). Nothing changes on "
                                   "screen."),
    width: int = typer.Option(None, "--width", min=20, max=400,
                              help="Line width of text output (default 72)."),
    split: int = typer.Option(None, "--split", min=1, metavar="N",
                              help="email: one message per N articles "
                              "(dist/bulletin.1.eml, dist/bulletin.2.eml, …)."),
    no_images: bool = typer.Option(False, "--no-images",
                                   help="email: leave the articles' pictures out (their "
                                   "text stays) instead of attaching them as cid: parts."),
    assets: str = typer.Option(None, "--assets", metavar="DIR",
                               help="html, md: copy the articles' pictures into DIR (one "
                               "folder per article) and link them from the bulletin, "
                               "instead of embedding them in the HTML page (md default: "
                               "<output stem>_files beside the file). Same rules as -o."),
    output: str = typer.Option(None, "--output", "-o", metavar="PATH",
                               help="Where to write ('-' for standard output; default: "
                               "dist/bulletin.<format> in the workspace). An existing file "
                               "is replaced only if bulletin wrote it."),
    force: bool = typer.Option(False, "--force",
                               help="Replace an existing file that bulletin did not write. "
                               "The workspace's own files (articles, bulletin.toml, "
                               "glossary.csv, templates/, locales/, .bulletin/) are never "
                               "replaced."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON "
                                 "(with -o -, on standard error: standard output holds the "
                                 "bulletin)."),
) -> None:
    """Write one bulletin of the selected articles, with their translations.

    Prints the path of the file written. With -o - the bulletin goes to standard output,
    and --json puts its summary on standard error instead of the usual notes. Drafts are
    left out (unless --drafts); an article with errors stops the export only if the
    bulletin takes it, and is named otherwise. An HTML bulletin prints on A4 from a
    browser or with chromium --headless --print-to-pdf (docs/exporting.md, Printing).

    Example: bulletin export --since 2019-04-01 --until 2019-04-30 --format md -o april.md

    Example: bulletin export --format email --split 10

    Example: bulletin export --page-break article -o dist/print.html

    Example: bulletin export -o dist/april.html --assets dist/april-pictures
    """
    from bulletin.cli.output import date_option, document_stream, print_json, say
    from bulletin.export.request import export as export_bulletin
    from bulletin.export.spec import ExportRequest

    _renamed(old_from, "--from")
    _renamed(old_to, "--to")
    request = ExportRequest(ids=tuple(ids or ()), date_from=date_option(since, "--since"),
                            date_to=date_option(until, "--until"), tags=tuple(tags or ()),
                            format=fmt, layout=layout, title={"*": title} if title else {},
                            fallback=fallback, width=width, machine=machine,
                            page_break=page_break, drafts=drafts, split=split,
                            images=not no_images, assets=assets)
    to_stream = output == "-"
    destination = document_stream() if to_stream else Path(output) if output else None
    result = export_bulletin(request, destination, force=force)
    if as_json and to_stream:  # stderr then holds the JSON alone: it says the machine count
        print_json(result.as_dict(), err=True)
        return
    if as_json:
        print_json(result.as_dict())
    elif not to_stream:
        for path in result.written:
            say(path)
    if summary := result.machine.summary():  # how much machine translation went out, if any
        say(summary, err=True)
    for warning in result.warnings:
        say(f"warning: {warning}", err=True)
    if not as_json:
        for note in result.notes():
            say(f"note: {note}", err=True)


@app.command()
def build(
    names: list[str] = typer.Argument(None, metavar="[NAME]...",
                                      help="Bulletins to build (default: all of "
                                      "bulletin.toml)."),
    check: bool = typer.Option(False, "--check",
                               help="First check the settings and the articles the "
                               "bulletins take as `check --strict` does; write nothing if "
                               "anything is missing, stale or wrong."),
    drafts: bool = typer.Option(False, "--drafts",
                                help="Take the drafts that each bulletin's selection covers "
                                "too; they are left out otherwise."),
    as_json: bool = typer.Option(False, "--json", help="Print the files written as JSON."),
) -> None:
    """Write every [[bulletin]] of bulletin.toml, in each of its formats, to dist/.

    An article with errors stops only the bulletins that take it; drafts are left out
    (unless --drafts).

    Example: bulletin build --check
    """
    from bulletin.cli.output import is_terminal, print_json, say
    from bulletin.export.build import build_bulletins

    if as_json or not is_terminal():
        written = build_bulletins(names or (), check=check, drafts=drafts)
    else:
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("building", total=None)

            def progress(item: object, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total,
                           description=str(getattr(item, "name", "")))

            written = build_bulletins(names or (), check=check, drafts=drafts,
                                      progress=progress)
    if as_json:
        print_json([item.as_dict() for item in written])
    else:  # once every file is in place: build writes all of them or none
        for item in written:
            say(item.path)
    told: set[str] = set()
    for item in written:  # every format of a bulletin holds the same segments: say it once
        if item.name not in told:
            told.add(item.name)
            if summary := item.machine.summary():
                say(f"{item.name}: {summary}", err=True)
            if not as_json:
                for note in item.notes:
                    say(f"note: {item.name}: {note}", err=True)

