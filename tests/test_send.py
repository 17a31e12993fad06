"""`bulletin send` against a real SMTP server on 127.0.0.1 (aiosmtpd): plain, STARTTLS with
a login, TLS; a refused recipient, a refused login, a dropped connection, a server that
never answers; the message arrives byte for byte and no secret is ever shown."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import require_tool, run_cli

from bulletin.errors import ExitCode

aiosmtpd = pytest.importorskip("aiosmtpd", reason="aiosmtpd runs the test SMTP server")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

PASSWORD = "s3cret-Pa55word-xyz"
MESSAGE = (b"From: Press office <press@example.bg>\r\nTo: desk@example.bg\r\n"
           b"Subject: =?utf-8?b?0JHRjtC70LXRgtC40L0=?=\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           + "Бюлетин за април 2019 г.\r\n".encode() + b".leading dot line\r\n")


class Inbox:
    """What the server received, and which recipient it refuses."""

    def __init__(self, refuse: str | None = None, drop: bool = False) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse = refuse
        self.drop = drop

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: Any) -> str:
        if address == self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop:
            server.transport.close()  # the connection drops before the server answers
            return "421 closing"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              envelope.original_content))
        return "250 Message accepted"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"press" \
        and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    require_tool("openssl", openssl is not None, "makes the test server's certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([str(openssl), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def free_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def start(inbox: Inbox, **options: Any) -> Controller:
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller


def port_of(controller: Controller) -> int:
    return int(controller.port)


def workspace(root: Path, port: int, security: str = "none", **extra: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    lines = ['host = "127.0.0.1"', f"port = {port}", f'security = "{security}"',
             "timeout = 2", *(f'{k} = "{v}"' for k, v in extra.items())]
    (root / "bulletin.toml").write_text("[email]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (root / "articles").mkdir(exist_ok=True)
    (root / "proof.eml").write_bytes(MESSAGE)
    return root


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[tuple[Inbox, Path]]:
    inbox = Inbox(refuse="nobody@example.bg")
    controller = start(inbox)
    try:
        yield inbox, workspace(tmp_path / "ws", port_of(controller))
    finally:
        controller.stop()


def test_a_message_arrives_byte_for_byte(plain: tuple[Inbox, Path]) -> None:
    inbox, root = plain
    result = run_cli("send", "proof.eml", "--to", "desk@example.bg", "--to",
                     "Editor <editor@example.bg>", cwd=root)
    assert result.code == 0, result.err
    assert "sent proof.eml to desk@example.bg, editor@example.bg" in result.out
    [(sender, recipients, data)] = inbox.messages
    assert sender == "press@example.bg"
    assert recipients == ["desk@example.bg", "editor@example.bg"]
    assert data == MESSAGE  # not one byte rewritten, the dot-stuffed line included


def test_dry_run_connects_to_nothing(plain: tuple[Inbox, Path]) -> None:
    inbox, root = plain
    result = run_cli("send", "proof.eml", "--to", "desk@example.bg", "--dry-run", cwd=root)
    assert result.code == 0 and "nothing was sent" in result.out
    assert inbox.messages == []


def test_a_refused_recipient_is_named(plain: tuple[Inbox, Path]) -> None:
    inbox, root = plain
    only = run_cli("send", "proof.eml", "--to", "nobody@example.bg", cwd=root)
    assert only.code == ExitCode.MAIL
    assert "refused every recipient: nobody@example.bg (550 5.1.1 no such mailbox" in only.err
    some = run_cli("send", "proof.eml", "--to", "desk@example.bg", "--to", "nobody@example.bg",
                   cwd=root)
    assert some.code == ExitCode.MAIL
    assert "sent to desk@example.bg, but the mail server refused nobody@example.bg" in some.err
    assert [m[1] for m in inbox.messages] == [["desk@example.bg"]]


def test_bad_addresses_and_files_are_usage_errors(plain: tuple[Inbox, Path]) -> None:
    _, root = plain
    assert run_cli("send", "proof.eml", "--to", "not an address", cwd=root).code == \
        ExitCode.USAGE
    assert run_cli("send", "missing.eml", "--to", "a@b.bg", cwd=root).code == ExitCode.NOT_FOUND
    (root / "junk.eml").write_text("just words\n", encoding="utf-8")
    assert run_cli("send", "junk.eml", "--to", "a@b.bg", cwd=root).code == ExitCode.INVALID


def test_starttls_with_a_login(tmp_path: Path, certificate: tuple[Path, Path],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = start(inbox, tls_context=context, require_starttls=True,
                       authenticator=authenticate, auth_require_tls=True)
    try:
        root = workspace(tmp_path / "ws", port_of(controller), "starttls", ca_file=str(cert))
        monkeypatch.setenv("BULLETIN_SMTP_USER", "press")
        monkeypatch.setenv("BULLETIN_SMTP_PASSWORD", PASSWORD)
        result = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root)
        assert result.code == 0, result.err
        assert inbox.messages[0][2] == MESSAGE

        monkeypatch.setenv("BULLETIN_SMTP_PASSWORD", PASSWORD + "-wrong")
        bad = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root)
        assert bad.code == ExitCode.MAIL and "refused the login" in bad.err
        assert PASSWORD not in bad.err + bad.out and "s3cret" not in bad.err
        assert len(inbox.messages) == 1

        root_untrusted = workspace(tmp_path / "other", port_of(controller), "starttls")
        untrusted = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root_untrusted)
        assert untrusted.code == ExitCode.MAIL and "ca_file" in untrusted.err
    finally:
        controller.stop()


def test_implicit_tls(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), ssl_context=context,
                            server_hostname="127.0.0.1")
    controller.start()
    try:
        port = port_of(controller)
        root = workspace(tmp_path / "ws", port, "tls", ca_file=str(cert))
        result = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root)
        assert result.code == 0, result.err
        assert inbox.messages[0][2] == MESSAGE
    finally:
        controller.stop()


def test_a_dropped_connection(tmp_path: Path) -> None:
    inbox = Inbox(drop=True)
    controller = start(inbox)
    try:
        root = workspace(tmp_path / "ws", port_of(controller))
        result = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root)
        assert result.code == ExitCode.MAIL, result.err
        assert "dropped the connection" in result.err
    finally:
        controller.stop()


def test_a_server_that_never_answers_times_out(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    try:
        root = workspace(tmp_path / "ws", listener.getsockname()[1])
        result = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root)
        assert result.code == ExitCode.MAIL, result.err
        assert "did not answer within 2 s" in result.err
    finally:
        for conn in accepted:
            conn.close()
        listener.close()


def test_nobody_listening(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", free_port())
    result = run_cli("send", "proof.eml", "--to", "desk@example.bg", cwd=root)
    assert result.code == ExitCode.MAIL and "cannot reach the mail server" in result.err


def test_a_password_in_bulletin_toml_is_refused(tmp_path: Path) -> None:
    root = workspace(tmp_path / "ws", 25, password=PASSWORD)
    result = run_cli("check", cwd=root)
    assert result.code == ExitCode.INVALID
    assert "BULLETIN_SMTP_PASSWORD" in result.err and PASSWORD not in result.err
    assert run_cli("send", "proof.eml", "--to", "a@b.bg", cwd=root).code == ExitCode.INVALID
