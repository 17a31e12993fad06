"""``bulletin new``: start a source article with its id, folder and front matter.

The new file holds the front matter and no body, and is a draft (``draft: true``): listed
by ``bulletin status`` and ``bulletin check`` without failing them, and left out of every
export until an editor deletes that line. An empty body is deliberate: a prompt line in
the body would be translated and exported as if it were the article. An article without a
body cannot be translated or published (it is an error of its own, which blocks only a
bulletin that chooses it). ``--edit`` opens the file in the editor at once.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bulletin.config import Config
from bulletin.content import frontmatter
from bulletin.content.articles import check_id
from bulletin.errors import Conflict, InvalidInput, UsageError
from bulletin.fsio import confined, workspace_lock, write_text
from bulletin.intake.translit import slugify


@dataclass(frozen=True)
class NewArticle:
    article_id: str
    path: Path


def article_id_for(title: str, date: dt.date) -> str:
    """``YYYY-MM-DD-<slug>`` of a title; a title without Latin or Cyrillic letters is refused."""
    slug = slugify(title)
    if not slug:
        raise InvalidInput(
            f"the title {title!r} has no Bulgarian or Latin letters or digits to make the "
            "article's id from",
            hint="article ids are YYYY-MM-DD-latin-slug: put at least one Bulgarian or "
            "Latin word in the title")
    article_id = f"{date.isoformat()}-{slug}"
    problem = check_id(article_id)
    if problem:  # pragma: no cover - slugify only gives [a-z0-9-]
        raise InvalidInput(problem, hint="choose another title")
    return article_id


def parse_tags(text: str | None) -> list[str]:
    """``"клъстери, събития"`` -> ``["клъстери", "събития"]``; blanks and repeats dropped."""
    tags: list[str] = []
    for tag in (text or "").split(","):
        tag = " ".join(tag.split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def new_article(config: Config, title: str, date: dt.date,
                tags: list[str] | None = None) -> NewArticle:
    """Create ``articles/<date>-<slug>/<source>.md``: a draft, with front matter and an
    empty body."""
    title = " ".join(title.split())
    if not title:
        raise UsageError("the title is empty", hint='bulletin new "Заглавие на статията"')
    article_id = article_id_for(title, date)
    folder = config.articles_dir / article_id
    path = folder / f"{config.source}.md"
    meta: dict[str, object] = {"title": title, "date": date, "draft": True}
    if tags:
        meta["tags"] = list(tags)
    with workspace_lock(config.root, "new"):
        if folder.exists():
            raise Conflict(f"the article {article_id} already exists",
                           hint=f"edit {path}, or choose another title or date", path=path)
        write_text(confined(config.root, path), frontmatter.dump(meta, "") + "\n")
    return NewArticle(article_id, path)


def editor_command() -> list[str]:
    """The user's editor from ``$VISUAL`` or ``$EDITOR``, split like a shell would."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor or not editor.strip():
        raise UsageError("no editor is set",
                         hint="set EDITOR (e.g. export EDITOR=nano), or open the file yourself")
    return shlex.split(editor)


def open_in_editor(path: Path) -> None:
    """Open ``path`` in the user's editor and wait until it is closed."""
    command = editor_command()
    try:
        result = subprocess.run([*command, str(path)], check=False)  # noqa: S603
    except OSError as exc:
        raise UsageError(f"cannot start the editor {command[0]!r}: {exc.strerror}",
                         hint="check EDITOR; the article was created and is waiting",
                         path=path) from exc
    if result.returncode != 0:
        raise UsageError(f"the editor {command[0]!r} exited with code {result.returncode}",
                         hint="the article was created; open it again to finish it", path=path)
