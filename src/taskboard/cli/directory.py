"""The people directory and meetings: ``person add|list``, ``meeting add|list|show``.

Each command is a module-level function; :func:`register` builds the ``person`` and
``meeting`` groups and adds them to the app.
"""

from __future__ import annotations

from typing import Annotated

import typer

from taskboard.cli import context, options
from taskboard.cli.common import check_format
from taskboard.cli.output import FORMATS, Column, created, emit, write_json_array
from taskboard.domain.kinds import MeetingKind
from taskboard.i18n import _
from taskboard.presentation import format_date, meeting_kind_label
from taskboard.reminders.language import option_help as reminder_language_help


def person_add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help=_("Full name, e.g. «Волосков Сергей Александрович»."))
    ],
    position: Annotated[str | None, typer.Option("--position", help=_("Position."))] = None,
    org: Annotated[str | None, typer.Option("--org", help=_("Organisation."))] = None,
    email: Annotated[str | None, typer.Option("--email", help=_("E-mail for reminders."))] = None,
    supervisor: Annotated[
        str | None, typer.Option("--supervisor", help=_("Supervisor, for escalations."))
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help=reminder_language_help())
    ] = None,
    namesake: Annotated[
        bool,
        typer.Option("--namesake", help=_("Add them although someone of the same name is listed.")),
    ] = False,
) -> None:
    """Add a person to the directory; print the new id on stdout."""
    from taskboard.domain import intake
    from taskboard.reminders.language import check_language

    appctx = context.get(ctx)
    mail_language = check_language(language)
    data = intake.PersonInput(
        full_name=name,
        position=position,
        organisation=org,
        email=email,
        supervisor=supervisor,
        namesake=namesake,
    )
    with appctx.database().write() as session:
        person = intake.add_person(session, data, actor=appctx.actor, today=appctx.today)
        person.language = mail_language
        new_id = person.id
    created(new_id, _("Person {id} added.").format(id=new_id))


def person_list(
    ctx: typer.Context,
    fmt: Annotated[str, options.output_format()] = "table",
) -> None:
    """List the people directory."""
    from taskboard.domain import summaries

    check_format(fmt, FORMATS)
    appctx = context.get(ctx)
    today = appctx.today
    found = appctx.read(lambda reader: summaries.people(reader, today=today))
    sup = lambda p: p.supervisor  # noqa: E731
    columns = [
        Column("id", _("ID"), lambda p: p.id, justify="right"),
        Column("full_name", _("Name"), lambda p: p.full_name),
        Column("position", _("Position"), lambda p: p.position, max_width=40),
        Column("organisation", _("Organisation"), lambda p: p.organisation, max_width=30),
        Column("email", _("E-mail"), lambda p: p.email),
        Column("supervisor", _("Supervisor"), sup),
    ]
    emit(found, columns, fmt, empty=_("No people yet: taskboard person add NAME"))


def meeting_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=_("Title."))],
    date: Annotated[str, typer.Option("--date", help=_("When it was held."))],
    kind: Annotated[
        str,
        typer.Option("--kind", help="|".join(k.value for k in MeetingKind)),
    ] = MeetingKind.OPERATIONAL.value,
    place: Annotated[str | None, typer.Option("--place", help=_("Where."))] = None,
    chair: Annotated[str | None, typer.Option("--chair", help=_("Who chaired it."))] = None,
    protocol: Annotated[str | None, typer.Option("--protocol", help=_("Protocol number."))] = None,
    notes: Annotated[str | None, typer.Option("--notes", help=_("Free notes."))] = None,
) -> None:
    """Record a meeting, visit or call; print the new id on stdout."""
    from taskboard.domain import intake

    appctx = context.get(ctx)
    data = intake.MeetingInput(
        title=title,
        date=date,
        kind=kind,
        place=place,
        chair=chair,
        protocol_no=protocol,
        notes=notes,
    )
    with appctx.database().write() as session:
        meeting = intake.add_meeting(session, data, actor=appctx.actor, today=appctx.today)
        new_id = meeting.id
    created(new_id, _("Meeting {id} added.").format(id=new_id))


