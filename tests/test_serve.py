"""``bulletin serve``: the real server in a child process on a free port of 127.0.0.1, the
page read over HTTP and shown in headless Chromium (``serve_support``), real files changed
as an editor saves them.

The reload test never reloads the page itself: it reads the live page's text over the
DevTools protocol until the new text shows, then asks the page how it was last loaded
(``performance``'s navigation entry says ``reload``: the page's own script reloaded it).
"""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_cli
from machine_support import (
    MACHINE_ID,
    REVIEWED_ID,
    make_machine,
    sample_workspace,
    set_export,
)
from serve_support import Browser, Served

pytestmark = pytest.mark.slow

OLD_ITEM = "безплатни консултации за собствениците на жилищни сгради;"
NEW_ITEM = "безплатни консултации за собствениците на стари жилищни сгради;"
NEW_PARAGRAPH = "Нов абзац без превод, добавен след прегледа."


def review_workspace(root: Path) -> Path:
    """The sample workspace with one segment in each state the review view shows: a
    machine title and paragraph, a stale list item (its old source kept, as `bulletin
    translate` keeps it), a missing paragraph, and a reviewed paragraph that fails QA."""
    sample_workspace(root)
    make_machine(root)
    article = root / "articles" / MACHINE_ID
    source = article / "bg.md"
    text = source.read_text(encoding="utf-8").replace(OLD_ITEM, NEW_ITEM)
    source.write_text(text + f"\n{NEW_PARAGRAPH}\n", encoding="utf-8")
    from bulletin.content.store import save_translation
    from bulletin.content.workspace import open_workspace

    ws = open_workspace(root)
    at = ws.translation(ws.article(MACHINE_ID), "en", lambda _fingerprint: OLD_ITEM)
    save_translation(ws, at)
    english = root / "articles" / REVIEWED_ID / "en.md"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "On 26 and 27 March 2019", "On 25 and 27 March 2019"), encoding="utf-8")
    return root


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Served]]:
    root = review_workspace(tmp_path / "ws")
    server = Served(root)
    try:
        server.wait_for(lambda line: "(generation 1)" in line)
        yield root, server
    finally:
        server.stop()


def title_of(root: Path, article_id: str, lang: str) -> str:
    for line in (root / "articles" / article_id / f"{lang}.md").read_text(
            encoding="utf-8").splitlines():
        if line.startswith("title: "):
            return line.removeprefix("title: ")
    raise AssertionError("no title")


def retitle(root: Path, article_id: str, new: str) -> None:
    """Save the article's Bulgarian with a new title, as an editor's editor would: a new
    file put in place of the old one."""
    source = root / "articles" / article_id / "bg.md"
    old = title_of(root, article_id, "bg")
    saved = source.with_name(".bg.md.new")
    saved.write_text(source.read_text(encoding="utf-8").replace(f"title: {old}",
                                                                 f"title: {new}", 1),
                     encoding="utf-8")
    saved.replace(source)


def test_a_saved_article_shows_in_chromium_without_a_keypress(
        served: tuple[Path, Served], tmp_path: Path) -> None:
    root, server = served
    browser = Browser(server.url, tmp_path / "profile")
    try:
        browser.wait_text(title_of(root, REVIEWED_ID, "bg"))
        assert browser.evaluate("performance.getEntriesByType('navigation')[0].type") == \
            "navigate"
        new_title = "Съвсем ново заглавие, записано по време на прегледа"
        retitle(root, REVIEWED_ID, new_title)
        browser.wait_text(new_title, timeout=30)
        assert browser.evaluate("performance.getEntriesByType('navigation')[0].type") == \
            "reload", "the page's own script reloaded it"
        line = server.wait_for(lambda line: "(generation 2)" in line)
        assert "(1 folder(s) read)" in line, "only the changed article was read again"
    finally:
        browser.close()


