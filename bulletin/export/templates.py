"""The Jinja2 environment: the workspace's ``templates/`` first, then the built-in ones."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from bulletin.errors import InvalidInput
from bulletin.fsio import confined, read_text

if TYPE_CHECKING:
    from jinja2 import Environment

BUILTIN = Path(__file__).resolve().parent.parent / "templates"


def template_env(root: Path | None, autoescape: bool) -> Environment:
    """The templates of the workspace at ``root`` over the built-in ones; the workspace's
    are read like every workspace file, never through a link out of the workspace."""
    own = root is not None and confined(root, root / "templates").is_dir()
    return _env(str(root) if own else None, autoescape)


@lru_cache(maxsize=8)
def _env(root: str | None, autoescape: bool) -> Environment:
    from jinja2 import (
        BaseLoader,
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        FunctionLoader,
        StrictUndefined,
    )

    loaders: list[BaseLoader] = []
    if root:
        loaders.append(FunctionLoader(partial(_workspace_template, Path(root))))
    loaders.append(FileSystemLoader(str(BUILTIN)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=autoescape,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["wrap"] = wrap_filter
    env.filters["label"] = label_filter
    env.filters["mdquote"] = mdquote_filter
    env.filters["md"] = md_filter
    return env


def _workspace_template(root: Path, name: str) -> tuple[str, str, Callable[[], bool]] | None:
    """``templates/<name>`` of the workspace: source, file name, and whether it is unchanged."""
    from jinja2.loaders import split_template_path

    path = confined(root, root.joinpath("templates", *split_template_path(name)))
    if not path.is_file():
        return None
    stamp = _stamp(path)
    return read_text(path).text, str(path), lambda: _stamp(path) == stamp


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def template_error(exc: BaseException) -> InvalidInput | None:
    """A Jinja2 error in one of the workspace's templates, as an input error that names the
    template's file and line; None for any other exception, and for an error in a built-in
    template (that is a bug in bulletin)."""
    jinja2 = sys.modules.get("jinja2")  # not loaded: no template ran, so this is no template's
    if jinja2 is None or not isinstance(exc, jinja2.TemplateError):
        return None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename, line = exc.filename, exc.lineno
        what = f"syntax error: {exc.message}"
    else:
        filename, line = _template_frame(exc.__traceback__)
        what = (f"no template named {exc.message}" if isinstance(exc, jinja2.TemplateNotFound)
                else str(exc.message or type(exc).__name__))
    path = Path(filename) if filename else None
    if path is not None and path.is_relative_to(BUILTIN):
        return None
    return InvalidInput(f"the template failed: {what}", path=path, line=line,
                        hint="fix the template at that line, or delete it to use the built-in "
                        "one")


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The template file and line where a rendering error happened: Jinja2 puts the
    template's own lines into the traceback; the innermost one is where it failed."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.endswith(".py") and not filename.startswith("<"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def wrap_filter(text: str, width: int, first: str = "", rest: str = "") -> str:
    from bulletin.export.text import wrap

    return "\n".join(wrap(str(text), width, first, rest))


def label_filter(text: str, lang: str, size: int = 4) -> str:
    """A block of plain text with its language before the first line: ``EN  On 26 …``."""
    lines = str(text).split("\n")
    head = lang.upper().ljust(size)
    pad = " " * size
    return "\n".join([head + lines[0], *[(pad + line) if line else "" for line in lines[1:]]])


def mdquote_filter(text: str, label: str = "") -> str:
    """A Markdown block as a quote, with an optional bold label line first."""
    lines = ([f"**{label}**", ""] if label else []) + str(text).split("\n")
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def md_filter(text: str) -> str:
    """Plain text escaped for Markdown."""
    from bulletin.export.markdown import escape_markdown

    return escape_markdown(str(text))
