"""The directory screen's table: each person with their position, organisation, e-mail,
supervisor and the open and overdue assignments they own.

A ``DataTable`` is enough (a region's directory holds hundreds of people, not 100,000). Its
columns are fitted to its width whenever it is resized; every cell is a ``rich.text.Text`` cut
with «…», never markup. Row keys are the people's ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from taskboard.domain.queries import PersonSummary
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _


@dataclass
class PeopleColumn:
    """One column: its key, heading and width in cells."""

    key: str
    heading: str
    width: int


def people_columns(width: int) -> list[PeopleColumn]:
    """The columns for a table ``width`` cells wide (headings in the current language)."""
    counts = [("open", _("Open")), ("overdue", _("Overdue"))]
    count_widths = [max(len(heading), 4) for _key, heading in counts]
    padding = 2 * 7  # DataTable pads each of the seven columns by one cell on either side
    rest = max(width - sum(count_widths) - padding, 40)
    name = rest * 24 // 100
    position = rest * 20 // 100
    organisation = rest * 22 // 100
    email = rest * 16 // 100
    supervisor = rest - name - position - organisation - email
    return [
        PeopleColumn("name", _("Name"), name),
        PeopleColumn("position", _("Position"), position),
        PeopleColumn("organisation", _("Organisation"), organisation),
        PeopleColumn("email", _("E-mail"), email),
        PeopleColumn("supervisor", _("Supervisor"), supervisor),
        *(
            PeopleColumn(key, heading, w)
            for (key, heading), w in zip(counts, count_widths, strict=True)
        ),
    ]


def _cut(value: str | None, width: int, style: str = "") -> Text:
    text = Text(fmt.line(value), style=style, no_wrap=True, end="")
    text.truncate(width, overflow="ellipsis")
    return text


def _count(value: int, style: str) -> Text:
    return Text(str(value), style=style if value else "dim", justify="right", end="")


def person_cells(person: PersonSummary, columns: list[PeopleColumn]) -> list[Text]:
    """The cells of ``person``'s row, each cut to its column."""
    width = {c.key: c.width for c in columns}
    return [
        _cut(person.full_name, width["name"], "bold red" if person.overdue else ""),
        _cut(person.position, width["position"]),
        _cut(person.organisation, width["organisation"]),
        _cut(person.email or "—", width["email"], "" if person.email else "dim"),
        _cut(person.supervisor or "—", width["supervisor"], "" if person.supervisor else "dim"),
        _count(person.open, ""),
        _count(person.overdue, "bold red"),
    ]


class PeopleTable(DataTable[Text]):
    """People of the directory (or of a search in it), a row each, by name."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.people: list[PersonSummary] = []
        """What the rows show, in order."""
        self._columns: list[PeopleColumn] = []

    @property
    def current(self) -> PersonSummary | None:
        """The highlighted person (None: the table is empty)."""
        if not self.people or self.cursor_row < 0:
            return None
        return self.people[min(self.cursor_row, len(self.people) - 1)]

    def _width(self) -> int:
        width = self.scrollable_content_region.width
        return width if width > 0 else 76

    def show(self, people: list[PersonSummary], *, keep_id: int | None = None) -> None:
        """Show ``people``, the cursor on ``keep_id`` if listed (else on the first)."""
        self.people = people
        self._columns = people_columns(self._width())
        self.clear(columns=True)
        for column in self._columns:
            heading = _cut(column.heading, column.width)
            if column.key in ("open", "overdue"):
                heading.justify = "right"
            self.add_column(heading, width=column.width, key=column.key)
        for person in people:
            self.add_row(*person_cells(person, self._columns), key=str(person.id))
        row = next((i for i, p in enumerate(people) if p.id == keep_id), 0)
        if people:
            self.move_cursor(row=row, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width."""
        if self.people and people_columns(self._width()) != self._columns:
            current = self.current
            self.show(self.people, keep_id=current.id if current else None)


__all__ = ["PeopleColumn", "PeopleTable", "people_columns", "person_cells"]
