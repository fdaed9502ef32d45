"""What every command needs: settings, the database, the actor, today, the deadline mode."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

import typer

from taskboard.config import Settings
from taskboard.domain import clock

if TYPE_CHECKING:
    from taskboard.storage.database import Database
    from taskboard.storage.direct import Reader

T = TypeVar("T")


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
                self.db_value,
                empty_ok=new,
                access=self.settings.file_access,
                auto_upgrade=self.settings.auto_upgrade,
            )
        return self._database

    def read(self, job: Callable[[Reader], T]) -> T:
        """Run the read-only ``job`` on the register's SQL and return what it returns.

        An existing SQLite register at the current schema is read through the standard
        library's ``sqlite3`` (no SQLAlchemy to import: :mod:`taskboard.storage.direct`);
        anything else — PostgreSQL, a file to create or upgrade, a file SQLite cannot read as
        it is — through a session of :meth:`database`, whose errors say what is wrong.
        """
        found = self.read_direct(job)
        if found is not None:
            return found
        from taskboard.domain.queries import reader_of

        with self.database().read() as session:
            return job(reader_of(session))

    def read_direct(self, job: Callable[[Reader], T | None]) -> T | None:
        """``job`` on the standard library's ``sqlite3`` when the register allows (see
        :meth:`read`); None when it does not, or when ``job`` returns None."""
        from taskboard.storage.direct import open_reader

        if self._database is not None:
            return None
        reader = open_reader(self.db_value, group=self.settings.file_access.group)
        if reader is None:
            return None
        try:
            return job(reader)
        except sqlite3.Error:
            return None  # damaged, or locked meanwhile: the full path says what is wrong
        finally:
            reader.close()

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
