"""Reports and reminders count what is under review or in rework as still on control, and an
accepted report as done on the report's date (on time when reported by the deadline)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from taskboard.config import RemindSettings
from taskboard.domain import services
from taskboard.domain.queries import reader_of
from taskboard.reminders.selection import load_candidates
from taskboard.reports import ReportParams, build_report
from taskboard.storage.database import open_database
from tests.unit import factories as f

TODAY = date(2026, 11, 24)


def test_review_and_rework_are_open_and_overdue_and_acceptance_is_on_time_by_the_report(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "r.db")
    try:
        with db.write() as s:
            owner = f.person(s)
            late = f.assignment(s, owner, text="На приёмке", due=date(2026, 11, 20))
            services.submit(s, assignment_id=late, text="Отчёт", actor=f.ACTOR)
            rework = f.assignment(s, owner, text="На доработке", due=date(2026, 11, 25))
            services.submit(s, assignment_id=rework, text="Отчёт", actor=f.ACTOR)
            services.return_for_rework(s, assignment_id=rework, comment="Мало", actor=f.ACTOR)
            # Reported on the 19th, by its deadline of the 20th; accepted on the 24th.
            accepted = f.assignment(s, owner, text="Принято", due=date(2026, 11, 20))
            services.submit(
                s,
                assignment_id=accepted,
                text="Отчёт",
                actor=f.ACTOR,
                reported_on=date(2026, 11, 19),
            )
            services.accept(s, assignment_id=accepted, actor=f.ACTOR)
        with db.read() as s:
            report = build_report(
                reader_of(s),
                ReportParams(),
                today=TODAY,
                generated_at=datetime(2026, 11, 24, tzinfo=UTC),
            )
            candidates = load_candidates(s, today=TODAY, rules=RemindSettings())
    finally:
        db.dispose()
    counts = report.totals.to_json()
    assert (counts["total"], counts["open"], counts["overdue"]) == (3, 2, 1)
    assert (counts["done"], counts["done_on_time"], counts["done_late"]) == (1, 1, 0)
    assert [item.id for item in report.overdue] == [late]
    # Reminded like open ones: the overdue one and the one due tomorrow (within before_days).
    assert sorted(c.id for c in candidates) == [late, rework]
