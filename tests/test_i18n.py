"""Interface words: one catalog per language, plural forms by Babel's rules, overrides."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from conftest import REPO, require_tool

from bulletin.errors import InvalidInput
from bulletin.i18n import builtin_locale_dirs, catalog_path, words

CATALOGS = sorted((REPO / "locales").glob("*/LC_MESSAGES/bulletin.po"))


def test_the_builtin_catalogs_are_found() -> None:
    assert {p.parent.parent.name for p in CATALOGS} >= {"bg", "en", "de"}
    assert builtin_locale_dirs(), "the catalogs must be found from the package"


@pytest.mark.parametrize(("n", "bg", "en"), [
    (0, "0 статии", "0 articles"),
    (1, "1 статия", "1 article"),
    (2, "2 статии", "2 articles"),
    (5, "5 статии", "5 articles"),
    (11, "11 статии", "11 articles"),
    (21, "21 статии", "21 articles"),
    (1500, "1\xa0500 статии", "1,500 articles"),
])
def test_article_counts_in_both_languages(n: int, bg: str, en: str) -> None:
    assert words("bg", "bg_BG").articles(n) == bg
    assert words("en", "en_GB").articles(n) == en


def test_a_bilingual_page_has_both_languages_at_once() -> None:
    bg, en = words("bg", "bg_BG"), words("en", "en_GB")
    assert (bg.gettext("Related news"), en.gettext("Related news")) == \
        ("Свързани новини", "Related news")
    assert bg.gettext("Image source") == "Източник на снимката"
    assert bg.pgettext("language", "English") == "Английски"
    assert bg.language_name("en") == "Английски"
    assert en.language_name("bg") == "Bulgarian"


def test_german_is_just_a_catalog() -> None:
    de = words("de", "de_DE")
    assert de.gettext("Translation missing") == "Übersetzung fehlt"
    assert [de.articles(n) for n in (1, 2)] == ["1 Artikel", "2 Artikel"]
    assert de.language_name("bg") == "Bulgarisch"


def test_a_language_without_catalog_speaks_english_with_cldr_names() -> None:
    fr = words("fr", "fr_FR")
    assert fr.gettext("Contents") == "Contents"
    assert fr.language_name("bg") == "Bulgare"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_passes_msgfmt_check(path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    require_tool("msgfmt", msgfmt is not None, "GNU gettext checks the catalogs")
    done = subprocess.run([str(msgfmt), "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_catalog_plural_rule_is_babels_and_complete(path: Path) -> None:
    lang = path.parent.parent.name
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    expected = get_plural(lang)
    assert catalog.num_plurals == expected.num_plurals
    assert catalog.plural_expr.replace(" ", "") == expected.plural_expr.replace(" ", "")
    with (REPO / "locales" / "en" / "LC_MESSAGES" / "bulletin.po").open("rb") as handle:
        english = read_po(handle, locale="en")
    ids = {(m.context, str(m.id)) for m in english if m.id}
    assert {(m.context, str(m.id)) for m in catalog if m.id} == ids
    untranslated = [m.id for m in catalog if m.id and not (
        all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert untranslated == []


def _write_po(path: Path, lang: str, entries: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    f'"Language: {lang}\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                    + entries, encoding="utf-8")


def test_a_workspace_catalog_overrides_single_words(tmp_path: Path) -> None:
    _write_po(catalog_path(tmp_path / "locales", "bg"), "bg",
              'msgid "Contents"\nmsgstr "В този брой"\n')
    bg = words("bg", "bg_BG", tmp_path)
    assert bg.gettext("Contents") == "В този брой"
    assert bg.gettext("Related news") == "Свързани новини"  # the rest: built-in
    assert bg.articles(5) == "5 статии"
    assert words("bg", "bg_BG").gettext("Contents") == "Съдържание"  # no leak


def test_a_workspace_catalog_adds_a_language(tmp_path: Path) -> None:
    _write_po(catalog_path(tmp_path / "locales", "fr"), "fr",
              'msgid "Contents"\nmsgstr "Sommaire"\n\n'
              'msgid "%(num)s article"\nmsgid_plural "%(num)s articles"\n'
              'msgstr[0] "%(num)s article"\nmsgstr[1] "%(num)s articles"\n')
    fr = words("fr", "fr_FR", tmp_path)
    assert fr.gettext("Contents") == "Sommaire"
    assert fr.articles(2) == "2 articles"


def test_a_broken_catalog_names_its_file(tmp_path: Path) -> None:
    path = catalog_path(tmp_path / "locales", "bg")
    _write_po(path, "bg", 'msgid "Contents"\nмсгстр "Съдържание"\n')
    with pytest.raises(InvalidInput) as caught:
        words("bg", "bg_BG", tmp_path)
    assert caught.value.path == path
    assert caught.value.line == 8
