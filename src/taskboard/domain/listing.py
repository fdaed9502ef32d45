"""The assignment listing's rules, written once as SQL for SQLite and PostgreSQL alike.

Which assignments are overdue or due soon, what a search finds, how each sort orders: every
listing (``taskboard list``, the TUI's table, ``show``, the calendar's day lists, the
meeting and directory counts) runs the SQL built here, through a DB-API connection
(:class:`taskboard.storage.direct.Reader`): the standard library's ``sqlite3`` on a read
command's fast path, or the driver connection of an SQLAlchemy session everywhere else. The
module imports no SQLAlchemy, so a read command does not pay for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from taskboard.domain.kinds import CLOSED_STATUSES, OPEN_STATUSES, RequestState, Status
from taskboard.domain.search import like_pattern, words
from taskboard.errors import InvalidInput
from taskboard.i18n import _
from taskboard.storage.direct import Reader

if TYPE_CHECKING:
    from taskboard.domain.control import AtRiskRule

SORTS = ("due", "id", "owner", "meeting")
STATUS_CHOICES = (*(s.value for s in Status), "active", "closed", "all")
"""What ``--status`` takes: a status, or a group of them."""
ACTIVE = tuple(s.value for s in OPEN_STATUSES)
"""The statuses of an assignment still on control (open, in progress, under review, in
rework)."""
ID_CHUNK = 5000
"""Ids bound per query, well under SQLite's and PostgreSQL's parameter limits."""


@dataclass(slots=True)
class AssignmentRow:
    """One assignment as listings show it (and as ``--format json`` prints it)."""

    id: int
    number: str | None
    text: str
    owner: str
    owner_id: int
    co_executors: list[str]
    due: date | None
    """None for a standing assignment («постоянно»): never overdue, never due soon."""
    original_due: date | None
    status: str
    overdue: bool
    due_soon: bool
    days_left: int | None
    """Days until the deadline (negative: days overdue); None without a deadline."""
    meeting_id: int | None
    meeting: str | None
    meeting_date: date | None
    """The meeting's date, which staff name an item by («п. 3 совещания 19.10.2026»)."""
    extensions: int
    tags: list[str]
    priority: str
    controller: str | None
    closed_on: date | None
    version: int
    control_level: str | None = None
    """The control level's key (:mod:`taskboard.domain.control`), or None."""
    at_risk: bool = False
    """Quiet too long with the deadline near (the rule of :mod:`taskboard.domain.control`)."""
    extension_request: date | None = None
    """The date a pending extension request asks for, or None (none pending)."""

    def to_json(self) -> dict[str, Any]:
        """The stable JSON object of docs/product.md §3."""
        return {
            "id": self.id,
            "number": self.number,
            "text": self.text,
            "owner": self.owner,
            "owner_id": self.owner_id,
            "co_executors": self.co_executors,
            "due": self.due.isoformat() if self.due else None,
            "original_due": self.original_due.isoformat() if self.original_due else None,
            "status": self.status,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "days_left": self.days_left,
            "meeting_id": self.meeting_id,
            "meeting": self.meeting,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "extensions": self.extensions,
            "tags": self.tags,
            "priority": self.priority,
            "controller": self.controller,
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "version": self.version,
            "control_level": self.control_level,
            "at_risk": self.at_risk,
            "extension_request": (
                self.extension_request.isoformat() if self.extension_request else None
            ),
        }


@dataclass
class AssignmentFilter:
    """The filters of ``taskboard list`` (and of the TUI's filter dialog)."""

    status: str = "active"
    """A status, ``active`` (every status on control, the default), ``closed`` or ``all``."""
    overdue: bool = False
    due_within: int | None = None
    """Only those not closed and due within this many days from today (overdue included)."""
    due_soon: bool = False
    """Only those not closed, not overdue, due within the reminder window."""
    owner_id: int | None = None
    controller_id: int | None = None
    person_id: int | None = None
    """Owner or co-executor."""
    meeting_id: int | None = None
    tag: str | None = None
    search: str | None = None
    ids: Sequence[int] | None = None
    """Only these assignments."""
    requested: bool = False
    """Only those with a pending extension request."""
    level: str | None = None
    """Only those on this control level (its key)."""
    at_risk: AtRiskRule | None = None
    """Only those at risk by this rule (:mod:`taskboard.domain.control`)."""
    sort: str = "due"
    limit: int | None = None
    offset: int = 0


