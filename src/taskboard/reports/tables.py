"""The report as translated tables: what every renderer shows, with the same columns and order.

Renderers differ in how they draw a table (a sheet, an HTML table, a Markdown table), never
in what it holds: the columns, their headers and the cell values are decided here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

from taskboard.i18n import domain, get_language
from taskboard.presentation import (
    control_level_label,
    format_date,
    format_moment,
    status_label,
    status_phrase,
)
from taskboard.reports.model import Counts, ExtensionItem, OverdueItem, Report

_, ngettext = domain("reports")

TEXT = "text"
LONG = "long"
"""Long free text (assignment text, reasons): wrapped, wider column."""
INT = "int"
DATE = "date"
SHARE = "share"
"""A fraction 0..1 shown as a percentage; None shows as empty."""
DECIMAL = "decimal"
"""A number with one decimal place (an average); None shows as empty."""
NUMERIC = (INT, SHARE, DECIMAL)
"""The kinds aligned right and written as numbers."""


@dataclass(frozen=True)
class Column:
    """One column of a report table."""

    key: str
    header: str
    kind: str = TEXT


@dataclass
class Table:
    """A titled table: header, rows of raw values, and which rows are marked overdue."""

    key: str
    """``owners``, ``organisations``, ``levels``, ``meetings``, ``overdue``, ``extensions`` or
    ``corrections``."""
    title: str
    columns: list[Column]
    rows: Sequence[tuple[Any, ...]]
    """A list, or for the long lists :class:`Rows`: each row made when it is read."""
    marked: Sequence[bool] = field(default_factory=list)
    """Parallel to ``rows``: True for rows to highlight (overdue)."""
    total: tuple[Any, ...] | None = None
    """A totals row (summary tables only)."""
    empty: str = ""
    """What to say when there are no rows."""


_Item = TypeVar("_Item")
_Value = TypeVar("_Value")


class Rows(Sequence[_Value], Generic[_Item, _Value]):
    """``make`` of each of ``items``, made when read and not kept: the overdue list of a
    million-assignment register is a quarter of a million rows, which renderers write one
    after another."""

    __slots__ = ("_items", "_make")

    def __init__(self, items: Sequence[_Item], make: Callable[[_Item], _Value]) -> None:
        self._items = items
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[_Value]:
        return map(self._make, self._items)

    @overload
    def __getitem__(self, index: int) -> _Value: ...

    @overload
    def __getitem__(self, index: slice) -> list[_Value]: ...

    def __getitem__(self, index: int | slice) -> _Value | list[_Value]:
        if isinstance(index, slice):
            return list(map(self._make, self._items[index]))
        return self._make(self._items[index])


def format_share(value: float | None) -> str:
    """A share as a percentage with one decimal (comma in Russian)."""
    if value is None:
        return ""
    text = f"{value * 100:.1f}%"
    return text.replace(".", ",") if get_language() == "ru" else text


def one_decimal(value: float) -> str:
    """``value`` with one decimal, halves rounded up as people do (5.25 → 5.3, not 5.2)."""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def format_decimal(value: float | None) -> str:
    """A number with one decimal (comma in Russian)."""
    if value is None:
        return ""
    text = one_decimal(value)
    return text.replace(".", ",") if get_language() == "ru" else text


def title() -> str:
    """The report's title."""
    return _("Execution discipline report")


def period_text(report: Report) -> str:
    """The period in words: which deadlines the report covers."""
    start, end = report.params.date_from, report.params.date_to
    if start and end:
        return _("deadlines from {start} to {end}").format(
            start=format_date(start), end=format_date(end)
        )
    if start:
        return _("deadlines from {start}").format(start=format_date(start))
    if end:
        return _("deadlines up to {end}").format(end=format_date(end))
    return _("all deadlines")


def subtitle(report: Report) -> str:
    """One line: the period, the filters, the day it is as of, when it was generated."""
    parts = [_("Period: {period}").format(period=period_text(report))]
    if report.meeting_title is not None:
        parts.append(
            _("meeting: {title} (#{id})").format(
                title=report.meeting_title, id=report.params.meeting_id
            )
        )
    if report.owner_name is not None:
        parts.append(_("owner: {name}").format(name=report.owner_name))
    parts.append(_("as of {today}").format(today=format_date(report.today)))
    parts.append(_("generated {moment}").format(moment=format_moment(report.generated_at)))
    if report.history is not None:
        parts.append(history_text(report, full=False))
    return "; ".join(parts)


