"""The one report model: execution discipline by owner and by meeting, overdue, extensions.

Definitions (docs/reports.md is the managers' version, tests/reports prove each one):

* **Selection.** The period (``date_from``/``date_to``, both inclusive, either open) selects
  the assignments whose *current* deadline (``due``) falls in it; ``meeting_id`` and
  ``owner_id`` narrow it further. Every figure and list is about the selected assignments.
* **Done on time**: done, and closed on or before the deadline in force when it was closed
  (a deadline can only be extended while open, so that is the current ``due``). An extension
  granted in time therefore does not make an assignment late; ``extensions`` shows the slips.
* **Done late**: done after that deadline. **Cancelled** ones are neither; they count in
  ``total`` and ``cancelled`` only.
* **Open**: open or in progress. **Overdue**: open and the deadline before ``today``.
* **Reopened** assignments count by their current state (a reopened one is open again; done
  again, it is judged by its latest closing day); ``reopened`` counts the selected
  assignments that were ever brought back from done or cancelled (status history).
* **Share on time** = done on time / done (None when nothing is done).
* **Deadline corrections**: deadlines changed through an edit instead of an extension
  (``corrected`` history events, each with its reason), counted and listed apart from
  extensions; one taken back by ``undo`` (an ``undone`` event naming it) is left out. On time,
  late and overdue follow the corrected deadline, so every correction is listed for the reader
  to weigh; the original deadline stays as first set.

Discipline figures (issue 13):

* **On time against the original deadline**: done on or before ``original_due`` (the deadline
  first set; a standing one without it is judged by ``due``), divided by the assignments
  *due by then*: done ones, and those still on control whose original deadline is before
  ``today`` (they can no longer be on time). **Against the final deadline**: done on time
  ÷ (done + overdue). Open ones not yet due and cancelled ones are in neither.
* **Returns**: returns for rework (status events review → rework), less those taken back by
  ``undo``.
* **Reopened share**: assignments ever reopened ÷ assignments ever closed (closed now, or
  reopened and on control again).
* **Average delay**: working days (production calendar) after the final deadline up to the
  closing day, or up to ``today`` for the overdue, averaged over done-late and overdue ones.
* **Partial acceptance**: the accepted part is done on its report's date; the remainder is an
  assignment of its own with its own deadline (``parent_id`` links them).
* **By organisation**: the owners' figures added up by ``person.organisation`` and ranked by
  on-time share against the original deadline (higher first), ties by fewer returns.

The aggregates are computed in SQL (GROUP BY owner, then meeting, then control level), the
working-day delays from the overdue list's rows and one select of the done-late ones through
a cumulative working-day index (each distinct day looked up once), the lists with plain selects
returning tuples, so 100,000 assignments take well under a second. The SQL is written once with
the listing's rules (:mod:`taskboard.domain.listing`: on control, overdue) and runs on a DB-API
connection (:class:`~taskboard.storage.direct.Reader`): the standard library's ``sqlite3`` for
``taskboard report`` on an SQLite register, a session's own connection everywhere else. Nothing
here imports SQLAlchemy (the read path of issue 12).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from operator import attrgetter, itemgetter, sub
from typing import Any

from taskboard.domain import clock, dates
from taskboard.domain.detail import moment
from taskboard.domain.history_head import Head, read_head
from taskboard.domain.kinds import OPEN_STATUSES, EventKind, Status
from taskboard.domain.listing import Params, is_open, is_overdue, where
from taskboard.errors import InvalidInput
from taskboard.i18n import domain
from taskboard.progress import OnProgress, Ticker
from taskboard.storage.direct import Reader

_, ngettext = domain("reports")

_ON_CONTROL = [s.value for s in OPEN_STATUSES]
"""The statuses still on control: counted open, and overdue once the deadline passes."""

SCHEMA_VERSION = 1
"""Version of the JSON layout (docs/reports.md); bumped on any incompatible change."""


@dataclass(frozen=True)
class ReportParams:
    """What the report covers: a deadline period and filters (all optional)."""

    date_from: date | None = None
    """First deadline day included (None: from the beginning)."""
    date_to: date | None = None
    """Last deadline day included (None: no end)."""
    meeting_id: int | None = None
    """Only the assignments of this meeting."""
    owner_id: int | None = None
    """Only the assignments of this owner."""


@dataclass
class Counts:
    """The discipline figures of one group of assignments (an owner, a meeting, everything)."""

    total: int = 0
    done: int = 0
    done_on_time: int = 0
    done_late: int = 0
    cancelled: int = 0
    open: int = 0
    """Open or in progress."""
    overdue: int = 0
    """Open and past the deadline today."""
    extensions: int = 0
    """Deadline extensions granted (records, not assignments)."""
    extended: int = 0
    """Assignments extended at least once."""
    corrections: int = 0
    """Deadline corrections made through an edit (not extensions), those taken back left out."""
    reopened: int = 0
    """Assignments ever reopened after being done or cancelled."""
    on_time_original: int = 0
    """Done on or before the original deadline (the one first set)."""
    due_original: int = 0
    """Due by the original deadline: done, or on control with the original deadline passed."""
    returns: int = 0
    """Returns for rework (review → rework), those taken back by undo left out."""
    closed_ever: int = 0
    """Ever closed: done or cancelled now, or reopened and on control again."""
    delay_days: int = 0
    """Working days late, added up over the done-late and the overdue ones."""

    @property
    def on_time_share(self) -> float | None:
        """Done on time / done, None when nothing is done."""
        return self.done_on_time / self.done if self.done else None

    @property
    def on_time_share_original(self) -> float | None:
        """Done by the original deadline / due by it, None when nothing is due by it."""
        return self.on_time_original / self.due_original if self.due_original else None

    @property
    def on_time_share_final(self) -> float | None:
        """Done on time / (done + overdue): open overdue ones count as late."""
        judged = self.done + self.overdue
        return self.done_on_time / judged if judged else None

    @property
    def reopened_share(self) -> float | None:
        """Reopened / ever closed, None when none was ever closed."""
        return self.reopened / self.closed_ever if self.closed_ever else None

    @property
    def average_delay(self) -> float | None:
        """Mean working days late over the done-late and overdue ones, None without any."""
        late = self.done_late + self.overdue
        return self.delay_days / late if late else None

    def add(self, other: Counts) -> None:
        """Add ``other``'s figures to these."""
        for name in COUNT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_json(self) -> dict[str, Any]:
        """The figures under their stable JSON names."""
        data: dict[str, Any] = {name: getattr(self, name) for name in COUNT_FIELDS}
        for name in SHARE_FIELDS:
            value = getattr(self, name)
            data[name] = round(value, 4) if value is not None else None
        return data


