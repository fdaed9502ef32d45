"""Commands on assignments: add, list, show, start, done, reopen, cancel, extend, note, edit,
undo.

Each command is a module-level function registered by :func:`register`; what a user typed
goes to the domain through :mod:`taskboard.domain.intake`, never parsed or resolved here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from taskboard.cli import context, options
from taskboard.cli.common import assignment_label_of, check_format, person_id
from taskboard.cli.context import AppContext
from taskboard.cli.output import (
    FORMATS,
    JSON_BATCH,
    Column,
    created,
    emit,
    info,
    json_pieces,
    warning_line,
    write_json_array,
    write_json_pieces,
)
from taskboard.errors import InvalidInput
from taskboard.i18n import _
from taskboard.presentation import (
    Tone,
    control_level_label,
    days_phrase,
    format_date,
    status_phrase,
    tone,
)

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from taskboard.domain.intake import NewAssignment
    from taskboard.domain.listing import TableRow
    from taskboard.domain.queries import AssignmentRow
    from taskboard.storage.direct import Reader


def days_cell(row: AssignmentRow | TableRow) -> str:
    """Days left, or days overdue, as staff read it."""
    return days_phrase(row.days_left, row.status)


def status_cell(row: AssignmentRow | TableRow) -> str:
    """The status in the current language, «overdue» or «at risk» added when it is."""
    return status_phrase(row.status, row.overdue, at_risk=row.at_risk)


ROW_STYLES = {Tone.OVERDUE: "red", Tone.DUE_SOON: "yellow", Tone.CLOSED: "dim", Tone.PLAIN: ""}
"""How the terminal shows each tone of :func:`taskboard.presentation.tone`."""


def row_style(row: AssignmentRow | TableRow) -> str:
    """Overdue rows red, due-soon yellow, closed ones dim."""
    return ROW_STYLES[tone(row.status, overdue=row.overdue, due_soon=row.due_soon)]


def _memo(cell: Callable[[Any], str], *fields: str) -> Any:
    """``cell``, computed once per distinct value of the row's ``fields`` (a listing has
    few deadlines and states)."""
    key = attrgetter(*fields)
    cache: dict[Any, str] = {}

    def cached(row: Any) -> str:
        k = key(row)
        found = cache.get(k)
        if found is None:
            found = cache[k] = cell(row)
        return found

    return cached


def assignment_columns(levels: Mapping[str, str] | None = None) -> list[Column]:
    """The columns of ``list`` (the JSON and CSV keys are those of docs/product.md §3);
    ``levels``: the configured control levels' labels."""
    due_cell = _memo(lambda r: format_date(r.due), "due")
    days = _memo(days_cell, "days_left", "status")
    status = _memo(status_cell, "status", "overdue", "at_risk")
    return [
        Column("id", _("ID"), lambda r: r.id, justify="right", no_wrap=True),
        Column("number", _("No."), lambda r: r.number, no_wrap=True),
        Column("text", _("Assignment"), lambda r: r.text, max_width=60),
        Column("owner", _("Owner"), lambda r: r.owner, max_width=28),
        Column("co_executors", _("Co-executors"), lambda r: r.co_executors, max_width=28),
        Column("due", _("Deadline"), lambda r: r.due, due_cell, no_wrap=True),
        Column("days_left", _("Days"), lambda r: r.days_left, days),
        Column("status", _("Status"), lambda r: r.status, status),
        Column("overdue", _("Overdue"), lambda r: r.overdue),
        Column("meeting_id", _("Meeting"), lambda r: r.meeting_id),
        Column("extensions", _("Ext."), lambda r: r.extensions, justify="right"),
        Column("tags", _("Tags"), lambda r: r.tags),
        Column("priority", _("Priority"), lambda r: r.priority),
        Column(
            "control_level",
            _("Control level"),
            lambda r: r.control_level,
            lambda r: control_level_label(r.control_level, levels),
        ),
        Column("at_risk", _("At risk"), lambda r: r.at_risk),
    ]


TABLE_KEYS = ("id", "number", "text", "owner", "due", "days_left", "status", "extensions")


def print_assignments(
    rows: Sequence[AssignmentRow | TableRow], fmt: str, levels: Mapping[str, str] | None = None
) -> None:
    """Print assignment rows in ``fmt`` (:class:`TableRow` ones: only as a table); ``levels``:
    the configured control levels' labels."""
    if fmt == "json":
        # AssignmentRow's fields are the JSON keys: orjson writes the dataclasses directly.
        write_json_array(rows)
        return
    columns = assignment_columns(levels)
    if fmt == "table":
        columns = [c for c in columns if c.key in TABLE_KEYS]
    emit(
        rows,
        columns,
        fmt,
        to_json=lambda row: row.to_json(),
        row_style=row_style,
        empty=_("No assignments match."),
    )


