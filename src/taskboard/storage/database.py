"""Opening a database: URLs, connection pragmas, transactions, schema checks and migrations.

SQLite gets WAL mode, foreign keys and a busy timeout on every connection, set while no
transaction is open (``PRAGMA foreign_keys`` is a no-op inside one). Write transactions start
with ``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes fails at once with
"database is locked" when another process committed in between, whatever the busy timeout.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from taskboard.errors import StaleVersion, StorageError, TaskboardError
from taskboard.files import OWNER_ONLY, FileAccess, create_private, replacing
from taskboard.i18n import _

SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
"""Every schema revision this program knows, oldest first; the last is the current one."""
HEAD_REVISION = SCHEMA_REVISIONS[-1]
BUSY_TIMEOUT_S = int(os.environ.get("TASKBOARD_TEST_BUSY_TIMEOUT", "10"))
"""How long a writer waits for another writer before "database is locked" (tests shorten it)."""

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
COPY_PAUSE_ENV = "TASKBOARD_TEST_COPY_PAUSE"
"""Seconds an SQLite copy sleeps at each look at its progress (tests kill a backup mid-way)."""


def default_data_dir() -> Path:
    """taskboard's folder in the user data directory (platformdirs; it may not exist yet)."""
    from platformdirs import user_data_path

    return user_data_path("taskboard", appauthor=False)


def default_database_path() -> Path:
    """``taskboard.db`` in the user data directory (what ``taskboard init`` creates)."""
    return default_data_dir() / "taskboard.db"


def resolve_url(value: str | os.PathLike[str] | None) -> str:
    """An SQLAlchemy URL for ``value``: a URL as given, a path as ``sqlite:///…``."""
    if value is None or str(value) == "":
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    raw = str(value)
    if "://" in raw:
        return raw
    return f"sqlite:///{Path(raw).expanduser().absolute()}"


