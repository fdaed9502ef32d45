"""The core's progress callbacks: a job tells ``(done, total)`` now and then, ending at total.

Exports, imports, reports and backups are run on the example register with a recording
callback; the faces' bars are tested in tests/cli/test_progress.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from taskboard import reports, snapshot
from taskboard.demo import load_demo
from taskboard.domain.models import Assignment, table_of
from taskboard.domain.queries import reader_of
from taskboard.importers import import_file
from taskboard.progress import UPDATES, Ticker
from taskboard.storage.backup import backup_database
from taskboard.storage.database import Database, open_database

TODAY = date(2026, 11, 24)


class Recorder:
    """An ``on_progress`` that keeps every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, done: int, total: int) -> None:
        self.calls.append((done, total))

    def check(self) -> tuple[int, int]:
        """The calls went forward from 0 to the total, which never changed; the last call."""
        assert self.calls, "never told"
        assert self.calls[0][0] == 0
        totals = {total for _done, total in self.calls}
        assert len(totals) == 1, totals
        dones = [done for done, _total in self.calls]
        assert dones == sorted(dones)
        assert all(0 <= done <= total for done, total in self.calls)
        assert self.calls[-1][0] == self.calls[-1][1]
        return self.calls[-1]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "demo.db")
    with database.write() as session:
        load_demo(session, actor="Тест")
    yield database
    database.dispose()


def _assignments(database: Database) -> int:
    with database.read() as session:
        a = table_of(Assignment)
        return int(session.connection().execute(select(func.count()).select_from(a)).scalar_one())


def test_a_ticker_calls_back_about_two_hundred_times_however_many_units_it_counts() -> None:
    seen = Recorder()
    ticker = Ticker(seen, 100_000)
    for _ in range(100_000):
        ticker.add()
    ticker.finish()
    assert seen.check() == (100_000, 100_000)
    assert len(seen.calls) <= UPDATES + 2


def test_a_ticker_without_a_callback_only_counts() -> None:
    ticker = Ticker(None, 10)
    ticker.add(3)
    assert ticker.done == 3


def test_a_ticker_over_a_few_units_tells_each_one() -> None:
    seen = Recorder()
    ticker = Ticker(seen, 3)
    assert list(ticker.counted("abc")) == ["a", "b", "c"]
    ticker.finish()
    assert seen.calls[:4] == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_counts_the_rows_it_reads_and_writes_the_same_bytes(
    demo: Database, fmt: str
) -> None:
    seen = Recorder()
    data = snapshot.export_bytes(demo, fmt, on_progress=seen)
    _done, total = seen.check()
    assert total >= _assignments(demo)
    if fmt == "csv":
        assert total == _assignments(demo)
        assert data == snapshot.export_bytes(demo, fmt)


def test_a_restore_counts_every_row_read_and_written(demo: Database, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_bytes(snapshot.export_bytes(demo, "json"))
    target = open_database(tmp_path / "restored.db")
    seen = Recorder()
    outcome = import_file(target, str(export), actor="Тест", today=TODAY, on_progress=seen)
    target.dispose()
    _done, total = seen.check()
    assert total == 2 * sum(
        outcome.restored[key] for key, _model in snapshot.SECTIONS if key in outcome.restored
    )


def test_a_table_import_counts_its_rows(demo: Database, tmp_path: Path) -> None:
    table = tmp_path / "rows.csv"
    table.write_text(
        "text,owner,due\n"
        + "".join(f"Подготовить справку {i},Сандалов,01.06.2027\n" for i in range(30)),
        encoding="utf-8",
    )
    seen = Recorder()
    outcome = import_file(demo, str(table), actor="Тест", today=TODAY, on_progress=seen)
    assert len(outcome.created) == 30
    assert seen.check() == (30, 30)


@pytest.mark.parametrize("fmt", reports.FORMATS)
def test_a_report_counts_its_steps_then_the_rows_it_writes(
    demo: Database, fmt: str, tmp_path: Path
) -> None:
    built_seen, written_seen = Recorder(), Recorder()
    with demo.read() as session:
        built = reports.build_report(
            reader_of(session), reports.ReportParams(), today=TODAY, on_progress=built_seen
        )
    assert built_seen.check() == (reports.model.BUILD_STEPS, reports.model.BUILD_STEPS)
    target = tmp_path / f"report.{fmt}"
    reports.write_report(built, fmt, target, on_progress=written_seen)
    written_seen.check()
    if fmt == "xlsx":
        assert openpyxl.load_workbook(target).sheetnames
    else:
        assert target.read_bytes() == reports.render(built, fmt)


def test_a_backup_counts_the_bytes_it_copies(demo: Database, tmp_path: Path) -> None:
    seen = Recorder()
    copy = backup_database(demo, tmp_path / "copy.db", on_progress=seen)
    seen.check()
    assert _assignments(open_database(copy)) == _assignments(demo)
