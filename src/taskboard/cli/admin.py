"""Database housekeeping: ``init [--demo]`` and ``backup FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taskboard.cli import context, options
from taskboard.cli.output import info
from taskboard.errors import InvalidInput
from taskboard.i18n import _


def init(
    ctx: typer.Context,
    demo: Annotated[
        bool, typer.Option("--demo", help=_("Load the example meetings and assignments."))
    ] = False,
) -> None:
    """Create (or migrate) the database; with ``--demo``, load the example into an empty one."""
    from sqlalchemy import func, select

    from taskboard.domain.models import Assignment, Meeting, Person

    appctx = context.get(ctx)
    db = appctx.database(new=True)
    if demo:
        from taskboard.demo import load_demo

        with db.write() as session:
            counts = [
                session.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (Person, Meeting, Assignment)
            ]
            if any(counts):
                raise InvalidInput(
                    _(
                        "{where} already holds data; the example goes into an empty "
                        "database (choose a new file with --db)."
                    ).format(where=db.display_name)
                )
            load_demo(session, actor=appctx.actor)
        info(_("Example data loaded into {where}.").format(where=db.display_name))
    else:
        info(_("Database ready: {where}").format(where=db.display_name))


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=_("Where to write the copy (an SQLite file)."))],
    force: Annotated[bool, options.force(help=_("Overwrite FILE if it exists."))] = False,
) -> None:
    """Write a consistent copy of the database to ``file`` while others work."""
    from taskboard.cli.progress import ProgressBars
    from taskboard.storage.backup import backup_database

    appctx = context.get(ctx)
    database = appctx.database()
    with ProgressBars() as bars:
        target = backup_database(
            database,
            file,
            overwrite=force,
            on_progress=bars.task(_("Writing the backup")),
            access=appctx.settings.file_access,
        )
    info(_("Backup written to {path}.").format(path=target))


def register(app: typer.Typer) -> None:
    """Add ``init`` and ``backup`` to ``app`` (help texts in the current language)."""
    app.command("init", help=_("Create the database; --demo fills it with the example data."))(init)
    app.command("backup", help=_("Write a consistent copy of the database while others work."))(
        backup
    )
