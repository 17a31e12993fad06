"""Each language's line in the contents of a bulletin carries its own date, as that language
writes it (before, the English line showed the Bulgarian date)."""

from __future__ import annotations

import re

import pytest

NNBSP = "\u202f"


def test_markdown_contents(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("export", "-f", "md", "-o", "-").out
    contents = text.split("## Съдържание / Contents", 1)[1].split("* * *", 1)[0]
    assert (f"1. София се включи в Европейските клъстерни седмици (8 април 2019{NNBSP}г.)\\\n"
            "   Sofia Joins the European Cluster Weeks (8 April 2019)\n") in contents


def test_text_contents(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("export", "-f", "txt", "-o", "-").out
    assert (f" 1. София се включи в Европейските клъстерни седмици (8 април 2019{NNBSP}г.)\n"
            "    Sofia Joins the European Cluster Weeks (8 April 2019)\n") in text


def test_html_contents(cli) -> None:  # type: ignore[no-untyped-def]
    page = cli("export", "-f", "html", "-o", "-").out
    contents = page.split('<nav id="contents"', 1)[1].split("</nav>", 1)[0]
    english = re.findall(r'<span lang="en">[^<]*<time datetime="([^"]+)">([^<]+)</time>',
                         contents)
    assert english[0] == ("2019-04-08", "8 April 2019")
    bulgarian = re.findall(r'<span lang="bg">[^<]*<time datetime="[^"]+">([^<]+)</time>',
                           contents)
    assert bulgarian[0] == f"8 април 2019{NNBSP}г."


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_an_english_event_range_names_its_month_in_full(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = cli("export", "-f", fmt, "-o", "-").out
    assert "26\u2009\u2013\u200927 March 2019" in text and "Mar 2019" not in text
