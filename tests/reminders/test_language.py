"""Each person's own language for reminders (schema 0002), and old databases upgraded to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from taskboard.domain.models import Person
from taskboard.storage.database import HEAD_REVISION, MIGRATIONS_DIR, make_engine, open_database
from tests.reminders.conftest import IVANOVA, SANDALOV, VOLOSKOV, Register, SmtpServer


def test_a_database_at_revision_0001_is_upgraded_with_its_people_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO person (id, full_name, name_folded, email, created_at) VALUES "
                "(1, 'Волосков Сергей Александрович', 'волосков сергей александрович', "
                "'volo@example.org', '2026-11-01 10:00:00')"
            )
        )
    engine.dispose()

    database = open_database(path)
    try:
        with database.read() as s:
            person = s.get(Person, 1)
            assert person is not None
            assert (person.full_name, person.email, person.language) == (
                "Волосков Сергей Александрович",
                "volo@example.org",
                None,
            )
        with database.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
    finally:
        database.dispose()


def test_person_add_language_is_stored_and_checked(cli, db_path: Path) -> None:
    added = cli("person", "add", "Гость Из Минска", "--email", "g@example.org", "--language", "EN")
    assert added.code == 0, added.err
    database = open_database(db_path)
    with database.read() as s:
        person = s.get(Person, int(added.out))
        assert person is not None and person.language == "en"
    database.dispose()
    refused = cli("person", "add", "Кто-то", "--language", "de")
    assert refused.code == 2
    assert "de" in refused.err and "ru, en" in refused.err


def test_each_recipient_gets_the_mail_in_their_own_language(
    cli, register: Register, smtp_server: SmtpServer, write_config: Callable[..., Path]
) -> None:
    database = open_database(register.path)
    with database.write() as s:
        person = s.get(Person, register.people["sandalov"])
        assert person is not None
        person.language = "en"
    database.dispose()
    write_config(smtp_server.port)
    assert cli("--lang", "ru", "remind").code == 0
    subjects = {r.rcpt_tos[0]: str(r.message["Subject"]) for r in smtp_server.handler.received}
    assert subjects[SANDALOV].startswith("Assignments under control")
    assert subjects[VOLOSKOV].startswith("Контроль поручений")
    assert subjects[IVANOVA].startswith("Контроль поручений")
