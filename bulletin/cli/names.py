"""The names command: every name in the articles, and how each translation spells it."""

import typer

from bulletin.cli import app

SHOWN_PLACES = 5  # where a spelling other than the expected one is, per line


@app.command()
def names(
    articles: list[str] = typer.Argument(None, help="Article ids, or unique starts of them "
                                         "(default: all)."),
    to: list[str] = typer.Option(None, "--to", help="Target language(s) (default: all)."),
    differing: bool = typer.Option(False, "--differing",
                                   help="Only the names that some translation spells "
                                   "otherwise, or lacks."),
    as_json: bool = typer.Option(False, "--json", help="Print the names as JSON."),
) -> None:
    """List every name in the articles (people, places, organisations, the glossary's
    names) with its expected spelling (the glossary's, or the official transliteration)
    and each spelling the machine and reviewed translations use, with the file and line
    of each one that differs.

    Example: bulletin names --differing --to en
    """
    from bulletin.cli.output import print_json, say
    from bulletin.content.workspace import open_workspace
    from bulletin.translation.spellings import workspace_names

    ws = open_workspace()
    entries = workspace_names(ws, articles or (), to or (), differing=differing)
    if as_json:
        print_json([e.as_dict(ws.root) for e in entries])
        return
    for entry in entries:
        langs = sorted({use.lang for use in entry.uses})
        expected = {lang: entry.expected(lang) for lang in langs}
        shown = (next(iter(expected.values())) if len(set(expected.values())) == 1 else
                 "; ".join(f"{lang}: {value}" for lang, value in expected.items()))
        say(f"{entry.name} -> {shown}" + (" (glossary)" if entry.glossary else ""))
        for lang, spelling, uses in entry.spellings():
            article_count = len({use.article for use in uses})
            count = f"{len(uses)} segment(s) in {article_count} article(s)"
            if entry.agrees(lang, spelling):
                say(f"  {lang}: {spelling}  {count}")
                continue
            places = ", ".join(use.location(ws.root) for use in uses[:SHOWN_PLACES])
            more = f" and {len(uses) - SHOWN_PLACES} more" if len(uses) > SHOWN_PLACES else ""
            say(f"  {lang}: {spelling or '(not found)'}  {count}: {places}{more}")
    differ = sum(1 for e in entries if e.differs)
    say(f"{len(entries)} name(s), {differ} spelled otherwise or missing somewhere", err=True)