def statuses(status: str) -> tuple[str, ...]:
    """The stored statuses a ``--status`` value selects (or :class:`InvalidInput`)."""
    if status == "active":
        return ACTIVE
    if status == "closed":
        return tuple(s.value for s in CLOSED_STATUSES)
    if status == "all":
        return tuple(s.value for s in Status)
    if status in {s.value for s in Status}:
        return (status,)
    raise InvalidInput(
        _("Unknown status «{status}»; use one of: {choices}.").format(
            status=status, choices=", ".join(STATUS_CHOICES)
        )
    )


class Params(dict[str, Any]):
    """The parameters of one statement, named as they are bound (``:p0``, ``:p1``…)."""

    def bind(self, value: Any) -> str:
        """A placeholder for ``value``."""
        name = f"p{len(self)}"
        self[name] = value
        return f":{name}"

    def bind_all(self, values: Sequence[Any]) -> str:
        """Placeholders for each of ``values``, comma-separated (for ``IN (…)``)."""
        return ", ".join(self.bind(v) for v in values)


def is_open(params: Params, a: str = "a") -> str:
    """SQL: the assignment is still on control (not done, not cancelled)."""
    return f"{a}.status IN ({params.bind_all(ACTIVE)})"


def is_overdue(params: Params, today: date, a: str = "a") -> str:
    """SQL: on control and its deadline has passed (a standing one never is)."""
    return f"{is_open(params, a)} AND {a}.due < {params.bind(today)}"


def is_due_soon(params: Params, today: date, days: int, a: str = "a") -> str:
    """SQL: on control, not overdue, due within ``days`` days from today."""
    return (
        f"{is_open(params, a)} AND {a}.due >= {params.bind(today)}"
        f" AND {a}.due <= {params.bind(today + timedelta(days=days))}"
    )


def conditions(
    flt: AssignmentFilter, params: Params, today: date, due_soon_days: int, *, scan: bool = False
) -> list[str]:
    """The WHERE conditions of ``flt`` on ``assignment AS a`` (all must hold).

    ``scan`` (SQLite only, see :func:`scans`): the statuses are written so that no index
    serves them (``+a.status``).
    """
    found: list[str] = []
    chosen = statuses(flt.status)
    if len(chosen) < len(Status):
        found.append(f"{'+' if scan else ''}a.status IN ({params.bind_all(chosen)})")
    if flt.overdue:
        found.append(is_overdue(params, today))
    if flt.due_within is not None:
        if flt.due_within < 0:
            raise InvalidInput(_("--due-within takes a number of days, 0 or more."))
        horizon = today + timedelta(days=flt.due_within)
        found.append(f"{is_open(params)} AND a.due <= {params.bind(horizon)}")
    if flt.due_soon:
        found.append(is_due_soon(params, today, due_soon_days))
    if flt.owner_id is not None:
        found.append(f"a.owner_id = {params.bind(flt.owner_id)}")
    if flt.controller_id is not None:
        found.append(f"a.controller_id = {params.bind(flt.controller_id)}")
    if flt.person_id is not None:
        person = params.bind(flt.person_id)
        found.append(
            f"(a.owner_id = {person} OR a.id IN "
            f"(SELECT assignment_id FROM assignment_co_executor WHERE person_id = {person}))"
        )
    if flt.meeting_id is not None:
        found.append(f"a.meeting_id = {params.bind(flt.meeting_id)}")
    if flt.ids is not None:
        ids = list(flt.ids)
        found.append(f"a.id IN ({params.bind_all(ids)})" if ids else "1 = 0")
    if flt.requested:
        found.append(
            "a.id IN (SELECT assignment_id FROM extension_request WHERE state = "
            f"{params.bind(RequestState.PENDING.value)})"
        )
    if flt.level is not None:
        found.append(f"a.control_level = {params.bind(flt.level)}")
    if flt.at_risk is not None:
        found.append(flt.at_risk.condition(params, today))
    if flt.tag:
        tag = params.bind(flt.tag.strip())
        found.append(f"a.id IN (SELECT assignment_id FROM assignment_tag WHERE tag = {tag})")
    for term in words(flt.search):
        pattern = params.bind(like_pattern(term))
        # A subquery, not a join: SQLite can then walk the deadline index and stop after
        # one page instead of joining every row first.
        found.append(
            f"(a.search_text LIKE {pattern} ESCAPE '\\' OR a.owner_id IN "
            f"(SELECT id FROM person WHERE name_folded LIKE {pattern} ESCAPE '\\'))"
        )
    return found