def _display(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def storage_error(exc: BaseException, url: str) -> TaskboardError:
    """Turn a driver error into one line that says what is wrong and what to do."""
    if isinstance(exc, StaleDataError):
        return StaleVersion(
            _("Someone else changed this record meanwhile; nothing was saved. Reload and retry.")
        )
    where = _display(url)
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc) else ""
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return StorageError(
            _(
                "The database {where} is locked by another program for more than {seconds} s; "
                "try again in a moment."
            ).format(where=where, seconds=BUSY_TIMEOUT_S)
        )
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return StorageError(
            _(
                "The database {where} is read-only; check the file's permissions "
                "or choose another database with --db."
            ).format(where=where)
        )
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return StorageError(
            _(
                "{where} is not a taskboard database or is damaged; choose another with --db "
                "or restore a backup."
            ).format(where=where)
        )
    if "unique" in lowered or "duplicate key" in lowered:
        # Two writers took the same item number (PostgreSQL runs them side by side).
        return StorageError(
            _(
                "Someone else saved the same value meanwhile ({reason}); nothing was saved, retry."
            ).format(reason=message)
        )
    if "unable to open" in lowered:
        return StorageError(
            _(
                "Cannot open the database {where}; check that its folder exists and is writable."
            ).format(where=where)
        )
    if "disk i/o" in lowered or "no such table" in lowered:
        return StorageError(
            _(
                "The database {where} cannot be read ({reason}); restore a backup or use --db."
            ).format(where=where, reason=message)
        )
    return StorageError(
        _("Database error on {where}: {reason}").format(where=where, reason=message)
    )


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below instead of pysqlite.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # A read-only or busy file keeps its journal mode: readers still work.
        with contextlib.suppress(sqlite3.OperationalError):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("taskboard_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Database:
    """An open, schema-checked database: hands out read and write sessions."""

    url: str
    """The SQLAlchemy URL."""
    engine: Engine
    """The engine (SQLite pragmas and BEGIN hooks installed)."""

    @property
    def is_sqlite(self) -> bool:
        """True for an SQLite file."""
        return self.engine.dialect.name == "sqlite"

    @property
    def display_name(self) -> str:
        """The path or the URL without its password, for messages."""
        return _display(self.url)

    @property
    def sqlite_path(self) -> Path | None:
        """The database file, for SQLite."""
        return _sqlite_file(self.url) if self.is_sqlite else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading: a consistent snapshot, nothing written."""
        try:
            # Closing (not rolling back) ends the snapshot and keeps loaded objects usable.
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
        except SQLAlchemyError as exc:
            raise storage_error(exc, self.url) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE on SQLite), committed when the block ends."""
        bind = self.engine.execution_options(taskboard_begin="IMMEDIATE")
        try:
            with Session(bind, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except (SQLAlchemyError, StaleDataError) as exc:
            raise storage_error(exc, self.url) from exc

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _install_group_hooks(engine: Engine, path: Path, group: int) -> None:
    """Give the -wal and -shm SQLite creates the database's group (``file_group``).

    SQLite gives them the database file's mode, but its group only when run as root: anyone
    else's would get the user's primary group, which 0640 would let read the recent changes.
    """

    def give_group(*_args: Any) -> None:
        for side in ("-wal", "-shm"):
            name = f"{path}{side}"
            with contextlib.suppress(OSError):
                status = os.stat(name)
                if status.st_uid == os.geteuid() and status.st_gid != group:
                    os.chown(name, -1, group)

    # At connect (an existing WAL database's files open with the journal mode) and at each
    # commit (the first write of a connection creates the -wal).
    event.listen(engine, "connect", give_group)
    event.listen(engine, "commit", give_group)


def make_engine(url: str, access: FileAccess = OWNER_ONLY) -> Engine:
    """An engine for ``url`` with taskboard's SQLite settings (``access``: see files.py)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        _install_sqlite_hooks(engine)
        path = _sqlite_file(url)
        if access.group is not None and path is not None:
            _install_group_hooks(engine, path, access.group)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (plain path or ``file:`` URI), None for memory."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def _check_sqlite_target(url: str) -> bool:
    """Return whether the SQLite file exists; refuse a missing folder or a directory."""
    path = _sqlite_file(url)
    if path is None:
        return False
    if path.is_dir():
        raise StorageError(
            _("{path} is a folder, not a database file; give a file path with --db.").format(
                path=path
            )
        )
    if not path.parent.is_dir():
        raise StorageError(
            _(
                "The folder {folder} does not exist; create it or choose another path with --db."
            ).format(folder=path.parent)
        )
    return path.exists()


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database, None for an empty one."""
    with engine.connect() as conn:
        inspector = inspect(conn)
        if not inspector.has_table("alembic_version"):
            if inspector.get_table_names():
                raise StorageError(
                    _(
                        "{where} is not a taskboard database (it has other tables); "
                        "choose another with --db."
                    ).format(where=_display(str(engine.url)))
                )
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the current revision with Alembic, in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    locked = engine.execution_options(taskboard_begin="IMMEDIATE")
    with locked.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


COPY_PROGRESS_EVERY = 100_000
"""SQLite virtual machine steps between two looks at how far a copy got (about 50 a second)."""


def sqlite_copy(
    source: Path, target: Path, *, on_progress: Callable[[int, int], None] | None = None
) -> None:
    """A consistent copy of an SQLite file (``VACUUM INTO``), safe while others write.

    ``on_progress`` is told ``(bytes written, bytes in use in the source)`` as the copy grows.
    """
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    stopped: list[BaseException] = []
    pause = float(os.environ.get(COPY_PAUSE_ENV) or 0)
    try:
        total = 1
        if on_progress is not None:
            pages, free, size = (
                src.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("page_count", "freelist_count", "page_size")
            )
            total = max(1, (pages - free) * size)

        def look() -> int:
            try:
                if pause:
                    time.sleep(pause)
                if on_progress is not None:
                    on_progress(min(target.stat().st_size, total), total)
            except FileNotFoundError:
                pass
            except BaseException as exc:  # Ctrl+C arrives here: stop the copy, raise it
                stopped.append(exc)
                return 1
            return 0

        if on_progress is not None:
            on_progress(0, total)
        if on_progress is not None or pause:
            src.set_progress_handler(look, COPY_PROGRESS_EVERY)
        try:
            src.execute("VACUUM INTO ?", (str(target),))
        except sqlite3.OperationalError as exc:
            if stopped:
                raise stopped[0] from None
            if (on_progress is not None or pause) and "interrupt" in str(exc):
                # Ctrl+C raised before ``look`` could catch it: the module swallowed it.
                raise KeyboardInterrupt from None
            raise
        if on_progress is not None:
            on_progress(total, total)
    finally:
        src.close()


def open_database(
    value: str | os.PathLike[str] | None,
    *,
    migrate: bool = True,
    access: FileAccess = OWNER_ONLY,
) -> Database:
    """Open a path or URL: create a missing file, migrate an old schema, refuse a newer one.

    A new SQLite file is created with ``access`` (0600, or 0640 and the config's group; SQLite
    gives its -wal and -shm the same mode); an existing file keeps its mode.
    """
    url = resolve_url(value)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    existed = _check_sqlite_target(url) if is_sqlite else True
    new_file = _sqlite_file(url) if is_sqlite and not existed else None
    if new_file is not None:
        # A folder we may not write to: SQLite's own error says so below.
        with contextlib.suppress(OSError):
            create_private(new_file, access)
    engine = make_engine(url, access)
    try:
        revision = current_revision(engine)
        if revision == HEAD_REVISION:
            return Database(url=url, engine=engine)
        if revision is not None and revision not in SCHEMA_REVISIONS:
            raise StorageError(
                _(
                    "The database {where} has schema {revision}, newer than this taskboard "
                    "knows ({head}); upgrade taskboard."
                ).format(where=_display(url), revision=revision, head=HEAD_REVISION)
            )
        if not migrate:
            raise StorageError(
                _("The database {where} needs a schema upgrade; run any taskboard command.").format(
                    where=_display(url)
                )
            )
        path = _sqlite_file(url) if is_sqlite else None
        if revision is not None and path is not None and existed:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.name}.backup-{revision}-{stamp}")
            with replacing(backup, "backup", access) as temp:
                sqlite_copy(path, temp)
        upgrade(engine)
        return Database(url=url, engine=engine)
    except TaskboardError:
        engine.dispose()
        raise
    except (SQLAlchemyError, sqlite3.Error) as exc:
        engine.dispose()
        raise storage_error(exc, url) from exc