COUNT_FIELDS = (
    "total",
    "done",
    "done_on_time",
    "done_late",
    "cancelled",
    "open",
    "overdue",
    "extensions",
    "extended",
    "corrections",
    "reopened",
    "on_time_original",
    "due_original",
    "returns",
    "closed_ever",
    "delay_days",
)
"""The integer figures of :class:`Counts`, in display order."""

SHARE_FIELDS = (
    "on_time_share",
    "on_time_share_original",
    "on_time_share_final",
    "reopened_share",
    "average_delay",
)
"""The derived figures of :class:`Counts` (JSON: rounded to four places, null when undefined)."""


@dataclass
class OwnerSummary:
    """One owner's line of the summary."""

    owner_id: int
    owner: str
    counts: Counts


@dataclass
class OrganisationSummary:
    """One organisation's line: its owners' figures added up (``organisation`` None: owners
    with no organisation in the people directory)."""

    rank: int
    """Place in the discipline ranking (1: best on-time share against the original deadline)."""
    organisation: str | None
    owners: int
    """Owners of the organisation with selected assignments."""
    counts: Counts


@dataclass
class LevelSummary:
    """One control level's line (``level`` None: no level given)."""

    level: str | None
    counts: Counts


@dataclass
class MeetingSummary:
    """One meeting's line (``meeting_id`` None: assignments given outside any meeting)."""

    meeting_id: int | None
    title: str | None
    date: date | None
    counts: Counts


@dataclass(slots=True)
class OverdueItem:
    """An assignment overdue today."""

    id: int
    number: str | None
    text: str
    owner: str
    co_executors: list[str]
    due: date
    original_due: date | None
    """None: it was given as standing (постоянно) and got its date by a correction."""
    days_overdue: int
    status: str
    extensions: int
    meeting_id: int | None
    meeting: str | None
    control_level: str | None = None
    """The control level's key (:mod:`taskboard.domain.control`), or None."""


@dataclass(slots=True)
class ExtensionItem:
    """One deadline extension of a selected assignment."""

    assignment_id: int
    number: str | None
    text: str
    owner: str
    meeting_id: int | None
    meeting: str | None
    granted_on: date
    """The local day the extension was recorded."""
    actor: str
    old_due: date
    new_due: date
    days: int
    """How far the deadline moved (calendar days)."""
    reason: str
    status: str
    overdue: bool
    """The assignment is overdue today (even after the extension)."""


