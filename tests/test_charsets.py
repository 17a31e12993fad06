"""One detector of Cyrillic code pages (bulletin.charsets), for import and for the hint of
every reader that refuses a file that is not UTF-8: right on short texts in each one."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from bulletin.charsets import SINGLE_BYTE, guess_encoding
from bulletin.errors import ExitCode
from bulletin.intake.encoding import decode

# a line or two, as a headline, a list item or the first words of a paragraph are
SHORT = [
    "Ще има среща в петък.",
    "Щастие в София",
    "На 26 и 27 март 2019 г. в зала",
    "Форум в зала 5",
    "## Следващата среща",
    "- безплатен достъп",
    "Кметът откри залата.",
    "Нов парк в Младост",
    "Ремонт на улицата",
    "title: Изложба на открито",
]


@pytest.mark.parametrize("codec", list(SINGLE_BYTE))
@pytest.mark.parametrize("text", SHORT)
def test_a_short_text_is_told_apart_in_each_code_page(codec: str, text: str) -> None:
    data = text.encode(codec)
    assert guess_encoding(data) == SINGLE_BYTE[codec]
    assert decode(data, Path("x.txt")).encoding == SINGLE_BYTE[codec]  # import agrees


def test_an_abbreviation_in_capitals_is_no_wrong_decoding() -> None:
    # a capital after a capital (СОАПИ) is as likely as one that starts a word; only one
    # after a small letter is rare (a wrong decoding turns small letters into capitals)
    for text in ("СОАПИ съобщи", "СОАПИ с", "НДК откри"):
        for codec, name in SINGLE_BYTE.items():
            assert guess_encoding(text.encode(codec)) == name, (text, codec)


def test_no_cyrillic_letters_no_guess() -> None:
    assert guess_encoding(b"plain ASCII, then \x00\x01") is None


@pytest.mark.parametrize(("codec", "title", "body"), [
    ("koi8_r", "Ремонт", "Текст."),
    ("koi8_r", "Нов парк", "Ще има среща в петък."),
    ("iso8859_5", "Форум в зала 5", "Текст."),
    ("iso8859_5", "Ремонт", "На 26 и 27 март 2019 г. в зала 5."),
])
def test_check_names_the_code_page_of_a_short_article(workspace: Path, codec: str,
                                                      title: str, body: str) -> None:
    folder = workspace / "articles" / "2019-04-10-kratka"
    folder.mkdir()
    text = f"---\ntitle: {title}\ndate: 2019-04-10\n---\n\n{body}\n"
    (folder / "bg.md").write_bytes(text.encode(codec))
    result = run_cli("check", cwd=workspace)
    assert result.code == ExitCode.INVALID
    name = SINGLE_BYTE[codec]
    assert f"it looks like {name}" in result.err
    assert f"iconv -f {name} -t utf-8" in result.err
