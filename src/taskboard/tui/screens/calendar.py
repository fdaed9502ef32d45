"""The calendar: a month of deadlines, and the assignments due on the day chosen with Enter.

The grid (:class:`~taskboard.tui.widgets.MonthGrid`) counts, per day, the assignments still
on control (open or in progress) that fall due on it, overdue ones marked; the counts of the
six weeks on screen come from one grouped query (:func:`~taskboard.domain.queries.
deadline_counts`) in a worker, again whenever the month changes or the database does. Enter
lists that day's assignments below the grid, on this screen: the main screen's filters stay as
they were, and Esc goes back to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from taskboard.domain.dates import is_working_day
from taskboard.domain.queries import (
    AssignmentRow,
    DayDeadlines,
    assignments_due_on,
    deadline_counts,
)
from taskboard.presentation import format_long_date, format_month, weekday_names
from taskboard.storage.database import Database
from taskboard.tui.context import TuiContext, context_of
from taskboard.tui.i18n import _, ngettext
from taskboard.tui.keys import install
from taskboard.tui.messages import DatabaseChanged
from taskboard.tui.widgets import AssignmentTable, MonthGrid
from taskboard.tui.widgets.month_grid import grid_bindings


@dataclass(frozen=True)
class DayListing:
    """The open assignments due on one day of one database: the day list's row source."""

    database: Database
    day: date
    today: date
    due_soon_days: int
    """The due-soon window (days), as the config says."""

    def page(self, offset: int, limit: int) -> list[AssignmentRow]:
        """Rows ``offset`` to ``offset + limit`` of the day's list."""
        with self.database.read() as session:
            return assignments_due_on(
                session,
                self.day,
                today=self.today,
                due_soon_days=self.due_soon_days,
                limit=limit,
                offset=offset,
            )

    def count(self) -> int:
        """How many assignments are due that day."""
        with self.database.read() as session:
            counts = deadline_counts(session, start=self.day, end=self.day, today=self.today)
        found = counts.get(self.day)
        return found.due if found else 0

    def position(self, assignment_id: int) -> int | None:
        """Where ``assignment_id`` stands in the day's list (None: not due that day)."""
        ids = [row.id for row in self.page(0, self.count())]
        return ids.index(assignment_id) if assignment_id in ids else None


def screen_bindings() -> list[Binding]:
    """The calendar screen's own keys (the grid's are in :func:`grid_bindings`)."""
    return [
        Binding(
            "escape",
            "back",
            _("Back"),
            tooltip=_("Back to the grid from the list; from the grid, to the register"),
            id="calendar-back",
        ),
        Binding("l", "close", show=False),
        Binding("q", "close", show=False),
    ]


def calendar_keys() -> list[Binding]:
    """The calendar's keys as the help lists them."""
    return [b for b in grid_bindings() if b.show] + [
        Binding("tab", "", key_display="Tab", tooltip=_("Into the day's list and back")),
        *(b for b in screen_bindings() if b.show),
    ]


def day_summary(day: date, counts: DayDeadlines | None) -> Text:
    """The status line: the selected day, whether it is worked, what falls due on it."""
    kind = _("working day") if is_working_day(day) else _("day off")
    weekday = weekday_names()[day.weekday()]
    out = Text(f"{weekday}, {format_long_date(day)} · {kind}", end="")
    if counts is None or not counts.due:
        out.append(" · " + _("nothing due"))
        return out
    due = ngettext("{n} assignment due", "{n} assignments due", counts.due).format(n=counts.due)
    out.append(" · ")
    out.append(due, style="bold")
    if counts.overdue:
        out.append(" · ")
        out.append(_("{n} overdue").format(n=counts.overdue), style="bold red")
    return out


def month_summary(grid: MonthGrid) -> str:
    """The month's own deadlines (not the neighbours' days the grid also shows)."""
    month = (grid.cursor.year, grid.cursor.month)
    days = [c for d, c in grid.counts.items() if (d.year, d.month) == month]
    due, overdue = sum(c.due for c in days), sum(c.overdue for c in days)
    return _("this month: {due} due, {overdue} overdue").format(due=due, overdue=overdue)