def scans(reader: Reader, flt: AssignmentFilter) -> bool:
    """Whether a whole listing of ``flt`` is read best by a scan of the table on SQLite.

    A search reads the text of every row the statuses select. Through the status index (or
    walking the deadline index for the order) that is one lookup per row; SQLite, without
    statistics, takes one of those. A scan and a sort of what it finds is cheaper: at
    1,000,000 assignments, half on control, ``list --search`` reads in 0.53 s of CPU instead
    of 1.2 s. Other filters' indexes (owner, meeting…) stay usable; PostgreSQL plans for
    itself (its trigram index serves the search).
    """
    return reader.is_sqlite and bool(words(flt.search))


def where(found: Sequence[str]) -> str:
    """`` WHERE c1 AND c2…`` (empty without conditions)."""
    return " WHERE " + " AND ".join(f"({c})" for c in found) if found else ""


def order_by(sort: str, standing: bool = True, *, scan: bool = False) -> str:
    """The ORDER BY keys of a sort (every order ends with the id: pages never overlap).

    Standing assignments (no deadline) come after every dated one on both backends; the
    ``due IS NULL`` key that does it costs the deadline index's ordered scan, so it is left
    out (``standing=False``) when the register holds none — the usual case. Needs ``p`` (the
    owner) for ``owner`` and ``m`` (the meeting) for ``meeting``. ``scan`` (SQLite, see
    :func:`scans`): the deadline index is not walked for the order (``+a.due``).
    """
    if sort not in SORTS:
        raise InvalidInput(
            _("Unknown sort «{sort}»; use one of: {choices}.").format(
                sort=sort, choices=", ".join(SORTS)
            )
        )
    last = "a.due IS NULL, " if standing else ""
    if sort == "id":
        return "a.id"
    if sort == "owner":
        return f"p.name_folded, {last}a.due, a.id"
    if sort == "meeting":
        return "CASE WHEN m.date IS NULL THEN 1 ELSE 0 END, m.date, a.meeting_id, a.id"
    return f"{last}{'+' if scan else ''}a.due, a.id"


SORT_JOINS = {
    "owner": " JOIN person AS p ON p.id = a.owner_id",
    "meeting": " LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id",
}
"""What each sort joins to order the ids alone."""

_EXTENSIONS = "(SELECT count(*) FROM extension WHERE extension.assignment_id = a.id)"
"""SQL: the assignment's extension count."""
ROW_COLUMNS = (
    "a.id, a.number, a.text, p.full_name, a.owner_id, a.due, a.original_due, a.status, "
    f"a.meeting_id, m.title, m.date, {_EXTENSIONS}, "
    "a.priority, controller.full_name, a.closed_on, a.version, a.control_level"
)
ROW_JOINS = (
    " JOIN person AS p ON p.id = a.owner_id"
    " LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id"
    " LEFT OUTER JOIN person AS controller ON controller.id = a.controller_id"
)


def has_standing(reader: Reader) -> bool:
    """Whether any assignment has no deadline (one probe of the deadline index)."""
    return bool(reader.rows("SELECT id FROM assignment WHERE due IS NULL LIMIT 1"))


def ordered_ids_sql(
    flt: AssignmentFilter, params: Params, today: date, due_soon_days: int, standing: bool
) -> str:
    """SELECT of the matching ids, sorted, with the page cut (``limit``/``offset``)."""
    sql = (
        "SELECT a.id FROM assignment AS a"
        + SORT_JOINS.get(flt.sort, "")
        + where(conditions(flt, params, today, due_soon_days))
        + " ORDER BY "
        + order_by(flt.sort, standing)
    )
    if flt.limit is not None or flt.offset:
        # SQLite needs a LIMIT before an OFFSET; this one is PostgreSQL's bigint too.
        limit = flt.limit if flt.limit is not None else 2**63 - 1
        sql += f" LIMIT {params.bind(limit)}"
    if flt.offset:
        sql += f" OFFSET {params.bind(flt.offset)}"
    return sql