def open_default_view(app: AppContext) -> None:
    """``taskboard`` with no command: the TUI."""
    from taskboard.cli.tui_launch import launch

    launch(app)


def add(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(help=_("What must be done; with --quick, the whole quick line.")),
    ],
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help=_("Responsible executor: name, prefix or id (with --quick: from the line)."),
        ),
    ] = None,
    due: Annotated[
        str | None,
        typer.Option(
            "--due",
            help=_(
                "Deadline (2027-06-01, 01.06.2027, «1 июня», «в июне», +2w, срочно…); "
                "default: one month from the meeting."
            ),
        ),
    ] = None,
    meeting: Annotated[int | None, options.meeting_id()] = None,
    number: Annotated[
        str | None, typer.Option("--number", help=_("Item number in the meeting's protocol."))
    ] = None,
    co: Annotated[
        list[str] | None, typer.Option("--co", help=_("Co-executor (repeatable)."))
    ] = None,
    controller: Annotated[
        str | None, typer.Option("--controller", help=_("Staff member who controls it."))
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help=_("Who gave it (default: the chair)."))
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help=_("Tag (repeatable)."))] = None,
    priority: Annotated[str, options.priority()] = "normal",
    repeat: Annotated[
        str | None,
        typer.Option(
            "--repeat", help=_("Recurrence: «monthly by the 5th», «ежемесячно до 5 числа»…")
        ),
    ] = None,
    level: Annotated[
        str | None,
        options.control_level(
            help=_("Control level: governor, deputy, head or a configured one (key or label).")
        ),
    ] = None,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            help=_(
                "The text is one line of plain Russian: «Сандалову до 1 июня подготовить … "
                "#тег» gives the owner, deadline, tags and text (options given win)."
            ),
        ),
    ] = False,
    dry_run: Annotated[
        bool, options.dry_run(help=_("Show what would be recorded; save nothing."))
    ] = False,
) -> None:
    """Record a new assignment; print its id on stdout."""
    from taskboard.domain import intake

    appctx = context.get(ctx)
    given: dict[str, Any] = {
        "owner": owner,
        "due": due,
        "meeting_id": meeting,
        "number": number,
        "co_executors": co,
        "controller": controller,
        "author": author,
        "tags": tag,
        "priority": priority,
        "recurrence": repeat,
        "control_level": level,
    }
    given = {key: value for key, value in given.items() if value is not None}
    if quick:
        _add_quick(appctx, text, given, dry_run=dry_run)
        return
    if owner is None:
        raise InvalidInput(
            _(
                "Missing option --owner (the responsible executor); or write the whole line "
                "with --quick («Сандалову до 1 июня подготовить …»)."
            )
        )
    data = intake.AssignmentInput(text=text, **given)
    database = appctx.database()
    with database.read() if dry_run else database.write() as session:
        reader = intake.Intake(
            session,
            today=appctx.today,
            deadline_mode=appctx.deadline_mode,
            control=appctx.settings.control,
        )
        new = reader.new_assignment(data)
        notes = _deadline_notes(appctx, due, new.meeting_id, session)
        if dry_run:
            base = reader.meeting(meeting).date if meeting is not None else appctx.today
            _print_understood(appctx, new, base=base, due_text=due or "")
        else:
            assignment = intake.record(session, new, actor=appctx.actor)
            new_id, new_due = assignment.id, assignment.due
            label = assignment_label_of(session, assignment.id or 0)
    if dry_run:
        info(_("Dry run: nothing was saved."))
    else:
        _confirm_created(new_id, label, new_due)
    for line in notes:
        info(line)


def _add_quick(appctx: AppContext, line: str, given: dict[str, Any], *, dry_run: bool) -> None:
    """``add --quick``: read the line, say what it was understood to say, record it."""
    from taskboard.importers import quick

    database = appctx.database()
    with database.read() if dry_run else database.write() as session:
        plan = quick.prepare(
            session,
            line,
            actor=appctx.actor,
            today=appctx.today,
            mode=appctx.deadline_mode,
            given=given,
        )
        notes = _deadline_notes(appctx, plan.due_text or None, plan.new.meeting_id, session)
        if not dry_run:
            assignment = quick.save(session, plan, actor=appctx.actor)
            new_id, new_due = assignment.id, assignment.due
            label = assignment_label_of(session, assignment.id or 0)
    for item in quick.understood(plan, mode=appctx.deadline_mode):
        info(f"{item.label}: {item.value}")
    if dry_run:
        info(_("Dry run: nothing was saved."))
    else:
        _confirm_created(new_id, label, new_due)
    for note in notes:
        info(note)


