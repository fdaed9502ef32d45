"""The whole register as JSON, and back: ``taskboard export`` and ``import`` of an export.

The export is loss-free: every row of every table with its id, status, version, timestamps
and history, read in one transaction so it is a consistent snapshot while others work. Only
the derived columns (``Person.name_folded``, ``Assignment.search_text``) are left out; the
restore computes them with the same functions the services use. Datetimes are written in
UTC as ISO 8601 with the offset, dates as ISO; keys come in the tables' column order.

A restore goes into an empty database only, with Core inserts in dependency order, so that
exporting the restored database gives the same file (``exported_at`` aside).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, TypeDecorator, bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from taskboard.domain import audit, export_rows
from taskboard.domain.models import (
    CHAIN_GENESIS,
    CHAIN_HEAD_TABLE,
    Assignment,
    CoExecutor,
    Event,
    Extension,
    ExtensionRequest,
    Meeting,
    Note,
    Person,
    Reminder,
    Report,
    ReviewDecision,
    Tag,
    table_of,
)
from taskboard.domain.search import assignment_search_text, fold
from taskboard.domain.text import spreadsheet_text
from taskboard.errors import InvalidInput
from taskboard.i18n import domain
from taskboard.progress import OnProgress, Ticker

if TYPE_CHECKING:
    from taskboard.storage.database import Database

_, ngettext = domain("importers")

FORMAT_NAME = export_rows.FORMAT_NAME
FORMAT_VERSION = export_rows.FORMAT_VERSION

_DERIVED = {"person": ("name_folded",), "assignment": ("search_text",)}
_BATCH = 1000


SECTIONS: tuple[tuple[str, Any], ...] = (
    ("people", Person),
    ("meetings", Meeting),
    ("assignments", Assignment),
    ("notes", Note),
    ("extensions", Extension),
    ("reports", Report),
    ("extension_requests", ExtensionRequest),
    ("review_decisions", ReviewDecision),
    ("events", Event),
    ("reminders", Reminder),
)
"""The export's lists, in dependency order, and the table each one holds."""

ALL_TABLES = (
    Person,
    Meeting,
    Assignment,
    CoExecutor,
    Tag,
    Note,
    Extension,
    Report,
    ExtensionRequest,
    ReviewDecision,
    Event,
    Reminder,
)


_out = export_rows.out


def _columns(table: Table) -> list[Any]:
    """The exported columns: the id first, then the table's order, derived ones left out."""
    skip = _DERIVED.get(table.name, ())
    columns = [c for c in table.c if c.name not in skip]
    return sorted(columns, key=lambda c: c.name != "id")


def _begin_snapshot(session: Session) -> None:
    """Make every later read of ``session`` see the same moment."""
    # SQLite's read transaction is a snapshot already; PostgreSQL's default (READ COMMITTED)
    # gives each statement its own, so a row committed between two SELECTs could be half in.
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _count(session: Session, models: Iterable[Any], on_progress: OnProgress | None) -> int:
    """The rows of ``models``' tables: the units of a job that reports its progress (else 0)."""
    if on_progress is None:
        return 0
    connection = session.connection()
    return sum(
        connection.execute(select(func.count()).select_from(table_of(model))).scalar_one()
        for model in models
    )


def export_data(session: Session, *, on_progress: OnProgress | None = None) -> dict[str, Any]:
    """Every row of the register as plain JSON-ready data (one consistent snapshot).

    The SQL of :mod:`taskboard.domain.export_rows`, on the session's driver connection; a
    value stored in a form taskboard does not write is read the typed way instead.
    ``on_progress`` is told the rows read so far out of every row of the export's lists.
    """
    from taskboard.domain.queries import reader_of

    _begin_snapshot(session)
    reader = reader_of(session)
    try:
        return export_rows.export_data(reader, on_progress=on_progress)
    except export_rows.Irregular:
        connection = session.connection()
        models = {table_of(model).name: model for _key, model in SECTIONS}

        def typed(name: str, ticker: Ticker) -> list[dict[str, Any]]:
            return _read_typed(connection, table_of(models[name]), ticker)

        return export_rows.export_data(reader, on_progress=on_progress, read=typed)


