"""Control characters: the one rule for what counts as one, where they are, how to show one.

A control character is C0 (U+0000-U+001F) other than tab and newline, DEL (U+007F), or C1
(U+0080-U+009F). None belongs in an article, and on a terminal some of them act instead
of showing: ESC starts sequences that clear the screen, retitle the window or make hidden
links (OSC 8), and U+009B does the same on terminals that read C1 codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def codepoint(char: str) -> str:
    """``U+001B`` for ESC: how a message names a character."""
    return f"U+{ord(char):04X}"


def has_controls(text: str) -> bool:
    return CONTROL_RE.search(text) is not None


def find_controls(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each line (1-based) of ``text`` that holds control characters, with the distinct
    ones it holds, in order of appearance."""
    if not has_controls(text):
        return
    for number, line in enumerate(text.split("\n"), start=1):
        found = CONTROL_RE.findall(line)
        if found:
            yield number, list(dict.fromkeys(found))


def escape_controls(text: str) -> str:
    """``text`` with every control character made visible as ``\\u001b`` (and so inert)."""
    return CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
