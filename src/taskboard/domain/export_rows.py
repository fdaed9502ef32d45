"""The rows of a JSON export, read through a DB-API connection (issue 12).

``taskboard export`` reads every row of the register; through SQLAlchemy a 100,000-assignment
register costs seconds of parsing half a million timestamps only to format them back, plus
the import of SQLAlchemy itself. :func:`export_data` reads the tables with plain SQL on a
:class:`~taskboard.storage.direct.Reader` — the standard library's ``sqlite3`` on the fast
path, a session's driver connection otherwise (:mod:`taskboard.snapshot`) — and writes each
value as the export's layout wants it: SQLite's timestamp text rewritten as text, a
PostgreSQL ``datetime`` formatted. The bytes are the same either way.

:data:`COLUMNS` is the export's layout: each table's columns in export order (the id first,
derived columns left out) and which hold timestamps or dates. ``tests/importers`` check it
against the table definitions, so a new column cannot be left out silently.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from taskboard.domain import clock
from taskboard.domain.history_head import read_head
from taskboard.progress import OnProgress, Ticker
from taskboard.storage.direct import HEAD_REVISION, Reader

FORMAT_NAME = "taskboard"
FORMAT_VERSION = 1
"""Version of the export's layout (not of the database schema, which ``schema`` gives)."""

MOMENT, DAY = "moment", "day"

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (
        ("id", ""),
        ("full_name", ""),
        ("position", ""),
        ("organisation", ""),
        ("email", ""),
        ("language", ""),
        ("supervisor_id", ""),
        ("created_at", MOMENT),
    ),
    "meeting": (
        ("id", ""),
        ("title", ""),
        ("date", DAY),
        ("kind", ""),
        ("place", ""),
        ("chair_id", ""),
        ("protocol_no", ""),
        ("notes", ""),
        ("source_text", ""),
        ("created_at", MOMENT),
    ),
    "assignment": (
        ("id", ""),
        ("meeting_id", ""),
        ("number", ""),
        ("text", ""),
        ("author_id", ""),
        ("owner_id", ""),
        ("controller_id", ""),
        ("due", DAY),
        ("original_due", DAY),
        ("status", ""),
        ("priority", ""),
        ("recurrence", ""),
        ("parent_id", ""),
        ("created_at", MOMENT),
        ("updated_at", MOMENT),
        ("closed_on", DAY),
        ("version", ""),
        ("control_level", ""),
    ),
    "note": (
        ("id", ""),
        ("assignment_id", ""),
        ("created_at", MOMENT),
        ("actor", ""),
        ("text", ""),
    ),
    "extension": (
        ("id", ""),
        ("assignment_id", ""),
        ("created_at", MOMENT),
        ("actor", ""),
        ("old_due", DAY),
        ("new_due", DAY),
        ("reason", ""),
    ),
    "report": (
        ("id", ""),
        ("assignment_id", ""),
        ("created_at", MOMENT),
        ("actor", ""),
        ("text", ""),
        ("reported_on", DAY),
        ("document", ""),
        ("person_id", ""),
    ),
    "extension_request": (
        ("id", ""),
        ("assignment_id", ""),
        ("created_at", MOMENT),
        ("actor", ""),
        ("requested_due", DAY),
        ("reason", ""),
        ("state", ""),
        ("decided_at", MOMENT),
        ("decided_by", ""),
        ("decision_reason", ""),
        ("extension_id", ""),
    ),
    "review_decision": (
        ("id", ""),
        ("meeting_id", ""),
        ("assignment_id", ""),
        ("position", ""),
        ("kind", ""),
        ("text", ""),
        ("due", DAY),
        ("created_at", MOMENT),
        ("actor", ""),
    ),
    "event": (
        ("id", ""),
        ("assignment_id", ""),
        ("meeting_id", ""),
        ("person_id", ""),
        ("at", MOMENT),
        ("actor", ""),
        ("kind", ""),
        ("field", ""),
        ("old_value", ""),
        ("new_value", ""),
        ("reason", ""),
        ("chain_seq", ""),
        ("chain_hash", ""),
    ),
    "reminder": (
        ("id", ""),
        ("assignment_id", ""),
        ("person_id", ""),
        ("tier", ""),
        ("occasion", DAY),
        ("email", ""),
        ("sent_at", MOMENT),
        ("message_id", ""),
    ),
}
"""Each exported table's columns in export order, with ``moment``/``day`` for timestamps and
dates (SQLite stores them as text)."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("people", "person"),
    ("meetings", "meeting"),
    ("assignments", "assignment"),
    ("notes", "note"),
    ("extensions", "extension"),
    ("reports", "report"),
    ("extension_requests", "extension_request"),
    ("review_decisions", "review_decision"),
    ("events", "event"),
    ("reminders", "reminder"),
)
"""The export's lists, in dependency order, and the table each one holds."""

