"""What every command needs: settings, the database, the actor, today, the deadline mode."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import typer

from taskboard.config import Settings
from taskboard.domain import clock

if TYPE_CHECKING:
    from taskboard.storage.database import Database


@dataclass
class AppContext:
    """Shared state of one command-line invocation (``ctx.obj``)."""

    settings: Settings
    db_value: str | None
    """``--db``, else ``TASKBOARD_DB``, else the config's ``database``; None: the default file."""
    _database: Database | None = field(default=None, repr=False)

    def database(self, *, new: bool = False) -> Database:
        """The open database (opened, created or migrated on first use); ``new``: an empty
        file may be made a register (`init`)."""
        if self._database is None:
            from taskboard.storage.database import open_database

            self._database = open_database(
                self.db_value, empty_ok=new, access=self.settings.file_access
            )
        return self._database

    @property
    def actor(self) -> str:
        """The name written into the history."""
        return self.settings.actor_name()

    @property
    def today(self) -> date:
        """Today (``TASKBOARD_TODAY`` overrides)."""
        return clock.today()

    @property
    def deadline_mode(self) -> str:
        """``calendar`` or ``working`` days for rule words and +N."""
        return self.settings.deadline_days

    def close(self) -> None:
        """Release the database connections."""
        if self._database is not None:
            self._database.dispose()


def get(ctx: typer.Context) -> AppContext:
    """The :class:`AppContext` of this invocation."""
    root = ctx.find_root()
    obj = root.obj
    assert isinstance(obj, AppContext)
    return obj
