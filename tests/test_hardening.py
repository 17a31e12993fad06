"""Integrity: no key in a message or a committed file, no control character in an article or
on the terminal, no line break in a one-line field, no stack overflow from deep XML."""

from __future__ import annotations

import ast
import json
import os
import pty
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_ID, run_cli
from fakeserver import FakeService
from fakeserver import fake_service as fake_service  # noqa: F401 - a fixture

# What must never reach a terminal raw: a clear-screen sequence, an OSC 8 hidden link, and
# the C1 control sequence introducer.
CLEAR = "\x1b[2J"
OSC8 = "\x1b]8;;http://x\x1b\\"
CSI = "\x9b"
HOSTILE = f"{CLEAR} {OSC8}link{CSI}"
NAME = f"{CLEAR} \x1b]8;;x\x1b\\link{CSI}"  # the same in a file name (no '/' in it)
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def raw_controls(*texts: str) -> list[str]:
    return [repr(m.group()) for text in texts for m in RAW.finditer(text)]


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def runs_of(secret: str, text: str, size: int = 6) -> list[str]:
    return [secret[i:i + size] for i in range(len(secret) - size + 1)
            if secret[i:i + size] in text]


# -- 1. a key in a provider's error message ------------------------------------------------


@pytest.mark.parametrize("echo", ["whole", "prefix"])
def test_a_key_in_a_service_error_is_scrubbed_before_the_message_is_cut(
        workspace: Path, fake_service: FakeService, monkeypatch: pytest.MonkeyPatch,
        echo: str) -> None:
    """The key straddles the 200th character of the service's message (cut there), or the
    service quotes only the start of it: neither the key nor a piece of it is shown."""
    key = uuid.uuid4().hex + uuid.uuid4().hex
    for path in (workspace / "articles").rglob("en.md"):
        path.unlink()
    shown_key = key if echo == "whole" else key[:12]
    message = "the request was refused; " + "x" * 155 + f" key={shown_key} is not valid"
    start = message.index(shown_key)
    assert start + 12 < 200 < start + len(key)  # the cut at 200 falls inside the whole key
    fake_service.faults.add("400", path="/translate", body={"error": message})
    monkeypatch.setenv("BULLETIN_LIBRE_URL", fake_service.url)
    monkeypatch.setenv("BULLETIN_LIBRE_API_KEY", key)
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == 7, result.err
    assert "HTTP 400" in result.err and "x" * 50 in result.err
    assert runs_of(key, result.out + result.err) == []
    sent = [r.json for r in fake_service.requests if r.path == "/translate"]
    assert sent and sent[0]["api_key"] == key  # the key did go to the service


# -- 2. a key in bulletin.toml -------------------------------------------------------------


def test_check_fails_on_an_api_key_in_bulletin_toml(workspace: Path) -> None:
    key = f"k-{uuid.uuid4().hex}"
    toml = workspace / "bulletin.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[[bulletin]]", "[providers.deepl]\nformality = \"more\"\n"
                                 f"api_key = \"{key}\"\n\n[[bulletin]]"), encoding="utf-8")
    line = line_of(toml, "api_key")
    result = run_cli("check", cwd=workspace)
    assert result.code == 3, result.err
    assert f"bulletin.toml:{line}: error: [providers.deepl] holds the secret 'api_key'" \
        in result.err
    assert "BULLETIN_DEEPL_API_KEY" in result.err
    as_json = run_cli("check", "--json", cwd=workspace)
    problem = next(p for p in json.loads(as_json.out)["problems"] if p["code"] == "secret")
    assert (problem["file"], problem["line"]) == ("bulletin.toml", line)
    refused = run_cli("translate", "--provider", "deepl", cwd=workspace)
    assert refused.code == 3 and f"bulletin.toml:{line}:" in refused.err
    for output in (result, as_json, refused):
        assert key not in output.out + output.err
        assert key[5:] not in output.out + output.err


# -- 3. control characters in article text -------------------------------------------------


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x07", "\x7f", "\x85", "\x9b"],
                         ids=["ESC", "NUL", "BEL", "DEL", "NEL", "CSI"])
@pytest.mark.parametrize("name", ["bg.md", "en.md"])
def test_a_control_character_in_an_article_is_an_error(workspace: Path, char: str,
                                                        name: str) -> None:
    path = workspace / "articles" / SAMPLE_ID / name
    text = path.read_text(encoding="utf-8")
    word = "2019" if name == "bg.md" else "Cluster Conference"
    path.write_text(text.replace(word, f"{word}{char}", 1).replace("Събитието", "Събитието\t"),
                    encoding="utf-8")
    line = line_of(path, char)
    result = run_cli("check", cwd=workspace)
    assert result.code == 3, result.err
    code = f"U+{ord(char):04X}"
    assert f"articles/{SAMPLE_ID}/{name}:{line}: error: control character {code}" in result.err
    assert "hint:" in result.err
    assert "U+0009" not in result.err  # a tab is text
    assert raw_controls(result.out, result.err) == []
    assert run_cli("export", "-o", "-", cwd=workspace).code == 3  # read: refused everywhere


