"""The register's administration: ``db status``, ``db upgrade``, ``db copy`` (docs/postgresql.md).

A PostgreSQL register is shared, so its schema is upgraded on purpose, by an administrator,
with ``db upgrade``; ``db status`` says where it stands first. Both work on SQLite files too.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from taskboard.cli import context, options
from taskboard.cli.common import check_format
from taskboard.cli.output import info
from taskboard.i18n import _

STATUS_FORMATS = ("table", "json")


def _state_words(state: str) -> str:
    return {
        "current": _("current"),
        "behind": _("behind: an upgrade is pending"),
        "newer": _("newer than this taskboard: upgrade taskboard"),
        "empty": _("empty: no register yet"),
    }[state]


def status(
    ctx: typer.Context,
    fmt: Annotated[str, options.output_format(STATUS_FORMATS)] = "table",
) -> None:
    """Where the register's schema stands: backend, revision, pending migrations, counts."""
    from taskboard.storage.schema import schema_status

    check_format(fmt, STATUS_FORMATS)
    found = schema_status(context.get(ctx).db_value)
    if fmt == "json":
        from taskboard.cli.output import write_json_array

        write_json_array(found.as_dict())
        return
    names = {
        "person": _("people"),
        "meeting": _("meetings"),
        "assignment": _("assignments"),
        "event": _("history events"),
    }
    lines = [
        (_("Backend"), found.backend),
        (_("Database"), found.where),
        (_("Schema"), found.revision or "—"),
        (_("This taskboard"), found.head),
        (_("State"), _state_words(found.state)),
    ]
    lines += [(names[k], str(v)) for k, v in found.counts.items()]
    width = max(len(label) for label, _value in lines)
    out = [f"{label.ljust(width)}  {value}" for label, value in lines]
    if found.pending:
        out.append(_("Pending migrations:"))
        out += [f"  {m.revision}  {m.title}" for m in found.pending]
    sys.stdout.write("\n".join(out) + "\n")


def upgrade(ctx: typer.Context) -> None:
    """Bring the register's schema to this taskboard's, in one transaction."""
    from taskboard.storage.schema import upgrade_register

    appctx = context.get(ctx)
    before, after = upgrade_register(appctx.db_value, access=appctx.settings.file_access)
    if not before.pending:
        info(
            _("{where} is already at schema {revision}; nothing to do.").format(
                where=after.where, revision=after.revision
            )
        )
        return
    for migration in before.pending:
        info(f"  {migration.revision}  {migration.title}")
    info(
        _("{where} upgraded from schema {old} to {new}.").format(
            where=after.where, old=before.revision, new=after.revision
        )
    )


def copy(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            # Not a date, as --to is everywhere else: a database's address.
            metavar=_("DATABASE"),
            help=_("The target: a PostgreSQL URL or an SQLite file (created if missing)."),
        ),
    ],
    force: Annotated[
        bool, options.force(help=_("Replace everything in a target that already holds data."))
    ] = False,
) -> None:
    """Copy the whole register (people, meetings, assignments, history, reminders sent) to
    another database, loss-free, and check that the copy exports the same."""
    from taskboard.cli.progress import ProgressBars
    from taskboard.errors import InvalidInput, StorageError
    from taskboard.snapshot import copy_register
    from taskboard.storage.database import open_database, resolve_url

    appctx = context.get(ctx)
    source = appctx.database()
    if resolve_url(to) == source.url:
        raise InvalidInput(_("The target is the register itself; choose another --to."))
    target = open_database(
        to,
        empty_ok=True,
        access=appctx.settings.file_access,
        auto_upgrade=appctx.settings.auto_upgrade,
    )
    try:
        with ProgressBars() as bars:
            summary = copy_register(
                source, target, force=force, on_progress=bars.task(_("Copying the register"))
            )
    finally:
        where = target.display_name
        target.dispose()
    counts = summary.counts
    info(
        _(
            "Copied to {where}: {people} people, {meetings} meetings, {assignments} "
            "assignments, {events} history events."
        ).format(
            where=where,
            people=counts.get("people", 0),
            meetings=counts.get("meetings", 0),
            assignments=counts.get("assignments", 0),
            events=counts.get("events", 0),
        )
    )
    if not summary.same:
        raise StorageError(
            _("The copy in {where} does not export as the register does; do not use it.").format(
                where=where
            )
        )
    info(_("Checked: the copy exports exactly as the register does."))


def register(app: typer.Typer) -> None:
    """Add the ``db`` group to ``app`` (help texts in the current language)."""
    db_app = typer.Typer(
        help=_("The register's schema: status and deliberate upgrades."), no_args_is_help=True
    )
    db_app.command(
        "status", help=_("Show the backend, schema revision, pending migrations and counts.")
    )(status)
    db_app.command("upgrade", help=_("Upgrade the schema to this taskboard's (one transaction)."))(
        upgrade
    )
    db_app.command("copy", help=_("Copy the whole register to another database, loss-free."))(copy)
    app.add_typer(db_app, name="db")