_BATCH = 1000


class Irregular(Exception):
    """A stored value not in the form taskboard writes; the typed (SQLAlchemy) way reads it."""


def out(value: Any) -> Any:
    """A value as the export writes it: timestamps in UTC with the offset, dates ISO."""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite keeps the UTC wall time without its offset
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def sqlite_moment(value: Any) -> str | None:
    """What :func:`out` makes of a timestamp SQLite stores as text, without parsing it; None
    when the text is not in the form SQLAlchemy writes."""
    if type(value) is str:
        size = len(value)
        if size == 26 and value[10] == " " and value[19] == ".":
            fraction = "" if value.endswith(".000000") else value[19:]
            return f"{value[:10]}T{value[11:19]}{fraction}+00:00"
        if size == 19 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}+00:00"
    return None


def head(reader: Reader) -> tuple[int, str]:
    """The history chain's head as stored (else the last sealed event; else the genesis)."""
    found = read_head(reader)
    return found.seq, found.hash


def tags(reader: Reader) -> dict[int, list[str]]:
    """Each assignment's tags in code-point order, the order SQLite sorts them in.

    Not ``ORDER BY tag``: PostgreSQL sorts by the server's collation («a» before «B» under
    ru_RU or en_US), and the same register would export differently from each back end.
    """
    found: dict[int, list[str]] = defaultdict(list)
    for aid, tag in reader.rows("SELECT assignment_id, tag FROM assignment_tag"):
        found[aid].append(tag)
    for names in found.values():
        names.sort()
    return found


def co_executors(reader: Reader) -> dict[int, list[int]]:
    """Each assignment's co-executors' ids, in their order."""
    found: dict[int, list[int]] = defaultdict(list)
    for aid, pid in reader.rows(
        "SELECT assignment_id, person_id FROM assignment_co_executor"
        " ORDER BY assignment_id, position"
    ):
        found[aid].append(pid)
    return found


def sub_deadlines(reader: Reader) -> dict[int, dict[str, str]]:
    """Each assignment's co-executors' own sub-deadlines (person id as text → ISO date), for
    the assignments that have any (an assignment row carries them as ``sub_deadlines``)."""
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for aid, pid, due in reader.rows(
        "SELECT assignment_id, person_id, due FROM assignment_co_executor"
        " WHERE due IS NOT NULL ORDER BY assignment_id, position"
    ):
        day = reader.day(due)
        assert day is not None
        found[aid][str(pid)] = day.isoformat()
    return found


def count_rows(reader: Reader, tables: tuple[str, ...]) -> int:
    """The rows of ``tables`` (the units of a job that reports its progress)."""
    return sum(int(reader.rows(f"SELECT count(*) FROM {t}")[0][0]) for t in tables)


def header(reader: Reader) -> dict[str, Any]:
    """The export's fields before its lists: the layout, the schema, when, the history's head."""
    seq, digest = head(reader)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "schema": HEAD_REVISION,
        "exported_at": clock.now().replace(microsecond=0).isoformat(),
        # The state this export is of: `taskboard audit verify --head HASH` ties it to a
        # register.
        "history": {"seq": seq, "hash": digest},
    }


def _ticker(reader: Reader, on_progress: OnProgress | None) -> Ticker:
    """The ticker of a whole export (the rows of every list, counted only when told)."""
    total = count_rows(reader, tuple(t for _k, t in SECTIONS)) if on_progress else 0
    return Ticker(on_progress, total)


ReadTable = Callable[[str, Ticker], list[dict[str, Any]]]
"""Reads one table's rows as the export writes them (the name of the table, the ticker)."""


def export_data(
    reader: Reader, *, on_progress: OnProgress | None = None, read: ReadTable | None = None
) -> dict[str, Any]:
    """Every row of the register as plain JSON-ready data (one consistent snapshot: the
    reader's transaction). Raises :class:`Irregular` for a value in an unexpected form.

    ``on_progress`` is told the rows read so far out of every row of the export's lists.
    ``read``: how to read a table (default: through ``reader``, see :func:`_read`).
    """
    ticker = _ticker(reader, on_progress)
    data = header(reader)
    parts = assignment_parts(reader)
    for key, table in SECTIONS:
        rows = read(table, ticker) if read is not None else _read(reader, table, ticker)
        if table == "assignment":
            rows = list(with_parts(rows, *parts))
        data[key] = rows
    ticker.finish()
    return data


def _read(reader: Reader, table: str, ticker: Ticker) -> list[dict[str, Any]]:
    """The rows of ``table`` in id order, values as :func:`out` writes them (see
    :func:`iter_rows`)."""
    return list(iter_rows(reader, table, ticker))