@dataclass(slots=True)
class CorrectionItem:
    """One deadline correction of a selected assignment (an edit of its deadline)."""

    assignment_id: int
    number: str | None
    text: str
    owner: str
    meeting_id: int | None
    meeting: str | None
    corrected_on: date
    """The local day the correction was recorded."""
    actor: str
    old_due: date | None
    """None: the assignment was standing (постоянно) before."""
    new_due: date | None
    """None: it was made standing."""
    days: int | None
    """How far the deadline moved (calendar days, negative: earlier); None with a standing side."""
    reason: str
    status: str
    overdue: bool
    """The assignment is overdue today (even after the correction)."""


@dataclass
class Report:
    """Everything a managers' report shows; renderers only format it."""

    params: ReportParams
    today: date
    generated_at: datetime
    meeting_title: str | None
    """Title of the meeting filter, when given."""
    owner_name: str | None
    """Name of the owner filter, when given."""
    totals: Counts
    owners: list[OwnerSummary] = field(default_factory=list)
    """Most overdue first, then most done late, then by name."""
    organisations: list[OrganisationSummary] = field(default_factory=list)
    """The discipline ranking: best on-time share against the original deadline first."""
    levels: list[LevelSummary] = field(default_factory=list)
    """By control level, in the configured order; empty when no selected one has a level."""
    level_labels: dict[str, str] | None = None
    """The configured labels of the control levels (``[control] levels``)."""
    meetings: list[MeetingSummary] = field(default_factory=list)
    """By meeting date, stand-alone assignments last."""
    overdue: list[OverdueItem] = field(default_factory=list)
    """Longest overdue first."""
    extensions: list[ExtensionItem] = field(default_factory=list)
    """In the order they were granted."""
    corrections: list[CorrectionItem] = field(default_factory=list)
    """In the order they were made (those taken back left out)."""
    history: Head | None = None
    """The history chain's head when the report was built: ties a printed report to the
    state it came from (``taskboard audit verify --head HASH``)."""

    @property
    def is_empty(self) -> bool:
        """No assignment is selected."""
        return self.totals.total == 0


class _Selection:
    """The report's selection as SQL on ``assignment AS a``, bound anew for each statement
    (each statement has its own :class:`~taskboard.domain.listing.Params`)."""

    def __init__(self, params: ReportParams) -> None:
        self.params = params

    def conditions(self, bound: Params) -> list[str]:
        """The period and the filters, as conditions bound into ``bound``."""
        params = self.params
        found: list[str] = []
        if params.date_from is not None:
            found.append(f"a.due >= {bound.bind(params.date_from)}")
        if params.date_to is not None:
            found.append(f"a.due <= {bound.bind(params.date_to)}")
        if params.meeting_id is not None:
            found.append(f"a.meeting_id = {bound.bind(params.meeting_id)}")
        if params.owner_id is not None:
            found.append(f"a.owner_id = {bound.bind(params.owner_id)}")
        return found

    def where(self, bound: Params, *extra: str) -> str:
        """`` WHERE …``: ``extra`` conditions, then the selection's (empty without any)."""
        return where([*extra, *self.conditions(bound)])


def _check(params: ReportParams) -> None:
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise InvalidInput(
            _("The period starts {start} after it ends {end}.").format(
                start=params.date_from.isoformat(), end=params.date_to.isoformat()
            )
        )


def _day_reader(reader: Reader) -> Callable[[Any], date | None]:
    """Stored dates as :class:`date`, one object per distinct day: SQLite's ISO text parsed
    once per day, PostgreSQL's dates (a new object on every row) kept once."""
    seen: dict[Any, date | None] = {None: None}
    if not reader.is_sqlite:
        return partial(_first, seen.setdefault)

    def day(value: Any) -> date | None:
        found = seen.get(value, _MISSING)
        if found is _MISSING:
            found = seen[value] = date.fromisoformat(value)
        return found

    return day


def _first(setdefault: Callable[[Any, Any], Any], value: Any) -> date | None:
    return setdefault(value, value)  # type: ignore[no-any-return,unused-ignore]


_MISSING: Any = object()

BUILD_STEPS = 9
"""The steps :func:`build_report` counts its progress in."""


