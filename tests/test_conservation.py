"""The invariant of the translation file, as a property: a person's words are never lost.

For any edit a person can make to ``en.md`` (lines moved or deleted, blocks duplicated or
swapped, markers broken or their fingerprints changed, text typed outside any marker,
paragraphs joined, machine text rewritten, the Bulgarian changed), followed by any command
(``status``, ``check``, ``translate``, ``review``, ``exchange import``, ``memory import``),
either every paragraph of English that a person wrote is still in ``en.md`` (in place, or
kept beside a stale segment, or kept as an ``unplaced`` block), or the command exits
non-zero, names ``en.md`` and a line, and changes nothing. With and without ``.bulletin/``.

Every paragraph a person wrote holds a unique phrase ``HUMAN<n> <word> <word>``; the tool's
drafts say ``MACHINE``. The phrases found in the edited file are the words to keep.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import IN_CI, run_cli
from fakeserver import FakeService
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.content.model import State
from bulletin.content.store import save_translation
from bulletin.content.transfile import read_translation
from bulletin.content.workspace import open_workspace
from bulletin.errors import Report

ARTICLE = "2026-12-01-pazite-chovéshkite-dumi".replace("é", "e")
SOURCE = """---
title: Столичната агенция представи програмата
date: 2026-12-01
---

## Програма за малкия бизнес

Първи абзац: агенцията представи програмата пред 300 фирми.

