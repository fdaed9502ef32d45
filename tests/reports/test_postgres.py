"""The same report on PostgreSQL: the aggregate SQL gives the same numbers as on SQLite."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from taskboard import i18n
from taskboard.domain.queries import reader_of
from taskboard.reports import ReportParams, build_report, render
from taskboard.storage.database import open_database

from .conftest import GENERATED_AT, TODAY, _build

pytestmark = pytest.mark.postgres

GOLDEN = Path(__file__).parent / "golden"


def test_report_on_postgresql_matches_the_hand_counted_register(pg_url: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        register = _build(pg_url, mp)  # type: ignore[arg-type]
    db = open_database(pg_url)
    try:
        with db.read() as session:
            report = build_report(
                reader_of(session), ReportParams(), today=TODAY, generated_at=GENERATED_AT
            )
            may = build_report(
                reader_of(session),
                ReportParams(date_from=date(2027, 5, 1), date_to=date(2027, 5, 31)),
                today=TODAY,
                generated_at=GENERATED_AT,
            )
    finally:
        db.dispose()
    assert report.totals.to_json() == {
        "total": 10,
        "done": 5,
        "done_on_time": 3,
        "done_late": 2,
        "cancelled": 1,
        "open": 4,
        "overdue": 2,
        "extensions": 2,
        "extended": 2,
        "corrections": 1,
        "reopened": 2,
        "on_time_original": 2,
        "due_original": 7,
        "returns": 0,
        "closed_ever": 7,
        "delay_days": 21,
        "on_time_share": 0.6,
        "on_time_share_original": 0.2857,
        "on_time_share_final": 0.4286,
        "reopened_share": 0.2857,
        "average_delay": 5.25,
    }
    assert [s.owner_id for s in report.owners] == [register.ids[k] for k in ("P1", "P2", "P3")]
    assert [s.meeting_id for s in report.meetings] == [register.ids["M1"], register.ids["M2"], None]
    assert [(o.id, o.days_overdue, o.co_executors) for o in report.overdue] == [
        (register.ids["A4"], 14, ["Иванова Елена Петровна"]),
        (register.ids["A5"], 5, []),
    ]
    assert [e.reason for e in report.extensions] == [
        "Ждём ответа белорусской стороны",
        "Перенос даты поездки",
    ]
    assert [(c.assignment_id, c.reason) for c in report.corrections] == [
        (register.ids["A10"], "В протоколе срок 22 июля, при вводе ошибка")
    ]
    assert (may.totals.total, may.totals.done_late, may.totals.cancelled) == (4, 2, 1)
    assert render(report, "html") and render(report, "xlsx")  # every renderer works on it


@pytest.mark.parametrize("language", ["ru", "en"])
def test_report_on_postgresql_is_the_one_sqlite_gives(pg_url: str, language: str) -> None:
    """The same SQL on psycopg: every text format is byte for byte the SQLite golden file."""
    with pytest.MonkeyPatch.context() as mp:
        _build(pg_url, mp)  # type: ignore[arg-type]
    db = open_database(pg_url)
    previous = i18n.get_language()
    i18n.set_language(language)
    try:
        with db.read() as session:
            report = build_report(
                reader_of(session), ReportParams(), today=TODAY, generated_at=GENERATED_AT
            )
        name = "report" if language == "en" else f"report.{language}"
        for fmt in ("md", "csv", "json", "html"):
            golden = (GOLDEN / f"{name}.{fmt}").read_bytes().decode("utf-8")
            assert render(report, fmt).decode("utf-8") == golden, fmt
    finally:
        i18n.set_language(previous)
        db.dispose()
