"""``bulletin serve``: a live preview of one bulletin, with the review view."""

import typer

from bulletin.cli import app

# Articles a served page holds unless --per-page says: a month of news on one page, and a
# page small enough to reload within 0.3 s of a save (bench/serve_bench.py).
PER_PAGE = 25


@app.command()
def serve(
    ids: list[str] = typer.Argument(None, metavar="[ID]...",
                                    help="Article ids, or unique starts of them (default: "
                                    "all, or as --since/--until/--tag/--bulletin select)."),
    bulletin: str = typer.Option(None, "--bulletin", "-b", metavar="NAME",
                                 help="Show the [[bulletin]] of bulletin.toml named NAME: "
                                 "its articles, title and layout."),
    since: str = typer.Option(None, "--since", metavar="DATE",
                              help="Only articles dated on or after DATE (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", metavar="DATE",
                              help="Only articles dated on or before DATE (YYYY-MM-DD)."),
    tags: list[str] = typer.Option(None, "--tag", metavar="TAG",
                                   help="Only articles with this tag (repeat for any of "
                                   "several)."),
    drafts: bool = typer.Option(False, "--drafts",
                                help="Show the drafts (draft: true) that the selection covers "
                                "too."),
    layout: str = typer.Option(None, "--layout", "-l", metavar="parallel|sequential|LANG",
                               help="Languages side by side, one after the other, or one "
                               "language alone (default: the bulletin's, else [export] "
                               "layout, else parallel)."),
    machine: str = typer.Option(None, "--machine", metavar="label|hide|refuse",
                                help="Machine translation nobody has reviewed, as export "
                                "would show it (default: [export] machine, else label)."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, metavar="PORT",
                             help="The port on 127.0.0.1 (0: any free one; the URL is "
                             "printed)."),
    per_page: int = typer.Option(PER_PAGE, "--per-page", min=0, metavar="N",
                                 help="At most N articles on a page, in bulletin order "
                                 "(/?page=K shows page K; 0: all on one page)."),
    review: bool = typer.Option(True, "--review/--no-review",
                                help="Show each translated segment's state in the page: "
                                "machine drafts, stale segments with their old and new "
                                "source, missing ones with their source, QA findings. "
                                "Never part of an export."),
) -> None:
    """Preview a bulletin in the browser, rebuilt and reloaded whenever a file changes.

    Serves the HTML bulletin on http://127.0.0.1:PORT/ only (never another interface).
    When an article, a translation, bulletin.toml, the glossary, a template or a catalog
    is saved, the page is made again (only the changed articles are read again) and
    every open page reloads itself, no keypress needed. An article with errors shows the
    problems in the page (and here) until it is fixed. Ctrl-C stops it.

    A large bulletin is shown --per-page articles at a time, with links
    between the pages; only the pages that hold a saved article are made again.

    Example: bulletin serve --since 2019-04-01 --layout sequential --port 8001

    Example: bulletin serve --bulletin april-2019 --no-review

    Example: bulletin serve --per-page 20    (or --per-page 0: every article on one page)
    """
    import dataclasses

    from bulletin.cli.output import date_option, say
    from bulletin.export.serve import serve as serve_bulletin
    from bulletin.export.spec import ExportRequest

    date_from, date_to = date_option(since, "--since"), date_option(until, "--until")
    if bulletin is None:  # the articles selected here
        request = ExportRequest(ids=tuple(ids or ()), date_from=date_from, date_to=date_to,
                                tags=tuple(tags or ()), layout=layout, machine=machine,
                                drafts=drafts)
    elif ids or since or until or tags:
        from bulletin.errors import UsageError

        raise UsageError("--bulletin takes its articles from bulletin.toml",
                         hint="give either --bulletin NAME or article ids, --since, "
                         "--until, --tag")
    else:  # a [[bulletin]] of bulletin.toml
        from bulletin.config import open_config
        from bulletin.export.build import chosen_specs, request_for

        spec = chosen_specs(open_config(), [bulletin])[0]
        chosen = request_for(spec, "html", drafts)
        request = dataclasses.replace(chosen, layout=layout or chosen.layout, machine=machine)

    def tell(line: str) -> None:
        say(line, flush=True)

    serve_bulletin(request, port=port, review=review, per_page=per_page, tell=tell,
                   ready=lambda url: tell(f"serving {url} (Ctrl-C stops)"))
    say("stopped", err=True)

