"""The calendar's month grid: six weeks from Monday, each day with its open deadlines.

A day shows how many assignments still on control fall due on it (``12``), marked ``!``
when they are overdue; days off of the Russian production calendar (weekends, holidays and
the days off moved by decree, :func:`taskboard.domain.dates.is_working_day`) are tinted and
their numbers red, as printed calendars have them; today reads ``[24]``. The grid only draws
and moves: the counts come from its screen (:meth:`MonthGrid.show_counts`), which loads them
when :class:`MonthGrid.MonthShown` says another month is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from dateutil.relativedelta import relativedelta
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from taskboard.domain.dates import is_working_day
from taskboard.domain.queries import DayDeadlines
from taskboard.presentation import weekday_names
from taskboard.tui.i18n import _
from taskboard.tui.keys import install

WEEKS = 6
"""Weeks the grid shows: enough for any month (31 days starting on a Sunday)."""
CELL_WIDTH = (11, 18)
"""The narrowest and the widest day cell, a gap column included (11 × 7 fits 80 columns)."""
NUMBER_WIDTH = 4
"""The day number as drawn: `` 24 `` or ``[24]`` (today)."""


def first_shown(day: date) -> date:
    """The Monday on or before the first of ``day``'s month: the grid's first cell."""
    first = day.replace(day=1)
    return first - timedelta(days=first.weekday())


def shown_range(day: date) -> tuple[date, date]:
    """The first and the last day the grid shows for ``day``'s month (six whole weeks)."""
    start = first_shown(day)
    return start, start + timedelta(days=7 * WEEKS - 1)


def week_lines(screen_height: int) -> int:
    """Lines per week: one on a 24-line terminal, up to three on a tall one."""
    if screen_height >= 44:
        return 3
    if screen_height >= 34:
        return 2
    return 1


def count_label(counts: DayDeadlines | None) -> str:
    """A day's deadlines as the cell writes them: ``12``, ``3!`` when overdue, else empty."""
    if counts is None or not counts.due:
        return ""
    return f"{counts.due}!" if counts.overdue else f"{counts.due} "


def grid_bindings() -> list[Binding]:
    """The grid's keys, described in the current language (the footer shows four)."""
    return [
        Binding(
            "left",
            "move(-1)",
            _("Day"),
            key_display="←↑↓→",
            tooltip=_("Previous / next day (← →), week (↑ ↓)"),
            id="calendar-day",
        ),
        Binding("right", "move(1)", show=False),
        Binding("up", "move(-7)", show=False),
        Binding("down", "move(7)", show=False),
        Binding(
            "pageup",
            "month(-1)",
            _("Month"),
            key_display="PgUp/PgDn",
            tooltip=_("Previous / next month (also [ and ])"),
            id="calendar-month",
        ),
        Binding("pagedown", "month(1)", show=False),
        Binding("left_square_bracket", "month(-1)", show=False),
        Binding("right_square_bracket", "month(1)", show=False),
        Binding(
            "home",
            "today",
            _("Today"),
            key_display="Home",
            tooltip=_("Back to today"),
            id="calendar-today",
        ),
        Binding(
            "enter",
            "choose",
            _("List"),
            key_display="Enter",
            tooltip=_("List the assignments due on the selected day"),
            id="calendar-list",
        ),
    ]


