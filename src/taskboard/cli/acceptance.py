"""Commands of the acceptance loop: submit (the owner's report is in), accept, return; and
the co-executors' parts (``part``: a sub-deadline; ``submit --by``: a part's report).

An owner's report puts an assignment under review (на приёмке); the controller accepts it
(done as of the report's date; or in part, the rest kept on control as a new linked
assignment) or returns it for rework (на доработке) with a comment, optionally with a new
deadline that counts as an extension. Thin, like every command: what
was typed goes through :mod:`taskboard.domain.intake`, the change through the services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from taskboard.cli import context, options
from taskboard.cli.common import assignment_label_of
from taskboard.cli.output import created, info, warning_line
from taskboard.errors import InvalidInput
from taskboard.i18n import _
from taskboard.presentation import format_date

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from taskboard.domain.models import Assignment


def submit(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    text: Annotated[str, typer.Argument(help=_("What the owner reports as done."))],
    day: Annotated[
        str | None,
        typer.Option("--date", help=_("The report's date (today when not given).")),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", help=_("The document or file that holds the report.")),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help=_(
                "A co-executor's report on their own part (the status stays; only the owner's "
                "report puts the assignment under review)."
            ),
        ),
    ] = None,
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Record the owner's report on execution: the assignment goes under review."""
    from taskboard.domain import parts, services
    from taskboard.domain.intake import Intake

    appctx = context.get(ctx)

    def job(session: Session) -> tuple[date, str, str | None]:
        intake = Intake(session, today=appctx.today)
        reported_on = intake.report_date(day) if day is not None else None
        person_id = intake.person_id(by) if by is not None else None
        if (
            person_id is not None
            and person_id != services.get_assignment(session, assignment_id).owner_id
        ):
            report = parts.submit_part(
                session,
                assignment_id=assignment_id,
                person_id=person_id,
                text=text,
                reported_on=reported_on,
                document=file,
                actor=appctx.actor,
                expected_version=if_version,
            )
            name = services.get_person(session, person_id).full_name
            return report.reported_on, assignment_label_of(session, assignment_id), name
        report = services.submit(
            session,
            assignment_id=assignment_id,
            text=text,
            reported_on=reported_on,
            document=file,
            actor=appctx.actor,
            expected_version=if_version,
        )
        return report.reported_on, assignment_label_of(session, assignment_id), None

    reported_on, label, co_executor = appctx.database().transact(job)
    if co_executor is not None:
        info(
            _("Report of {date} by {name} on their part of {assignment} recorded.").format(
                date=format_date(reported_on), name=co_executor, assignment=label
            )
        )
        return
    info(
        _("Report of {date} recorded; {assignment} is under review.").format(
            date=format_date(reported_on), assignment=label
        )
    )