def test_the_review_view_shows_each_segments_state(served: tuple[Path, Served],
                                                    tmp_path: Path) -> None:
    from lxml import html as lxml_html

    _, server = served
    page = server.get()
    tree = lxml_html.fromstring(page)

    def marked(state: str) -> list[str]:
        return [" ".join(e.text_content().split())
                for e in tree.xpath(f'//*[@data-review="{state}"]')]

    machine = marked("machine")
    assert any("the imaginary Rooftop Gardens association" in m
               and "Machine draft: no editor has read it yet" in m for m in machine), machine
    assert all(e.get("data-machine") is not None
               for e in tree.xpath('//*[@data-review="machine"]'))
    stale = marked("stale")
    assert stale == [f"free advice for the owners of residential buildings; Stale: the source "
                     f"changed after this was translated Source then: {OLD_ITEM} Source now: "
                     f"{NEW_ITEM}"]
    missing = marked("missing")
    assert any(NEW_PARAGRAPH in m and "Missing: not translated yet" in m for m in missing)
    qa = tree.xpath('//*[@data-review="reviewed"][.//*[@class="qa"]]')
    assert [" ".join(e.xpath('string(.//*[@class="qa"])').split()) for e in qa] == [
        "QA: the number 26 of the source is missing; the translation has 25"]
    sources = tree.xpath('//*[@class="review"]//q/@lang')
    assert sources and set(sources) == {"bg"}, "the sources quoted are marked Bulgarian"
    assert 'lang="bg"' in page and "data-bulletin-serve" in page


def test_the_served_page_is_valid_html(served: tuple[Path, Served], tmp_path: Path) -> None:
    from htmlcheck import validate_html

    _, server = served
    page = tmp_path / "served.html"
    page.write_text(server.get(), encoding="utf-8")
    assert validate_html([page]) == {str(page): []}


def test_an_export_has_no_reload_script_and_no_review_marks(tmp_path: Path) -> None:
    root = review_workspace(tmp_path / "ws")
    for layout in ("parallel", "sequential", "en"):
        out = tmp_path / f"{layout}.html"
        result = run_cli("export", "--layout", layout, "-o", str(out), cwd=root)
        assert result.code == 0, result.err
        page = out.read_text(encoding="utf-8")
        assert "data-machine" in page, "the machine text is there, labelled as always"
        for mark in ("data-review", 'class="review"', "EventSource", "data-bulletin-serve",
                     "/events", "Source then", "Stale: the source"):
            assert mark not in page, f"{mark!r} in the {layout} export"


