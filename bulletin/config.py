"""``bulletin.toml``: typed settings; every key optional, every problem reported at once."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulletin.errors import NotFound, OutsideWorkspace, Problem, Report, WorkspaceInvalid
from bulletin.fsio import confined, state_dir

EMBED_LIMIT = 2 * 1024 * 1024  # [export] embed_limit: past this, a page embeds no picture

CONFIG_NAME = "bulletin.toml"
FORMATS = ("html", "md", "txt", "email", "atom")
LAYOUTS = ("parallel", "sequential")
FALLBACKS = ("placeholder", "source")
MACHINE_POLICIES = ("label", "hide", "refuse")  # what an export does with machine text
PAGE_BREAKS = ("none", "article")  # where a printed HTML bulletin starts a new page
LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
# Provider options whose names end so hold secrets: they come only from the environment.
SECRET_SUFFIXES = ("key", "secret", "token", "password", "appid")


@dataclass(frozen=True)
class BulletinSpec:
    """One bulletin that ``bulletin build`` writes: a selection, a title, formats, a layout."""

    name: str
    title: dict[str, str] = field(default_factory=dict)
    articles: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    tags: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("html",)
    layout: str = "parallel"


@dataclass(frozen=True)
class Config:
    root: Path
    source: str = "bg"
    languages: tuple[str, ...] = ("en",)
    locales: dict[str, str] = field(default_factory=dict)
    format: str = "html"
    layout: str = "parallel"
    fallback: str = "placeholder"
    machine: str = "label"
    page_break: str = "none"
    width: int = 72
    embed_limit: int = EMBED_LIMIT  # [export] embed_limit: bytes of a picture an HTML page holds
    provider: str = "google"
    providers: dict[str, dict[str, Any]] = field(default_factory=dict)
    bulletins: tuple[BulletinSpec, ...] = ()
    email: dict[str, Any] = field(default_factory=dict)  # [email]: see bulletin/export/send.py

    @property
    def articles_dir(self) -> Path:
        return self.root / "articles"

    @property
    def state_dir(self) -> Path:
        """The tool's own state (memory, caches, lock): ``fsio.state_dir``."""
        return state_dir(self.root)

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"

    def locale_for(self, lang: str) -> str:
        """The Babel locale that formats dates for ``lang`` (``en`` -> ``en_GB`` by default)."""
        return self.locales.get(lang) or DEFAULT_LOCALES.get(lang, lang)

    @property
    def all_languages(self) -> tuple[str, ...]:
        return (self.source, *self.languages)


DEFAULT_LOCALES = {"bg": "bg_BG", "en": "en_GB", "de": "de_DE", "fr": "fr_FR"}

_TOP_KEYS = {"source", "languages", "locales", "export", "translate", "providers", "bulletin",
             "email"}
EMAIL_KEYS = {"from", "reply_to", "list_unsubscribe", "host", "port", "security", "timeout",
              "ca_file"}
_EXPORT_KEYS = {"format", "layout", "fallback", "machine", "page_break", "width",
                "embed_limit"}
_BULLETIN_KEYS = {"name", "title", "articles", "from", "to", "tags", "formats", "layout"}


def find_workspace(start: Path | None = None) -> Path:
    """The root of the workspace at or above ``start`` (the current folder by default), the
    nearest folder that holds ``bulletin.toml`` or ``articles/``: the one way every command
    finds its workspace."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / "articles").is_dir():
            return folder
    raise NotFound(f"no workspace here: neither {CONFIG_NAME} nor articles/ was found "
                   f"in {start or Path.cwd()} or above",
                   hint="run `bulletin init` to make one, or cd into your workspace")


def open_config(start: Path | None = None) -> Config:
    """The settings of the workspace at or above ``start``, without reading its articles;
    every problem of ``bulletin.toml`` is raised at once."""
    report = Report()
    config = load_config(find_workspace(start), report)
    if report.errors:
        raise WorkspaceInvalid(report.problems)
    return config


def load_config(root: Path, report: Report) -> Config:
    """Read ``root/bulletin.toml`` (if any); problems go to ``report``, defaults fill the gaps."""
    path = root / CONFIG_NAME
    try:
        confined(root, path)
    except OutsideWorkspace as exc:
        report.problems.append(exc.problem())
        return Config(root=root)
    if not path.is_file():
        return Config(root=root)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        report.add(path, "not UTF-8 text", "save bulletin.toml as UTF-8")
        return Config(root=root)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(str(exc))
        report.add(path, f"not valid TOML: {exc}", "fix the syntax at that line", line=line)
        return Config(root=root)
    return _parse(root, path, data, report, text)


def is_secret(option: str) -> bool:
    """Whether a provider's option holds a secret (an API key, a token, …)."""
    return option.lower().endswith(SECRET_SUFFIXES)


