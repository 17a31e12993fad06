"""``bulletin init``: make a new, empty workspace."""

from __future__ import annotations

from pathlib import Path

from bulletin.config import CONFIG_NAME
from bulletin.errors import Conflict
from bulletin.fsio import STATE_DIR, write_text

CONFIG_TEMPLATE = """\
# bulletin settings; every key is optional (see `bulletin --help`).
source = "bg"            # the language articles are written in
languages = ["en"]       # the languages they are translated into

[locales]                # the Babel locale that formats each language's dates
bg = "bg_BG"
en = "en_GB"             # en_US writes "April 8, 2019"

[export]
format = "html"          # html, md, txt, email or atom
layout = "parallel"      # parallel, sequential, or one language code
fallback = "placeholder" # for a missing translation: "placeholder" or "source"
page_break = "none"      # printed HTML: "article" starts each article on a new page

[translate]
provider = "google"      # keys come from the environment, e.g. BULLETIN_DEEPL_API_KEY

# Every [[bulletin]] is written by `bulletin build` into dist/.
# [[bulletin]]
# name = "april-2019"
# title = { bg = "Бюлетин април 2019", en = "Bulletin April 2019" }
# from = 2019-04-01
# to = 2019-04-30
# formats = ["html", "md", "txt"]
"""

GITIGNORE = f"{STATE_DIR}/\ndist/\n"


def init_workspace(folder: Path) -> Path:
    """Create ``bulletin.toml``, ``articles/`` and a ``.gitignore`` in ``folder``."""
    config = folder / CONFIG_NAME
    if config.exists():
        raise Conflict(f"{config} already exists: this is a workspace already",
                       hint="edit bulletin.toml, or run init in another folder", path=config)
    folder.mkdir(parents=True, exist_ok=True)
    write_text(config, CONFIG_TEMPLATE)
    (folder / "articles").mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_text(ignore, GITIGNORE)
    return config