def iter_rows(
    reader: Reader, table: str, ticker: Ticker, *, server_side: bool = False
) -> Iterator[dict[str, Any]]:
    """The rows of ``table`` in id order, values as :func:`out` writes them, a batch at a time.

    SQLite stores dates as ISO text already and timestamps as ``YYYY-MM-DD HH:MM:SS.ffffff``
    in UTC: they are rewritten as text (not turned into half a million datetime objects and
    back); PostgreSQL's typed values are formatted. Raises :class:`Irregular` at a value in
    another form. ``server_side``: on PostgreSQL, fetch through a server-side cursor, so
    that a table of any size is never all in memory (SQLite's cursor reads as it goes).
    """
    columns = COLUMNS[table]
    names = [name for name, _kind in columns]
    moments = [i for i, (_n, kind) in enumerate(columns) if kind == MOMENT]
    days = [i for i, (_n, kind) in enumerate(columns) if kind == DAY]
    raw = reader.raw
    sql = f"SELECT {', '.join(names)} FROM {table} ORDER BY id"
    if reader.is_sqlite:
        cursor = raw.execute(sql)
    else:
        cursor = raw.cursor(f"taskboard_rows_{table}") if server_side else raw.cursor()
        cursor.execute(sql)
    try:
        while batch := cursor.fetchmany(_BATCH):
            for record in batch:
                values = list(record)
                if reader.is_sqlite:
                    for i in moments:
                        value = values[i]
                        if value is not None:
                            text = sqlite_moment(value)
                            if text is None:
                                raise Irregular(f"{table}.{names[i]}: {value!r}")
                            values[i] = text
                    for i in days:
                        value = values[i]
                        if value is not None and not (type(value) is str and len(value) == 10):
                            raise Irregular(f"{table}.{names[i]}: {value!r}")
                else:
                    for i in moments + days:
                        values[i] = out(values[i])
                yield dict(zip(names, values, strict=True))
            ticker.add(len(batch))
    finally:
        cursor.close()


def with_parts(
    rows: Iterable[dict[str, Any]],
    co: dict[int, list[int]],
    tagged: dict[int, list[str]],
    parts: dict[int, dict[str, str]],
) -> Iterator[dict[str, Any]]:
    """Assignment rows given their ``co_executors``, ``tags`` and ``sub_deadlines`` as the
    export writes them (the results of :func:`co_executors`, :func:`tags`,
    :func:`sub_deadlines`)."""
    for row in rows:
        row["co_executors"] = co.get(row["id"], [])
        row["tags"] = tagged.get(row["id"], [])
        if row["id"] in parts:
            row["sub_deadlines"] = parts[row["id"]]
        yield row


Parts = tuple[dict[int, list[int]], dict[int, list[str]], dict[int, dict[str, str]]]
"""The assignments' co-executors, tags and sub-deadlines, as :func:`with_parts` takes them."""


def assignment_parts(reader: Reader) -> Parts:
    """Every assignment's co-executors, tags and sub-deadlines, read once for a whole export."""
    return co_executors(reader), tags(reader), sub_deadlines(reader)


def section_rows(
    reader: Reader, table: str, ticker: Ticker, parts: Parts
) -> Iterator[dict[str, Any]]:
    """One export list's rows as the export writes them, a batch at a time (a server-side
    cursor on PostgreSQL); an assignment row with its ``parts``."""
    rows = iter_rows(reader, table, ticker, server_side=True)
    return with_parts(rows, *parts) if table == "assignment" else rows


def digested(
    rows: Iterable[dict[str, Any]], into: dict[str, tuple[int, str]], key: str
) -> Iterator[dict[str, Any]]:
    """``rows`` passed on as they come; once all have gone by, their count and the SHA-256 of
    each one's JSON (keys sorted) are put in ``into[key]``."""
    import hashlib

    import orjson

    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update(orjson.dumps(row, option=orjson.OPT_SORT_KEYS))
        digest.update(b"\n")
        count += 1
        yield row
    into[key] = (count, digest.hexdigest())


def section_digests(reader: Reader, ticker: Ticker) -> dict[str, tuple[int, str]]:
    """Each export list's row count and digest (:func:`digested`), and the history's head:
    two registers with equal digests export the same (``exported_at`` aside), read a batch at
    a time (``db copy``'s check, at any size)."""
    found: dict[str, tuple[int, str]] = {}
    parts = assignment_parts(reader)
    for key, table in SECTIONS:
        for _row in digested(section_rows(reader, table, ticker, parts), found, key):
            pass
    found["history"] = head(reader)
    return found


