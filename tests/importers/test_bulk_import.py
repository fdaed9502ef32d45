"""The bulk table import: the same register as rows added one by one, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.importers.conftest import assignment_count, count_rows

ROWS = [
    (
        "Подготовить доклад о кооперации",
        "сандалов",
        "Волосков; Иванова",
        "01.06.2027",
        "доклад",
        "у Губернатора",
    ),
    ("Провести выездное совещание", "Волосков Сергей Александрович", "", "15.03.2027", "", ""),
    ("Проработать поставки", "Иванова", "сандалов", "1 июня 2027", "Беларусь; доклад", "deputy"),
]


def _register(cli, path: Path | str, out: Path | None = None) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """The export minus what differs between two runs (times, the history's seals); ``out``:
    where the export goes (beside an SQLite file without it)."""
    if out is None:
        assert isinstance(path, Path)
        out = path.parent / f"{path.stem}.json"
    assert cli("export", "--output", str(out), "--force", db=path).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    drop = {"created_at", "updated_at", "at", "chain_hash", "chain_seq"}
    events_drop = drop | {"id"}
    return {
        key: [
            {k: v for k, v in row.items() if k not in (events_drop if key == "events" else drop)}
            for row in data[key]
        ]
        for key in ("assignments", "notes", "events")
    }


def test_one_import_makes_the_register_that_adding_each_row_makes(
    cli, tmp_path: Path, write: Callable[..., Path]
) -> None:
    added, imported = tmp_path / "added.db", tmp_path / "imported.db"
    for target in (added, imported):
        assert cli("init", "--demo", db=target).code == 0
    lines = ["text,owner,co_executors,due,tags,control_level"]
    for text, owner, co, due, tags, level in ROWS:
        lines.append(f'{text},{owner},"{co}",{due},"{tags}",{level}')
        args = ["add", text, "--owner", owner, "--due", due]
        if level:
            args += ["--level", level]
        for name in co.split(";"):
            if name.strip():
                args += ["--co", name.strip()]
        for tag in tags.split(";"):
            if tag.strip():
                args += ["--tag", tag.strip()]
        assert cli(*args, db=added).code == 0
    result = cli("import", str(write("rows.csv", "\n".join(lines) + "\n")), db=imported)
    assert result.code == 0, result.err
    assert cli("audit", "verify", db=imported).code == 0
    by_add, by_import = _register(cli, added), _register(cli, imported)
    assert by_import["assignments"] == by_add["assignments"]
    # The import adds one `imported` event per row; everything else is what `add` wrote.
    events = [e for e in by_import["events"] if e["kind"] != "imported"]
    assert events == by_add["events"]


def test_a_bad_row_in_the_middle_of_a_thousand_is_named_and_nothing_is_written(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    lines = ["text,owner,due"] + [f"Поручение {n},сандалов,01.06.2027" for n in range(1000)]
    lines[501] = "Поручение плохое,сандалов,31.02.2027"
    before = (assignment_count(demo), count_rows(demo))
    result = cli("import", str(write("rows.csv", "\n".join(lines) + "\n")))
    assert result.code == 2
    assert "row 502" in result.err
    assert (assignment_count(demo), count_rows(demo)) == before


def test_statuses_write_the_history_of_the_usual_status_changes(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    csv = "text,owner,status\nA,сандалов,done\nB,сандалов,cancelled\nC,сандалов,in_progress\n"
    ids = cli("import", str(write("rows.csv", csv))).out.split()
    assert cli("audit", "verify").code == 0
    shown = [json.loads(cli("show", i, "--format", "json").out) for i in ids]
    assert [s["status"] for s in shown] == ["done", "cancelled", "in_progress"]
    kinds = [[e["kind"] for e in s["history"]] for s in shown]
    assert all(k.count("status") == 1 for k in kinds)
    assert "note" in kinds[1]


MIXED = (
    "number,text,owner,co_executors,due,controller,tags,priority,meeting_id,status,level\n"
    "7,Подготовить доклад,сандалов,Волосков; Иванова,01.06.2027,Иванова,доклад; Беларусь,high,2,,"
    "governor\n"
    ",Провести совещание,Волосков Сергей Александрович,,,,,low,2,in_progress,"
    "у заместителя Губернатора\n"
    ",Снятое поручение,Иванова,сандалов,срочно,,,,2,cancelled,\n"
    ",Исполненное поручение,Пархомчик,,15.03.2027,,доклад,обычный,,done,у руководителя\n"
    ",Постоянный контроль,сандалов,,постоянно,,,,,,\n"
    ",Без срока и совещания,Волосков,Волосков; Иванова; Иванова,,,, ,,,\n"
)
"""Rows that take every path of the bulk writer: numbers given and taken, statuses with their
history, a cancellation's note, default and standing deadlines, repeated co-executors, control
levels by key and by label."""


def _csv_rows(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text)))


def test_an_xlsx_file_makes_the_register_the_same_csv_makes(
    cli, tmp_path: Path, write: Callable[..., Path]
) -> None:
    from openpyxl import Workbook

    from_csv, from_xlsx = tmp_path / "csv.db", tmp_path / "xlsx.db"
    for target in (from_csv, from_xlsx):
        assert cli("init", "--demo", db=target).code == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in _csv_rows(MIXED):
        sheet.append(row)
    book.save(tmp_path / "rows.xlsx")
    assert cli("import", str(write("rows.csv", MIXED)), db=from_csv).code == 0
    result = cli("import", str(tmp_path / "rows.xlsx"), db=from_xlsx)
    assert result.code == 0, result.err
    assert cli("audit", "verify", db=from_xlsx).code == 0
    by_csv, by_xlsx = _register(cli, from_csv), _register(cli, from_xlsx)
    # The `imported` events name the file: its ending is the one difference.
    for event in by_xlsx["events"]:
        if event["kind"] == "imported":
            event["new_value"] = event["new_value"].replace("rows.xlsx", "rows.csv")
    assert by_xlsx == by_csv
    levels = [a["control_level"] for a in by_csv["assignments"][-6:]]
    assert levels == ["governor", "deputy", None, "head", None, None]


@pytest.mark.sqlite_only  # the file, byte for byte
def test_a_dry_run_leaves_the_database_file_byte_for_byte_as_it_was(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    # Enough rows that the transaction spills pages beyond SQLite's cache before its rollback.
    lines = ["text,owner,co_executors,due,tags,status"] + [
        f"Поручение номер {n} о подготовке доклада,сандалов,Иванова,01.06.2027,доклад,done"
        for n in range(3000)
    ]
    path = write("rows.csv", "\n".join(lines) + "\n")
    before = demo.read_bytes()
    result = cli("import", "--dry-run", str(path))
    assert result.code == 0, result.err
    assert "Would import 3000 assignments" in result.err
    assert demo.read_bytes() == before
    assert cli("audit", "verify").code == 0


def test_every_bad_row_is_named_with_what_is_wrong_and_nothing_is_written(
    demo: Path, write: Callable[..., Path]
) -> None:
    from taskboard.importers import import_file
    from taskboard.importers.drafts import ImportProblems
    from taskboard.storage.database import open_database

    rows = [
        "text,owner,due,priority,status,meeting_id,number",
        "Хорошее поручение,сандалов,01.06.2027,,,,",
        "Плохая дата,сандалов,31.02.2027,,,,",
        "Плохой приоритет,сандалов,,срочный,,,",
        "Плохой статус,сандалов,,,готово,,",
        "Нет такого человека,Неизвестный Человек,,,,,",
        ",сандалов,,,,,",
        "Совещание словом,сандалов,,,,второе,",
        "Номер занят,сандалов,,,,2,1",
    ] + [f"Поручение {n},сандалов,01.06.2027,,,," for n in range(50)]
    rows.append("Плохая дата в конце,сандалов,вчера позавчера,,,,")
    before = (assignment_count(demo), count_rows(demo))
    database = open_database(demo)
    try:
        with pytest.raises(ImportProblems) as raised:
            import_file(
                database,
                str(write("rows.csv", "\n".join(rows) + "\n")),
                actor="Тест",
                today=date(2026, 10, 19),
            )
    finally:
        database.dispose()
    problems = dict(problem.split(": ", 1) for problem in raised.value.problems)
    assert sorted(problems, key=lambda row: int(row.split()[1])) == [
        f"row {n}" for n in (3, 4, 5, 6, 7, 8, 9, 60)
    ]
    assert "31.02.2027" in problems["row 3"] and "срочный" in problems["row 4"]
    assert "готово" in problems["row 5"] and "Неизвестный Человек" in problems["row 6"]
    assert "text" in problems["row 7"] and "второе" in problems["row 8"]
    assert "already has an assignment number 1" in problems["row 9"]
    assert "вчера позавчера" in problems["row 60"]
    assert (assignment_count(demo), count_rows(demo)) == before


def test_a_nul_in_a_cell_no_reader_refused_is_refused_by_the_writer_and_nothing_is_written(
    demo: Path,
) -> None:
    from taskboard.errors import InvalidInput
    from taskboard.importers import ImportOutcome, Prepared, write_drafts
    from taskboard.importers.drafts import Draft
    from taskboard.storage.database import open_database

    drafts = [Draft(where="row 2", text="Доклад", owner="сандалов", tags=["до\x00клад"])]
    before = (assignment_count(demo), count_rows(demo))
    database = open_database(demo)
    try:
        with pytest.raises(InvalidInput, match="NUL"):
            write_drafts(
                database,
                Prepared(format="xlsx", drafts=drafts),
                drafts,
                outcome=ImportOutcome(format="xlsx", dry_run=False),
                source="rows.xlsx",
                meeting_id=None,
                meeting_date=None,
                dry_run=False,
                actor="Тест",
                today=date(2026, 10, 19),
                deadline_mode="calendar",
            )
    finally:
        database.dispose()
    assert (assignment_count(demo), count_rows(demo)) == before


@pytest.mark.postgres
@pytest.mark.sqlite_only  # compares an SQLite register with a PostgreSQL one itself
def test_a_bulk_import_into_postgresql_makes_the_register_it_makes_on_sqlite(
    cli, demo: Path, tmp_path: Path, pg_url: str, write: Callable[..., Path]
) -> None:
    assert cli("init", "--demo", db=pg_url).code == 0
    path = write("rows.csv", MIXED)
    on_sqlite = cli("import", str(path))
    on_postgres = cli("import", str(path), db=pg_url)
    assert on_postgres.code == 0, on_postgres.err
    assert on_postgres.out == on_sqlite.out
    assert cli("audit", "verify", db=pg_url).code == 0
    assert _register(cli, pg_url, tmp_path / "pg.json") == _register(cli, demo)