def env_name(provider: str, option: str) -> str:
    """The environment variable of a provider's option: ``BULLETIN_DEEPL_API_KEY``."""
    return f"BULLETIN_{provider.upper()}_{option.upper()}"


def stored_secret(provider: str, option: str, path: Path | None,
                  line: int | None = None) -> Problem:
    """The error for a secret written into bulletin.toml: it names the option, never the
    value. ``load_config`` reports it (so ``check`` fails), providers refuse it too."""
    return Problem(path, f"[providers.{provider}] holds the secret {option!r}; keys must not "
                   "be stored in files that go to git", line=line, code="secret",
                   hint=f"remove it and set {env_name(provider, option)} in the environment "
                   "instead")


def _toml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _parse(root: Path, path: Path, data: dict[str, Any], report: Report,
           text: str = "") -> Config:
    for key in sorted(set(data) - _TOP_KEYS):
        report.warn(path, f"unknown key {key!r} is ignored",
                    f"known keys: {', '.join(sorted(_TOP_KEYS))}", code="unknown-key")
    kwargs: dict[str, Any] = {}
    source = data.get("source", "bg")
    if not isinstance(source, str) or not LANG_RE.match(source):
        report.add(path, f"'source' must be a language code like \"bg\", not {source!r}")
    else:
        kwargs["source"] = source
    langs = data.get("languages", ["en"])
    if not isinstance(langs, list) or not all(isinstance(x, str) and LANG_RE.match(x)
                                              for x in langs):
        report.add(path, f"'languages' must be a list of language codes, not {langs!r}",
                   'for example: languages = ["en", "de"]')
    else:
        kwargs["languages"] = tuple(langs)
    locales = data.get("locales", {})
    if not isinstance(locales, dict) or not all(isinstance(v, str) for v in locales.values()):
        report.add(path, "'locales' must map language codes to locale names",
                   'for example: [locales] en = "en_US"')
    else:
        kwargs["locales"] = dict(locales)
    export = data.get("export", {})
    if not isinstance(export, dict):
        report.add(path, "'export' must be a table", "write it as [export]")
        export = {}
    for key in sorted(set(export) - _EXPORT_KEYS):
        report.warn(path, f"unknown key 'export.{key}' is ignored",
                    f"known keys: {', '.join(sorted(_EXPORT_KEYS))}", code="unknown-key")
    _choice(export, "format", FORMATS, path, report, kwargs, text)
    _choice(export, "fallback", FALLBACKS, path, report, kwargs, text)
    _choice(export, "machine", MACHINE_POLICIES, path, report, kwargs, text)
    _choice(export, "page_break", PAGE_BREAKS, path, report, kwargs, text)
    layout = export.get("layout")
    if layout is not None:
        if isinstance(layout, str) and (layout in LAYOUTS or LANG_RE.match(layout)):
            kwargs["layout"] = layout
        else:
            report.add(path, f"'export.layout' must be parallel, sequential or a language code,"
                       f" not {layout!r}")
    width = export.get("width")
    if width is not None:
        if isinstance(width, int) and not isinstance(width, bool) and 20 <= width <= 400:
            kwargs["width"] = width
        else:
            report.add(path, f"'export.width' must be a whole number from 20 to 400, not {width!r}")
    limit = export.get("embed_limit")
    if limit is not None:
        if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0:
            kwargs["embed_limit"] = limit
        else:
            report.add(path, f"'export.embed_limit' must be a number of bytes, not {limit!r}",
                       hint="e.g. embed_limit = 2097152 (2 MB); 0 embeds no picture")
    translate = data.get("translate", {})
    if isinstance(translate, dict) and isinstance(translate.get("provider"), str):
        kwargs["provider"] = translate["provider"]
    elif "translate" in data:
        report.add(path, "'translate' must be a table with a 'provider' name",
                   '[translate]\nprovider = "libre"')
    email = data.get("email", {})
    if not isinstance(email, dict):
        report.add(path, "'email' must be a table", '[email]\nfrom = "press@example.bg"')
    else:
        kwargs["email"] = dict(email)
        for key in sorted(set(email) - EMAIL_KEYS):
            line = _line_of(text, "email", key)
            if is_secret(key) or key in ("user", "username", "login"):
                report.add(path, f"[email] holds the credential {key!r}; credentials must not "
                           "be kept in bulletin.toml", "remove the line and set "
                           "BULLETIN_SMTP_USER and BULLETIN_SMTP_PASSWORD in the environment",
                           line=line)
            else:
                report.warn(path, f"unknown key 'email.{key}' is ignored",
                            f"known keys: {', '.join(sorted(EMAIL_KEYS))}", line=line,
                            code="unknown-key")
    providers = data.get("providers", {})
    if isinstance(providers, dict) and all(isinstance(v, dict) for v in providers.values()):
        kwargs["providers"] = providers
        for name, table in sorted(providers.items()):
            for option in sorted(o for o in table if is_secret(o)):
                line = _line_of(text, f"providers.{name}", option)
                report.problems.append(stored_secret(name, option, path, line))
    else:
        report.add(path, "'providers' must hold one table per provider",
                   '[providers.libre]\nurl = "http://localhost:5000"')
    kwargs["bulletins"] = tuple(_bulletins(data.get("bulletin", []), path, report))
    return Config(root=root, **kwargs)


