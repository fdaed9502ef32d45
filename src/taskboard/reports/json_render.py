"""JSON renderer: the whole model under stable field names (docs/reports.md lists them)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO

from taskboard.progress import OnProgress, Ticker
from taskboard.reports.model import (
    SCHEMA_VERSION,
    CorrectionItem,
    ExtensionItem,
    OverdueItem,
    Report,
)
from taskboard.reports.tables import definitions, row_count

CHUNK = 2000
"""Items of a long list dumped together."""


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def report_to_json(report: Report, *, lists: bool = True) -> dict[str, Any]:
    """The report as plain JSON data (dates ISO, shares as fractions 0..1); without
    ``lists``, the overdue, extensions and corrections keys hold None (:func:`write_json`
    writes them a part at a time)."""
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
        "overdue": [overdue_json(o) for o in report.overdue] if lists else None,
        "extensions": [extension_json(e) for e in report.extensions] if lists else None,
        "corrections": [correction_json(c) for c in report.corrections] if lists else None,
        "definitions": definitions(),
    }


def overdue_json(o: OverdueItem) -> dict[str, Any]:
    """One overdue assignment under its JSON names."""
    return {
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


def extension_json(e: ExtensionItem) -> dict[str, Any]:
    """One deadline extension under its JSON names."""
    return {
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


def correction_json(c: CorrectionItem) -> dict[str, Any]:
    """One deadline correction under its JSON names."""
    return {
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


def render_json(report: Report, *, on_progress: OnProgress | None = None) -> bytes:
    """The report as indented UTF-8 JSON (orjson: 100,000 assignments in ~50 ms).

    ``on_progress`` is told the rows written.
    """
    out = io.BytesIO()
    write_json(report, out, on_progress=on_progress)
    return out.getvalue()


def write_json(report: Report, out: BinaryIO, *, on_progress: OnProgress | None = None) -> None:
    """Write the report as JSON to ``out``: the bytes of ``orjson.dumps(report_to_json(…),
    option=OPT_INDENT_2)`` and a newline, with the long lists (overdue, extensions,
    corrections) dumped :data:`CHUNK` items at a time and never whole in memory."""
    import orjson

    ticker = Ticker(on_progress, row_count(report))
    small = report_to_json(report, lists=False)
    lists: dict[str, tuple[Sequence[Any], Callable[[Any], dict[str, Any]]]] = {
        "overdue": (report.overdue, overdue_json),
        "extensions": (report.extensions, extension_json),
        "corrections": (report.corrections, correction_json),
    }
    out.write(b"{")
    first = True
    for key, value in small.items():
        out.write(b"\n  " if first else b",\n  ")
        first = False
        out.write(orjson.dumps(key) + b": ")
        if key in lists:
            items, to_json = lists[key]
            _write_list(out, items, to_json, ticker)
        else:
            # A value dumped alone, its lines moved in by its depth: as in the whole document.
            out.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).replace(b"\n", b"\n  "))
    out.write(b"\n}\n")
    ticker.finish()


def _write_list(
    out: BinaryIO,
    items: Sequence[Any],
    to_json: Callable[[Any], dict[str, Any]],
    ticker: Ticker,
) -> None:
    """``items`` as the JSON array under a key of the top object, CHUNK items at a time."""
    import orjson

    if not items:
        out.write(b"[]")
        return
    out.write(b"[")
    for start in range(0, len(items), CHUNK):
        chunk = [to_json(item) for item in items[start : start + CHUNK]]
        dumped = orjson.dumps(chunk, option=orjson.OPT_INDENT_2)
        # "[\n  {…},\n  {…}\n]": the middle, every line moved in two more spaces (a
        # string holds no raw newline: JSON escapes it).
        middle = dumped[1:-2].replace(b"\n", b"\n  ")
        out.write(middle if start == 0 else b"," + middle)
        ticker.add(len(chunk))
    out.write(b"\n  ]")
