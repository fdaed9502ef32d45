"""The report on the read path (issue 12): the standard library's ``sqlite3`` gives the report
a session gives, in every format and both languages, and the one the code before gave.

The Russian golden files (``golden/report.ru.*``) were written by the report model built on
SQLAlchemy Core, before it moved to the listing's SQL; the English ones are older still.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from taskboard import i18n
from taskboard.cli.app import run
from taskboard.domain import clock
from taskboard.domain.queries import reader_of
from taskboard.reports import Report, ReportParams, build_report, render
from taskboard.storage.database import open_database
from taskboard.storage.direct import open_reader

from .conftest import GENERATED_AT, TODAY, Register
from .test_discipline import _build as build_discipline

# The sqlite3 read path against the session on the same SQLite file; PostgreSQL against the
# same golden files is tests/reports/test_postgres.py.
pytestmark = pytest.mark.sqlite_only

GOLDEN = Path(__file__).parent / "golden"
TEXT_FORMATS = ("md", "csv", "json", "html")

PARAMS = {
    "everything": ReportParams(),
    "a period": ReportParams(date_from=date(2027, 5, 1), date_to=date(2027, 6, 10)),
    "a meeting": ReportParams(meeting_id=2),
    "an owner": ReportParams(owner_id=1),
}


@pytest.fixture(scope="module")
def discipline_db(tmp_path_factory: pytest.TempPathFactory) -> Register:
    """The register of test_discipline.py: levels, returns, a partial acceptance, corrections."""
    with pytest.MonkeyPatch.context() as mp:
        return build_discipline(tmp_path_factory.mktemp("discipline") / "discipline.db", mp)


@pytest.fixture(params=["ru", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each language in turn, the previous one restored after."""
    previous = i18n.get_language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(previous)


def through_sqlite3(
    path: Path, params: ReportParams, control_levels: dict[str, str] | None = None
) -> Report:
    """The report as ``taskboard report`` builds it on an SQLite register: no SQLAlchemy."""
    reader = open_reader(path)
    assert reader is not None, "the register should be readable through sqlite3"
    try:
        return build_report(
            reader, params, today=TODAY, generated_at=GENERATED_AT, control_levels=control_levels
        )
    finally:
        reader.close()


def through_a_session(
    path: Path, params: ReportParams, control_levels: dict[str, str] | None = None
) -> Report:
    """The report on a session's own connection (PostgreSQL, an upgrade, the TUI)."""
    db = open_database(path)
    try:
        with db.read() as session:
            return build_report(
                reader_of(session),
                params,
                today=TODAY,
                generated_at=GENERATED_AT,
                control_levels=control_levels,
            )
    finally:
        db.dispose()


def cells(report: Report) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's cell values of the XLSX rendering."""
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize("params", PARAMS.values(), ids=list(PARAMS))
@pytest.mark.parametrize("register", ["register_db", "discipline_db"])
def test_sqlite3_and_a_session_give_the_same_report_in_every_format(
    register: str, params: ReportParams, language: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(register).path
    levels = {"deputy": "у заместителя", "governor": "у Губернатора"}
    direct = through_sqlite3(path, params, control_levels=levels)
    session = through_a_session(path, params, control_levels=levels)
    assert direct == session
    for fmt in TEXT_FORMATS:
        assert render(direct, fmt) == render(session, fmt), fmt
    assert cells(direct) == cells(session)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_both_paths_give_what_the_code_before_gave(
    register_db: Register, fmt: str, language: str
) -> None:
    name = "report" if language == "en" else f"report.{language}"
    golden = (GOLDEN / f"{name}.{fmt}").read_bytes().decode("utf-8")
    for build in (through_sqlite3, through_a_session):
        assert render(build(register_db.path, ReportParams()), fmt).decode("utf-8") == golden


def test_the_discipline_register_has_what_the_comparison_needs(discipline_db: Register) -> None:
    report = through_sqlite3(discipline_db.path, ReportParams())
    assert report.levels and report.totals.returns and report.corrections and report.extensions
    assert report.overdue and report.history is not None and report.history.seq > 0


def test_the_command_gives_the_same_bytes_on_both_paths(
    register_db: Register, cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 6, 15, 9, 30, tzinfo=UTC))
    copy = cli_env.parent / "copy.db"
    shutil.copy(register_db.path, copy)
    # A file: URI is left to SQLAlchemy (storage.direct.sqlite_path_of): the full path.
    urls = {"sqlite3": str(copy), "session": f"sqlite:///file:{copy}?mode=rw&uri=true"}
    for fmt in (*TEXT_FORMATS, "xlsx"):
        got = {}
        for way, url in urls.items():
            target = cli_env / f"{way}.{fmt}"
            assert run(["--db", url, "--lang", "ru", "report", "-o", str(target)]) == 0
            got[way] = target.read_bytes() if fmt != "xlsx" else target.name
            if fmt == "xlsx":
                book = openpyxl.load_workbook(target)
                got[way] = [list(s.iter_rows(values_only=True)) for s in book.worksheets]
        assert got["sqlite3"] == got["session"], fmt
    capsys.readouterr()


def test_an_older_register_is_upgraded_then_reported(cli_env: Path, capsys) -> None:
    from tests.schema import make_at

    path = cli_env.parent / "old.db"
    make_at(
        f"sqlite:///{path}",
        "0004",
        [
            "INSERT INTO person (id, full_name, name_folded, created_at)"
            " VALUES (1, 'Сандалов М.А.', 'сандалов м.а.', '2027-06-01 09:00:00.000000')",
            "INSERT INTO assignment (id, text, search_text, owner_id, due, original_due, status,"
            " priority, created_at, updated_at, version) VALUES (1, 'Проработать вопрос',"
            " 'проработать вопрос', 1, '2027-06-10', '2027-06-10', 'open', 'normal',"
            " '2027-06-01 09:00:00.000000', '2027-06-01 09:00:00.000000', 1)",
        ],
    )
    assert open_reader(path) is None  # not at the current schema: the full path upgrades it
    assert run(["--db", str(path), "report", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["totals"]["total"], data["totals"]["overdue"]) == (1, 1)
    assert [(o["id"], o["owner"], o["days_overdue"]) for o in data["overdue"]] == [
        (1, "Сандалов М.А.", 5)
    ]
    assert list(cli_env.parent.glob("old.db.backup-0004-*")), "the upgrade keeps a backup"
    upgraded = open_reader(path)
    assert upgraded is not None  # upgraded: the next report takes sqlite3
    upgraded.close()
