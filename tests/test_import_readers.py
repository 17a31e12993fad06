"""The import readers one by one: encodings, dates, text dumps, HTML pages, Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO, SAMPLE_ID

from bulletin.content.document import parse
from bulletin.errors import InvalidInput
from bulletin.intake.dates import date_line, find_date
from bulletin.intake.encoding import decode
from bulletin.intake.feed import read_feed
from bulletin.intake.htmlpage import read_html_page
from bulletin.intake.markdown import read_markdown
from bulletin.intake.textdump import is_clutter, read_text_dump

HERE = Path("page")


def sample_paragraphs() -> list[str]:
    text = (REPO / "articles" / SAMPLE_ID / "bg.md").read_text("utf-8")
    body = text.split("---\n", 2)[2]
    return [p.strip() for p in body.split("\n\n") if p.strip()]


# encodings


@pytest.mark.parametrize("codec", ["cp1251", "koi8_r", "iso8859_5"])
def test_every_real_paragraph_is_decoded_right_in_each_single_byte_encoding(codec: str) -> None:
    names = {"cp1251": "windows-1251", "koi8_r": "KOI8-R", "iso8859_5": "ISO-8859-5"}
    paragraphs = sample_paragraphs()
    assert len(paragraphs) == 7
    for paragraph in paragraphs:
        # KOI8-R and ISO-8859-5 have no typographic quotes or dashes: as a page would, use
        # plain ones there
        if codec != "cp1251":
            paragraph = paragraph.translate(str.maketrans("„“”’–", '"""\'-'))
        data = paragraph.encode(codec)
        decoded = decode(data, HERE)
        assert (decoded.encoding, decoded.text) == (names[codec], paragraph)
        # and each sentence alone, down to a few words
        for sentence in paragraph.split(". "):
            if len(sentence.split()) >= 4:
                assert decode(sentence.encode(codec), HERE).text == sentence


def test_utf8_with_and_without_bom_and_utf16() -> None:
    text = "Столичната агенция за инвестиции\n"
    assert decode(text.encode(), HERE).encoding == "UTF-8"
    with_bom = decode(b"\xef\xbb\xbf" + text.encode(), HERE)
    assert (with_bom.text, with_bom.encoding, with_bom.had_bom) == (text, "UTF-8 with BOM", True)
    utf16 = decode(b"\xff\xfe" + text.encode("utf-16-le"), HERE)
    assert (utf16.text, utf16.encoding) == (text, "UTF-16")


@pytest.mark.parametrize(("raw", "ends"), [
    (b"a\r\nb\r\n", "CRLF"), (b"a\rb\r", "CR"), (b"a\nb\n", "LF"), (b"a\r\nb\n", "mixed"),
])
def test_line_ends_are_detected_and_made_lf(raw: bytes, ends: str) -> None:
    decoded = decode(raw, HERE)
    assert (decoded.text, decoded.line_ends) == ("a\nb\n", ends)
    assert bool(decoded.converted) == (ends != "LF")


def test_binary_data_is_refused() -> None:
    with pytest.raises(InvalidInput, match="not a text file"):
        decode(b"%PDF-1.4\x00\x01\x02", HERE)


# dates


@pytest.mark.parametrize("line", [
    "08.04.2019", "8.4.2019", "8 април 2019 г.", "8 април 2019", "8 април 2019г.",
    "08 АПРИЛ 2019 Г.", "2019-04-08", "8 апр. 2019", "April 8, 2019", "8 April 2019",
    "Публикувано: 08.04.2019", "08.04.2019, 14:30 ч.", "Дата: 8 април 2019 г.",
])
def test_date_lines(line: str) -> None:
    assert date_line(line) == dt.date(2019, 4, 8)


@pytest.mark.parametrize("line", [
    "31.02.2019", "08.04.2019 беше хубав ден", "На 8 април 2019 г. в София", "2019", "",
])
def test_not_date_lines(line: str) -> None:
    assert date_line(line) is None


def test_find_date_takes_the_first_real_date() -> None:
    assert find_date("Срещата на 31.02.2019 се премести за 26 март 2019 г.") == \
        dt.date(2019, 3, 26)
    assert find_date("без дата") is None


# text dumps


def test_a_title_with_its_own_date_is_not_a_related_headline() -> None:
    draft = read_text_dump("Заглавие на статията\n8 април 2019 г.\n\nКратък текст.\n", HERE)
    assert (draft.title, draft.date, draft.related) == (
        "Заглавие на статията", dt.date(2019, 4, 8), [])
    assert draft.body == "Кратък текст."


