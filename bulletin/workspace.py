"""A workspace: its settings, its articles and their translations, loaded and validated."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.articles import check_id, read_article
from bulletin.config import Config, find_workspace, load_config
from bulletin.errors import (
    NotFound,
    OutsideWorkspace,
    Problem,
    Report,
    UsageError,
    WorkspaceInvalid,
)
from bulletin.fsio import confined
from bulletin.model import Article, ArticleTranslation, Translation
from bulletin.sync import PreviousSource, align
from bulletin.transfile import read_translation


class StoredTranslations(Mapping[tuple[str, str], Translation]):
    """The workspace's translation files, read on first use: (article id, lang) -> file.

    A broken file's problems go to the workspace's report; with ``strict`` they are also
    raised at once, so no command mistakes a broken translation for a missing one.
    """

    def __init__(self, report: Report, strict: bool) -> None:
        self.paths: dict[tuple[str, str], Path] = {}
        self._loaded: OrderedDict[tuple[str, str], Translation | None] = OrderedDict()
        self._report = report
        self._strict = strict

    KEEP = 2048  # files kept after reading: a long export holds a bounded number

    def __getitem__(self, key: tuple[str, str]) -> Translation:
        if key in self._loaded:
            self._loaded.move_to_end(key)
        else:
            self._loaded[key] = self._read(key)
            if len(self._loaded) > self.KEEP:
                self._loaded.popitem(last=False)
        found = self._loaded[key]
        if found is None:
            raise KeyError(key)
        return found

    def _read(self, key: tuple[str, str]) -> Translation | None:
        path = self.paths.get(key)
        if path is None:
            return None
        report = Report()
        translation = read_translation(path, key[0], key[1], report)
        self._report.problems += report.problems
        if self._strict and report.errors:
            raise WorkspaceInvalid(report.problems)
        return translation

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def forget(self, article_id: str, languages: Iterable[str]) -> None:
        for lang in languages:
            self._loaded.pop((article_id, lang), None)


@dataclass
class Workspace:
    root: Path
    config: Config
    report: Report
    articles: dict[str, Article] = field(default_factory=dict)
    translations: StoredTranslations = field(init=False)
    strict: bool = True

    def __post_init__(self) -> None:
        self.translations = StoredTranslations(self.report, self.strict)

    def target_languages(self, langs: Iterable[str] = ()) -> list[str]:
        """The chosen target languages (all of the workspace's by default), checked."""
        langs = list(dict.fromkeys(langs))
        for lang in langs:
            if lang not in self.config.languages:
                raise UsageError(f"{lang!r} is not a target language of this workspace",
                                 hint="languages in bulletin.toml: "
                                 + ", ".join(self.config.languages))
        return langs or list(self.config.languages)

    def release(self, article: Article) -> None:
        """Drop what was read or derived for ``article`` (a long export holds one at a time)."""
        article.release()
        self.translations.forget(article.id, self.config.languages)

    def article(self, article_id: str) -> Article:
        return self.select(Selection((article_id,)))[0]

    def translation(self, article: Article, lang: str,
                    previous_source: PreviousSource | None = None) -> ArticleTranslation:
        stored = self.translations.get((article.id, lang))
        if previous_source is None:
            return align(article, stored, lang)
        return align(article, stored, lang, previous_source)

    def require_readable(self, articles: Iterable[Article], langs: Iterable[str]) -> None:
        """Raise every problem of the translation files of ``articles`` that a command
        about to write them must not write over (a broken marker, say)."""
        report = Report()
        langs = list(langs)
        for article in articles:
            for lang in langs:
                path = self.translations.paths.get((article.id, lang))
                if path is None:
                    continue
                found = Report()
                read_translation(path, article.id, lang, found)
                report.problems += found.errors
        if report.errors:
            raise WorkspaceInvalid(report.problems)

    def translation_path(self, article: Article, lang: str) -> Path:
        return article.folder / f"{lang}.md"

    def select(self, selection: Selection | Iterable[str] = ()) -> list[Article]:
        """The selected articles (a ``Selection``, or article ids), in selection order;
        an unknown id is an error."""
        if not isinstance(selection, Selection):
            selection = Selection(tuple(selection))
        chosen = [a for a in ([self.articles[i] for i in selection.ids if i in self.articles]
                              if selection.ids else self.articles.values())
                  if selection.wants(a.id, a.date, a.tags)]
        selection.check_found({a.id for a in chosen}, self.config)
        return sorted(chosen, key=lambda a: selection.order(a.id, a.date))


@dataclass(frozen=True)
class Selection:
    """Which articles a command asks for: the ones named (in the order given), else those
    in a date range with a wanted tag (oldest first). The one home of these rules, whether
    the articles are in a loaded workspace or read folder by folder in worker processes."""

    ids: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for article_id in self.ids:
            problem = check_id(article_id)
            if problem:
                raise UsageError(problem,
                                 hint="give an article id such as 2019-04-08-some-title")
        object.__setattr__(self, "ids", tuple(dict.fromkeys(self.ids)))  # each article once

    def wants(self, article_id: str, date: dt.date, tags: Iterable[str]) -> bool:
        if self.ids:
            return article_id in self.ids
        wanted = set(self.tags)
        return ((self.date_from is None or date >= self.date_from)
                and (self.date_to is None or date <= self.date_to)
                and (not wanted or bool(wanted & set(tags))))

    def order(self, article_id: str, date: dt.date) -> tuple[object, ...]:
        """Where an article goes: as the ids were given, else by date, then id."""
        if self.ids:
            return (self.ids.index(article_id),)
        return (date, article_id)

    def check_found(self, found: Collection[str], config: Config, *,
                    need_one: bool = False, then: str = "") -> None:
        """Raise when an article named is not among ``found`` or, with ``need_one``, when
        nothing at all was selected (``then`` says what that stopped, e.g. "nothing was
        written")."""
        for article_id in self.ids:
            if article_id not in found:
                raise NotFound(f"no article {article_id!r} in {config.articles_dir}",
                               hint="`bulletin status` lists the articles")
        if need_one and not found:
            wanted = []
            if self.date_from or self.date_to:
                wanted.append(f"dated {self.date_from or '…'} to {self.date_to or '…'}")
            if self.tags:
                wanted.append("tagged " + " or ".join(self.tags))
            raise NotFound("no article matches the selection"
                           + (f" ({', '.join(wanted)})" if wanted else "")
                           + (f": {then}" if then else ""),
                           hint="widen the dates or tags; `bulletin status` lists the articles")


def open_workspace(start: Path | None = None, *, strict_load: bool = True) -> Workspace:
    """Find and load the workspace at or above ``start``.

    With ``strict_load`` any error found while loading is raised at once (all of them
    together); ``bulletin check`` passes False to add its own checks before reporting.
    """
    report = Report()
    config = load_config(find_workspace(start), report)
    workspace = Workspace(config.root, config, report, strict=strict_load)
    _load_articles(workspace)
    if strict_load and report.errors:
        raise WorkspaceInvalid(report.problems)
    if not strict_load:  # a full check: read every translation now, collecting problems
        for key in list(workspace.translations.paths):
            workspace.translations.get(key)
    return workspace


@dataclass
class LoadedFolder:
    """What one article folder gave: its article (if valid), its problems, its files."""

    folder: Path
    article: Article | None
    problems: list[Problem]
    translation_paths: dict[str, Path]


def article_folders(config: Config) -> list[Path]:
    """Every article folder of the workspace, in name order (dot-folders skipped)."""
    folder = confined(config.root, config.articles_dir)
    if not folder.is_dir():
        return []
    return sorted(e for e in folder.iterdir() if not e.name.startswith(".") and e.is_dir())


def load_folder(entry: Path, config: Config) -> LoadedFolder:
    """Read and validate one article folder on its own (safe to run in a worker process).

    A folder, source or translation that is a link out of the workspace is a problem of
    the folder, and is never read (nor, later, written)."""
    report = Report()
    if _leaves(entry, config, report):
        return LoadedFolder(entry, None, report.problems, {})
    problem = check_id(entry.name)
    if problem:
        report.add(entry, problem, "article folders are named YYYY-MM-DD-latin-slug, "
                   "e.g. 2019-04-08-sofia-cluster-weeks")
        return LoadedFolder(entry, None, report.problems, {})
    source = config.source
    source_path = entry / f"{source}.md"
    if _leaves(source_path, config, report):
        return LoadedFolder(entry, None, report.problems, {})
    if not source_path.is_file():
        others = sorted(p.name for p in entry.glob("*.md"))
        report.add(source_path, "the article has no source file" +
                   (f" (found only {', '.join(others)}: a translation without a source)"
                    if others else ""),
                   f"write the {source} text in {source_path.name}, or remove the folder")
        return LoadedFolder(entry, None, report.problems, {})
    article = read_article(source_path, source, report)
    paths = {lang: entry / f"{lang}.md" for lang in config.languages}
    return LoadedFolder(entry, article, report.problems,
                        {lang: path for lang, path in paths.items()
                         if not _leaves(path, config, report) and path.is_file()})


def _leaves(path: Path, config: Config, report: Report) -> bool:
    """Whether ``path`` is a link out of the workspace; if so, that is a problem."""
    try:
        confined(config.root, path)
    except OutsideWorkspace as exc:
        report.problems.append(exc.problem())
        return True
    return False


class Duplicates:
    """Finds articles that clash with one seen before: ids equal but for case, or the
    same date and title (an article imported twice)."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}
        self._titles: dict[tuple[dt.date, str], str] = {}

    def clash(self, folder: Path, date: dt.date | None, title: str | None) -> Problem | None:
        name = folder.name
        if name.lower() in self._ids:
            return Problem(folder, f"duplicate article id: {name!r} and "
                           f"{self._ids[name.lower()]!r} differ only in case",
                           "rename one of the folders")
        self._ids[name.lower()] = name
        if date is None or title is None:
            return None
        first = self._titles.setdefault((date, title), name)
        if first != name:
            return Problem(folder / "bg.md", f"duplicate article: {first} has the same date "
                           "and title", "remove one of the two folders, or change a title")
        return None


class Loader:
    """The rules of loading a whole workspace, over folders read one at a time (in this
    process or by workers, ``load_folder``): every problem kept, duplicates found."""

    def __init__(self, problems: list[Problem] | None = None) -> None:
        self.problems = problems if problems is not None else []
        self._duplicates = Duplicates()

    def admit(self, folder: Path, problems: Iterable[Problem], date: dt.date | None,
              title: str | None) -> bool:
        """Take one folder's problems; whether its article (if any) joins the workspace."""
        self.problems += problems
        clash = self._duplicates.clash(folder, date, title)
        if clash is not None:
            self.problems.append(clash)
            return False
        return True

    @property
    def failed(self) -> bool:
        return any(p.severity.name == "ERROR" for p in self.problems)


def _load_articles(ws: Workspace) -> None:
    loader = Loader(ws.report.problems)
    for entry in article_folders(ws.config):
        loaded = load_folder(entry, ws.config)
        article = loaded.article
        if not loader.admit(entry, loaded.problems, article.date if article else None,
                            article.title if article else None) or article is None:
            continue
        ws.articles[article.id] = article
        for lang, path in loaded.translation_paths.items():
            ws.translations.paths[(article.id, lang)] = path