def count(reader: Reader, flt: AssignmentFilter, *, today: date, due_soon_days: int = 3) -> int:
    """How many assignments match ``flt`` (ignoring limit and offset)."""
    params = Params()
    sql = "SELECT count(*) FROM assignment AS a" + where(
        conditions(flt, params, today, due_soon_days, scan=scans(reader, flt))
    )
    return int(reader.rows(sql, params)[0][0])


def rows(
    reader: Reader,
    flt: AssignmentFilter,
    *,
    today: date,
    due_soon_days: int = 3,
    standing: bool | None = None,
    risk: AtRiskRule | None = None,
) -> list[AssignmentRow]:
    """The assignments matching ``flt``, sorted, with owners, co-executors, tags, extensions.

    ``standing``: whether the register holds assignments without a deadline, when the caller
    knows (else one probe asks). ``risk``: the at-risk rule the rows' flag follows (the
    config's ``[control]``; None: the defaults).
    """
    if standing is None:
        standing = has_standing(reader)
    if whole(flt):
        return [
            row
            for batch in row_batches(
                reader, flt, today=today, due_soon_days=due_soon_days, standing=standing, risk=risk
            )
            for row in batch
        ]
    if flt.limit is not None or flt.offset:
        # Deferred join: sort and cut the page on the ids alone (the deadline index serves
        # it and SQLite stops after one page), then fetch names and counts for those rows.
        page = _page_ids(reader, flt, today, due_soon_days, standing)
        if not page:
            return []
        return rows(
            reader,
            AssignmentFilter(status="all", ids=page, sort=flt.sort),
            today=today,
            due_soon_days=due_soon_days,
            standing=standing,
            risk=risk,
        )
    scan = scans(reader, flt)
    order = order_by(flt.sort, standing, scan=scan)
    params = Params()
    found = conditions(flt, params, today, due_soon_days, scan=scan)
    risky = _risk_column(params, today, risk)
    sql = (
        f"SELECT {ROW_COLUMNS}, {risky} FROM assignment AS a{ROW_JOINS}{where(found)}"
        f" ORDER BY {order}"
    )
    records = reader.rows(sql, params)
    row_ids = [r[0] for r in records]
    # A cheap filter (no text search, few ids) is repeated as a subquery; a search would scan
    # again, so its ids are sent explicitly instead.
    reuse = (
        f"SELECT a.id FROM assignment AS a{where(found)}"
        if len(row_ids) > 500 and not words(flt.search) and flt.ids is None
        else None
    )
    co_names, tag_names = _names_for(reader, row_ids, reuse, params)
    soon_limit = today + timedelta(days=due_soon_days)
    active = set(ACTIVE)
    # A listing has few distinct dates and names: each is read (and kept) once, not once
    # per row (an overdue list of a million-assignment register has 250,000 rows).
    days: dict[Any, date | None] = {None: None}
    day = reader.day if reader.is_sqlite else None
    once: dict[Any, Any] = {}
    result = []
    # Taken off the end as they are made, so that the driver's copies of repeated names go
    # as soon as their row is made, not all at the end.
    records.reverse()
    while records:
        (
            aid,
            number,
            text,
            owner,
            owner_id,
            due,
            original_due,
            status,
            meeting_id,
            meeting,
            meeting_date,
            n_ext,
            priority,
            controller_name,
            closed_on,
            version,
            control_level,
            at_risk,
        ) = records.pop()
        if day is not None:
            for stored in (due, original_due, meeting_date, closed_on):
                if stored not in days:
                    days[stored] = day(stored)
            due = days[due]
            original_due = days[original_due]
            meeting_date = days[meeting_date]
            closed_on = days[closed_on]
        else:
            due = once.setdefault(due, due)
            original_due = once.setdefault(original_due, original_due)
            meeting_date = once.setdefault(meeting_date, meeting_date)
            closed_on = once.setdefault(closed_on, closed_on)
        owner = once.setdefault(owner, owner)
        meeting = once.setdefault(meeting, meeting)
        controller_name = once.setdefault(controller_name, controller_name)
        status = once.setdefault(status, status)
        priority = once.setdefault(priority, priority)
        on_control = status in active
        # Positional arguments in field order: this runs once per listed row (25,000 for
        # the overdue list of a large register).
        result.append(
            AssignmentRow(
                aid,
                number,
                text,
                owner,
                owner_id,
                co_names.get(aid) or [],
                due,
                original_due,
                status,
                due is not None and on_control and due < today,
                due is not None and on_control and today <= due <= soon_limit,
                (due - today).days if due is not None else None,
                meeting_id,
                meeting,
                meeting_date,
                int(n_ext),
                tag_names.get(aid) or [],
                priority,
                controller_name,
                closed_on,
                version,
                control_level,
                bool(at_risk),
            )
        )
    _add_requests(reader, result)
    return result


