"""HTML pages: find the article in the page, take its title, date, byline, description,
image and image credit, and turn its body into Markdown; navigation, scripts, styles,
forms, ads, cookie banners and share bars are left behind.

The article's image is copied only from beside the page (a page saved with its files):
a file in the page's folder or below, with an image's name and an image's first bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bulletin.errors import InvalidInput
from bulletin.intake.dates import date_line, find_date, parse_iso
from bulletin.intake.draft import (
    Draft,
    byline,
    caption_credit,
    credit,
    finish_body,
    strip_clock,
)
from bulletin.intake.htmlmarkdown import Converter
from bulletin.intake.htmltree import Element, parse_html

# elements that are never part of an article's text
DROPPED_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                "form", "iframe", "svg", "canvas", "button", "select", "input", "textarea",
                "video", "audio", "object", "embed", "dialog", "menu", "head", "title"}
DROPPED_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
                 "alertdialog", "menu", "menubar"}
# words in a class or id that mark page furniture (matched as whole words of the name)
CLUTTER_WORDS = {
    "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsbygoogle",
    "sponsored", "promo", "banner", "cookie", "cookies", "consent", "gdpr", "share",
    "sharing", "sharer", "social", "menu", "navbar", "nav", "navigation", "breadcrumb",
    "breadcrumbs", "sidebar", "popup", "modal", "newsletter", "subscribe", "comments",
    "comment", "related", "widget", "toolbar", "byline", "meta", "tags", "pagination",
    "print", "skip", "visually", "sr",
}
TEXT_BLOCKS = {"p", "li", "td", "th", "dd", "dt", "blockquote", "figcaption", "h2", "h3", "h4",
               "h5", "h6", "a", "strong", "b", "em", "i", "span"}
_NAME_WORDS = re.compile(r"[a-z0-9]+")
_SITE_NAME = re.compile(r"\s+(?:[|–—-]|::)\s+([^|–—]{1,40})$")  # "Title | Site", "Title – Site"
_AUTHOR_WORDS = {"author", "byline", "avtor"}
_CAPTION_WORDS = {"caption", "credit", "credits", "photo-credit", "wp-caption-text"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"RIFF", b"<svg",
                b"<?xml", b"\x00\x00\x00")


def read_html_page(text: str, path: Path) -> Draft:
    document = parse_html(text)
    title = strip_clock(_title(document) or "")
    date = _meta_date(document)
    root = _article_root(document)
    if date is None:
        date = _time_date(root) or _time_date(document)
    author = _author(document, root)
    image = _lead_image(root, path)
    _drop_clutter(root)
    draft = Draft(title=title, body="", date=date, author=author)
    description = _meta(document, "description", "og:description", "twitter:description")
    if description:
        draft.summary = " ".join(description.split())
    if image is not None:
        draft.image, draft.image_file = _image_name(image), image
        draft.notes.append(f"the article's image {image.name} is copied beside bg.md as "
                           f"{draft.image}")
    _take_title_and_credit(root, draft)
    converter = Converter(base=_base_url(document))
    draft.body = converter.convert(root)
    others = converter.images - (1 if image is not None else 0)
    if others > 0:
        draft.notes.append(f"{others} image(s) not imported: copy them into the "
                           "article's folder by hand")
    if not draft.body.strip():
        raise InvalidInput("no article text found in the page", path=path,
                           hint="the page may build its text with JavaScript; save the text "
                           "as it is shown and import that")
    finish_body(draft)
    if draft.date is None:
        draft.date = find_date(root.text())
        if draft.date is not None:
            draft.guess("date", f"{draft.date} from the page's text")
    return draft


def _author(document: Element, root: Element) -> str | None:
    """The byline: an element marked as the author's (itemprop, rel, class), else the
    page's author meta; "Автор: Иван Петров" and "От Иван Петров" give the name."""
    for element in (*root.iter(), *document.iter()):
        attrs = element.attrs
        if (attrs.get("itemprop", "").lower() == "author" or "author" in
                attrs.get("rel", "").lower().split() or _names(element) & _AUTHOR_WORDS):
            found = _name_in(element.text())
            if found:
                return found
    meta = _meta(document, "author", "article:author", "dc.creator")
    return _name_in(meta) if meta and not meta.startswith("http") else None


def _name_in(text: str) -> str | None:
    text = " ".join(text.split())
    if not text or len(text) > 80:
        return None
    named = byline(text) or re.sub(r"^(?:от|by)\s+", "", text, flags=re.IGNORECASE)
    return named.strip(" :|,") or None


def _lead_image(root: Element, page: Path) -> Path | None:
    """The article's first image, if it is a local file beside the page."""
    for element in root.find_all("img"):
        if _is_furniture(element):
            continue
        found = _local_file(element.attrs.get("src", ""), page)
        if found is not None:
            return found
    return None


def _local_file(src: str, page: Path) -> Path | None:
    parts = urlsplit(src.strip())
    if parts.scheme not in ("", "file") or parts.netloc or not parts.path:
        return None
    folder = page.parent.resolve()
    candidate = (folder / unquote(parts.path).lstrip("/")
                 if parts.scheme == "" and not parts.path.startswith("/")
                 else Path(unquote(parts.path))).resolve()
    if folder not in candidate.parents or candidate.suffix.lower() not in IMAGE_SUFFIXES:
        return None  # only a page's own files: never a file from elsewhere on the disk
    try:
        with candidate.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    return candidate if candidate.is_file() and head.startswith(_IMAGE_MAGIC) else None


