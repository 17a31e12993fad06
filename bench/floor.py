"""The least an export of a workspace can cost in Python: a reference, not our code.

    python bench/floor.py WORKSPACE

Reads every article's files (``articles/*/*.md``) in as many processes as the machine has
cores, loads each front matter with PyYAML's C loader and hands each body to the compiled
Markdown engine once, for its HTML; it writes nothing and checks nothing. Every export
does at least this much (its source and translation files read, their front matter
loaded, their bodies parsed), so the time of this process, start-up included, is a floor
under any cold export or check of the same workspace written in Python: what a target
leaves above it is all the time there is for segments, alignment, typography, the link
policy, QA, templates and the page. ``export_bench.py`` times it in the same rounds as
Hugo and ``bulletin``.
"""

from __future__ import annotations

import os
import sys
from multiprocessing import get_context
from pathlib import Path

import pyromark
import yaml

ENGINE = pyromark.Markdown(options=pyromark.Options.ENABLE_TABLES)


def read(folder: str) -> int:
    """Bytes of HTML made from one article folder's files."""
    made = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.endswith(".md"):
                continue
            with open(entry.path, encoding="utf-8") as file:
                text = file.read()
            _, head, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
            yaml.load(head, Loader=yaml.CSafeLoader)  # noqa: S506 - a safe loader
            made += len(ENGINE.html(body))
    return made


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    root = Path(argv[0]) / "articles"
    folders = sorted(entry.path for entry in os.scandir(root) if entry.is_dir())
    cores = os.cpu_count() or 1
    chunk = max(1, len(folders) // (8 * cores))
    with get_context("fork").Pool(cores) as pool:
        made = sum(pool.imap_unordered(read, folders, chunksize=chunk))
    print(f"{len(folders)} folders, {made} bytes of HTML")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
