"""Reading XML safely (XLIFF, TMX), with the line of every element for errors.

A small tree built on expat (the standard library's parser): no external entity or DTD is
ever fetched, entity declarations are refused (no "billion laughs"), elements nest at most
``MAX_DEPTH`` deep, and each element keeps its line. The encoding comes from the file
itself (UTF-8, or UTF-16 as some CAT tools write).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from bulletin.errors import InvalidInput

XML_NS = "http://www.w3.org/XML/1998/namespace"
# Far deeper than any XLIFF or TMX a CAT tool writes (they nest a handful of levels, a few
# more for inline tags) or any feed, and far from Python's recursion limit, which the
# tree's walks meet.
MAX_DEPTH = 100


def xml_lang(code: str) -> str:
    """A workspace language code as the BCP 47 tag of an ``xml:lang``: ``pt_BR`` -> ``pt-BR``."""
    return code.replace("_", "-")


@dataclass
class Node:
    """An element: tag in ``{namespace}local`` form, attributes, content, and its line."""

    tag: str
    attrs: dict[str, str]
    line: int
    content: list[str | Node] = field(default_factory=list)

    @property
    def local(self) -> str:
        return self.tag.rsplit("}", 1)[-1]

    @property
    def namespace(self) -> str:
        return self.tag[1:].split("}", 1)[0] if self.tag.startswith("{") else ""

    @property
    def children(self) -> list[Node]:
        return [c for c in self.content if isinstance(c, Node)]

    def find_all(self, local: str) -> Iterator[Node]:
        """Direct children named ``local`` (in any namespace)."""
        return (c for c in self.children if c.local == local)

    def find(self, local: str) -> Node | None:
        return next(self.find_all(local), None)

    def iter(self, local: str) -> Iterator[Node]:
        """Every descendant named ``local``, in document order."""
        for child in self.children:
            if child.local == local:
                yield child
            yield from child.iter(local)

    def text(self) -> str:
        """All character data inside the element, inline elements' text included."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.content)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def lang(self) -> str | None:
        return self.attrs.get(f"{{{XML_NS}}}lang") or self.attrs.get("lang")


def _clark(name: str) -> str:
    namespace, sep, local = name.rpartition(" ")
    return f"{{{namespace}}}{local}" if sep else name


def parse_xml(path: Path, data: bytes | None = None) -> Node:
    """The root element of ``path``; malformed XML is an ``InvalidInput`` with its line."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read the file: {exc.strerror}", path=path) from exc
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[Node] = []
    roots: list[Node] = []

    # an error raised in a handler comes out of parser.Parse as it is
    def start(name: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise InvalidInput(f"elements are nested more than {MAX_DEPTH} deep, which "
                               "bulletin does not read", path=path,
                               line=parser.CurrentLineNumber, hint="no XLIFF, TMX or feed "
                               "needs that many levels: the file is damaged or made to harm; "
                               "export it again from the tool that made it")
        node = Node(_clark(name), {_clark(k): v for k, v in attrs.items()},
                    parser.CurrentLineNumber)
        if stack:
            stack[-1].content.append(node)
        else:
            roots.append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if not stack:
            return
        content = stack[-1].content
        if content and isinstance(content[-1], str):
            content[-1] += text
        else:
            content.append(text)

    def refuse(*_args: object) -> None:
        raise InvalidInput("the file declares XML entities, which bulletin does not read",
                           path=path, line=parser.CurrentLineNumber,
                           hint="remove the <!ENTITY …> declarations")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InvalidInput(f"not well-formed XML: {expat.ErrorString(exc.code)}", path=path,
                           line=exc.lineno, hint="the file is damaged; export it again from "
                           "the tool that made it") from None
    return roots[0]


def looks_like_xml(data: bytes) -> bool:
    """Whether a file starts like XML (after a byte-order mark and white space)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")
