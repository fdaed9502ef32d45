"""Roles on a shared PostgreSQL register (scripts/pg-roles.sql, docs/postgresql.md): a member
of ``taskboard_staff`` reads and writes, and the history names their role; a manager in
``taskboard_reader`` reads and reports, and a write is refused in one line that says the
register is read-only for that role, with nothing changed."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import run_process

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def _as(url: str, role: str) -> str:
    return url.replace("postgres@", f"{role}@", 1)


def test_staff_write_and_are_named_managers_only_read(pg_url: str, tmp_path: Path) -> None:
    env = {"TASKBOARD_CONFIG": str(tmp_path / "none.toml")}  # no actor configured
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    (tmp_path / "none.toml").chmod(0o600)
    assert run_process("--db", pg_url, "init", "--demo", env=env).code == 0
    suffix = uuid.uuid4().hex[:8]
    staff, manager = f"tb_staff_{suffix}", f"tb_manager_{suffix}"
    engine = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql((ROOT / "scripts" / "pg-roles.sql").read_text(encoding="utf-8"))
            conn.execute(text(f"CREATE ROLE {staff} LOGIN IN ROLE taskboard_staff"))
            conn.execute(text(f"CREATE ROLE {manager} LOGIN IN ROLE taskboard_reader"))
        as_staff, as_manager = _as(pg_url, staff), _as(pg_url, manager)

        added = run_process("--db", as_staff, "add", "Доклад", "--owner", "сандалов", env=env)
        assert added.code == 0, added.err
        new_id = added.out.strip()
        assert run_process("--db", as_staff, "note", new_id, "Ход", env=env).code == 0
        shown = json.loads(run_process("--db", as_staff, "show", new_id, "--format", "json").out)
        assert {e["actor"] for e in shown["history"]} == {staff}

        listed = run_process("--db", as_manager, "list", "--status", "all", "--format", "json")
        assert listed.code == 0, listed.err
        assert len(json.loads(listed.out)) == 10
        report = run_process("--db", as_manager, "report", "--format", "md", env=env)
        assert report.code == 0, report.err
        refused = run_process(
            "--lang", "en", "--db", as_manager, "note", new_id, "Попытка", env=env
        )
        assert refused.code == 2
        said = " ".join(refused.err.split())
        assert refused.err.startswith("taskboard: error: The database ")
        assert f"is read-only for the role {manager}" in said and "Traceback" not in said
        after = json.loads(run_process("--db", as_staff, "show", new_id, "--format", "json").out)
        assert [n["text"] for n in after["notes"]] == ["Ход"]
    finally:
        with engine.connect() as conn:
            for role in (staff, manager):
                conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        engine.dispose()