class CalendarScreen(Screen[None]):
    """A month grid of deadlines over the list of one day's assignments."""

    @dataclass
    class CountsLoaded(Message, bubble=False):
        """The counts of the days on screen, read in a worker."""

        start: date
        """The first day they cover."""
        end: date
        """The last day they cover."""
        counts: dict[date, DayDeadlines]
        """Per day with anything due, the open and the overdue assignments."""

    @dataclass
    class ReadFailed(Message, bubble=False):
        """Reading the counts failed; the screen keeps running."""

        reason: str
        """What to tell the staff."""

    def __init__(self) -> None:
        super().__init__()
        install(self, screen_bindings())
        self.chosen: date | None = None
        """The day whose assignments the list shows (None before the first Enter)."""

    @property
    def tb(self) -> TuiContext:
        """The app, as far as the screen needs it (database, settings, today)."""
        return context_of(self)

    @property
    def grid(self) -> MonthGrid:
        """The month grid."""
        return self.query_one("#calendar-grid", MonthGrid)

    @property
    def day_list(self) -> AssignmentTable:
        """The chosen day's assignments."""
        return self.query_one("#calendar-day", AssignmentTable)

    def compose(self) -> ComposeResult:
        yield MonthGrid(self.tb.today, id="calendar-grid")
        yield Static("", id="calendar-status", markup=False)
        yield AssignmentTable(id="calendar-day")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.day_list.border_title = _("Enter: the assignments due on the selected day")
        self._show_month()
        self.grid.focus()

    # --- loading ---------------------------------------------------------------------------

    @on(MonthGrid.MonthShown)
    def _month_shown(self, event: MonthGrid.MonthShown) -> None:
        self._show_month()
        self._load_counts(event.start, event.end)

    @work(thread=True, exclusive=True, group="calendar-counts")
    def _load_counts(self, start: date, end: date) -> None:
        app = self.tb
        try:
            with app.database.read() as session:
                counts = deadline_counts(session, start=start, end=end, today=app.today)
        except Exception as exc:  # a locked or vanished database: say it, keep running
            self.post_message(self.ReadFailed(getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.CountsLoaded(start, end, counts))

    @on(CountsLoaded)
    def _counts_loaded(self, event: CalendarScreen.CountsLoaded) -> None:
        self.grid.show_counts(event.start, event.end, event.counts)
        self._show_month()

    @on(ReadFailed)
    def _read_failed(self, event: CalendarScreen.ReadFailed) -> None:
        self.notify(event.reason, severity="error", markup=False, timeout=8)

    def _show_month(self) -> None:
        grid = self.grid
        grid.border_title = format_month(grid.cursor.year, grid.cursor.month)
        grid.border_subtitle = month_summary(grid) if grid.counted == grid.range else ""
        self.query_one("#calendar-status", Static).update(
            day_summary(grid.cursor, grid.counts.get(grid.cursor))
        )

    @on(MonthGrid.Moved)
    def _moved(self) -> None:
        self._show_month()

    @on(MonthGrid.Chosen)
    def _chosen(self, event: MonthGrid.Chosen) -> None:
        self.chosen = event.day
        self._load_day(keep=False)

    def _load_day(self, *, keep: bool) -> None:
        if self.chosen is None:
            return
        app = self.tb
        self.day_list.border_title = _("Due on {date}").format(date=format_long_date(self.chosen))
        self.day_list.load(
            DayListing(app.database, self.chosen, app.today, app.settings.due_soon_days),
            keep=keep,
        )

    @on(AssignmentTable.Loaded)
    @on(AssignmentTable.Counted)
    def _day_counted(self) -> None:
        table = self.day_list
        count = ngettext("{n} assignment", "{n} assignments", table.total).format(n=table.total)
        table.border_subtitle = _("counting…") if table.counting else count

    @on(AssignmentTable.LoadFailed)
    def _day_failed(self, event: AssignmentTable.LoadFailed) -> None:
        self.notify(event.reason, severity="error", markup=False, timeout=8)

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Someone committed: count the days on screen again, reload the day's list."""
        self._load_counts(*self.grid.range)
        self._load_day(keep=True)

    # --- actions ---------------------------------------------------------------------------

    def action_back(self) -> None:
        """From the day's list back to the grid; from the grid back to the register."""
        if self.focused is self.day_list:
            self.grid.focus()
        else:
            self.action_close()

    def action_close(self) -> None:
        """Back to the main screen."""
        self.app.pop_screen()


__all__ = ["CalendarScreen", "DayListing", "calendar_keys", "day_summary", "screen_bindings"]
