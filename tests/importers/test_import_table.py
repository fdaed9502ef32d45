"""``taskboard import`` of CSV and XLSX tables: headers, encodings, statuses, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.importers.conftest import assignment_count, count_rows

ENGLISH = (
    "number,text,owner,co_executors,due,controller,tags,priority,meeting_id,status\n"
    "7,Подготовить доклад о кооперации,сандалов,Волосков; Иванова,01.06.2027,Иванова,"
    "Беларусь; доклад,high,2,\n"
    ",Провести выездное совещание в Омутнинске,Волосков Сергей Александрович,,,,,low,2,"
    "in_progress\n"
)


def _show(cli, assignment_id: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    result = cli("show", assignment_id, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_csv_with_english_headers_creates_one_assignment_per_row(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    result = cli("import", str(write("rows.csv", ENGLISH)))
    assert result.code == 0, result.err
    assert result.out.split() == ["10", "11"]
    assert "Imported 2 assignments from «rows.csv»." in result.err
    first = _show(cli, "10")
    assert first["number"] == "7"
    assert first["owner"] == "Сандалов Михаил"
    assert first["co_executors"] == ["Волосков Сергей Александрович", "Иванова Е.П."]
    assert first["due"] == "2027-06-01"
    assert first["priority"] == "high"
    assert first["tags"] == ["Беларусь", "доклад"]
    second = _show(cli, "11")
    # No number: the next one after the file's 7; no deadline: one month from the meeting.
    assert second["number"] == "8"
    assert second["due"] == "2026-11-19"
    assert second["status"] == "in_progress"


def test_import_records_an_imported_event_naming_the_file(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    cli("import", str(write("rows.csv", ENGLISH)))
    history = _show(cli, "10")["history"]
    kinds = [event["kind"] for event in history]
    assert kinds.count("created") == 1 and kinds.count("imported") == 1
    imported = next(e for e in history if e["kind"] == "imported")
    assert "rows.csv" in json.dumps(imported, ensure_ascii=False)


def test_russian_headers_semicolons_and_bom_are_read(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    text = (
        "№;Поручение;Ответственный исполнитель;Соисполнители;Срок исполнения;Метки;"
        "Приоритет;Совещание;Статус;Примечание\n"
        "5;Обеспечить участие «Юнармии»;Сандалов;Пархомчик;1 июня 2027;молодёжь;высокий;2;"
        "в работе;не читается\n"
        "6;Снятое поручение;Волосков;;срочно;;обычный;2;снято с контроля;\n"
    )
    path = write("поручения.csv", "\ufeff" + text)
    result = cli("import", str(path))
    assert result.code == 0, result.err
    assert "Ignored columns: Примечание." in result.err
    first = _show(cli, "10")
    assert (first["number"], first["priority"], first["status"]) == ("5", "high", "in_progress")
    assert first["co_executors"] == ["Пархомчик Петр Александрович"]
    assert first["due"] == "2027-06-01"
    cancelled = _show(cli, "11")
    assert cancelled["status"] == "cancelled"
    # «срочно» counts three days from the meeting (19.10.2026), not from today.
    assert cancelled["due"] == "2026-10-22"
    assert any("Imported with the status «cancelled»" in n["text"] for n in cancelled["notes"])


def test_windows_1251_csv_from_excel_is_read(cli, demo: Path, write: Callable[..., Path]) -> None:
    path = write("excel.csv", "Текст;Исполнитель\nОтчитаться;Сандалов\n", encoding="cp1251")
    result = cli("import", str(path))
    assert result.code == 0, result.err
    assert _show(cli, result.out.strip())["text"] == "Отчитаться"


def test_xlsx_rows_are_imported_with_date_and_number_cells(cli, demo: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Номер", "Текст", "Ответственный", "Срок", "Теги"])
    sheet.append([9, "Проработать логистику поставок", "Волосков", datetime(2027, 3, 1), "ОМЗ"])
    sheet.append([None, None, None, None, None])
    sheet.append([10.0, "Подготовить справку", "Сандалов", "15.03.2027", None])
    workbook.save(tmp_path / "book.xlsx")
    result = cli("import", str(tmp_path / "book.xlsx"), "--meeting", "2")
    assert result.code == 0, result.err
    assert result.out.split() == ["10", "11"]
    first, second = _show(cli, "10"), _show(cli, "11")
    assert (first["number"], first["due"], first["tags"]) == ("9", "2027-03-01", ["ОМЗ"])
    assert (second["number"], second["due"], second["meeting_id"]) == ("10", "2027-03-15", 2)


def test_csv_written_by_list_imports_into_another_meeting(cli, demo: Path, tmp_path: Path) -> None:
    listed = cli("list", "--meeting", "2", "--status", "all", "--format", "csv")
    (tmp_path / "list.csv").write_text(listed.out, encoding="utf-8")
    meeting = cli("meeting", "add", "Повторное совещание", "--date", "2026-11-20").out.strip()
    result = cli("import", str(tmp_path / "list.csv"), "--meeting", meeting)
    assert result.code == 0, result.err
    assert "Ignored columns: id, days_left, overdue, extensions, at_risk." in result.err
    rows = json.loads(cli("list", "--meeting", meeting, "--status", "all", "--format", "json").out)
    originals = json.loads(cli("list", "--meeting", "2", "--status", "all", "--format", "json").out)
    key = lambda r: r["number"]  # noqa: E731
    assert [
        (r["number"], r["text"], r["owner"], r["status"], r["tags"]) for r in sorted(rows, key=key)
    ] == [
        (r["number"], r["text"], r["owner"], r["status"], r["tags"])
        for r in sorted(originals, key=key)
    ]


def test_csv_written_by_export_imports(cli, demo: Path, tmp_path: Path) -> None:
    exported = cli("export", "--format", "csv", "--output", str(tmp_path / "all.csv"))
    assert exported.code == 0, exported.err
    target = tmp_path / "other.db"
    assert cli("init", "--demo", db=target).code == 0
    meeting = cli("meeting", "add", "Копия", "--date", "2026-11-20", db=target).out.strip()
    # Numbers repeat across the two demo meetings: keep them out of the one target meeting.
    rows = (tmp_path / "all.csv").read_text(encoding="utf-8").splitlines()
    header = rows[0].replace(",number,", ",original_number,")
    # A file carries no owner's report, so rows under review or in rework are refused (their
    # own test in tests/cli/test_acceptance.py); the rest imports.
    kept = [r for r in rows[1:] if ",review," not in r and ",rework," not in r]
    assert len(kept) == len(rows) - 3
    (tmp_path / "renamed.csv").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    result = cli("import", str(tmp_path / "renamed.csv"), "--meeting", meeting, db=target)
    assert result.code == 0, result.err
    assert len(result.out.split()) == 7
    assert "original_number" in result.err and "closed_on" in result.err


def test_unknown_owner_is_an_error_listing_close_matches(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    path = write("rows.csv", "text,owner\nПервое,Сандалов\nВторое,Сандолов\n")
    before = count_rows(demo)
    result = cli("import", str(path))
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert lines[0].startswith("taskboard: error: row 3: No person «Сандолов»")
    assert "Сандалов Михаил" in lines[0]
    assert count_rows(demo) == before and assignment_count(demo) == 9


def test_bad_date_and_empty_text_are_reported_per_row(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    path = write("rows.csv", "text,owner,due\nПервое,Сандалов,31.02.2027\n,Волосков,\n")
    result = cli("import", str(path))
    assert result.code == 2
    assert "taskboard: error: row 2: Could not read the date" in result.err
    assert "taskboard: error: row 3: The assignment's text must not be empty" in result.err
    assert assignment_count(demo) == 9


def test_bad_priority_status_and_meeting_are_errors(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    path = write(
        "rows.csv",
        "text,owner,priority,status,meeting_id\nА,Сандалов,срочный,,\nБ,Сандалов,,закрыто,\n"
        "В,Сандалов,,,первое\nГ,Сандалов,,,77\n",
    )
    result = cli("import", str(path))
    assert result.code == 2
    assert "row 2: unknown priority «срочный»" in result.err
    assert "row 3: unknown status «закрыто»" in result.err
    assert "row 4: «первое» is not a meeting id" in result.err
    assert "row 5: No meeting with id 77" in result.err


def test_missing_required_column_is_named(cli, demo: Path, write: Callable[..., Path]) -> None:
    result = cli("import", str(write("rows.csv", "Текст;Срок\nПервое;завтра\n")))
    assert result.code == 2
    assert "has no «owner» column" in result.err
    assert "ответственный исполнитель" in result.err


def test_a_binary_file_named_csv_is_not_a_csv(cli, demo: Path, tmp_path: Path) -> None:
    (tmp_path / "photo.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli("import", str(tmp_path / "photo.csv"))
    assert result.code == 2 and "is not a CSV file" in result.err


def test_a_csv_named_xlsx_is_not_a_workbook(cli, demo: Path, write: Callable[..., Path]) -> None:
    result = cli("import", str(write("rows.xlsx", "text,owner\nА,Сандалов\n")))
    assert result.code == 2 and "is not an XLSX workbook" in result.err


def test_unknown_extension_asks_for_format(cli, demo: Path, write: Callable[..., Path]) -> None:
    path = write("rows.doc", "text,owner\nА,Сандалов\n")
    result = cli("import", str(path))
    assert result.code == 2 and "--format" in result.err
    forced = cli("import", str(path), "--format", "csv")
    assert forced.code == 0, forced.err


def test_unknown_format_and_missing_file_are_errors(cli, demo: Path, tmp_path: Path) -> None:
    assert "Unknown import format «pdf»" in cli("import", "x.csv", "--format", "pdf").err
    missing = cli("import", str(tmp_path / "nothing.csv"))
    assert missing.code == 2 and "No file" in missing.err


def test_many_problems_are_capped_at_twenty_lines(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    rows = "".join(f"Поручение {i},Никто\n" for i in range(25))
    result = cli("import", str(write("rows.csv", "text,owner\n" + rows)))
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if line.startswith("taskboard: error:")]
    assert len(errors) == 21
    assert errors[-1] == "taskboard: error: … and 5 more"


def test_dry_run_shows_the_plan_and_writes_nothing(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    before = count_rows(demo)
    result = cli("import", str(write("rows.csv", ENGLISH)), "--dry-run")
    assert result.code == 0, result.err
    assert "Подготовить доклад" in result.out and "Сандалов Михаил" in result.out
    assert "2027-06-01" in result.out and "row 2" in result.out
    assert "Would import 2 assignments" in result.err
    assert count_rows(demo) == before
    assert assignment_count(demo) == 9


def test_duplicate_numbers_in_one_file_fail_the_whole_import(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    path = write("rows.csv", "number,text,owner\n11,А,Сандалов\n11,Б,Сандалов\n")
    result = cli("import", str(path), "--meeting", "2")
    assert result.code == 2
    assert "row 3: Meeting 2 already has an assignment number 11" in result.err
    assert assignment_count(demo) == 9


def test_messages_and_errors_in_russian(cli, demo: Path, write: Callable[..., Path]) -> None:
    ok = cli("--lang", "ru", "import", str(write("a.csv", "text,owner\nА,Сандалов\n")))
    assert ok.code == 0 and "Импортировано 1 поручение" in ok.err
    bad = cli("--lang", "ru", "import", str(write("b.csv", "text,owner\n,Сандалов\n")))
    assert "строка 2: " in bad.err


@pytest.mark.parametrize("name", ["rows.csv"])
def test_stdin_is_read_with_dash(cli, demo: Path, monkeypatch, name: str) -> None:  # type: ignore[no-untyped-def]
    import io
    import sys

    data = io.TextIOWrapper(io.BytesIO(b"text,owner\n\xd0\x90,1\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", data)
    result = cli("import", "-", "--format", "csv")
    assert result.code == 0, result.err
    assert _show(cli, result.out.strip())["owner"] == "Соколов Александр"
