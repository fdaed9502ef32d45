"""Consistent copies of a database into an SQLite file, while others keep working.

SQLite is copied with ``VACUUM INTO`` (one read transaction: a consistent snapshot). Any
other database is copied table by table inside one snapshot transaction into a new SQLite
file created at the same schema revision, which ``--db`` can then open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlmodel import SQLModel

from taskboard.errors import FileExists, InvalidInput, StorageError, file_error
from taskboard.files import OWNER_ONLY, FileAccess, replacing
from taskboard.i18n import _
from taskboard.storage.database import (
    HEAD_REVISION,
    Database,
    make_engine,
    sqlite_copy,
    upgrade,
)


def backup_database(
    db: Database,
    target: Path,
    *,
    overwrite: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    access: FileAccess = OWNER_ONLY,
) -> Path:
    """Copy ``db`` to ``target`` atomically (a temporary file, then a rename).

    The copy is created with ``access`` (mode 0600 unless the config names a group).

    ``on_progress`` is told ``(done, total)``: bytes copied (SQLite) or tables (any other).
    """
    target = target.expanduser().absolute()
    if target.exists() and not overwrite:
        raise FileExists(
            _("{path} already exists; choose another name or add --force.").format(path=target),
            target,
        )
    if not target.parent.is_dir():
        raise InvalidInput(_("The folder {folder} does not exist.").format(folder=target.parent))
    source = db.sqlite_path
    if source is not None and source.resolve() == target.resolve():
        raise InvalidInput(_("The backup cannot overwrite the database itself."))
    try:
        # A temporary file beside the target (owner-only, or the config's group), renamed
        # into place; removed on failure, and by the next backup if this one is killed.
        with replacing(target, "backup", access) as temp:
            if source is not None:
                sqlite_copy(source, temp, on_progress=on_progress)
            else:
                _copy_to_sqlite(db, temp, on_progress)
    except OSError as exc:
        raise file_error(exc, target) from None
    return target


def _copy_to_sqlite(
    db: Database, temp: Path, on_progress: Callable[[int, int], None] | None = None
) -> None:
    engine = make_engine(f"sqlite:///{temp}")
    try:
        upgrade(engine)
        with db.engine.connect() as src, engine.begin() as dst:
            if db.engine.dialect.name == "postgresql":
                src.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            # A person's supervisor may have a higher id: check keys at commit.
            dst.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            revision = src.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if revision != HEAD_REVISION:
                raise StorageError(_("The database changed its schema during the backup."))
            tables = SQLModel.metadata.sorted_tables
            for done, table in enumerate(tables):
                if on_progress is not None:
                    on_progress(done, len(tables))
                rows = [dict(r._mapping) for r in src.execute(select(table))]
                # What the migrations put into a new database (the chain's head) is replaced.
                dst.execute(table.delete())
                if rows:
                    dst.execute(insert(table), rows)
            if on_progress is not None:
                on_progress(len(tables), len(tables))
    finally:
        engine.dispose()
