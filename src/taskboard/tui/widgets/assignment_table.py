"""The assignments table: a virtual (Line API) view over the SQL result, paged on demand.

A ``DataTable`` given 100,000 rows needs seconds before it is usable, so this view keeps only
the rows it has been shown: its virtual height is the row count, and rows it is asked to
render but does not hold are fetched by ``limit``/``offset`` in a worker, a block at a time.
Every cell is a ``rich.text.Text`` built from plain strings: user text is never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from taskboard.domain.models import Status
from taskboard.domain.queries import AssignmentRow
from taskboard.presentation import Tone, control_level_label, days_short, short_name
from taskboard.tui import format as fmt
from taskboard.tui.context import context_of
from taskboard.tui.i18n import _

BLOCK = 100
"""Rows fetched at a time when the view scrolls onto rows it does not hold."""
KEEP = 3000
"""Rows kept in memory at most; the farthest from the cursor are dropped first."""
MARGIN = 40
"""Rows fetched beyond the visible window on a (re)load."""

TONE_CLASSES = {
    Tone.OVERDUE: "assignment-table--overdue",
    Tone.DUE_SOON: "assignment-table--due-soon",
    Tone.CLOSED: "assignment-table--closed",
}
"""The component class that styles each tone of a row."""


class RowSource(Protocol):
    """One query over one database: what the table shows (its methods run in a thread)."""

    def page(self, offset: int, limit: int) -> list[AssignmentRow]:
        """Rows ``offset`` to ``offset + limit`` of the result."""
        ...

    def count(self) -> int:
        """How many rows the whole result has."""
        ...

    def position(self, assignment_id: int) -> int | None:
        """Where ``assignment_id`` stands in the result (None: not in it)."""
        ...


def _reason(exc: Exception) -> str:
    # TaskboardError carries a translated message; a driver's own error only its text.
    return getattr(exc, "message", None) or str(exc)


TEXT_WANTED = 70
"""Cells of assignment text the table secures before it adds the days column or full names."""
TEXT_MIN = 20
"""Below this much text the owner column is left out altogether."""
OWNER_SHORT = 15
"""The owner column when it writes surname and initials («Пархомчик П.А.»)."""
OWNER_FULL = 30
"""The owner column when it writes full names."""
LEVEL_WIDTH = 16
"""The control level column («у Губернатора»)."""
LEVEL_TEXT = 110
"""Cells of text the table keeps beside the control level column before it adds it: only a
table over 200 cells wide has room for it (a terminal of about 245 columns with the side panes;
at 200×60 every table — the main one, the calendar's day list — is laid out as without it)."""
AT_RISK_MARK = "! "
"""What the status cell of an assignment at risk starts with."""


@dataclass(frozen=True)
class Column:
    """One column as shown: its heading and its width in cells."""

    key: str
    """What it shows: number, text, owner, due, left (days), status or level."""
    heading: str
    """The heading, in the current language."""
    width: int
    """Cells, not counting the space after it."""
    short: bool = False
    """The owner column only: names written as surname and initials."""


def _widest(*values: str) -> int:
    return max(cell_len(value) for value in values)


def fit_columns(width: int) -> list[Column]:
    """The columns of a table ``width`` cells wide, in the current language.

    Number, text, deadline and status always; the text takes what the others leave. The owner
    is written short (surname and initials); the days column comes only while the text keeps
    :data:`TEXT_WANTED` cells beside it, then full names only while it keeps them beside those
    too. The owner goes only when even short names would leave less than :data:`TEXT_MIN`.
    The control level comes last, only while the text keeps :data:`LEVEL_TEXT` cells.
    """
    headings = {
        "number": _("No."),
        "text": _("Assignment"),
        "owner": _("Owner"),
        "due": _("Deadline"),
        "left": _("Days"),
        "status": _("Status"),
        "level": _("Control level"),
    }
    widths = {
        "number": 5,
        "due": _widest(headings["due"], "00.00.0000"),
        "status": min(_widest(headings["status"], *map(fmt.status, Status)), 14),
    }
    days = _widest(headings["left"], *(days_short(n, Status.OPEN) for n in (-999, 999)))

    def text_left(**other: int) -> int:
        # Every column is followed by one space, the text's included (the last one's is the
        # margin before the border).
        return width - sum(w + 1 for w in (widths | other).values()) - 1

    short = True
    if text_left(owner=OWNER_SHORT) >= TEXT_MIN:
        widths["owner"] = OWNER_SHORT
        if text_left(left=days) >= TEXT_WANTED:
            widths["left"] = days
        if text_left(owner=OWNER_FULL) >= TEXT_WANTED:
            widths["owner"], short = OWNER_FULL, False
            if text_left(level=LEVEL_WIDTH) >= LEVEL_TEXT:
                widths["level"] = LEVEL_WIDTH
    widths["text"] = max(text_left(), 8)
    return [
        Column(key, heading, widths[key], short=short and key == "owner")
        for key, heading in headings.items()
        if key in widths
    ]


class AssignmentTable(ScrollView, can_focus=True):
    """Assignments of a :class:`RowSource`, one per line, with a cursor; loads its own rows.

    :meth:`load` queries in a worker and posts :class:`Loaded` (the first rows are shown),
    then :class:`Counted` (the exact count, when the first rows did not tell it) or
    :class:`LoadFailed`; the table applies each to itself before it bubbles up.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "assignment-table--header",
        "assignment-table--cursor",
        "assignment-table--overdue",
        "assignment-table--due-soon",
        "assignment-table--closed",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False),
        Binding("end", "edge(1)", show=False),
    ]

    @dataclass
    class Highlighted(Message):
        """The cursor is on another assignment (or on none)."""

        row: AssignmentRow | None
        """The assignment under the cursor, None when the table is empty."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, AssignmentTable.Highlighted)

    @dataclass
    class Loaded(Message):
        """A load's first rows are in hand: the table shows them, then this bubbles up."""

        generation: int
        """The load it answers (see :attr:`AssignmentTable.generation`)."""
        total: int
        """Rows in the result: exact unless :attr:`counting`, then the rows known so far."""
        counting: bool
        """True while the exact count is still being made (a :class:`Counted` follows)."""
        source: RowSource
        """What was queried (the table pages through it from now on)."""
        offset: int
        """Position of the first of :attr:`rows` in the result."""
        rows: list[AssignmentRow]
        """The rows around the kept scroll position."""
        keep_id: int | None
        """The assignment to keep the cursor on, if it is among :attr:`rows`."""
        cursor: int
        """The cursor position to keep otherwise."""
        scroll_y: float
        """The scroll position to keep."""
        selected: int | None = None
        """The assignment :meth:`AssignmentTable.select` asked for, looked up by this load."""

    @dataclass
    class Counted(Message):
        """The exact row count of a result whose first rows were shown before it."""

        generation: int
        """The load it answers."""
        total: int
        """How many rows the result has."""

    @dataclass
    class LoadFailed(Message):
        """A query of the table (first rows, count or a page) failed; the table keeps running."""

        generation: int
        """The load it belonged to."""
        reason: str
        """What to tell the staff."""
        offset: int | None = None
        """The page that failed; None for the first rows or the count."""

    @dataclass
    class PageFetched(Message, bubble=False):
        """Rows fetched because the view scrolled onto rows it did not hold."""

        generation: int
        """The result they belong to (ignored once another is shown)."""
        offset: int
        """Position of the first of :attr:`rows` in the result."""
        rows: list[AssignmentRow]
        """The rows."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: dict[int, AssignmentRow] = {}
        """Rows held, by their position in the result."""
        self.total = 0
        """How many rows the result has."""
        self.cursor = 0
        """Position of the cursor row."""
        self.generation = 0
        """Bumped on every load: answers to an older load are ignored."""
        self.loaded = False
        """True once a first result has been shown."""
        self.counting = False
        """True while the first rows are shown and the exact count is still being made."""
        self.source: RowSource | None = None
        """What the shown rows come from (pages are fetched from it)."""
        self._shown = 0
        self._loading = False
        self._queued: tuple[RowSource, bool] | None = None
        self._pending: set[int] = set()
        self._fitted: tuple[int, list[Column]] = (-1, [])
        self._highlighted_id: int | None = None
        self._select_id: int | None = None

    # --- loading ----------------------------------------------------------------------------

    def load(self, source: RowSource, *, keep: bool = True) -> None:
        """Show ``source``'s rows, keeping the selection and scroll when ``keep``.

        One query at a time: requests made while one runs are merged into one (the latest
        source) that starts as soon as its rows are shown, so fast typing never piles up
        queries on the database.
        """
        if self._loading:
            keep = keep and (self._queued is None or self._queued[1])
            self._queued = (source, keep)
            return
        self._start(source, keep)

    def select(self, assignment_id: int) -> None:
        """Put the cursor on ``assignment_id`` (one just saved), if the result holds it.

        Its row may lie anywhere in 100,000 and a reload may be on its way, so the next load
        (started now, or merged into one queued) looks it up in the same read as its rows:
        every load started after this call sees the saved row, and none can move the cursor
        back. A result that leaves it out leaves the cursor alone.
        """
        self._select_id = assignment_id
        if self.source is not None:
            self.load(self.source, keep=True)

    def _start(self, source: RowSource, keep: bool) -> None:
        self._loading = True
        self.generation += 1
        current = self.current
        self._load(
            self.generation,
            source,
            scroll_y=self.scroll_y if keep else 0.0,
            cursor=self.cursor if keep else 0,
            keep_id=current.id if keep and current is not None else None,
            height=max(self.size.height, 20),
            select_id=self._select_id,
        )

    def _next(self) -> None:
        self._loading = False
        if self._queued is not None:
            (source, keep), self._queued = self._queued, None
            self._start(source, keep)

    @work(thread=True, exclusive=True, group="table-load")
    def _load(
        self,
        generation: int,
        source: RowSource,
        *,
        scroll_y: float,
        cursor: int,
        keep_id: int | None,
        height: int,
        select_id: int | None = None,
    ) -> None:
        try:
            found = source.position(select_id) if select_id is not None else None
            if found is not None:  # the wanted row about a third down the view
                cursor, keep_id = found, select_id
                scroll_y = float(max(0, found - height // 3))
            offset = max(0, int(scroll_y) - MARGIN // 2)
            limit = height + MARGIN
            rows = source.page(offset, limit)
        except Exception as exc:  # a locked or vanished database: say it, keep running
            self.post_message(self.LoadFailed(generation, _reason(exc)))
            return
        complete = len(rows) < limit and bool(rows or offset == 0)  # the whole result in hand
        # Rows first: the count of a large result takes longer than its first rows.
        self.post_message(
            self.Loaded(
                generation,
                offset + len(rows),
                not complete,
                source,
                offset,
                rows,
                keep_id,
                cursor,
                scroll_y,
                select_id,
            )
        )
        if complete:
            return
        try:
            total = source.count()
        except Exception as exc:
            self.post_message(self.LoadFailed(generation, _reason(exc)))
            return
        self.post_message(self.Counted(generation, total))

    @on(Loaded)
    def _loaded(self, event: AssignmentTable.Loaded) -> None:
        if event.generation != self.generation:
            event.stop()
            return
        self._shown = event.generation
        self.source = event.source
        if event.selected is not None and event.selected == self._select_id:
            self._select_id = None  # looked up: found and shown, or left out by the filters
        self.counting = event.counting
        self.total = event.total
        self.rows = {event.offset + i: row for i, row in enumerate(event.rows)}
        self._pending.clear()
        position = min(event.cursor, max(event.total - 1, 0))
        if event.keep_id is not None:
            held = self.rows.get(position)
            if held is None or held.id != event.keep_id:
                for index, row in self.rows.items():
                    if row.id == event.keep_id:
                        position = index
                        break
        self.cursor = position
        self.loaded = True
        self.virtual_size = Size(self.scrollable_content_region.width, event.total + 1)
        self.scroll_to(y=event.scroll_y, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()
        self._next()

    @on(Counted)
    def _counted(self, event: AssignmentTable.Counted) -> None:
        if event.generation != self.generation:
            event.stop()
            return
        self.counting = False
        self.total = event.total
        self.virtual_size = Size(self.scrollable_content_region.width, event.total + 1)
        self.refresh()

    @on(LoadFailed)
    def _load_failed(self, event: AssignmentTable.LoadFailed) -> None:
        if event.offset is not None:
            self._pending.discard(event.offset // BLOCK)  # asked again when next shown
        elif event.generation == self.generation and self._loading:
            self._next()  # the rows shown stay those of the previous load

    @property
    def current(self) -> AssignmentRow | None:
        """The assignment under the cursor, if its row is loaded."""
        if self.total == 0:
            return None
        return self.rows.get(self.cursor)

    def _announce(self) -> None:
        row = self.current
        row_id = row.id if row is not None else None
        if row is None and self.total:
            return  # the cursor row is still being fetched
        key = (row_id, row.version if row is not None else None)
        if key != self._highlighted_id:
            self._highlighted_id = key  # type: ignore[assignment]
            self.post_message(self.Highlighted(row))

    def _want(self, index: int) -> None:
        block = index // BLOCK
        if block in self._pending or self.source is None:
            return
        self._pending.add(block)
        self._fetch_block(self._shown, self.source, block * BLOCK)

    @work(thread=True, group="table-page")
    def _fetch_block(self, generation: int, source: RowSource, offset: int) -> None:
        try:
            rows = source.page(offset, BLOCK)
        except Exception as exc:  # a vanished or locked database: say so, keep running
            self.post_message(self.LoadFailed(generation, _reason(exc), offset))
            return
        self.post_message(self.PageFetched(generation, offset, rows))

    @on(PageFetched)
    def _page_fetched(self, event: AssignmentTable.PageFetched) -> None:
        if event.generation != self._shown:
            return
        self._pending.discard(event.offset // BLOCK)
        for i, row in enumerate(event.rows):
            self.rows[event.offset + i] = row
        if len(self.rows) > KEEP:
            far = sorted(self.rows, key=lambda index: abs(index - self.cursor))
            for index in far[KEEP:]:
                del self.rows[index]
        self.refresh()
        self._announce()

    # --- cursor ----------------------------------------------------------------------------

    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_cursor_into_view(self) -> None:
        top = int(self.scroll_y)
        height = self._body_height()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped)."""
        if self.total == 0:
            return
        self.cursor = max(0, min(index, self.total - 1))
        self._scroll_cursor_into_view()
        if self.cursor not in self.rows:
            self._want(self.cursor)
        self.refresh()
        self._announce()

    def action_cursor(self, step: int) -> None:
        """Move the cursor by ``step`` rows."""
        self.move_to(self.cursor + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor by one screenful."""
        self.move_to(self.cursor + direction * self._body_height())

    def action_edge(self, end: int) -> None:
        """Move the cursor to the first or the last row."""
        self.move_to(self.total - 1 if end else 0)

    @on(events.Click)
    def _clicked(self, event: events.Click) -> None:
        if event.y >= 1:
            self.move_to(int(self.scroll_y) + event.y - 1)

    # --- rendering ------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.total + 1)

    @property
    def columns(self) -> list[Column]:
        """The columns at the table's current width (see :func:`fit_columns`)."""
        width = self.scrollable_content_region.width
        if self._fitted[0] != width:
            self._fitted = (width, fit_columns(width))
        return self._fitted[1]

    def _cells(self, values: dict[str, str], style: Style) -> Text:
        line = Text(no_wrap=True, style=style, end="")
        for column in self.columns:
            value = values[column.key]
            size = column.width
            if column.key == "left" and cell_len(value) < size:
                value = " " * (size - cell_len(value)) + value
            cell = Text(value, no_wrap=True, end="")
            cell.truncate(size, overflow="ellipsis", pad=True)
            line.append_text(cell)
            line.append(" ")
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("assignment-table--header")
            text = self._cells({c.key: c.heading for c in self.columns}, header)
            return self._strip(text, width, base + header)
        index = int(self.scroll_y) + y - 1
        if index >= self.total:
            return Strip([Segment(" " * width, base)], width)
        row = self.rows.get(index)
        if row is None:
            self._want(index)
            text = Text("…", end="")
            style = base + Style(dim=True)
        else:
            style = base
            component = TONE_CLASSES.get(fmt.row_tone(row))
            if component:
                style += self.get_component_rich_style(component)
            owner = fmt.line(row.owner)
            if any(c.short for c in self.columns):
                owner = short_name(owner)
            text = self._cells(
                {
                    "number": fmt.line(row.number or ""),
                    "text": fmt.line(row.text),
                    "owner": owner,
                    "due": fmt.day(row.due),
                    "left": fmt.days_short(row),
                    "status": (AT_RISK_MARK if row.at_risk else "") + fmt.status(row.status),
                    "level": self._level(row.control_level),
                },
                Style(),
            )
        if index == self.cursor:
            cursor = self.get_component_rich_style("assignment-table--cursor")
            if not self.has_focus:
                cursor = Style(bgcolor=cursor.bgcolor, dim=False)
            style += cursor
        return self._strip(text, width, style)

    def _level(self, key: str | None) -> str:
        """A control level as the level column shows it (the configured label)."""
        if not key or all(c.key != "level" for c in self.columns):
            return ""
        levels = context_of(self).settings.control.levels
        return fmt.line(control_level_label(key, levels))

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.stylize(style)
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(0, width, style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


__all__ = ["AT_RISK_MARK", "BLOCK", "AssignmentTable", "Column", "RowSource", "fit_columns"]