LOOKED_UP = (
    "a.id, a.number, a.text, a.owner_id, a.due, a.original_due, a.status, a.meeting_id, "
    "a.priority, a.controller_id, a.closed_on, a.version, a.control_level"
)
"""The columns of :data:`ROW_COLUMNS` that :func:`row_batches` reads off the assignment: the
names, the meetings and the extension counts it looks up in what it read once."""


def whole(flt: AssignmentFilter) -> bool:
    """Whether ``flt`` selects by status and deadline alone, on the whole register, without a
    page cut: a listing that may hold a quarter of the register (``list --overdue`` at
    1,000,000 assignments: 249,277 rows), which :func:`row_batches` reads without a join."""
    return (
        flt.owner_id is None
        and flt.controller_id is None
        and flt.person_id is None
        and flt.meeting_id is None
        and flt.ids is None
        and not flt.tag
        and not words(flt.search)
        and not flt.requested
        and flt.level is None
        and flt.at_risk is None
        and flt.limit is None
        and not flt.offset
    )


def row_batches(
    reader: Reader,
    flt: AssignmentFilter,
    *,
    today: date,
    due_soon_days: int = 3,
    standing: bool | None = None,
    risk: AtRiskRule | None = None,
    size: int = 2000,
) -> Iterator[list[AssignmentRow]]:
    """The rows of :func:`rows`, ``size`` at a time, so that a long listing can be written a
    batch at a time instead of held whole.

    A :func:`whole` listing reads the assignments' own columns alone: every person's name,
    every meeting and the extension counts are read once each (a few hundred names, one scan
    of the extension index) and looked up, instead of three joins and a counting subquery
    for each of 250,000 rows; the co-executors and tags as :func:`rows` reads them. Any other
    filter is the rows of :func:`rows` cut in batches.
    """
    if standing is None:
        standing = has_standing(reader)
    if not whole(flt):
        found_rows = rows(
            reader, flt, today=today, due_soon_days=due_soon_days, standing=standing, risk=risk
        )
        for start in range(0, len(found_rows), size):
            yield found_rows[start : start + size]
        return
    day = reader.day
    params = Params()
    found = conditions(flt, params, today, due_soon_days)
    risky = _risk_column(params, today, risk)
    names, extensions = _looked_up(reader)
    no_meeting: tuple[str | None, date | None] = (None, None)
    meetings = {
        mid: (title, day(held))
        for mid, title, held in reader.rows("SELECT id, title, date FROM meeting")
    }
    co_names, tag_names = _names_for(
        reader, (), f"SELECT a.id FROM assignment AS a{where(found)}", params
    )
    pending = _pending(reader)
    soon_limit = today + timedelta(days=due_soon_days)
    active = set(ACTIVE)
    days: dict[Any, date | None] = {None: None}
    once: dict[Any, Any] = {}
    sql = (
        f"SELECT {LOOKED_UP}, {risky} FROM assignment AS a{SORT_JOINS.get(flt.sort, '')}"
        f"{where(found)} ORDER BY {order_by(flt.sort, standing)}"
    )
    for records in reader.batches(sql, params, size):
        made = []
        for (
            aid,
            number,
            text,
            owner_id,
            due,
            original_due,
            status,
            meeting_id,
            priority,
            controller_id,
            closed_on,
            version,
            control_level,
            at_risk,
        ) in records:
            for stored in (due, original_due, closed_on):
                if stored not in days:
                    days[stored] = day(stored)
            due = days[due]
            status = once.setdefault(status, status)
            on_control = status in active
            meeting, meeting_date = meetings.get(meeting_id, no_meeting)
            made.append(
                AssignmentRow(
                    aid,
                    number,
                    text,
                    names[owner_id],  # type: ignore[arg-type]
                    owner_id,
                    co_names.get(aid) or [],
                    due,
                    days[original_due],
                    status,
                    due is not None and on_control and due < today,
                    due is not None and on_control and today <= due <= soon_limit,
                    (due - today).days if due is not None else None,
                    meeting_id,
                    meeting,
                    meeting_date,
                    extensions.get(aid, 0),
                    tag_names.get(aid) or [],
                    once.setdefault(priority, priority),
                    names.get(controller_id),
                    days[closed_on],
                    version,
                    control_level,
                    bool(at_risk),
                    pending.get(aid),
                )
            )
        yield made


