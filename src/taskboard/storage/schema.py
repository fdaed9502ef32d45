"""A register's schema as an administrator sees it: ``taskboard db status`` and ``db upgrade``.

The status is read without changing anything (no file is created, no migration runs); the
upgrade is :func:`taskboard.storage.database.open_database` with the upgrade asked for, so it
runs the same way as an automatic one: Alembic in one transaction, an SQLite file backed up
beside itself first, PostgreSQL clients taking turns on an advisory lock.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass, field

from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from taskboard.errors import StorageError, TaskboardError
from taskboard.files import OWNER_ONLY, FileAccess
from taskboard.i18n import _
from taskboard.storage import database as db

COUNTED = ("person", "meeting", "assignment", "event")
"""The tables whose rows ``db status`` counts (all exist since the first schema)."""


@dataclass(frozen=True)
class Migration:
    """One schema revision still to run."""

    revision: str
    """Its id (``0007``)."""
    title: str
    """The first line of its docstring: what it changes."""


@dataclass(frozen=True)
class SchemaStatus:
    """Where a register's schema stands against this program."""

    backend: str
    """``sqlite`` or ``postgresql``."""
    where: str
    """The file, or the URL without its password."""
    revision: str | None
    """The revision stamped in it (None: an empty database)."""
    head: str
    """The revision this program works with."""
    pending: tuple[Migration, ...] = ()
    """The migrations an upgrade would run, oldest first."""
    counts: dict[str, int] = field(default_factory=dict)
    """Rows of each of :data:`COUNTED` (empty for an empty database)."""

    @property
    def state(self) -> str:
        """``current``, ``behind``, ``newer`` (made by a newer taskboard) or ``empty``."""
        if self.revision is None:
            return "empty"
        if self.revision == self.head:
            return "current"
        if self.revision in db.SCHEMA_REVISIONS:
            return "behind"
        return "newer"

    def as_dict(self) -> dict[str, object]:
        """The JSON of ``db status --format json``."""
        return {
            "backend": self.backend,
            "database": self.where,
            "revision": self.revision,
            "head": self.head,
            "state": self.state,
            "pending": [{"revision": m.revision, "title": m.title} for m in self.pending],
            "counts": self.counts,
        }


def _migrations_after(revision: str | None) -> tuple[Migration, ...]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    start = 0 if revision is None else db.SCHEMA_REVISIONS.index(revision) + 1
    found = []
    for rev in db.SCHEMA_REVISIONS[start:]:
        script = scripts.get_revision(rev)
        title = (script.doc if script is not None else "") or ""
        found.append(Migration(rev, title.strip().splitlines()[0] if title.strip() else ""))
    return tuple(found)


def schema_status(value: str | os.PathLike[str] | None, *, counts: bool = True) -> SchemaStatus:
    """The schema of the register at ``value`` (a path or URL), read without changing it;
    ``counts``: also count the rows of :data:`COUNTED` (not while an upgrade may be running:
    reading table after table beside a migration's exclusive locks can deadlock)."""
    url = db.resolve_url(value)
    backend = make_url(url).get_backend_name()
    where = db._display(url)
    path = db._sqlite_file(url) if backend == "sqlite" else None
    if path is not None:
        if not path.exists():
            raise StorageError(
                _("There is no database at {where}; taskboard init creates one.").format(
                    where=where
                )
            )
        db._check_sqlite_file(path, url, empty_ok=True)
        url = db._read_only_url(path)  # never a write, not even WAL's -shm
    engine = db.make_engine(url)
    try:
        with contextlib.ExitStack() as held:
            if backend != "sqlite":
                # Wait for an upgrade under way (it holds this lock exclusively) rather than
                # read beside its table locks: the reads could deadlock the migration.
                guard = held.enter_context(engine.connect())
                guard.execute(
                    text("SELECT pg_advisory_xact_lock_shared(:key)"), {"key": db.UPGRADE_LOCK_KEY}
                )
            revision = db.current_revision(engine)
            counted: dict[str, int] = {}
            if revision is not None and counts:
                with engine.connect() as conn:
                    tables = set(inspect(conn).get_table_names())
                    for name in COUNTED:
                        if name in tables:
                            counted[name] = conn.execute(
                                select(func.count()).select_from(table(name))
                            ).scalar_one()
        known = revision is None or revision in db.SCHEMA_REVISIONS
        return SchemaStatus(
            backend=backend,
            where=where,
            revision=revision,
            head=db.HEAD_REVISION,
            pending=_migrations_after(revision) if known else (),
            counts=counted,
        )
    except TaskboardError:
        raise
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise db.storage_error(exc, url) from exc
    finally:
        engine.dispose()


def upgrade_register(
    value: str | os.PathLike[str] | None, *, access: FileAccess = OWNER_ONLY
) -> tuple[SchemaStatus, SchemaStatus]:
    """Bring the register at ``value`` to this program's schema; its status before and after.

    Refused, as on open, for a schema newer than this program or one it does not know; an
    existing SQLite file is backed up beside itself first. Nothing to do is not an error.
    """
    before = schema_status(value, counts=False)
    if before.state == "empty":
        raise StorageError(
            _("{where} holds no register yet; taskboard init creates one.").format(
                where=before.where
            )
        )
    if before.state == "current":
        return before, before  # opened for nothing: not even a WAL switch of the file
    database = db.open_database(value, access=access, auto_upgrade=True)
    database.dispose()
    return before, schema_status(value, counts=False)


__all__ = ["COUNTED", "Migration", "SchemaStatus", "schema_status", "upgrade_register"]