def part(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    person: Annotated[str, typer.Argument(help=_("The co-executor (name, prefix or id)."))],
    due: Annotated[
        str,
        typer.Option(
            "--due",
            help=_(
                "The co-executor's own sub-deadline, no later than the assignment's; «none» "
                "clears it."
            ),
        ),
    ],
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Set or clear a co-executor's own sub-deadline for their part."""
    from taskboard.domain import parts, services
    from taskboard.domain.intake import NO_RULE_WORDS, Intake

    appctx = context.get(ctx)

    def job(session: Session) -> tuple[bool, date | None, str, str]:
        intake = Intake(session, today=appctx.today, deadline_mode=appctx.deadline_mode)
        person_id = intake.person_id(person)
        if person_id is None:
            raise InvalidInput(_("Name the co-executor whose part it is."))
        sub_due = None if due.strip().lower() in NO_RULE_WORDS else intake.deadline(due)
        changed = parts.set_part_due(
            session,
            assignment_id=assignment_id,
            person_id=person_id,
            due=sub_due,
            actor=appctx.actor,
            expected_version=if_version,
        )
        name = services.get_person(session, person_id).full_name
        return changed, sub_due, name, assignment_label_of(session, assignment_id)

    changed, sub_due, name, label = appctx.database().transact(job)
    if not changed:
        info(
            _("Nothing changed: the part of {name} in {assignment} is already so.").format(
                name=name, assignment=label
            )
        )
    elif sub_due is None:
        info(
            _("{name}'s part of {assignment} is now due by the assignment's deadline.").format(
                name=name, assignment=label
            )
        )
    else:
        info(
            _("{name}'s part of {assignment} is due {date}.").format(
                name=name, assignment=label, date=format_date(sub_due)
            )
        )


def accept(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    note: Annotated[str | None, typer.Option("--note", help=_("Closing note."))] = None,
    partial: Annotated[
        str | None,
        typer.Option("--partial", help=_("Accept in part: what is accepted (needs --rest-due).")),
    ] = None,
    rest_due: Annotated[
        str | None,
        typer.Option(
            "--rest-due",
            help=_("The deadline of the rest, kept on control as a new linked assignment."),
        ),
    ] = None,
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Accept the report under review: done as of the report's date (or in part, the rest
    kept on control)."""
    from taskboard.domain import services
    from taskboard.domain.intake import Intake

    if (partial is None) != (rest_due is None):
        raise InvalidInput(
            _("--partial and --rest-due go together: what is accepted, and when the rest is due.")
        )
    appctx = context.get(ctx)

    def job(session: Session) -> tuple[date | None, str, Assignment | None]:
        if partial is None or rest_due is None:
            assignment = services.accept(
                session,
                assignment_id=assignment_id,
                note=note,
                actor=appctx.actor,
                expected_version=if_version,
            )
            return assignment.closed_on, assignment_label_of(session, assignment_id), None
        due = Intake(session, today=appctx.today, deadline_mode=appctx.deadline_mode).deadline(
            rest_due
        )
        rest = services.accept_in_part(
            session,
            assignment_id=assignment_id,
            part=partial,
            rest_due=due,
            note=note,
            actor=appctx.actor,
            expected_version=if_version,
        )
        closed_on = services.get_assignment(session, assignment_id).closed_on
        return closed_on, assignment_label_of(session, assignment_id), rest

    closed_on, label, rest = appctx.database().transact(job)
    if rest is None:
        info(
            _("{assignment} is accepted: done as of {date}.").format(
                assignment=label, date=format_date(closed_on)
            )
        )
        return
    # The new assignment's id alone on stdout, as `add` prints it (``rest=$(taskboard accept …)``).
    created(
        rest.id,
        _(
            "{assignment} is accepted in part: done as of {date}; the rest stays on control "
            "as assignment {id}, due {due}."
        ).format(
            assignment=label, date=format_date(closed_on), id=rest.id, due=format_date(rest.due)
        ),
    )


def return_(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    comment: Annotated[
        str, typer.Option("--comment", help=_("What is to be reworked (required)."))
    ],
    to: Annotated[
        str | None,
        typer.Option("--to", help=_("A new deadline (counted as an extension).")),
    ] = None,
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Return the report under review for rework, with a comment."""
    from taskboard.domain import requests, services
    from taskboard.domain.intake import Intake

    appctx = context.get(ctx)
    limit = appctx.settings.control.extension_limit

    def job(session: Session) -> tuple[date | None, str, str | None]:
        new_due = (
            Intake(session, today=appctx.today, deadline_mode=appctx.deadline_mode).deadline(to)
            if to is not None
            else None
        )
        services.return_for_rework(
            session,
            assignment_id=assignment_id,
            comment=comment,
            new_due=new_due,
            actor=appctx.actor,
            expected_version=if_version,
        )
        warning = None if new_due is None else requests.limit_warning(session, assignment_id, limit)
        return new_due, assignment_label_of(session, assignment_id), warning

    new_due, label, warning = appctx.database().transact(job)
    if new_due is None:
        info(_("{assignment} is returned for rework.").format(assignment=label))
    else:
        info(
            _("{assignment} is returned for rework; its deadline moved to {due}.").format(
                assignment=label, due=format_date(new_due)
            )
        )
    if warning:
        warning_line(warning)


def register(app: typer.Typer) -> None:
    """Add the acceptance commands to ``app`` (help texts in the current language)."""
    app.command(
        "submit",
        help=_("Record the owner's report on execution: the assignment goes under review."),
    )(submit)
    app.command("part", help=_("Set or clear a co-executor's own sub-deadline for their part."))(
        part
    )
    app.command(
        "accept",
        help=_(
            "Accept the report under review: done as of the report's date (or in part, the "
            "rest kept on control)."
        ),
    )(accept)
    app.command("return", help=_("Return the report under review for rework, with a comment."))(
        return_
    )
