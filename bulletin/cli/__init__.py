"""The command line: parse, call one library function, render its result.

Every command lives in a small module of this package and registers itself on ``app``;
``run`` is the one error boundary that turns a ``BulletinError`` into a message and an
exit code. Library modules are imported inside the commands, so ``--version`` stays fast.
"""

from __future__ import annotations

import os

import typer

from bulletin import __version__

app = typer.Typer(
    name="bulletin",
    help="Bilingual news bulletins from Bulgarian articles.\n\n"
    "Example: bulletin export --format html -o bulletin.html",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"bulletin {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Options before any command; the help shown is the app's, given above."""


def _register() -> None:
    # each module adds its commands to `app`; imported for that side effect
    from bulletin.cli import (  # noqa: F401
        exchange,
        exporting,
        intake,
        mailing,
        names,
        publish,
        serving,
        translating,
    )


def run(argv: list[str]) -> int:
    """Run one command; every failure becomes a message on stderr and an exit code.

    Typer handles usage errors (exit 2) itself; everything the library raises on purpose
    is a ``BulletinError`` and is rendered here, once.
    """
    from bulletin.cli.output import print_error, say
    from bulletin.errors import BulletinError, ExitCode

    if argv == ["--version"]:  # the option's own callback, before any command is built
        try:
            _version(True)
        except typer.Exit:
            return ExitCode.OK
    _register()
    try:
        app(args=argv, prog_name="bulletin")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else ExitCode.ERROR)
    except KeyboardInterrupt:
        say("\ninterrupted: finished work was saved", err=True)
        return ExitCode.INTERRUPTED
    except BulletinError as exc:
        print_error(exc)
        return int(exc.exit_code)
    except Exception as exc:  # the one place a bug meets the user
        from bulletin.export.templates import template_error

        failed = template_error(exc)  # a workspace template's mistake is no bug of ours
        if failed is not None:
            print_error(failed)
            return int(failed.exit_code)
        if os.environ.get("BULLETIN_TRACEBACK"):
            raise
        say(f"error: internal error: {type(exc).__name__}: {exc}\n"
            "  hint: this is a bug in bulletin; run again with BULLETIN_TRACEBACK=1 and "
            "report the traceback", err=True)
        return ExitCode.ERROR
    return ExitCode.OK
