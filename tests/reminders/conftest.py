"""A real SMTP server (aiosmtpd) on loopback, a private config pointing at it, a small register.

Today is 2026-11-24 (``TASKBOARD_TODAY`` from the top-level conftest). Default tiers: before
3 days, overdue every day, escalation after 7 days.

==== ======== ============ ========== ===================================================
id   owner    others       due        reminders due today
==== ======== ============ ========== ===================================================
A1   Волосков co Петров    2026-11-10 owner: overdue (14 days); Петров (no e-mail): due_day;
              ctl Иванова             Иванова: controller_due_day; Сандалов (supervisor):
                                      escalation
A2   Сандалов co Волосков  2026-11-26 both: before (2 days left)
A3   Волосков ctl Иванова  2026-11-24 owner: due_day; Иванова: controller_due_day
A4   Волосков              2026-11-01 done: nothing
A5   Сандалов              2026-12-20 far away: nothing
==== ======== ============ ========== ===================================================
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from taskboard.domain import services
from taskboard.storage.database import open_database

ACTOR = "Тестов Т.Т."
VOLOSKOV = "volo@example.org"
SANDALOV = "sandalov@example.org"
IVANOVA = "ivanova@example.org"


def free_port() -> int:
    """A TCP port nobody listens on right now (for a server started later, or never)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        """The message parsed with the modern policy (headers decoded)."""
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Handler:
    """Accepts everything, except recipients in ``refuse`` (550) and what ``on_data`` rejects."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    on_data: Callable[[int], str | None] | None = None
    """Called with the number of the message (1-based); a reply string rejects it."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    attempts: int = 0
    delay: float = 0.0
    """Seconds to wait before answering DATA (without blocking other sessions)."""
    on_accepted: Callable[[int], None] | None = None
    """Called with the number of a message once it is kept, before the "250" goes out."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.attempts += 1
            number = self.attempts
        if self.on_data is not None:
            reply = self.on_data(number)
            if reply is not None:
                return reply
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            )
        if self.on_accepted is not None:
            self.on_accepted(number)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        """The messages accepted for ``address``."""
        return [r for r in self.received if address in r.rcpt_tos]


@dataclass
class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that can be started and stopped."""

    port: int
    handler: Handler
    controller_kwargs: dict[str, Any] = field(default_factory=dict)
    controller: Controller | None = None

    def start(self) -> None:
        """Start listening on ``port``."""
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, **self.controller_kwargs
        )
        self.controller.start()

    def stop(self) -> None:
        """Stop listening."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP server that accepts every message (plain SMTP, no login)."""
    server = SmtpServer(port=free_port(), handler=Handler())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write a config for the server on ``port``; extra ``[smtp]``/``[remind]`` keys allowed."""

    def write(
        port: int, smtp: dict[str, Any] | None = None, remind: dict[str, Any] | None = None
    ) -> Path:
        values: dict[str, Any] = {
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            "from": "Контроль поручений <control@example.org>",
        }
        values.update(smtp or {})
        lines = [f'actor = "{ACTOR}"', "[smtp]"]
        lines += [f"{k} = {_toml(v)}" for k, v in values.items() if v is not None]
        if remind:
            lines.append("[remind]")
            lines += [f"{k} = {_toml(v)}" for k, v in remind.items()]
        path = tmp_path / "remind-config.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        monkeypatch.setenv("TASKBOARD_CONFIG", str(path))
        return path

    return write


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class Register:
    """Ids of the sample register (see the module docstring)."""

    path: Path | str
    """The SQLite file, or the PostgreSQL URL."""
    people: dict[str, int]
    a: dict[str, int]


@pytest.fixture
def register(register_url: str) -> Register:
    """The sample register (on each backend: ``path`` is the SQLite file or the URL)."""
    database = open_database(register_url)
    try:
        with database.write() as s:

            def person(name: str, email: str | None, supervisor: int | None = None) -> int:
                p = services.add_person(
                    s, full_name=name, actor=ACTOR, email=email, supervisor_id=supervisor
                )
                assert p.id is not None
                return p.id

            sokolov = person("Соколов Александр", None)
            sandalov = person("Сандалов Михаил", SANDALOV, sokolov)
            voloskov = person("Волосков Сергей Александрович", VOLOSKOV, sandalov)
            ivanova = person("Иванова Елена Петровна", IVANOVA)
            petrov = person("Петров Пётр", None)
            meeting = services.add_meeting(
                s,
                title="Визит делегации Кировской области в Республику Беларусь",
                date=date(2026, 10, 1),
                protocol_no="12-оп",
                actor=ACTOR,
            ).id

            def add(owner: int, text: str, due: date, **kw: Any) -> int:
                a = services.add_assignment(
                    s, text=text, owner_id=owner, due=due, actor=ACTOR, **kw
                )
                assert a.id is not None
                return a.id

            a1 = add(
                voloskov,
                "Поставить направляющие для лифтов Могилёвскому лифтостроительному заводу",
                date(2026, 11, 10),
                meeting_id=meeting,
                co_executor_ids=[petrov],
                controller_id=ivanova,
            )
            a2 = add(
                sandalov,
                "Проработать все вопросы совместных проектов с Беларусью",
                date(2026, 11, 26),
                meeting_id=meeting,
                co_executor_ids=[voloskov],
            )
            a3 = add(
                voloskov,
                "Подготовить площадки кооперационной сборки",
                date(2026, 11, 24),
                controller_id=ivanova,
            )
            a4 = add(voloskov, "Уже исполнено", date(2026, 11, 1))
            services.done(s, assignment_id=a4, actor=ACTOR)
            a5 = add(sandalov, "Далёкий срок", date(2026, 12, 20))
    finally:
        database.dispose()
    return Register(
        path=Path(register_url) if "://" not in register_url else register_url,
        people={
            "sokolov": sokolov,
            "sandalov": sandalov,
            "voloskov": voloskov,
            "ivanova": ivanova,
            "petrov": petrov,
        },
        a={"a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5},
    )


EXPECTED_ROWS = 7
"""Reminder rows the sample register gives today (Петров has no e-mail)."""


def reminder_rows(path: Path | str) -> list[tuple[int, int, str, date, str]]:
    """Every recorded reminder: (assignment, person, tier, occasion, email)."""
    from sqlmodel import select

    from taskboard.domain.models import Reminder

    database = open_database(path)
    try:
        with database.read() as s:
            return sorted(
                (r.assignment_id, r.person_id, r.tier, r.occasion, r.email)
                for r in s.exec(select(Reminder))
            )
    finally:
        database.dispose()


def decoded(received: Received, name: str) -> str:
    """A header of a received message decoded by :mod:`email.header` (RFC 2047 rules)."""
    from email.header import decode_header, make_header

    parsed = email.message_from_bytes(received.raw, policy=email.policy.compat32)
    raw = parsed[name]
    assert raw is not None, name
    return str(make_header(decode_header(str(raw))))
