"""Reading a register through the DB-API driver itself, without SQLAlchemy (issue 12).

A read command (``list``, ``export``…) spends most of its time importing SQLAlchemy and the
models; the standard library's ``sqlite3`` opens a file in a few milliseconds. When the file
is an existing register at the current schema, :func:`open_reader` opens it that way and the
domain's SQL (:mod:`taskboard.domain.listing`) runs on it directly. Everything else — a file
to create, a schema to upgrade or refuse, a read-only folder, a damaged file, PostgreSQL —
takes the full path of :mod:`taskboard.storage.database`, whose messages say what is wrong.
The same SQL also runs there, on the driver connection of an SQLAlchemy session
(:meth:`Reader.of_connection`), so a listing reads the same on every path.

This module imports nothing heavier than ``sqlite3``; :mod:`taskboard.storage.database`
takes its schema revisions and file checks from here.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from taskboard.errors import InvalidInput, StorageError
from taskboard.i18n import _

SCHEMA_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
)
"""Every schema revision this program knows, oldest first; the last is the current one."""
HEAD_REVISION = SCHEMA_REVISIONS[-1]
BUSY_TIMEOUT_S = int(os.environ.get("TASKBOARD_TEST_BUSY_TIMEOUT", "10"))
"""How long a writer waits for another writer before "database is locked" (tests shorten it)."""
SQLITE_HEADER = b"SQLite format 3\x00"

STREAM_CHUNK = 2000
"""Rows PostgreSQL sends at a time to :meth:`Reader.rows`."""

_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def holds_nul(parameters: Any) -> bool:
    """Whether a statement's parameters (a row, a list of rows, or a value) hold a NUL."""
    if isinstance(parameters, str):
        return "\x00" in parameters
    if isinstance(parameters, dict):
        return any(holds_nul(value) for value in parameters.values())
    if isinstance(parameters, list | tuple):
        return any(holds_nul(value) for value in parameters)
    return False


def refuse_nul(parameters: Any) -> None:
    """Raise the NUL refusal when ``parameters`` hold one."""
    if holds_nul(parameters):
        raise InvalidInput(_("A text cannot contain the NUL character (\\x00); nothing was saved."))


