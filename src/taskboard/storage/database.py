"""Opening a database: URLs, connection pragmas, transactions, schema checks and migrations.

SQLite gets WAL mode, foreign keys and a busy timeout on every connection, set while no
transaction is open (``PRAGMA foreign_keys`` is a no-op inside one). Write transactions start
with ``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes fails at once with
"database is locked" when another process committed in between, whatever the busy timeout.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from taskboard.errors import StaleVersion, StorageError, TaskboardError
from taskboard.files import OWNER_ONLY, FileAccess, create_private, replacing
from taskboard.i18n import _
from taskboard.storage.direct import BUSY_TIMEOUT_S as BUSY_TIMEOUT_S
from taskboard.storage.direct import HEAD_REVISION as HEAD_REVISION
from taskboard.storage.direct import SCHEMA_REVISIONS as SCHEMA_REVISIONS
from taskboard.storage.direct import SQLITE_HEADER as SQLITE_HEADER
from taskboard.storage.direct import check_sqlite_file, give_group, refuse_nul
from taskboard.storage.direct import default_data_dir as default_data_dir
from taskboard.storage.direct import default_database_path as default_database_path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
COPY_PAUSE_ENV = "TASKBOARD_TEST_COPY_PAUSE"
"""Seconds an SQLite copy sleeps at each look at its progress (tests kill a backup mid-way)."""

CHANGES_CHANNEL = "taskboard_changes"
"""The PostgreSQL channel every write transaction notifies (the TUI's watcher listens)."""

WRITE_ATTEMPTS = 5
"""How often :meth:`Database.transact` runs a change that met a concurrent writer's commit."""
RETRY_PAUSE_S = 0.05
"""The longest pause before the first retry; it doubles for each further one."""
CONFLICT_SQLSTATES = frozenset({"40001", "40P01", "23505"})
"""PostgreSQL's serialisation failure, deadlock, and a unique value taken meanwhile."""

T = TypeVar("T")


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
        path = _sqlite_file(url)
        return str(path) if path is not None else ":memory:"
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
    if getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":
        # PostgreSQL's insufficient_privilege: a role that may read but not write (a manager's
        # taskboard_reader, scripts/pg-roles.sql), or one not granted the register at all.
        return StorageError(
            _(
                "The database {where} is read-only for the role {role} ({reason}); nothing was "
                "saved. Ask the administrator for write rights (docs/postgresql.md, Roles)."
            ).format(where=where, role=make_url(url).username or "?", reason=message)
        )
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
    if "database or disk is full" in lowered:
        return _disk_problem(url, full=True, reason=message)
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
    code = _sqlite_code(exc)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        return _disk_problem(url, full=code & 0xFF == sqlite3.SQLITE_FULL, reason=message)
    if "no such table" in lowered:
        return StorageError(
            _(
                "The database {where} cannot be read ({reason}); restore a backup or use --db."
            ).format(where=where, reason=message)
        )
    return StorageError(
        _("Database error on {where}: {reason}").format(where=where, reason=message)
    )


def _sqlite_code(exc: BaseException) -> int | None:
    """SQLite's extended result code of a driver error (``SQLITE_IOERR_SHMSIZE``…), if any."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def _folder_is_full(path: Path) -> bool:
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False


def quick_check(path: Path) -> bool | None:
    """Whether SQLite's ``PRAGMA quick_check`` finds the file sound (None: it cannot say).

    Opened ``immutable``: no -wal or -shm is needed (they are what a full or failing disk
    refuses), nothing is written, and a half-copied WAL cannot hide the file's own state.
    """
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) in (
            sqlite3.SQLITE_CORRUPT,
            sqlite3.SQLITE_NOTADB,
        ):
            return False
        return None
    return rows == [("ok",)]


def _disk_problem(url: str, *, full: bool, reason: str) -> TaskboardError:
    """A disk that refused a read or a write: a full disk, a failing one, or real damage.

    A full disk (or one that cannot grow the -shm file) says so and that the file is intact:
    advice to restore a backup would throw away every change since it was made. Only
    ``quick_check`` saying so makes the database "damaged".
    """
    where = _display(url)
    path = _sqlite_file(url)
    if path is not None and (full or _folder_is_full(path)):
        return StorageError(
            _(
                "The disk of the database {where} is full; free space and retry "
                "— the database is intact."
            ).format(where=where)
        )
    sound = quick_check(path) if path is not None and path.is_file() else None
    if sound is False:
        return StorageError(
            _(
                "The database {where} is damaged (SQLite's integrity check fails); "
                "restore a backup or choose another with --db."
            ).format(where=where)
        )
    if sound is True:
        return StorageError(
            _(
                "The database {where} could not be read or written ({reason}), but the file "
                "is intact; check the disk and retry."
            ).format(where=where, reason=reason)
        )
    return StorageError(
        _(
            "The database {where} could not be read or written ({reason}); "
            "check the disk and retry."
        ).format(where=where, reason=reason)
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
        options = conn.get_execution_options()
        if options.get("taskboard_schema_change"):
            # SQLite's way to change a table others refer to (its "ALTER TABLE" page): foreign
            # keys off outside the transaction, checked with foreign_key_check before commit.
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        mode = options.get("taskboard_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Database:
    """An open, schema-checked database: hands out read and write sessions."""

    url: str
    """The SQLAlchemy URL."""
    engine: Engine
    """The engine (SQLite pragmas and BEGIN hooks installed)."""
    read_only: str | None = None
    """Why the database is open for reading only (read-only media or folder, a PostgreSQL role
    that may only read), or None."""

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
        if self.read_only is not None:
            if not self.is_sqlite:
                raise StorageError(
                    _(
                        "The database {where} is read-only for the role {role}; nothing was "
                        "changed. Ask the administrator for write rights (docs/postgresql.md, "
                        "Roles)."
                    ).format(where=self.display_name, role=make_url(self.url).username or "?")
                )
            raise StorageError(
                _(
                    "The database {where} is read-only: {reason}; nothing was changed. "
                    "Copy it somewhere writable to change it."
                ).format(where=self.display_name, reason=self.read_only)
            )
        bind = self.engine.execution_options(taskboard_begin="IMMEDIATE")
        try:
            with Session(bind, expire_on_commit=False) as session:
                try:
                    yield session
                    if not self.is_sqlite:
                        # Delivered to listeners when (and only if) the transaction commits.
                        # A function call, not NOTIFY: the driver may prepare a statement,
                        # and NOTIFY cannot be prepared.
                        session.execute(
                            text("SELECT pg_notify(:channel, '')"), {"channel": CHANGES_CHANNEL}
                        )
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        except (SQLAlchemyError, StaleDataError) as exc:
            raise storage_error(exc, self.url) from exc

    def transact(self, job: Callable[[Session], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """Run ``job(session)`` in a write transaction; again when a concurrent writer won.

        A conflict the database reports (the row's version moved between our read and our
        write, a serialisation failure, a deadlock, a unique value taken meanwhile) means
        nothing was written: the job runs again on fresh data, up to ``attempts`` times,
        after a short jittered pause. A job that names the version it expects
        (``--if-version``, a form's loaded copy) is refused by the services themselves on
        the fresh read, with :class:`StaleVersion` raised directly, which is never retried.
        ``job`` must do nothing outside the session (it may run more than once).
        """
        for attempt in range(1, attempts + 1):
            try:
                with self.write() as session:
                    return job(session)
            except TaskboardError as exc:
                if attempt == attempts or not is_conflict(exc.__cause__):
                    raise
            # Full jitter: writers that met once spread out rather than meet again.
            time.sleep(random.uniform(0, RETRY_PAUSE_S * 2 ** (attempt - 1)))
        raise AssertionError("unreachable")  # pragma: no cover

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def is_conflict(exc: BaseException | None) -> bool:
    """Whether a driver error says a concurrent writer got there first (nothing was written)."""
    if isinstance(exc, StaleDataError):
        return True
    if isinstance(exc, DBAPIError):
        return getattr(exc.orig, "sqlstate", None) in CONFLICT_SQLSTATES
    return False


def _install_group_hooks(engine: Engine, path: Path, group: int) -> None:
    """Give the -wal and -shm SQLite creates the database's group (``file_group``).

    SQLite gives them the database file's mode, but its group only when run as root: anyone
    else's would get the user's primary group, which 0640 would let read the recent changes.
    """

    def give_group_now(*_args: Any) -> None:
        give_group(path, group)

    # At connect (an existing WAL database's files open with the journal mode) and at each
    # commit (the first write of a connection creates the -wal).
    event.listen(engine, "connect", give_group_now)
    event.listen(engine, "commit", give_group_now)


def _refuse_nul(
    _conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    """Refuse a text holding NUL before it is written, the same on every backend.

    PostgreSQL's text cannot hold it at all, and SQLite's copy could not travel: a CSV export
    holding it reads as binary to ``import``, a JSON export would not restore on PostgreSQL.
    Checked on the statement's parameters, so every writer (services, imports, restore) and
    every face get the same one line, and nothing is written.
    """
    refuse_nul(parameters)


def make_engine(url: str, access: FileAccess = OWNER_ONLY) -> Engine:
    """An engine for ``url`` with taskboard's SQLite settings (``access``: see files.py)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        _install_sqlite_hooks(engine)
        path = _sqlite_file(url)
        if access.group is not None and path is not None:
            _install_group_hooks(engine, path, access.group)
    else:
        try:
            engine = create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            # A PostgreSQL URL on an install without the driver (the `postgres` extra).
            raise StorageError(
                _(
                    "The database {where} needs the {driver} driver, which is not installed; "
                    "install it with: pip install 'taskboard[postgres]'."
                ).format(where=_display(url), driver=exc.name or parsed.get_driver_name())
            ) from None
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (plain path or ``file:`` URI), None for memory."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
        if database.startswith("//"):  # file:///path, as Path.as_uri() writes it
            from urllib.parse import unquote, urlsplit

            database = unquote(urlsplit(f"file:{database}").path)
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


UPGRADE_LOCK_KEY = 0x7461736B  # "task"
"""The PostgreSQL advisory lock a schema upgrade holds (one upgrade at a time per server)."""


def upgrade(engine: Engine) -> None:
    """Bring the schema to the current revision with Alembic, in one transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        # A migration that rebuilds a table (Alembic's batch mode on SQLite: copy, drop,
        # rename) cannot drop ``assignment`` while notes refer to it with foreign keys on.
        conn.execution_options(taskboard_begin="IMMEDIATE", taskboard_schema_change=sqlite)
        try:
            with conn.begin():
                if not sqlite:
                    # Clients opening an old register at once take turns (SQLite's BEGIN
                    # IMMEDIATE does this there): the second finds the schema current and does
                    # nothing, instead of failing on a column the first one just added.
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY}
                    )
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StorageError(
                        _(
                            "The schema upgrade of {where} would leave rows referring to rows "
                            "that do not exist; nothing was changed. Restore a backup."
                        ).format(where=_display(str(engine.url)))
                    )
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute(  # type: ignore[union-attr]
                    "PRAGMA foreign_keys = ON"
                )


COPY_PROGRESS_EVERY = 100_000
"""SQLite virtual machine steps between two looks at how far a copy got (about 50 a second)."""


def sqlite_copy(
    source: Path, target: Path, *, on_progress: Callable[[int, int], None] | None = None
) -> None:
    """A consistent copy of an SQLite file (``VACUUM INTO``), safe while others write.

    ``on_progress`` is told ``(bytes written, bytes in use in the source)`` as the copy grows.
    """
    where = f"file:{source}?mode=ro"
    if _read_only_reason(source) is not None:
        where = read_only_uri(source)  # a read-only folder may not give SQLite its -shm
    src = sqlite3.connect(where, uri=True, timeout=BUSY_TIMEOUT_S)
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
            if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                # The copy's disk is full: a file error of the target, worded as one.
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)) from None
            raise
        if on_progress is not None:
            on_progress(total, total)
    finally:
        src.close()


def _check_sqlite_file(path: Path, url: str, *, empty_ok: bool) -> None:
    """Refuse a file that is empty, not a database, or truncated (see ``direct``)."""
    check_sqlite_file(path, _display(url), empty_ok=empty_ok)


def _read_only_reason(path: Path) -> str | None:
    """Why SQLite could not write ``path`` (its folder or the file read-only), or None."""
    folder = path.parent
    with contextlib.suppress(OSError, AttributeError):  # no statvfs on Windows
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return _("it is on a read-only disk")
    if not os.access(path, os.W_OK):
        return _("the file cannot be written")
    if not os.access(folder, os.W_OK):
        # SQLite writes a WAL database without its folder when its -wal and -shm exist.
        companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        if not all(c.is_file() and os.access(c, os.W_OK) for c in companions):
            return _("its folder cannot be written (SQLite needs it for the -wal and -shm files)")
    return None


def _read_only_url(path: Path) -> str:
    """An SQLite URL that opens ``path`` for reading only (``mode=ro``, else ``immutable``).

    ``mode=ro`` still sees other writers and the WAL, but needs a -shm file it may be unable
    to create in a read-only folder; ``immutable=1`` needs nothing, and is safe there because
    nobody can write the file (it reads the main file only, as it was last checkpointed).
    """
    return f"sqlite:///{read_only_uri(path)}&uri=true"


def read_only_uri(path: Path) -> str:
    """An SQLite ``file:`` URI that reads ``path`` without writing anything (see above)."""
    uri = path.absolute().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return f"{uri}?immutable=1"
    return f"{uri}?mode=ro"


def _is_read_only_url(url: str) -> bool:
    query = make_url(url).query
    return query.get("mode") == "ro" or query.get("immutable") == "1"


def open_database(
    value: str | os.PathLike[str] | None,
    *,
    migrate: bool = True,
    empty_ok: bool = False,
    access: FileAccess = OWNER_ONLY,
    auto_upgrade: bool = False,
) -> Database:
    """Open a path or URL: create a missing file, migrate an old schema, refuse a newer one.

    An SQLite file at an older schema is upgraded (after a backup beside it). A PostgreSQL
    database at an older schema is shared by many clients, so it is upgraded only on purpose:
    refused with a line naming ``taskboard db upgrade``, unless ``auto_upgrade`` (the config's
    ``auto_upgrade = true``). An empty PostgreSQL database is given the schema either way.

    An existing SQLite file that taskboard cannot write (read-only media, a read-only folder)
    is opened for reading: every read works and every write is refused in one line. An empty
    file is refused unless ``empty_ok`` (``taskboard init``), as are files that are not
    databases or are truncated. A new SQLite file is created with ``access`` (0600, or 0640
    and the config's group; SQLite gives its -wal and -shm the same mode); an existing file
    keeps its mode.
    """
    url = resolve_url(value)
    is_sqlite = make_url(url).get_backend_name() == "sqlite"
    existed = _check_sqlite_target(url) if is_sqlite else True
    path = _sqlite_file(url) if is_sqlite else None
    read_only: str | None = None
    if path is not None and existed:
        _check_sqlite_file(path, url, empty_ok=empty_ok)
        if _is_read_only_url(url):
            read_only = _("it is opened read-only")
        else:
            read_only = _read_only_reason(path)
            if read_only is not None:
                url = _read_only_url(path)
    new_file = path if path is not None and not existed else None
    if new_file is not None and migrate and not make_url(url).query:
        # Built whole beside it, then linked into place: a run killed meanwhile leaves no
        # empty file that the next run would refuse.
        with contextlib.suppress(OSError):
            _create_register(new_file, access)
    elif new_file is not None:
        # A folder we may not write to: SQLite's own error says so below.
        with contextlib.suppress(OSError):
            create_private(new_file, access)
    engine = make_engine(url, access)
    try:
        revision = current_revision(engine)
        if revision == HEAD_REVISION:
            if not is_sqlite:
                read_only = _role_read_only(engine, url)
            return Database(url=url, engine=engine, read_only=read_only)
        if revision is not None and revision not in SCHEMA_REVISIONS:
            if _is_newer_revision(revision):
                raise StorageError(
                    _(
                        "The database {where} has schema {revision}, newer than this taskboard "
                        "knows ({head}); upgrade taskboard."
                    ).format(where=_display(url), revision=revision, head=HEAD_REVISION)
                )
            raise StorageError(
                _(
                    "The database {where} has an unknown schema revision {revision}; it was "
                    "not made by taskboard, or is damaged."
                ).format(where=_display(url), revision=revision)
            )
        if read_only is not None:
            raise StorageError(
                _(
                    "The database {where} needs a schema upgrade, but it is read-only: {reason}; "
                    "copy it somewhere writable and open the copy."
                ).format(where=_display(url), reason=read_only)
            )
        if revision is not None and not is_sqlite and not auto_upgrade:
            raise StorageError(
                _(
                    "The database {where} has schema {revision}, older than this taskboard's "
                    "({head}); an administrator upgrades it with taskboard db upgrade (or set "
                    "auto_upgrade = true in the config)."
                ).format(where=_display(url), revision=revision, head=HEAD_REVISION)
            )
        if not migrate:
            raise StorageError(
                _("The database {where} needs a schema upgrade; run any taskboard command.").format(
                    where=_display(url)
                )
            )
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


def _role_read_only(engine: Engine, url: str) -> str | None:
    """Why the connected PostgreSQL role may not change the register (a manager's
    ``taskboard_reader``, scripts/pg-roles.sql), or None when it may.

    Asked once on open, so that the TUI says «read-only» at the start rather than refusing the
    first change, and a write is refused before it is tried.
    """
    with engine.connect() as conn:
        may_write = conn.exec_driver_sql(
            "SELECT has_table_privilege(current_user, 'assignment', 'INSERT, UPDATE')"
        ).scalar()
    if may_write:
        return None
    return _("the role {role} may only read").format(role=make_url(url).username or "?")


def _create_register(path: Path, access: FileAccess) -> None:
    """Make ``path`` a new register at the current schema, all at once.

    The schema is built in a temporary file of the same folder (``.taskboard-new-….tmp``,
    created with ``access``), checkpointed and closed, then hard-linked to ``path``: no other
    process ever sees a half-made register, and a killed run leaves only its temporary file,
    which the next one removes. When another process linked its own register first, that one
    is kept. An OSError (a folder we may not write to) is left to SQLite's own message.
    """
    import tempfile

    from taskboard.files import remove_stale_temps, temp_prefix

    folder = path.parent
    remove_stale_temps(folder, "new")
    fd, name = tempfile.mkstemp(prefix=temp_prefix("new"), suffix=".tmp", dir=folder)
    temp = Path(name)
    try:
        try:
            access.apply(fd)
        finally:
            os.close(fd)
        engine = make_engine(f"sqlite:///{temp}", access)
        try:
            upgrade(engine)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{temp}{suffix}").unlink()


def _is_newer_revision(revision: str) -> bool:
    """Whether ``revision`` reads as one after the head ("0005"), not garbage or "0000"."""
    return (
        revision.isascii()
        and revision.isdigit()
        and len(revision) == len(HEAD_REVISION)
        and revision > HEAD_REVISION
    )
