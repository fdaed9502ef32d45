"""``remind`` warns (one line on stderr, and goes on) about a password others can read or send.

A ``password_file`` its group or others may read, and a login with ``security = "none"`` to
a host that is not this machine: the password would cross the network in clear text.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.usefixtures("umask_022")


def _config(smtp: str) -> None:
    path = Path(os.environ["TASKBOARD_CONFIG"])
    path.write_text(f'actor = "Тестов Т.Т."\n\n[smtp]\n{smtp}', encoding="utf-8")


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("taskboard: warning:")]


def _password_file(tmp_path: Path, bits: int) -> Path:
    path = tmp_path / "smtp.pass"
    path.write_text("секрет\n", encoding="utf-8")
    path.chmod(bits)
    return path


@pytest.mark.parametrize("bits", [0o644, 0o640, 0o604])
def test_a_password_file_others_can_read_earns_one_warning(cli, tmp_path: Path, bits: int) -> None:  # type: ignore[no-untyped-def]
    secret = _password_file(tmp_path, bits)
    _config(
        'host = "127.0.0.1"\nusername = "taskboard"\n'
        f'password_file = "{secret}"\nfrom = "Контроль <control@example.org>"\n'
    )
    result = cli("remind", "--dry-run")
    assert result.code == 0, result.err
    assert _warnings(result.err) == [
        f"taskboard: warning: smtp.password_file {secret} can be read by others "
        f"(mode {bits:o}); chmod 600 it."
    ]


def test_a_password_file_only_its_owner_can_read_earns_no_warning(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = _password_file(tmp_path, 0o600)
    _config(
        'host = "127.0.0.1"\nusername = "taskboard"\n'
        f'password_file = "{secret}"\nfrom = "Контроль <control@example.org>"\n'
    )
    result = cli("remind", "--dry-run")
    assert result.code == 0, result.err
    assert _warnings(result.err) == []


def test_a_login_without_tls_to_another_host_warns_the_password_goes_in_clear(
    cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TASKBOARD_TEST_SMTP_PASSWORD", "секрет")
    _config(
        'host = "mail.example.org"\nport = 25\nsecurity = "none"\nusername = "taskboard"\n'
        'password_env = "TASKBOARD_TEST_SMTP_PASSWORD"\nfrom = "Контроль <c@example.org>"\n'
    )
    result = cli("remind", "--dry-run")
    russian = cli("--lang", "ru", "remind", "--dry-run")
    assert result.code == 0, result.err
    assert _warnings(result.err) == [
        'taskboard: warning: smtp.security = "none" with a login: the password goes to '
        'mail.example.org in clear text; use "starttls" or "ssl".'
    ]
    assert "taskboard: предупреждение: smtp.security" in russian.err
    assert "открытым текстом" in russian.err


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.53"])
def test_a_login_without_tls_to_this_machine_earns_no_warning(cli, host: str) -> None:  # type: ignore[no-untyped-def]
    _config(
        f'host = "{host}"\nport = 25\nsecurity = "none"\nusername = "taskboard"\n'
        'from = "Контроль <c@example.org>"\n'
    )
    result = cli("remind", "--dry-run")
    assert result.code == 0, result.err
    assert _warnings(result.err) == []


def test_no_login_without_tls_earns_no_warning(cli) -> None:  # type: ignore[no-untyped-def]
    _config('host = "mail.example.org"\nport = 25\nsecurity = "none"\nfrom = "К <c@example.org>"\n')
    result = cli("remind", "--dry-run")
    assert result.code == 0, result.err
    assert _warnings(result.err) == []