def test_hard_wrapped_lines_join_and_sentences_split() -> None:
    text = ("Заглавие\n08.04.2019\n\nПърви ред на абзаца, който продължава\n"
            "на следващия ред.\nВтори абзац без празен ред.\n")
    draft = read_text_dump(text, HERE)
    blocks = [segment.text for segment in parse(draft.body).segments]
    assert blocks == ["Първи ред на абзаца, който продължава\nна следващия ред.",
                      "Втори абзац без празен ред."]


def test_markdown_characters_in_a_dump_stay_text() -> None:
    text = "Заглавие\n08.04.2019\n\n# 1 в класацията\n\n2. място за *отбора* [Левски]\n"
    draft = read_text_dump(text, HERE)
    assert draft.body == "\\# 1 в класацията\n\n2\\. място за \\*отбора\\* \\[Левски\\]"
    kinds = [block.kind for block in parse(draft.body).blocks]
    assert kinds == ["paragraph", "paragraph"]


@pytest.mark.parametrize("line", [
    "X", "×", "Сподели", "Facebook", "Начало | Новини | Контакти", "-----",
    "Този сайт използва бисквитки. Приемам", "We use cookies. Accept",
])
def test_clutter_lines(line: str) -> None:
    assert is_clutter(line)


@pytest.mark.parametrize("line", [
    "Хикс", "Бисквитките на баба са най-вкусните, каза тя.",
    "Ще споделим резултатите скоро.", "Новини | Култура",
])
def test_lines_that_are_not_clutter(line: str) -> None:
    assert not is_clutter(line)


def test_a_dump_that_starts_with_a_paragraph_gets_a_guessed_title() -> None:
    draft = read_text_dump("Това е дълъг абзац, който започва страницата.\n\nОще.\n", HERE)
    assert draft.title == "Това е дълъг абзац, който започва страницата"
    assert draft.guessed == ["title"]
    assert draft.body.startswith("Това е дълъг абзац, който започва страницата.\n\n")


# HTML


def test_html_title_falls_back_to_og_title_then_title() -> None:
    page = ('<html><head><meta property="og:title" content="Заглавие от og">'
            "<title>Заглавие от title | Сайт</title></head>"
            "<body><p>Текст от 5 май 2020 г.</p></body></html>")
    draft = read_html_page(page, HERE)
    assert draft.title == "Заглавие от og"
    assert draft.date == dt.date(2020, 5, 5) and "check it" in draft.notes[0]
    page = page.replace('<meta property="og:title" content="Заглавие от og">', "")
    assert read_html_page(page, HERE).title == "Заглавие от title"


def test_a_site_logo_h1_in_the_header_is_not_the_title() -> None:
    page = ("<body><header><h1>Сайтът</h1></header><div class='content'>"
            "<h1>Истинското заглавие</h1><p>Текст.</p></div></body>")
    draft = read_html_page(page, HERE)
    assert draft.title == "Истинското заглавие"
    assert draft.body == "Текст."


def test_hidden_and_furniture_elements_are_dropped() -> None:
    page = ("<article><h1>Заглавие</h1><time datetime='2020-01-02'>2 яну</time>"
            "<p>Видим текст.</p><p hidden>скрит</p><p style='display: none'>скрит</p>"
            "<div aria-hidden='true'>скрит</div><div class='adsbygoogle'>реклама</div>"
            "<div id='newsletter-signup'>абонирай се</div><form>форма</form>"
            "<p class='heading'>Остава (head не е ad)</p></article>")
    draft = read_html_page(page, HERE)
    assert draft.date == dt.date(2020, 1, 2)
    assert draft.body == "Видим текст.\n\nОстава (head не е ad)"


def test_html_lists_tables_breaks_and_unclosed_tags() -> None:
    page = ("<main><h1>З</h1><time datetime='2020-01-02'></time>"
            "<p>ред 1<br>ред 2<p>втори абзац"
            "<ol start=3><li>три<li>четири<ul><li>вложено</ul></ol>"
            "<table><tr><th>Град</th><th>Брой</th></tr><tr><td>София</td><td>12</td></tr>"
            "</table><pre>код  с   интервали</pre></main>")
    body = read_html_page(page, HERE).body
    assert body == ("ред 1\\\nред 2\n\nвтори абзац\n\n3. три\n4. четири\n   - вложено\n\n"
                    "| Град | Брой |\n|---|---|\n| София | 12 |\n\n"
                    "```\nкод  с   интервали\n```")


