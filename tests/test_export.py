"""`bulletin export`: selection, destinations, layouts, missing translations, safety, HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SAMPLE_ID, run_cli
from htmlcheck import dangerous_markup, tags_and_attributes, validate_html

from bulletin.errors import ExitCode

SECOND_ID = "2019-04-15-izmisleno-sdruzhenie-gradini-na-pokriva"
BG_DATE = "8 април 2019\u202fг."
EN_DATE = "8 April 2019"
SEED_EN_TITLE = "Sofia Joins the European Cluster Weeks"
SEED_BG_TITLE = "София се включи в Европейските клъстерни седмици"


def test_default_export_writes_a_bilingual_html_bulletin(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export")
    assert result.code == 0, result.err
    path = workspace / "dist" / "bulletin.html"
    assert result.out.strip() == str(path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"bg\">")
    assert SEED_BG_TITLE in page and SEED_EN_TITLE in page
    assert f'<time datetime="2019-04-08">{BG_DATE}</time>' in page
    assert f'<time datetime="2019-04-08">{EN_DATE}</time>' in page
    assert 'lang="bg"' in page and 'lang="en"' in page
    assert "2 статии" in page and "2 articles" in page
    assert "април 2019\u202fг." in page and "April 2019" in page
    assert "Свързани новини" in page and "Related news" in page
    assert "Източник на снимката" in page and "Image source" in page


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_seed_dates_read_right_in_every_format(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", SAMPLE_ID, "--format", fmt, "-o", "-")
    assert result.code == 0, result.err
    assert BG_DATE in result.out and EN_DATE in result.out
    assert "26 – 27 март 2019\u202fг." in result.out


def test_english_locale_is_configurable(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    toml = workspace / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('en = "en_GB"', 'en = "en_US"'),
                    encoding="utf-8")
    result = cli("export", "--layout", "en", "-f", "txt", "-o", "-")
    assert "April 8, 2019" in result.out and EN_DATE not in result.out


def test_stdout_writes_no_file(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "-f", "md", "-o", "-")
    assert result.code == 0 and result.out.startswith("# ")
    assert not (workspace / "dist").exists()


def test_output_path_and_json(cli, workspace: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    target = tmp_path / "out" / "april.txt"
    result = cli("export", "-f", "txt", "-o", str(target), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == {"path": str(target), "articles": 2, "format": "txt",
                                      "layout": "parallel",
                                      "machine": {"policy": "label", "published": 0,
                                                  "withheld": 0, "articles": []},
                                      "others_with_problems": [], "drafts_left_out": []}
    assert target.read_text(encoding="utf-8").startswith("Бюлетин\nNews bulletin\n")


def _titles(out: str) -> list[str]:
    return [t for t in (SEED_BG_TITLE, "Измисленото сдружение") if t in out]


@pytest.mark.parametrize(("args", "expected"), [
    ((SAMPLE_ID,), [SEED_BG_TITLE]),
    ((SECOND_ID, SAMPLE_ID), [SEED_BG_TITLE, "Измисленото сдружение"]),
    (("--since", "2019-04-10"), ["Измисленото сдружение"]),
    (("--until", "2019-04-10"), [SEED_BG_TITLE]),
    (("--since", "2019-04-08", "--until", "2019-04-08"), [SEED_BG_TITLE]),
    (("--tag", "примерна статия"), ["Измисленото сдружение"]),
    (("--tag", "клъстери", "--tag", "примерна статия"),
     [SEED_BG_TITLE, "Измисленото сдружение"]),
])
def test_selection(cli, args: tuple[str, ...], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", *args, "-f", "md", "-o", "-")
    assert result.code == 0, result.err
    assert _titles(result.out) == expected


def test_ids_keep_the_order_given(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("export", SECOND_ID, SAMPLE_ID, "-f", "txt", "-o", "-").out
    assert out.index("Измисленото сдружение") < out.index(SEED_BG_TITLE)


def test_unknown_article_is_a_clear_error(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "2019-04-09-no-such-article")
    assert result.code == ExitCode.NOT_FOUND
    assert "no article '2019-04-09-no-such-article'" in result.err
    assert "Traceback" not in result.err
    assert not (workspace / "dist").exists()


def test_unsafe_article_id_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "../2019-04-08-x")
    assert result.code == ExitCode.USAGE
    assert "not a safe article id" in result.err


def test_empty_selection_writes_nothing(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", "--since", "2020-01-01")
    assert result.code == ExitCode.NOT_FOUND
    assert "no article matches the selection (dated 2020-01-01 to …): nothing was written" \
        in result.err
    assert not (workspace / "dist").exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--format", "pdf"), "unknown format 'pdf'"),
    (("--layout", "fr"), "unknown layout 'fr'"),
    (("--since", "2019-13-01"), "--since '2019-13-01' is not a date"),
    (("--fallback", "guess"), "unknown fallback 'guess'"),
])
def test_bad_options(cli, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", *args)
    assert result.code == ExitCode.USAGE
    assert message in result.err


def test_sequential_and_single_language_layouts(cli) -> None:  # type: ignore[no-untyped-def]
    seq = cli("export", SAMPLE_ID, "--layout", "sequential", "-f", "txt", "-o", "-").out
    body_bg = seq.index("На 26 и 27 март 2019\u00a0г.")
    body_en = seq.index("On 26 and 27 March 2019")
    last_bg = seq.index("Столичната агенция за инвестиции също")
    assert body_bg < last_bg < body_en  # the whole article in Bulgarian, then in English
    only_en = cli("export", "--layout", "en", "-f", "html", "-o", "-").out
    assert '<html lang="en">' in only_en and "На 26 и 27 март" not in only_en
    only_bg = cli("export", "--layout", "bg", "-f", "md", "-o", "-").out
    assert "On 26 and 27 March" not in only_bg and SEED_BG_TITLE in only_bg


def test_parallel_text_pairs_each_block(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("export", SECOND_ID, "-f", "txt", "-o", "-").out
    lines = out.split("\n")
    bg = next(i for i, line in enumerate(lines) if line.startswith("BG  Форумът"))
    assert lines[bg + 2].startswith("EN  The forum")


def test_text_wraps_and_numbers_links(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("export", "-f", "txt", "--width", "50", "-o", "-").out
    too_long = [line for line in out.split("\n") if len(line) > 50 and " " in line.strip()]
    assert too_long == []
    assert "on its sample page [1]." in out
    assert "\n[1] https://example.org/gradini-na-pokriva\n" in out
    assert "Връзки / Links:" in out


def _break_seed_translation(workspace: Path) -> None:
    (workspace / "articles" / SAMPLE_ID / "en.md").unlink()


def test_missing_translation_shows_a_placeholder(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    _break_seed_translation(workspace)
    out = cli("export", SAMPLE_ID, "-o", "-").out
    assert out.count('<span class="missing">[Translation missing]</span>') == 7
    assert "On 26 and 27 March" not in out
    # the title falls back to the source, marked with its language
    assert f'<span class="fallback" lang="bg">{SEED_BG_TITLE}</span>' in out
    text = cli("export", SAMPLE_ID, "-f", "txt", "-o", "-").out
    assert "EN  [Translation missing]" in text


def test_missing_translation_falls_back_to_the_source(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    _break_seed_translation(workspace)
    out = cli("export", SAMPLE_ID, "--fallback", "source", "-o", "-").out
    assert "Translation missing" not in out
    assert '<span class="fallback" lang="bg">На 26 и 27 март 2019\u00a0г.' in out
    md = cli("export", SAMPLE_ID, "--fallback", "source", "-f", "md", "-o", "-").out
    assert "> *(BG)* На 26 и 27 март 2019\u00a0г." in md


def test_stale_and_machine_segments_render_their_text(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    source = workspace / "articles" / SAMPLE_ID / "bg.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Г-н Алън Хъчисън", "Г-н Алън Хъчисън от Шотландия"),
                      encoding="utf-8")
    en = workspace / "articles" / SAMPLE_ID / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("<!-- 95314acf reviewed -->",
                                                         "<!-- 95314acf machine -->"),
                  encoding="utf-8")
    out = cli("export", SAMPLE_ID, "-f", "txt", "-o", "-").out
    assert "Mr Alan Hutchison, a specialist" in out  # stale: the old translation
    assert "On the second day, Helmut Kergel" in out  # machine: as it is
    assert "Translation missing" not in out


def test_three_languages_in_parallel(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    toml = workspace / "bulletin.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('languages = ["en"]',
                                                             'languages = ["en", "de"]'),
                    encoding="utf-8")
    out = cli("export", SAMPLE_ID, "-o", "-").out
    assert 'lang="de"' in out
    assert "Übersetzung fehlt" in out and "Veröffentlicht" in out
    assert "8. April 2019" in out and "1 Artikel" in out


HOSTILE = """---
title: Опасна статия <script>alert('title')</script>
date: 2019-04-20
summary: <img src=x onerror=alert('summary')>
tags: ["<b>таг</b>"]
related:
  - {title: Връзка, url: "javascript:alert('related')"}