class MonthGrid(Widget, can_focus=True):
    """A month of deadlines; the cursor moves by day, week and month, Enter chooses a day."""

    DEFAULT_CSS = """
    MonthGrid {
        height: auto;
    }
    MonthGrid > .month-grid--header {
        color: $text-muted;
        text-style: bold;
    }
    MonthGrid > .month-grid--working-day {
        background: $surface;
    }
    MonthGrid > .month-grid--day-off {
        background: $panel;
        color: $text-error;
    }
    MonthGrid > .month-grid--other-month {
        color: $text-disabled;
    }
    MonthGrid > .month-grid--today {
        color: $text-accent;
        text-style: bold;
    }
    MonthGrid > .month-grid--due {
        text-style: bold;
    }
    MonthGrid > .month-grid--overdue {
        color: $text-error;
        text-style: bold;
    }
    MonthGrid > .month-grid--cursor {
        background: $primary-darken-1;
        color: $text;
    }
    MonthGrid > .month-grid--legend {
        color: $text-muted;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "month-grid--header",
        "month-grid--working-day",
        "month-grid--day-off",
        "month-grid--other-month",
        "month-grid--today",
        "month-grid--due",
        "month-grid--overdue",
        "month-grid--cursor",
        "month-grid--legend",
    }

    cursor: reactive[date] = reactive(date(2000, 1, 1), init=False)
    """The selected day."""

    @dataclass
    class MonthShown(Message):
        """Another month is on screen: its six weeks need their counts."""

        start: date
        """The first day shown (a Monday)."""
        end: date
        """The last day shown (a Sunday)."""

    @dataclass
    class Moved(Message):
        """The cursor is on another day."""

        day: date
        """The selected day."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, MonthGrid.Moved)

    @dataclass
    class Chosen(Message):
        """Enter (or a click) on a day: list its assignments."""

        day: date
        """The chosen day."""

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        install(self, grid_bindings())
        self.today = today
        """The day marked as today (and where Home goes)."""
        self.counts: dict[date, DayDeadlines] = {}
        """The deadlines of the days shown, as last loaded (days with none are absent)."""
        self.counted: tuple[date, date] | None = None
        """The range :attr:`counts` answers, None before the first answer."""
        self.set_reactive(MonthGrid.cursor, today)

    @property
    def range(self) -> tuple[date, date]:
        """The first and the last day on screen."""
        return shown_range(self.cursor)

    def on_mount(self) -> None:
        self.post_message(self.MonthShown(*self.range))

    def show_counts(self, start: date, end: date, counts: dict[date, DayDeadlines]) -> None:
        """Show the counts of ``start``…``end`` (ignored if another month is on screen now)."""
        if (start, end) != self.range:
            return
        self.counts = counts
        self.counted = (start, end)
        self.refresh()

    def watch_cursor(self, old: date, new: date) -> None:
        if shown_range(old) != shown_range(new):
            self.post_message(self.MonthShown(*shown_range(new)))
        self.post_message(self.Moved(new))
        self.refresh()

    # --- actions ---------------------------------------------------------------------------

    def action_move(self, days: int) -> None:
        """Move the cursor by ``days`` (a week is seven)."""
        self.cursor += timedelta(days=days)

    def action_month(self, months: int) -> None:
        """Move the cursor to the same day of another month (or that month's last day)."""
        self.cursor += relativedelta(months=months)

    def action_today(self) -> None:
        """Move the cursor back to today."""
        self.cursor = self.today

    def action_choose(self) -> None:
        """Ask for the selected day's assignments."""
        self.post_message(self.Chosen(self.cursor))

    def _geometry(self) -> tuple[int, int, int]:
        """(cell width, lines per week, left margin) for the current size."""
        width, height = self.size
        cell = max(CELL_WIDTH[0], min(CELL_WIDTH[1], width // 7))
        lines = max(1, min(3, (height - 2) // WEEKS))
        return cell, lines, max(0, (width - 7 * cell) // 2)

    def day_at(self, x: int, y: int) -> date | None:
        """The day drawn at content offset (``x``, ``y``), if any."""
        cell, lines, margin = self._geometry()
        column, week = (x - margin) // cell, (y - 1) // lines
        if y < 1 or x < margin or not (0 <= column < 7 and 0 <= week < WEEKS):
            return None
        return self.range[0] + timedelta(days=7 * week + column)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        day = None if offset is None else self.day_at(offset.x, offset.y)
        if day is not None:
            self.cursor = day
            self.post_message(self.Chosen(day))

    # --- drawing ---------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + WEEKS * week_lines(viewport.height) + 1

    def _style(self, name: str) -> Style:
        # The partial style keeps a cell's own background; its colour is taken from the full
        # style, where Textual has blended translucent colours ($text-muted) to real ones.
        name = f"month-grid--{name}"
        partial = self.get_component_rich_style(name, partial=True)
        full = self.get_component_rich_style(name)
        return partial + Style(color=full.color, bgcolor=partial.bgcolor)

    def day_style(self, day: date) -> Style:
        """How ``day``'s cell is drawn, before the cursor: day off, other month, today."""
        style = self._style("working-day" if is_working_day(day) else "day-off")
        if (day.year, day.month) != (self.cursor.year, self.cursor.month):
            style += self._style("other-month")
        if day == self.today:
            style += self._style("today")
        return style

    def _cell(self, day: date, line: int, lines: int, width: int) -> Text:
        """One line of ``day``'s cell, ``width`` columns without the gap.

        With two or three lines a week, the last is a gap between the weeks; the count sits
        beside the number on one line, below it on three.
        """
        if lines > 1 and line == lines - 1:
            return Text(" " * width, end="")
        number = f"[{day.day:>2}]" if day == self.today else f" {day.day:>2} "
        counts = self.counts.get(day)
        label = count_label(counts)
        count_style = self._style("overdue" if counts and counts.overdue else "due")
        style = self.day_style(day)
        if day == self.cursor:
            style += self._style("cursor")
        # The cell's style is the text's base: the count's own colour is drawn over it.
        text = Text(end="", no_wrap=True, style=style)
        if line == 0:
            text.append(number)
        if label and line == (1 if lines == 3 else 0):
            text.append(" " * (width - cell_len(label) - text.cell_len))
            text.append(label, style=count_style)
        text.append(" " * (width - text.cell_len))
        return text

    def legend(self) -> Text:
        """What the marks mean, in the current language."""
        muted = self._style("legend")
        text = Text(end="", no_wrap=True, style=muted)
        text.append("[24]", style=self._style("today"))
        text.append(" " + _("today") + " · ")
        text.append("12", style=self._style("due"))
        text.append(" " + _("due") + " · ")
        text.append("3!", style=self._style("overdue"))
        text.append(" " + _("overdue") + " · ")
        text.append(" 07 ", style=self._style("day-off"))
        text.append(" " + _("weekend or holiday"))
        return text

    def render(self) -> Text:
        cell, lines, margin = self._geometry()
        start = self.range[0]
        out = Text(end="", no_wrap=True)
        header = self._style("header")
        day_off = self._style("day-off")
        out.append(" " * margin)
        for column, name in enumerate(weekday_names()):
            weekend = column >= 5
            out.append(
                f"{name:^{cell - 1}} ",
                style=header + (Style(color=day_off.color) if weekend else Style()),
            )
        for week in range(WEEKS):
            for line in range(lines):
                out.append("\n" + " " * margin)
                for column in range(7):
                    day = start + timedelta(days=7 * week + column)
                    out.append_text(self._cell(day, line, lines, cell - 1))
                    out.append(" ")
        out.append("\n" + " " * margin)
        out.append_text(self.legend())
        return out


__all__ = [
    "MonthGrid",
    "count_label",
    "first_shown",
    "grid_bindings",
    "shown_range",
    "week_lines",
]