def build_report(
    reader: Reader,
    params: ReportParams,
    *,
    today: date,
    generated_at: datetime | None = None,
    on_progress: OnProgress | None = None,
    control_levels: dict[str, str] | None = None,
) -> Report:
    """Compute the report for ``params`` as of ``today`` on ``reader`` (the standard
    library's ``sqlite3`` on a read command, a session's connection through
    :func:`taskboard.domain.queries.reader_of` elsewhere: the same SQL either way).

    ``on_progress`` is told the steps done (:data:`BUILD_STEPS`: the summaries, the delays,
    their names, the overdue list, the extensions, the corrections). ``control_levels``: the
    configured levels (key → label), their order that of the section by control level.
    """
    _check(params)
    ticker = Ticker(on_progress, BUILD_STEPS)
    selection = _Selection(params)
    day = _day_reader(reader)

    meeting_title = owner_name = None
    if params.meeting_id is not None:
        meeting_title = _scalar(
            reader, "SELECT title FROM meeting WHERE id = :id", params.meeting_id
        )
        if meeting_title is None:
            raise InvalidInput(_("No meeting with id {id}.").format(id=params.meeting_id))
    if params.owner_id is not None:
        owner_name = _scalar(reader, "SELECT full_name FROM person WHERE id = :id", params.owner_id)
        if owner_name is None:
            raise InvalidInput(_("No person with id {id}.").format(id=params.owner_id))

    by_owner: dict[int, Counts] = defaultdict(Counts)
    by_meeting: dict[int | None, Counts] = defaultdict(Counts)
    by_level: dict[str | None, Counts] = defaultdict(Counts)
    # "+ 0" keeps SQLite from walking the owner/meeting index row by row: a scan and a sort
    # are four times faster for a whole-register report ("|| ''" for the text of a level).
    groupings: list[tuple[str, dict[Any, Counts]]] = [
        ("a.owner_id + 0", by_owner),
        ("a.meeting_id + 0", by_meeting),
    ]
    with_levels = _any_level(reader, selection)
    if with_levels:
        groupings.append(("a.control_level || ''", by_level))
    for key, target in groupings:
        _aggregate(reader, key, selection, today, target)
        ticker.add()
    if not with_levels:
        ticker.add()
    delays = _Delays(today, by_owner, by_meeting, by_level if with_levels else None)
    delays.add_done_late(reader, selection)
    overdue = _overdue_items(reader, selection, today, delays, day)
    ticker.add()
    corrections = _corrections(reader, selection, today, day)
    ticker.add()
    for owner_id, meeting_id, _item in corrections:
        # Counted from the list itself, so the figures and the list can never disagree.
        by_owner[owner_id].corrections += 1
        by_meeting[meeting_id].corrections += 1
    totals = Counts()
    for counts in by_owner.values():
        totals.add(counts)

    owners, organisation_of = _owner_lines(reader, by_owner)
    organisations = _organisation_lines(by_owner, organisation_of)
    levels = _level_lines(by_level, control_levels)
    ticker.add()
    meetings = _meeting_lines(reader, by_meeting, day)
    ticker.add()
    ticker.add()
    extension_items = _extension_items(reader, selection, today, day)
    ticker.finish()
    return Report(
        params=params,
        today=today,
        generated_at=generated_at or clock.local(clock.now()),
        meeting_title=meeting_title,
        owner_name=owner_name,
        totals=totals,
        owners=owners,
        organisations=organisations,
        levels=levels,
        level_labels=control_levels,
        meetings=meetings,
        overdue=overdue,
        extensions=extension_items,
        corrections=[item for _owner, _meeting, item in corrections],
        history=read_head(reader),
    )


def _scalar(reader: Reader, sql: str, value: Any) -> Any:
    rows = reader.rows(sql, {"id": value})
    return rows[0][0] if rows else None