def _looked_up(reader: Reader) -> tuple[dict[Any, str | None], dict[int, int]]:
    """Every person's name by id (None for None) and each assignment's extension count (none:
    absent), for a :func:`whole` listing to look up instead of joining."""
    names: dict[Any, str | None] = {None: None}
    names.update(reader.rows("SELECT id, full_name FROM person"))
    extensions = dict(
        reader.rows("SELECT assignment_id, count(*) FROM extension GROUP BY assignment_id")
    )
    return names, extensions


def _pending(reader: Reader) -> dict[int, date | None]:
    """The date each pending extension request asks for, by assignment (few at a time)."""
    return {
        aid: reader.day(asked)
        for aid, asked in reader.rows(
            "SELECT assignment_id, requested_due FROM extension_request WHERE state = :state",
            {"state": RequestState.PENDING.value},
        )
    }


def _risk_column(params: Params, today: date, risk: AtRiskRule | None) -> str:
    """SQL: 1 when the row is at risk by ``risk`` (the defaults when None), else 0."""
    from taskboard.domain.control import AtRiskRule

    rule = risk if risk is not None else AtRiskRule()
    return f"CASE WHEN {rule.condition(params, today)} THEN 1 ELSE 0 END"


def _add_requests(reader: Reader, result: list[AssignmentRow]) -> None:
    """Fill each row's pending extension request (few are pending at a time: one query)."""
    if not result:
        return
    pending = _pending(reader)
    if not pending:
        return
    for row in result:
        asked = pending.get(row.id)
        if asked is not None:
            row.extension_request = asked


@dataclass(slots=True)
class TableRow:
    """One assignment as ``taskboard list`` shows it in a table: the fields of
    :class:`AssignmentRow` its columns and colours need, read without the rest (no
    co-executors, tags, meeting or controller to fetch for 50,000 rows)."""

    id: int
    number: str | None
    text: str
    owner: str
    due: date | None
    status: str
    overdue: bool
    """As :attr:`AssignmentRow.overdue` (the SQL of :func:`is_overdue`)."""
    due_soon: bool
    """As :attr:`AssignmentRow.due_soon` (the SQL of :func:`is_due_soon`)."""
    days_left: int | None
    extensions: int
    control_level: str | None = None
    """As :attr:`AssignmentRow.control_level`."""
    at_risk: bool = False
    """As :attr:`AssignmentRow.at_risk`."""