def to_json(data: dict[str, Any]) -> bytes:
    """The export as indented UTF-8 JSON."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def export_json(reader: Reader, *, on_progress: OnProgress | None = None) -> bytes | None:
    """The JSON export read through ``reader``; None when a value is irregular (the typed
    way of :mod:`taskboard.snapshot` reads it then)."""
    try:
        return to_json(export_data(reader, on_progress=on_progress))
    except Irregular:
        return None


Write = Callable[[bytes | memoryview], object]
"""Takes the next piece of the export (a file's or standard output's ``write``)."""

_DIGITS = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
_STREAM_BATCH = 2000


def _usual_form(column: str, kind: str) -> str:
    """SQL true when ``column`` holds NULL or a value in the one form :func:`stream_json`
    writes without Python looking at it (nothing else: every other value is left to
    :func:`_read`, whose checks decide).

    A timestamp as SQLAlchemy writes it, ``YYYY-MM-DD HH:MM:SS[.ffffff]`` in digits; a date of
    ten characters. The byte length rules out multibyte characters and a NUL, after which
    ``GLOB`` and ``length()`` stop reading.
    """
    size = f"length(CAST({column} AS BLOB))"
    if kind == MOMENT:
        form = (
            f"{size} = 19 AND {column} GLOB '{_DIGITS}'"
            f" OR {size} = 26 AND {column} GLOB '{_DIGITS}.[0-9][0-9][0-9][0-9][0-9][0-9]'"
        )
    else:
        form = f"length({column}) = 10 AND {size} = 10"
    return f"({column} IS NULL OR typeof({column}) = 'text' AND ({form}))"


def _all_usual(reader: Reader) -> bool:
    """Whether every timestamp and date of the export is in its usual form (one scan of each
    table, in SQLite)."""
    for _key, table in SECTIONS:
        checks = [_usual_form(name, kind) for name, kind in COLUMNS[table] if kind]
        if checks and reader.rows(
            f"SELECT 1 FROM {table} WHERE NOT ({' AND '.join(checks)}) LIMIT 1"
        ):
            return False
    return True


def _stream_select(table: str) -> str:
    """The rows of ``table`` in id order, timestamps rewritten by SQLite as :func:`out` writes
    them (valid for values in their usual form only: see :func:`_usual_form`)."""
    exprs = [
        f"replace(replace({name}, ' ', 'T'), '.000000', '') || '+00:00'" if kind == MOMENT else name
        for name, kind in COLUMNS[table]
    ]
    return f"SELECT {', '.join(exprs)} FROM {table} ORDER BY id"


def stream_json(reader: Reader, write: Write, *, on_progress: OnProgress | None = None) -> bool:
    """Write the JSON export of an SQLite register through ``write``, a batch of rows at a
    time: the bytes of ``to_json(export_data(reader))`` without holding the document.

    False, before writing anything, when ``reader`` is not SQLite's or a timestamp or date is
    not in its usual form: the caller builds the export the other way then (the checks of
    :func:`_read`, the typed read of :mod:`taskboard.snapshot` for what they refuse).
    ``on_progress``: see :func:`export_data`. ``write`` is given bytes or memory views.
    """
    import gc

    if not reader.is_sqlite or not _all_usual(reader):
        return False
    collecting = gc.isenabled()
    # The rows are plain data freed batch by batch; the collector would only walk the
    # long-lived co-executor and tag lists again and again (about 6% of the export).
    gc.disable()
    try:
        _stream(reader, write, on_progress)
    finally:
        if collecting:
            gc.enable()
    return True


def _stream(reader: Reader, write: Write, on_progress: OnProgress | None) -> None:
    """The body of :func:`stream_json`, once the values are known to be in their usual form."""
    import orjson

    ticker = _ticker(reader, on_progress)
    parts = assignment_parts(reader)
    indent = orjson.OPT_INDENT_2
    # The document is one object; `orjson` writes its fields at two spaces and each row of
    # a list at four. A batch dumped alone is a list at the top, "[\n  {…}\n]": two more
    # spaces on every line (a newline within a value is always escaped as "\n") make it
    # "[\n    {…}\n  ]", whose middle goes out as it is.
    write(orjson.dumps(header(reader), option=indent)[:-2])
    for key, table in SECTIONS:
        names = [name for name, _kind in COLUMNS[table]]
        write(b",\n  " + orjson.dumps(key) + b": [")
        cursor = reader.raw.execute(_stream_select(table))
        first = True
        try:
            while batch := cursor.fetchmany(_STREAM_BATCH):
                rows = [dict(zip(names, record, strict=True)) for record in batch]
                if table == "assignment":
                    rows = list(with_parts(rows, *parts))
                text = orjson.dumps(rows, option=indent).replace(b"\n", b"\n  ")
                if not first:
                    write(b",")
                write(memoryview(text)[1:-4])
                first = False
                ticker.add(len(batch))
        finally:
            cursor.close()
        write(b"]" if first else b"\n  ]")
    write(b"\n}\n")
    ticker.finish()
