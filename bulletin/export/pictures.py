"""How an export shows an article's pictures, format by format.

Each exporter says how it shows a picture that is a file of its article
(``bulletin.content.pictures`` finds and checks the file): ``embed`` (HTML: a ``data:``
address inside the page, up to ``[export] embed_limit`` bytes a picture; never an SVG),
``files`` (Markdown, and HTML with ``--assets DIR``: a copy in a folder beside the output,
``<stem>_files/<article id>/<file>``, linked relatively), ``cid`` (the e-mail's HTML: a
part of the message), ``text`` (plain text: named, ``[Image: …]``) or ``none`` (the
Atom feeds, ``--no-images``: its description alone). A picture elsewhere
(``https://…``) is never fetched: it stays a link to it.

Pictures are looked at while each article is rendered (in a worker process, perhaps):
``ArticlePictures`` gives the address to write, and keeps what it used and what it could
not show, so that the export copies or attaches the files and says why a picture is
missing.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.config import EMBED_LIMIT
from bulletin.content.pictures import SHOWN, SVG, Picture, PictureRefused, find, is_remote, read
from bulletin.export.destination import writable
from bulletin.fsio import confined, write_bytes

MODES = ("embed", "files", "cid", "text", "none")
MAIL_LIMIT = 5 * 1024 * 1024  # a bigger picture is left out of a message (its text stays)


@dataclass(frozen=True)
class Rules:
    """How one export shows local pictures: ``mode`` (``MODES``), and for ``files`` the
    folder's address as written in the output (relative to it)."""

    mode: str = "none"
    folder: str = ""
    limit: int = EMBED_LIMIT
    why: str = ""  # why a local picture is not shown, when it cannot be (a stream)


@dataclass(frozen=True)
class Used:
    """A picture an export shows: its file, where it goes (``files``: its path in the
    folder of pictures; ``cid``: its Content-ID) and its type."""

    path: Path
    name: str
    kind: str


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


@dataclass
class ArticlePictures:
    """The pictures of one article in one export."""

    rules: Rules
    root: Path
    folder: Path
    article_id: str
    used: list[Used] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _seen: dict[str, str | None] = field(default_factory=dict)

    def source(self, href: str) -> str | None:
        """The address to write for the local picture ``href`` (a ``data:`` or ``cid:``
        address, or a relative path), or None: it is shown as its description alone
        (``text`` mode: named), and a warning says why when something is wrong."""
        if href not in self._seen:
            self._seen[href] = self._source(href)
        return self._seen[href]

    def _source(self, href: str) -> str | None:
        mode = self.rules.mode
        if is_remote(href):
            return None
        where = f"{self.article_id}: the picture {href!r}"
        if mode == "none":
            if self.rules.why:
                self.warnings.append(f"{where} is shown as its text: {self.rules.why}")
            return None
        try:
            picture = find(self.root, self.folder, href)
        except PictureRefused as refused:
            self.warnings.append(f"{where} is not shown: {refused.why} ({refused.hint})")
            return None
        if picture is None:
            self.warnings.append(f"{where} is not in the article's folder: shown as its "
                                 f"text (add {self.folder / href})")
            return None
        if picture.kind is None:
            self.warnings.append(f"{where} is not a {SHOWN} picture: shown as its text "
                                 "(save it as PNG, JPEG, GIF or WebP)")
            return None
        if mode == "text":
            return ""
        if mode == "embed":
            return self._embedded(picture, where)
        if mode == "cid":
            return self._attached(picture, where)
        return self._copied(picture)

    def _embedded(self, picture: Picture, where: str) -> str | None:
        if picture.kind == SVG:
            self.warnings.append(f"{where} is an SVG picture, which can carry script: it is "
                                 "not embedded (export with --assets DIR to link it from "
                                 "the page)")
            return None
        if picture.size > self.rules.limit:
            self.warnings.append(
                f"{where} ({picture.path}) is {size_text(picture.size)}, over the "
                f"{size_text(self.rules.limit)} a page embeds: shown as its text (export "
                "with --assets DIR to write the pictures beside the page, or raise "
                "[export] embed_limit in bulletin.toml)")
            return None
        data = base64.b64encode(read(picture)).decode("ascii")
        return f"data:{picture.kind};base64,{data}"

    def _attached(self, picture: Picture, where: str) -> str | None:
        if picture.kind == SVG:
            self.warnings.append(f"{where} is an SVG picture: an e-mail shows it as its text")
            return None
        if picture.size > self.rules.limit:
            self.warnings.append(f"{where} is {size_text(picture.size)}, over the "
                                 f"{size_text(self.rules.limit)} a message attaches: shown "
                                 "as its text")
            return None
        assert picture.kind is not None
        cid = hashlib.sha256(read(picture)).hexdigest()[:24] + "@bulletin"
        self.used.append(Used(picture.path, cid, picture.kind))
        return f"cid:{cid}"

    def _copied(self, picture: Picture) -> str:
        assert picture.kind is not None
        name = "/".join((self.article_id, *Path(picture.name).parts))
        self.used.append(Used(picture.path, name, picture.kind))
        return f"{self.rules.folder}/{name}" if self.rules.folder else name


def rules_for(mode: str, output: Path | None, assets: Path | None, limit: int) -> Rules:
    """The rules of an export whose exporter shows pictures by ``mode``, written to
    ``output`` (None: a stream), with ``--assets`` (``assets``, absolute) or not."""
    if mode == "embed" and assets is not None:
        mode = "files"
    if mode == "cid":
        return Rules(mode, limit=MAIL_LIMIT)
    if mode != "files":
        return Rules(mode, limit=limit)
    folder = assets_folder(output, assets)
    if folder is None:
        return Rules("none", why="pictures are not copied for standard output (write to a "
                     "file, or give --assets DIR)")
    base = output.parent if output is not None else Path.cwd()
    return Rules(mode, Path(os.path.relpath(folder, base)).as_posix(), limit)


def assets_folder(output: Path | None, assets: Path | None) -> Path | None:
    """Where the pictures of a ``files`` export go: ``--assets``, else beside the output
    as ``<stem>_files`` (None for a stream without ``--assets``)."""
    if assets is not None:
        return assets
    return output.with_name(f"{output.stem}_files") if output is not None else None


def copy_pictures(root: Path, used: list[Used], output: Path | None, assets: str | None, *,
                  force: bool = False) -> list[Path]:
    """Copy each picture an export of the workspace at ``root`` showed into the folder
    of pictures (``--assets``, else beside ``output``), by the rules of ``-o``
    (``bulletin.export.destination``): never over the workspace's own files, over another
    file only if bulletin wrote it (or ``force``). Each copy is written whole, then put
    in place. Gives the files written."""
    folder = assets_folder(output, Path(os.path.abspath(assets)) if assets else None)
    assert folder is not None, "a files export has a folder for its pictures"
    written: list[Path] = []
    for picture in used:
        target = folder.joinpath(*picture.name.split("/"))
        if target in written:
            continue
        target = writable(root, target, force=force)
        with open(confined(root, picture.path), "rb") as handle:
            data = handle.read()
        write_bytes(target, data)
        written.append(target)
    return written