def _choice(table: dict[str, Any], key: str, choices: tuple[str, ...], path: Path,
            report: Report, kwargs: dict[str, Any], text: str = "") -> None:
    value = table.get(key)
    if value is None:
        return
    if isinstance(value, str) and value in choices:
        kwargs[key] = value
    else:
        report.add(path, f"'export.{key}' must be one of {', '.join(choices)}, not {value!r}",
                   line=_line_of(text, "export", key))


def _line_of(text: str, table: str, key: str) -> int | None:
    """The line of ``key = …`` in ``[table]`` (or of ``table.key = …`` before any table):
    tomllib keeps no positions, so the text is searched for it."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        header = re.fullmatch(r"\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?", line)
        if header:
            current = header.group(1)
            continue
        name = re.match(r"([\w.\s-]+?)\s*=", line)
        dotted = re.sub(r"\s", "", name.group(1)) if name else None
        if (current, dotted) in ((table, key), ("", f"{table}.{key}")):
            return number
    return None


def _bulletins(items: Any, path: Path, report: Report) -> list[BulletinSpec]:
    if not isinstance(items, list):
        report.add(path, "'bulletin' must be an array of tables", "write each as [[bulletin]]")
        return []
    specs: list[BulletinSpec] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        where = f"[[bulletin]] #{number}"
        if not isinstance(item, dict):
            report.add(path, f"{where} must be a table")
            continue
        for key in sorted(set(item) - _BULLETIN_KEYS):
            report.warn(path, f"unknown key {key!r} in {where} is ignored",
                        f"known keys: {', '.join(sorted(_BULLETIN_KEYS))}", code="unknown-key")
        name = item.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
            report.add(path, f"{where} needs a 'name' made of letters, digits, '.', '_' or '-'",
                       'for example: name = "april-2019"')
            continue
        if name in seen:
            report.add(path, f"two bulletins are named {name!r}", "give each a unique name")
            continue
        seen.add(name)
        title = item.get("title", {})
        if isinstance(title, str):
            title = {"*": title}
        if not isinstance(title, dict):
            report.add(path, f"{where}: 'title' must be text or a table of language -> text")
            title = {}
        dates: dict[str, dt.date | None] = {}
        for key in ("from", "to"):
            value = item.get(key)
            if value is None or isinstance(value, dt.date):
                dates[key] = value
            else:
                report.add(path, f"{where}: '{key}' must be a date like 2019-04-01, not {value!r}",
                           "write it without quotes: from = 2019-04-01")
                dates[key] = None
        formats = item.get("formats", ["html"])
        if not isinstance(formats, list) or not formats or any(f not in FORMATS for f in formats):
            report.add(path, f"{where}: 'formats' must list some of {', '.join(FORMATS)}")
            formats = ["html"]
        layout = item.get("layout", "parallel")
        if not isinstance(layout, str) or not (layout in LAYOUTS or LANG_RE.match(layout)):
            report.add(path, f"{where}: 'layout' must be parallel, sequential or a language code")
            layout = "parallel"
        articles = item.get("articles", [])
        tags = item.get("tags", [])
        if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
            report.add(path, f"{where}: 'articles' must be a list of article ids")
            articles = []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            report.add(path, f"{where}: 'tags' must be a list of tags")
            tags = []
        specs.append(BulletinSpec(name=name, title={str(k): str(v) for k, v in title.items()},
                                  articles=tuple(articles), date_from=dates["from"],
                                  date_to=dates["to"], tags=tuple(tags),
                                  formats=tuple(formats), layout=layout))
    return specs
