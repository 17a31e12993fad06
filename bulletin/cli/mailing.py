"""Commands that deliver an edition: send."""

from pathlib import Path

import typer

from bulletin.cli import app


@app.command()
def send(
    file: Path = typer.Argument(..., help="The .eml file to send, as it is."),
    to: list[str] = typer.Option(..., "--to", help="A recipient's address (repeatable)."),
    dry_run: bool = typer.Option(False, "--dry-run",
                                 help="Connect to nothing; say what would be sent, and where."),
    as_json: bool = typer.Option(False, "--json", help="Print what was sent as JSON."),
) -> None:
    """Send an e-mail edition over SMTP, for proofs and small lists.

    The server is [email] in bulletin.toml (host, port, security = starttls | tls | none);
    the login comes only from BULLETIN_SMTP_USER and BULLETIN_SMTP_PASSWORD.

    Example: bulletin send dist/bulletin.eml --to editor@example.bg --to desk@example.bg
    """
    from bulletin.cli.output import print_json, say
    from bulletin.config import open_config
    from bulletin.export.send import send_file

    result = send_file(open_config(), file, to, dry_run=dry_run)
    if as_json:
        print_json(result.as_dict())
        return
    if dry_run:
        say(f"dry run: {result.file} ({result.size} bytes) from {result.sender} to "
            f"{', '.join(result.recipients)} through {result.server}; nothing was sent")
        return
    say(f"sent {result.file} to {', '.join(result.recipients)}")
