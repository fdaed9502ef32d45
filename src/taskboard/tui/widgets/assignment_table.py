"""The assignments table: a virtual (Line API) view over the SQL result, paged on demand.

A ``DataTable`` given 100,000 rows needs seconds before it is usable, so this view keeps only
the rows it has been shown: its virtual height is the row count, and rows it is asked to
render but does not hold are fetched by ``limit``/``offset`` in a worker, a block at a time.
Every cell is a ``rich.text.Text`` built from plain strings: user text is never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

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

from taskboard.domain.queries import AssignmentRow
from taskboard.presentation import Tone
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _

BLOCK = 100
"""Rows fetched at a time when the view scrolls onto rows it does not hold."""
KEEP = 3000
"""Rows kept in memory at most; the farthest from the cursor are dropped first."""

TONE_CLASSES = {
    Tone.OVERDUE: "assignment-table--overdue",
    Tone.DUE_SOON: "assignment-table--due-soon",
    Tone.CLOSED: "assignment-table--closed",
}
"""The component class that styles each tone of a row."""

Fetch = Callable[[int, int, int], list[AssignmentRow]]
"""``fetch(generation, offset, limit)``: rows of the current result, called in a thread."""


@dataclass
class Column:
    """One column: its heading and its width (0: takes the rest)."""

    key: str
    heading: str
    width: int


def columns() -> list[Column]:
    """The columns in the current language."""
    return [
        Column("number", _("No."), 5),
        Column("text", _("Assignment"), 0),
        Column("owner", _("Owner"), 28),
        Column("due", _("Deadline"), 10),
        Column("left", _("Days"), 14),
        Column("status", _("Status"), 15),
    ]


class AssignmentTable(ScrollView, can_focus=True):
    """Assignments of the current filter, one per line, with a cursor."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: dict[int, AssignmentRow] = {}
        """Rows held, by their position in the result."""
        self.total = 0
        """How many rows the result has."""
        self.cursor = 0
        """Position of the cursor row."""
        self.generation = 0
        """Bumped on every reload: pages of an older result are ignored."""
        self.loaded = False
        """True once a first result has been shown."""
        self.fetch: Fetch | None = None
        self._pending: set[int] = set()
        self._columns = columns()
        self._highlighted_id: int | None = None

    # --- data ---------------------------------------------------------------------------

    def show_result(
        self,
        *,
        generation: int,
        total: int,
        offset: int,
        rows: list[AssignmentRow],
        keep_id: int | None,
        cursor: int,
        scroll_y: float,
    ) -> None:
        """Replace the contents with a fresh result, keeping selection and scroll if possible."""
        if generation < self.generation:
            return
        self.generation = generation
        self.total = total
        self.rows = {offset + i: row for i, row in enumerate(rows)}
        self._pending.clear()
        position = min(cursor, max(total - 1, 0))
        if keep_id is not None:
            held = self.rows.get(position)
            if held is None or held.id != keep_id:
                for index, row in self.rows.items():
                    if row.id == keep_id:
                        position = index
                        break
        self.cursor = position
        self.loaded = True
        self.virtual_size = Size(self.scrollable_content_region.width, total + 1)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    def set_total(self, generation: int, total: int) -> None:
        """The exact row count, once counted (the first rows may be shown before it)."""
        if generation != self.generation:
            return
        self.total = total
        self.virtual_size = Size(self.scrollable_content_region.width, total + 1)
        self.refresh()

    def add_rows(self, generation: int, offset: int, rows: list[AssignmentRow]) -> None:
        """Rows fetched for the current result (ignored if a newer result came meanwhile)."""
        self._pending.discard(offset // BLOCK)
        if generation != self.generation:
            return
        for i, row in enumerate(rows):
            self.rows[offset + i] = row
        if len(self.rows) > KEEP:
            far = sorted(self.rows, key=lambda index: abs(index - self.cursor))
            for index in far[KEEP:]:
                del self.rows[index]
        self.refresh()
        self._announce()

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
        if block in self._pending or self.fetch is None:
            return
        self._pending.add(block)
        self._fetch_block(self.generation, block * BLOCK)

    @work(thread=True, group="table-page")
    def _fetch_block(self, generation: int, offset: int) -> None:
        assert self.fetch is not None
        try:
            rows = self.fetch(generation, offset, BLOCK)
        except Exception as exc:  # a vanished or locked database: say so, keep running
            self._pending.discard(offset // BLOCK)
            self.app.call_from_thread(
                self.notify, getattr(exc, "message", str(exc)), severity="error", markup=False
            )
            return
        self.app.call_from_thread(self.add_rows, generation, offset, rows)

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

    def _cells(self, values: list[str], width: int, style: Style) -> Text:
        flexible = width - sum(c.width + 1 for c in self._columns if c.width) - 1
        line = Text(no_wrap=True, style=style, end="")
        for column, value in zip(self._columns, values, strict=True):
            size = column.width or max(flexible, 8)
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
            text = self._cells([c.heading for c in self._columns], width, header)
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
            text = self._cells(
                [
                    fmt.line(row.number or ""),
                    fmt.line(row.text),
                    fmt.line(row.owner),
                    fmt.day(row.due),
                    fmt.days_short(row),
                    fmt.status(row.status),
                ],
                width,
                Style(),
            )
        if index == self.cursor:
            cursor = self.get_component_rich_style("assignment-table--cursor")
            if not self.has_focus:
                cursor = Style(bgcolor=cursor.bgcolor, dim=False)
            style += cursor
        return self._strip(text, width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.stylize(style)
        segments = list(text.render(self.app.console))
        return Strip(segments).crop_extend(0, width, style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


__all__ = ["BLOCK", "AssignmentTable", "columns"]
