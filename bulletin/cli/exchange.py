"""Commands for human translators and CAT tools: exchange export|import (PO, XLIFF) and
memory export|import (TMX)."""

from pathlib import Path

import typer

from bulletin.cli import app


def _group(name: str, help: str) -> typer.Typer:
    """A command with subcommands (``bulletin NAME export|import``), added to ``app``."""
    group = typer.Typer(name=name, help=help, no_args_is_help=True, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"]})
    app.add_typer(group, name=name)
    return group


exchange_app = _group(
    "exchange", "Send segments to human translators as PO or XLIFF, and bring their work "
    "back.\n\nExample: bulletin exchange export --to en --format xliff -o april.xlf")
memory_app = _group("memory", "Move the translation memory to and from CAT tools as TMX "
                    "1.4.\n\nExample: bulletin memory export --tmx memory.tmx")


@exchange_app.command("export")
def exchange_export(
    articles: list[str] = typer.Argument(None, help="Article ids (default: all)."),
    to: str = typer.Option(None, "--to", help="Target language (default: the workspace's "
                           "only one)."),
    fmt: str = typer.Option(None, "--format", help="po or xliff (default: from the file "
                            "name: .po, .xlf, .xliff)."),
    everything: bool = typer.Option(False, "--all", help="Every segment, not only the "
                                    "missing and stale ones (as --state with every state)."),
    states: str = typer.Option(None, "--state", metavar="STATE,…",
                               help="The segments to send, by state: any of missing, stale, "
                               "machine, reviewed, comma-separated (default: missing,stale). "
                               "missing,stale,machine sends the machine drafts too, for "
                               "post-editing."),
    output: Path = typer.Option(..., "-o", "--output", help="The file to write."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Write the missing and stale segments of articles (or those of the --state given) to
    a PO or XLIFF 1.2 file, with their context (article, previous source, glossary notes),
    for a human translator. Machine drafts and stale text go with their text, marked for
    review (fuzzy in PO), so that a translator post-edits them.

    Example: bulletin exchange export --to en --format po -o april-en.po

    Example: bulletin exchange export --state missing,stale,machine -o post-edit.po
    """
    from bulletin.cli.output import print_json, say, shown_path
    from bulletin.content.workspace import open_workspace
    from bulletin.exchange import export_exchange
    from bulletin.exchange.units import parse_states

    if states is not None and everything:
        from bulletin.errors import UsageError

        raise UsageError("--all and --state choose the segments both",
                         hint="give one of them: --all is every state")
    chosen = parse_states(states) if states is not None else None
    ws = open_workspace()
    summary = export_exchange(ws, output, lang=to, ids=articles or (), fmt=fmt,
                              include_all=everything, states=chosen)
    if as_json:
        print_json(summary.as_dict())
        return
    if not summary.segments:
        say(f"nothing to translate into {summary.lang}; wrote an empty "
            f"{summary.format} file: {shown_path(summary.path)}")
        return
    states = ", ".join(f"{n} {state}" for state, n in summary.counts.items() if n)
    say(f"wrote {shown_path(summary.path)}: {summary.segments} segment(s) of "
        f"{summary.articles} article(s) into {summary.lang} ({states})")


@exchange_app.command("import")
def exchange_import(
    files: list[Path] = typer.Argument(..., help="PO or XLIFF files (told apart by content)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the files and show what "
                                 "would change; write nothing."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcome as JSON."),
) -> None:
    """Store the finished translations of PO or XLIFF files as reviewed; refuse (and change
    nothing) if a file no longer matches the articles.

    Example: bulletin exchange import april-en.po --dry-run
    """
    from bulletin.cli.output import print_json, say, shown_path
    from bulletin.content.workspace import open_workspace
    from bulletin.exchange import import_exchange

    ws = open_workspace()
    outcome = import_exchange(ws, files, dry_run=dry_run)
    if as_json:
        print_json(outcome.as_dict())
        return
    for result in outcome.files:
        if dry_run:
            say(f"{shown_path(result.path)}: would store {result.stored}, leave {result.unchanged} "
                f"unchanged, skip {result.skipped} (untranslated or marked for review)")
        else:
            say(f"{shown_path(result.path)}: {result.stored} stored, {result.unchanged} "
                f"unchanged, {result.skipped} skipped (untranslated or marked for review)")
    verb = "would update" if dry_run else "updated"
    if outcome.articles:
        say(f"{verb} {len(outcome.articles)} translation(s): {', '.join(outcome.articles)}")
    else:
        say("no translation changed")


@memory_app.command("export")
def memory_export(
    tmx: Path = typer.Option(..., "--tmx", help="The TMX file to write."),
    to: str = typer.Option(None, "--to", help="Only this target language (default: all)."),
    as_json: bool = typer.Option(False, "--json", help="Print what was written as JSON."),
) -> None:
    """Write the translation memory as TMX 1.4, for a CAT tool (Trados, memoQ, OmegaT).

    Example: bulletin memory export --tmx memory.tmx --to en
    """
    from bulletin.cli.output import print_json, say, shown_path
    from bulletin.content.workspace import open_workspace
    from bulletin.exchange import export_memory

    summary = export_memory(open_workspace(), tmx, lang=to)
    if as_json:
        print_json(summary.as_dict())
        return
    say(f"wrote {shown_path(summary.path)}: {summary.entries} entr"
        f"{'y' if summary.entries == 1 else 'ies'}")


@memory_app.command("import")
def memory_import(
    files: list[Path] = typer.Argument(..., help="TMX files from any CAT tool."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Add the translations of TMX files to the translation memory, as reviewed.

    Example: bulletin memory import from-trados.tmx
    """
    from bulletin.cli.output import print_json, say, shown_path
    from bulletin.content.workspace import open_workspace
    from bulletin.exchange import import_memory

    outcomes = import_memory(open_workspace(), files)
    if as_json:
        print_json([o.as_dict() for o in outcomes])
        return
    for outcome in outcomes:
        reasons = "; ".join(f"{n} {why}" for why, n in sorted(outcome.skipped.items()))
        say(f"{shown_path(outcome.path)}: {outcome.added} added, "
            f"{sum(outcome.skipped.values())} skipped" + (f" ({reasons})" if reasons else ""))
