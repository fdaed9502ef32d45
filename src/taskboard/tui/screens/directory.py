"""The people directory: everyone with their position, organisation, e-mail, supervisor and the
open and overdue assignments they own; search as you type, add and edit people, and see the
selected person's open assignments (Enter shows them in the register, filtered by owner).

Its styles are its own (``DEFAULT_CSS``): the screen is self-contained, like the modals.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from taskboard.domain.queries import (
    AssignmentFilter,
    AssignmentRow,
    PersonSummary,
    list_assignments,
    people_with_counts,
)
from taskboard.tui import format as fmt
from taskboard.tui.context import TuiContext, context_of
from taskboard.tui.i18n import _, ngettext
from taskboard.tui.keys import install
from taskboard.tui.messages import DatabaseChanged
from taskboard.tui.modals.person_form import PersonForm, SavedPerson
from taskboard.tui.widgets.people_table import PeopleTable

SHOWN = 100
"""A person's open assignments listed at most (the register shows them all: Enter)."""


def directory_bindings() -> list[Binding]:
    """The directory screen's keys, described in the current language."""
    return [
        Binding(
            "n",
            "new",
            _("Add"),
            tooltip=_("Add a person to the directory (form)"),
            id="directory-new",
        ),
        Binding(
            "e",
            "edit",
            _("Edit"),
            tooltip=_("Edit the selected person: position, organisation, e-mail, supervisor"),
            id="directory-edit",
        ),
        Binding(
            "enter",
            "show",
            _("Their assignments"),
            key_display="Enter",
            tooltip=_("Show the selected person's assignments in the register (by owner)"),
            id="directory-show",
            priority=True,  # before the table's own Enter, so that the footer shows it
        ),
        Binding(
            "slash",
            "search",
            _("Search"),
            key_display="/",
            tooltip=_("Search the directory as you type: name, position, organisation, e-mail"),
            id="directory-search",
        ),
        Binding(
            "escape",
            "close",
            _("Close"),
            tooltip=_("Back to the register (from the search: to the list)"),
            id="directory-close",
        ),
    ]


def assignment_lines(person: PersonSummary, rows: list[AssignmentRow]) -> Text:
    """The selected person's open assignments, overdue first marked: one line each."""
    out = Text(end="")
    counts = ngettext("{n} open assignment", "{n} open assignments", person.open).format(
        n=person.open
    )
    out.append(f"{fmt.line(person.full_name)}: ", style="bold")
    out.append(counts)
    if person.overdue:
        out.append(" · ")
        out.append(_("{n} overdue").format(n=person.overdue), style="bold red")
    if not rows:
        out.append("\n")
        out.append(_("Nothing open: no assignment of theirs is on control."), style="dim")
        return out
    for row in rows:
        style = "red" if row.overdue else ""
        out.append("\n")
        out.append(f"{fmt.day(row.due) or '—':<10}  ", style=style)
        out.append(f"{fmt.days_short(row):>14}  ", style=style or "dim")
        out.append(fmt.label(row), style="bold " + style if style else "bold")
        out.append(f"  {fmt.line(row.text, 200)}", style=style)
    if person.open > len(rows):
        out.append("\n")
        out.append(
            _("… and {n} more: Enter shows them all in the register.").format(
                n=person.open - len(rows)
            ),
            style="dim",
        )
    return out