def meeting_list(
    ctx: typer.Context,
    fmt: Annotated[str, options.output_format()] = "table",
) -> None:
    """List meetings with their open and overdue counts."""
    from taskboard.domain import summaries

    check_format(fmt, FORMATS)
    appctx = context.get(ctx)
    today = appctx.today
    found = appctx.read(lambda reader: summaries.meetings(reader, today=today))
    columns = [
        Column("id", _("ID"), lambda m: m.id, justify="right"),
        Column("date", _("Date"), lambda m: m.date, lambda m: format_date(m.date)),
        Column("title", _("Meeting"), lambda m: m.title, max_width=60),
        Column("kind", _("Kind"), lambda m: m.kind, lambda m: meeting_kind_label(m.kind)),
        Column("protocol_no", _("Protocol"), lambda m: m.protocol_no),
        Column("total", _("Total"), lambda m: m.total, justify="right"),
        Column("open", _("Open"), lambda m: m.open, justify="right"),
        Column("overdue", _("Overdue"), lambda m: m.overdue, justify="right"),
    ]
    emit(
        found,
        columns,
        fmt,
        to_json=summaries.MeetingSummary.to_json,
        row_style=lambda m: "red" if m.overdue else "",
        empty=_("No meetings yet: taskboard meeting add TITLE --date DATE"),
    )


def meeting_show(
    ctx: typer.Context,
    meeting_id: Annotated[int, options.meeting_argument()],
    fmt: Annotated[str, options.output_format()] = "table",
) -> None:
    """One meeting's card, then its assignments."""
    from rich.table import Table
    from rich.text import Text

    from taskboard.cli.assignments import print_assignments
    from taskboard.cli.output import stdout
    from taskboard.domain.models import Person
    from taskboard.domain.queries import AssignmentFilter, list_assignments
    from taskboard.domain.services import get_meeting
    from taskboard.domain.text import visible

    check_format(fmt, FORMATS)
    appctx = context.get(ctx)
    with appctx.database().read() as session:
        meeting = get_meeting(session, meeting_id)
        chair = session.get(Person, meeting.chair_id) if meeting.chair_id else None
        rows = list_assignments(
            session,
            AssignmentFilter(status="all", meeting_id=meeting_id, sort="meeting"),
            today=appctx.today,
            due_soon_days=appctx.settings.due_soon_days,
        )
    if fmt == "json":
        data = {
            "id": meeting.id,
            "title": meeting.title,
            "date": meeting.date.isoformat(),
            "kind": meeting.kind,
            "place": meeting.place,
            "chair": chair.full_name if chair else None,
            "protocol_no": meeting.protocol_no,
            "notes": meeting.notes,
            "source_text": meeting.source_text,
            "assignments": [r.to_json() for r in rows],
        }
        write_json_array(data)
        return
    if fmt == "table":
        card = Table.grid(padding=(0, 2))
        card.add_column(style="bold")
        card.add_column()
        for label, value in (
            (_("Meeting"), meeting.title),
            (_("Date"), format_date(meeting.date)),
            (_("Kind"), meeting_kind_label(meeting.kind)),
            (_("Place"), meeting.place),
            (_("Chair"), chair.full_name if chair else None),
            (_("Protocol"), meeting.protocol_no),
            (_("Notes"), meeting.notes),
        ):
            if value:
                card.add_row(Text(label), Text(visible(value)))
        stdout().print(card)
        stdout().print()
    print_assignments(rows, fmt)


def register(app: typer.Typer) -> None:
    """Add the ``person`` and ``meeting`` groups to ``app`` (help texts in the current language)."""
    person_app = typer.Typer(help=_("The people directory."), no_args_is_help=True)
    person_app.command("add", help=_("Add a person; prints the new id."))(person_add)
    person_app.command("list", help=_("List the people directory."))(person_list)
    app.add_typer(person_app, name="person")

    meeting_app = typer.Typer(help=_("Meetings, visits and calls."), no_args_is_help=True)
    meeting_app.command("add", help=_("Add a meeting; prints the new id."))(meeting_add)
    meeting_app.command("list", help=_("List meetings with their open and overdue counts."))(
        meeting_list
    )
    meeting_app.command("show", help=_("One meeting with its assignments."))(meeting_show)
    app.add_typer(meeting_app, name="meeting")