@pytest.mark.parametrize("paging", [(), ("--per-page", "0")], ids=["one-page", "per-page-0"])
def test_no_review_serves_the_bulletin_as_exported_also_after_a_restart(
        tmp_path: Path, paging: tuple[str, ...]) -> None:
    root = review_workspace(tmp_path / "ws")
    server = Served(root, "--no-review", "--layout", "sequential", *paging)
    try:
        assert "(2 folder(s) read)" in server.wait_for(lambda line: "(generation 1)" in line)
        page = server.get()
    finally:
        assert server.interrupt() == 0
    server = Served(root, "--no-review", "--layout", "sequential", *paging)
    try:  # the next start reads nothing: each article's rendering was kept
        assert "(0 folder(s) read)" in server.wait_for(lambda line: "(generation 1)" in line)
        again = server.get()
    finally:
        server.stop()
    result = run_cli("export", "--layout", "sequential", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    for served_page in (page, again):
        assert without_script(served_page.encode()) == result.out, "the export, and a script"
    assert 'class="review"' not in page and "<p data-review" not in page


def test_it_listens_on_127_0_0_1_only(served: tuple[Path, Served]) -> None:
    _, server = served
    with socket.create_connection(("127.0.0.1", server.port), timeout=5):
        pass
    # Linux routes all of 127.0.0.0/8 to the loopback: a server bound to every interface
    # would answer on 127.0.0.2 too.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", server.port), timeout=5).close()


def test_a_browser_that_drops_its_connection_is_no_error(served: tuple[Path, Served]) -> None:
    """A connection reset halfway through a request (as a headless screenshot or a closed
    tab does) leaves the server answering and prints no traceback."""
    _, server = served
    for _ in range(3):
        dropped = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        dropped.sendall(b"GET / HT")
        dropped.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        dropped.close()  # with a linger of 0: a reset, not a polite close
    assert "<html" in server.get()
    time.sleep(0.5)
    assert not any("Traceback" in line or "Error" in line for line in server.errors), \
        server.errors


def test_a_port_in_use_is_a_clear_error(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "bulletin", "serve", "--port", str(port)],
                              cwd=workspace, capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 6, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0] == (f"error: port {port} of 127.0.0.1 is already in use (another "
                        "bulletin serve, or another program)")
    assert lines[1] == f"  hint: stop that program, or choose another port: --port {port + 1}"
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_broken_article_shows_in_the_page_then_recovers(served: tuple[Path, Served]) -> None:
    root, server = served
    source = root / "articles" / MACHINE_ID / "bg.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2019-04-15", "date: 15.04.2019"), encoding="utf-8")
    broken = server.wait_page(lambda page: "The bulletin cannot be shown" in page)
    assert f"articles/{MACHINE_ID}/bg.md" in broken and "data-bulletin-serve" in broken
    said = server.wait_for(lambda line: line.startswith("cannot show the bulletin"))
    assert "nothing was written" in said or "problem" in said
    assert server.process.poll() is None, "the server keeps running"
    source.write_text(good, encoding="utf-8")
    fixed = server.wait_page(lambda page: "The bulletin cannot be shown" not in page)
    assert title_of(root, MACHINE_ID, "en").split("“")[0] in fixed
    server.wait_for(lambda line: "(generation 3)" in line)


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_ctrl_c_stops_it_quietly(served: tuple[Path, Served], sent: int) -> None:
    root, server = served
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as events:
        events.sendall(b"GET /events?since=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.2)  # an open event stream does not hold the server up
        assert server.interrupt(sent) == 0
    time.sleep(0.2)
    assert server.errors == ["stopped"], server.errors
    assert (root / ".bulletin" / "cache" / "serve.json").is_file(), "renderings kept"


def test_the_event_stream_tells_an_older_page_at_once(served: tuple[Path, Served]) -> None:
    _, server = served
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as events:
        events.sendall(b"GET /events?since=0&run=x HTTP/1.1\r\nHost: x\r\n\r\n")
        heard = b""
        while b"event: rebuilt" not in heard:
            chunk = events.recv(4096)
            assert chunk, heard
            heard += chunk
    assert b"text/event-stream" in heard and b"data: 1\n" in heard


def without_script(page: bytes) -> str:
    text = page.decode("utf-8")
    head, _, rest = text.partition("<style>\n/* The review view")
    return head + rest[rest.index("</script>\n") + len("</script>\n"):]


def test_a_refreshed_page_is_what_a_fresh_export_gives(tmp_path: Path) -> None:
    """Kept renderings (only changed folders read again) give the same bytes as a cold
    export, after an edit, a new article and a deleted one."""
    from bulletin.export.preview import Preview
    from bulletin.export.spec import ExportRequest

    root = review_workspace(tmp_path / "ws")
    preview = Preview(ExportRequest(), root, review=False)
    assert preview.refresh().read == 2
    retitle(root, REVIEWED_ID, "Заглавие след редакция")
    page = preview.refresh()
    assert (page.read, page.generation) == (1, 2)
    exported = run_cli("export", "-o", "-", cwd=root)
    assert exported.code == 0, exported.err
    assert without_script(page.body) == exported.out
    assert preview.refresh().generation == 2, "nothing changed: no new page"
    copy = root / "articles" / "2019-04-20-kopie"
    copy.mkdir()
    (copy / "bg.md").write_text((root / "articles" / REVIEWED_ID / "bg.md").read_text(
        encoding="utf-8").replace("date: 2019-04-08", "date: 2019-04-20"), encoding="utf-8")
    import shutil

    shutil.rmtree(root / "articles" / MACHINE_ID)
    page = preview.refresh()
    assert page.read == 2, "a new set of folders renders everything again"
    exported = run_cli("export", "-o", "-", cwd=root)
    assert exported.code == 0, exported.err
    assert without_script(page.body) == exported.out and page.articles == 2


def test_a_stale_segment_shows_its_old_source_from_the_memory(tmp_path: Path) -> None:
    """An editor changed the Bulgarian and nobody ran translate yet: the translation file
    has no `was:`, but the memory has seen the old source (as `bulletin diff` finds it)."""
    from lxml import html as lxml_html

    from bulletin.export.preview import Preview
    from bulletin.export.spec import ExportRequest
    from bulletin.translation.memory import Memory, memory_path

    root = sample_workspace(tmp_path / "ws")
    with Memory.open(memory_path(root)) as memory:
        memory.remember_source(OLD_ITEM, "bg")
    source = root / "articles" / MACHINE_ID / "bg.md"
    source.write_text(source.read_text(encoding="utf-8").replace(OLD_ITEM, NEW_ITEM),
                      encoding="utf-8")
    page = Preview(ExportRequest(), root).refresh()
    stale = lxml_html.fromstring(page.body).xpath('//*[@data-review="stale"]')
    assert [" ".join(e.xpath('string(.//*[@class="was"])').split()) for e in stale] == [
        f"Source then: {OLD_ITEM}"]
    diff = run_cli("diff", MACHINE_ID, cwd=root)
    assert f"old source:  {OLD_ITEM}" in diff.out, diff.out


def test_a_wrong_layout_stops_it_before_it_listens(workspace: Path) -> None:
    result = run_cli("serve", "--layout", "xx", "--port", "0", cwd=workspace)
    assert result.code == 2
    assert result.err.splitlines()[0] == "error: unknown layout 'xx'" and result.out == ""


def test_bulletin_takes_a_named_bulletin_and_refuses_one_not_there(workspace: Path) -> None:
    result = run_cli("serve", "--bulletin", "no-such", "--port", "0", cwd=workspace)
    assert result.code == 5, result.err
    assert "no bulletin named 'no-such' in bulletin.toml" in result.err
    mixed = run_cli("serve", "--bulletin", "april-2019", "--since", "2019-04-01", cwd=workspace)
    assert mixed.code == 2 and "--bulletin takes its articles from bulletin.toml" in mixed.err


def test_a_named_bulletin_is_served_with_its_title_in_the_layout_asked(
        tmp_path: Path) -> None:
    root = sample_workspace(tmp_path / "ws")
    server = Served(root, "--bulletin", "april-2019", "--layout", "en")
    try:
        server.wait_for(lambda line: "(generation 1): 2 article(s)" in line)
        page = server.get()
    finally:
        server.stop()
    assert "<title>Sofia Investment Agency Bulletin</title>" in page
    assert 'lang="bg"' not in page, "one language alone, as --layout en asks"


def test_a_broken_template_shows_in_the_page_and_the_page_comes_back(tmp_path: Path) -> None:
    from bulletin.export.preview import Preview
    from bulletin.export.spec import ExportRequest

    root = sample_workspace(tmp_path / "ws")
    template = root / "templates" / "bulletin.html.j2"
    template.parent.mkdir()
    template.write_text("<!DOCTYPE html>\n<title>x</title>\n{{ bulletin.no_such_thing }}\n",
                        encoding="utf-8")
    preview = Preview(ExportRequest(), root)
    page = preview.refresh()
    assert not page.ok and page.generation == 1
    assert any(p.path == template for p in page.problems), page.problems
    assert b"templates/bulletin.html.j2" in page.body and b"data-bulletin-serve" in page.body
    template.unlink()
    page = preview.refresh()
    assert page.ok and page.generation == 2 and page.articles == 2


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_it_stops_after_rendering_with_worker_processes(tmp_path: Path, sent: int) -> None:
    """The first page of a large workspace is rendered by forked workers (before any thread
    of the server starts: forking a process that runs threads is unsafe), later pages, a
    full one after a change of the settings too, in the server's own process; it stops
    quietly either way."""
    root = review_workspace(tmp_path / "ws")
    server = Served(root, env={"BULLETIN_WORKERS": "2"})
    try:
        server.wait_for(lambda line: "(generation 1)" in line)
        set_export(root, "layout", "sequential")  # the settings changed: all read again
        line = server.wait_for(lambda line: "(generation 2)" in line)
        assert "(2 folder(s) read)" in line
        assert server.interrupt(sent) == 0
    finally:
        server.stop()
    assert server.errors == ["stopped"], server.errors


# Paged: five articles, two a page.
PAGED = ("2019-04-01-parva-statiya", REVIEWED_ID, "2019-04-10-sredna-statiya", MACHINE_ID,
         "2019-04-20-posledna-statiya")  # in bulletin order: by date


def paged_workspace(root: Path) -> Path:
    """The sample workspace (two articles) with three more, dated around them."""
    sample_workspace(root)
    source = (root / "articles" / REVIEWED_ID / "bg.md").read_text(encoding="utf-8")
    old = title_of(root, REVIEWED_ID, "bg")
    for article_id in (PAGED[0], PAGED[2], PAGED[4]):
        folder = root / "articles" / article_id
        folder.mkdir()
        (folder / "bg.md").write_text(
            source.replace("date: 2019-04-08", f"date: {article_id[:10]}").replace(
                f"title: {old}", f"title: Статия от {article_id[:10]}", 1), encoding="utf-8")
    return root


def article_ids(page: str) -> list[str]:
    from lxml import html as lxml_html

    return [str(i) for i in lxml_html.fromstring(page).xpath("//article/@id")]


def navigations(page: str) -> list[tuple[str, list[str], list[str]]]:
    """Each navigation of the page: its text, and the targets of its previous and next
    links (none where there is no such page)."""
    from lxml import html as lxml_html

    def links(nav: Any, rel: str) -> list[str]:
        return [str(h) for h in nav.xpath(f"a[@rel='{rel}']/@href")]

    return [(" ".join(nav.text_content().split()), links(nav, "prev"), links(nav, "next"))
            for nav in lxml_html.fromstring(page).xpath('//nav[@class="serve-pages"]')]


def without_navigation(page: str) -> str:
    from bulletin.export.preview import navigation

    for number in (1, 2, 3):
        page = page.replace(navigation(number, 3), "")
    return page


@pytest.fixture
def paged(tmp_path: Path) -> Iterator[tuple[Path, Served]]:
    root = paged_workspace(tmp_path / "ws")
    server = Served(root, "--per-page", "2", "--no-review")
    try:
        server.wait_for(lambda line: line.startswith("page 1 of 3 (generation 1): 2 article"))
        yield root, server
    finally:
        server.stop()


def test_pages_hold_their_articles_in_bulletin_order_with_links(paged: tuple[Path, Served],
                                                                tmp_path: Path) -> None:
    from htmlcheck import validate_html

    root, server = paged
    first, second, third = server.get("/"), server.get("/?page=2"), server.get("/page/3")
    assert article_ids(first) == list(PAGED[:2])
    assert article_ids(second) == list(PAGED[2:4])
    assert article_ids(third) == [PAGED[4]]
    assert server.get("/page/1") == first
    assert navigations(first) == [("← previous page 1 of 3 next →", [], ["/?page=2"])] * 2
    assert navigations(second) == [("← previous page 2 of 3 next →", ["/"], ["/?page=3"])] * 2
    assert navigations(third) == [("← previous page 3 of 3 next →", ["/?page=2"], [])] * 2
    # a page is the export of its articles, plus the script and the navigation
    exported = run_cli("export", *PAGED[2:4], "-o", "-", cwd=root)
    assert exported.code == 0, exported.err
    assert without_navigation(without_script(second.encode())) == exported.out
    saved = tmp_path / "page-2.html"
    saved.write_text(second, encoding="utf-8")
    assert validate_html([saved]) == {str(saved): []}


@pytest.mark.parametrize("path", ["/?page=4", "/page/0", "/?page=two"])
def test_a_page_out_of_range_is_not_found_and_names_the_range(paged: tuple[Path, Served],
                                                              path: str) -> None:
    import urllib.error

    _, server = paged
    with pytest.raises(urllib.error.HTTPError) as failed:
        server.get(path)
    assert failed.value.code == 404
    body = failed.value.read().decode("utf-8")
    assert "The bulletin has pages 1 to 3." in body and "<h1>No page" in body


def test_an_export_has_no_page_navigation(tmp_path: Path) -> None:
    root = paged_workspace(tmp_path / "ws")
    result = run_cli("export", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert article_ids(result.out) == list(PAGED)
    assert "serve-pages" not in result.out and "page 1 of" not in result.out


def test_a_save_on_page_2_reloads_page_2_in_chromium_and_not_page_1(
        paged: tuple[Path, Served], tmp_path: Path) -> None:
    import re

    root, server = paged
    script = re.search(r"page=1&run=(\w+)&since=(\d+)", server.get("/"))
    assert script, "page 1's reload script names its page"
    browser = Browser(server.url + "?page=2", tmp_path / "profile")
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as events:
            events.sendall(f"GET /events?page=1&run={script.group(1)}&since={script.group(2)}"
                           " HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            browser.wait_text(title_of(root, MACHINE_ID, "bg"))
            new_title = "Ново заглавие на статия от втората страница"
            retitle(root, MACHINE_ID, new_title)
            browser.wait_text(new_title, timeout=30)
            assert browser.evaluate("performance.getEntriesByType('navigation')[0].type") == \
                "reload", "page 2's own script reloaded it"
            line = server.wait_for(lambda line: line.startswith("page 2 of 3 (generation 2)"))
            assert "(1 folder(s) read)" in line
            time.sleep(1.5)  # a rebuilt sent to page 1 would have come by now
            events.settimeout(0.5)
            heard = b""
            try:
                while chunk := events.recv(4096):
                    heard += chunk
            except TimeoutError:
                pass
        assert b"text/event-stream" in heard and b"event: rebuilt" not in heard, heard
        assert not any(line.startswith("page 1 of 3") for line in server.seen[2:]), server.seen
    finally:
        browser.close()


def test_a_save_remakes_only_the_page_that_holds_it(tmp_path: Path) -> None:
    from bulletin.export.preview import Preview
    from bulletin.export.spec import ExportRequest

    root = paged_workspace(tmp_path / "ws")
    preview = Preview(ExportRequest(), root, review=False, per_page=2)
    first = preview.refresh()
    assert (first.read, first.articles, preview.count) == (5, 2, 3)
    assert preview.page_of(4) is None
    second = preview.page_of(2)
    assert second is not None and second.read == 2, "page 2 renders its own two articles"
    retitle(root, MACHINE_ID, "Заглавие след редакция")
    assert preview.refresh() is first, "page 1 was not made again"
    second = preview.pages[2]
    assert (second.generation, second.read) == (2, 1)
    exported = run_cli("export", *PAGED[2:4], "-o", "-", cwd=root)
    assert without_navigation(without_script(second.body)) == exported.out


def test_a_new_article_shifts_the_pages_after_it(tmp_path: Path) -> None:
    from bulletin.export.preview import Preview
    from bulletin.export.spec import ExportRequest

    root = paged_workspace(tmp_path / "ws")
    preview = Preview(ExportRequest(), root, review=False, per_page=2)
    preview.refresh()
    preview.page_of(3)
    earliest = root / "articles" / "2019-03-30-nay-rannata"
    earliest.mkdir()
    (earliest / "bg.md").write_text((root / "articles" / PAGED[0] / "bg.md").read_text(
        encoding="utf-8").replace("date: 2019-04-01", "date: 2019-03-30").replace(
        "title: Статия от 2019-04-01", "title: Най-ранната статия"), encoding="utf-8")
    first = preview.refresh()
    assert (first.generation, preview.count) == (2, 3)
    assert article_ids(first.body.decode()) == [earliest.name, PAGED[0]]
    third = preview.pages[3]
    assert third.generation == 2 and article_ids(third.body.decode()) == list(PAGED[3:5])
    assert 2 not in preview.pages, "page 2 was never asked for: it is made when it is"
