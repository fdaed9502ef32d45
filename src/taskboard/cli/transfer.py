"""``taskboard import`` and ``taskboard export``: assignments in from files, the register out.

Every command loads this module, so it imports nothing heavy at module level: the
importers, SQLAlchemy and openpyxl are imported inside the commands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated

import typer

from taskboard.cli import context, options
from taskboard.i18n import domain

if TYPE_CHECKING:
    from pathlib import Path

    from taskboard.cli.context import AppContext
    from taskboard.importers import ImportOutcome
    from taskboard.progress import OnProgress
    from taskboard.storage.direct import Reader

_, ngettext = domain("importers")


def _write_stdout(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests capturing output)
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def _stdout_writer() -> Callable[[bytes | memoryview], object]:
    """What writes the pieces of an export to standard output (bytes to its buffer)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests capturing output)
        # Each piece ends between two JSON tokens, never inside a UTF-8 sequence.
        return lambda piece: sys.stdout.write(bytes(piece).decode("utf-8"))
    sys.stdout.flush()
    return buffer.write


def _stream_json(
    appctx: context.AppContext,
    write: Callable[[bytes | memoryview], object],
    progress: OnProgress | None,
    *,
    restartable: bool,
) -> bool:
    """Write the JSON export through ``write`` as it is read, when the register allows
    (:func:`taskboard.domain.export_rows.stream_json` on the standard library's ``sqlite3``);
    False when it does not, having written nothing or (``restartable``: a temporary file the
    caller empties) part of it.

    Standard output cannot take pieces back: a database error once they are out ends the
    command with the full path's message for it instead.
    """
    import sqlite3

    from taskboard.domain import export_rows

    started = False

    def counted(piece: bytes | memoryview) -> object:
        nonlocal started
        started = True
        return write(piece)

    def job(reader: Reader) -> bool | None:
        try:
            return export_rows.stream_json(reader, counted, on_progress=progress) or None
        except sqlite3.Error as exc:
            if restartable or not started:
                raise  # read_direct: the full path then
            from taskboard.storage.database import resolve_url, storage_error

            raise storage_error(exc, resolve_url(appctx.db_value)) from None

    return bool(appctx.read_direct(job))


def _print_plan(
    outcome: ImportOutcome, output_format: str, levels: Mapping[str, str] | None = None
) -> None:
    """The dry run: what each row or item would become (prose: every candidate), as a
    table or as JSON; ``levels``: the configured control levels' labels."""
    from taskboard.cli.output import Column, print_table, write_json_array
    from taskboard.presentation import control_level_label, format_date

    if output_format == "json":
        write_json_array(plan_json(outcome))
        return
    if outcome.format == "text":
        columns = [
            Column("n", _("No."), lambda c: c.index, no_wrap=True),
            Column("owner", _("Owner"), lambda c: _phrase_name(c.owner), max_width=28),
            Column("action", _("Assignment"), lambda c: c.action, max_width=50),
            Column("due", _("Deadline"), lambda c: c.due),
            Column("sentence", _("Sentence"), lambda c: c.sentence, max_width=60),
        ]
        print_table(outcome.candidates, columns)
        return
    columns = [
        Column("where", _("Row / item"), lambda p: p.where, max_width=24),
        Column("number", _("No."), lambda p: p.number, no_wrap=True),
        Column("text", _("Assignment"), lambda p: p.text, max_width=60),
        Column("owner", _("Owner"), lambda p: p.owner, max_width=28),
        Column("due", _("Deadline"), lambda p: p.due, lambda p: format_date(p.due), no_wrap=True),
    ]
    if any(p.control_level for p in outcome.created):
        columns.append(
            Column(
                "control_level",
                _("Control level"),
                lambda p: p.control_level,
                lambda p: control_level_label(p.control_level, levels),
            )
        )
    if outcome.created:
        print_table(outcome.created, columns)


def _phrase_name(phrase: object) -> str:
    if phrase is None:
        return ""
    return str(getattr(phrase, "name", None) or getattr(phrase, "organisation", None) or "")


def plan_json(outcome: ImportOutcome) -> list[dict[str, object]]:
    """The dry run as JSON objects: one per planned assignment (prose: per candidate)."""
    if outcome.format == "text":
        return [
            {
                "candidate": c.index,
                "line": c.line,
                "owner": _phrase_name(c.owner) or None,
                "co_executors": [_phrase_name(p) for p in c.co_executors],
                "text": c.action,
                "due_phrase": c.due or None,
                "sentence": c.sentence,
            }
            for c in outcome.candidates
        ]
    return [
        {
            "where": p.where,
            "number": p.number,
            "text": p.text,
            "owner": p.owner,
            "co_executors": p.co_executors,
            "due": p.due.isoformat() if p.due else None,
            "recurrence": p.recurrence,
            "tags": p.tags,
            "status": p.status,
            "meeting_id": p.meeting_id,
            "control_level": p.control_level,
        }
        for p in outcome.created
    ]