def _read_typed(connection: Connection, table: Table, ticker: Ticker) -> list[dict[str, Any]]:
    """The rows of ``table`` through SQLAlchemy's types (every stored form parsed)."""
    columns = _columns(table)
    names = [c.name for c in columns]
    rows = []
    for record in connection.execute(select(*columns).order_by(table.c.id)):
        rows.append({name: _out(value) for name, value in zip(names, record, strict=True)})
        ticker.add()
    return rows


def export_json(session: Session, *, on_progress: OnProgress | None = None) -> bytes:
    """The export as indented UTF-8 JSON (``on_progress``: see :func:`export_data`)."""
    return export_rows.to_json(export_data(session, on_progress=on_progress))


CSV_COLUMNS = (
    "id",
    "meeting_id",
    "meeting",
    "number",
    "text",
    "owner",
    "co_executors",
    "controller",
    "author",
    "due",
    "original_due",
    "status",
    "priority",
    "tags",
    "extensions",
    "closed_on",
    "created_at",
    "control_level",
)
"""The columns of ``export --format csv`` (``import`` reads back those a table import knows,
``control_level`` among them)."""


def export_csv(
    session: Session, *, bom: bool = False, on_progress: OnProgress | None = None
) -> bytes:
    """Every assignment as one CSV row, for spreadsheets (``on_progress``: rows written)."""
    import csv
    import io

    _begin_snapshot(session)
    connection = session.connection()
    ticker = Ticker(on_progress, _count(session, (Assignment,), on_progress))
    p, m = table_of(Person), table_of(Meeting)
    people: dict[int, str] = {i: n for i, n in connection.execute(select(p.c.id, p.c.full_name))}
    meetings: dict[int, str] = {i: t for i, t in connection.execute(select(m.c.id, m.c.title))}
    co = table_of(CoExecutor)
    co_names: dict[int, list[str]] = defaultdict(list)
    for aid, pid in connection.execute(
        select(co.c.assignment_id, co.c.person_id).order_by(co.c.assignment_id, co.c.position)
    ):
        co_names[aid].append(people.get(pid, ""))
    from taskboard.domain.queries import reader_of

    tags = export_rows.tags(reader_of(session))
    ex = table_of(Extension)
    extensions: dict[int, int] = {
        aid: n
        for aid, n in connection.execute(
            select(ex.c.assignment_id, func.count()).group_by(ex.c.assignment_id)
        )
    }
    a = table_of(Assignment)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in connection.execute(select(a).order_by(a.c.id)).mappings():
        writer.writerow(
            _csv_cells(
                [
                    r["id"],
                    r["meeting_id"] if r["meeting_id"] is not None else "",
                    meetings.get(r["meeting_id"], "") if r["meeting_id"] is not None else "",
                    r["number"] or "",
                    r["text"],
                    people.get(r["owner_id"], ""),
                    "; ".join(co_names.get(r["id"], [])),
                    people.get(r["controller_id"], "") if r["controller_id"] else "",
                    people.get(r["author_id"], "") if r["author_id"] else "",
                    _out(r["due"]),
                    _out(r["original_due"]),
                    r["status"],
                    r["priority"],
                    "; ".join(tags.get(r["id"], [])),
                    extensions.get(r["id"], 0),
                    _out(r["closed_on"]) if r["closed_on"] else "",
                    _out(r["created_at"]),
                    r["control_level"] or "",
                ]
            )
        )
        ticker.add()
    ticker.finish()
    payload = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + payload) if bom else payload


def _csv_cells(cells: list[Any]) -> list[Any]:
    """One CSV row: text a spreadsheet would run as a formula is kept text (numbers stay)."""
    return [spreadsheet_text(c) if isinstance(c, str) else c for c in cells]


# --- Restore ---------------------------------------------------------------------------------


