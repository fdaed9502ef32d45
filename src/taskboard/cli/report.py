"""``taskboard report``: the managers' report in XLSX, HTML, CSV, Markdown or JSON."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Any

import typer

from taskboard.cli import context, options
from taskboard.cli.common import person_id
from taskboard.cli.context import AppContext
from taskboard.domain.text import visible
from taskboard.errors import InvalidInput
from taskboard.i18n import domain

_, ngettext = domain("reports")


def _period_day(appctx: AppContext, text: str | None) -> date | None:
    """A period boundary through the one date parser, but not moved off a holiday.

    A deadline on a non-working day moves to the preceding working day; a period boundary
    is not a deadline: «--from 1 мая» must mean May 1st, not April 30th.
    """
    if text is None:
        return None
    from taskboard.domain import dates

    return dates.parse_date(text, today=appctx.today, mode=appctx.deadline_mode, shift=False)


def report(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        options.output_format(
            help=_("xlsx|html|csv|md|json (default: from --output's extension, else md).")
        ),
    ] = None,
    output: Annotated[
        str | None,
        options.output_file(
            help=_("File to write (required for xlsx); text formats go to stdout without it.")
        ),
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help=_("First deadline day of the period (any date form).")),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", help=_("Last deadline day of the period (any date form).")),
    ] = None,
    meeting: Annotated[
        int | None, options.meeting_id(help=_("Only this meeting's assignments."))
    ] = None,
    owner: Annotated[
        str | None,
        options.owner_filter(help=_("Only this owner's assignments: name, prefix or id.")),
    ] = None,
    force: Annotated[bool, options.force(help=_("Overwrite --output if it exists."))] = False,
    bom: Annotated[bool, options.bom(help=_("CSV: start with a UTF-8 BOM (for Excel)."))] = False,
    delimiter: Annotated[
        str, typer.Option("--delimiter", help=_("CSV: the delimiter, e.g. ';' for Excel."))
    ] = ",",
) -> None:
    """Build the managers' report and write it to ``--output`` or standard output."""
    from taskboard.cli.progress import ProgressBars
    from taskboard.reports import (
        FORMATS,
        ReportParams,
        build_report,
        check_format,
        guess_format,
        render,
        write_report,
    )
    from taskboard.reports.model import Report
    from taskboard.storage.direct import Reader

    appctx = context.get(ctx)
    if fmt is not None:
        chosen = check_format(fmt.lower())
    elif output is not None:
        guessed = guess_format(output)
        if guessed is None:
            raise InvalidInput(
                _(
                    "Cannot tell the format from «{name}»; give --format ({allowed}) "
                    "or a file ending in .xlsx, .html, .csv, .md or .json."
                ).format(name=output, allowed="|".join(FORMATS))
            )
        chosen = guessed
    else:
        chosen = "md"
    if chosen == "xlsx" and output is None:
        raise InvalidInput(_("An XLSX report needs a file: add --output report.xlsx."))
    start = _period_day(appctx, date_from)
    end = _period_day(appctx, date_to)
    render_options: dict[str, Any] = {}
    if chosen == "csv":
        render_options = {"csv_bom": bom, "csv_delimiter": delimiter}
    if output is not None:
        from taskboard.files import check_target

        check_target(output, force=force)  # before seconds of reading the register
    with ProgressBars() as bars:
        reading = bars.task(_("Reading the register"))

        def job(reader: Reader) -> Report:
            # On the standard library's sqlite3 when the register allows (no SQLAlchemy to
            # import), else on a session's connection: the same SQL (AppContext.read).
            params = ReportParams(
                date_from=start,
                date_to=end,
                meeting_id=meeting,
                owner_id=person_id(reader, owner),
            )
            return build_report(
                reader,
                params,
                today=appctx.today,
                on_progress=reading,
                control_levels=appctx.settings.control.levels or None,
            )

        built = appctx.read(job)
        writing = bars.task(_("Writing the report ({fmt})").format(fmt=chosen))
        if output is None:
            data = render(built, chosen, on_progress=writing, **render_options)
        else:
            path = write_report(
                built,
                chosen,
                output,
                force=force,
                on_progress=writing,
                access=appctx.settings.file_access,
                **render_options,
            )
    if output is None:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return
    # Not through Rich: a long path must stay on one line to be copied.
    message = _("Report written to {path} ({fmt}).")
    typer.echo(message.format(path=visible(str(path.resolve())), fmt=chosen), err=True)


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app`` (help texts in the current language)."""
    app.command(
        "report",
        help=_(
            "Managers' report: who is late, on what, how often deadlines slip; on time "
            "against the original and the final deadline, returns for rework, average delay "
            "in working days, by owner, organisation (ranked), meeting and control level. "
            "Without --format the format comes from --output's extension; "
            "with neither, Markdown goes to standard output."
        ),
    )(report)