def _notes(outcome: ImportOutcome) -> list[str]:
    """What else the import did or would do: the meeting, new people, items already there."""
    from taskboard.presentation import format_date

    lines = []
    meeting = outcome.meeting
    if meeting is not None:
        template = (
            _("Meeting {id} «{title}» ({date}) created from the document's header.")
            if meeting.created
            else _("Meeting {id} «{title}» ({date}) found: the document's header names it.")
        )
        lines.append(
            template.format(id=meeting.id, title=meeting.title, date=format_date(meeting.date))
        )
        if meeting.date_assumed:
            lines.append(
                _("The header gives no date: {date} was taken (give another with --date).").format(
                    date=format_date(meeting.date)
                )
            )
    for person in outcome.new_people:
        details = ", ".join(x for x in (person.position, person.organisation) if x)
        lines.append(
            _("New person {name} ({details}), first named in {where}.").format(
                name=person.full_name, details=details or "—", where=person.where
            )
        )
    if outcome.skipped:
        lines.append(
            ngettext(
                "{n} item is already in the meeting (imported before): {items}.",
                "{n} items are already in the meeting (imported before): {items}.",
                len(outcome.skipped),
            ).format(n=len(outcome.skipped), items=", ".join(outcome.skipped))
        )
    return lines


def _summary(outcome: ImportOutcome, name: str) -> str:
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
    if outcome.format == "text" and outcome.dry_run and not outcome.created:
        c = len(outcome.candidates)
        return ngettext(
            "{n} candidate assignment in «{name}»; save the right ones with --accept N,M.",
            "{n} candidate assignments in «{name}»; save the right ones with --accept N,M.",
            c,
        ).format(n=c, name=name)
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
        typer.Argument(help=_("The file to import (- reads standard input).")),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=_(
                "csv|xlsx|json|protocol|text (default: from the file's ending; for a text, "
                "numbered items make a protocol, anything else is prose)."
            ),
        ),
    ] = None,
    meeting: Annotated[
        int | None,
        options.meeting_id(
            help=_(
                "Meeting id for every row (default for a protocol or prose: the meeting its "
                "header names, found or created)."
            )
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help=_("The meeting's date when the document's header has none.")),
    ] = None,
    dry_run: Annotated[
        bool,
        options.dry_run(help=_("Check everything and show the result; write nothing.")),
    ] = False,
    output_format: Annotated[
        str,
        typer.Option("--output-format", help=_("How --dry-run shows its result: table|json.")),
    ] = "table",
    accept: Annotated[
        str | None,
        typer.Option(
            "--accept",
            help=_("Prose: save these candidates (numbers as --dry-run lists them)."),
        ),
    ] = None,
) -> None:
    """Import assignments from ``file``, all or nothing; print the new ids on stdout."""
    from pathlib import PurePath

    from taskboard.cli.common import check_format
    from taskboard.cli.output import error_line
    from taskboard.cli.progress import ProgressBars
    from taskboard.domain.text import visible
    from taskboard.errors import InvalidInput
    from taskboard.importers import import_file
    from taskboard.importers.drafts import ImportProblems
    from taskboard.importers.prose import parse_accept

    check_format(output_format, ("table", "json"))
    appctx = context.get(ctx)
    name = "stdin" if file == "-" else PurePath(file).name
    # Someone typing or pasting a document into the terminal must not see a bar drawn over it.
    typed = file == "-" and sys.stdin.isatty()
    try:
        with ProgressBars(allowed=not typed) as bars:
            outcome = import_file(
                appctx.database(),
                file,
                fmt=fmt,
                meeting_id=meeting,
                dry_run=dry_run,
                actor=appctx.actor,
                today=appctx.today,
                deadline_mode=appctx.deadline_mode,
                meeting_date=date,
                accept=parse_accept(accept) if accept is not None else None,
                on_progress=bars.task(_("Importing «{name}»").format(name=visible(name))),
                control=appctx.settings.control,
            )
    except ImportProblems as problems:
        # One line per problem; the last goes through the usual error path (exit 2).
        lines = problems.lines()
        for line in lines[:-1]:
            error_line(line)
        raise InvalidInput(lines[-1]) from None
    if dry_run:
        if outcome.format != "json":
            _print_plan(outcome, output_format, appctx.settings.control.levels or None)
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
    for line in _notes(outcome):
        typer.echo(visible(line), err=True)
    typer.echo(_summary(outcome, visible(name)), err=True)
    if not outcome.history_holds:
        from taskboard.cli.output import warning_line

        warning_line(
            _(
                "the history in «{name}» does not hold: it was changed after it was exported "
                "(restored as it is; `taskboard audit verify` names the first changed event)."
            ).format(name=visible(name))
        )