---

Текст <script>alert(1)</script> и <img src=x onerror=alert(2)>.

[опасна връзка](javascript:alert(3)) и [данни](data:text/html;base64,PHNjcmlwdD4=) и
<javascript:alert(4)> и ![пиксел](https://tracker.example/p.gif)

<div onclick="alert(5)">блок</div>

<script>
alert(6)
</script>
"""


def _write_hostile(workspace: Path) -> str:
    folder = workspace / "articles" / "2019-04-20-opasna-statiya"
    folder.mkdir()
    (folder / "bg.md").write_text(HOSTILE, encoding="utf-8")
    return folder.name


def test_hostile_article_cannot_run_or_fetch_anything(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    article = _write_hostile(workspace)
    for layout in ("parallel", "sequential", "bg"):
        out = cli("export", article, "--layout", layout, "-o", "-").out
        assert dangerous_markup(out) == [], layout
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # shown, as text
    md = cli("export", article, "-f", "md", "-o", "-").out
    from markdown_it import MarkdownIt

    assert dangerous_markup(MarkdownIt("commonmark", {"html": True}).render(md)) == []


def test_page_makes_no_external_request(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("export", "-o", "-").out
    tags = {tag for tag, _ in tags_and_attributes(out)}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    style = re.search(r"<style>(.*?)</style>", out, re.S)
    assert style and "url(" not in style.group(1) and "@import" not in style.group(1)
    assert "@media print" in style.group(1)


def test_workspace_template_overrides_the_builtin(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    (workspace / "templates").mkdir()
    (workspace / "templates" / "article.txt.j2").write_text(
        "ARTICLE {{ article.id }} {{ article.sides[0].date_text }}\n", encoding="utf-8")
    out = cli("export", SAMPLE_ID, "-f", "txt", "-o", "-").out
    assert f"ARTICLE {SAMPLE_ID} {BG_DATE}" in out
    assert "Съдържание / Contents" in out  # the page template is still the built-in one


def test_broken_workspace_template_is_a_clear_error(cli, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    (workspace / "templates").mkdir()
    (workspace / "templates" / "article.txt.j2").write_text("{{ article.nope }}\n",
                                                            encoding="utf-8")
    result = cli("export", "-f", "txt")
    assert result.code == ExitCode.INVALID
    assert "the template failed" in result.err and "Traceback" not in result.err
    assert not (workspace / "dist" / "bulletin.txt").exists()


def test_every_html_output_is_valid(workspace: Path, tmp_path: Path) -> None:
    """The W3C Nu validator finds zero errors in every layout and fallback."""
    _write_hostile(workspace)
    toml = workspace / "bulletin.toml"
    variants = {
        "parallel": ("--layout", "parallel"),
        "sequential": ("--layout", "sequential"),
        "bg": ("--layout", "bg"),
        "en": ("--layout", "en"),
        "placeholder": ("--layout", "parallel", "--fallback", "placeholder"),
        "source": ("--layout", "sequential", "--fallback", "source"),
    }
    paths = []
    for name, args in variants.items():
        path = tmp_path / f"{name}.html"
        result = run_cli("export", *args, "-o", str(path), cwd=workspace)
        assert result.code == 0, result.err
        paths.append(path)
    toml.write_text(toml.read_text(encoding="utf-8").replace('languages = ["en"]',
                                                             'languages = ["en", "de"]'),
                    encoding="utf-8")
    path = tmp_path / "three.html"
    assert run_cli("export", "-o", str(path), cwd=workspace).code == 0
    paths.append(path)
    paths += sorted((Path(__file__).parent / "golden").glob("*.html"))
    errors = validate_html(paths)
    assert {Path(k).name: v for k, v in errors.items() if v} == {}
