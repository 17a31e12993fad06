"""A workspace: its settings, its articles and their translations, loaded and validated."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from bulletin.config import Config, find_workspace, load_config
from bulletin.content.articles import Facts, check_id, read_source
from bulletin.content.model import Article, ArticleTranslation, Translation
from bulletin.content.sync import PreviousSource, align
from bulletin.content.transfile import read_translation
from bulletin.errors import (
    NotFound,
    OutsideWorkspace,
    Problem,
    Report,
    Severity,
    UsageError,
    WorkspaceInvalid,
)
from bulletin.fsio import confined


class StoredTranslations(Mapping[tuple[str, str], Translation]):
    """The workspace's translation files, read on first use: (article id, lang) -> file.

    A broken file's problems go to the workspace's report; with ``strict`` they are also
    raised at once, so no command mistakes a broken translation for a missing one.
    """

    def __init__(self, report: Report, strict: bool) -> None:
        self.paths: dict[tuple[str, str], Path] = {}
        self.problems: dict[tuple[str, str], list[Problem]] = {}  # of each file, once read
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
        if key not in self.problems:  # a file read again (after KEEP others) is told once
            self._report.problems += report.problems
        self.problems[key] = report.problems
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
    entries: dict[str, Entry] = field(default_factory=dict)  # every article folder, by name
    settings_problems: list[Problem] = field(default_factory=list)  # bulletin.toml's

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
        """The article that ``article_id`` (or a unique start of it) names."""
        return self.select(Selection((article_id,)))[0]

    def resolve(self, selection: Selection) -> Selection:
        """``selection`` with whole ids for the starts of ids it names (``resolve_id``)."""
        return selection.resolved(self.entries, self.config)

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
        """The selected articles (a ``Selection``, or article ids or their unique starts),
        in selection order, drafts among them; an unknown id is an error, and so is an
        article named that does not load (with its problems). Articles that do not load
        are left out of a selection by dates and tags (an export refuses them instead:
        ``fanout.render_folders``)."""
        if not isinstance(selection, Selection):
            selection = Selection(tuple(selection))
        selection = self.resolve(selection)
        broken = [self.entries[i] for i in selection.ids if i not in self.articles]
        if broken:
            raise WorkspaceInvalid([p for e in broken for p in e.errors or e.problems],
                                   message=f"the article {broken[0].id} has problems: fix "
                                   "them first (`bulletin check` lists them)")
        chosen = [a for a in ([self.articles[i] for i in selection.ids if i in self.articles]
                              if selection.ids else self.articles.values())
                  if selection.wants(a.id, a.date, a.tags)]
        selection.check_found({a.id for a in chosen}, self.config)
        return sorted(chosen, key=lambda a: selection.order(a.id, a.date))

    def stopping(self) -> list[Problem]:
        """The problems that stop every command, not only what chooses their article: the
        settings' errors, and errors of a ``WORKSPACE_WIDE`` kind wherever they are."""
        return [p for p in self.report.errors
                if p.code in WORKSPACE_WIDE or any(p is q for q in self.settings_problems)]


# Problems that stop every command, not only the bulletins that choose their article: a
# control character (shown anywhere, it could act on a terminal) and a link out of the
# workspace (nothing out there may be read or written).
WORKSPACE_WIDE = frozenset({"control", "outside"})


@dataclass(frozen=True)
class Entry:
    """One folder of ``articles/`` as found: its problems, and what choosing it for a
    bulletin needs to know, whether its article loaded or not."""

    id: str  # the folder's name
    folder: Path
    facts: Facts
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def draft(self) -> bool:
        return self.facts.draft


@dataclass(frozen=True)
class Selection:
    """Which articles a command asks for: the ones named (in the order given), else those
    in a date range with a wanted tag (oldest first). The one home of these rules, whether
    the articles are in a loaded workspace or read folder by folder in worker processes."""

    ids: tuple[str, ...] = ()  # whole ids, or their unique starts until ``resolved``
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tags: tuple[str, ...] = ()
    drafts: bool = False  # an export takes drafts too (``takes``)

    def __post_init__(self) -> None:
        for article_id in self.ids:
            unsafe(article_id)
        object.__setattr__(self, "ids", tuple(dict.fromkeys(self.ids)))  # each article once

    def resolved(self, known: Collection[str], config: Config) -> Selection:
        """This selection with each id it names made whole: the one of ``known`` that is
        it, or that it starts (``resolve_id``)."""
        if not self.ids:
            return self
        return replace(self, ids=tuple(resolve_id(i, known, config.articles_dir)
                                       for i in self.ids))

    def takes(self, article_id: str, facts: Facts) -> bool:
        """Whether an export of this selection takes the article: ``covers`` it, and it is
        no draft unless ``drafts`` asks for drafts."""
        return self.covers(article_id, facts) and (self.drafts or not facts.draft)

    def covers(self, article_id: str, facts: Facts) -> bool:
        """Whether the selection chooses the article, draft or not, loaded or not (one
        whose date is not known is chosen only by a selection without dates or tags)."""
        if facts.date is None:
            return article_id in self.ids if self.ids else not (
                self.date_from or self.date_to or self.tags)
        return self.wants(article_id, facts.date, facts.tags)

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
                    need_one: bool = False, then: str = "",
                    drafts: Collection[str] = ()) -> None:
        """Raise when an article named is not among ``found`` or, with ``need_one``, when
        nothing at all was selected (``then`` says what that stopped, e.g. "nothing was
        written"); ``drafts`` were left out for being drafts, and the error says so."""
        for article_id in self.ids:
            if article_id in drafts:
                raise UsageError(f"{article_id} is a draft: exports leave it out",
                                 hint="add --drafts to export drafts too, or delete "
                                 "'draft: true' from its source once it is ready")
            if article_id not in found:
                raise NotFound(f"no article {article_id!r} in {config.articles_dir}",
                               hint="`bulletin status` lists the articles")
        if need_one and not found and drafts:
            raise NotFound(f"the selection holds only drafts ({len(drafts)}), which exports "
                           f"leave out: {', '.join(sorted(drafts)[:5])}"
                           + (f": {then}" if then else ""),
                           hint="add --drafts to export drafts too, or delete 'draft: true' "
                           "from each one that is ready")
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


