"""STARTTLS and implicit TLS with certificate checks, login, and a password never shown."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.reminders.conftest import (
    EXPECTED_ROWS,
    Handler,
    Register,
    SmtpServer,
    free_port,
    reminder_rows,
)

PASSWORD = "s3cr3t-Пароль-9f2c"
USER = "taskboard"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the mail server's, and its own CA)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def _server(certificate: tuple[Path, Path], *, implicit: bool) -> SmtpServer:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    kwargs: dict[str, Any] = {"authenticator": _authenticator, "auth_require_tls": True}
    if implicit:
        # aiosmtpd only counts STARTTLS as TLS for auth_require_tls; the socket is TLS here.
        kwargs["ssl_context"] = context
        kwargs["auth_require_tls"] = False
    else:
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    return SmtpServer(port=free_port(), handler=Handler(), controller_kwargs=kwargs)


@pytest.fixture
def starttls_server(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    server = _server(certificate, implicit=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ssl_server(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    server = _server(certificate, implicit=True)
    server.start()
    yield server
    server.stop()


def test_starttls_with_the_configured_ca_logs_in_and_delivers(
    cli,
    register: Register,
    starttls_server: SmtpServer,
    certificate: tuple[Path, Path],
    write_config: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TB_TEST_SMTP_PASSWORD", PASSWORD)
    write_config(
        starttls_server.port,
        smtp={
            "security": "starttls",
            "username": USER,
            "password_env": "TB_TEST_SMTP_PASSWORD",
            "ca_file": str(certificate[0]),
        },
    )
    result = cli("remind", "--verbose")
    assert result.code == 0, result.err
    assert len(starttls_server.handler.received) == 3
    assert len(reminder_rows(register.path)) == EXPECTED_ROWS
    assert PASSWORD not in result.out + result.err


def test_starttls_refuses_a_certificate_it_cannot_verify(
    cli,
    register: Register,
    starttls_server: SmtpServer,
    write_config: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TB_TEST_SMTP_PASSWORD", PASSWORD)
    write_config(
        starttls_server.port,
        smtp={"security": "starttls", "username": USER, "password_env": "TB_TEST_SMTP_PASSWORD"},
    )
    result = cli("remind")
    assert result.code == 2
    assert "ca_file" in result.err
    assert starttls_server.handler.received == []
    assert reminder_rows(register.path) == []
    assert PASSWORD not in result.out + result.err


def test_a_wrong_password_is_a_configuration_error_that_does_not_show_it(
    cli,
    register: Register,
    starttls_server: SmtpServer,
    certificate: tuple[Path, Path],
    write_config: Callable[..., Path],
    tmp_path: Path,
) -> None:
    wrong = "wrong-Пароль-77"
    secret = tmp_path / "smtp.pass"
    secret.write_text(wrong + "\n", encoding="utf-8")
    write_config(
        starttls_server.port,
        smtp={
            "security": "starttls",
            "username": USER,
            "password_file": str(secret),
            "ca_file": str(certificate[0]),
        },
    )
    result = cli("remind", "--verbose")
    assert result.code == 2
    assert "password" in result.err
    assert wrong not in result.out + result.err


def test_implicit_tls_with_a_password_file_delivers(
    cli,
    register: Register,
    ssl_server: SmtpServer,
    certificate: tuple[Path, Path],
    write_config: Callable[..., Path],
    tmp_path: Path,
) -> None:
    secret = tmp_path / "smtp.pass"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    write_config(
        ssl_server.port,
        smtp={
            "security": "ssl",
            "username": USER,
            "password_file": str(secret),
            "ca_file": str(certificate[0]),
        },
    )
    result = cli("remind")
    assert result.code == 0, result.err
    assert len(ssl_server.handler.received) == 3


def test_dry_run_and_verbose_never_print_the_password(
    cli,
    register: Register,
    write_config: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TB_TEST_SMTP_PASSWORD", PASSWORD)
    write_config(
        free_port(),
        smtp={"username": USER, "password_env": "TB_TEST_SMTP_PASSWORD"},
    )
    result = cli("remind", "--dry-run", "--verbose")
    assert result.code == 0
    assert PASSWORD not in result.out + result.err
