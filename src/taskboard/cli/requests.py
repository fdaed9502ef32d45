"""Commands deciding an extension request: grant (a normal extension), refuse (with a reason).

The request itself is made with ``extend ID --request --to D --reason TEXT``
(:mod:`taskboard.cli.assignments`). taskboard has no authentication: the CLI records who
decided (the configured actor, else the OS user); that the author or controller decides is the
office's rule. Thin, like every command: the change goes through
:mod:`taskboard.domain.requests`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from taskboard.cli import context, options
from taskboard.cli.common import assignment_label_of
from taskboard.cli.output import info, warning_line
from taskboard.i18n import _
from taskboard.presentation import format_date

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session


def grant(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    note: Annotated[
        str | None, typer.Option("--note", help=_("A note on the decision (optional)."))
    ] = None,
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Grant the pending extension request: the deadline moves to the requested date."""
    from taskboard.domain import requests

    appctx = context.get(ctx)
    limit = appctx.settings.control.extension_limit

    def job(session: Session) -> tuple[date, str, str | None]:
        request, _extension = requests.grant(
            session,
            assignment_id=assignment_id,
            note=note,
            actor=appctx.actor,
            expected_version=if_version,
        )
        return (
            request.requested_due,
            assignment_label_of(session, assignment_id),
            requests.limit_warning(session, assignment_id, limit),
        )

    new_due, label, warning = appctx.database().transact(job)
    info(
        _("{assignment}: extension request granted, the deadline moved to {due}.").format(
            assignment=label, due=format_date(new_due)
        )
    )
    if warning:
        warning_line(warning)


def refuse(
    ctx: typer.Context,
    assignment_id: Annotated[int, options.assignment_id()],
    reason: Annotated[
        str, typer.Option("--reason", help=_("Why the request is refused (required)."))
    ],
    if_version: Annotated[int | None, options.if_version()] = None,
) -> None:
    """Refuse the pending extension request, with a reason: the deadline stays."""
    from taskboard.domain import requests, services

    appctx = context.get(ctx)

    def job(session: Session) -> tuple[date, date | None, str]:
        request = requests.refuse(
            session,
            assignment_id=assignment_id,
            reason=reason,
            actor=appctx.actor,
            expected_version=if_version,
        )
        due = services.get_assignment(session, assignment_id).due
        return request.requested_due, due, assignment_label_of(session, assignment_id)

    asked, due, label = appctx.database().transact(job)
    info(
        _(
            "{assignment}: the extension request to {asked} is refused; the deadline stays {due}."
        ).format(assignment=label, asked=format_date(asked), due=format_date(due))
    )


def register(app: typer.Typer) -> None:
    """Add grant and refuse to ``app`` (help texts in the current language)."""
    app.command(
        "grant",
        help=_("Grant the pending extension request: the deadline moves to the requested date."),
    )(grant)
    app.command(
        "refuse",
        help=_("Refuse the pending extension request, with a reason: the deadline stays."),
    )(refuse)