@dataclass
class RestoreSummary:
    """What a restore brought in."""

    counts: dict[str, int]
    """Rows per section of the export."""
    assignment_ids: list[int]
    history_holds: bool = True
    """The restored history's chain holds and ends where the export's header says."""


def _invalid(name: str, where: str, reason: str) -> InvalidInput:
    return InvalidInput(
        _("«{name}» is not a valid taskboard export: {where}: {reason}").format(
            name=name, where=where, reason=reason
        )
    )


def _parse_datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _python_type(column: Any) -> type:
    kind = column.type
    if isinstance(kind, TypeDecorator):  # SQLModel's UTCDateTime, AutoString
        kind = kind.impl_instance
    return kind.python_type


def _convert(column: Any, value: Any) -> Any:
    """A JSON value as the column stores it (ValueError/TypeError when it does not fit)."""
    if value is None:
        if not column.nullable and not column.primary_key:
            raise ValueError(_("a value is required"))
        return None
    kind = _python_type(column)
    if kind is datetime:
        if not isinstance(value, str):
            raise TypeError(_("a date and time (ISO 8601) is expected"))
        return _parse_datetime(value)
    if kind is date:
        if not isinstance(value, str):
            raise TypeError(_("a date (YYYY-MM-DD) is expected"))
        return date.fromisoformat(value)
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(_("a whole number is expected"))
        return value
    if kind is str:
        if not isinstance(value, str):
            raise TypeError(_("text is expected"))
        return value
    return value


def check_header(data: Any, name: str) -> None:
    """Refuse what is not a taskboard export this program can read."""
    from taskboard.storage.database import HEAD_REVISION, SCHEMA_REVISIONS

    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise InvalidInput(
            _(
                '«{name}» is not a taskboard export (no "format": "taskboard" header); '
                "write one with: taskboard export --output FILE"
            ).format(name=name)
        )
    if data.get("version") != FORMAT_VERSION:
        raise InvalidInput(
            _(
                "«{name}» is an export of version {version}; this taskboard reads version "
                "{supported}: upgrade taskboard."
            ).format(name=name, version=data.get("version"), supported=FORMAT_VERSION)
        )
    schema = data.get("schema")
    if schema not in SCHEMA_REVISIONS:
        raise InvalidInput(
            _(
                "«{name}» was exported from schema {schema}, newer than this taskboard knows "
                "({head}); upgrade taskboard."
            ).format(name=name, schema=schema, head=HEAD_REVISION)
        )


def parse_export(payload: bytes, name: str) -> dict[str, Any]:
    """The export's data, or a one-line error saying why it is not one."""
    import orjson

    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(
            _("«{name}» is not valid JSON: {reason}").format(name=name, reason=exc)
        ) from None
    check_header(data, name)
    return data


def _rows(
    data: dict[str, Any], key: str, model: Any, name: str, ticker: Ticker
) -> list[dict[str, Any]]:
    """The rows of one section, converted to the table's types (each one counted)."""
    items = data.get(key, [])
    if not isinstance(items, list):
        raise _invalid(name, key, _("a list is expected"))
    rows = []
    for row in _converted(items, key, model, name):
        rows.append(row)
        ticker.add()
    return rows


def _converted(items: Iterable[Any], key: str, model: Any, name: str) -> Iterable[dict[str, Any]]:
    """The rows of section ``key`` (export rows, as JSON gives them) in the table's types,
    each one checked; the first bad one refused, naming its place in ``name``."""
    columns = _columns(table_of(model))
    for index, item in enumerate(items):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise _invalid(name, where, _("an object is expected"))
        row: dict[str, Any] = {}
        for column in columns:
            if column.name not in item and (column.name == "id" or not column.nullable):
                raise _invalid(name, f"{where}.{column.name}", _("missing"))
            try:
                row[column.name] = _convert(column, item.get(column.name))
            except (TypeError, ValueError) as exc:
                raise _invalid(name, f"{where}.{column.name}", str(exc)) from None
        if row.get("id") is None:
            raise _invalid(name, f"{where}.id", _("a value is required"))
        if model is Person:
            row["name_folded"] = fold(row["full_name"])
        elif model is Assignment:
            row["search_text"] = assignment_search_text(row["number"], row["text"])
            for extra, kind in (("co_executors", int), ("tags", str)):
                values = item.get(extra, [])
                if not isinstance(values, list) or not all(
                    isinstance(v, kind) and not isinstance(v, bool) for v in values
                ):
                    raise _invalid(name, f"{where}.{extra}", _("a list is expected"))
                row[extra] = values
            row["sub_deadlines"] = _sub_deadlines(item, row["co_executors"], name, where)
        yield row


