"""``taskboard audit verify``: the history is one hash chain, and every way of rewriting it
behind taskboard's back (an edited event, a removed one, one slipped in, the tail cut off) is
found and named; reports and exports carry the head that ties them to a state."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Result


@pytest.fixture
def register(cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A register with some history: people, two assignments, a note, an extension, a close."""
    for args in (
        ("person", "add", "Сандалов Михаил Александрович"),
        ("person", "add", "Иванова Елена Петровна"),
        ("add", "Проработать завод с «Савушкин продукт»", "--owner", "1", "--due", "2027-02-10"),
        ("add", "Вывезти молодёжь в Брестскую крепость", "--owner", "2", "--due", "2027-03-10"),
        ("note", "1", "Письмо направлено"),
        ("extend", "2", "--to", "2027-04-14", "--reason", "Ждём ответа партнёров"),
        ("done", "1"),
    ):
        result = cli(*args)
        assert result.code == 0, (args, result.err)
    return db_path


def _events(path: Path) -> list[tuple[int, int | None, str | None]]:
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT id, chain_seq, chain_hash FROM event ORDER BY id").fetchall()
    con.close()
    return rows


def _tamper(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    with con:
        for statement in statements:
            con.execute(statement)
    con.close()


def _verify(cli, *args: str, lang: str = "en") -> Result:  # type: ignore[no-untyped-def]
    return cli("--lang", lang, "audit", "verify", *args)


def test_every_event_takes_the_next_place_and_the_chain_holds(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    events = _events(register)
    assert [seq for _id, seq, _hash in events] == list(range(1, len(events) + 1))
    assert all(h is not None and len(h) == 64 for _id, _seq, h in events)
    assert len({h for _id, _seq, h in events}) == len(events)
    result = _verify(cli)
    assert result.code == 0, result.err
    assert f"The history holds: {len(events)} events" in result.out
    assert f"History head: place {len(events)}, {events[-1][2]}" in result.out


def test_the_verdict_in_json(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(_verify(cli, "--format", "json").out)
    events = _events(register)
    assert data == {
        "ok": True,
        "events": len(events),
        "head": {"seq": len(events), "hash": events[-1][2]},
        "problem": None,
    }


def test_an_edited_event_is_named_with_its_place(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    # Someone with the sqlite3 shell rewrites who made the note, and what it said.
    _tamper(register, "UPDATE event SET actor = 'Кто-то', new_value = 'Ничего' WHERE kind = 'note'")
    with sqlite3.connect(register) as con:
        note_id, note_seq = con.execute(
            "SELECT id, chain_seq FROM event WHERE kind = 'note'"
        ).fetchone()
    con.close()
    result = _verify(cli)
    assert result.code == 1
    assert f"The history was changed at place {note_seq}: event {note_id} (" in result.out
    assert "Кто-то" in result.out  # the event as it reads now, so it can be found
    assert f"The {note_seq - 1} events before the break are intact" in result.out
    data = json.loads(_verify(cli, "--format", "json").out)
    assert data["ok"] is False
    assert data["problem"] == {
        "kind": "changed",
        "event_id": note_id,
        "seq": note_seq,
        "expected_seq": None,
    }


def test_a_changed_timestamp_or_kind_breaks_the_chain_too(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    _tamper(register, "UPDATE event SET at = '2026-01-01 00:00:00.000000' WHERE id = 5")
    assert json.loads(_verify(cli, "--format", "json").out)["problem"]["event_id"] == 5


def test_a_removed_event_is_named_by_the_gap_it_leaves(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    _tamper(register, "DELETE FROM event WHERE chain_seq = 4")
    after = next(e for e in _events(register) if e[1] == 5)
    result = _verify(cli)
    assert result.code == 1
    assert "Events were removed from the history: places 4–4 are missing" in result.out
    assert f"event {after[0]} (" in result.out


def test_a_removed_event_with_the_places_renumbered_is_still_found(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    # A careful forger closes the gap: every later place moves down by one.
    _tamper(
        register,
        "DELETE FROM event WHERE chain_seq = 4",
        "UPDATE event SET chain_seq = -chain_seq WHERE chain_seq > 4",
        "UPDATE event SET chain_seq = -chain_seq - 1 WHERE chain_seq < 0",
        "UPDATE audit_chain SET seq = seq - 1",
    )
    data = json.loads(_verify(cli, "--format", "json").out)
    assert data["problem"]["kind"] == "changed"
    assert data["problem"]["seq"] == 4
    assert data["events"] == 3


def test_an_event_inserted_behind_taskboards_back_is_named(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    _tamper(
        register,
        "INSERT INTO event (assignment_id, at, actor, kind, field, old_value, new_value) VALUES "
        "(2, '2026-11-30 09:00:00.000000', 'Иванова Е.П.', 'status', 'status', 'open', 'done')",
    )
    inserted = _events(register)[-1][0]
    result = _verify(cli)
    assert result.code == 1
    assert f"An event was inserted behind taskboard's back: event {inserted} (" in result.out


def test_an_event_slipped_in_with_a_forged_place_is_named(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    last = _events(register)[-1]
    _tamper(
        register,
        "INSERT INTO event (assignment_id, at, actor, kind, field, old_value, new_value, "
        f"chain_seq, chain_hash) VALUES (2, '2026-11-30 09:00:00.000000', 'X', 'note', NULL, "
        f"NULL, 'вставка', {last[1] + 1}, '{'ab' * 32}')",
        "UPDATE audit_chain SET seq = seq + 1",
    )
    data = json.loads(_verify(cli, "--format", "json").out)
    assert data["problem"]["kind"] == "changed"
    assert data["problem"]["seq"] == last[1] + 1
    assert data["problem"]["event_id"] == _events(register)[-1][0]


def test_the_last_events_cut_off_are_found_by_the_head(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    total = len(_events(register))
    _tamper(register, f"DELETE FROM event WHERE chain_seq >= {total - 1}")
    result = _verify(cli)
    assert result.code == 1
    assert (
        f"The last events of the history were removed: it was sealed up to place {total}, "
        f"but ends at place {total - 2}." in result.out
    )


def test_a_removed_head_record_is_reported_and_writing_still_works(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    _tamper(register, "DELETE FROM audit_chain")
    result = _verify(cli)
    assert result.code == 1
    assert "The record of where the history ends is missing" in result.out
    assert cli("note", "2", "Ещё запись").code == 0
    assert _verify(cli).code == 0


def test_a_report_ties_to_its_state_and_later_changes_are_counted(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    report = json.loads(cli("report", "--format", "json").out)
    head = report["history"]
    assert head == {"seq": len(_events(register)), "hash": _events(register)[-1][2]}
    assert cli("note", "2", "Ответ получен").code == 0
    assert cli("reopen", "1").code == 0
    result = _verify(cli, "--head", head["hash"][:16])
    assert result.code == 0, result.out
    assert (
        f"{head['hash'][:16]} is the state after place {head['seq']}; 2 events were "
        "recorded since." in result.out
    )


def test_a_head_from_another_register_is_not_in_this_history(
    cli, register: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.db"
    assert cli("person", "add", "Петров Пётр", db=other).code == 0
    foreign = json.loads(cli("export", db=other).out)["history"]["hash"]
    result = _verify(cli, "--head", foreign)
    assert result.code == 1
    assert f"{foreign} is not in this history" in result.out


def test_a_head_that_is_not_a_hash_is_refused_in_one_line(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    for value in ("abc", "z" * 16, "0" * 65):
        result = _verify(cli, "--head", value)
        assert result.code == 2
        assert result.err.count("\n") == 1
        assert "--head takes the history hash" in result.err


def test_the_verdict_speaks_russian(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    assert "История цела: 7 событий" in _verify(cli, lang="ru").out
    _tamper(register, "UPDATE event SET actor = 'Кто-то' WHERE id = 2")
    out = _verify(cli, lang="ru").out
    assert out.startswith("История изменена на месте 2: событие 2 (")
    assert "До разрыва цело 1 событие" in out


def test_a_read_only_register_is_verified(cli, register: Path) -> None:  # type: ignore[no-untyped-def]
    uri = f"file:{register}?mode=ro"
    result = cli("--lang", "en", "audit", "verify", db=f"sqlite:///{uri}&uri=true")
    assert result.code == 0, result.err


def test_the_export_carries_the_head_and_a_restore_keeps_the_chain(
    cli, register: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dump = tmp_path / "dump.json"
    assert cli("export", "--output", str(dump)).code == 0
    data = json.loads(dump.read_text())
    assert data["history"] == {"seq": 7, "hash": _events(register)[-1][2]}
    assert [e["chain_seq"] for e in data["events"]] == list(range(1, 8))
    copy = tmp_path / "copy.db"
    restored = cli("import", str(dump), db=copy)
    assert restored.code == 0, restored.err
    assert "warning" not in restored.err
    assert _events(copy) == _events(register)
    assert cli("audit", "verify", db=copy).code == 0
    # New history continues the restored chain.
    assert cli("note", "2", "После восстановления", db=copy).code == 0
    assert cli("audit", "verify", db=copy).code == 0
    assert _events(copy)[-1][1] == 8


def test_a_restore_of_an_export_changed_after_export_warns(
    cli, register: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("export").out)
    data["events"][2]["new_value"] = "Подделка"
    dump = tmp_path / "forged.json"
    dump.write_text(json.dumps(data, ensure_ascii=False))
    copy = tmp_path / "copy.db"
    result = cli("--lang", "en", "import", str(dump), db=copy)
    assert result.code == 0  # restored as it is: nothing is lost
    assert "warning: the history in «forged.json» does not hold" in result.err
    verdict = json.loads(cli("audit", "verify", "--format", "json", db=copy).out)
    assert verdict["problem"]["event_id"] == data["events"][2]["id"]


def test_an_export_from_before_the_chain_is_sealed_on_restore(
    cli, register: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("export").out)
    data["schema"] = "0004"
    del data["history"]
    for item in data["events"]:
        del item["chain_seq"], item["chain_hash"]
    dump = tmp_path / "old.json"
    dump.write_text(json.dumps(data, ensure_ascii=False))
    copy = tmp_path / "copy.db"
    result = cli("import", str(dump), db=copy)
    assert result.code == 0, result.err
    assert "warning" not in result.err
    assert _events(copy) == _events(register)  # the same events, sealed the same way
    assert cli("audit", "verify", db=copy).code == 0


def test_every_report_format_names_the_head(cli, register: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    short = _events(register)[-1][2][:16]
    for fmt in ("md", "csv", "html"):
        out = cli("--lang", "en", "report", "--format", fmt).out
        assert f"history head: place 7, {short}" in out, fmt
    book = tmp_path / "r.xlsx"
    assert cli("--lang", "en", "report", "--output", str(book)).code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(book).worksheets[0]
    assert f"history head: place 7, {short}" in str(sheet.cell(2, 1).value)


@pytest.mark.postgres
def test_verify_on_postgresql_walks_one_snapshot_without_warnings(pg_url: str) -> None:
    """The REPEATABLE READ snapshot is asked before the session's first statement (asked
    after, SQLAlchemy ignored it with a warning, and a commit meanwhile could look like a
    cut chain)."""

    from tests.conftest import run_process

    env = {"PYTHONWARNINGS": "error", "TASKBOARD_LANG": "en", "TASKBOARD_DB": pg_url}
    assert run_process("init", "--demo", env=env).code == 0
    verified = run_process("audit", "verify", "--format", "json", env=env)
    assert verified.code == 0, verified.err
    assert "Warning" not in verified.err
    assert json.loads(verified.out)["ok"] is True
