"""``taskboard import`` and ``taskboard export``: assignments in from files, the register out.

Every command loads this module, so it imports nothing heavy at module level: the
importers, SQLAlchemy and openpyxl are imported inside the commands.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from taskboard.cli import context, options
from taskboard.i18n import domain

_, ngettext = domain("importers")


def _write_stdout(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests capturing output)
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def _print_plan(outcome) -> None:
    """The dry run's table: what each row or item would become."""
    from taskboard.cli.output import Column, print_table
    from taskboard.presentation import format_date

    columns = [
        Column("where", _("Row / item"), lambda p: p.where, max_width=24),
        Column("number", _("No."), lambda p: p.number, no_wrap=True),
        Column("text", _("Assignment"), lambda p: p.text, max_width=60),
        Column("owner", _("Owner"), lambda p: p.owner, max_width=28),
        Column("due", _("Deadline"), lambda p: p.due, lambda p: format_date(p.due), no_wrap=True),
    ]
    print_table(outcome.created, columns)


def _summary(outcome, name: str) -> str:
    if outcome.format == "json":
        counts = outcome.restored
        template = (
            _(
                "Would restore {people} people, {meetings} meetings, {assignments} assignments "
                "and {events} history events from «{name}» (dry run: nothing written)."
            )
            if outcome.dry_run
            else _(
                "Restored {people} people, {meetings} meetings, {assignments} assignments "
                "and {events} history events from «{name}»."
            )
        )
        return template.format(
            people=counts.get("people", 0),
            meetings=counts.get("meetings", 0),
            assignments=counts.get("assignments", 0),
            events=counts.get("events", 0),
            name=name,
        )
    n = len(outcome.created)
    if outcome.dry_run:
        return ngettext(
            "Would import {n} assignment from «{name}» (dry run: nothing written).",
            "Would import {n} assignments from «{name}» (dry run: nothing written).",
            n,
        ).format(n=n, name=name)
    return ngettext(
        "Imported {n} assignment from «{name}».", "Imported {n} assignments from «{name}».", n
    ).format(n=n, name=name)


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(metavar="FILE", help=_("The file to import (- reads standard input).")),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=_("csv|xlsx|json|protocol (default: from the file's ending)."),
        ),
    ] = None,
    meeting: Annotated[
        int | None,
        options.meeting_id(help=_("Meeting id for every row (required for a protocol).")),
    ] = None,
    dry_run: Annotated[
        bool,
        options.dry_run(help=_("Check everything and show the result; write nothing.")),
    ] = False,
) -> None:
    """Import assignments from ``file``, all or nothing; print the new ids on stdout."""
    from pathlib import PurePath

    from taskboard.cli.output import error_line
    from taskboard.domain.text import visible
    from taskboard.errors import InvalidInput
    from taskboard.importers import import_file
    from taskboard.importers.drafts import ImportProblems

    appctx = context.get(ctx)
    try:
        outcome = import_file(
            appctx.database(),
            file,
            fmt=fmt,
            meeting_id=meeting,
            dry_run=dry_run,
            actor=appctx.actor,
            today=appctx.today,
            deadline_mode=appctx.deadline_mode,
        )
    except ImportProblems as problems:
        # One line per problem; the last goes through the usual error path (exit 2).
        lines = problems.lines()
        for line in lines[:-1]:
            error_line(line)
        raise InvalidInput(lines[-1]) from None
    name = "stdin" if file == "-" else PurePath(file).name
    if dry_run:
        if outcome.format != "json":
            _print_plan(outcome)
    else:
        _write_stdout("".join(f"{i}\n" for i in outcome.assignment_ids).encode())
    # Not through Rich: a summary with a long file name must stay on one line.
    if outcome.ignored_columns:
        typer.echo(
            _("Ignored columns: {columns}.").format(
                columns=", ".join(visible(c) for c in outcome.ignored_columns)
            ),
            err=True,
        )
    typer.echo(_summary(outcome, visible(name)), err=True)


def export(
    ctx: typer.Context,
    fmt: Annotated[str, options.output_format(("json", "csv"))] = "json",
    output: Annotated[
        str | None, options.output_file(help=_("File to write (standard output without it)."))
    ] = None,
    force: Annotated[bool, options.force(help=_("Overwrite --output if it exists."))] = False,
    bom: Annotated[bool, options.bom(help=_("CSV: start with a UTF-8 BOM (for Excel)."))] = False,
) -> None:
    """Write the whole register as JSON (loss-free) or the assignments as CSV."""
    from taskboard.domain.text import visible
    from taskboard.files import write_atomically
    from taskboard.snapshot import export_bytes

    appctx = context.get(ctx)
    chosen = fmt.strip().lower()
    if output is not None:
        # Refuse before reading the whole register.
        from pathlib import Path

        from taskboard.errors import InvalidInput

        if Path(output).expanduser().exists() and not force:
            raise InvalidInput(
                _("«{name}» already exists; add --force to overwrite it.").format(name=output)
            )
    data = export_bytes(appctx.database(), chosen, bom=bom)
    if output is None:
        _write_stdout(data)
        return
    path = write_atomically(output, data, force=force)
    typer.echo(
        _("Export written to {path} ({fmt}).").format(
            path=visible(str(path.resolve())), fmt=chosen
        ),
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add ``import`` and ``export`` to ``app`` (help texts in the current language)."""
    app.command(
        "import",
        help=_(
            "Bring assignments in from a CSV or XLSX table, a meeting protocol's text, or a "
            "JSON export (restored into an empty database). All or nothing: one bad row and "
            "nothing is written. Prints the new ids."
        ),
    )(import_)
    app.command(
        "export",
        help=_(
            "Everything out, loss-free: JSON (default) holds every table with ids and history "
            "and goes back in with import; CSV lists the assignments for spreadsheets."
        ),
    )(export)
