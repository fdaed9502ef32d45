"""``taskboard review``: the «Час контроля» — in the TUI, or its agenda and protocol in print.

``review`` opens the TUI on the review screen (the agenda, one assignment at a time, a decision
on each). ``review --agenda`` prints the agenda (table, JSON or Markdown); ``review --protocol``
prints the protocol of the latest review (or of ``--meeting ID``): text, which is Markdown too,
or HTML by ``--format html`` or an ``--output`` ending in ``.html``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from taskboard.cli import context, options
from taskboard.errors import InvalidInput
from taskboard.i18n import _

if TYPE_CHECKING:
    from taskboard.cli.context import AppContext
    from taskboard.domain.control_hour import Agenda, AgendaItem
    from taskboard.storage.direct import Reader

AGENDA_FORMATS = ("table", "json", "md")
PROTOCOL_FORMATS = ("text", "md", "html")


def level_key(appctx: AppContext, value: str | None) -> str | None:
    """A ``--level`` as its key (:func:`taskboard.domain.control.parse_level`), None without."""
    if value is None:
        return None
    from taskboard.domain.control import parse_level

    return parse_level(value, appctx.settings.control)


def _reasons(item: AgendaItem) -> str:
    from taskboard.presentation import days_phrase

    words = []
    for reason in item.reasons:
        if reason == "overdue":
            words.append(days_phrase(item.row.days_left, item.row.status))
        elif reason == "at_risk":
            words.append(_("at risk"))
        else:
            waited = item.waiting_days or 0
            words.append(_("report waits {n} d").format(n=waited))
    return ", ".join(words)


def _item_json(item: AgendaItem) -> dict[str, Any]:
    return {
        "organisation": item.organisation,
        **item.row.to_json(),
        "reasons": [str(r) for r in item.reasons],
        "report": (
            {"text": item.report_text, "date": item.reported_on.isoformat()}
            if item.reported_on is not None
            else None
        ),
        "waiting_days": item.waiting_days,
    }


def _print_agenda(agenda: Agenda, fmt: str) -> None:
    from taskboard.cli.output import Column, emit, info, write_json_array
    from taskboard.presentation import format_date

    items = agenda.items
    if fmt == "json":
        write_json_array([_item_json(item) for item in items])
        return
    if not items:
        info(_("The agenda is empty: nothing overdue, at risk or awaiting acceptance."))
        return
    if fmt == "md":
        sys.stdout.write(_agenda_markdown(agenda))
        return
    nobody = _("(no organisation)")
    columns = [
        Column("organisation", _("Organisation"), lambda i: i.organisation or nobody, max_width=28),
        Column("id", _("ID"), lambda i: i.id, cell=lambda i: str(i.id), justify="right"),
        Column("number", _("No."), lambda i: i.row.number or ""),
        Column("text", _("Assignment"), lambda i: i.row.text, max_width=60),
        Column("owner", _("Owner"), lambda i: i.row.owner, max_width=24),
        Column("due", _("Deadline"), lambda i: format_date(i.row.due), no_wrap=True),
        Column("why", _("On the agenda"), _reasons, max_width=28),
    ]
    emit(items, columns, "table", title=_("«Час контроля»: agenda"))


def _agenda_markdown(agenda: Agenda) -> str:
    from taskboard.presentation import format_date
    from taskboard.reports.md_render import escape

    out = [f"# {escape(_('«Час контроля»: agenda'))} {format_date(agenda.today)}", ""]
    for organisation, items in agenda.groups:
        out += [f"## {escape(organisation or _('(no organisation)'))}", ""]
        out.append(
            "| "
            + " | ".join(
                escape(h)
                for h in (
                    _("ID"),
                    _("No."),
                    _("Assignment"),
                    _("Owner"),
                    _("Deadline"),
                    _("On the agenda"),
                )
            )
            + " |"
        )
        out.append("|---:|---|---|---|---|---|")
        for item in items:
            cells = (
                str(item.id),
                item.row.number or "",
                item.row.text,
                item.row.owner,
                format_date(item.row.due),
                _reasons(item),
            )
            out.append("| " + " | ".join(escape(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def read_agenda(
    reader: Reader, appctx: AppContext, level: str | None, organisation: str | None
) -> Agenda:
    """The agenda of the register behind ``reader`` with the command's filters."""
    from taskboard.domain import control_hour
    from taskboard.domain.control import AtRiskRule, at_risk_ids

    chosen = level_key(appctx, level)
    risky = at_risk_ids(reader, appctx.today, AtRiskRule.of(appctx.settings.control))
    return control_hour.agenda(
        reader, today=appctx.today, level=chosen, organisation=organisation, at_risk=risky
    )


