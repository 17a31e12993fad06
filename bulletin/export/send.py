"""``bulletin send``: an e-mail edition to a few addresses over SMTP (proofs, small lists).

The file is sent exactly as it is (``bulletin export --format email`` writes it, or any
RFC 5322 message): no header is rewritten, so what the reader gets is byte for byte what
was checked. Settings come from ``[email]`` in ``bulletin.toml``::

    [email]
    host = "smtp.example.bg"     # default: localhost
    port = 587                   # default: 587 for starttls, 465 for tls, 25 for none
    security = "starttls"        # starttls (default), tls, or none (a local relay only)
    timeout = 30                 # seconds for each step of the conversation
    ca_file = "certs/smtp.pem"   # optional: trust this certificate (a self-hosted server)
    from = "Press office <press@example.bg>"   # the envelope sender if the file has none

and the login from the environment only: ``BULLETIN_SMTP_USER`` and
``BULLETIN_SMTP_PASSWORD`` (never from a file, never shown in any output).

Written over the standard library's ``smtplib``, which is the SMTP client made for the job;
a third-party library would add nothing for a handful of recipients.
"""

from __future__ import annotations

import email
import email.policy
import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr
from pathlib import Path

from bulletin.config import Config
from bulletin.errors import InvalidInput, MailError, NotFound, UsageError

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
USER_VARIABLE = "BULLETIN_SMTP_USER"
PASSWORD_VARIABLE = "BULLETIN_SMTP_PASSWORD"


@dataclass(frozen=True)
class MailSettings:
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"
    timeout: float = 30.0
    ca_file: Path | None = None
    sender: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass
class SendResult:
    file: Path
    sender: str
    recipients: list[str]
    refused: dict[str, str] = field(default_factory=dict)
    size: int = 0
    server: str = ""
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.file), "from": self.sender, "to": self.recipients,
                "refused": self.refused, "bytes": self.size, "server": self.server,
                "dry_run": self.dry_run}


def mail_settings(config: Config, env: Mapping[str, str] = os.environ) -> MailSettings:
    """``[email]`` of ``bulletin.toml`` and the login from the environment, checked."""
    table = config.email
    path = config.root / "bulletin.toml"
    security = str(table.get("security", "starttls"))
    if security not in SECURITY:
        raise InvalidInput(f"'email.security' must be one of {', '.join(SECURITY)}, not "
                           f"{security!r}", path=path,
                           hint='starttls for port 587, tls for port 465, none for a local relay')
    port = table.get("port", DEFAULT_PORTS[security])
    timeout = table.get("timeout", 30)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise InvalidInput(f"'email.port' must be a port number, not {port!r}", path=path,
                           hint="for example: port = 587")
    if not isinstance(timeout, int | float) or timeout <= 0:
        raise InvalidInput(f"'email.timeout' must be a number of seconds, not {timeout!r}",
                           path=path, hint="for example: timeout = 30")
    ca_file = table.get("ca_file")
    return MailSettings(
        host=str(table.get("host", "localhost")), port=port, security=security,
        timeout=float(timeout),
        ca_file=(config.root / str(ca_file)) if ca_file else None,
        sender=str(table["from"]) if table.get("from") else None,
        user=env.get(USER_VARIABLE) or None, password=env.get(PASSWORD_VARIABLE) or None)


def send_file(config: Config, path: Path, recipients: Sequence[str], *, dry_run: bool = False,
              env: Mapping[str, str] = os.environ) -> SendResult:
    """Send the message in ``path`` to ``recipients``, exactly as it is."""
    settings = mail_settings(config, env)
    data = _read_message(path)
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.get("Subject") and not message.get("From"):
        raise InvalidInput("this is not an e-mail message: it has no Subject and no From",
                           path=path, hint="write one with `bulletin export --format email`")
    addresses = _recipients(recipients)
    sender = parseaddr(str(message.get("From") or settings.sender or ""))[1]
    if "@" not in sender:
        raise InvalidInput("the message has no sender address (From)", path=path,
                           hint='set it in bulletin.toml: [email] from = "press@example.bg"')
    result = SendResult(path, sender, addresses, size=len(data),
                        server=f"{settings.host}:{settings.port} ({settings.security})",
                        dry_run=dry_run)
    if dry_run:
        return result
    result.refused = _deliver(settings, sender, addresses, data)
    if result.refused:
        refused = "; ".join(f"{a} ({why})" for a, why in result.refused.items())
        sent = [a for a in addresses if a not in result.refused]
        if not sent:
            raise MailError(f"the mail server refused every recipient: {refused}",
                            hint="check the addresses; nothing was sent")
        raise MailError(f"sent to {', '.join(sent)}, but the mail server refused {refused}",
                        hint="check the refused addresses, then send to them alone")
    return result


