"""``taskboard report`` through the real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from taskboard.cli.app import run

from .conftest import Register


@pytest.fixture
def db(register_db: Register, tmp_path: Path) -> Path | str:
    """A private copy of the SQLite register (commands open it read-write), or the PostgreSQL
    register's URL (the commands here only read it)."""
    if isinstance(register_db.path, str):
        return register_db.path
    copy = tmp_path / "copy.db"
    shutil.copy(register_db.path, copy)
    return copy


def test_without_format_or_output_prints_markdown(db: Path, cli_env: Path, capsys) -> None:
    assert run(["--db", str(db), "--lang", "en", "report"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Execution discipline report")
    assert "| Волосков Сергей Александрович | 4 | 3 | 2 | 1 |" in out


def test_json_to_stdout_parses(db: Path, cli_env: Path, capsys) -> None:
    assert run(["--db", str(db), "report", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["total"] == 10
    assert data["today"] == "2027-06-15"


def test_format_is_guessed_from_the_output_file(db: Path, cli_env: Path, capsys) -> None:
    target = cli_env / "discipline.xlsx"
    assert run(["--db", str(db), "--lang", "en", "report", "--output", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(target) in captured.err
    book = openpyxl.load_workbook(target)
    assert book["Summary"]["B8"].value == 10
    assert len(book["Summary"]._charts) == 1


def test_existing_output_is_kept_unless_force(db: Path, cli_env: Path, capsys) -> None:
    target = cli_env / "r.html"
    target.write_text("old", encoding="utf-8")
    assert run(["--db", str(db), "--lang", "en", "report", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "old"
    assert run(["--db", str(db), "report", "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in cli_env.iterdir()) == ["r.html"]


def test_an_existing_output_is_refused_before_the_register_is_read(
    db: Path, cli_env: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    import taskboard.reports

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the report was built before the file was checked")

    monkeypatch.setattr(taskboard.reports, "build_report", never)
    target = cli_env / "r.xlsx"
    target.write_bytes(b"old")
    assert run(["--db", str(db), "--lang", "en", "report", "-o", str(target)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"old"


def test_xlsx_without_output_is_an_error_naming_output(db: Path, cli_env: Path, capsys) -> None:
    assert run(["--db", str(db), "--lang", "en", "report", "--format", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert "--output" in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_extension_without_format_is_an_error(db: Path, cli_env: Path, capsys) -> None:
    assert run(["--db", str(db), "--lang", "en", "report", "-o", str(cli_env / "r.txt")]) == 2
    assert "--format" in capsys.readouterr().err
    assert list(cli_env.iterdir()) == []


def test_unknown_format_is_an_error(db: Path, cli_env: Path, capsys) -> None:
    assert run(["--db", str(db), "--lang", "en", "report", "--format", "pdf"]) == 2
    assert "xlsx, html, csv, md, json" in capsys.readouterr().err


def test_period_in_russian_words_and_owner_prefix(db: Path, cli_env: Path, capsys) -> None:
    args = [
        "--db",
        str(db),
        "report",
        "--format",
        "json",
        "--from",
        "1 мая 2027",
        "--to",
        "31.05.2027",
        "--owner",
        "сандалов",
    ]
    assert run(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == {"from": "2027-05-01", "to": "2027-05-31"}
    assert data["filters"]["owner"] == "Сандалов Михаил Анатольевич"
    # A6 (cancelled 05-25) and A7 (reopened, done late 05-15).
    assert (data["totals"]["total"], data["totals"]["cancelled"], data["totals"]["done_late"]) == (
        2,
        1,
        1,
    )


def test_meeting_filter(db: Path, register_db: Register, cli_env: Path, capsys) -> None:
    meeting = register_db.ids["M2"]
    assert run(["--db", str(db), "report", "--format", "json", "--meeting", str(meeting)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["filters"]["meeting"] == "Оперативное совещание"
    assert [o["days_overdue"] for o in data["overdue"]] == [14, 5]


def test_csv_for_excel_with_bom_and_semicolons(db: Path, cli_env: Path, capsys) -> None:
    target = cli_env / "r.csv"
    args = [
        "--db",
        str(db),
        "--lang",
        "ru",
        "report",
        "-o",
        str(target),
        "--bom",
        "--delimiter",
        ";",
    ]
    assert run(args) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Исполнитель;Всего;Исполнено".encode() in data
    assert b"66,7%" in data


def test_empty_period_is_not_an_error(db: Path, cli_env: Path, capsys) -> None:
    assert (
        run(
            [
                "--db",
                str(db),
                "--lang",
                "en",
                "report",
                "--from",
                "2030-01-01",
                "--to",
                "2030-12-31",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "No assignments in this period." in out


def test_bad_date_is_a_one_line_error(db: Path, cli_env: Path, capsys) -> None:
    assert run(["--db", str(db), "--lang", "en", "report", "--from", "someday"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_help_says_markdown_goes_to_stdout_by_default(cli_env: Path, capsys) -> None:
    assert run(["--lang", "en", "report", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Markdown goes to standard output" in out