def _refuse_existing(output: str | None, force: bool) -> None:
    """Refuse an existing ``--output`` without ``--force`` before reading anything."""
    from pathlib import Path

    from taskboard.errors import InvalidInput

    if output is not None and Path(output).expanduser().exists() and not force:
        raise InvalidInput(
            _("«{name}» already exists; add --force to overwrite it.").format(name=output)
        )


PERECHEN_DOCUMENTS = {".docx": "docx", ".html": "html", ".htm": "html"}
"""The ending of ``--output`` and the document a перечень is written as (else plain text)."""


def _export_perechen(
    appctx: AppContext, meeting: int | None, output: str | None, force: bool
) -> None:
    """``export --format perechen``: a meeting's «Перечень поручений» (text, HTML or DOCX)."""
    from pathlib import PurePath

    from taskboard import perechen
    from taskboard.domain.text import visible
    from taskboard.files import write_atomically

    document = PERECHEN_DOCUMENTS.get(PurePath(output).suffix.lower(), "text") if output else "text"

    def read(reader: Reader) -> bytes:
        shown = perechen.of_meeting(reader, perechen.the_meeting(reader, meeting))
        if document == "docx":
            return perechen.to_docx(shown)
        if document == "html":
            return perechen.to_html(shown).encode("utf-8")
        return perechen.to_text(shown).encode("utf-8")

    data = appctx.read(read)
    if output is None:
        _write_stdout(data)
        return
    path = write_atomically(
        output, data, force=force, kind="export", access=appctx.settings.file_access
    )
    typer.echo(
        _("List of assignments written to {path} ({fmt}).").format(
            path=visible(str(path.resolve())), fmt=document
        ),
        err=True,
    )


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        options.output_format(
            ("json", "csv", "perechen"),
            help=_(
                "json|csv|perechen (perechen: a meeting's «Перечень поручений»: text, or HTML "
                "or DOCX by the --output file's ending)"
            ),
        ),
    ] = "json",
    output: Annotated[
        str | None, options.output_file(help=_("File to write (standard output without it)."))
    ] = None,
    force: Annotated[bool, options.force(help=_("Overwrite --output if it exists."))] = False,
    bom: Annotated[bool, options.bom(help=_("CSV: start with a UTF-8 BOM (for Excel)."))] = False,
    meeting: Annotated[
        int | None,
        options.meeting_id(help=_("--format perechen: the meeting (default: the only one).")),
    ] = None,
) -> None:
    """Write the whole register as JSON (loss-free), the assignments as CSV, or a meeting's
    list of assignments (перечень)."""
    import os

    from taskboard.cli.progress import ProgressBars
    from taskboard.domain.text import visible
    from taskboard.files import write_atomically

    appctx = context.get(ctx)
    chosen = fmt.strip().lower()
    _refuse_existing(output, force)  # before reading the whole register
    if chosen == "perechen":
        _export_perechen(appctx, meeting, output, force)
        return
    if meeting is not None:
        from taskboard.errors import InvalidInput

        raise InvalidInput(_("--meeting applies to --format perechen only."))
    with ProgressBars() as bars:
        progress = bars.task(_("Exporting"))
        if output is None:
            streamed = chosen == "json" and _stream_json(
                appctx, _stdout_writer(), progress, restartable=False
            )
            if streamed:
                sys.stdout.flush()
            else:
                from taskboard.snapshot import export_bytes

                data = export_bytes(appctx.database(), chosen, bom=bom, on_progress=progress)
                _write_stdout(data)
            return

        def write_file(temp: Path) -> None:
            with open(temp, "wb") as out:
                streamed = chosen == "json" and _stream_json(
                    appctx, out.write, progress, restartable=True
                )
                if not streamed:
                    from taskboard.snapshot import export_bytes

                    out.seek(0)
                    out.truncate()  # what a stream that broke off wrote
                    out.write(
                        export_bytes(appctx.database(), chosen, bom=bom, on_progress=progress)
                    )
                out.flush()
                os.fsync(out.fileno())

        path = write_atomically(
            output, write_file, force=force, kind="export", access=appctx.settings.file_access
        )
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
