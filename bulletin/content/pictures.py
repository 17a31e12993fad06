"""An article's pictures: which file each one is, and whether it may be shown.

An article has at most one picture of its own (``image:`` in the front matter, with
``image_alt`` its description and ``image_source`` its credit) and any number in its body
(``![description](file.png)``). A picture whose address has a scheme (``https://…``) is
elsewhere: it is never fetched. Any other is a file of the article's folder (or of a
folder inside it), named by a relative path without ``..``, read only if no link on its
way leads out of the folder (``fsio.confined`` for the workspace, then the folder itself),
and shown only if its first bytes say it is a PNG, JPEG, GIF or WebP picture (``sniff``).
An SVG picture can carry script: it is recognised, and never put into a page as it is.

``check`` (through ``workspace.load_folder``) reports what is wrong with an article's
pictures; an export asks ``find`` for each picture it shows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.errors import OutsideWorkspace, Report
from bulletin.fsio import confined

if TYPE_CHECKING:
    from bulletin.content.model import Article

SVG = "image/svg+xml"
SHOWN = "PNG, JPEG, GIF or WebP"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SVG_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg",
                        re.DOTALL | re.IGNORECASE)


def sniff(head: bytes) -> str | None:
    """The picture type that the first bytes of a file say it is (``image/png``, …,
    ``image/svg+xml``), or None for anything else, whatever the file's name."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if _SVG_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return SVG
    return None


def is_remote(href: str) -> bool:
    """Whether a picture's address is elsewhere (``https://…``, ``//host/…``): never read."""
    return bool(_SCHEME.match(href)) or href.startswith("//")


def file_name(href: str) -> str:
    """The file a local address names: without a ``#fragment`` or ``?query``."""
    return href.split("#", 1)[0].split("?", 1)[0]


class PictureRefused(Exception):
    """A picture that may not be read: ``why`` says so, ``hint`` how to fix it."""

    def __init__(self, why: str, hint: str) -> None:
        super().__init__(why)
        self.why, self.hint = why, hint


@dataclass(frozen=True)
class Picture:
    """A file of an article's folder that is a picture: ``kind`` as ``sniff`` tells it
    (None: not a picture that is shown), ``name`` as the article names it."""

    path: Path
    name: str
    kind: str | None
    size: int


def find(root: Path, folder: Path, href: str) -> Picture | None:
    """The picture at the local address ``href`` of the article in ``folder`` of the
    workspace at ``root``; None when there is no such file. Raises ``PictureRefused`` for an
    address that leaves the folder, or a link that leads out of it."""
    name = file_name(href)
    parts = name.replace("\\", "/").split("/")
    if not name or name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name):
        raise PictureRefused(f"the picture {href!r} is not in the article's folder",
                             "put the picture in the article's folder and give its file "
                             "name (no '..', no '/' in front)")
    path = folder.joinpath(*[p for p in parts if p and p != "."])
    try:
        confined(root, path)
    except OutsideWorkspace:
        outside = "the workspace"
    else:
        outside = "the article's folder"
    real, home = os.path.realpath(path), os.path.realpath(folder)
    if outside == "the workspace" or not real.startswith(home.rstrip(os.sep) + os.sep):
        raise PictureRefused(f"the picture {href!r} is a link to {real}, outside {outside}; "
                             "bulletin reads only pictures inside the article's folder",
                             "replace the link with the picture itself (a copy of it)")
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(512)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    return Picture(path, name, sniff(head), size)


def read(picture: Picture) -> bytes:
    """The bytes of a picture that ``find`` found."""
    with open(picture.path, "rb") as handle:
        return handle.read()


def addresses(article: Article) -> Iterator[tuple[str, int | None, str]]:
    """Every local picture of ``article``: its address, its line in the source, and what
    it is (``image`` for the front matter's, else ``body``)."""
    from bulletin.content.document import Inline, inline

    if article.image:
        yield article.image, None, "image"
    if "![" not in article.body:
        return

    def walk(nodes: tuple[Inline, ...]) -> Iterator[str]:
        for node in nodes:
            if node.kind == "image" and node.href and not is_remote(node.href):
                yield node.href
            yield from walk(node.children)

    for segment in article.parsed().segments:
        if "![" in segment.text:
            for href in walk(inline(segment.text)):
                yield href, segment.line, "body"


def check_pictures(article: Article, root: Path, report: Report) -> None:
    """Report what is wrong with each local picture of ``article``: one that leaves its
    folder is an error; a missing one, or one that is not a picture shown, a warning."""
    seen: set[str] = set()
    for href, line, where in addresses(article):
        if href in seen:
            continue
        seen.add(href)
        if where == "image":
            from bulletin.content.frontmatter import line_of_key

            line = line_of_key(article.path.read_text(encoding="utf-8"), "image")
        try:
            found = find(root, article.folder, href)
        except PictureRefused as refused:
            report.add(article.path, refused.why, refused.hint, line=line, code="image")
            continue
        if found is None:
            what = "image" if where == "image" else "picture"
            report.warn(article.path, f"the {what} {href!r} is not in the article's folder",
                        line=line, hint=f"add {article.folder / file_name(href)}",
                        code="image")
        elif found.kind is None:
            report.warn(article.path, f"{href!r} is not a {SHOWN} picture (by its "
                        "content): no export shows it", line=line, code="image",
                        hint=f"save it as PNG, JPEG, GIF or WebP, e.g. {Path(href).stem}.png")