class DirectoryScreen(Screen[PersonSummary | None]):
    """The people directory; dismissed with the person whose assignments to show (or None)."""

    DEFAULT_CSS = """
    DirectoryScreen #directory-search {
        height: 3;
    }
    DirectoryScreen #people {
        height: 1fr;
        border: round $primary-darken-2;
        border-title-color: $text-accent;
    }
    DirectoryScreen #people:focus {
        border: round $primary;
    }
    DirectoryScreen #person-assignments {
        height: 35%;
        max-height: 14;
        min-height: 5;
        border: round $primary-darken-2;
        border-title-color: $text-accent;
        padding: 0 1;
    }
    DirectoryScreen #person-assignments-body {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    DirectoryScreen #person-assignments:focus-within {
        border: round $primary;
    }
    """

    @dataclass
    class PeopleLoaded(Message, bubble=False):
        """The directory (or the people a search finds), read in a worker."""

        people: list[PersonSummary]
        """Everyone found, by name."""
        search: str
        """The search they answer."""

    @dataclass
    class AssignmentsLoaded(Message, bubble=False):
        """The selected person's open assignments, read in a worker."""

        person_id: int
        """Whose they are."""
        rows: list[AssignmentRow]
        """Soonest deadline first (overdue first), at most :data:`SHOWN`."""

    @dataclass
    class ReadFailed(Message, bubble=False):
        """Reading the directory failed; the screen keeps running."""

        reason: str
        """What to tell the staff."""

    def __init__(self) -> None:
        super().__init__()
        install(self, directory_bindings())
        self.wanted_id: int | None = None
        """A person to put the cursor on once listed (one just added)."""

    @property
    def tb(self) -> TuiContext:
        """The app, as far as the screen needs it (database, settings, today)."""
        return context_of(self)

    @property
    def table(self) -> PeopleTable:
        """The people table."""
        return self.query_one("#people", PeopleTable)

    @property
    def search(self) -> Input:
        """The search field."""
        return self.query_one("#directory-search", Input)

    def compose(self) -> ComposeResult:
        with Vertical(id="directory"):
            yield Input(
                placeholder=_("Search (/): name, position, organisation or e-mail"),
                id="directory-search",
            )
            yield PeopleTable(id="people")
            with VerticalScroll(id="person-assignments"):
                yield Static("", id="person-assignments-body", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.table.border_title = _("People directory")
        self.query_one("#person-assignments").border_title = _("Their open assignments")
        self.table.focus()
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the directory again for the current search (the selection kept)."""
        self._load(self.search.value)

    @work(thread=True, exclusive=True, group="directory")
    def _load(self, search: str) -> None:
        app = self.tb
        try:
            with app.database.read() as session:
                found = people_with_counts(session, today=app.today, search=search)
        except Exception as exc:  # a locked or vanished database: say it, keep running
            self.post_message(self.ReadFailed(getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.PeopleLoaded(found, search))

    @on(PeopleLoaded)
    def _people_loaded(self, event: DirectoryScreen.PeopleLoaded) -> None:
        if event.search != self.search.value:
            return  # typed on meanwhile: a newer search follows
        current = self.table.current
        keep = self.wanted_id if self.wanted_id is not None else None
        if keep is None and current is not None:
            keep = current.id
        if any(p.id == keep for p in event.people):
            self.wanted_id = None
        self.table.show(event.people, keep_id=keep)
        total = len(event.people)
        self.table.border_subtitle = ngettext("{n} person", "{n} people", total).format(n=total)
        self._show_current()

    def _show_current(self) -> None:
        person = self.table.current
        body = self.query_one("#person-assignments-body", Static)
        pane = self.query_one("#person-assignments")
        if person is None:
            pane.border_title = _("Their open assignments")
            body.update(Text(_("Nobody found."), style="dim"))
            return
        pane.border_title = _("Open assignments of {name}").format(name=fmt.line(person.full_name))
        self._load_assignments(person.id)

    @work(thread=True, exclusive=True, group="directory-assignments")
    def _load_assignments(self, person_id: int) -> None:
        app = self.tb
        try:
            with app.database.read() as session:
                rows = list_assignments(
                    session,
                    AssignmentFilter(status="active", owner_id=person_id, sort="due", limit=SHOWN),
                    today=app.today,
                    due_soon_days=app.settings.due_soon_days,
                )
        except Exception as exc:
            self.post_message(self.ReadFailed(getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.AssignmentsLoaded(person_id, rows))

    @on(AssignmentsLoaded)
    def _assignments_loaded(self, event: DirectoryScreen.AssignmentsLoaded) -> None:
        person = self.table.current
        if person is None or person.id != event.person_id:
            return
        self.query_one("#person-assignments-body", Static).update(
            assignment_lines(person, event.rows)
        )

    @on(ReadFailed)
    def _read_failed(self, event: DirectoryScreen.ReadFailed) -> None:
        self.notify(event.reason, severity="error", markup=False, timeout=8)

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Someone committed: read the directory again, keeping the selection."""
        self.reload()

    # --- events ----------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#people")
    def _person_highlighted(self) -> None:
        self._show_current()

    @on(DataTable.RowSelected, "#people")
    def _person_chosen(self) -> None:
        self.action_show()

    @on(Input.Changed, "#directory-search")
    def _search_changed(self) -> None:
        self.reload()

    def on_key(self, event: Key) -> None:
        # ↓ leaves the search field for the people found, the search kept.
        if event.key == "down" and self.focused is self.search:
            event.stop()
            self.table.focus()

    # --- actions ---------------------------------------------------------------------------

    def _selected_person(self) -> PersonSummary | None:
        person = self.table.current
        if person is None:
            self.notify(_("No person selected."), severity="warning")
        return person

    def action_new(self) -> None:
        """Add a person; once saved, the cursor is on them (the search cleared)."""

        def saved(person: SavedPerson | None) -> None:
            if person is not None:
                self.wanted_id = person.id
                if self.search.value:
                    self.search.value = ""  # reloads: the new person among everyone
                else:
                    self.reload()

        self.app.push_screen(PersonForm(), saved)

    def action_edit(self) -> None:
        """Edit the selected person."""
        person = self._selected_person()
        if person is not None:
            self.app.push_screen(PersonForm(person=person))

    def action_show(self) -> None:
        """Back to the register, showing the selected person's assignments (by owner); from
        the search field, to the people found."""
        if self.focused is self.search:
            self.table.focus()
            return
        person = self._selected_person()
        if person is not None:
            self.dismiss(person)

    def action_search(self) -> None:
        """Focus the search field."""
        self.search.focus()

    def action_close(self) -> None:
        """From the search field: back to the list; otherwise back to the register."""
        if self.focused is self.search:
            self.table.focus()
        else:
            self.dismiss(None)


__all__ = ["DirectoryScreen", "assignment_lines", "directory_bindings"]
