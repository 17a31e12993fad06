"""``--format email``: one ``.eml`` message (RFC 5322, ``multipart/alternative``) that a
mail program opens or a mailing service sends.

- ``text/plain``: the bulletin as the text exporter renders it (``--format txt``), not
  HTML stripped of its tags;
- ``text/html``: the bulletin rendered for mail clients by ``MailHtmlExporter``
  (``bulletin.email.html.j2``, ``article.email.html.j2``, ``email.css``): one column of
  at most 600 px, the languages side by side in table rows that stack on a phone
  (``parallel``) or one after the other; the CSS inlined into each element by
  ``css-inline``, the media queries left in a ``<style>`` block; no script, nothing
  fetched: a picture that is a file of its article travels as a ``cid:`` part
  (``multipart/related``), or is its text alone with ``images=False`` (``--no-images``);
  a picture elsewhere stays the link to it that the HTML exporter writes;
- headers: ``Subject`` (the bulletin's titles), ``From``/``Reply-To``/``List-Unsubscribe``
  (``[email]`` of bulletin.toml), ``Date`` (now, or ``SOURCE_DATE_EPOCH``),
  ``Message-ID`` (a digest of the message) and ``Content-Language``.

The message is written with CRLF line ends and 7-bit transfer encodings (base64), so
that ``bulletin send`` puts exactly these bytes on the wire.

Why a ``Composer`` and not an ``Exporter``: an exporter renders one page with one pair of
templates, and the pipeline streams it into one file; a message holds two renderings of
the same articles, and ``split`` makes several files. ``compose`` gets the one pipeline
(``Bulletin.render``) and runs it once per part; the mail HTML itself is an ordinary
``Exporter`` (registered under no format name: it is this format's half).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import os
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.errors import InvalidInput, UsageError
from bulletin.export.html import HtmlExporter
from bulletin.export.pipeline import bulletin_title
from bulletin.export.spec import ExportResult, MachineText
from bulletin.export.text import EXPORTER as TEXT

if TYPE_CHECKING:
    from bulletin.config import Config
    from bulletin.export.compose import Bulletin, Outputs, Rendering

GMAIL_CLIP = 102 * 1024  # Gmail shows "[Message clipped]" past this much HTML


class MailHtmlExporter(HtmlExporter):
    """The HTML of the e-mail edition: the HTML exporter's blocks in the mail templates,
    a picture of the article as a ``cid:`` part (``bulletin.export.pictures``)."""

    name = "email-html"
    extension = "html"
    page_template = "bulletin.email.html.j2"
    article_template = "article.email.html.j2"
    autoescape = True
    pictures = "cid"


MAIL_HTML = MailHtmlExporter()


def inline_css(page: str) -> str:
    """The page with its stylesheet inlined into each element's ``style``; at-rules (the
    media queries) stay in a ``<style>`` block; nothing is fetched."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    return str(inliner.inline(page))


@dataclass(frozen=True)
class Headers:
    sender: str
    reply_to: str | None
    unsubscribe: str | None


def mail_headers(config: Config) -> Headers:
    """``From``, ``Reply-To`` and ``List-Unsubscribe`` from ``[email]``, checked."""
    table = config.email
    path = config.root / "bulletin.toml"
    sender = table.get("from")
    if not sender:
        raise UsageError("an e-mail edition needs a sender: [email] from in bulletin.toml",
                         path=path, hint='[email]\nfrom = "Press office <press@example.bg>"')
    for key in ("from", "reply_to"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str)
                                  or not all("@" in a for _, a in getaddresses([value]))):
            raise InvalidInput(f"'email.{key}' must be an address, not {value!r}", path=path,
                               hint='for example: "Press office <press@example.bg>"')
    unsubscribe = table.get("list_unsubscribe")
    if unsubscribe is not None:
        if not isinstance(unsubscribe, str) or not unsubscribe.strip():
            raise InvalidInput("'email.list_unsubscribe' must be a mailto: or https: address",
                               path=path, hint='list_unsubscribe = "mailto:leave@example.bg"')
        unsubscribe = ", ".join(u if u.startswith("<") else f"<{u}>"
                                for u in (p.strip() for p in unsubscribe.split(",")) if u)
    return Headers(str(sender), table.get("reply_to"), unsubscribe)