def history_text(report: Report, *, full: bool) -> str:
    """«history head: place 1234, 3f2a9c1e…»: the state the report came from (its first 16
    hex digits, or all 64 with ``full``), for ``taskboard audit verify --head``."""
    head = report.history
    if head is None:
        return ""
    return _("history head: place {seq}, {hash}").format(
        seq=head.seq, hash=head.hash if full else head.short
    )


def definitions() -> list[str]:
    """The definitions every format states under its tables."""
    return [
        _("The period selects assignments by their current deadline; filters narrow it further."),
        _(
            "Done on time: done on or before the deadline in force when it was closed "
            "(extensions granted before it count); done late: done after it."
        ),
        _("Overdue: not done or cancelled, and the deadline is before the report day."),
        _("Share on time: done on time divided by done."),
        _(
            "Reopened assignments count by their current state; «Reopened» counts those "
            "ever brought back from done or cancelled."
        ),
        _(
            "Deadline corrections: deadlines changed through an edit rather than extended, "
            "each with its reason, counted and listed apart from extensions. On time, late and "
            "overdue follow the corrected deadline (even one corrected after closing), which is "
            "why every correction is listed; the original deadline stays as first set."
        ),
        _(
            "On time against the original deadline: done on or before the deadline first set, "
            "divided by the assignments due by it (done, or still on control with it passed); "
            "against the final deadline: done on time divided by done and overdue. Open "
            "overdue ones count as late; open ones not yet due and cancelled ones in neither."
        ),
        _(
            "Returns: reports returned for rework (those taken back by undo left out). Share "
            "reopened: assignments ever reopened divided by those ever done or cancelled."
        ),
        _(
            "Average delay: working days of the production calendar after the final deadline "
            "up to the day it was done, or up to the report day for the overdue ones, averaged "
            "over the done late and the overdue."
        ),
        _(
            "Accepted in part: the accepted part is done on its report's date; the rest is an "
            "assignment of its own with its own deadline."
        ),
        _(
            "By organisation: the owners' figures added up by their organisation in the people "
            "directory, ranked by the share on time against the original deadline, ties by "
            "fewer returns."
        ),
    ]


def discipline_line(t: Counts) -> str:
    """The discipline figures of everything selected in one sentence (empty figures: «—»)."""

    def shown(value: float | None, kind: str) -> str:
        return "—" if value is None else cell_text(value, kind)

    return _(
        "On time against the original deadline: {original}; against the final deadline: "
        "{final}; returns for rework: {returns}; share reopened: {reopened}; average delay: "
        "{delay} working days."
    ).format(
        original=shown(t.on_time_share_original, SHARE),
        final=shown(t.on_time_share_final, SHARE),
        returns=t.returns,
        reopened=shown(t.reopened_share, SHARE),
        delay=shown(t.average_delay, DECIMAL),
    )


def _count_columns() -> list[Column]:
    return [
        Column("total", _("Total"), INT),
        Column("done", _("Done"), INT),
        Column("done_on_time", _("On time"), INT),
        Column("done_late", _("Late"), INT),
        Column("cancelled", _("Cancelled"), INT),
        Column("open", _("Open"), INT),
        Column("overdue", _("Overdue"), INT),
        Column("extensions", _("Extensions"), INT),
        Column("corrections", _("Deadline corrections"), INT),
        Column("returns", _("Returns for rework"), INT),
        Column("reopened", _("Reopened"), INT),
        Column("on_time_share", _("Share on time"), SHARE),
        Column("on_time_share_original", _("On time, original deadline"), SHARE),
        Column("on_time_share_final", _("On time, final deadline"), SHARE),
        Column("reopened_share", _("Share reopened"), SHARE),
        Column("average_delay", _("Average delay, working days"), DECIMAL),
    ]


def _count_values(c: Counts) -> tuple[Any, ...]:
    return (
        c.total,
        c.done,
        c.done_on_time,
        c.done_late,
        c.cancelled,
        c.open,
        c.overdue,
        c.extensions,
        c.corrections,
        c.returns,
        c.reopened,
        c.on_time_share,
        c.on_time_share_original,
        c.on_time_share_final,
        c.reopened_share,
        c.average_delay,
    )