def _sub_deadlines(
    item: dict[str, Any], co_executors: list[int], name: str, where: str
) -> dict[int, date]:
    """An assignment's ``sub_deadlines`` (co-executor's id as text → ISO date), checked: each
    one a co-executor of the assignment (an export before schema 0007 has none)."""
    given = item.get("sub_deadlines", {})
    if not isinstance(given, dict):
        raise _invalid(name, f"{where}.sub_deadlines", _("an object is expected"))
    found: dict[int, date] = {}
    for key, value in given.items():
        place = f"{where}.sub_deadlines.{key}"
        if not key.isdigit() or int(key) not in co_executors:
            raise _invalid(name, place, _("not one of the assignment's co-executors"))
        try:
            found[int(key)] = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _invalid(name, place, _("a date YYYY-MM-DD is expected")) from None
    return found


def _insert(
    session: Session,
    table: Table,
    rows: Iterable[dict[str, Any]],
    ticker: Ticker | None = None,
) -> int:
    """Insert ``rows`` in batches (read as they are inserted); ``ticker`` counts them. Returns
    how many there were."""
    connection = session.connection()
    count = 0
    for batch in _batches(rows):
        connection.execute(table.insert(), batch)
        count += len(batch)
        if ticker is not None:
            ticker.add(len(batch))
    return count


