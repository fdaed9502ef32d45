"""Standing assignments («постоянно»): on control without a deadline, schema 0003."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from taskboard.storage.database import HEAD_REVISION, MIGRATIONS_DIR, make_engine, open_database


def test_a_database_at_revision_0002_upgrades_and_keeps_its_deadlines(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(
            text(
                "INSERT INTO person (id, full_name, name_folded, created_at) "
                "VALUES (1, 'Сандалов Михаил', 'сандалов михаил', '2026-11-01 10:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, "
                "status, priority, created_at, updated_at, version) VALUES (1, 'Старое', "
                "'старое', 1, '2026-11-20', '2026-11-20', 'open', 'normal', "
                "'2026-11-01 10:00:00', '2026-11-01 10:00:00', 1)"
            )
        )
    engine.dispose()
    db = open_database(path)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            HEAD_REVISION
        )
        assert conn.execute(text("SELECT due FROM assignment WHERE id = 1")).scalar() == (
            "2026-11-20"
        )
    db.dispose()


def _json(result) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_a_standing_assignment_is_never_overdue_nor_extended_and_lists_last(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил", "--email", "s@example.org").code == 0
    standing = cli("add", "Держать на контроле", "--owner", "сандалов", "--due", "постоянно")
    assert standing.code == 0, standing.err
    sid = standing.out.strip()
    dated = cli("add", "Просроченное", "--owner", "сандалов", "--due", "2026-11-02").out.strip()
    shown = json.loads(cli("show", sid, "--format", "json").out)
    row = shown[0] if isinstance(shown, list) else shown
    row = row.get("assignment", row)
    assert (row["due"], row["days_left"], row["overdue"]) == (None, None, False)
    listed = json.loads(cli("list", "--format", "json").out)
    assert [r["id"] for r in listed] == [int(dated), int(sid)]  # standing after the dated
    assert [r["id"] for r in json.loads(cli("list", "--overdue", "--format", "json").out)] == [
        int(dated)
    ]
    assert "standing" in cli("list").out
    refused = cli("extend", sid, "--to", "2027-01-10", "--reason", "Нужно больше времени")
    assert refused.code == 2 and "standing" in refused.err
    assert cli("edit", sid, "--due", "2027-02-01", "--reason", "Срок назначен").code == 0
    assert json.loads(cli("list", "--format", "json").out)[1]["due"] == "2027-02-01"
    assert cli("edit", sid, "--due", "постоянно", "--reason", "Снова постоянно").code == 0
    assert json.loads(cli("list", "--format", "json").out)[1]["due"] is None
    dry = cli("remind", "--dry-run")
    assert "Держать на контроле" not in dry.out
    assert cli("done", sid).code == 0
    report = json.loads(cli("report", "--format", "json").out)
    assert (report["totals"]["done_on_time"], report["totals"]["done_late"]) == (1, 0)


def test_a_protocol_item_on_standing_control_is_imported_without_a_deadline(
    cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    protocol = tmp_path / "p.txt"
    protocol.write_text(
        "ПРОТОКОЛ\nоперативного совещания\n20.11.2026 № 5\n\n"
        "1. Председателю Правительства Сандалову М.А. держать на контроле ход проектов.\n"
        "Срок – постоянно.\n",
        encoding="utf-8",
    )
    result = cli("import", str(protocol), "--dry-run", "--output-format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["due"] is None
