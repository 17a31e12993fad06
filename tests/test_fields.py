"""Front-matter values, read one way by articles, translation files and import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bulletin.content.fields import RelatedItem, as_date, as_related, as_tags, as_text
from bulletin.intake.markdown import read_markdown


def test_values_as_yaml_gives_them() -> None:
    assert as_text("Заглавие") == "Заглавие" and as_text(2019) == "2019"
    assert as_text(True) is None and as_text(["a"]) is None
    assert as_date(dt.date(2019, 4, 8)) == as_date(" 2019-04-08 ") == dt.date(2019, 4, 8)
    assert as_date(dt.datetime(2019, 4, 8, 10, 0)) == dt.date(2019, 4, 8)
    assert as_date("08.04.2019") is None and as_date(20190408) is None
    assert as_tags("клъстери, събития,") == ["клъстери", "събития"]
    assert as_tags(["a", 2019, " "]) == ["a", "2019"]
    assert as_tags({"a": 1}) is None and as_tags(["a", {"b": 1}]) is None
    assert as_related("x") is None
    assert as_related(["Едно", {"title": "Две", "date": "2019-04-01", "url": "u"}, [1],
                       {"url": "v"}]) == [RelatedItem("Едно"),
                                          RelatedItem("Две", "2019-04-01", "u"), None, None]


def test_import_reads_front_matter_as_articles_do() -> None:
    draft = read_markdown("---\ntitle: 2019\ndate: 2019-04-08\ntags: a, b\nrelated:\n"
                          "  - {title: Две, date: 2019-04-01, url: http://x}\n---\nТекст.\n",
                          Path("x.md"))
    assert (draft.title, draft.date, draft.tags) == ("2019", dt.date(2019, 4, 8), ["a", "b"])
    assert [(r.title, r.date, r.url) for r in draft.related] == [
        ("Две", dt.date(2019, 4, 1), "http://x")]
