"""``taskboard remind`` against a real SMTP server on loopback: digests, exactly once, failures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from taskboard import i18n
from tests.reminders.conftest import (
    EXPECTED_ROWS,
    IVANOVA,
    SANDALOV,
    VOLOSKOV,
    Register,
    SmtpServer,
    decoded,
    free_port,
    reminder_rows,
)


def test_each_recipient_gets_one_digest_with_their_tiers(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    result = cli("remind")
    assert result.code == 0, result.err
    handler = smtp_server.handler
    assert sorted(r.rcpt_tos[0] for r in handler.received) == sorted([VOLOSKOV, SANDALOV, IVANOVA])
    rows = reminder_rows(register.path)
    a, p = register.a, register.people
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == sorted(
        [
            (a["a1"], p["voloskov"], "overdue", date(2026, 11, 24)),
            (a["a1"], p["ivanova"], "controller_due_day", date(2026, 11, 10)),
            (a["a1"], p["sandalov"], "escalation", date(2026, 11, 10)),
            (a["a2"], p["sandalov"], "before", date(2026, 11, 26)),
            (a["a2"], p["voloskov"], "before", date(2026, 11, 26)),
            (a["a3"], p["voloskov"], "due_day", date(2026, 11, 24)),
            (a["a3"], p["ivanova"], "controller_due_day", date(2026, 11, 24)),
        ]
    )
    assert "3 messages sent (7 reminders recorded)" in result.out


def test_people_without_email_are_listed_in_the_summary(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    result = cli("remind")
    assert "1 person has no e-mail and was not reminded" in result.out
    assert f"Петров Пётр (id {register.people['petrov']}): assignments {register.a['a1']}" in (
        result.out
    )


def test_russian_digest_has_decoded_cyrillic_subject_and_both_parts(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    assert cli("--lang", "ru", "remind").code == 0
    (received,) = smtp_server.handler.to(VOLOSKOV)
    raw_headers = received.raw.split(b"\r\n\r\n", 1)[0]
    assert raw_headers.isascii()  # Cyrillic travels RFC 2047-encoded, never raw
    message = received.message
    assert message["Subject"] == "Контроль поручений: просрочено: 1, срок сегодня: 1, срок скоро: 1"
    # Decoded as RFC 2047 says (adjacent encoded words join without a space); the modern
    # parser of Python 3.11 inserts one between them.
    assert decoded(received, "To") == "Волосков Сергей Александрович <volo@example.org>"
    assert decoded(received, "From") == "Контроль поручений <control@example.org>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@example.org>")
    assert message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Здравствуйте, Волосков Сергей Александрович!" in text
    assert "Поставить направляющие для лифтов Могилёвскому" in text
    assert "просрочено на 14 дней" in text
    assert "срок сегодня" in text
    assert "осталось 2 дня" in text
    assert "протокол № 12-оп" in text
    assert "Также по поручению: Петров Пётр, Иванова Елена Петровна" in text
    assert "просрочено на 14 дней" in html and "Могилёвскому" in html


def test_english_digest_when_the_language_is_english(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    assert cli("--lang", "en", "remind").code == 0
    (received,) = smtp_server.handler.to(SANDALOV)
    message = received.message
    assert message["Subject"] == "Assignments under control: 1 overdue, 1 due soon"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "supervisor of the responsible executor (Волосков Сергей Александрович)" in text
    assert "2 days left" in text


def test_a_second_run_the_same_day_sends_nothing(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    assert cli("remind").code == 0
    assert len(smtp_server.handler.received) == 3
    second = cli("remind")
    assert second.code == 0
    assert len(smtp_server.handler.received) == 3
    assert "0 messages sent" in second.out
    assert len(reminder_rows(register.path)) == EXPECTED_ROWS


def test_the_next_day_only_the_new_overdue_step_is_sent(
    cli,
    register: Register,
    smtp_server: SmtpServer,
    write_config: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config(smtp_server.port)
    assert cli("remind").code == 0
    smtp_server.handler.received.clear()
    monkeypatch.setenv("TASKBOARD_TODAY", "2026-11-25")
    assert cli("remind").code == 0
    # Волосков: A1 overdue step 11-25, A3 overdue step 11-25; nothing for the others.
    assert [r.rcpt_tos for r in smtp_server.handler.received] == [[VOLOSKOV]]
    text = smtp_server.handler.received[0].message.get_body(("plain",)).get_content()
    assert "15 days overdue" in text and "1 day overdue" in text


def test_today_option_acts_as_that_day(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    assert cli("remind", "--today", "2026-11-01").code == 0
    # On 1 November nothing is within three days, and A4 was not done yet but is now closed.
    assert smtp_server.handler.received == []


def test_a_refused_recipient_does_not_stop_the_others_and_is_sent_next_run(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    smtp_server.handler.refuse = {SANDALOV}
    first = cli("remind")
    assert first.code == 1
    failed_lines = [line for line in first.err.splitlines() if "not delivered to" in line]
    assert len(failed_lines) == 1 and SANDALOV in failed_lines[0] and "550" in failed_lines[0]
    assert sorted(r.rcpt_tos[0] for r in smtp_server.handler.received) == [IVANOVA, VOLOSKOV]
    assert len(reminder_rows(register.path)) == EXPECTED_ROWS - 2

    smtp_server.handler.refuse = set()
    second = cli("remind")
    assert second.code == 0, second.err
    assert [r.rcpt_tos[0] for r in smtp_server.handler.received].count(SANDALOV) == 1
    assert len(smtp_server.handler.received) == 3
    assert len(reminder_rows(register.path)) == EXPECTED_ROWS


def test_a_server_down_for_the_first_run_gets_everything_on_the_next(
    cli, register: Register, write_config: Callable[..., Path]
) -> None:
    from tests.reminders.conftest import Handler

    port = free_port()
    write_config(port)
    first = cli("remind")
    assert first.code == 1
    assert "cannot connect to the mail server" in first.err
    assert reminder_rows(register.path) == []

    server = SmtpServer(port=port, handler=Handler())
    server.start()
    try:
        second = cli("remind")
        assert second.code == 0, second.err
        assert sorted(r.rcpt_tos[0] for r in server.handler.received) == sorted(
            [VOLOSKOV, SANDALOV, IVANOVA]
        )
        assert len(reminder_rows(register.path)) == EXPECTED_ROWS
    finally:
        server.stop()


def test_a_rejected_message_stays_unrecorded(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    smtp_server.handler.on_data = lambda n: "451 4.3.0 try again later" if n == 1 else None
    first = cli("remind")
    assert first.code == 1 and "451" in first.err
    assert len(smtp_server.handler.received) == 2
    smtp_server.handler.on_data = None
    assert cli("remind").code == 0
    recipients = [r.rcpt_tos[0] for r in smtp_server.handler.received]
    assert sorted(recipients) == sorted([VOLOSKOV, SANDALOV, IVANOVA])


def test_dry_run_prints_each_message_and_records_nothing(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    result = cli("remind", "--dry-run")
    assert result.code == 0
    assert smtp_server.handler.received == []
    assert reminder_rows(register.path) == []
    assert "To: Волосков Сергей Александрович <volo@example.org>" in result.out
    assert "Subject: Assignments under control: 1 overdue, 1 due today, 1 due soon" in result.out
    assert "Dry run: 3 messages would be sent (7 reminders); nothing was recorded." in result.out


def test_dry_run_needs_no_mail_server_configured(cli, register: Register) -> None:
    result = cli("remind", "--dry-run")
    assert result.code == 0
    assert "From: taskboard@localhost" in result.out


def test_recorded_reminders_show_in_the_assignment_history(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    assert cli("remind").code == 0
    shown = cli("show", str(register.a["a1"]), "--format", "json")
    assert shown.code == 0
    assert shown.out.count("reminder_sent") == 3
    assert IVANOVA in shown.out and "escalation" in shown.out


def test_verbose_logs_one_line_per_message_sent(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    write_config(smtp_server.port)
    result = cli("remind", "--verbose")
    assert result.code == 0
    sent_lines = [line for line in result.err.splitlines() if line.startswith("sent to ")]
    assert len(sent_lines) == 3


@pytest.mark.parametrize(
    ("smtp", "fix"),
    [
        ({"host": None}, "host"),
        ({"from": None}, "from"),
        ({"from": "nobody"}, "from"),
        ({"username": "u", "password_env": "TASKBOARD_TEST_UNSET_PW"}, "TASKBOARD_TEST_UNSET_PW"),
        ({"username": "u", "password_file": "/nonexistent/pw"}, "password_file"),
        ({"security": "starttls", "ca_file": "/nonexistent/ca.pem"}, "ca_file"),
    ],
)
def test_configuration_errors_exit_2_and_say_what_to_fix(
    cli,
    register: Register,
    smtp_server: SmtpServer,
    write_config: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    smtp: dict[str, object],
    fix: str,
) -> None:
    monkeypatch.delenv("TASKBOARD_TEST_UNSET_PW", raising=False)
    write_config(smtp_server.port, smtp=smtp)
    result = cli("remind")
    assert result.code == 2
    assert fix in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert smtp_server.handler.received == []


def test_a_name_with_a_newline_adds_no_header(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    from taskboard.domain import services
    from taskboard.domain.models import Person
    from taskboard.storage.database import open_database

    database = open_database(register.path)
    with database.write() as s:
        person = s.get(Person, register.people["voloskov"])
        assert person is not None
        person.full_name = "Волосков\r\nBcc: victim@example.net\nX-Injected: yes"
        services.add_assignment(
            s,
            text="Текст\r\nBcc: other@example.net",
            owner_id=register.people["ivanova"],
            due=date(2026, 11, 20),
            actor="t",
        )
    database.dispose()
    write_config(smtp_server.port)
    assert cli("remind").code == 0
    for received in smtp_server.handler.received:
        headers = received.raw.split(b"\r\n\r\n", 1)[0]
        assert b"\nBcc:" not in headers and b"\nX-Injected:" not in headers
        assert received.rcpt_tos[0] in (VOLOSKOV, SANDALOV, IVANOVA)
    (to_voloskov,) = smtp_server.handler.to(VOLOSKOV)
    assert to_voloskov.message["To"].addresses[0].addr_spec == VOLOSKOV
    assert "victim" not in str(to_voloskov.message["Bcc"] or "")


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_language("en")


def test_the_documented_local_relay_configuration_delivers_without_a_login(
    cli,
    register: Register,
    smtp_server: SmtpServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "reminders.md"
    section = docs.read_text(encoding="utf-8").split("a local relay (no TLS, no login)", 1)[1]
    block = section.split("```toml\n", 1)[1].split("```", 1)[0]
    assert 'security = "none"' in block and "username" not in block
    # The relay of the example listens on port 25; this one on a free port of loopback.
    config = tmp_path / "relay.toml"
    config.write_text(
        f'actor = "Тестов Т.Т."\n{block.replace("port = 25", f"port = {smtp_server.port}")}',
        encoding="utf-8",
    )
    monkeypatch.setenv("TASKBOARD_CONFIG", str(config))
    result = cli("remind")
    assert result.code == 0, result.err
    assert sorted(r.rcpt_tos[0] for r in smtp_server.handler.received) == sorted(
        [VOLOSKOV, SANDALOV, IVANOVA]
    )
    assert all(r.mail_from == "control@example.org" for r in smtp_server.handler.received)


def test_a_digest_is_grouped_by_control_level_highest_first(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    """Волосков's three: A3 on the Governor's own control, A1 on the deputy's, A2 on none —
    the e-mail lists them under one heading a level, highest first (the configured labels),
    the ones without a level last; text and HTML alike."""
    a = register.a
    for assignment, level in ((a["a3"], "governor"), (a["a1"], "deputy")):
        assert cli("edit", str(assignment), "--level", level).code == 0
    config = write_config(smtp_server.port)
    with config.open("a", encoding="utf-8") as fh:
        fh.write('[control]\nlevels = { governor = "у Губернатора", deputy = "у первого зама" }\n')
    assert cli("--lang", "ru", "remind").code == 0
    (received,) = smtp_server.handler.to(VOLOSKOV)
    text = received.message.get_body(preferencelist=("plain",)).get_content()
    html = received.message.get_body(preferencelist=("html",)).get_content()
    order = [
        text.index("На контроле у Губернатора:"),
        text.index("Подготовить площадки кооперационной сборки"),
        text.index("На контроле у первого зама:"),
        text.index("Поставить направляющие для лифтов"),
        text.index("Другие поручения:"),
        text.index("Проработать все вопросы совместных проектов"),
    ]
    assert order == sorted(order)
    assert html.index("На контроле у Губернатора:") < html.index("Другие поручения:")
    # Сандалов hears of A1 (escalation) and A2: the same grouping; the golden files, whose
    # register has no levels, keep their flat lists.
    (sandalov,) = smtp_server.handler.to(SANDALOV)
    plain = sandalov.message.get_body(preferencelist=("plain",)).get_content()
    assert plain.index("На контроле у первого зама:") < plain.index("Другие поручения:")
    assert "у Губернатора:" not in plain
