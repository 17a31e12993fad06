"""Commands that translate and review: translate, review, diff."""

import sys
from typing import Any

import typer

from bulletin.cli import app


@app.command()
def translate(
    articles: list[str] = typer.Argument(None, help="Article ids (default: all)."),
    to: list[str] = typer.Option(None, "--to", help="Target language(s) (default: all)."),
    provider: str = typer.Option(None, "--provider",
                                 help="Translation service (default: [translate] provider in "
                                 "bulletin.toml); 'memory' sends nothing."),
    force: bool = typer.Option(False, "--force",
                               help="Translate machine and reviewed segments again too, and "
                               "replace a person's stale text, skipping the memory."),
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Send and write nothing; say what would be billed."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Fill missing and stale segments from the translation memory, then a provider.

    Reviewed segments are never overwritten (unless --force): when the Bulgarian of a
    reviewed segment changes, its English stays, marked stale, and the new machine draft
    goes beside it as a suggestion (see `bulletin diff`). Each article's file is saved as
    soon as its segments are in; Ctrl-C keeps what was finished.

    Example: bulletin translate --provider libre --to en
    """
    from bulletin.cli.output import print_json, print_problems, say
    from bulletin.content.workspace import open_workspace
    from bulletin.translation.translate import translate_workspace

    ws = open_workspace()
    with _Bar(enabled=not as_json) as bar:
        summary = translate_workspace(ws, ids=articles or (), langs=to or (),
                                      provider=provider, force=force, dry_run=dry_run,
                                      progress=bar)
    if as_json:
        print_json(summary.as_dict(ws.root))
        return
    print_problems(summary.warnings, ws.root)
    if summary.not_loaded:
        shown = summary.not_loaded[:5]
        more = f" and {len(summary.not_loaded) - 5} more" if len(summary.not_loaded) > 5 else ""
        say(f"note: {len(summary.not_loaded)} article(s) not ready to translate were left out: "
            f"{', '.join(shown)}{more} (`bulletin check` says why)", err=True)
    if summary.dry_run:
        say(f"dry run ({summary.provider}): {summary.from_memory} segment(s) from the memory; "
            f"{summary.to_send} segment(s) ({summary.texts_sent} distinct text(s), "
            f"{summary.characters} characters) would be sent; nothing was sent or written")
        return
    lines = [f"provider: {summary.provider}",
             f"from the memory: {summary.from_memory} segment(s)",
             f"from the provider: {summary.from_provider} segment(s) in {summary.requests} "
             f"request(s), {summary.characters} characters billed"
             + (f", {summary.retries} retried" if summary.retries else ""),
             f"QA warnings: {len(summary.warnings)}",
             f"files written: {len(summary.written)}"]
    if summary.left_missing:
        lines.append(f"still untranslated: {summary.left_missing} segment(s)")
    if summary.waiting:
        lines.append(f"waiting for a reviewer: {summary.waiting} stale segment(s) keep a "
                     "person's English" + (f" ({summary.suggested} with a new suggestion)"
                                           if summary.suggested else "")
                     + "; see `bulletin diff ID`, then `bulletin review ID --segment KEY`")
    say("\n".join(lines))


class _Bar:
    """A rich progress bar on stderr when it is a terminal; silence otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.progress: Any = None
        self.task: Any = None
        if enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.progress = Progress(console=Console(stderr=True), transient=True)

    def start(self, total: int, description: str) -> None:
        if self.progress is not None:
            self.progress.start()
            self.task = self.progress.add_task(description, total=total)

    def advance(self, count: int = 1) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task, count)

    def __enter__(self) -> "_Bar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