def _sum(condition: str) -> str:
    return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _aggregate(
    reader: Reader, key: str, selection: _Selection, today: date, target: dict[Any, Counts]
) -> None:
    """Fill ``target`` (group key → counts) with three GROUP BY queries on ``key`` (SQL)."""
    bound = Params()
    done = f"a.status = {bound.bind(Status.DONE.value)}"
    cancelled = f"a.status = {bound.bind(Status.CANCELLED.value)}"
    # The listing's rules: on control, and overdue (on control, the deadline passed).
    active = is_open(bound)
    overdue = is_overdue(bound, today)
    today_ = bound.bind(today)
    statuses = (
        f"SELECT {key}, count(*),"
        f" {_sum(done)},"
        # A standing assignment (no deadline) is never late.
        f" {_sum(f'{done} AND (a.due IS NULL OR a.closed_on <= a.due)')},"
        f" {_sum(cancelled)},"
        f" {_sum(active)},"
        f" {_sum(overdue)},"
        # A standing assignment has no original deadline: it is judged by its current one,
        # and one with neither is never late (closed_on <= closed_on).
        f" {_sum(f'{done} AND a.closed_on <= coalesce(a.original_due, a.due, a.closed_on)')},"
        f" {_sum(f'{active} AND coalesce(a.original_due, a.due) < {today_}')}"
        f" FROM assignment AS a{selection.where(bound)} GROUP BY {key}"
    )
    for (
        k,
        total,
        n_done,
        on_time,
        n_cancelled,
        n_open,
        n_overdue,
        on_time_original,
        past_original,
    ) in reader.rows(statuses, bound):
        counts = target[k]
        counts.on_time_original = int(on_time_original or 0)
        counts.due_original = int(n_done or 0) + int(past_original or 0)
        counts.total = int(total)
        counts.done = int(n_done or 0)
        counts.done_on_time = int(on_time or 0)
        counts.done_late = counts.done - counts.done_on_time
        counts.cancelled = int(n_cancelled or 0)
        counts.open = int(n_open or 0)
        counts.overdue = int(n_overdue or 0)
    bound = Params()
    extensions = (
        f"SELECT {key}, count(*), count(DISTINCT e.assignment_id)"
        " FROM extension AS e JOIN assignment AS a ON a.id = e.assignment_id"
        f"{selection.where(bound)} GROUP BY {key}"
    )
    for k, n, extended in reader.rows(extensions, bound):
        target[k].extensions = int(n)
        target[k].extended = int(extended)
    # One scan of the status history for the reopenings and the returns (an undo of a return
    # is an «undone» status event rework → review, and nothing else is).
    bound = Params()
    status_kind = bound.bind(EventKind.STATUS.value)
    reopening = (
        f"ev.kind = {status_kind} AND ev.new_value = {bound.bind(Status.OPEN.value)}"
        f" AND ev.old_value IN ({bound.bind_all([Status.DONE.value, Status.CANCELLED.value])})"
    )
    review, rework = bound.bind(Status.REVIEW.value), bound.bind(Status.REWORK.value)
    undone_kind = bound.bind(EventKind.UNDONE.value)
    is_return = f"ev.kind = {status_kind} AND ev.old_value = {review} AND ev.new_value = {rework}"
    is_return_undone = (
        f"ev.kind = {undone_kind} AND ev.old_value = {rework} AND ev.new_value = {review}"
    )
    history = (
        f"SELECT {key},"
        f" count(DISTINCT CASE WHEN {reopening} THEN ev.assignment_id END),"
        f" count(DISTINCT CASE WHEN {reopening} AND {is_open(bound)} THEN ev.assignment_id END),"
        f" {_sum(is_return)} - {_sum(is_return_undone)}"
        " FROM event AS ev JOIN assignment AS a ON a.id = ev.assignment_id"
        + selection.where(
            bound,
            f"ev.kind IN ({status_kind}, {undone_kind})",
            f"ev.field = {bound.bind('status')}",
            f"({reopening}) OR ({is_return}) OR ({is_return_undone})",
        )
        + f" GROUP BY {key}"
    )
    reopened_active: dict[Any, int] = {}
    for k, n, n_active, returns in reader.rows(history, bound):
        target[k].reopened = int(n)
        target[k].returns = max(0, int(returns or 0))
        reopened_active[k] = int(n_active)
    for k, counts in target.items():
        counts.closed_ever = counts.done + counts.cancelled + reopened_active.get(k, 0)


def _any_level(reader: Reader, selection: _Selection) -> bool:
    """Whether any selected assignment has a control level (the section shows only then)."""
    bound = Params()
    sql = (
        "SELECT a.id FROM assignment AS a"
        f"{selection.where(bound, 'a.control_level IS NOT NULL')} LIMIT 1"
    )
    return bool(reader.rows(sql, bound))