def _image_name(image: Path) -> str:
    """A safe file name for the image in the article's folder."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", image.stem).strip("-_") or "image"
    return f"{stem}{image.suffix.lower()}"


def _meta(document: Element, *names: str) -> str | None:
    for meta in document.find_all("meta"):
        key = (meta.attrs.get("property") or meta.attrs.get("name")
               or meta.attrs.get("itemprop") or "").lower()
        if key in names and meta.attrs.get("content", "").strip():
            return meta.attrs["content"].strip()
    return None


def _title(document: Element) -> str | None:
    for scope in ("article", "main"):
        for container in document.find_all(scope):
            heading = container.find("h1")
            if heading is not None and heading.text():
                return heading.text()
    for heading in document.find_all("h1"):
        if heading.text() and not _is_furniture(heading):
            return heading.text()
    og = _meta(document, "og:title", "twitter:title")
    if og:
        return " ".join(og.split())
    element = document.find("title")
    if element is not None and element.text():
        return _SITE_NAME.sub("", element.text()).strip()
    return None


def _is_furniture(element: Element) -> bool:
    return any(_clutter(node) for node in (element, *element.ancestors()))


def _meta_date(document: Element) -> dt.date | None:
    value = _meta(document, "article:published_time", "datepublished", "date", "dc.date",
                  "publish-date", "pubdate")
    if value:
        return parse_iso(value) or find_date(value)
    for element in document.iter():
        if element.attrs.get("itemprop", "").lower() == "datepublished":
            value = element.attrs.get("datetime") or element.attrs.get("content") or ""
            found = parse_iso(value) or find_date(element.text())
            if found:
                return found
    return None


def _time_date(root: Element) -> dt.date | None:
    for element in root.find_all("time"):
        found = parse_iso(element.attrs.get("datetime", "")) or find_date(element.text())
        if found:
            return found
    return None


def _article_root(document: Element) -> Element:
    """The element that holds the article: <article>, <main>, role=main, else <body>."""
    tests: tuple[Callable[[Element], bool], ...] = (
        lambda e: e.tag == "article", lambda e: e.tag == "main",
        lambda e: e.attrs.get("role") == "main")
    for test in tests:
        found = [e for e in document.iter() if test(e) and not _is_furniture(e)]
        if found:
            return max(found, key=lambda e: len(e.text()))
    return document.find("body") or document


def _clutter(element: Element) -> bool:
    if element.tag in DROPPED_TAGS:
        return True
    attrs = element.attrs
    if attrs.get("role", "").lower() in DROPPED_ROLES or "hidden" in attrs:
        return True
    if attrs.get("aria-hidden", "").lower() == "true":
        return True
    if re.search(r"display\s*:\s*none", attrs.get("style", ""), re.IGNORECASE):
        return True
    return bool(CLUTTER_WORDS & _names(element))


def _names(element: Element) -> set[str]:
    """The words of an element's class and id (``post-meta`` gives post and meta)."""
    return set(_NAME_WORDS.findall(f"{element.attrs.get('class', '')} "
                                   f"{element.attrs.get('id', '')}".lower()))


def _drop_clutter(root: Element) -> None:
    for element in list(root.iter()):
        if element is not root and _clutter(element):
            element.remove()


def _take_title_and_credit(root: Element, draft: Draft) -> None:
    """Remove from the body what went into the front matter: the title heading, a line
    holding only the date, and the image credit (which becomes ``image_source``)."""
    title_done = False
    for element in list(root.iter()):
        if element.parent is None and element is not root:
            continue  # already removed with an ancestor
        text = element.text()
        if element.tag == "time" and element.parent is not None and \
                element.parent.tag not in TEXT_BLOCKS:
            element.remove()  # a date standing alone: the page's metadata, not its text
        elif not title_done and element.tag in ("h1", "h2") and text == draft.title:
            element.remove()
            title_done = True
        elif element.tag in ("p", "div", "span", "figcaption", "small") and text:
            source = caption_credit(text) if _is_caption(element) else credit(text)
            if source and draft.image_source is None:
                draft.image_source = source
                element.remove()
            elif element.tag in ("p", "div") and date_line(text) is not None and \
                    not any(isinstance(c, Element) and c.tag in ("p", "div")
                            for c in element.children):
                if draft.date is None:
                    draft.date = date_line(text)
                element.remove()


def _is_caption(element: Element) -> bool:
    """A figure's caption, where a credit may follow the words about the picture."""
    if element.tag == "figcaption":
        return True
    return bool(_CAPTION_WORDS & _names(element))


def _base_url(document: Element) -> str | None:
    base = document.find("base")
    if base is not None and base.attrs.get("href", "").startswith("http"):
        return base.attrs["href"]
    for link in document.find_all("link"):
        if "canonical" in link.attrs.get("rel", "").split():
            href = link.attrs.get("href", "")
            if href.startswith("http"):
                return href
    og = _meta(document, "og:url")
    return og if og and og.startswith("http") else None
