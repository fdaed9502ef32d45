"""JSON renderer: the whole model under stable field names (docs/reports.md lists them)."""

from __future__ import annotations

from typing import Any

from taskboard.progress import OnProgress, Ticker
from taskboard.reports.model import SCHEMA_VERSION, Report
from taskboard.reports.tables import definitions, row_count


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def report_to_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON data (dates ISO, shares as fractions 0..1)."""
    params = report.params
    return {
        "schema": SCHEMA_VERSION,
        "generated_at": report.generated_at.isoformat(),
        "today": report.today.isoformat(),
        "history": None
        if report.history is None
        else {"seq": report.history.seq, "hash": report.history.hash},
        "period": {"from": _iso(params.date_from), "to": _iso(params.date_to)},
        "filters": {
            "meeting_id": params.meeting_id,
            "meeting": report.meeting_title,
            "owner_id": params.owner_id,
            "owner": report.owner_name,
        },
        "totals": report.totals.to_json(),
        "by_owner": [
            {"owner_id": s.owner_id, "owner": s.owner, **s.counts.to_json()} for s in report.owners
        ],
        "by_organisation": [
            {
                "rank": s.rank,
                "organisation": s.organisation,
                "owners": s.owners,
                **s.counts.to_json(),
            }
            for s in report.organisations
        ],
        "by_control_level": [{"level": s.level, **s.counts.to_json()} for s in report.levels],
        "by_meeting": [
            {
                "meeting_id": s.meeting_id,
                "meeting": s.title,
                "date": _iso(s.date),
                **s.counts.to_json(),
            }
            for s in report.meetings
        ],
        "overdue": [
            {
                "id": o.id,
                "number": o.number,
                "text": o.text,
                "owner": o.owner,
                "co_executors": o.co_executors,
                "due": o.due.isoformat(),
                "original_due": _iso(o.original_due),
                "days_overdue": o.days_overdue,
                "status": o.status,
                "extensions": o.extensions,
                "meeting_id": o.meeting_id,
                "meeting": o.meeting,
                "control_level": o.control_level,
            }
            for o in report.overdue
        ],
        "extensions": [
            {
                "assignment_id": e.assignment_id,
                "number": e.number,
                "text": e.text,
                "owner": e.owner,
                "meeting_id": e.meeting_id,
                "meeting": e.meeting,
                "granted_on": e.granted_on.isoformat(),
                "actor": e.actor,
                "old_due": e.old_due.isoformat(),
                "new_due": e.new_due.isoformat(),
                "days": e.days,
                "reason": e.reason,
                "status": e.status,
                "overdue": e.overdue,
            }
            for e in report.extensions
        ],
        "corrections": [
            {
                "assignment_id": c.assignment_id,
                "number": c.number,
                "text": c.text,
                "owner": c.owner,
                "meeting_id": c.meeting_id,
                "meeting": c.meeting,
                "corrected_on": c.corrected_on.isoformat(),
                "actor": c.actor,
                "old_due": _iso(c.old_due),
                "new_due": _iso(c.new_due),
                "days": c.days,
                "reason": c.reason,
                "status": c.status,
                "overdue": c.overdue,
            }
            for c in report.corrections
        ],
        "definitions": definitions(),
    }


def render_json(report: Report, *, on_progress: OnProgress | None = None) -> bytes:
    """The report as indented UTF-8 JSON (orjson: 100,000 assignments in ~50 ms).

    ``on_progress`` is told the rows written (all at once: there is no table to count by).
    """
    import orjson

    ticker = Ticker(on_progress, row_count(report))
    data = orjson.dumps(report_to_json(report), option=orjson.OPT_INDENT_2) + b"\n"
    ticker.finish()
    return data
