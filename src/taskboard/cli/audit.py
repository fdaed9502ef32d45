"""``taskboard audit verify``: check the hash chain of the history (domain/audit.py).

Exit codes: 0 the chain holds (and the ``--head`` given is in it), 1 it does not (the first
event changed, removed or inserted is named), 2 the command could not run (as every command).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from taskboard.cli import context, options
from taskboard.cli.common import check_format
from taskboard.domain.text import visible_line
from taskboard.errors import InvalidInput
from taskboard.i18n import _, ngettext

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from taskboard.domain.audit import Finding, Verdict

MIN_ANCHOR = 12
"""The fewest hex digits ``--head`` accepts (reports print 16 or all 64)."""
DESCRIBED_LENGTH = 60
"""How much of an event's description names it in a finding."""


def _anchor(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip().lower()
    if len(text) < MIN_ANCHOR or len(text) > 64 or any(c not in "0123456789abcdef" for c in text):
        raise InvalidInput(
            _(
                "--head takes the history hash a report or export printed: {fewest} to 64 "
                "hexadecimal digits, not «{value}»."
            ).format(fewest=MIN_ANCHOR, value=visible_line(value))
        )
    return text


def verify(
    ctx: typer.Context,
    head: Annotated[
        str | None,
        typer.Option(
            "--head",
            help=_(
                "The history hash a report or export printed: check that the state it came "
                "from is still the beginning of this history."
            ),
        ),
    ] = None,
    fmt: Annotated[str, options.output_format(("text", "json"))] = "text",
) -> None:
    """Recompute the history's hash chain from its first event and name the first event that
    was changed, removed or inserted."""
    from taskboard.domain import audit

    check_format(fmt, ("text", "json"))
    anchor = _anchor(head)
    appctx = context.get(ctx)
    database = appctx.database()
    with database.read() as session:
        # One snapshot for the walk and the head on PostgreSQL: a commit meanwhile must not
        # look like a truncated chain. (Asked before the session's first statement: once it
        # has a connection, its options are ignored with a warning.)
        snapshot = {}
        if session.get_bind().dialect.name == "postgresql":
            snapshot = {"isolation_level": "REPEATABLE READ"}
        connection = session.connection(execution_options=snapshot)
        verdict = audit.verify(connection, anchor=anchor)
        lines = [] if verdict.finding is None else [_finding_text(connection, verdict.finding)]
    sound = verdict.ok and (anchor is None or verdict.anchor_seq is not None)
    if fmt == "json":
        typer.echo(json.dumps(_as_json(verdict, anchor), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join([*lines, *_summary(verdict, anchor)]))
    if not sound:
        raise typer.Exit(1)


def _summary(verdict: Verdict, anchor: str | None) -> list[str]:
    lines: list[str] = []
    if verdict.ok:
        lines.append(
            ngettext(
                "The history holds: {count} event, each sealed to the one before it.",
                "The history holds: {count} events, each sealed to the one before it.",
                verdict.events,
            ).format(count=verdict.events)
        )
        lines.append(
            _("History head: place {seq}, {hash}").format(
                seq=verdict.head.seq, hash=verdict.head.hash
            )
        )
    else:
        lines.append(
            ngettext(
                "The {count} event before the break is intact (up to place {seq}, {hash}).",
                "The {count} events before the break are intact (up to place {seq}, {hash}).",
                verdict.events,
            ).format(count=verdict.events, seq=verdict.head.seq, hash=verdict.head.short)
        )
    if anchor is not None:
        if verdict.anchor_seq is None:
            lines.append(
                _(
                    "{hash} is not in this history: the report or export came from another "
                    "register, or the history was rewritten after it was made."
                ).format(hash=anchor)
            )
        else:
            later = verdict.head.seq - verdict.anchor_seq
            lines.append(
                ngettext(
                    "{hash} is the state after place {seq}; {later} event was recorded since.",
                    "{hash} is the state after place {seq}; {later} events were recorded since.",
                    later,
                ).format(hash=anchor, seq=verdict.anchor_seq, later=later)
            )
    return lines


def _described(connection: Connection, event_id: int) -> str:
    """«event 17 (01.12.2026 21:05, «edited» by Иванова)»: the event as a reader finds it."""
    from sqlalchemy import select

    from taskboard.domain import clock
    from taskboard.domain.models import EVENT_TABLE
    from taskboard.presentation import describe, format_moment

    ev = EVENT_TABLE
    row = connection.execute(
        select(
            ev.c.at,
            ev.c.kind,
            ev.c.actor,
            ev.c.assignment_id,
            ev.c.field,
            ev.c.old_value,
            ev.c.new_value,
            ev.c.reason,
        ).where(ev.c.id == event_id)
    ).one_or_none()
    if row is None:  # pragma: no cover - the row was just read
        return _("event {id}").format(id=event_id)
    what = describe(row.kind, row.field, row.old_value, row.new_value, {}, row.reason)
    if len(what) > DESCRIBED_LENGTH:
        what = what[: DESCRIBED_LENGTH - 1] + "…"
    text = _("event {id} ({moment}, {actor}: «{what}»").format(
        id=event_id,
        moment=format_moment(clock.local(row.at)),
        actor=row.actor,
        what=what,
    )
    if row.assignment_id is not None:
        text += _(", assignment id {id}").format(id=row.assignment_id)
    return visible_line(text + ")")


def _finding_text(connection: Connection, finding: Finding) -> str:
    from taskboard.domain.audit import Problem

    problem = finding.problem
    if problem is Problem.CHANGED and finding.event_id is not None:
        return _(
            "The history was changed at place {seq}: {event} no longer matches its seal "
            "(its content was edited, or an event just before it was removed or replaced)."
        ).format(seq=finding.seq, event=_described(connection, finding.event_id))
    if problem is Problem.REMOVED and finding.event_id is not None:
        return _(
            "Events were removed from the history: places {first}–{last} are missing, "
            "just before {event}."
        ).format(
            first=finding.expected_seq,
            last=(finding.seq or 0) - 1,
            event=_described(connection, finding.event_id),
        )
    if problem is Problem.INSERTED and finding.event_id is not None:
        if finding.seq is None:
            return _(
                "An event was inserted behind taskboard's back: {event} has no place in the "
                "history chain."
            ).format(event=_described(connection, finding.event_id))
        return _(
            "An event was inserted into the history: {event} takes place {seq}, which "
            "another event holds."
        ).format(event=_described(connection, finding.event_id), seq=finding.seq)
    if problem is Problem.TRUNCATED:
        return _(
            "The last events of the history were removed: it was sealed up to place {head}, "
            "but ends at place {last}."
        ).format(head=finding.expected_seq, last=(finding.seq or 1) - 1)
    return _(
        "The record of where the history ends is missing or does not match its last event "
        "(the audit_chain table was changed)."
    )


def _as_json(verdict: Verdict, anchor: str | None) -> dict[str, object]:
    finding = verdict.finding
    data: dict[str, object] = {
        "ok": verdict.ok,
        "events": verdict.events,
        "head": {"seq": verdict.head.seq, "hash": verdict.head.hash},
        "problem": None
        if finding is None
        else {
            "kind": str(finding.problem),
            "event_id": finding.event_id,
            "seq": finding.seq,
            "expected_seq": finding.expected_seq,
        },
    }
    if anchor is not None:
        data["anchor"] = {"hash": anchor, "seq": verdict.anchor_seq}
    return data


def register(app: typer.Typer) -> None:
    """Add the ``audit`` group to ``app`` (help texts in the current language)."""
    audit_app = typer.Typer(help=_("The tamper-evident history."), no_args_is_help=True)
    audit_app.command(
        "verify",
        help=_(
            "Check the history's hash chain; name the first event changed, removed or inserted."
        ),
    )(verify)
    app.add_typer(audit_app, name="audit")
