"""Schema 0005: the history becomes one hash chain. A database made by 0004 upgrades with its
existing history sealed once, in the order it was written, on SQLite and on PostgreSQL; new
history continues the chain; a downgrade takes the seals off and leaves the history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from taskboard.domain import audit, services
from taskboard.domain.models import CHAIN_GENESIS, EVENT_TABLE, chain_link
from taskboard.storage.database import HEAD_REVISION, make_engine, open_database
from tests.schema import alembic_config, make_at

ROWS_AT_0004 = (
    "INSERT INTO person (id, full_name, name_folded, created_at) "
    "VALUES (1, 'Сандалов Михаил', 'сандалов михаил', '2026-11-01 10:00:00+00')",
    "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, status, "
    "priority, created_at, updated_at, version) VALUES (1, 'Старое', 'старое', 1, "
    "'2026-12-20', '2026-11-20', 'open', 'normal', '2026-11-01 10:00:00+00', "
    "'2026-11-01 10:00:00+00', 4)",
    "INSERT INTO event (person_id, at, actor, kind, field, old_value, new_value) VALUES "
    "(1, '2026-11-01 10:00:00+00', 'Иванова Е.П.', 'created', NULL, NULL, 'Сандалов Михаил')",
    "INSERT INTO event (assignment_id, at, actor, kind, field, old_value, new_value) VALUES "
    "(1, '2026-11-01 10:00:00.250000+00', 'Иванова Е.П.', 'created', NULL, NULL, 'Старое')",
    "INSERT INTO event (assignment_id, at, actor, kind, field, old_value, new_value) VALUES "
    "(1, '2026-11-10 10:00:00+00', 'Иванова Е.П.', 'extended', 'due', '2026-11-20', "
    "'2026-12-10')",
    "INSERT INTO event (assignment_id, at, actor, kind, field, old_value, new_value, reason) "
    "VALUES (1, '2026-11-12 10:00:00+00', 'Иванова Е.П.', 'corrected', 'due', '2026-12-10', "
    "'2026-12-20', 'Опечатка в протоколе')",
)
"""A person and an assignment with four events of history, as 0004 stored them."""


def _make_at_0004(url: str) -> None:
    make_at(url, "0004", ROWS_AT_0004)


def _check_upgraded(url: str) -> None:
    db = open_database(url, auto_upgrade=True)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
            ev = EVENT_TABLE
            rows = [dict(r) for r in conn.execute(select(ev).order_by(ev.c.id)).mappings()]
            # Sealed in the order written, each hash over the one before.
            assert [r["chain_seq"] for r in rows] == [1, 2, 3, 4]
            previous = CHAIN_GENESIS
            for row in rows:
                previous = chain_link(previous, row["chain_seq"], row)
                assert row["chain_hash"] == previous
            verdict = audit.verify(conn)
            assert verdict.ok, verdict.finding
            assert verdict.head == audit.Head(seq=4, hash=previous)
            assert audit.head(conn) == verdict.head
        with db.write() as s:
            services.add_note(s, assignment_id=1, text="После обновления", actor="Тестов Т.Т.")
        with db.engine.connect() as conn:
            verdict = audit.verify(conn)
            assert verdict.ok, verdict.finding
            assert verdict.events == 5
    finally:
        db.dispose()


def _check_downgrade(url: str) -> None:
    engine = make_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0004")
        with engine.connect() as conn:
            count = conn.execute(text("SELECT count(*) FROM event")).scalar()
            assert count == 5  # the history stays, only its seals go
            with pytest.raises(Exception, match="chain_seq"):
                conn.execute(text("SELECT chain_seq FROM event"))
    finally:
        engine.dispose()


def test_a_sqlite_database_at_0004_upgrades_with_its_history_sealed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _make_at_0004(url)
    _check_upgraded(url)
    _check_downgrade(url)


@pytest.mark.postgres
def test_a_postgresql_database_at_0004_upgrades_with_its_history_sealed(pg_url: str) -> None:
    _make_at_0004(pg_url)
    _check_upgraded(pg_url)
    _check_downgrade(pg_url)


def test_the_same_history_hashes_alike_on_sqlite_and_postgresql(
    tmp_path: Path, pg_url: str
) -> None:
    """The canonical form does not depend on how a backend hands timestamps back."""
    heads = []
    for url in (f"sqlite:///{tmp_path / 'old.db'}", pg_url):
        _make_at_0004(url)
        db = open_database(url, auto_upgrade=True)
        with db.engine.connect() as conn:
            heads.append(audit.head(conn))
        db.dispose()
    assert heads[0] == heads[1]
    assert heads[0].seq == 4


@pytest.mark.postgres
def test_clients_opening_an_old_postgresql_register_at_once_all_succeed(pg_url: str) -> None:
    """The first upgrades, the others wait for it and find the schema current (they failed
    with «column chain_seq already exists» when each ran the migration itself): four
    administrators' ``db upgrade`` at once."""
    _make_at_0004(pg_url)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "taskboard", "--lang", "en", "--db", pg_url, "db", "upgrade"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in procs]
    assert [code for code, _err in results] == [0] * 4, results
    assert all("upgraded from schema 0004" in err or "nothing to do" in err for _c, err in results)
    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            assert audit.verify(conn).ok
            assert audit.head(conn).seq == 4
    finally:
        db.dispose()