def owners_table(report: Report) -> Table:
    """The summary by owner."""
    return Table(
        key="owners",
        title=_("By owner"),
        columns=[Column("owner", _("Owner")), *_count_columns()],
        rows=[(s.owner, *_count_values(s.counts)) for s in report.owners],
        marked=[s.counts.overdue > 0 for s in report.owners],
        total=(_("Total"), *_count_values(report.totals)),
        empty=_("No assignments in this period."),
    )


def organisation_label(organisation: str | None) -> str:
    """An organisation as listed, or «no organisation given»."""
    return organisation if organisation is not None else _("(no organisation given)")


def organisations_table(report: Report) -> Table:
    """The summary by organisation: the discipline ranking."""
    return Table(
        key="organisations",
        title=_("Ranking of organisations"),
        columns=[
            Column("rank", _("Place"), INT),
            Column("organisation", _("Organisation"), LONG),
            Column("owners", _("Owners"), INT),
            *_count_columns(),
        ],
        rows=[
            (s.rank, organisation_label(s.organisation), s.owners, *_count_values(s.counts))
            for s in report.organisations
        ],
        marked=[s.counts.overdue > 0 for s in report.organisations],
        total=(None, _("Total"), len(report.owners), *_count_values(report.totals)),
        empty=_("No assignments in this period."),
    )


def level_label(report: Report, level: str | None) -> str:
    """A control level as the office words it, or «no level given»."""
    if level is None:
        return _("(no control level)")
    return control_level_label(level, report.level_labels)


def levels_table(report: Report) -> Table:
    """The summary by control level (shown only when some assignment has a level)."""
    return Table(
        key="levels",
        title=_("By control level"),
        columns=[Column("level", _("On control of")), *_count_columns()],
        rows=[(level_label(report, s.level), *_count_values(s.counts)) for s in report.levels],
        marked=[s.counts.overdue > 0 for s in report.levels],
        total=(_("Total"), *_count_values(report.totals)),
        empty=_("No assignment has a control level."),
    )


def meeting_label(title: str | None, meeting_id: int | None) -> str:
    """A meeting as listed, or «without a meeting»."""
    if meeting_id is None:
        return _("(without a meeting)")
    return title or f"#{meeting_id}"


def meetings_table(report: Report) -> Table:
    """The summary by meeting."""
    return Table(
        key="meetings",
        title=_("By meeting"),
        columns=[
            Column("meeting", _("Meeting"), LONG),
            Column("date", _("Date"), DATE),
            *_count_columns(),
        ],
        rows=[
            (meeting_label(s.title, s.meeting_id), s.date, *_count_values(s.counts))
            for s in report.meetings
        ],
        marked=[s.counts.overdue > 0 for s in report.meetings],
        total=(_("Total"), None, *_count_values(report.totals)),
        empty=_("No assignments in this period."),
    )


def overdue_table(report: Report) -> Table:
    """The overdue assignments, longest overdue first."""
    status = cache(status_label)  # a few distinct values over many rows
    level = cache(control_level_label)
    meeting = cache(meeting_label)

    def row(o: OverdueItem) -> tuple[Any, ...]:
        return (
            o.id,
            o.number or "",
            meeting(o.meeting, o.meeting_id),
            o.text,
            o.owner,
            ", ".join(o.co_executors),
            o.due,
            o.original_due,
            o.days_overdue,
            o.extensions,
            status(o.status),
            level(o.control_level),
        )

    return Table(
        key="overdue",
        title=_("Overdue assignments"),
        columns=[
            Column("id", _("ID"), INT),
            Column("number", _("No.")),
            Column("meeting", _("Meeting"), LONG),
            Column("text", _("Assignment"), LONG),
            Column("owner", _("Owner")),
            Column("co_executors", _("Co-executors")),
            Column("due", _("Deadline"), DATE),
            Column("original_due", _("Original deadline"), DATE),
            Column("days_overdue", _("Days overdue"), INT),
            Column("extensions", _("Extensions"), INT),
            Column("status", _("Status")),
            Column("control_level", _("Control level")),
        ],
        rows=Rows(report.overdue, row),
        marked=Rows(report.overdue, _always),
        empty=_("Nothing is overdue."),
    )