def _protocol_document(fmt: str | None, output: str | None) -> str:
    if fmt is not None:
        chosen = fmt.strip().lower()
        if chosen not in PROTOCOL_FORMATS:
            raise InvalidInput(
                _("Unknown protocol format «{fmt}»; use one of: {formats}.").format(
                    fmt=fmt, formats=", ".join(PROTOCOL_FORMATS)
                )
            )
        return "html" if chosen == "html" else "text"
    if output is not None and output.lower().endswith((".html", ".htm")):
        return "html"
    return "text"


def protocol_bytes(reader: Reader, meeting: int | None, document: str) -> bytes:
    """The protocol of review ``meeting`` (default: the latest) as ``document`` (text, html)."""
    from taskboard import control_protocol
    from taskboard.domain import control_hour

    meeting_id = meeting if meeting is not None else control_hour.latest_review(reader)
    if meeting_id is None:
        raise InvalidInput(
            _("No «Час контроля» has been held yet: run taskboard review to hold one.")
        )
    record = control_hour.review_record(reader, meeting_id)
    if document == "html":
        return control_protocol.to_html(record).encode("utf-8")
    return control_protocol.to_text(record).encode("utf-8")


def review(
    ctx: typer.Context,
    agenda: Annotated[
        bool, typer.Option("--agenda", help=_("Print the agenda instead of opening the TUI."))
    ] = False,
    protocol: Annotated[
        bool,
        typer.Option(
            "--protocol", help=_("Print the protocol of the latest review (or of --meeting).")
        ),
    ] = False,
    fmt: Annotated[
        str | None,
        options.output_format(
            help=_("--agenda: table|json|md (default table); --protocol: text|md|html.")
        ),
    ] = None,
    level: Annotated[
        str | None,
        options.control_level(help=_("Only assignments on control at this level.")),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(
            "--organisation", "--org", help=_("Only owners of this organisation (part of a name).")
        ),
    ] = None,
    meeting: Annotated[
        int | None, options.meeting_id(help=_("--protocol: the review meeting's id."))
    ] = None,
    output: Annotated[
        str | None,
        options.output_file(help=_("--protocol: the file to write (standard output without it).")),
    ] = None,
    force: Annotated[bool, options.force(help=_("Overwrite --output if it exists."))] = False,
) -> None:
    """«Час контроля»: step through what is overdue, at risk or awaiting acceptance in the TUI,
    recording a decision on each; or print its agenda or protocol."""
    appctx = context.get(ctx)
    if agenda and protocol:
        raise InvalidInput(_("Choose one of --agenda and --protocol."))
    if protocol:
        _print_protocol(appctx, fmt, meeting, output, force)
        return
    if meeting is not None or output is not None:
        raise InvalidInput(_("--meeting and --output go with --protocol."))
    if agenda:
        chosen = (fmt or "table").strip().lower()
        if chosen not in AGENDA_FORMATS:
            raise InvalidInput(
                _("Unknown agenda format «{fmt}»; use one of: {formats}.").format(
                    fmt=fmt, formats=", ".join(AGENDA_FORMATS)
                )
            )
        shown = appctx.read(lambda reader: read_agenda(reader, appctx, level, organisation))
        _print_agenda(shown, chosen)
        return
    if fmt is not None:
        raise InvalidInput(_("--format goes with --agenda or --protocol."))
    from taskboard.tui.app import TaskboardApp

    chosen_level = level_key(appctx, level)
    TaskboardApp(
        database=appctx.database(),
        settings=appctx.settings,
        review=(chosen_level, organisation),
    ).run()


def _print_protocol(
    appctx: AppContext, fmt: str | None, meeting: int | None, output: str | None, force: bool
) -> None:
    from pathlib import Path

    from taskboard.domain.text import visible
    from taskboard.files import write_atomically

    document = _protocol_document(fmt, output)
    if output is not None and Path(output).expanduser().exists() and not force:
        raise InvalidInput(
            _("«{name}» already exists; add --force to overwrite it.").format(name=output)
        )
    data = appctx.read(lambda reader: protocol_bytes(reader, meeting, document))
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
        return
    path = write_atomically(
        output, data, force=force, kind="export", access=appctx.settings.file_access
    )
    typer.echo(
        _("Protocol written to {path} ({fmt}).").format(
            path=visible(str(path.resolve())), fmt=document
        ),
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add ``review`` to ``app`` (help texts in the current language)."""
    app.command(
        "review",
        help=_(
            "«Час контроля»: step through what is overdue, at risk or awaiting acceptance in "
            "the TUI, recording a decision on each; or print its agenda (--agenda) or "
            "protocol (--protocol)."
        ),
    )(review)