@app.command()
def review(
    article: str = typer.Argument(..., help="The article id."),
    to: list[str] = typer.Option(None, "--to", help="Target language(s) (default: all)."),
    segment: list[str] = typer.Option(None, "--segment",
                                      help="Approve only these segments (keys as in the "
                                      "translation file: title, 1a2b3c4d, …); a stale "
                                      "segment is approved only when named here."),
    stale: bool = typer.Option(False, "--stale",
                               help="Approve the stale segments too, after showing each."),
    use_suggestion: bool = typer.Option(False, "--use-suggestion",
                                        help="For the stale segments approved, take the "
                                        "suggested draft of the new source as the text."),
    typography: bool = typer.Option(False, "--typography",
                                    help="Set the English (or other target) in its own "
                                    "typography first: quotation marks, dashes, ellipses."),
    accept_qa: bool = typer.Option(False, "--accept-qa",
                                   help="Also accept the QA findings of the --segment(s) "
                                   "named (an intended difference of numbers, links, "
                                   "terms); recorded in the file until either text changes."),
    as_json: bool = typer.Option(False, "--json", help="Print what was approved as JSON."),
) -> None:
    """Approve an article's machine drafts (or the segments given): they become reviewed
    and the tool will never overwrite them.

    A stale segment (its Bulgarian changed after it was translated) is left alone unless
    named with --segment or --stale; its old source, new source and English are printed
    as it is approved.

    Example: bulletin review 2019-04-08-sofia-cluster-weeks --to en --segment 10321f5b

    Example: bulletin review 2019-04-08-sofia-cluster-weeks --segment 10321f5b --accept-qa
    """
    from bulletin.cli.output import print_json, say
    from bulletin.content.workspace import open_workspace
    from bulletin.translation.review import review_article

    if accept_qa and not segment:
        from bulletin.errors import UsageError

        raise UsageError("--accept-qa needs the segments whose findings you accept",
                         hint="name them with --segment KEY; `bulletin check` shows the keys")
    ws = open_workspace()
    results = review_article(ws, article, to or (), segment or (), stale=stale,
                             use_suggestion=use_suggestion, typography=typography)
    accepted = []
    if accept_qa:
        from bulletin.translation.qa import accept_findings

        ws = open_workspace()  # read again: the review may have written the files
        accepted = accept_findings(ws, article, to or (), segment or ())
    if as_json:
        print_json([r.as_dict() for r in results] if not accept_qa else
                   {"review": [r.as_dict() for r in results],
                    "accepted_qa": [a.as_dict() for a in accepted]})
        return
    for item in accepted:
        say(f"QA accepted for segment {item.key} [{item.lang}]: "
            + "; ".join(f.message for f in item.findings))
    for result in results:
        for change in result.stale_approved:
            _print_change(change, "approved")
        if result.typeset:
            say(f"typography set for {len(result.typeset)} segment(s): "
                + ", ".join(result.typeset))
        say(f"{result.article} [{result.lang}]: {len(result.approved)} approved, "
            f"{result.already} already reviewed"
            + (f", {len(result.skipped)} without a translation (run `bulletin translate`)"
               if result.skipped else ""))
        if result.stale_left:
            keys = " ".join(f"--segment {c.key}" for c in result.stale_left)
            say(f"left alone: {len(result.stale_left)} stale segment(s) whose Bulgarian "
                f"changed; read them with `bulletin diff {result.article}`, then "
                f"`bulletin review {result.article} {keys}`")


def _print_change(change: Any, verdict: str = "") -> None:
    from bulletin.cli.output import say
    from bulletin.translation.review import render_word_diff

    where = f" (line {change.line})" if change.line else ""
    say(f"== segment {change.key}{where}" + (f": {verdict}" if verdict else ""))
    say(f"old source:  {change.old_source or '(not known)'}")
    say(f"new source:  {change.new_source}")
    if change.words:
        say(f"changes:     {render_word_diff(change.words)}")
    say(f"translation: {change.translation}")
    if change.suggestion:
        say(f"suggestion:  {change.suggestion}")
    say()


@app.command()
def diff(
    article: str = typer.Argument(..., help="The article id."),
    to: str = typer.Option(None, "--to", help="Target language (default: the first)."),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
) -> None:
    """Show each changed (stale) segment: its old source, its new source, a word diff, the
    translation made from the old source, and a suggested draft of the new one if any.

    Example: bulletin diff 2019-04-08-sofia-cluster-weeks --to en
    """
    from bulletin.cli.output import print_json, say
    from bulletin.content.workspace import open_workspace
    from bulletin.translation.review import diff_article

    ws = open_workspace()
    changes = diff_article(ws, article, to)
    if as_json:
        print_json([c.as_dict() for c in changes])
        return
    if not changes:
        say("no changed segments: every translation matches its source")
        return
    for change in changes:
        _print_change(change)