class _Delays:
    """Adds the working days late of the done-late and the overdue ones to every grouping.

    Each distinct day is numbered once through the cumulative working-day index of
    :func:`dates.working_days_between`, so a span is one subtraction; the overdue ones come
    from the overdue list's own rows (no second scan), the done-late ones from one plain
    select (a GROUP BY would make SQLite sort 20,000 rows of text: twice the time of adding
    them up here)."""

    def __init__(
        self,
        today: date,
        by_owner: dict[int, Counts],
        by_meeting: dict[int | None, Counts],
        by_level: dict[str | None, Counts] | None,
    ) -> None:
        self.today = today
        self.by_owner = by_owner
        self.by_meeting = by_meeting
        self.by_level = by_level
        self._numbers: dict[Any, int] = {}
        self._base: date | None = None

    def add(
        self,
        owner_ids: Sequence[int],
        meeting_ids: Sequence[int | None],
        levels: Sequence[str | None],
        dues: Sequence[Any],
        ends: Sequence[Any],
    ) -> None:
        """Count the working days late of assignments given column by column (their owners,
        meetings, levels, deadlines and end days: dates, or ISO text as SQLite keeps them).

        Column-wise with map() and one small loop per grouping: tens of thousands of rows
        cost milliseconds, where a method call per row cost a tenth of a second."""
        # Each distinct day gets its number of working days from one fixed day: a span is then
        # a subtraction, done by map() in C.
        numbers = self._numbers
        for day in (set(dues) | set(ends)) - numbers.keys():
            as_date = _as_date(day)
            if self._base is None:
                self._base = as_date
            numbers[day] = dates.working_days_between(self._base, as_date)
        days = list(map(sub, map(numbers.__getitem__, ends), map(numbers.__getitem__, dues)))
        groupings: list[tuple[dict[Any, Counts], Sequence[Any]]] = [
            (self.by_owner, owner_ids),
            (self.by_meeting, meeting_ids),
        ]
        if self.by_level is not None:
            groupings.append((self.by_level, levels))
        for target, keys in groupings:
            sums: dict[Any, int] = defaultdict(int)
            for key, n in zip(keys, days, strict=True):
                sums[key] += n
            for key, n in sums.items():
                target[key].delay_days += n

    def add_done_late(self, reader: Reader, selection: _Selection) -> None:
        """The done-late ones: their owner, meeting, level, deadline and closing day."""
        # The dates as stored (ISO text on SQLite): converting 20,000 pairs to dates costs more
        # than the thousand distinct days converted in add(). "|| ''" keeps SQLite off the
        # status index: a scan is faster than 45,000 look-ups of done rows.
        bound = Params()
        level = "a.control_level" if self.by_level is not None else "NULL"
        sql = (
            f"SELECT a.owner_id, a.meeting_id, {level}, a.due, a.closed_on FROM assignment AS a"
            + selection.where(
                bound,
                f"a.status || '' = {bound.bind(Status.DONE.value)}",
                "a.closed_on > a.due",
            )
        )
        rows = reader.rows(sql, bound)
        if rows:
            owner_ids, meeting_ids, levels, dues, ends = zip(*rows, strict=True)
            self.add(owner_ids, meeting_ids, levels, dues, ends)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _chunked(ids: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _owner_lines(
    reader: Reader, by_owner: dict[int, Counts]
) -> tuple[list[OwnerSummary], dict[int, str | None]]:
    """The owners' lines, and each owner's organisation (for the lines by organisation)."""
    names: dict[int, str] = {}
    organisation_of: dict[int, str | None] = {}
    for chunk in _chunked(list(by_owner)):
        bound = Params()
        sql = (
            f"SELECT id, full_name, organisation FROM person WHERE id IN ({bound.bind_all(chunk)})"
        )
        for pid, name, organisation in reader.rows(sql, bound):
            names[pid] = name
            organisation_of[pid] = (organisation or "").strip() or None
    lines = [OwnerSummary(pid, names.get(pid, f"#{pid}"), c) for pid, c in by_owner.items()]
    lines.sort(
        key=lambda s: (-s.counts.overdue, -s.counts.done_late, s.owner.casefold(), s.owner_id)
    )
    return lines, organisation_of


def _organisation_lines(
    by_owner: dict[int, Counts], organisation_of: dict[int, str | None]
) -> list[OrganisationSummary]:
    """The owners' figures added up by organisation, ranked: the best on-time share against
    the original deadline first (none due yet: last), ties by fewer returns, then by name."""
    by_organisation: dict[str | None, Counts] = defaultdict(Counts)
    owners: dict[str | None, int] = defaultdict(int)
    for pid, counts in by_owner.items():
        organisation = organisation_of.get(pid)
        by_organisation[organisation].add(counts)
        owners[organisation] += 1

    def rank_key(item: tuple[str | None, Counts]) -> tuple[Any, ...]:
        organisation, counts = item
        share = counts.on_time_share_original
        return (
            share is None,
            -(share or 0.0),
            counts.returns,
            organisation is None,
            (organisation or "").casefold(),
        )

    ranked = sorted(by_organisation.items(), key=rank_key)
    return [
        OrganisationSummary(place, organisation, owners[organisation], counts)
        for place, (organisation, counts) in enumerate(ranked, 1)
    ]


def _level_lines(
    by_level: dict[str | None, Counts], control_levels: dict[str, str] | None
) -> list[LevelSummary]:
    """The lines by control level: the configured order, unknown keys after it, none last."""
    if not by_level:
        return []
    order = {key: i for i, key in enumerate(control_levels or {})}
    from taskboard.domain.control import DEFAULT_CONTROL_LEVELS

    for key in DEFAULT_CONTROL_LEVELS:
        order.setdefault(key, len(order))
    keys = sorted(by_level, key=lambda k: (k is None, order.get(k or "", len(order)), k or ""))
    return [LevelSummary(k, by_level[k]) for k in keys]


def _meeting_lines(
    reader: Reader, by_meeting: dict[int | None, Counts], day: Callable[[Any], date | None]
) -> list[MeetingSummary]:
    info: dict[int, tuple[str | None, date | None]] = {}
    known = [mid for mid in by_meeting if mid is not None]
    for chunk in _chunked(known):
        bound = Params()
        sql = f"SELECT id, title, date FROM meeting WHERE id IN ({bound.bind_all(chunk)})"
        for mid, title, held in reader.rows(sql, bound):
            info[mid] = (title, day(held))
    lines = [
        MeetingSummary(mid, info.get(mid, (None, None))[0], info.get(mid, (None, None))[1], c)
        for mid, c in by_meeting.items()
        if mid is not None
    ]
    lines.sort(key=lambda s: (s.date or date.max, s.meeting_id or 0))
    if None in by_meeting:
        lines.append(MeetingSummary(None, None, None, by_meeting[None]))
    return lines


def _overdue_items(
    reader: Reader,
    selection: _Selection,
    today: date,
    delays: _Delays,
    day: Callable[[Any], date | None],
) -> list[OverdueItem]:
    """The overdue list, longest overdue first; their working days late go to ``delays``.

    A million-assignment register has a quarter of a million of them: each row is taken off
    the driver's list as its item is made, and the names, meetings, statuses, numbers and
    dates that repeat from row to row are kept once (:func:`_once`, :func:`_day_reader`)."""
    bound = Params()
    overdue = selection.where(bound, is_overdue(bound, today))
    sql = (
        "SELECT a.id, a.number, a.text, p.full_name, a.due, a.original_due, a.status,"
        # A correlated count walks the extension index only for these rows.
        " (SELECT count(*) FROM extension AS e WHERE e.assignment_id = a.id),"
        " a.meeting_id, m.title, a.owner_id, a.control_level"
        " FROM assignment AS a JOIN person AS p ON p.id = a.owner_id"
        f" LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id{overdue}"
    )
    rows = reader.rows(sql, bound)
    if not rows:
        return []
    # Co-executors of exactly the overdue ones: the same conditions, one query.
    once = _once()
    co_rows: dict[int, list[tuple[int, str]]] = defaultdict(list)
    co_sql = (
        "SELECT co.assignment_id, co.position, p.full_name FROM assignment_co_executor AS co"
        " JOIN assignment AS a ON a.id = co.assignment_id"
        f" JOIN person AS p ON p.id = co.person_id{overdue}"
    )
    for aid, position, name in reader.rows(co_sql, bound):
        co_rows[aid].append((position, once(name, name)))
    co_names = {aid: [name for _, name in sorted(found)] for aid, found in co_rows.items()}
    del co_rows
    owner_ids: list[int] = []
    meeting_ids: list[int | None] = []
    levels: list[str | None] = []
    items: list[OverdueItem] = []
    # The deadlines as dates (ISO text sorts the same, but a date is what is shown).
    rows.reverse()
    while rows:
        (
            aid,
            number,
            text,
            owner,
            due_raw,
            original_raw,
            status,
            n_ext,
            meeting_id,
            meeting,
            owner_id,
            level,
        ) = rows.pop()
        due = day(due_raw)
        assert due is not None  # overdue: the deadline passed
        level = once(level, level)
        items.append(
            OverdueItem(
                id=aid,
                number=once(number, number),
                text=text,
                owner=once(owner, owner),
                co_executors=co_names.pop(aid, []),
                due=due,
                original_due=day(original_raw),
                days_overdue=(today - due).days,
                status=once(status, status),
                extensions=int(n_ext),
                meeting_id=meeting_id,
                meeting=once(meeting, meeting),
                control_level=level,
            )
        )
        owner_ids.append(owner_id)
        meeting_ids.append(meeting_id)
        levels.append(level)
    delays.add(owner_ids, meeting_ids, levels, [item.due for item in items], [today] * len(items))
    # Sorting here rather than in SQL spares the database a sort of rows with long texts.
    items.sort(key=attrgetter("due", "id"))
    return items


def _once() -> Callable[[Any, Any], Any]:
    """``once(value, value)`` is the first value equal to ``value`` it was given (None too).

    The driver makes a new string for every row; a name or a meeting that repeats on 250,000
    rows would otherwise cost 250,000 copies."""
    seen: dict[Any, Any] = {}
    return seen.setdefault


def _extension_items(
    reader: Reader, selection: _Selection, today: date, day: Callable[[Any], date | None]
) -> list[ExtensionItem]:
    bound = Params()
    sql = (
        "SELECT e.assignment_id, a.number, a.text, p.full_name, a.meeting_id, m.title,"
        " e.created_at, e.id, e.actor, e.old_due, e.new_due, e.reason, a.status, a.due"
        " FROM extension AS e JOIN assignment AS a ON a.id = e.assignment_id"
        " JOIN person AS p ON p.id = a.owner_id"
        f" LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id{selection.where(bound)}"
    )
    rows = reader.rows(sql, bound)
    active = set(_ON_CONTROL)
    once = _once()
    found: list[tuple[datetime, int, ExtensionItem]] = []
    # Each row off the driver's list as its item is made; repeated values kept once.
    rows.reverse()
    while rows:
        (
            aid,
            number,
            text,
            owner,
            meeting_id,
            meeting,
            created_raw,
            ext_id,
            actor,
            old_raw,
            new_raw,
            reason,
            status,
            due_raw,
        ) = rows.pop()
        created_at = moment(created_raw)
        granted_on = _local_day(created_at)
        old_due, new_due, due = day(old_raw), day(new_raw), day(due_raw)
        assert old_due is not None and new_due is not None  # an extension moves a deadline
        item = ExtensionItem(
            assignment_id=aid,
            number=once(number, number),
            text=text,
            owner=once(owner, owner),
            meeting_id=meeting_id,
            meeting=once(meeting, meeting),
            granted_on=once(granted_on, granted_on),
            actor=once(actor, actor),
            old_due=old_due,
            new_due=new_due,
            days=(new_due - old_due).days,
            reason=once(reason, reason),
            status=once(status, status),
            overdue=status in active and due is not None and due < today,
        )
        found.append((created_at, ext_id, item))
    found.sort(key=itemgetter(0, 1))
    return [item for _at, _id, item in found]


def _corrections(
    reader: Reader, selection: _Selection, today: date, day: Callable[[Any], date | None]
) -> list[tuple[int, int | None, CorrectionItem]]:
    """The deadline corrections of the selected assignments not taken back, in the order they
    were made, each with its assignment's owner and meeting (the groups it counts in)."""
    import json

    bound = Params()
    corrected = bound.bind(EventKind.CORRECTED.value)
    undone = bound.bind(EventKind.UNDONE.value)
    # One scan of the history for both: the corrections, and the undos that took one back
    # (an «undone» event of the field «correction» names the event it took back).
    sql = (
        "SELECT ev.id, ev.kind, ev.at, ev.actor, ev.old_value, ev.new_value, ev.reason,"
        " a.id, a.number, a.text, a.owner_id, p.full_name, a.meeting_id, m.title,"
        " a.status, a.due"
        " FROM event AS ev JOIN assignment AS a ON a.id = ev.assignment_id"
        " JOIN person AS p ON p.id = a.owner_id"
        " LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id"
        + selection.where(
            bound,
            f"ev.kind = {corrected}"
            f" OR (ev.kind = {undone} AND ev.field = {bound.bind('correction')})",
        )
    )
    rows = [(*r[:2], moment(r[2]), *r[3:]) for r in reader.rows(sql, bound)]
    taken_back: set[int] = set()
    for row in rows:
        if row[1] == EventKind.UNDONE.value:
            try:
                taken_back.add(int(json.loads(row[4] or "{}")["event"]))
            except (ValueError, KeyError, TypeError):
                continue
    active = set(_ON_CONTROL)
    found = []
    for (
        event_id,
        kind,
        at,
        actor,
        old_raw,
        new_raw,
        reason,
        aid,
        number,
        text,
        owner_id,
        owner,
        meeting_id,
        meeting,
        status,
        due_raw,
    ) in sorted(rows, key=itemgetter(2, 0)):
        if kind != EventKind.CORRECTED.value or event_id in taken_back:
            continue
        old_due = date.fromisoformat(old_raw) if old_raw else None
        new_due = date.fromisoformat(new_raw) if new_raw else None
        due = day(due_raw)
        item = CorrectionItem(
            assignment_id=aid,
            number=number,
            text=text,
            owner=owner,
            meeting_id=meeting_id,
            meeting=meeting,
            corrected_on=_local_day(at),
            actor=actor,
            old_due=old_due,
            new_due=new_due,
            days=(new_due - old_due).days if old_due and new_due else None,
            reason=reason or "",
            status=status,
            overdue=status in active and due is not None and due < today,
        )
        found.append((owner_id, meeting_id, item))
    return found


def _local_day(moment: datetime) -> date:
    """The local day of a stored moment (an aware UTC datetime: :func:`detail.moment`)."""
    return clock.local(moment).date()