# -- 4. nothing acts on the terminal ------------------------------------------------------


def test_import_shows_hostile_file_names_inertly(workspace: Path, tmp_path: Path) -> None:
    page = tmp_path / f"news {NAME}.txt"
    page.write_text("Заглавие на новината\n08.04.2019\n\nТекст на новината.\n", "utf-8")
    titled = tmp_path / "titled.txt"
    titled.write_text(f"Заглавие {HOSTILE}\n09.04.2019\n\nТекст.\n", "utf-8")
    missing = tmp_path / f"gone {CLEAR}.txt"
    result = run_cli("import", "--dry-run", str(page), str(titled), str(missing),
                     cwd=workspace)
    assert result.code == 3
    assert raw_controls(result.out, result.err) == []
    assert "news \\u001b[2J \\u001b]8;;x\\u001b\\link\\u009b.txt" in result.out
    assert "titled.txt" in result.err and "U+001B" in result.err
    assert "gone \\u001b[2J.txt" in result.err
    as_json = run_cli("import", "--dry-run", "--json", str(page), cwd=workspace)
    assert raw_controls(as_json.out) == []  # JSON escapes them; the value is unchanged
    assert json.loads(as_json.out)["files"][0]["file"] == str(page)


def test_text_of_an_article_never_reaches_the_terminal_raw(workspace: Path) -> None:
    """A title and a body holding control sequences: before, `diff` printed them as they
    were (the title changed, so it is stale); now every command refuses the workspace, and
    what it prints names the characters."""
    path = workspace / "articles" / SAMPLE_ID / "bg.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Европейските клъстерни седмици",
                                 f"Европейските клъстерни седмици {HOSTILE}", 1)
                    .replace("Целта на събитието", f"Целта {HOSTILE} на събитието"),
                    encoding="utf-8")
    for args in (["diff", SAMPLE_ID], ["status"], ["check"], ["export", "-o", "-"],
                 ["review", SAMPLE_ID]):
        result = run_cli(*args, cwd=workspace)
        assert result.code == 3, (args, result.err)
        assert raw_controls(result.out, result.err) == [], args
        assert "U+001B, U+009B" in result.err


def test_error_messages_show_a_hostile_file_name_inertly(workspace: Path) -> None:
    (workspace / "articles" / f"2019-04-09-{CLEAR}").mkdir()
    result = run_cli("check", cwd=workspace)
    assert result.code == 3
    assert raw_controls(result.out, result.err) == []
    assert "articles/2019-04-09-\\u001b[2J: error:" in result.err


def _on_a_terminal(args: list[str], cwd: Path) -> str:
    """What ``bulletin ARGS`` writes to stdout when stdout is a terminal (a real pty)."""
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BULLETIN_")}
    process = subprocess.Popen([sys.executable, "-m", "bulletin", *args], cwd=cwd,
                               stdout=secondary, stderr=subprocess.PIPE,
                               env={**env, "NO_COLOR": "1"})
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks).decode("utf-8")


def test_export_to_stdout_is_escaped_on_a_terminal_and_exact_in_a_pipe(workspace: Path
                                                                       ) -> None:
    args = ["export", "-o", "-", "--format", "txt", "--title", f"Бюлетин {HOSTILE}"]
    seen = _on_a_terminal(args, workspace)
    assert "Бюлетин \\u001b[2J \\u001b]8;;http://x\\u001b\\link\\u009b" in seen
    assert raw_controls(seen.replace("\r", "")) == []
    piped = subprocess.run([sys.executable, "-m", "bulletin", *args], cwd=workspace,
                           capture_output=True, text=True, check=True)
    assert f"Бюлетин {HOSTILE}" in piped.stdout  # a document in a pipe is data: as written


def test_every_command_prints_through_the_escaping_helpers() -> None:
    """Only bulletin/cli/output.py writes to stdout or stderr; every other module of the
    CLI calls its helpers, which escape control characters."""
    offenders = []
    for path in sorted((REPO / "bulletin" / "cli").glob("*.py")):
        if path.name == "output.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "_version":
                node.body = []  # prints the package's own version string
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name in ("print", "echo", "secho") or (
                    name == "write" and "std" in ast.unparse(func)):
                offenders.append(f"{path.name}:{node.lineno}: {ast.unparse(node)[:60]}")
    assert offenders == []


# -- 5. a line break in a one-line field ---------------------------------------------------


