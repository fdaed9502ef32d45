"""Deadline corrections in the report: counted and listed apart from extensions, a correction
taken back by undo left out, a standing assignment given a date reported without an original."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from taskboard.domain import clock, services, undo
from taskboard.domain.queries import reader_of
from taskboard.reports import ReportParams, build_report, render
from taskboard.storage.database import Database, open_database

from .conftest import ACTOR

TODAY = date(2027, 6, 15)


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """One owner; B1 corrected twice (the second taken back), B2 extended, B3 standing given a
    date that is now past."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    db = open_database(tmp_path / "small.db")
    with db.write() as s:
        owner = services.add_person(s, full_name="Сандалов Михаил", actor=ACTOR).id
        assert owner is not None
        for text, due in (
            ("Первое", date(2027, 6, 30)),
            ("Второе", date(2027, 6, 30)),
            ("Постоянное", None),
        ):
            services.add_assignment(
                s, text=text, owner_id=owner, actor=ACTOR, due=due, standing=due is None
            )

    def correct(assignment_id: int, due: date, reason: str) -> None:
        with db.write() as s:
            services.edit_assignment(
                s,
                assignment_id=assignment_id,
                changes=services.AssignmentUpdate(due=due, reason=reason),
                actor=ACTOR,
            )

    correct(1, date(2027, 7, 9), "Опечатка в протоколе")
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 6, 2, 9, 0, tzinfo=UTC))
    correct(1, date(2027, 7, 30), "Ошибочная правка")
    with db.write() as s:
        undo.undo_last(s, actor=ACTOR)  # the second correction taken back
    with db.write() as s:
        services.extend(
            s, assignment_id=2, new_due=date(2027, 7, 15), reason="Ждём ответа", actor=ACTOR
        )
    correct(3, date(2027, 6, 10), "Губернатор назначил срок")
    yield db
    db.dispose()


def _report(db: Database):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return build_report(
            reader_of(s), ReportParams(), today=TODAY, generated_at=datetime(2027, 6, 15)
        )


def test_a_correction_taken_back_by_undo_is_neither_counted_nor_listed(small, english) -> None:  # type: ignore[no-untyped-def]
    report = _report(small)
    assert [(c.assignment_id, c.new_due, c.reason) for c in report.corrections] == [
        (1, date(2027, 7, 9), "Опечатка в протоколе"),
        (3, date(2027, 6, 10), "Губернатор назначил срок"),
    ]
    assert (report.totals.corrections, report.totals.extensions) == (2, 1)
    [owner] = report.owners
    assert (owner.counts.corrections, owner.counts.extensions, owner.counts.extended) == (2, 1, 1)


def test_a_correction_from_standing_has_no_old_date_and_no_days(small, english) -> None:  # type: ignore[no-untyped-def]
    from_standing = _report(small).corrections[-1]
    assert (from_standing.old_due, from_standing.days, from_standing.overdue) == (
        None,
        None,
        True,
    )


def test_a_standing_assignment_given_a_past_date_is_overdue_with_no_original_deadline(
    small, english, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    report = _report(small)
    [overdue] = report.overdue
    assert (overdue.id, overdue.due, overdue.original_due, overdue.days_overdue) == (
        3,
        date(2027, 6, 10),
        None,
        5,
    )
    data = json.loads(render(report, "json"))
    assert data["overdue"][0]["original_due"] is None
    assert data["corrections"][1]["old_due"] is None and data["corrections"][1]["days"] is None
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode())))
    start = rows.index(["Overdue assignments"])
    assert rows[start + 2][6:8] == ["2027-06-10", ""]
    assert render(report, "md") and render(report, "html")
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    sheet = book["Corrected deadlines"]
    assert [c.value for c in sheet[6]][5:8] == [None, datetime(2027, 6, 10), None]


def test_the_russian_report_names_the_corrections(small, russian) -> None:  # type: ignore[no-untyped-def]
    report = _report(small)
    text = render(report, "md").decode()
    assert "| Исправления срока |" in text
    assert "## Исправления сроков" in text
    assert "исправлений срока: 2." in text
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames[-1] == "Исправления сроков"
