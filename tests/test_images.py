"""Pictures in every format: the article's own (``image:``, ``image_alt``, ``image_source``)
and those of its body (``![…](file.png)``), embedded or copied, named in text, attached to
e-mail, never fetched from elsewhere, read only from the article's folder; their
descriptions translated and reviewed as segments; the export cache sees a changed one."""

from __future__ import annotations

import base64
import os
import re
import shutil
import struct
import subprocess
import zlib
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, require_tool, run_cli
from fakeserver import FakeService, fake_service_fixture, fake_translate  # noqa: F401


def png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour."""
    raw = b"".join(b"\x00" + bytes(color) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


COVER = png(320, 180, (40, 90, 160))
HALL = png(200, 100, (200, 120, 40))
ALT = "Участници в зала „Джон Атанасов“"
BODY_ALT = "Залата на София Тех Парк"


def folder(root: Path) -> Path:
    return root / "articles" / SAMPLE_ID


def with_pictures(root: Path, body: str = f"![{BODY_ALT}](hall.png)",
                  image: str = "cover.png") -> Path:
    """The sample article with its own picture and one in its body."""
    here = folder(root)
    (here / "cover.png").write_bytes(COVER)
    (here / "hall.png").write_bytes(HALL)
    bg = here / "bg.md"
    text = bg.read_text(encoding="utf-8").replace(
        "image_source:", f"image: {image}\nimage_alt: {ALT}\nimage_source:", 1)
    bg.write_text(text.rstrip("\n") + f"\n\n{body}\n", encoding="utf-8")
    return bg


def set_export(root: Path, line: str) -> None:
    """A key added to the [export] table of the workspace's settings."""
    toml = root / "bulletin.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[export]\n", f"[export]\n{line}\n", 1) if "[export]\n"
                    in text else text + f"\n[export]\n{line}\n", encoding="utf-8")


