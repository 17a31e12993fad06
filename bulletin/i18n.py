"""Interface words of the outputs, one gettext object per language.

A bilingual page needs the words of both languages at once, so there is no global
``_()``: ``words("bg").gettext("Contents")`` and ``words("en").gettext("Contents")`` side by
side. Catalogs are ``locales/<lang>/LC_MESSAGES/bulletin.po``; only ``.po`` files are
shipped: Babel reads them and compiles them in memory once per process. A workspace's own
``locales/`` adds languages or overrides single words of the built-in catalogs.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bulletin
from bulletin.errors import InvalidInput
from bulletin.fsio import confined

DOMAIN = "bulletin"


def builtin_locale_dirs() -> list[Path]:
    """Where the built-in catalogs are: in the installed package, else in the checkout."""
    package = Path(bulletin.__file__).resolve().parent
    return [d for d in (package / "locales", package.parent / "locales") if d.is_dir()]


def catalog_path(folder: Path, lang: str) -> Path:
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Words:
    """The interface words of one language (``gettext``, ``ngettext``, ``pgettext``)."""

    lang: str
    locale: str
    translations: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def articles(self, n: int) -> str:
        """``1 статия``, ``5 статии``, ``1 article``, ``1,500 articles``: plural and number
        both in this language."""
        from babel.numbers import format_decimal

        template = self.ngettext("%(num)s article", "%(num)s articles", n)
        return str(template % {"num": format_decimal(n, locale=self.locale)})

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in this language: from the catalog, else CLDR."""
        from babel import Locale

        english = str(Locale.parse("en").languages.get(code, code))
        name = self.pgettext("language", english)
        if name != english or self.lang == "en":
            return name
        try:
            cldr: str | None = Locale.parse(self.locale).languages.get(code)
        except (ValueError, LookupError):
            cldr = None
        return (cldr[:1].upper() + cldr[1:]) if cldr else english


def words(lang: str, locale: str | None = None, workspace: Path | None = None) -> Words:
    """The words of ``lang`` (dates and numbers in ``locale``, default: ``lang``).

    ``workspace`` is the workspace root: its ``locales/`` is searched before the built-in
    catalogs. A language with no catalog at all speaks the English message ids.
    """
    folders = builtin_locale_dirs()
    if workspace is not None and confined(workspace, workspace / "locales").is_dir():
        folders.insert(0, workspace / "locales")
    found: list[tuple[Path, int]] = []
    for folder in folders:
        path = catalog_path(folder, lang)
        if workspace is not None:
            confined(workspace, path)  # a built-in catalog is outside: returned as it is
        if path.is_file():
            resolved = path.resolve()
            if resolved not in [p for p, _ in found]:
                found.append((resolved, resolved.stat().st_mtime_ns))
    return _words(lang, locale or lang, tuple(found))


@lru_cache(maxsize=32)
def _words(lang: str, locale: str, catalogs: tuple[tuple[Path, int], ...]) -> Words:
    chain: gettext.NullTranslations | None = None
    for path, _mtime in reversed(catalogs):  # the built-in catalog is the last fallback
        compiled = compile_catalog(path, lang)
        if chain is not None:
            compiled.add_fallback(chain)
        chain = compiled
    return Words(lang, locale, chain or gettext.NullTranslations())


def compile_catalog(path: Path, lang: str) -> gettext.GNUTranslations:
    """Read a ``.po`` file with Babel and compile it in memory (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        lineno = getattr(exc, "lineno", None)
        line = lineno + 1 if isinstance(lineno, int) else None  # Babel counts from 0
        raise InvalidInput(f"broken catalog: {exc}", path=path, line=line,
                           hint=f"check it with `msgfmt --check -o /dev/null {path}`") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"cannot read the catalog: {exc}", path=path,
                           hint="save it as UTF-8 with a Content-Type charset=UTF-8 header"
                           ) from exc
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
