"""Reminders carry user text that acts on nothing: ESC, BEL, direction controls, line breaks.

Real messages from a real SMTP server (aiosmtpd): both parts show control characters as
``--dry-run`` does (``\\x1b``) and direction controls as ``<U+202E>``; ``--verbose`` keeps
one line per message whatever a name holds. Header injection: ``test_delivery.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from taskboard.domain import services
from taskboard.domain.models import Person
from taskboard.storage.database import open_database
from tests import hostile
from tests.reminders.conftest import VOLOSKOV, Register, SmtpServer

HOSTILE_TEXT = f"{hostile.ANSI} {hostile.OSC} {hostile.BEL} {hostile.RLO} {hostile.ISOLATES}"


def _plant(register: Register, *, name: str | None = None, text: str = HOSTILE_TEXT) -> None:
    """Give Волосков an overdue assignment with ``text``, and ``name`` if given."""
    database = open_database(register.path)
    try:
        with database.write() as s:
            if name is not None:
                person = s.get(Person, register.people["voloskov"])
                assert person is not None
                person.full_name = name
            services.add_assignment(
                s,
                text=text,
                owner_id=register.people["voloskov"],
                due=date(2026, 11, 20),
                actor="t",
            )
    finally:
        database.dispose()


def _parts(register: Register, smtp_server: SmtpServer) -> tuple[str, str]:
    (received,) = smtp_server.handler.to(VOLOSKOV)
    message = received.message
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def test_escape_sequences_and_bell_are_shown_in_both_parts_not_sent_raw(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    _plant(register)
    write_config(smtp_server.port)
    assert cli("remind").code == 0
    text, html = _parts(register, smtp_server)
    for part in (text, html):
        assert "\x1b" not in part and "\x07" not in part
        assert "\\x1b[31mкрасный\\x1b[0m" in part
        assert "звонок\\x07" in part


def test_the_text_part_reads_exactly_as_the_dry_run_shows_it(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    _plant(register)
    write_config(smtp_server.port)
    dry = cli("remind", "--dry-run").out
    assert cli("remind").code == 0
    text, _html = _parts(register, smtp_server)
    shown = next(line.strip() for line in text.splitlines() if "красный" in line)
    assert shown in dry


def test_direction_controls_are_shown_in_both_parts_and_the_subject_is_clean(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    _plant(register, name=hostile.RLO)
    write_config(smtp_server.port)
    assert cli("remind").code == 0
    text, html = _parts(register, smtp_server)
    for part, bracket in ((text, "<U+202E>"), (html, "&lt;U+202E&gt;")):
        assert not any(c in part for c in hostile.BIDI_CHARACTERS)
        assert bracket in part
        assert bracket.replace("202E", "2067") in part
    (received,) = smtp_server.handler.to(VOLOSKOV)
    assert not any(c in str(received.message["To"]) for c in hostile.BIDI_CHARACTERS)


def test_a_line_break_in_a_name_forges_no_line_of_the_verbose_log(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    _plant(register, name=hostile.CRLF, text="Обычный текст")
    write_config(smtp_server.port)
    result = cli("remind", "--verbose")
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    sent = [line for line in lines if line.startswith("sent to ")]
    assert len(sent) == 3
    assert not any(line.startswith("sent to Forged") for line in lines)
    assert "Волосков\\x0d\\x0asent to Forged" in result.err


def test_a_line_break_in_a_name_forges_no_line_of_the_summary(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    database = open_database(register.path)
    try:
        with database.write() as s:
            petrov = s.get(Person, register.people["petrov"])
            assert petrov is not None
            petrov.full_name = "Петров\n  Forged (id 99): assignments 1"
    finally:
        database.dispose()
    write_config(smtp_server.port)
    result = cli("remind")
    assert result.code == 0, result.err
    assert not any(line.startswith("  Forged") for line in result.out.splitlines())
