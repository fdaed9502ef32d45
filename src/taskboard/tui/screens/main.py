"""The main screen: meetings, the assignments table, the details, and every key of PRODUCT.md §4."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.events import Key
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from taskboard import reports
from taskboard.domain import services
from taskboard.domain.queries import AssignmentRow, assignment_detail, meeting_summaries, totals
from taskboard.errors import StaleVersion, TaskboardError
from taskboard.tui import format as fmt
from taskboard.tui.filters import Filters, Listing
from taskboard.tui.i18n import _, ngettext
from taskboard.tui.keys import install
from taskboard.tui.messages import DatabaseChanged
from taskboard.tui.modals import (
    AssignmentForm,
    ExportForm,
    ExtendForm,
    FilterForm,
    MeetingForm,
    TextPrompt,
)
from taskboard.tui.modals.filter_form import statuses
from taskboard.tui.widgets import AssignmentTable, DetailsPane, MeetingList, SearchBar

if TYPE_CHECKING:
    from taskboard.tui.app import TaskboardApp


def main_bindings() -> list[Binding]:
    """The keys of PRODUCT.md §4, described in the current language."""
    return [
        Binding("n", "new", _("New"), tooltip=_("New assignment (form)"), id="new"),
        Binding("e", "edit", _("Edit"), tooltip=_("Edit the selected assignment"), id="edit"),
        Binding(
            "s", "start", _("Start"), tooltip=_("Start: take into work (in progress)"), id="start"
        ),
        Binding("d", "done", _("Done"), tooltip=_("Mark done (optional note)"), id="done"),
        Binding("x", "extend", _("Extend"), tooltip=_("Extend: new date and reason"), id="extend"),
        Binding(
            "c", "cancel", _("Cancel"), tooltip=_("Cancel: take off control (reason)"), id="cancel"
        ),
        Binding("a", "note", _("Note"), tooltip=_("Add a progress note"), id="note"),
        Binding(
            "slash",
            "search",
            _("Search"),
            key_display="/",
            tooltip=_("Search as you type"),
            id="search",
        ),
        Binding(
            "f",
            "filter",
            _("Filter"),
            tooltip=_("Filter: status, owner, overdue, due soon, tag"),
            id="filter",
        ),
        Binding("o", "overdue", _("Overdue"), tooltip=_("Toggle «overdue only»"), id="overdue"),
        Binding("m", "meeting", _("Meeting"), tooltip=_("New meeting (form)"), id="meeting"),
        Binding(
            "r", "report", _("Report"), tooltip=_("Export a report (format, file)"), id="report"
        ),
        Binding(
            "g",
            "dashboard",
            _("Dashboard"),
            tooltip=_("Dashboard: status counts, overdue by owner"),
            id="dashboard",
        ),
        Binding(
            "u",
            "reopen",
            _("Reopen"),
            show=False,
            tooltip=_("Reopen a done or cancelled assignment"),
            id="reopen",
        ),
        Binding(
            "question_mark",
            "help",
            _("Help"),
            key_display="?",
            tooltip=_("Help: all keys"),
            id="help",
        ),
        Binding("q", "quit", _("Quit"), tooltip=_("Quit taskboard"), id="quit"),
    ]


class MainScreen(Screen[None]):
    """Meetings on the left, the table in the middle, the selected assignment on the right."""

    filters: reactive[Filters] = reactive(Filters, init=False)
    """What the table shows: set by the filter dialog, ``o``, the search and the meetings."""

    def __init__(self) -> None:
        super().__init__()
        install(self, main_bindings())
        self.meetings: list[Any] = []

    @property
    def tb(self) -> TaskboardApp:
        """The app (database, settings, today)."""
        return cast("TaskboardApp", self.app)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield MeetingList(id="meetings")
            with Vertical(id="center"):
                yield SearchBar(id="search")
                yield Static("", id="table-title", markup=False)
                yield AssignmentTable(id="table")
                yield DetailsPane(id="details")
        yield Footer(compact=True)

    @property
    def table(self) -> AssignmentTable:
        """The assignments table."""
        return self.query_one("#table", AssignmentTable)

    def on_mount(self) -> None:
        self.query_one("#meetings", MeetingList).border_title = _("Meetings")
        self.query_one("#details", DetailsPane).border_title = _("Details")
        self.query_one("#details", DetailsPane).show(None)
        self.table.focus()
        self.reload_table(keep=False)
        self.reload_meetings()

    # --- loading ---------------------------------------------------------------------------

    def watch_filters(self) -> None:
        """Other filters: the table from the top, the title naming them."""
        self.reload_table(keep=False)
        self._update_title()

    def reload_table(self, *, keep: bool = True) -> None:
        """Query the current filters again (keeping the selection and scroll when ``keep``)."""
        app = self.tb
        self.table.load(
            Listing(
                app.database,
                self.filters,
                today=app.today,
                due_soon_days=app.settings.due_soon_days,
            ),
            keep=keep,
        )

    def _ui(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run ``callback`` on the UI thread from a worker; nothing if the screen is closing."""
        with contextlib.suppress(NoMatches, RuntimeError):
            self.app.call_from_thread(callback, *args, **kwargs)

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", markup=False, timeout=8)

    @on(AssignmentTable.Loaded)
    def _table_loaded(self, event: AssignmentTable.Loaded) -> None:
        self._update_title()
        if event.total == 0:
            self.query_one("#details", DetailsPane).show(None)

    @on(AssignmentTable.Counted)
    def _table_counted(self, event: AssignmentTable.Counted) -> None:
        self._update_title()

    @on(AssignmentTable.LoadFailed)
    def _table_load_failed(self, event: AssignmentTable.LoadFailed) -> None:
        self._failed(event.reason)

    def _update_title(self) -> None:
        f = self.filters
        total = self.table.total
        parts: list[str] = []
        meeting = next((m for m in self.meetings if m.id == f.meeting_id), None)
        parts.append(fmt.line(meeting.title, 50) if meeting else _("All assignments"))
        parts.append({value: label for label, value in statuses()}.get(f.status, f.status))
        if f.overdue:
            parts.append(_("overdue only"))
        if f.due_soon:
            parts.append(_("due soon only"))
        if f.owner_name:
            parts.append(_("owner: {name}").format(name=fmt.line(f.owner_name)))
        if f.tag:
            parts.append(_("tag: {tag}").format(tag=fmt.line(f.tag)))
        if f.search:
            parts.append(_("search: «{text}»").format(text=fmt.line(f.search)))
        count = ngettext("{n} assignment", "{n} assignments", total).format(n=total)
        if self.table.counting:
            count = _("counting…")
        title = Text(" · ".join(parts), style="bold")
        title.append(f"  —  {count}", style="")
        self.query_one("#table-title", Static).update(title)

    def reload_meetings(self) -> None:
        """Reload the meetings pane."""
        self._load_meetings()

    @work(thread=True, exclusive=True, group="meetings")
    def _load_meetings(self) -> None:
        app = self.tb
        try:
            with app.database.read() as session:
                found = meeting_summaries(session, today=app.today)
                counts = totals(session, today=app.today)
        except TaskboardError as exc:
            self._ui(self._failed, exc.message)
            return
        self._ui(self._show_meetings, found, counts)

    def _show_meetings(self, found: list[Any], counts: tuple[int, int, int]) -> None:
        self.meetings = found
        self.query_one("#meetings", MeetingList).show(found, counts)
        self._update_title()

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, assignment_id: int) -> None:
        app = self.tb
        try:
            with app.database.read() as session:
                detail = assignment_detail(
                    session,
                    assignment_id,
                    today=app.today,
                    due_soon_days=app.settings.due_soon_days,
                )
        except TaskboardError as exc:
            self._ui(self._failed, exc.message)
            return
        self._ui(self._show_detail, detail)

    def _show_detail(self, detail: Any) -> None:
        with contextlib.suppress(NoMatches):  # the app may be closing while the worker ran
            self.query_one("#details", DetailsPane).show(detail)

    # --- events ----------------------------------------------------------------------------

    @on(AssignmentTable.Highlighted)
    def _row_highlighted(self, event: AssignmentTable.Highlighted) -> None:
        if event.row is None:
            self.query_one("#details", DetailsPane).show(None)
        else:
            self._load_detail(event.row.id)

    @on(MeetingList.Chosen)
    def _meeting_chosen(self, event: MeetingList.Chosen) -> None:
        self.filters = self.filters.with_(meeting_id=event.meeting_id)

    @on(SearchBar.Changed, "#search")
    def _search_changed(self, event: SearchBar.Changed) -> None:
        self.filters = self.filters.with_(search=event.value)

    @on(SearchBar.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.table.focus()

    def on_key(self, event: Key) -> None:
        # Escape, Enter (above) and ↓ leave the search field for the results, search kept.
        if event.key in ("escape", "down") and self.focused is self.query_one("#search", SearchBar):
            event.stop()
            self.table.focus()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another writer committed: reload what is on screen, keeping selection and scroll."""
        self.reload_table(keep=True)
        self.reload_meetings()
        current = self.table.current
        if current is not None:
            self._load_detail(current.id)

    # --- actions ---------------------------------------------------------------------------

    def _selected(self) -> AssignmentRow | None:
        row = self.table.current
        if row is None:
            self.notify(_("No assignment selected."), severity="warning")
        return row

    def _after_save(self, message: str) -> Callable[[Any], None]:
        def done(result: Any) -> None:
            if result:
                self.notify(message, markup=False)
                self.tb.data_changed()

        return done

    def _label(self, row: AssignmentRow) -> str:
        return f"{row.number or row.id}. {fmt.line(row.text, 120)}"

    def action_new(self) -> None:
        """Open the new assignment form."""
        form = AssignmentForm(meetings=self.meetings, meeting_id=self.filters.meeting_id)
        self.app.push_screen(form, self._after_save(_("Assignment saved.")))

    def action_edit(self) -> None:
        """Open the edit form on the selected assignment."""
        row = self._selected()
        if row is not None:
            form = AssignmentForm(meetings=self.meetings, row=row)
            self.app.push_screen(
                form, self._after_save(_("Assignment {id} saved.").format(id=row.id))
            )

    def action_start(self) -> None:
        """Take the selected assignment into work."""
        row = self._selected()
        if row is not None:
            self._write(
                lambda session, actor: services.start(
                    session, assignment_id=row.id, actor=actor, expected_version=row.version
                ),
                _("Assignment {id} is in progress.").format(id=row.id),
            )

    def action_reopen(self) -> None:
        """Reopen the selected (done or cancelled) assignment."""
        row = self._selected()
        if row is not None:
            self._write(
                lambda session, actor: services.reopen(
                    session, assignment_id=row.id, actor=actor, expected_version=row.version
                ),
                _("Assignment {id} is open again.").format(id=row.id),
            )

    @work(thread=True, group="write")
    def _write(self, change: Callable[[Any, str], object], message: str) -> None:
        app = self.tb
        try:
            with app.database.write() as session:
                change(session, app.settings.actor_name())
        except StaleVersion as exc:
            self._ui(self._failed, exc.message)
            self._ui(app.data_changed)
            return
        except TaskboardError as exc:
            self._ui(self._failed, exc.message)
            return
        self._ui(self.notify, message, markup=False)
        self._ui(app.data_changed)

    def _prompt(
        self,
        row: AssignmentRow,
        *,
        title: str,
        label: str,
        required: bool,
        confirm: str,
        change: Callable[[Any, str, str], object],
        message: str,
    ) -> None:
        app = self.tb

        def action(text: str) -> None:
            with app.database.write() as session:
                change(session, app.settings.actor_name(), text)

        prompt = TextPrompt(
            title=title,
            subject=self._label(row),
            label=label,
            action=action,
            required=required,
            confirm=confirm,
        )
        self.app.push_screen(prompt, self._after_save(message))

    def action_done(self) -> None:
        """Mark the selected assignment done, with an optional note."""
        row = self._selected()
        if row is None:
            return
        self._prompt(
            row,
            title=_("Mark done"),
            label=_("Closing note (optional)"),
            required=False,
            confirm=_("Done (Enter)"),
            change=lambda session, actor, text: services.done(
                session,
                assignment_id=row.id,
                actor=actor,
                note=text.strip() or None,
                expected_version=row.version,
            ),
            message=_("Assignment {id} is done.").format(id=row.id),
        )

    def action_cancel(self) -> None:
        """Take the selected assignment off control, with a mandatory reason."""
        row = self._selected()
        if row is None:
            return
        self._prompt(
            row,
            title=_("Take off control"),
            label=_("Reason (required)"),
            required=True,
            confirm=_("Take off control (Enter)"),
            change=lambda session, actor, text: services.cancel(
                session,
                assignment_id=row.id,
                actor=actor,
                reason=text,
                expected_version=row.version,
            ),
            message=_("Assignment {id} is taken off control.").format(id=row.id),
        )

    def action_note(self) -> None:
        """Add a progress note to the selected assignment."""
        row = self._selected()
        if row is None:
            return
        self._prompt(
            row,
            title=_("Progress note"),
            label=_("Note (required)"),
            required=True,
            confirm=_("Add (Enter)"),
            change=lambda session, actor, text: services.add_note(
                session,
                assignment_id=row.id,
                text=text,
                actor=actor,
                expected_version=row.version,
            ),
            message=_("Note added to assignment {id}.").format(id=row.id),
        )

    def action_extend(self) -> None:
        """Extend the selected assignment's deadline."""
        row = self._selected()
        if row is not None:
            self.app.push_screen(
                ExtendForm(row),
                self._after_save(_("Deadline of assignment {id} extended.").format(id=row.id)),
            )

    def action_search(self) -> None:
        """Focus the search field."""
        self.query_one("#search", SearchBar).focus()

    def action_filter(self) -> None:
        """Open the filter dialog."""

        def chosen(filters: Filters | None) -> None:
            if filters is not None:
                self.filters = filters.with_(
                    meeting_id=self.filters.meeting_id, search=self.filters.search
                )

        self.app.push_screen(FilterForm(self.filters), chosen)

    def action_overdue(self) -> None:
        """Toggle «overdue only»."""
        self.filters = self.filters.with_(overdue=not self.filters.overdue)
        self.notify(_("Overdue only.") if self.filters.overdue else _("All deadlines."), timeout=2)

    def action_meeting(self) -> None:
        """Open the new meeting form."""

        def saved(meeting_id: int | None) -> None:
            if meeting_id:
                self.notify(_("Meeting {id} saved.").format(id=meeting_id))
                self.query_one("#meetings", MeetingList).selected = meeting_id
                self.filters = self.filters.with_(meeting_id=meeting_id)
                self.tb.data_changed()

        self.app.push_screen(MeetingForm(), saved)

    def action_report(self) -> None:
        """Open the report export dialog."""

        def written(path: Any) -> None:
            if path:
                self.notify(_("Report written to {path}").format(path=path), markup=False)

        self.app.push_screen(
            ExportForm(formats=reports.FORMATS, meeting_id=self.filters.meeting_id), written
        )

    def action_dashboard(self) -> None:
        """Open the dashboard."""
        from taskboard.tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def action_help(self) -> None:
        """Show every key."""
        from taskboard.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Leave taskboard."""
        self.app.exit()


__all__ = ["MainScreen", "main_bindings"]
