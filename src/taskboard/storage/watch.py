"""Noticing other writers: a cheap token that changes whenever someone else commits (no Textual).

SQLite: ``PRAGMA data_version`` on one dedicated connection changes only when another
connection commits (a file's mtime misses WAL writes). PostgreSQL: every write transaction
sends a notification on ``taskboard_changes`` (``pg_notify``, :meth:`Database.write`),
delivered when it commits, which a dedicated ``LISTEN`` connection counts; the highest
history event id stands beside it for writers that do not notify (an older taskboard, the
reminders' own connection). The id alone would miss a transaction that took a lower id and
committed after a higher one.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text

from taskboard.errors import StorageError
from taskboard.i18n import _
from taskboard.storage.database import CHANGES_CHANNEL as CHANNEL
from taskboard.storage.database import Database


class ChangeWatcher:
    """Polls the database for commits made through any other connection.

    The app's own writes are not "another writer": it wraps each in :meth:`own_write` and
    calls :meth:`acknowledge` once it went through, then reloads what it shows itself.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._last: object = None
        self._seen = False
        self._writing = 0
        self._listener: Any = None
        self._notified = 0

    def _token(self) -> object:
        path = self.database.sqlite_path
        if self.database.is_sqlite and path is not None:
            if not path.exists():
                # Open connections would go on reading (and writing) the deleted file unseen.
                raise StorageError(
                    _("The database file {path} has vanished; changes cannot be saved.").format(
                        path=path
                    )
                )
            if self._connection is None:
                self._connection = sqlite3.connect(
                    str(path), check_same_thread=False, isolation_level=None, timeout=1
                )
            return self._connection.execute("PRAGMA data_version").fetchone()[0]
        with self.database.engine.connect() as conn:
            highest = conn.execute(text("SELECT max(id) FROM event")).scalar()
        return (self._notifications(), highest)

    def _notifications(self) -> int:
        """How many ``taskboard_changes`` notifications arrived so far (PostgreSQL)."""
        try:
            if self._listener is None:
                self._listener = self._listen()
            self._listener.execute("SELECT 1")  # a round trip delivers what is queued
        except Exception:
            # The connection broke (a server restart): listen again, and count the gap as a
            # change, since notifications sent meanwhile are lost.
            self._drop_listener()
            self._listener = self._listen()
            self._notified += 1
        return self._notified

    def _listen(self) -> Any:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(self.database.url).set(drivername="postgresql")
        conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
        conn.add_notify_handler(self._count)
        conn.execute(f"LISTEN {CHANNEL}")
        return conn

    def _count(self, _notify: Any) -> None:
        self._notified += 1

    def _drop_listener(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                self._listener.close()
            self._listener = None

    def changed(self) -> bool:
        """True when someone committed since the previous call (False on the first call)."""
        with self._lock:
            if self._writing:
                return False  # the writer reloads after its commit: report nothing meanwhile
            token = self._token()
            moved = self._seen and token != self._last
            self._last = token
            self._seen = True
            return moved

    @contextmanager
    def own_write(self) -> Iterator[None]:
        """Around one of this app's own writes: :meth:`changed` says False until it is over."""
        with self._lock:
            self._writing += 1
        try:
            yield
        finally:
            with self._lock:
                self._writing -= 1

    def acknowledge(self) -> None:
        """Take the database as it is now as seen: after an own commit, before reloading.

        Commits by others up to now are in that reload too, so nothing goes unseen.
        """
        with self._lock:
            try:
                token = self._token()
            except Exception:  # the next poll says what is wrong
                return
            self._last = token
            self._seen = True

    def close(self) -> None:
        """Close the dedicated connection."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            self._drop_listener()


__all__ = ["ChangeWatcher"]