def extensions_table(report: Report) -> Table:
    """The deadline extensions with their reasons."""
    status = cache(status_phrase)  # a few distinct values over many rows

    def row(e: ExtensionItem) -> tuple[Any, ...]:
        return (
            e.assignment_id,
            e.number or "",
            e.text,
            e.owner,
            e.granted_on,
            e.old_due,
            e.new_due,
            e.days,
            e.reason,
            e.actor,
            status(e.status, e.overdue),
        )

    return Table(
        key="extensions",
        title=_("Deadline extensions"),
        columns=[
            Column("assignment_id", _("ID"), INT),
            Column("number", _("No.")),
            Column("text", _("Assignment"), LONG),
            Column("owner", _("Owner")),
            Column("granted_on", _("Granted on"), DATE),
            Column("old_due", _("Old deadline"), DATE),
            Column("new_due", _("New deadline"), DATE),
            Column("days", _("Days added"), INT),
            Column("reason", _("Reason"), LONG),
            Column("actor", _("Granted by")),
            Column("status", _("Status")),
        ],
        rows=Rows(report.extensions, row),
        marked=Rows(report.extensions, attrgetter("overdue")),
        empty=_("No deadline was extended."),
    )


def row_count(report: Report) -> int:
    """The rows of all the report's tables: the units a renderer counts its progress in."""
    return (
        len(report.owners)
        + len(report.organisations)
        + len(report.levels)
        + len(report.meetings)
        + len(report.overdue)
        + len(report.extensions)
        + len(report.corrections)
    )


def corrections_table(report: Report) -> Table:
    """The deadline corrections with their reasons (apart from the extensions)."""
    status = cache(status_phrase)  # a few distinct values over many rows

    return Table(
        key="corrections",
        title=_("Corrected deadlines"),
        columns=[
            Column("assignment_id", _("ID"), INT),
            Column("number", _("No.")),
            Column("text", _("Assignment"), LONG),
            Column("owner", _("Owner")),
            Column("corrected_on", _("Corrected on"), DATE),
            Column("old_due", _("Old deadline"), DATE),
            Column("new_due", _("New deadline"), DATE),
            Column("days", _("Days moved"), INT),
            Column("reason", _("Reason"), LONG),
            Column("actor", _("Corrected by")),
            Column("status", _("Status")),
        ],
        rows=[
            (
                c.assignment_id,
                c.number or "",
                c.text,
                c.owner,
                c.corrected_on,
                c.old_due,
                c.new_due,
                c.days,
                c.reason,
                c.actor,
                status(c.status, c.overdue),
            )
            for c in report.corrections
        ],
        marked=[c.overdue for c in report.corrections],
        empty=_("No deadline was corrected."),
    )


def _always(_item: object) -> bool:
    return True


def tables(report: Report) -> list[Table]:
    """Every table of the report, in the order every format shows them."""
    summaries = [owners_table(report), organisations_table(report)]
    if report.levels:
        summaries.append(levels_table(report))
    return [
        *summaries,
        meetings_table(report),
        overdue_table(report),
        extensions_table(report),
        corrections_table(report),
    ]


def cell_text(value: Any, kind: str, *, share: Callable[[float | None], str] = format_share) -> str:
    """A cell as text (Markdown, HTML, CSV)."""
    if value is None:
        return ""
    if kind == SHARE:
        return share(value)
    if kind == DECIMAL:
        return format_decimal(value)
    if kind == DATE:
        return format_date(value)
    return str(value)


def formatters(
    columns: list[Column], text: Callable[[str], str] = str
) -> list[Callable[[Any], str]]:
    """One function per column turning a raw value into display text (``text`` for strings).

    Renderers call these hundreds of thousands of times for a large register: dates are
    formatted once per distinct day, numbers skip the text escaping.
    """
    dates: dict[date, str] = {}

    def as_date(value: date | None) -> str:
        if value is None:
            return ""
        found = dates.get(value)
        if found is None:
            found = dates[value] = format_date(value)
        return found

    def as_int(value: int | None) -> str:
        return "" if value is None else str(value)

    def as_text(value: str | None) -> str:
        return text(value) if value else ""

    def short_text() -> Callable[[str | None], str]:
        # Names, meetings and statuses repeat on every row: escape each once.
        seen: dict[str, str] = {}

        def cached(value: str | None) -> str:
            if not value:
                return ""
            found = seen.get(value)
            if found is None:
                found = seen[value] = text(value)
            return found

        return cached

    chosen: dict[str, Callable[[Any], str]] = {
        INT: as_int,
        DATE: as_date,
        SHARE: format_share,
        DECIMAL: format_decimal,
    }
    result: list[Callable[[Any], str]] = []
    for c in columns:
        result.append(short_text() if c.kind == TEXT else chosen.get(c.kind, as_text))
    return result