def _print_understood(appctx: AppContext, new: NewAssignment, *, base: date, due_text: str) -> None:
    from taskboard.importers.quick import summary

    for item in summary(new, base=base, due_text=due_text, mode=appctx.deadline_mode):
        info(f"{item.label}: {item.value}")


def _shown_due(due: date | None) -> str:
    """A deadline in a confirmation: the date, or «standing»."""
    return format_date(due) if due is not None else _("standing")


def _confirm_created(new_id: int | None, label: str, due: date | None) -> None:
    assert new_id is not None
    created(
        new_id,
        _("{assignment} recorded (id {id}), deadline {due}.").format(
            assignment=label, id=new_id, due=_shown_due(due)
        ),
    )


def _deadline_notes(
    appctx: context.AppContext, due: str | None, meeting_id: int | None, session: Session
) -> list[str]:
    """Warnings about a typed deadline: moved off a holiday, in the past, years ahead."""
    if due is None:
        return []
    from taskboard.domain import dates, services

    base = services.get_meeting(session, meeting_id).date if meeting_id is not None else None
    return dates.deadline_notes(due, today=appctx.today, base=base, mode=appctx.deadline_mode)


def list_(
    ctx: typer.Context,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help=_(
                "open, in_progress, review, rework, done, cancelled, active (default: every "
                "one on control), closed or all."
            ),
        ),
    ] = "active",
    overdue: Annotated[bool, typer.Option("--overdue", help=_("Only overdue ones."))] = False,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", help=_("Only those due within DAYS (overdue included).")),
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=_("Owner."))] = None,
    controller: Annotated[str | None, typer.Option("--controller", help=_("Controller."))] = None,
    meeting: Annotated[int | None, options.meeting_id()] = None,
    tag: Annotated[str | None, typer.Option("--tag", help=_("Tag."))] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", help=_("Words to find in the number, text or owner.")),
    ] = None,
    requested: Annotated[
        bool,
        typer.Option("--requested", help=_("Only those with a pending extension request.")),
    ] = False,
    level: Annotated[
        str | None, options.control_level(help=_("Only those on control at this level."))
    ] = None,
    at_risk: Annotated[
        bool,
        typer.Option(
            "--at-risk",
            help=_(
                "Only those at risk: no note or report for a while and the deadline near "
                "([control] in the config)."
            ),
        ),
    ] = False,
    sort: Annotated[str, typer.Option("--sort", help="due|id|owner|meeting")] = "due",
    fmt: Annotated[str, options.output_format()] = "table",
) -> None:
    """List assignments (those on control by default)."""
    from taskboard.domain import listing
    from taskboard.domain.control import AtRiskRule, parse_level

    check_format(fmt, FORMATS)
    appctx = context.get(ctx)
    rule = AtRiskRule.of(appctx.settings.control)
    flt = listing.AssignmentFilter(
        status=status,
        overdue=overdue,
        due_within=due_within,
        meeting_id=meeting,
        tag=tag,
        search=search,
        requested=requested,
        level=parse_level(level, appctx.settings.control) if level is not None else None,
        at_risk=rule if at_risk else None,
        sort=sort,
    )
    today, soon = appctx.today, appctx.settings.due_soon_days

    def job(reader: Reader) -> Sequence[AssignmentRow | TableRow] | list[bytes]:
        # A name to resolve («--owner санд») is matched in the same snapshot as the rows.
        flt.owner_id = person_id(reader, owner)
        flt.controller_id = person_id(reader, controller)
        if fmt == "table":
            # Only the table's columns: 50,000 rows read in a third of the time.
            return listing.table_rows(reader, flt, today=today, due_soon_days=soon, risk=rule)
        if fmt == "json":
            # Encoded a batch at a time as read: the rows go as soon as their batch is
            # encoded (written once the whole listing is read, so a fallback to the full
            # path never follows half a list on standard output).
            return json_pieces(
                listing.row_batches(
                    reader, flt, today=today, due_soon_days=soon, risk=rule, size=JSON_BATCH
                )
            )
        return listing.rows(reader, flt, today=today, due_soon_days=soon, risk=rule)

    found = appctx.read(job)
    if fmt == "json":
        write_json_pieces(cast("list[bytes]", found))
        return
    print_assignments(
        cast("Sequence[AssignmentRow | TableRow]", found), fmt, appctx.settings.control.levels
    )