def message_date() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (reproducible builds) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def build_message(text: Rendering, page: Rendering, headers: Headers,
                  part: tuple[int, int] = (1, 1)) -> tuple[bytes, int]:
    """The message of one text and one mail-HTML rendering, and its HTML part's size."""
    job = page.job
    languages = job.settings.languages
    subject = " / ".join(bulletin_title(job.request, lang, job.words[lang])
                         for lang in languages)
    if part[1] > 1:
        subject += f" ({part[0]}/{part[1]})"
    body = inline_css(page.text)
    date = message_date()
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = headers.sender
    if headers.reply_to:
        msg["Reply-To"] = headers.reply_to
    msg["Date"] = format_datetime(date)
    digest = hashlib.sha256("\0".join((subject, date.isoformat(), text.text, body))
                            .encode("utf-8")).hexdigest()[:32]
    msg["Message-ID"] = f"<{digest}@{_domain(headers.sender)}>"
    if headers.unsubscribe:
        msg["List-Unsubscribe"] = headers.unsubscribe
    # base64: 7-bit lines of CRLF that no relay rewrites, and smaller than quoted-printable
    # for Cyrillic
    msg.set_content(text.text, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(body, subtype="html", charset="utf-8", cte="base64")
    msg["Content-Language"] = ", ".join(languages)  # after the content: set_content clears it
    html_part = next(p for p in msg.iter_parts() if p.get_content_type() == "text/html")
    assert isinstance(html_part, EmailMessage)
    pictures = {used.name: used for item in page.articles for used in item.pictures}
    for cid, used in sorted(pictures.items()):  # the cid: parts the page still shows
        if f"cid:{cid}" not in body:
            continue
        maintype, subtype = used.kind.split("/", 1)
        html_part.add_related(used.path.read_bytes(), maintype, subtype, cid=f"<{cid}>",
                              disposition="inline", filename=used.path.name)
    return msg.as_bytes(policy=email.policy.SMTP), len(body.encode("utf-8"))


def _domain(sender: str) -> str:
    address = getaddresses([sender])[0][1]
    try:
        return Address(addr_spec=address).domain or "bulletin.invalid"
    except (ValueError, IndexError):
        return "bulletin.invalid"


class EmailComposer:
    name = "email"
    extension = "eml"

    def compose(self, bulletin: Bulletin, outputs: Outputs) -> ExportResult:
        headers = mail_headers(bulletin.config)
        request = bulletin.request
        split = request.split
        if split is not None and split < 1:
            raise UsageError(f"--split {split}: a message holds at least one article",
                             hint="e.g. --split 10")
        whole = bulletin.render(TEXT)
        ids = tuple(item.article_id for item in whole.articles)
        chunks = [ids[i:i + split] for i in range(0, len(ids), split)] if split else [ids]
        results: list[ExportResult] = []
        files: list[Path | None] = []
        warnings: list[str] = []
        for number, chunk in enumerate(chunks, 1):
            text = whole if len(chunks) == 1 else bulletin.render(TEXT, ids=chunk)
            page = bulletin.render(MAIL_HTML, ids=chunk)
            data, size = build_message(text, page, headers, (number, len(chunks)))
            if len(chunks) == 1:
                handle, path = outputs.main(), outputs.path
            else:
                path, handle = outputs.beside(str(number), f"--split {split} makes "
                                              f"{len(chunks)} e-mails")
            handle.write(data.decode("ascii"))
            files.append(path)
            results.append(page.result)
            warnings += [w for w in page.result.warnings if w not in warnings]
            if size > GMAIL_CLIP:
                where = f"{path.name}: " if path else ""
                warnings.append(f"{where}the HTML part is {size / 1024:.0f} KB; Gmail clips a "
                                f"message past {GMAIL_CLIP // 1024} KB (--split N sends N "
                                "articles per e-mail)")
        machine = MachineText(results[0].machine.policy,
                              sum(r.machine.segments for r in results),
                              tuple(a for r in results for a in r.machine.articles))
        first = results[0]
        return ExportResult(outputs.path, len(ids), self.name, first.layout, machine,
                            whole.result.others, whole.result.drafts,
                            tuple(f for f in files if f is not None) if len(chunks) > 1
                            else (), tuple(warnings))


EXPORTER = EmailComposer()