class ChosenInvalid(WorkspaceInvalid):
    """Articles that a bulletin chooses do not load (their problems are ``problems``)."""

    def __init__(self, problems: list[Problem], ids: list[str]) -> None:
        shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
        super().__init__(problems, message=f"{len(ids)} article(s) that the bulletin takes "
                         f"have problems ({shown}): nothing was written")
        self.ids = ids


def unsafe(wanted: str) -> None:
    """Refuse, as wrong usage, an id that could name a path outside ``articles/``."""
    if not wanted or "/" in wanted or "\\" in wanted or ".." in wanted:
        raise UsageError(f"{wanted!r} is not a safe article id (no '/', '\\' or '..')",
                         hint="give an article id such as 2019-04-08-some-title")


def resolve_id(wanted: str, known: Collection[str], where: Path | None = None) -> str:
    """The one id of ``known`` that is ``wanted`` or starts with it; one that names none
    or several is not found (exit 5), with the ids it may have meant."""
    unsafe(wanted)
    if wanted in known:
        return wanted
    ids = sorted(known)
    starting = [i for i in ids if i.startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    place = f" in {where}" if where else ""
    if starting:
        shown = ", ".join(starting[:5]) + (" …" if len(starting) > 5 else "")
        raise NotFound(f"{wanted!r} starts {len(starting)} article ids{place}",
                       hint=f"did you mean one of: {shown}? give more of the id")
    close = difflib.get_close_matches(wanted, ids, n=3, cutoff=0.6)
    if not close:  # a slug, or its start, typed without the date
        close = [i for i in ids if i[11:].startswith(wanted)][:3]
    raise NotFound(f"no article {wanted!r}{place}",
                   hint=f"did you mean {' or '.join(close)}?" if close
                   else "`bulletin status` lists the articles")


def open_workspace(start: Path | None = None, *, strict_load: bool = True) -> Workspace:
    """Find and load the workspace at or above ``start``.

    With ``strict_load`` the errors that stop every command (``Workspace.stopping``: the
    settings', a control character, a link out of the workspace) are raised at once, all
    together; an article's other problems stop only what chooses it (it is not loaded, and
    its problems are in ``entries``). ``bulletin check`` passes False to add its own
    checks before reporting.
    """
    report = Report()
    config = load_config(find_workspace(start), report)
    workspace = Workspace(config.root, config, report, strict=strict_load,
                          settings_problems=list(report.problems))
    _load_articles(workspace)
    if strict_load and workspace.stopping():
        raise WorkspaceInvalid(workspace.stopping())
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
    facts: Facts = field(default_factory=Facts)  # what choosing it needs, loaded or not


def article_folders(config: Config) -> list[Path]:
    """Every article folder of the workspace, in name order (dot-folders skipped)."""
    folder = confined(config.root, config.articles_dir)
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:  # names compared as strings: quick for 10,000
        names = sorted(e.name for e in entries
                       if not e.name.startswith(".") and e.is_dir(follow_symlinks=True))
    return [folder / name for name in names]


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
    article, facts = read_source(source_path, source, report)
    if article is not None:
        from bulletin.content.pictures import check_pictures

        check_pictures(article, config.root, report)
    paths = {lang: entry / f"{lang}.md" for lang in config.languages}
    translation_paths = {lang: path for lang, path in paths.items()
                         if not _leaves(path, config, report) and path.is_file()}
    if report.errors:  # e.g. a control character: the article is read, yet not valid
        article = None
    return LoadedFolder(entry, article, report.problems, translation_paths, facts)


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
        before = len(loader.problems)
        admitted = loader.admit(entry, loaded.problems, article.date if article else None,
                                article.title if article else None)
        ws.entries[entry.name] = Entry(entry.name, entry, loaded.facts,
                                       tuple(loader.problems[before:]))
        if not admitted or article is None:
            continue
        ws.articles[article.id] = article
        for lang, path in loaded.translation_paths.items():
            ws.translations.paths[(article.id, lang)] = path