def show(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    fmt: Annotated[str, options.output_format(("table", "json"))] = "table",
) -> None:
    """Everything about one assignment: notes, extensions, history."""
    from taskboard.cli.show_view import print_detail
    from taskboard.domain import detail
    from taskboard.domain.control import AtRiskRule

    check_format(fmt, ("table", "json"))
    appctx = context.get(ctx)
    today, soon = appctx.today, appctx.settings.due_soon_days
    rule = AtRiskRule.of(appctx.settings.control)
    found = appctx.read(
        lambda reader: detail.of(reader, assignment_id, today=today, due_soon_days=soon, risk=rule)
    )
    print_detail(found, fmt, appctx.settings.control.levels)


def _change(ctx: typer.Context, assignment_id: int, action: str, **kwargs: object) -> str:
    """Run the service ``action`` on one assignment in a write transaction; its label back."""
    from taskboard.domain import services

    appctx = context.get(ctx)

    def job(session: Session) -> str:
        change = getattr(services, action)
        change(session, assignment_id=assignment_id, actor=appctx.actor, **kwargs)
        return assignment_label_of(session, assignment_id)

    return appctx.database().transact(job)


def start(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Take an assignment into work (in progress)."""
    label = _change(ctx, assignment_id, "start", expected_version=if_version)
    info(_("{assignment} is in progress.").format(assignment=label))


def done(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    note: Annotated[str | None, typer.Option("--note", help=_("Closing note."))] = None,
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Mark an assignment done, with an optional closing note."""
    label = _change(ctx, assignment_id, "done", note=note, expected_version=if_version)
    info(_("{assignment} is done.").format(assignment=label))


def reopen(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Bring a done or cancelled assignment back to open."""
    label = _change(ctx, assignment_id, "reopen", expected_version=if_version)
    info(_("{assignment} is open again.").format(assignment=label))


def cancel(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    reason: Annotated[str, typer.Option("--reason", help=_("Why it is taken off control."))],
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Take an assignment off control (the reason is required)."""
    label = _change(ctx, assignment_id, "cancel", reason=reason, expected_version=if_version)
    info(_("{assignment} is taken off control.").format(assignment=label))


def extend(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    to: Annotated[str, typer.Option("--to", help=_("The new deadline."))],
    reason: Annotated[str, typer.Option("--reason", help=_("Why the deadline moves."))],
    request: Annotated[
        bool,
        typer.Option(
            "--request",
            help=_(
                "Only request the extension: the deadline stays until the request is granted "
                "(grant ID) or refused (refuse ID --reason TEXT)."
            ),
        ),
    ] = False,
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Move the deadline (the reason is required), or request the move with --request."""
    from taskboard.domain import requests, services
    from taskboard.domain.intake import Intake

    appctx = context.get(ctx)
    limit = appctx.settings.control.extension_limit

    def job(session: Session) -> tuple[date, list[str], str, str | None]:
        new_due = Intake(session, today=appctx.today, deadline_mode=appctx.deadline_mode).deadline(
            to
        )
        change = requests.request_extension if request else services.extend
        change(
            session,
            assignment_id=assignment_id,
            new_due=new_due,
            reason=reason,
            actor=appctx.actor,
            expected_version=if_version,
        )
        return (
            new_due,
            _deadline_notes(appctx, to, None, session),
            assignment_label_of(session, assignment_id),
            None if request else requests.limit_warning(session, assignment_id, limit),
        )

    new_due, notes, label, warning = appctx.database().transact(job)
    for line in notes:
        info(line)
    if request:
        info(
            _(
                "{assignment}: extension to {due} requested; the deadline stays until the "
                "request is granted or refused."
            ).format(assignment=label, due=format_date(new_due))
        )
        return
    info(
        _("Deadline of {assignment} moved to {due}.").format(
            assignment=label, due=format_date(new_due)
        )
    )
    if warning:
        warning_line(warning)


def note(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    text: Annotated[str, typer.Argument(help=_("The note."))],
) -> None:
    """Add a progress note (ход исполнения)."""
    label = _change(ctx, assignment_id, "add_note", text=text)
    info(_("Note added to {assignment}.").format(assignment=label))


def edit(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    text: Annotated[str | None, typer.Option("--text", help=_("New text."))] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=_("New owner."))] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help=_("Corrected deadline (not an extension); needs --reason.")),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help=_(
                "Why the deadline is corrected (required with a new --due; recorded in the "
                "history and counted in reports)."
            ),
        ),
    ] = None,
    co: Annotated[
        list[str] | None,
        typer.Option("--co", help=_("Co-executors (repeatable; replaces the list).")),
    ] = None,
    no_co: Annotated[bool, typer.Option("--no-co", help=_("Remove every co-executor."))] = False,
    controller: Annotated[
        str | None, typer.Option("--controller", help=_("New controller."))
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help=_("Tags (repeatable; replaces the list)."))
    ] = None,
    no_tags: Annotated[bool, typer.Option("--no-tags", help=_("Remove every tag."))] = False,
    priority: Annotated[str | None, options.priority()] = None,
    number: Annotated[str | None, typer.Option("--number", help=_("Item number."))] = None,
    repeat: Annotated[
        str | None, typer.Option("--repeat", help=_("Recurrence rule; «none» removes it."))
    ] = None,
    level: Annotated[
        str | None,
        options.control_level(help=_("Control level (key or label); «none» removes it.")),
    ] = None,
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Change an assignment's text, people, deadline, tags or priority; a new deadline is a
    deadline correction and needs --reason."""
    from taskboard.domain import intake, services
    from taskboard.domain.dates import is_standing as dates_is_standing

    given: dict[str, Any] = {
        "text": text,
        "owner": owner,
        "due": due,
        "reason": reason,
        "controller": controller,
        "priority": priority,
        "number": number,
        "recurrence": repeat,
        "control_level": level,
    }
    changes = intake.AssignmentChanges(**{k: v for k, v in given.items() if v is not None})
    if co is not None or no_co:
        changes.co_executors = co or []
    if tag is not None or no_tags:
        changes.tags = tag or []
    appctx = context.get(ctx)

    def job(session: Session) -> tuple[date | None, date | None, bool, list[str], str]:
        before = services.for_change(session, assignment_id)
        old_due, old_version = before.due, before.version
        assignment = intake.edit_assignment(
            session,
            assignment_id,
            changes,
            actor=appctx.actor,
            today=appctx.today,
            deadline_mode=appctx.deadline_mode,
            expected_version=if_version,
            control=appctx.settings.control,
        )
        notes = (
            []
            if due is None or dates_is_standing(due)
            else _deadline_notes(appctx, due, None, session)
        )
        changed = assignment.version != old_version
        return old_due, assignment.due, changed, notes, assignment_label_of(session, assignment_id)

    old_due, new_due, changed, notes, label = appctx.database().transact(job)
    if not changed:
        info(_("Nothing to change; assignment {id} is as given.").format(id=assignment_id))
        return
    for line in notes:
        info(line)
    if new_due != old_due:
        info(
            _("{assignment} updated; its deadline corrected: {old} → {new}.").format(
                assignment=label, old=_shown_due(old_due), new=_shown_due(new_due)
            )
        )
    else:
        info(_("Assignment {id} updated.").format(id=assignment_id))


def undo(ctx: typer.Context) -> None:
    """Take back your last change to an assignment; again: the one before (no redo)."""
    from taskboard.domain.undo import undo_last

    appctx = context.get(ctx)
    undone = appctx.database().transact(lambda session: undo_last(session, actor=appctx.actor))
    info(undone.message)


def register(app: typer.Typer) -> None:
    """Add the assignment commands to ``app`` (help texts in the current language)."""
    app.command("add", help=_("Record a new assignment; prints its id."))(add)
    app.command("list", help=_("List assignments (those on control by default)."))(list_)
    app.command("show", help=_("Everything about one assignment: notes, extensions, history."))(
        show
    )
    app.command("start", help=_("Take an assignment into work (in progress)."))(start)
    app.command("done", help=_("Mark an assignment done, with an optional closing note."))(done)
    app.command("reopen", help=_("Bring a done or cancelled assignment back to open."))(reopen)
    app.command("cancel", help=_("Take an assignment off control (the reason is required)."))(
        cancel
    )
    app.command(
        "extend",
        help=_("Move the deadline (the reason is required), or request the move with --request."),
    )(extend)
    app.command("note", help=_("Add a progress note (ход исполнения)."))(note)
    app.command(
        "edit",
        help=_(
            "Change an assignment's text, people, deadline, tags or priority "
            "(a new deadline needs --reason)."
        ),
    )(edit)
    app.command(
        "undo", help=_("Take back your last change to an assignment (again: the one before).")
    )(undo)
