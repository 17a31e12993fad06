"""A workspace: its settings, its articles and their translations, loaded and validated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.articles import check_id, read_article
from bulletin.config import CONFIG_NAME, Config, find_root, load_config
from bulletin.errors import NotFound, Report, UsageError, WorkspaceInvalid
from bulletin.model import Article, ArticleTranslation, Translation
from bulletin.sync import PreviousSource, align
from bulletin.transfile import read_translation


@dataclass
class Workspace:
    root: Path
    config: Config
    report: Report
    articles: dict[str, Article] = field(default_factory=dict)
    translations: dict[tuple[str, str], Translation] = field(default_factory=dict)

    def article(self, article_id: str) -> Article:
        problem = check_id(article_id)
        if problem:
            raise UsageError(problem, hint="give an article id such as 2019-04-08-some-title")
        try:
            return self.articles[article_id]
        except KeyError:
            raise NotFound(f"no article {article_id!r} in {self.config.articles_dir}",
                           hint="`bulletin status` lists the articles") from None

    def translation(self, article: Article, lang: str,
                    previous_source: PreviousSource | None = None) -> ArticleTranslation:
        stored = self.translations.get((article.id, lang))
        if previous_source is None:
            return align(article, stored, lang)
        return align(article, stored, lang, previous_source)

    def translation_path(self, article: Article, lang: str) -> Path:
        return article.folder / f"{lang}.md"

    def select(self, ids: Iterable[str] = (), date_from: dt.date | None = None,
               date_to: dt.date | None = None, tags: Iterable[str] = ()) -> list[Article]:
        """Articles by id, or by date range and tags; oldest first."""
        ids = list(ids)
        if ids:
            return [self.article(i) for i in ids]
        wanted = set(tags)
        chosen = [a for a in self.articles.values()
                  if (date_from is None or a.date >= date_from)
                  and (date_to is None or a.date <= date_to)
                  and (not wanted or wanted & set(a.tags))]
        return sorted(chosen, key=lambda a: (a.date, a.id))


def open_workspace(start: Path | None = None, *, strict_load: bool = True) -> Workspace:
    """Find and load the workspace at or above ``start``.

    With ``strict_load`` any error found while loading is raised at once (all of them
    together); ``bulletin check`` passes False to add its own checks before reporting.
    """
    root = find_root(start or Path.cwd())
    if root is None:
        raise NotFound(f"no workspace here: neither {CONFIG_NAME} nor articles/ was found "
                       f"in {start or Path.cwd()} or above",
                       hint="run `bulletin init` to make one, or cd into your workspace")
    report = Report()
    config = load_config(root, report)
    workspace = Workspace(root, config, report)
    _load_articles(workspace)
    if strict_load and report.errors:
        raise WorkspaceInvalid(report.problems)
    return workspace


def _load_articles(ws: Workspace) -> None:
    folder = ws.config.articles_dir
    if not folder.is_dir():
        return
    source = ws.config.source
    lowered: dict[str, str] = {}
    seen_titles: dict[tuple[dt.date, str], str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        problem = check_id(entry.name)
        if problem:
            ws.report.add(entry, problem, "article folders are named YYYY-MM-DD-latin-slug, "
                          "e.g. 2019-04-08-sofia-cluster-weeks")
            continue
        if entry.name.lower() in lowered:
            ws.report.add(entry, f"duplicate article id: {entry.name!r} and "
                          f"{lowered[entry.name.lower()]!r} differ only in case",
                          "rename one of the folders")
            continue
        lowered[entry.name.lower()] = entry.name
        source_path = entry / f"{source}.md"
        if not source_path.is_file():
            others = sorted(p.name for p in entry.glob("*.md"))
            ws.report.add(source_path, "the article has no source file" +
                          (f" (found only {', '.join(others)}: a translation without a source)"
                           if others else ""),
                          f"write the {source} text in {source_path.name}, or remove the folder")
            continue
        article = read_article(source_path, source, ws.report)
        if article is None:
            continue
        duplicate = seen_titles.get((article.date, article.title))
        if duplicate:
            ws.report.add(source_path, f"duplicate article: {duplicate} has the same date and "
                          "title", "remove one of the two folders, or change a title")
            continue
        seen_titles[(article.date, article.title)] = article.id
        ws.articles[article.id] = article
        for lang in ws.config.languages:
            path = entry / f"{lang}.md"
            if path.is_file():
                translation = read_translation(path, article.id, lang, ws.report)
                if translation is not None:
                    ws.translations[(article.id, lang)] = translation