FIELDS = {
    "quoted title": ("title: София се включи в Европейските клъстерни седмици",
                     'title: "София се включи\\nв Европейските клъстерни седмици"', "title:",
                     "'title'"),
    "block title": ("title: София се включи в Европейските клъстерни седмици",
                    "title: |\n  София се включи\n  в Европейските клъстерни седмици",
                    "title:", "'title'"),
    "summary": ("date: 2019-04-08", 'date: 2019-04-08\nsummary: "едно\\nдве"', "summary:",
                "'summary'"),
    "tag": ("tags: [клъстери, събития]", 'tags: [клъстери, "съ\\nбития"]', "tags:",
            "a tag"),
    "event place": ("place: София Тех Парк}", 'place: "София\\nТех Парк"}', "event:",
                    "'event.place'"),
    "related title": ("  - title: София гостува", '  - title: "София\\nгостува', "related:",
                      "a related title"),
}


@pytest.mark.parametrize("case", list(FIELDS))
def test_a_line_break_in_a_one_line_field_is_an_error(workspace: Path, case: str) -> None:
    old, new, key, name = FIELDS[case]
    path = workspace / "articles" / SAMPLE_ID / "bg.md"
    text = path.read_text(encoding="utf-8")
    if case == "related title":  # close the quote opened before the rest of the headline
        new += text.split(old, 1)[1].split("\n", 1)[0] + '"'
        old += text.split(old, 1)[1].split("\n", 1)[0]
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = line_of(path, key)
    result = run_cli("check", cwd=workspace)
    assert result.code == 3, result.err
    assert f"articles/{SAMPLE_ID}/bg.md:{line}: error: {name} holds a line break" in result.err
    assert "keep it on one line" in result.err
    assert run_cli("export", "--format", "md", "-o", "-", cwd=workspace).code == 3


def test_a_line_break_in_a_translated_title_is_an_error(workspace: Path) -> None:
    path = workspace / "articles" / SAMPLE_ID / "en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Sofia Joins the European Cluster Weeks",
                                 'title: "Sofia Joins\\nthe European Cluster Weeks"'), "utf-8")
    result = run_cli("check", cwd=workspace)
    assert result.code == 3, result.err
    assert f"articles/{SAMPLE_ID}/en.md:2: error: 'title' holds a line break" in result.err


# -- 6. deeply nested XML ------------------------------------------------------------------


def _deep(depth: int) -> str:
    return "<g id='a'>" * depth + "x" + "</g>" * depth


@pytest.mark.parametrize("route", ["memory", "exchange"])
def test_deeply_nested_xml_is_a_clear_error(workspace: Path, tmp_path: Path,
                                            route: str) -> None:
    if route == "memory":
        path = tmp_path / "deep.tmx"
        path.write_text(
            '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="bg"/><body><tu>'
            f'<tuv xml:lang="bg"><seg>{_deep(450)}</seg></tuv>'
            '<tuv xml:lang="en"><seg>y</seg></tuv></tu></body></tmx>', "utf-8")
        args = ["memory", "import", str(path)]
    else:
        path = tmp_path / "deep.xlf"
        path.write_text(
            '<?xml version="1.0"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            f'<file original="{SAMPLE_ID}" source-language="bg" target-language="en" '
            f'datatype="plaintext"><body><trans-unit id="1" resname="{SAMPLE_ID}/title">'
            f"<source>{_deep(450)}</source><target>y</target></trans-unit></body></file>"
            "</xliff>", "utf-8")
        args = ["exchange", "import", str(path)]
    result = run_cli(*args, cwd=workspace)
    assert result.code == 3, result.err
    assert f"{path}:2: error: elements are nested more than 100 deep" in result.err
    assert "internal error" not in result.err


def test_xml_nested_within_the_limit_is_read(tmp_path: Path) -> None:
    from bulletin.exchange.xmlread import MAX_DEPTH, parse_xml

    path = tmp_path / "ok.xml"
    path.write_text(f"<root>{_deep(MAX_DEPTH - 1)}</root>", "utf-8")
    assert parse_xml(path).text() == "x"
    path.write_text(f"<root>{_deep(MAX_DEPTH)}</root>", "utf-8")
    with pytest.raises(Exception, match="nested more than"):
        parse_xml(path)


@pytest.mark.parametrize("escape", ["\\e[2J", "\\x9b", "\\u001b]8;;http://x\\e\\\\"])
def test_a_control_character_written_as_a_yaml_escape_is_an_error(workspace: Path,
                                                                  escape: str) -> None:
    path = workspace / "articles" / SAMPLE_ID / "bg.md"
    text = path.read_text(encoding="utf-8")
    old = "title: София се включи в Европейските клъстерни седмици"
    path.write_text(text.replace(old, f'title: "София се включи {escape}"'), "utf-8")
    result = run_cli("check", cwd=workspace)
    assert result.code == 3, result.err
    code = "U+009B" if "9b" in escape else "U+001B"
    assert f"bg.md:2: error: control character {code} in 'title' (written as an escape)" \
        in result.err