def _batches(rows: Iterable[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    """``rows`` in lists of up to ``_BATCH``, read as they are needed."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _is_empty(session: Session) -> bool:
    connection = session.connection()
    for model in ALL_TABLES:
        table = table_of(model)
        if connection.execute(select(func.count()).select_from(table)).scalar():
            return False
    return True


def restore(
    session: Session,
    data: dict[str, Any],
    *,
    name: str,
    target: str,
    on_progress: OnProgress | None = None,
) -> RestoreSummary:
    """Write an export into the empty database behind ``session`` (same ids, same history).

    ``on_progress`` counts every row of the export's lists twice: read, then written.
    """
    check_header(data, name)
    if not _is_empty(session):
        raise InvalidInput(
            _(
                "{target} already holds data; a JSON export is restored into an empty database "
                "only (e.g. taskboard --db new.db import {name})."
            ).format(target=target, name=name)
        )
    listed = (data.get(key) for key, _model in SECTIONS)
    ticker = Ticker(on_progress, 2 * sum(len(v) for v in listed if isinstance(v, list)))
    sections = {key: _rows(data, key, model, name, ticker) for key, model in SECTIONS}
    try:
        _write(session, sections, ticker)
    except IntegrityError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        raise InvalidInput(
            _("«{name}» is inconsistent (a row refers to a missing one): {reason}").format(
                name=name, reason=reason
            )
        ) from None
    # Restored as it was, broken or not (nothing is lost), but never without a word.
    verdict = audit.verify(session.connection())
    stated = data.get("history")
    stated_hash = stated.get("hash") if isinstance(stated, dict) else None
    ticker.finish()
    return RestoreSummary(
        counts={key: len(rows) for key, rows in sections.items()},
        assignment_ids=[row["id"] for row in sections["assignments"]],
        history_holds=verdict.ok and stated_hash in (None, verdict.head.hash),
    )


def _write(
    session: Session, sections: Mapping[str, Iterable[dict[str, Any]]], ticker: Ticker
) -> dict[str, int]:
    """Insert every section's rows (converted, as :func:`_converted` gives them), reading each
    section once, in order, a batch at a time: lists of a JSON export, or the rows streamed
    from another register (``db copy``). Returns the rows written per section."""
    connection = session.connection()
    counts: dict[str, int] = {}
    person = table_of(Person)
    # People and assignments point at each other (supervisor, parent): insert, then link.
    links: list[dict[str, int]] = []

    def unlinked(rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for row in rows:
            if row["supervisor_id"] is not None:
                links.append({"row_id": row["id"], "target": row["supervisor_id"]})
            yield {**row, "supervisor_id": None}

    counts["people"] = _insert(session, person, unlinked(sections["people"]), ticker)
    if links:
        connection.execute(
            update(person)
            .where(person.c.id == bindparam("row_id"))
            .values(supervisor_id=bindparam("target")),
            links,
        )
    counts["meetings"] = _insert(session, table_of(Meeting), sections["meetings"], ticker)
    assignment = table_of(Assignment)
    parents: list[dict[str, int]] = []
    counts["assignments"] = 0
    for batch in _batches(sections["assignments"]):
        plain: list[dict[str, Any]] = []
        co_rows: list[dict[str, Any]] = []
        tag_rows: list[dict[str, Any]] = []
        for row in batch:
            plain.append(
                {
                    **{k: v for k, v in row.items() if k not in _ASSIGNMENT_LISTS},
                    "parent_id": None,
                }
            )
            if row["parent_id"] is not None:
                parents.append({"row_id": row["id"], "target": row["parent_id"]})
            co_rows.extend(
                {
                    "assignment_id": row["id"],
                    "person_id": pid,
                    "position": position,
                    "due": row["sub_deadlines"].get(pid),
                }
                for position, pid in enumerate(row["co_executors"])
            )
            tag_rows.extend({"assignment_id": row["id"], "tag": tag} for tag in row["tags"])
        connection.execute(assignment.insert(), plain)
        if co_rows:
            connection.execute(table_of(CoExecutor).insert(), co_rows)
        if tag_rows:
            connection.execute(table_of(Tag).insert(), tag_rows)
        counts["assignments"] += len(plain)
        ticker.add(len(plain))
    if parents:
        connection.execute(
            update(assignment)
            .where(assignment.c.id == bindparam("row_id"))
            .values(parent_id=bindparam("target")),
            parents,
        )
    for key in (
        "notes",
        "extensions",
        "reports",
        "extension_requests",
        "review_decisions",
        "events",
        "reminders",
    ):
        model = dict(SECTIONS)[key]
        counts[key] = _insert(session, table_of(model), sections[key], ticker)
    # The history keeps the seals it was exported with; an export from before the chain
    # (schema 0004 and older) has none, and its history is sealed here, in id order.
    audit.seal_unsealed(connection)
    if session.get_bind().dialect.name == "postgresql":
        # Explicit ids do not advance the sequences: the next `add` would collide.
        for key, model in SECTIONS:
            if counts[key]:
                name = table_of(model).name
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f'(SELECT max(id) FROM "{name}"))'
                    )
                )
    session.flush()
    return counts


_ASSIGNMENT_LISTS = ("co_executors", "tags", "sub_deadlines")
"""An assignment row's lists, kept in their own tables."""


def clear_register(session: Session) -> None:
    """Delete every row of the register behind ``session`` (``db copy --force`` into a
    non-empty target), in the one transaction that then restores into it; the history's
    chain starts again from its genesis."""
    connection = session.connection()
    for model in reversed(ALL_TABLES):
        connection.execute(table_of(model).delete())
    connection.execute(CHAIN_HEAD_TABLE.update().values(seq=0, hash=CHAIN_GENESIS))


@dataclass(frozen=True)
class CopySummary:
    """What ``db copy`` wrote, and whether the copy exports as the source does."""

    counts: dict[str, int]
    """Rows copied per export list (``people``, ``assignments``, ``events`` …)."""
    same: bool
    """The target's export equals the source's (``exported_at`` aside)."""


def copy_register(
    source: Database,
    target: Database,
    *,
    force: bool = False,
    on_progress: OnProgress | None = None,
) -> CopySummary:
    """Copy every row of ``source`` into ``target`` (same ids, same history), in one
    transaction of the target, then compare the two exports.

    Refused when ``target`` holds data, unless ``force`` (its rows are replaced, all or
    nothing). The source is read in one snapshot transaction while others work, a batch of
    rows at a time, and the exports are compared by digest, list by list, so the memory it
    takes does not grow with the register. A value stored in a form taskboard does not write
    sends it the typed way (the whole export in memory) instead.
    """
    try:
        return _copy_streamed(source, target, force=force, on_progress=on_progress)
    except export_rows.Irregular:
        pass  # the target's transaction was rolled back: nothing of it was written
    with source.read() as session:
        data = export_data(session, on_progress=on_progress)
    with target.write() as session:
        _make_room(session, target, force)
        summary = restore(
            session,
            data,
            name=source.display_name,
            target=target.display_name,
            on_progress=on_progress,
        )
    with target.read() as session:
        copied = export_data(session)
    same = _comparable(copied) == _comparable(data)
    return CopySummary(counts=summary.counts, same=same)


def _make_room(session: Session, target: Database, force: bool) -> None:
    """Refuse a ``target`` that holds data, unless ``force``: then empty it (same transaction)."""
    if not _is_empty(session):
        if not force:
            raise InvalidInput(
                _(
                    "{target} already holds data; db copy writes into an empty database "
                    "(add --force to replace everything in it)."
                ).format(target=target.display_name)
            )
        clear_register(session)


def _copy_streamed(
    source: Database, target: Database, *, force: bool, on_progress: OnProgress | None
) -> CopySummary:
    """:func:`copy_register` a batch at a time; raises ``export_rows.Irregular`` (nothing
    written) at a value the plain read does not take."""
    from taskboard.domain.queries import reader_of

    digests: dict[str, tuple[int, str]] = {}
    with source.read() as read_session:
        _begin_snapshot(read_session)
        reader = reader_of(read_session)
        tables = tuple(table for _key, table in export_rows.SECTIONS)
        # Read, written, read back for the check: every row counts three times.
        total = 3 * export_rows.count_rows(reader, tables) if on_progress else 0
        ticker = Ticker(on_progress, total)
        parts = export_rows.assignment_parts(reader)

        def section(key: str, table: str, model: Any) -> Iterable[dict[str, Any]]:
            rows = export_rows.section_rows(reader, table, ticker, parts)
            return _converted(
                export_rows.digested(rows, digests, key), key, model, source.display_name
            )

        models = dict(SECTIONS)
        with target.write() as session:
            _make_room(session, target, force)
            counts = _write(
                session,
                {key: section(key, table, models[key]) for key, table in export_rows.SECTIONS},
                ticker,
            )
        digests["history"] = export_rows.head(reader)
    with target.read() as session:
        copied = export_rows.section_digests(reader_of(session), ticker)
    ticker.finish()
    return CopySummary(counts=counts, same=copied == digests)


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "exported_at"}


EXPORT_FORMATS = ("json", "csv")
"""What ``taskboard export --format`` writes."""


def export_bytes(
    db: Database, fmt: str = "json", *, bom: bool = False, on_progress: OnProgress | None = None
) -> bytes:
    """The whole register as a JSON export or a CSV of the assignments.

    ``on_progress`` is told the rows read so far out of all the rows to export.
    """
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            _("Unknown export format «{fmt}»; use one of: {allowed}.").format(
                fmt=fmt, allowed=", ".join(EXPORT_FORMATS)
            )
        )
    with db.read() as session:
        if fmt == "json":
            return export_json(session, on_progress=on_progress)
        return export_csv(session, bom=bom, on_progress=on_progress)