def table_rows(
    reader: Reader,
    flt: AssignmentFilter,
    *,
    today: date,
    due_soon_days: int = 3,
    risk: AtRiskRule | None = None,
) -> list[TableRow]:
    """The assignments matching ``flt`` as :func:`rows` selects and orders them, with only
    what a table shows (:class:`TableRow`); ``flt`` without a page cut."""
    if flt.limit is not None or flt.offset:
        raise ValueError("table_rows reads whole listings; rows() cuts pages")
    params = Params()
    scan = scans(reader, flt)
    found = conditions(flt, params, today, due_soon_days, scan=scan)
    order = order_by(flt.sort, has_standing(reader), scan=scan)
    # A whole listing looks the owners' names and the extension counts up (see row_batches).
    lean = whole(flt)
    names, extensions = _looked_up(reader) if lean else ({}, {})
    joins = (
        SORT_JOINS.get(flt.sort, "")
        if lean
        else " JOIN person AS p ON p.id = a.owner_id"
        + (SORT_JOINS["meeting"] if flt.sort == "meeting" else "")
    )
    sql = (
        f"SELECT a.id, a.number, a.text, {'a.owner_id' if lean else 'p.full_name'}, a.due,"
        f" a.status, CASE WHEN {is_overdue(params, today)} THEN 1 ELSE 0 END,"
        f" CASE WHEN {is_due_soon(params, today, due_soon_days)} THEN 1 ELSE 0 END,"
        f" {'0' if lean else _EXTENSIONS},"
        f" a.control_level, {_risk_column(params, today, risk)}"
        f" FROM assignment AS a{joins}{where(found)} ORDER BY {order}"
    )
    day = reader.day
    deadlines: dict[Any, date | None] = {}  # a listing has few distinct deadlines
    result = []
    for (
        aid,
        number,
        text,
        owner,
        stored_due,
        status,
        overdue,
        due_soon,
        n_ext,
        control_level,
        at_risk,
    ) in reader.rows(sql, params):
        due = deadlines.get(stored_due)
        if due is None and stored_due is not None:
            due = deadlines[stored_due] = day(stored_due)
        result.append(
            TableRow(
                aid,
                number,
                text,
                names[owner] if lean else owner,  # type: ignore[arg-type]
                due,
                status,
                bool(overdue),
                bool(due_soon),
                (due - today).days if due is not None else None,
                extensions.get(aid, 0) if lean else int(n_ext),
                control_level,
                bool(at_risk),
            )
        )
    return result


def _page_ids(
    reader: Reader, flt: AssignmentFilter, today: date, due_soon_days: int, standing: bool
) -> list[int]:
    params = Params()
    sql = ordered_ids_sql(flt, params, today, due_soon_days, standing)
    return [r[0] for r in reader.rows(sql, params)]


def ordered_ids(
    reader: Reader, flt: AssignmentFilter, *, today: date, due_soon_days: int = 3
) -> list[int]:
    """The ids ``flt`` selects, in the listing's order (page cut applied)."""
    return _page_ids(reader, flt, today, due_soon_days, has_standing(reader))


def _names_for(
    reader: Reader, row_ids: Sequence[int], reuse: str | None, params: Params
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Co-executor names and tags of the listed assignments, in two queries (per chunk);
    ``reuse``: a SELECT of the ids (with ``params``) that stands for ``row_ids``."""
    co_names: dict[int, list[str]] = defaultdict(list)
    tag_names: dict[int, list[str]] = defaultdict(list)
    once: dict[str, str] = {}  # each name and tag kept once, not once per row
    if not row_ids and reuse is None:
        return co_names, tag_names
    chunks: list[tuple[str, Params]]
    if reuse is not None:
        chunks = [(reuse, params)]
    elif not reader.is_sqlite:
        # PostgreSQL takes the ids as one array: one query each instead of one per 5,000 ids
        # (33,366 ids of a search at 1M: about 0.45 s instead of 1.3–2.6 s).
        bound = Params()
        chunks = [(f"SELECT unnest(CAST({bound.bind(list(row_ids))} AS bigint[]))", bound)]
    else:
        chunks = []
        for start in range(0, len(row_ids), ID_CHUNK):
            bound = Params()
            chunks.append((bound.bind_all(row_ids[start : start + ID_CHUNK]), bound))
    for ids, bound in chunks:
        for aid, name in reader.rows(
            "SELECT c.assignment_id, p.full_name FROM assignment_co_executor AS c"
            " JOIN person AS p ON p.id = c.person_id"
            f" WHERE c.assignment_id IN ({ids}) ORDER BY c.assignment_id, c.position",
            bound,
        ):
            co_names[aid].append(once.setdefault(name, name))
        for aid, tag in reader.rows(
            "SELECT t.assignment_id, t.tag FROM assignment_tag AS t"
            f" WHERE t.assignment_id IN ({ids}) ORDER BY t.assignment_id, t.tag",
            bound,
        ):
            tag_names[aid].append(once.setdefault(tag, tag))
    return co_names, tag_names