def test_misnested_markup_is_read_as_a_browser_reads_it() -> None:
    """The standard's tree construction (lexbor): formatting closed out of order still
    covers the words a browser shows it on, and a link around a paragraph stays a link in
    each; a hand-made tree lost the italics and joined the link's two paragraphs."""
    page = ("<main><h1>З</h1><p><b>Силно <i>и двете</b> наклонено</i> край</p>"
            "<a href='https://example.bg/a'>връзка <p>в абзац</a></main>")
    assert read_html_page(page, HERE).body == (
        "**Силно *и двете*** *наклонено* край\n\n[връзка](https://example.bg/a)\n\n"
        "[в абзац](https://example.bg/a)")


def test_a_page_nested_far_too_deep_keeps_its_text() -> None:
    """5,000 wrappers around a paragraph (a broken or hostile page) give its text, not a
    crash of the walks over the tree; markup nested past the limit is left out."""
    page = ("<article><h1>Заглавие</h1>" + "<div>" * 5000 + "<p>Текст на <b>статията</b>.</p>"
            + "</div>" * 5000 + "<p>Втори абзац.</p></article>")
    assert read_html_page(page, HERE).body == "Текст на статията.\n\nВтори абзац."


def test_a_page_without_text_is_refused() -> None:
    with pytest.raises(InvalidInput, match="no article text"):
        read_html_page("<html><head><title>Празно</title></head><body>"
                       "<nav>меню</nav><script>x()</script></body></html>", HERE)


# Markdown


def test_markdown_title_from_the_first_heading() -> None:
    draft = read_markdown("Увод преди заглавието.\n\n# Заглавие\n\nТекст.\n", HERE)
    assert draft.title == "Заглавие"
    assert draft.body == "Увод преди заглавието.\n\n\nТекст."
    assert draft.date is None  # the file name or --date gives it (run.py)


def test_markdown_front_matter_wins_and_a_repeated_heading_goes() -> None:
    text = ("---\ntitle: Заглавие\ndate: 2020-01-02T10:00:00+02:00\nimage_credit: БТА\n"
            "summary: Кратко\ncategories: [x]\n---\n# Заглавие\n\nТекст.\n")
    draft = read_markdown(text, HERE)
    assert (draft.title, draft.date, draft.image_source, draft.summary) == (
        "Заглавие", dt.date(2020, 1, 2), "БТА", "Кратко")
    assert draft.body == "Текст."
    assert draft.notes == ["front-matter keys left out: categories"]


def test_markdown_without_a_title_gets_one_guessed_from_its_text() -> None:
    draft = read_markdown("Само текст.\n", HERE)
    assert (draft.title, draft.guessed, draft.body) == ("Само текст", ["title"], "Само текст.")


def test_one_related_headline_above_a_dated_title() -> None:
    text = "Свързана новина\n07.04.2019\n\nЗаглавие\n08.04.2019\n\nТекст.\n"
    draft = read_text_dump(text, HERE)
    assert (draft.title, draft.date) == ("Заглавие", dt.date(2019, 4, 8))
    assert [(r.title, r.date) for r in draft.related] == [
        ("Свързана новина", dt.date(2019, 4, 7))]


def test_marked_lines_in_a_row_are_a_list_and_keep_their_numbers() -> None:
    text = "Заглавие\n08.04.2019\n\nПрограма:\n1. откриване\n2. доклади\n• кафе\n"
    draft = read_text_dump(text, HERE)
    assert draft.body == "Програма:\n\n1. откриване\n2. доклади\n- кафе"


# Feeds


def test_a_broken_feed_gives_what_can_be_read() -> None:
    """An old archive's feed with a bare '&' and an item cut off is not refused whole: the
    items that can be read come in; a date keeps the day of the feed's own clock (00:30
    at +02:00 is 1 December, though it is still 30 November in UTC)."""
    feed = ("<?xml version='1.0' encoding='windows-1251'?><rss version='2.0'><channel>"
            "<item><title>Общината & кметът обявиха ремонт</title>"
            "<pubDate>Tue, 01 Dec 2026 00:30:00 +0200</pubDate>"
            "<description>&lt;p&gt;Ремонтът започва в понеделник.&lt;/p&gt;</description>"
            "<author>desk@example.bg (Иван Петров)</author></item>"
            "<item><title>Втора новина</title><description>Текст без край"
            "</channel></rss>")
    first, second = read_feed(feed, HERE)
    assert (first.title, first.date, first.author, first.body) == (
        "Общината & кметът обявиха ремонт", dt.date(2026, 12, 1), "Иван Петров",
        "Ремонтът започва в понеделник.")
    assert second.title == "Втора новина"


def test_a_feed_with_no_items_is_refused() -> None:
    with pytest.raises(InvalidInput, match="the feed has no items"):
        read_feed("<rss version='2.0'><channel><title>Празно</title></channel></rss>", HERE)