def _read_message(path: Path) -> bytes:
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give the .eml file to send")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise NotFound(f"file not found: {path}", path=path,
                       hint="write it with `bulletin export --format email`") from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read the file: {exc.strerror}", path=path) from exc


def _recipients(given: Sequence[str]) -> list[str]:
    if not given:
        raise UsageError("no recipient", hint="name them with --to ADDRESS (repeatable)")
    addresses = [address for _name, address in getaddresses(list(given))]
    bad = [a for a in addresses if "@" not in a or any(c.isspace() for c in a)]
    if bad or len(addresses) != len(given):
        raise UsageError(f"not an e-mail address: {', '.join(bad) or ', '.join(given)}",
                         hint="write each as name@example.bg")
    return list(dict.fromkeys(addresses))


def _deliver(settings: MailSettings, sender: str, recipients: list[str], data: bytes
             ) -> dict[str, str]:
    """One SMTP conversation; the recipients the server refused, with its answer."""
    secrets = [s for s in (settings.password, settings.user) if s]
    where = f"{settings.host}:{settings.port}"
    try:
        context = ssl.create_default_context(
            cafile=str(settings.ca_file) if settings.ca_file else None)
        client: smtplib.SMTP
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                      context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=context)
            if settings.user:
                client.login(settings.user, settings.password or "")
            refused = client.sendmail(sender, recipients, data)
    except smtplib.SMTPRecipientsRefused as exc:
        return {a: _answer(code, text, secrets) for a, (code, text) in exc.recipients.items()}
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"the mail server {where} refused the login of {USER_VARIABLE}: "
                        + _answer(exc.smtp_code, exc.smtp_error, secrets),
                        hint=f"check {USER_VARIABLE} and {PASSWORD_VARIABLE}") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(f"the mail server {where} does not offer what was asked: {exc}",
                        hint="check [email] security (starttls, tls or none)") from None
    except smtplib.SMTPSenderRefused as exc:
        raise MailError(f"the mail server {where} refused the sender {sender}: "
                        + _answer(exc.smtp_code, exc.smtp_error, secrets),
                        hint="use a From address the server accepts") from None
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        # smtplib reports a read that timed out as a disconnection that says so
        if isinstance(exc, TimeoutError) or "timed out" in str(exc):
            raise MailError(f"the mail server {where} did not answer within "
                            f"{settings.timeout:g} s", hint="check [email] host and port, or "
                            "raise [email] timeout") from None
        raise MailError(f"the mail server {where} dropped the connection before the message "
                        "was accepted", hint="try again; if it keeps happening, check [email] "
                        "host, port and security") from None
    except ssl.SSLError as exc:
        raise MailError(f"no secure connection to {where}: {exc.reason or exc}",
                        hint="check [email] security and port; a self-signed server needs "
                        "[email] ca_file") from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(f"the mail server {where} refused the message: "
                        + _answer(exc.smtp_code, exc.smtp_error, secrets)) from None
    except smtplib.SMTPException as exc:
        raise MailError(f"the mail server {where} failed: "
                        + _answer(None, str(exc).encode(), secrets)) from None
    except OSError as exc:
        raise MailError(f"cannot reach the mail server {where}: {exc.strerror or exc}",
                        hint="check [email] host and port") from None
    return {a: _answer(code, text, secrets) for a, (code, text) in refused.items()}


def _answer(code: int | None, text: bytes | str, secrets: list[str]) -> str:
    """The server's words, fit to show: decoded, secrets scrubbed, then cut short."""
    from bulletin.translation.providers.http import quote

    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return quote(f"{code} {words}" if code else words, secrets)