Втори абзац с връзка към [сайта](https://example.org/programa).

- първа точка от списъка
- втора точка от списъка

> Цитат на директора на агенцията.

Последен абзац за следващите стъпки.
"""
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
PHRASE = re.compile(r"HUMAN\d+ [a-z]+ [a-z]+")
EXAMPLES = int(os.environ.get("CONSERVATION_EXAMPLES", "1000" if IN_CI else "60"))


def human(n: int) -> str:
    return f"HUMAN{n} {WORDS[n % len(WORDS)]} {WORDS[(n * 5 + 2) % len(WORDS)]}"


def build_template(root: Path, with_memory: bool) -> None:
    """A workspace whose en.md mixes a person's English, machine drafts and a stale
    segment whose reviewed English waits beside its changed source."""
    root.mkdir()
    (root / "bulletin.toml").write_text('source = "bg"\nlanguages = ["en"]\n', encoding="utf-8")
    folder = root / "articles" / ARTICLE
    folder.mkdir(parents=True)
    (folder / "bg.md").write_text(SOURCE, encoding="utf-8")
    ws = open_workspace(root)
    at = ws.translation(ws.articles[ARTICLE], "en")
    for n, aligned in enumerate(at.segments):
        if n in (1, 5):
            aligned.text, aligned.state = f"MACHINE{n} draft text", State.MACHINE
        else:
            aligned.text, aligned.state, aligned.human = human(n), State.REVIEWED, True
    save_translation(ws, at)
    if with_memory:  # the memory learns every text and source, as a working day would
        assert run_cli("translate", "--provider", "memory", cwd=root).code == 0
    bg = folder / "bg.md"  # one reviewed paragraph goes stale
    bg.write_text(SOURCE.replace("300 фирми", "350 фирми"), encoding="utf-8")
    assert run_cli("translate", "--provider", "memory", cwd=root).code == 0
    if not with_memory:
        shutil.rmtree(root / ".bulletin", ignore_errors=True)


@pytest.fixture(scope="module")
def service() -> Iterator[FakeService]:
    with FakeService() as fake, pytest.MonkeyPatch.context() as patch:
        patch.setenv("BULLETIN_LIBRE_URL", fake.url)
        yield fake


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    base = tmp_path_factory.mktemp("conservation")
    made = {}
    for with_memory in (True, False):
        root = base / ("with-memory" if with_memory else "without-memory")
        build_template(root, with_memory)
        made[with_memory] = root
    return made


# -- what a person may do to en.md ------------------------------------------------------------

def _markers(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.startswith("<!--")]


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    starts = _markers(lines)
    return [(s, (starts[k + 1] if k + 1 < len(starts) else len(lines)))
            for k, s in enumerate(starts)]


def apply(edit: tuple, lines: list[str], counter: list[int]) -> list[str]:  # type: ignore[type-arg]
    kind, a, b = edit
    lines = list(lines)
    markers, blocks = _markers(lines), _blocks(lines)
    if kind == "move" and lines:
        line = lines.pop(a % len(lines))
        lines.insert(b % (len(lines) + 1), line)
    elif kind == "delete" and lines:
        lines.pop(a % len(lines))
    elif kind == "duplicate" and blocks:
        s, e = blocks[a % len(blocks)]
        at = blocks[b % len(blocks)][0]
        lines[at:at] = lines[s:e] + [""]
    elif kind == "swap" and len(blocks) > 1:
        first, second = sorted((a % len(blocks), b % len(blocks)))
        if first != second:
            (s1, e1), (s2, e2) = blocks[first], blocks[second]
            lines = lines[:s1] + lines[s2:e2] + lines[e1:s2] + lines[s1:e1] + lines[e2:]
    elif kind == "fingerprint" and markers:
        i = markers[a % len(markers)]
        digits = [m.start() for m in re.finditer(r"[0-9a-f]", lines[i][5:13])]
        if digits:
            at = 5 + digits[b % len(digits)]
            old = lines[i][at]
            lines[i] = lines[i][:at] + ("0" if old != "0" else "1") + lines[i][at + 1:]
    elif kind == "break" and markers:
        i = markers[a % len(markers)]
        how = b % 4
        if how == 0:
            lines[i] = lines[i].replace("-->", "->")
        elif how == 1:  # the closing line of a note block deleted
            close = next((j for j in range(i, len(lines)) if lines[j].strip() == "-->"), None)
            if close is not None:
                lines.pop(close)
            else:
                lines[i] = lines[i].replace(" -->", "")
        elif how == 2:
            lines[i] = lines[i].replace("reviewed", "reviwed").replace("machine", "machin")
        else:
            lines[i] = lines[i].replace("<!-- ", "<!--", 1) + " trailing"
    elif kind == "type":  # a new paragraph of a person's own, anywhere
        counter[0] += 1
        lines[a % (len(lines) + 1):a % (len(lines) + 1)] = ["", human(100 + counter[0]), ""]
    elif kind == "join" and lines:
        blanks = [i for i, line in enumerate(lines) if not line.strip()]
        if blanks:
            lines.pop(blanks[a % len(blanks)])
    elif kind == "rewrite":  # a person rewrites a machine draft
        drafts = [i for i, line in enumerate(lines) if "MACHINE" in line]
        if drafts:
            counter[0] += 1
            lines[drafts[a % len(drafts)]] = human(200 + counter[0])
    return lines


EDITS = st.lists(st.tuples(
    st.sampled_from(["move", "delete", "duplicate", "swap", "fingerprint", "break", "type",
                     "join", "rewrite", "source"]),
    st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=4)
COMMANDS = st.sampled_from(["status", "check", "translate", "translate-memory", "review",
                            "review-stale", "exchange-import", "memory-import"])


def edit_workspace(root: Path, edits: list[tuple]) -> None:  # type: ignore[type-arg]
    en = root / "articles" / ARTICLE / "en.md"
    head, sep, body = en.read_text(encoding="utf-8").partition("\n---\n")
    lines = body.split("\n")
    counter = [0]
    for edit in edits:
        if edit[0] == "source":
            bg = root / "articles" / ARTICLE / "bg.md"
            paragraphs = ["агенцията представи", "връзка към", "първа точка", "Цитат на",
                          "Последен абзац"]
            chosen = paragraphs[edit[1] % len(paragraphs)]
            bg.write_text(bg.read_text(encoding="utf-8").replace(chosen, chosen + " днес", 1),
                          encoding="utf-8")
        else:
            lines = apply(edit, lines, counter)
    en.write_text(head + sep + "\n".join(lines), encoding="utf-8")


# -- the commands ---------------------------------------------------------------------------

def fill_po(path: Path) -> None:
    """A translator fills every new (not fuzzy) entry, as Poedit would."""
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and not message.fuzzy:
            message.string = f"TRANSLATOR {message.id}"
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0)


def write_tmx(root: Path) -> Path:
    ws = open_workspace(root, strict_load=False)
    units = "".join(
        f'<tu><tuv xml:lang="bg"><seg>{_xml(seg.text)}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>TMX draft of {seg.key}</seg></tuv></tu>'
        for article in ws.articles.values() for seg in article.segments)
    path = root / "cat.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header '
                    'srclang="bg" datatype="plaintext" segtype="paragraph" adminlang="en" '
                    'creationtool="t" creationtoolversion="1" o-tmf="t"/><body>' + units
                    + "</body></tmx>", encoding="utf-8")
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(command: str, root: Path) -> tuple[int, str]:
    def cli(*args: str) -> tuple[int, str]:
        result = run_cli(*args, cwd=root)
        return result.code, result.err + result.out

    if command == "status":
        return cli("status", "--json")
    if command == "check":
        return cli("check")
    if command == "translate":
        return cli("translate", "--provider", "libre")
    if command == "translate-memory":
        return cli("translate", "--provider", "memory")
    if command == "review":
        return cli("review", ARTICLE)
    if command == "review-stale":
        return cli("review", ARTICLE, "--stale")
    if command == "exchange-import":
        po = root / "todo.po"
        code, out = cli("exchange", "export", "--to", "en", "--format", "po", "-o", str(po))
        if code != 0:
            return code, out
        fill_po(po)
        return cli("exchange", "import", str(po))
    if command == "memory-import":
        code, out = cli("memory", "import", str(write_tmx(root)))
        if code != 0:
            return code, out
        return cli("translate", "--provider", "memory")
    raise AssertionError(command)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted((root / "articles").rglob("*.md"))}


@pytest.mark.slow
@pytest.mark.parametrize("with_memory", [True, False], ids=["with-memory", "without-memory"])
def test_a_persons_words_are_never_lost(with_memory: bool, templates: dict[bool, Path],
                                        service: FakeService) -> None:
    @given(edits=EDITS, command=COMMANDS)
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    def prop(edits: list[tuple], command: str) -> None:  # type: ignore[type-arg]
        scratch = Path(tempfile.mkdtemp(prefix="conserve-"))
        try:
            root = scratch / "ws"
            shutil.copytree(templates[with_memory], root)
            edit_workspace(root, edits)
            en = root / "articles" / ARTICLE / "en.md"
            wanted = set(PHRASE.findall(en.read_text(encoding="utf-8")))
            before = snapshot(root)
            code, out = run(command, root)
            if code != 0:
                assert snapshot(root) == before, (command, out)
                assert re.search(r"en\.md:\d+", out), (command, out)
                return
            after = " ".join(en.read_text(encoding="utf-8").split())
            lost = sorted(p for p in wanted if p not in after)
            assert not lost, (command, edits, lost, out)
            if snapshot(root) != before:  # what the tool wrote reads back cleanly
                report = Report()
                assert read_translation(en, ARTICLE, "en", report) is not None
                assert not report.errors, (command, edits, report.problems)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    prop()


def test_the_template_holds_every_kind_of_segment(templates: dict[bool, Path]) -> None:
    """The property starts from reviewed, machine and stale-reviewed segments alike."""
    for root in templates.values():
        ws = open_workspace(root)
        at = ws.translation(ws.articles[ARTICLE], "en")
        states = [a.state for a in at.segments]
        assert State.REVIEWED in states and State.MACHINE in states
        stale = [a for a in at.segments if a.state is State.STALE]
        assert len(stale) == 1 and stale[0].human and "HUMAN" in stale[0].text
