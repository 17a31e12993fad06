"""The benchmark corpus as a bilingual Hugo site: the reference that ``bulletin export`` is
timed against.

Layout: ``content/<id>.bg.md`` and ``content/<id>.en.md`` (translation by file name), one
page per article per language, and per language a home page that renders every article's
full content (as a bulletin does), plus each article's own page. Hugo renders the same
Markdown the bulletin renders: CommonMark with tables. To keep the comparison fair, Hugo's
work that ``bulletin export`` does not do is switched off: the RSS, sitemap, robots.txt,
404, section and taxonomy pages (``disableKinds``), and the Goldmark extras beyond
CommonMark + tables (typographer, linkify, footnotes, definition lists, task lists,
strikethrough, heading ids).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.fsio import write_text

if TYPE_CHECKING:
    from corpus import Story

CONFIG = """\
baseURL = "https://bench.example/"
title = "Benchmark bulletin"
defaultContentLanguage = "bg"
defaultContentLanguageInSubdir = false
disableKinds = ["RSS", "sitemap", "robotsTXT", "404", "section", "taxonomy", "term"]
enableRobotsTXT = false
enableGitInfo = false
[taxonomies]

[languages.bg]
locale = "bg-BG"
languageName = "Български"
title = "Бюлетин"
weight = 1

[languages.en]
locale = "en-GB"
languageName = "English"
title = "Bulletin"
weight = 2

[markup.goldmark.extensions]
definitionList = false
footnote = false
linkify = false
strikethrough = false
table = true
taskList = false
typographer = false

[markup.goldmark.parser]
autoHeadingID = false

[markup.goldmark.renderer]
unsafe = false
"""

BASE = """\
<!doctype html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 48rem; padding: 1rem; }
article { border-top: 1px solid #ccc; margin-top: 2rem; }
.meta { color: #555; font-size: .9rem; }
</style>
</head>
<body>
{{ block "main" . }}{{ end }}
</body>
</html>
"""

ARTICLE = """\
<article lang="{{ .Language.Lang }}" id="{{ .File.ContentBaseName }}">
<h2>{{ .Title }}</h2>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date | time.Format ":date_long" }}</time>\
{{ with .Params.labels }} · {{ delimit . ", " }}{{ end }}</p>
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.place }}<p class="meta">{{ . }}</p>{{ end }}
{{ .Content }}
{{ with .Params.related }}<ul class="related">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
</article>
"""

HOME = """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<nav><ol>
{{ range .Site.RegularPages.ByDate }}\
<li><a href="#{{ .File.ContentBaseName }}">{{ .Title }}</a></li>
{{ end }}</ol></nav>
{{ range .Site.RegularPages.ByDate }}{{ partial "article.html" . }}{{ end }}
{{ end }}
"""

PAGE = """\
{{ define "main" }}
{{ partial "article.html" . }}
{{ end }}
"""


def _front_matter(title: str, date: str, labels: list[str], summary: str | None,
                  place: str | None, related: list[str]) -> str:
    import yaml

    meta: dict[str, object] = {"title": title, "date": date, "labels": labels}
    if summary:
        meta["summary"] = summary
    if place:
        meta["place"] = place
    if related:
        meta["related"] = related
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n"


def write_site(stories: list[Story], root: Path) -> None:
    """A Hugo site of ``stories`` in ``root`` (replaced if it exists)."""
    from corpus import markdown

    if root.exists():
        shutil.rmtree(root)
    write_text(root / "hugo.toml", CONFIG)
    layouts = root / "layouts"
    write_text(layouts / "baseof.html", BASE)
    write_text(layouts / "home.html", HOME)
    write_text(layouts / "page.html", PAGE)
    write_text(layouts / "_partials" / "article.html", ARTICLE)
    content = root / "content"
    for story in stories:
        for lang, index in (("bg", 0), ("en", 1)):
            place = story.event[2][index] if story.event else None
            text = _front_matter(story.title[index], story.date.isoformat(),
                                 [t[index] for t in story.tags],
                                 story.summary[index] if story.summary else None, place,
                                 [r[index] for r in story.related])
            write_text(content / f"{story.id}.{lang}.md", text + markdown(story.blocks, index))
