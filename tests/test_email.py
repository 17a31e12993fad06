"""`bulletin export --format email`: an .eml of the sample bulletin parsed by Python's
`email` package into its parts and headers; its HTML part laid out by headless Chromium
at 600 and 390 px without horizontal scrolling and checked by vnu; sent with `bulletin
send` to a real SMTP server (aiosmtpd) and received byte for byte; --split, pictures as
cid: parts or left out, Gmail's clipping warning, machine labels, build."""

from __future__ import annotations

import email
import email.policy
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli

EMAIL = ('\n[email]\nfrom = "Press office <press@example.bg>"\nreply_to = "desk@example.bg"\n'
         'list_unsubscribe = "mailto:leave@example.bg"\n')
TITLES = "Бюлетин на Столичната агенция за инвестиции / Sofia Investment Agency Bulletin"


def with_email(root: Path, extra: str = "") -> Path:
    with (root / "bulletin.toml").open("a", encoding="utf-8") as handle:
        handle.write(EMAIL + extra)
    return root


def read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def export_email(root: Path, *args: str) -> EmailMessage:
    result = run_cli("export", "--format", "email", *args, cwd=root)
    assert result.code == 0, result.err
    return read(root / "dist" / "bulletin.eml")


def html_of(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def mailed(workspace: Path) -> tuple[Path, EmailMessage]:
    with_email(workspace)
    result = run_cli("build", cwd=workspace)  # the sample bulletin's title, as build makes it
    assert result.code == 0, result.err
    toml = (workspace / "bulletin.toml").read_text(encoding="utf-8")
    (workspace / "bulletin.toml").write_text(
        toml.replace('formats = ["html", "md", "txt"]', 'formats = ["html", "email"]'),
        encoding="utf-8")
    result = run_cli("build", cwd=workspace)
    assert result.code == 0, result.err
    assert "dist/april-2019.eml" in result.out
    return workspace, read(workspace / "dist" / "april-2019.eml")


def test_the_message_has_a_text_and_an_html_part_and_its_headers(
        mailed: tuple[Path, EmailMessage]) -> None:
    root, message = mailed
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == TITLES
    assert message["From"] == "Press office <press@example.bg>"
    assert message["Reply-To"] == "desk@example.bg"
    assert message["List-Unsubscribe"] == "<mailto:leave@example.bg>"
    assert message["Content-Language"] == "bg, en"
    assert message["Date"].datetime is not None
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith(
        "@example.bg>")
    # the text part is the text renderer's bulletin, not the HTML stripped of its tags
    text = message.get_body(("plain",))
    assert text is not None
    assert text.get_content() == (root / "dist" / "april-2019.txt").read_text(encoding="utf-8")
    # 7-bit lines ending in CRLF, which no relay needs to rewrite
    data = (root / "dist" / "april-2019.eml").read_bytes()
    assert data.isascii() and b"\n" not in data.replace(b"\r\n", b"")


def test_the_html_part_is_made_for_mail_clients(mailed: tuple[Path, EmailMessage]) -> None:
    _, message = mailed
    page = html_of(message)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "http" not in page.split("<body", 1)[0]  # nothing fetched from the head
    assert 'class="column" style="max-width: 600px;' in page  # CSS inlined, one column
    head_style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert head_style.lstrip().startswith("@media")  # only the media queries stay there
    assert 'lang="bg"' in page and 'lang="en"' in page
    assert 'class="side" lang="en"' in page  # parallel: each row holds both languages


def test_sequential_is_one_language_after_the_other(workspace: Path) -> None:
    with_email(workspace)
    page = html_of(export_email(workspace, "--layout", "sequential"))
    assert 'class="side"' not in page
    assert page.index('class="article-section" lang="bg"') < page.index(
        'class="article-section" lang="en"')


def test_a_missing_sender_is_a_usage_error(workspace: Path) -> None:
    result = run_cli("export", "--format", "email", cwd=workspace)
    assert result.code == 2
    assert "[email] from" in result.err


def test_split_makes_one_message_per_n_articles(workspace: Path) -> None:
    with_email(workspace)
    result = run_cli("export", "--format", "email", "--split", "1", cwd=workspace)
    assert result.code == 0, result.err
    first, second = (read(workspace / "dist" / f"bulletin.{n}.eml") for n in (1, 2))
    assert not (workspace / "dist" / "bulletin.eml").exists()
    assert str(first["Subject"]).endswith("(1/2)") and str(second["Subject"]).endswith("(2/2)")
    assert SAMPLE_ID in html_of(first) and SAMPLE_ID not in html_of(second)
    assert result.out.split() == [str(workspace / "dist" / f"bulletin.{n}.eml")
                                  for n in (1, 2)]


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


def with_picture(root: Path) -> None:
    folder = root / "articles" / SAMPLE_ID
    (folder / "hall.png").write_bytes(PNG)
    bg = folder / "bg.md"
    bg.write_text(bg.read_text(encoding="utf-8") + "\n![Залата](hall.png)\n", encoding="utf-8")


def test_a_picture_of_the_article_travels_as_a_cid_part(workspace: Path) -> None:
    with_email(workspace)
    with_picture(workspace)
    message = export_email(workspace)
    [html_part] = [p for p in message.walk() if p.get_content_type() == "text/html"]
    related = [p for p in message.walk() if p.get_content_type() == "multipart/related"]
    [image] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert related and image.get_content() == PNG
    cid = str(image["Content-ID"]).strip("<>")
    assert f'src="cid:{cid}"' in str(html_part.get_content())


def test_no_images_leaves_the_pictures_out(workspace: Path) -> None:
    with_email(workspace)
    with_picture(workspace)
    message = export_email(workspace, "--no-images")
    assert not [p for p in message.walk() if p.get_content_maintype() == "image"]
    page = html_of(message)
    assert "<img" not in page and "Залата" in page


def test_a_message_past_gmails_clipping_size_is_warned_of(workspace: Path) -> None:
    with_email(workspace)
    bg = workspace / "articles" / SAMPLE_ID / "bg.md"
    long = "\n\n".join(f"Абзац {n} за клъстерите в София и тяхното развитие." * 8
                       for n in range(300))
    bg.write_text(bg.read_text(encoding="utf-8") + "\n" + long + "\n", encoding="utf-8")
    result = run_cli("export", "--format", "email", cwd=workspace)
    assert result.code == 0, result.err
    assert "warning: bulletin.eml: the HTML part is " in result.err
    assert " KB; Gmail clips a message past 102 KB" in result.err


def test_machine_text_is_labelled_in_both_parts(tmp_path: Path) -> None:
    from machine_support import LABEL, make_machine, sample_workspace

    root = with_email(sample_workspace(tmp_path / "ws"))
    make_machine(root)
    message = export_email(root)
    text = message.get_body(("plain",))
    assert text is not None and LABEL["en"] in str(text.get_content())
    assert LABEL["en"] in html_of(message)


# --- the HTML part in a browser, in vnu, and over SMTP ---------------------------------

MEASURE = """<!DOCTYPE html>
<html><body>
<iframe id="page" src="mail.html" style="width: {width}px; height: 3000px; border: 0">
</iframe>
<script>
document.getElementById("page").addEventListener("load", () => {{
  const doc = document.getElementById("page").contentDocument;
  const cells = doc.querySelectorAll("table.pair tr")[1].querySelectorAll("td.side");
  const box = (cell) => {{ const r = cell.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; }};
  const column = doc.querySelector(".column").getBoundingClientRect();
  document.body.setAttribute("data-layout", JSON.stringify({{
    bg: box(cells[0]), en: box(cells[1]), column: column.width,
    scroll: doc.documentElement.scrollWidth}}));
}});
</script>
</body></html>
"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [600, 390])
def test_the_html_part_fits_600_and_390_px_without_scrolling(
        mailed: tuple[Path, EmailMessage], tmp_path: Path, width: int) -> None:
    from conftest import require_tool
    from test_html_browser import CHROMIUM, laid_out

    require_tool("chromium", CHROMIUM is not None, "renders the e-mail's HTML part")
    _, message = mailed
    (tmp_path / "mail.html").write_text(html_of(message), encoding="utf-8")
    found = laid_out(tmp_path, f"mail-{width}", MEASURE.format(width=width))
    assert found["scroll"] <= width, found
    assert found["column"] <= 600
    bg, en = found["bg"], found["en"]
    if width == 600:  # side by side
        assert bg[1] == en[1] and bg[2] <= en[0], found
    else:  # stacked, each the column's width
        assert en[1] >= bg[3] and abs(bg[0] - en[0]) < 1, found


@pytest.mark.slow
def test_vnu_finds_no_error_in_the_html_part(mailed: tuple[Path, EmailMessage],
                                            tmp_path: Path) -> None:
    from htmlcheck import validate_html

    _, message = mailed
    page = tmp_path / "mail.html"
    page.write_text(html_of(message), encoding="utf-8")
    assert validate_html([page]) == {str(page): []}


def test_send_delivers_the_exported_message_byte_for_byte(
        mailed: tuple[Path, EmailMessage]) -> None:
    pytest.importorskip("aiosmtpd", reason="aiosmtpd runs the test SMTP server")
    from test_send import Inbox, port_of, start

    root, _ = mailed
    inbox = Inbox()
    controller = start(inbox)
    try:
        with (root / "bulletin.toml").open("a", encoding="utf-8") as handle:
            handle.write(f'host = "127.0.0.1"\nport = {port_of(controller)}\n'
                         'security = "none"\ntimeout = 5\n')
        shutil.copy(root / "dist" / "april-2019.eml", root / "proof.eml")
        result = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root)
        assert result.code == 0, result.err
    finally:
        controller.stop()
    [(sender, recipients, data)] = inbox.messages
    assert sender == "press@example.bg" and recipients == ["desk@example.bg"]
    assert data == (root / "proof.eml").read_bytes()
