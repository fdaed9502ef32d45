"""A register on read-only media, or on a PostgreSQL server for a role that may only read, opens
in the TUI, says so at the start, and refuses changes in one line."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from taskboard.storage.database import Database, open_database
from tests.conftest import run_process
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import notifications, table

ROLES_SQL = Path(__file__).resolve().parents[2] / "scripts" / "pg-roles.sql"


@pytest.mark.sqlite_only  # read-only media; a PostgreSQL reader role is the test below
async def test_a_read_only_register_opens_says_read_only_and_refuses_a_change(  # type: ignore[no-untyped-def]
    register: Database, make_app
) -> None:
    path = register.sqlite_path
    assert path is not None
    register.dispose()
    read_only = open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    app = make_app(read_only)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert table(app).rows, "the rows are shown"
            assert app.sub_title.endswith("(read-only)")
            assert any(n.startswith("The database is read-only") for n in notifications(app))
            assert str(app.screen.query_one("#table-count").render()).startswith("read-only · ")
            row = table(app).current
            assert row is not None and row.status == "open"
            await pilot.press("s")  # start the selected assignment
            await settle(pilot)
            assert await wait_until(
                pilot,
                lambda: any(
                    n.startswith(f"The database {Path(path)} is read-only")
                    for n in notifications(app)
                ),
            )
            assert table(app).current.status == "open"
    finally:
        read_only.dispose()


@pytest.mark.postgres
async def test_the_tui_says_read_only_up_front_for_a_reader_role(pg_url: str, make_app) -> None:  # type: ignore[no-untyped-def]
    assert run_process("--db", pg_url, "init", "--demo").code == 0
    manager = f"tb_manager_{uuid.uuid4().hex[:8]}"
    engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(ROLES_SQL.read_text(encoding="utf-8"))
            conn.execute(text(f"CREATE ROLE {manager} LOGIN IN ROLE taskboard_reader"))
        database = open_database(pg_url.replace("postgres@", f"{manager}@", 1))
        assert database.read_only == f"the role {manager} may only read"
        app = make_app(database)
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                assert table(app).rows, "the rows are shown"
                assert app.sub_title.endswith("(read-only)")
                count = str(app.screen.query_one("#table-count").render())
                assert count.startswith("read-only · ") and count.endswith("assignments")
                assert any(
                    n.startswith(f"The database is read-only (the role {manager} may only read)")
                    for n in notifications(app)
                )
                row = table(app).current
                assert row is not None and row.status == "open"
                await pilot.press("s")  # start the selected assignment: refused, in one line
                assert await wait_until(
                    pilot,
                    lambda: any(
                        f"is read-only for the role {manager}; nothing was changed" in n
                        for n in notifications(app)
                    ),
                )
                assert table(app).current.status == "open"
        finally:
            database.dispose()
        staff = open_database(pg_url)
        try:
            assert staff.read_only is None
        finally:
            staff.dispose()
    finally:
        with engine.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {manager}"))
        engine.dispose()