def export(root: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("export", *args, cwd=root)
    return result.code, result.out, result.err


def data_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


# ---------------------------------------------------------------- each format


def test_html_embeds_the_pictures_so_the_page_stands_alone(workspace: Path) -> None:
    with_pictures(workspace)
    code, _, err = export(workspace)
    assert code == 0, err
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="picture"><img src="([^"]+)" alt="([^"]*)">'
                       r'<figcaption>(.*?)</figcaption></figure>', page)
    assert figure is not None
    assert figure[1] == data_uri(COVER)
    assert figure[2] == ALT
    assert "Association of Business Clusters" in figure[3]
    assert f'<img src="{data_uri(HALL)}" alt="{BODY_ALT}">' in page
    assert "img { max-width: 100%" in page
    assert not (workspace / "dist" / "bulletin_files").exists()
    assert "hall.png" not in page.replace(data_uri(HALL), "")  # no link to a file


def test_assets_copies_the_pictures_beside_the_page_and_links_them(workspace: Path) -> None:
    with_pictures(workspace)
    code, out, err = export(workspace, "--assets", "dist/pics")
    assert code == 0, err
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    copied = workspace / "dist" / "pics" / SAMPLE_ID
    assert (copied / "cover.png").read_bytes() == COVER
    assert (copied / "hall.png").read_bytes() == HALL
    assert f'<img src="pics/{SAMPLE_ID}/cover.png" alt="{ALT}">' in page
    assert f'<img src="pics/{SAMPLE_ID}/hall.png" alt="{BODY_ALT}">' in page
    assert "data:image" not in page
    assert str(copied / "hall.png") in out.split()


def test_markdown_copies_the_pictures_next_to_the_file(workspace: Path) -> None:
    with_pictures(workspace)
    target = workspace / "out" / "april.md"
    code, _, err = export(workspace, "--format", "md", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    files = workspace / "out" / "april_files" / SAMPLE_ID
    assert (files / "cover.png").read_bytes() == COVER
    assert f"![{ALT}](<april_files/{SAMPLE_ID}/cover.png>)" in text
    assert f"![{BODY_ALT}](<april_files/{SAMPLE_ID}/hall.png>)" in text
    assert "Association of Business Clusters" in text  # the credit


def test_text_names_each_picture_and_its_credit_in_each_language(workspace: Path) -> None:
    with_pictures(workspace)
    code, _, err = export(workspace, "--format", "txt", "--layout", "sequential")
    assert code == 0, err
    text = " ".join((workspace / "dist" / "bulletin.txt").read_text(encoding="utf-8").split())
    assert f"[Снимка: {ALT}] Източник на снимката: Association of Business Clusters" in text
    assert "[Image: " in text and "Image source: Association of Business Clusters" in text
    assert f"[Снимка: {BODY_ALT}]" in text


def test_email_attaches_the_article_picture_and_the_body_picture(workspace: Path) -> None:
    with (workspace / "bulletin.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[email]\nfrom = "Press office <press@example.bg>"\n')
    with_pictures(workspace)
    code, _, err = export(workspace, "--format", "email")
    assert code == 0, err
    message = message_from_bytes((workspace / "dist" / "bulletin.eml").read_bytes(),
                                 policy=policy.default)
    assert isinstance(message, EmailMessage)
    images = {p.get_content(): str(p["Content-ID"]).strip("<>") for p in message.walk()
              if p.get_content_type() == "image/png"}
    assert set(images) == {COVER, HALL}
    [html_part] = [p for p in message.walk() if p.get_content_type() == "text/html"]
    page = str(html_part.get_content())
    assert f'src="cid:{images[COVER]}"' in page and f'src="cid:{images[HALL]}"' in page


def test_atom_is_not_broken_by_local_pictures(workspace: Path) -> None:
    with_pictures(workspace)
    code, _, err = export(workspace, "--format", "atom")
    assert code == 0, err
    feed = (workspace / "dist" / "bulletin.bg.atom").read_text(encoding="utf-8")
    assert "hall.png" not in feed and "data:image" not in feed  # no address a reader lacks
    assert BODY_ALT in feed


# ---------------------------------------------------------------- limits and refusals


def test_a_picture_past_the_embed_limit_is_warned_of_and_not_embedded(workspace: Path) -> None:
    with_pictures(workspace)
    set_export(workspace, f"embed_limit = {(len(HALL) + len(COVER)) // 2}")
    assert len(HALL) < len(COVER)
    code, _, err = export(workspace)
    assert code == 0, err
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    assert data_uri(HALL) in page and data_uri(COVER) not in page
    [warning] = [line for line in err.splitlines() if "cover.png" in line]
    assert warning.startswith("warning: ") and "--assets DIR" in warning
    assert "KB" in warning and "embed_limit" in warning


def test_a_bad_embed_limit_names_the_key(workspace: Path) -> None:
    set_export(workspace, 'embed_limit = "big"')
    result = run_cli("check", cwd=workspace)
    assert result.code == 3 and "export.embed_limit" in result.out + result.err


def test_a_remote_picture_is_linked_never_fetched(workspace: Path,
                                                  fake_service: FakeService) -> None:
    url = f"{fake_service.url}/photo.png"
    with_pictures(workspace, body=f"![Далечна снимка]({url})")
    for fmt in ("html", "md", "txt"):
        code, _, err = export(workspace, "--format", fmt)
        assert code == 0, err
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    assert f'<a class="image" href="{url}">Далечна снимка</a>' in page
    assert f"<img src=\"{url}" not in page
    assert f"[Далечна снимка]({url})" in (workspace / "dist" / "bulletin.md").read_text(
        encoding="utf-8")
    text = (workspace / "dist" / "bulletin.txt").read_text(encoding="utf-8")
    assert "[Снимка: Далечна снимка] [1]" in text and f"[1] {url}" in text
    assert fake_service.requests == []


def test_a_missing_picture_is_a_check_warning_and_the_export_says_which(
        workspace: Path) -> None:
    bg = with_pictures(workspace, body="Текст.\n\n![Няма я](gone.png)")
    line = bg.read_text(encoding="utf-8").split("\n").index("![Няма я](gone.png)") + 1
    result = run_cli("check", cwd=workspace)
    assert f"bg.md:{line}: warning: the picture 'gone.png' is not in the article's folder" \
        in result.out + result.err
    code, _, err = export(workspace)
    assert code == 0
    assert "'gone.png' is not in the article's folder" in err
    assert "Няма я" in (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")


def test_a_link_to_a_picture_outside_the_workspace_is_refused(workspace: Path,
                                                              tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(2, 2, (255, 0, 0)))
    with_pictures(workspace, body="![Тайна](leak.png)")
    os.symlink(secret, folder(workspace) / "leak.png")
    result = run_cli("check", cwd=workspace)
    assert result.code == 3
    assert "'leak.png' is a link to" in result.out + result.err
    assert "outside the workspace" in result.out + result.err
    code, _, err = export(workspace, SAMPLE_ID)
    assert code == 3 and "leak.png" in err
    assert not (workspace / "dist" / "bulletin.html").exists()


def test_a_picture_up_the_tree_is_refused(workspace: Path) -> None:
    (workspace / "articles" / "up.png").write_bytes(HALL)
    with_pictures(workspace, body="![Горе](../up.png)")
    result = run_cli("check", cwd=workspace)
    assert result.code == 3
    assert "the picture '../up.png' is not in the article's folder" in result.out + result.err


def test_an_svg_is_never_embedded_and_is_linked_with_assets(workspace: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with_pictures(workspace, body="![Схема](plan.svg)")
    (folder(workspace) / "plan.svg").write_bytes(svg)
    code, _, err = export(workspace)
    assert code == 0
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    assert "<script" not in page and "image/svg" not in page and "Схема" in page
    assert "plan.svg" in err and "SVG" in err and "--assets DIR" in err
    code, _, err = export(workspace, "--assets", "dist/pics")
    assert code == 0, err
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    assert f'<img src="pics/{SAMPLE_ID}/plan.svg" alt="Схема">' in page


def test_a_file_that_is_no_picture_is_not_shown(workspace: Path) -> None:
    with_pictures(workspace, body="![Не е](fake.png)")
    (folder(workspace) / "fake.png").write_bytes(b"<html>not a picture</html>")
    result = run_cli("check", cwd=workspace)
    assert "'fake.png' is not a PNG, JPEG, GIF or WebP picture" in result.out + result.err
    code, _, err = export(workspace)
    assert code == 0 and "fake.png" in err
    assert "<html>not" not in (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")


def test_a_picture_in_a_subfolder_changed_in_place_is_checked_again(workspace: Path) -> None:
    """`check` keeps each folder's result by its files' stamps: a picture in a folder of
    the article, written over in place (the folder's own time unchanged), is read again."""
    with_pictures(workspace, body="![Галерия](gallery/hall.png)")
    gallery = folder(workspace) / "gallery"
    gallery.mkdir()
    picture = gallery / "hall.png"
    picture.write_bytes(b"<html>not a picture</html>")
    first = run_cli("check", cwd=workspace)
    assert "is not a PNG, JPEG, GIF or WebP picture" in first.out + first.err
    kept = os.stat(gallery).st_mtime_ns
    with picture.open("r+b") as handle:  # in place: same inode, the folder untouched
        handle.truncate(0)
        handle.write(HALL)
    os.utime(gallery, ns=(kept, kept))
    again = run_cli("check", cwd=workspace)
    assert "is not a PNG, JPEG, GIF or WebP picture" not in again.out + again.err


def test_assets_never_writes_over_the_workspace(workspace: Path) -> None:
    with_pictures(workspace)
    code, _, err = export(workspace, "--assets", "articles", "--force")
    assert code == 6 and "never writes over the workspace's own files" in err
    assert (folder(workspace) / "hall.png").read_bytes() == HALL


# ---------------------------------------------------------------- descriptions as segments


def test_descriptions_are_translated_and_reviewed_like_any_segment(
        workspace: Path, fake_service: FakeService, monkeypatch: pytest.MonkeyPatch) -> None:
    with_pictures(workspace)
    monkeypatch.setenv("BULLETIN_LIBRE_URL", fake_service.url)
    result = run_cli("translate", "--provider", "libre", cwd=workspace)
    assert result.code == 0, result.err
    sent = str([r.json for r in fake_service.requests])
    assert "Участници в зала" in sent and BODY_ALT in sent
    en = (folder(workspace) / "en.md").read_text(encoding="utf-8")
    found = re.search(r"^image_alt: (.+)$", en, re.MULTILINE)
    assert found is not None and found[1].startswith("Uchastnitsi v zala")
    english_alt = found[1].strip("'\"")  # the provider's, its quotes set for English
    assert re.search(r"image_alt: [0-9a-f]{8} machine", en)  # its state, as every field's
    marker = re.search(r"<!-- ([0-9a-f]{8}) machine [0-9a-f]{8} -->\n!\[(.*?)\]\(hall\.png\)",
                       en)
    assert marker is not None and marker[2] == fake_translate(BODY_ALT)
    result = run_cli("review", SAMPLE_ID, cwd=workspace)
    assert result.code == 0, result.err
    en = (folder(workspace) / "en.md").read_text(encoding="utf-8")
    assert re.search(r"image_alt: [0-9a-f]{8} reviewed", en)
    assert f"<!-- {marker[1]} reviewed -->" in en
    code, _, err = export(workspace, "--layout", "en")
    assert code == 0, err
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    assert f'alt="{english_alt}"' in page
    assert f'alt="{fake_translate(BODY_ALT)}"' in page and ALT not in page


def test_an_article_without_pictures_keeps_its_segments(workspace: Path) -> None:
    from bulletin.content.workspace import open_workspace

    before = [s.key for s in open_workspace(workspace).articles[SAMPLE_ID].segments]
    bg = folder(workspace) / "bg.md"
    bg.write_text(bg.read_text(encoding="utf-8").replace(
        "image_source:", "image_alt: Без снимка\nimage_source:", 1), encoding="utf-8")
    after = [s.key for s in open_workspace(workspace).articles[SAMPLE_ID].segments]
    assert after == before  # a description without a picture is no segment
    with_pictures(workspace)
    keys = [s.key for s in open_workspace(workspace).articles[SAMPLE_ID].segments]
    assert "image_alt" in keys and set(before) < set(keys)


# ---------------------------------------------------------------- cache, validity, looks


def test_the_export_cache_notices_a_changed_picture(workspace: Path) -> None:
    with_pictures(workspace)
    assert export(workspace)[0] == 0
    page = workspace / "dist" / "bulletin.html"
    first = page.stat().st_mtime_ns
    assert export(workspace)[0] == 0 and page.stat().st_mtime_ns == first  # unchanged
    other = png(200, 100, (0, 160, 0))
    hall = folder(workspace) / "hall.png"
    hall.unlink()
    hall.write_bytes(other)
    assert export(workspace)[0] == 0
    assert data_uri(other) in page.read_text(encoding="utf-8")


def test_a_deleted_copy_of_a_picture_is_written_again(workspace: Path) -> None:
    with_pictures(workspace)
    assert export(workspace, "--format", "md")[0] == 0
    copy = workspace / "dist" / "bulletin_files" / SAMPLE_ID / "hall.png"
    shutil.rmtree(copy.parent.parent)
    assert export(workspace, "--format", "md")[0] == 0
    assert copy.read_bytes() == HALL


@pytest.mark.slow
def test_vnu_finds_no_error_in_pages_with_pictures(workspace: Path) -> None:
    from htmlcheck import validate_html

    with_pictures(workspace)
    pages = []
    for layout in ("parallel", "sequential"):
        target = workspace / "dist" / f"{layout}.html"
        assert export(workspace, "--layout", layout, "-o", str(target))[0] == 0
        pages.append(target)
    assert validate_html(pages) == {str(p): [] for p in pages}


@pytest.mark.slow
def test_chromium_shows_the_pictures_within_their_column(workspace: Path,
                                                         tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    require_tool("chromium", chromium is not None, "headless Chromium draws the page")
    assert chromium is not None
    with_pictures(workspace, body=f"![{BODY_ALT}](wide.png)")
    (folder(workspace) / "wide.png").write_bytes(png(2400, 20, (200, 120, 40)))
    assert export(workspace)[0] == 0
    page = (workspace / "dist" / "bulletin.html").read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"  # the page, and a script that measures its pictures
    probe.write_text(page.replace("</body>", """<script>
addEventListener("load", () => { document.body.dataset.found = JSON.stringify(
  [...document.images].map(i => [i.naturalWidth, i.getBoundingClientRect().width,
                                 i.parentElement.getBoundingClientRect().width])); });
</script></body>"""), encoding="utf-8")
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           "--window-size=1200,1400", "--virtual-time-budget=5000",
                           "--dump-dom", probe.as_uri()], capture_output=True, text=True,
                          timeout=120)
    found = re.search(r'data-found="([^"]*)"', done.stdout)
    assert found is not None, done.stderr[-500:]
    import html
    import json

    sizes = json.loads(html.unescape(found[1]))
    assert sorted(n for n, _, _ in sizes) == [320, 320, 2400]  # the English body: not translated
    for natural, shown, column in sizes:
        assert 0 < shown <= column + 0.5 and shown <= natural


def test_markdown_to_standard_output_says_its_pictures_are_not_copied(workspace: Path) -> None:
    code, _, err = export(workspace, "--format", "md", "-o", "-")
    assert code == 0 and "picture" not in err  # no picture, no word of them
    with_pictures(workspace)
    code, out, err = export(workspace, "--format", "md", "-o", "-")
    assert code == 0
    assert "'hall.png' is shown as its text: pictures are not copied for standard output" in err
    assert BODY_ALT in out and "](<" not in out
    assert not list(workspace.glob("**/*_files"))