@dataclass
class Reader:
    """A DB-API connection and its dialect: what the domain's SQL runs on.

    SQL is written once with ``:name`` parameters (the style of the standard library's
    ``sqlite3``); :meth:`rows` rewrites them as ``%(name)s`` for psycopg, and passes dates as
    ISO text to SQLite, which stores them so (SQLAlchemy's SQLite types do the same).
    """

    raw: Any
    """The driver's connection (``sqlite3.Connection`` or ``psycopg.Connection``)."""
    dialect: str
    """``sqlite`` or ``postgresql``."""
    owned: bool = False
    """Whether :meth:`close` closes the connection (not when a session lent it)."""

    @classmethod
    def of_connection(cls, driver_connection: Any, dialect: str) -> Reader:
        """A reader on a connection an SQLAlchemy session holds (in its transaction)."""
        return cls(raw=driver_connection, dialect=dialect)

    @property
    def is_sqlite(self) -> bool:
        """True for SQLite (dates come back as ISO text)."""
        return self.dialect == "sqlite"

    def _values(self, params: Mapping[str, Any] | None) -> dict[str, Any]:
        values = dict(params or {})
        refuse_nul(values)
        if self.is_sqlite:
            for key, value in values.items():
                if isinstance(value, datetime):
                    values[key] = value.isoformat(sep=" ")
                elif isinstance(value, date):
                    values[key] = value.isoformat()
        return values

    def batches(
        self, sql: str, params: Mapping[str, Any] | None = None, size: int = STREAM_CHUNK
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows ``sql`` yields with ``params``, ``size`` at a time (the last batch may be
        shorter): a long listing made and written a batch at a time, not held whole."""
        values = self._values(params)
        if self.is_sqlite:
            cursor = self.raw.execute(sql, values)
            try:
                while batch := cursor.fetchmany(size):
                    yield batch
            finally:
                cursor.close()
            return
        cursor = self.raw.cursor()
        try:
            stream = cursor.stream(
                _PARAM.sub(r"%(\1)s", sql.replace("%", "%%")), values, size=STREAM_CHUNK
            )
            while batch := list(itertools.islice(stream, size)):
                yield batch
        finally:
            cursor.close()

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row ``sql`` yields with ``params``."""
        values = self._values(params)
        if self.is_sqlite:
            cursor = self.raw.execute(sql, values)
            try:
                return cursor.fetchall()
            finally:
                cursor.close()
        cursor = self.raw.cursor()
        try:
            # Streamed in chunks: a plain execute has libpq hold the whole result beside the
            # rows made from it (the 250,000 overdue rows of a million-assignment register:
            # over 100 MB more).
            return list(
                cursor.stream(
                    _PARAM.sub(r"%(\1)s", sql.replace("%", "%%")), values, size=STREAM_CHUNK
                )
            )
        finally:
            cursor.close()

    def day(self, value: Any) -> date | None:
        """A stored date as a :class:`date` (SQLite gives ISO text, PostgreSQL a date)."""
        if value is None or not self.is_sqlite:
            return value  # type: ignore[no-any-return,unused-ignore]
        return date.fromisoformat(value)

    def close(self) -> None:
        """End the snapshot and close the connection, when this reader opened it."""
        if self.owned:
            with contextlib.suppress(sqlite3.Error):
                self.raw.close()


def default_data_dir() -> Path:
    """taskboard's folder in the user data directory (platformdirs; it may not exist yet)."""
    from platformdirs import user_data_path

    return user_data_path("taskboard", appauthor=False)


def default_database_path() -> Path:
    """``taskboard.db`` in the user data directory (what ``taskboard init`` creates)."""
    return default_data_dir() / "taskboard.db"


def sqlite_path_of(value: str | os.PathLike[str] | None) -> Path | None:
    """The file a ``--db`` value names, when it is a plain SQLite path or ``sqlite:///`` URL.

    None for PostgreSQL, ``file:`` URIs and URLs with options: those take the full path.
    """
    if value is None or str(value) == "":
        return default_database_path()
    raw = str(value)
    if raw.startswith("sqlite:///") and "?" not in raw:
        raw = raw[len("sqlite:///") :]
        if not raw or raw == ":memory:" or raw.startswith("file:"):
            return None
        return Path(raw)
    if "://" in raw:
        return None
    return Path(raw).expanduser().absolute()


def open_reader(value: str | os.PathLike[str] | None, *, group: int | None = None) -> Reader | None:
    """A read-only :class:`Reader` on an existing register at the current schema, else None.

    The file gets the full path's checks first (empty, not a database, truncated: the same
    one-line errors). Anything else unusual — a missing file, another revision, a file
    SQLite cannot open as it is — returns None, and the caller opens the database the full
    way, which creates, upgrades or explains. ``group``: the config's ``file_group``, given to
    a -wal or -shm file the connection creates (as the full path does).
    """
    path = sqlite_path_of(value)
    if path is None or not path.is_file():
        return None
    check_sqlite_file(path, str(path), empty_ok=False)
    try:
        connection = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error:
        return None
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.execute("BEGIN")  # one snapshot for every query of the command
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        connection.close()
        return None
    if revision != [(HEAD_REVISION,)]:
        connection.close()
        return None
    if group is not None:
        give_group(path, group)
    return Reader(raw=connection, dialect="sqlite", owned=True)


def give_group(path: Path, group: int) -> None:
    """Give the -wal and -shm of ``path`` the database's group (``file_group``).

    SQLite gives them the database file's mode, but its group only when run as root: anyone
    else's would get the user's primary group, which 0640 would let read the recent changes.
    """
    for side in ("-wal", "-shm"):
        name = f"{path}{side}"
        with contextlib.suppress(OSError):
            status = os.stat(name)
            if status.st_uid == os.geteuid() and status.st_gid != group:
                os.chown(name, -1, group)


def check_sqlite_file(path: Path, where: str, *, empty_ok: bool) -> None:
    """Refuse, before SQLite touches it, a file that is empty, not a database, or truncated.

    SQLite turns an empty file into a new database and would write into a truncated one;
    neither is what the user meant by ``--db``. Only the header is read.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return  # SQLite's own error says it better (permissions, a vanished file)
    wal = path.with_name(path.name + "-wal")
    if size == 0:
        if empty_ok or (wal.is_file() and wal.stat().st_size > 0):
            return
        raise StorageError(
            _("{where}: this file is empty; `taskboard init` makes a new register.").format(
                where=where
            )
        )
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        raise StorageError(
            _(
                "{where} is not a database (it is some other kind of file); "
                "choose the register with --db."
            ).format(where=where)
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid only when the change counter and "version-valid-for" agree;
    # with a WAL beside it a checkpoint may be growing the file (page 1 goes first).
    has_wal = wal.is_file() and wal.stat().st_size > 0
    if header[24:28] == header[92:96] and pages and size < pages * page_size and not has_wal:
        raise StorageError(
            _(
                "{where} is truncated: it holds {size} of the {expected} bytes it should "
                "(an interrupted copy?); restore a backup or copy it again."
            ).format(where=where, size=size, expected=pages * page_size)
        )
