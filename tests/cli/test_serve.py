"""``taskboard serve``: the TUI served to browsers by textual-serve, on loopback by default.

One test starts the real command on a free loopback port, fetches the page over HTTP, opens
the websocket a browser would and reads the served TUI's screen (the register given with
``--db``); the others stand a recorder in for textual-serve's ``Server``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from taskboard.cli.serve import is_loopback
from tests.conftest import run_process

DEADLINE = 30.0
"""Seconds any step of the real server may take before the test gives up (and cleans up)."""
MARK = "Проверка доступа из браузера"
"""An assignment text the served screen must show: proof that it reads the --db given."""
ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def free_port() -> int:
    """A loopback port nobody listens on (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path, port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``taskboard --db DB serve --port PORT`` as a process group, always stopped after."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "taskboard", "--db", str(db), "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its group holds the served sessions too
        )
        try:
            yield process
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def fetch(url: str, process: subprocess.Popen[bytes], log: Path) -> str:
    """GET ``url`` once the server answers (it needs a moment to start)."""
    deadline = time.monotonic() + DEADLINE
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"taskboard serve did not answer on {url}:\n{log.read_text()}")
            time.sleep(0.2)


async def screen_text(port: int, wanted: str) -> str:
    """Open the page's websocket as a browser does; the served screen's text, once it shows
    ``wanted`` (or when the deadline passes)."""
    import asyncio

    import aiohttp

    received = b""
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=120&height=30") as ws,
    ):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + DEADLINE
        while wanted not in ANSI.sub("", received.decode("utf-8", "ignore")):
            left = deadline - loop.time()
            if left <= 0:
                break
            with contextlib.suppress(TimeoutError):
                message = await ws.receive(timeout=left)
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type != aiohttp.WSMsgType.TEXT:
                    break  # closed
    return ANSI.sub("", received.decode("utf-8", "ignore"))


@pytest.mark.slow  # a real server, and a real TUI process behind its websocket
async def test_serve_shows_the_register_in_the_textual_serve_page_on_loopback(
    cli, db_path: Path, tmp_path: Path
) -> None:
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("add", MARK, "--owner", "сандалов", "--due", "01.12.2026").code == 0
    port = free_port()
    log = tmp_path / "serve.log"
    with serving(db_path, port, log) as process:
        page = fetch(f"http://127.0.0.1:{port}/", process, log)
        assert "<div>taskboard</div>" in page  # the title textual-serve shows while loading
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "/static/js/textual.js" in page
        shown = await screen_text(port, MARK)
        assert MARK in shown, log.read_text()
    assert process.returncode is not None
    output = log.read_text()
    assert f"http://127.0.0.1:{port}" in output
    assert "warning" not in output  # loopback: nothing to warn about


def test_serve_on_a_port_already_taken_fails_with_one_line(db_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_process("--db", str(db_path), "serve", "--port", str(port), timeout=DEADLINE)
    assert result.code == 2, result.err
    errors = [line for line in result.err.splitlines() if "error" in line]
    assert len(errors) == 1, result.err
    assert errors[0].startswith(f"taskboard: error: Cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in result.err


class FakeServer:
    """Stands in for ``textual_serve.server.Server``: records what it was given."""

    made: ClassVar[list[FakeServer]] = []

    def __init__(self, command: str, **options: Any) -> None:
        self.command = command
        self.options = options
        self.environ = dict(os.environ)
        FakeServer.made.append(self)

    def serve(self) -> None:
        """Return at once (a real one runs until Ctrl+C)."""


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    import textual_serve.server

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    # serve sets TASKBOARD_CONFIG (or TASKBOARD_DB) for its sessions: on a copy, here.
    monkeypatch.setattr(os, "environ", dict(os.environ))
    return FakeServer


def test_serve_runs_this_python_on_the_same_database_config_and_language(
    cli, fake_server, db_path: Path
) -> None:
    result = cli("--lang", "ru", "serve", "--port", "8123")
    assert result.code == 0, result.err
    (server,) = fake_server.made
    assert server.command.startswith(f"{sys.executable} -m taskboard --lang ru --db ")
    assert str(db_path) in server.command
    assert server.options == {
        "host": "127.0.0.1",
        "port": 8123,
        "title": "taskboard",
        "public_url": None,
    }
    assert server.environ["TASKBOARD_CONFIG"].endswith("config.toml")
    assert "предупреждение" not in result.err and "warning" not in result.err


def test_serve_warns_on_stderr_when_listening_beyond_this_machine(cli, fake_server) -> None:
    result = cli("serve", "--host", "0.0.0.0", "--port", "8124")
    assert result.code == 0, result.err
    assert "taskboard: warning: listening on 0.0.0.0" in result.err
    assert "no password" in result.err
    (server,) = fake_server.made
    # 0.0.0.0 is no address to give a browser: the page names this machine instead.
    assert server.options["public_url"].startswith("http://")
    assert "0.0.0.0" not in server.options["public_url"]


def test_serve_without_textual_serve_names_the_extra_to_install(cli, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    result = cli("serve")
    assert result.code == 2
    assert result.err.strip() == (
        "taskboard: error: taskboard serve needs textual-serve: pip install 'taskboard[web]'."
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("board.example.org", False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine_only(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_database_password_goes_to_the_sessions_environment_not_their_command_line() -> None:
    from types import SimpleNamespace

    from taskboard.cli.serve import served_command
    from taskboard.config import Settings

    secret = SimpleNamespace(
        url="postgresql+psycopg://board:secret@db.example/tb", sqlite_path=None
    )
    command, env = served_command(secret, Settings(), "en")  # type: ignore[arg-type]
    assert "secret" not in command
    assert env == {"TASKBOARD_DB": secret.url}
    plain = SimpleNamespace(url="postgresql+psycopg://board@db.example/tb", sqlite_path=None)
    command, env = served_command(plain, Settings(), "en")  # type: ignore[arg-type]
    assert command.endswith("--db postgresql+psycopg://board@db.example/tb")
    assert env == {}
