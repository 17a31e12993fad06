"""The Jinja2 environment: the workspace's ``templates/`` first, then the built-in ones."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment

BUILTIN = Path(__file__).resolve().parent.parent / "templates"


def template_env(root: Path | None, autoescape: bool) -> Environment:
    folder = root / "templates" if root is not None else None
    return _env(str(folder) if folder is not None and folder.is_dir() else None, autoescape)


@lru_cache(maxsize=8)
def _env(override: str | None, autoescape: bool) -> Environment:
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    loaders = [FileSystemLoader(override)] if override else []
    loaders.append(FileSystemLoader(str(BUILTIN)))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=autoescape,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["wrap"] = wrap_filter
    env.filters["label"] = label_filter
    env.filters["mdquote"] = mdquote_filter
    env.filters["md"] = md_filter
    return env


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
    from bulletin.export.inline import escape_markdown

    return escape_markdown(str(text))
