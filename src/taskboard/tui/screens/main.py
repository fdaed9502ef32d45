"""The main screen: meetings, the assignments table, the details, the keys of docs/product.md §4."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, Key
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from taskboard import reports
from taskboard.config import reports_folder
from taskboard.domain import services
from taskboard.domain.control import AtRiskRule
from taskboard.domain.queries import (
    AssignmentDetail,
    AssignmentRow,
    MeetingSummary,
    PersonSummary,
    assignment_detail,
    meeting_summaries,
    totals,
)
from taskboard.presentation import control_level_label
from taskboard.tui import format as fmt
from taskboard.tui import writes
from taskboard.tui.context import TuiContext, context_of
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
from taskboard.tui.prompts import prompts
from taskboard.tui.widgets import (
    AssignmentTable,
    DetailsPane,
    FittingFooter,
    MeetingList,
    SearchBar,
)


def main_bindings() -> list[Binding]:
    """The keys of docs/product.md §4, described in the current language."""
    return [
        Binding(
            "ctrl+b",
            "toggle_meetings",
            _("Meetings"),
            tooltip=_("Show or hide the meetings (over the table when the terminal is narrow)"),
            id="meetings",
        ),
        Binding(
            "enter",
            "toggle_details",
            _("Details"),
            key_display="Enter",
            tooltip=_("Show or hide the selected assignment's details"),
            id="details",
        ),
        Binding("n", "new", _("New"), tooltip=_("New assignment (form)"), id="new"),
        Binding(
            "plus",
            "quick_add",
            _("Quick"),
            key_display="+",
            tooltip=_("Quick add: one line, «Сандалову до 1 июня …»"),
            id="quick-add",
        ),
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
        Binding(
            "t",
            "submit",
            _("Report in"),
            tooltip=_("The owner's report is in: under review"),
            id="submit",
        ),
        Binding(
            "y",
            "accept",
            _("Accept"),
            tooltip=_("Accept the report under review: done"),
            id="accept",
        ),
        Binding(
            "w",
            "rework",
            _("Return"),
            tooltip=_("Return the report for rework (comment)"),
            id="rework",
        ),
        Binding(
            "h",
            "review",
            _("Review"),
            tooltip=_("«Час контроля»: the agenda, a decision on each, the protocol"),
            id="review",
        ),
        Binding(
            "v",
            "grant",
            _("Grant"),
            tooltip=_("Grant the pending extension request: the deadline moves"),
            id="grant",
        ),
        Binding(
            "V",
            "refuse",
            _("Refuse"),
            key_display="V",
            tooltip=_("Refuse the pending extension request (reason)"),
            id="refuse",
        ),
        Binding("m", "meeting", _("Meeting"), tooltip=_("New meeting (form)"), id="meeting"),
        Binding(
            "M",
            "edit_meeting",
            _("Edit meeting"),
            key_display="M",
            show=False,
            tooltip=_("Edit the selected meeting: title, date, kind, place, chair, protocol"),
            id="edit-meeting",
        ),
        Binding(
            "i",
            "import",
            _("Import"),
            tooltip=_("Import a protocol or press release (review first)"),
            id="import",
        ),
        Binding(
            "r", "report", _("Report"), tooltip=_("Export a report (format, file)"), id="report"
        ),
        Binding(
            "p",
            "directory",
            _("People"),
            tooltip=_("People directory: search, add, edit; each one's open and overdue"),
            id="directory",
        ),
        Binding(
            "g",
            "dashboard",
            _("Dashboard"),
            tooltip=_("Dashboard: status counts, overdue by owner"),
            id="dashboard",
        ),
        Binding(
            "l", "calendar", _("Calendar"), tooltip=_("Calendar: deadlines by day"), id="calendar"
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
            "ctrl+z",
            "undo",
            _("Undo"),
            key_display="Ctrl+Z",
            show=False,
            tooltip=_("Undo your last change (again: the one before)"),
            id="undo",
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


PINNED_KEYS = ("meetings", "details", "help")
"""The keys the footer shows at any width (the panes they open may be hidden)."""


class MainScreen(Screen[None]):
    """Meetings on the left, the table, the selected assignment's details below it.

    The app's breakpoints fit it to the terminal (app.tcss): narrow, the meetings open over
    the table as a drawer (Ctrl+B); short, the details open on Enter. ``-meetings-shown`` /
    ``-meetings-hidden`` and ``-details-shown`` / ``-details-hidden`` record a choice against
    what the size shows unasked.
    """

    filters: reactive[Filters] = reactive(Filters, init=False)
    """What the table shows: set by the filter dialog, ``o``, the search and the meetings."""

    @dataclass
    class MeetingsLoaded(Message, bubble=False):
        """The meetings pane's contents, read in a worker."""

        meetings: list[MeetingSummary]
        """Every meeting with its counts, newest first."""
        totals: tuple[int, int, int]
        """All, open and overdue assignments (for «All assignments»)."""

    @dataclass
    class DetailLoaded(Message, bubble=False):
        """The selected assignment in full, read in a worker."""

        detail: AssignmentDetail
        """What the details pane shows."""

    @dataclass
    class ReadFailed(Message, bubble=False):
        """Reading the meetings or an assignment's details failed; the screen keeps running."""

        reason: str
        """What to tell the staff."""

    def __init__(self) -> None:
        super().__init__()
        install(self, main_bindings())
        self.meetings: list[MeetingSummary] = []
        """The meetings last shown in the meetings pane."""

    @property
    def tb(self) -> TuiContext:
        """The app, as far as the screen needs it (database, settings, today)."""
        return context_of(self)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield MeetingList(id="meetings")
            with Vertical(id="center"):
                yield SearchBar(id="search")
                with Horizontal(id="table-heading"):  # the count stays in view, the title cut
                    yield Static("", id="table-count", markup=False)
                    yield Static("", id="table-title", markup=False)
                yield AssignmentTable(id="table")
                yield DetailsPane(id="details")
        yield FittingFooter(pinned=PINNED_KEYS)

    @property
    def table(self) -> AssignmentTable:
        """The assignments table."""
        return self.query_one("#table", AssignmentTable)

    @property
    def _meetings(self) -> MeetingList:
        return self.query_one("#meetings", MeetingList)

    @property
    def details(self) -> DetailsPane:
        """The details pane."""
        return self.query_one("#details", DetailsPane)

    def on_mount(self) -> None:
        self.query_one("#meetings", MeetingList).border_title = _("Meetings")
        self.details.border_title = _("Details")
        self.details.show(None)
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
                risk=AtRiskRule.of(app.settings.control),
            ),
            keep=keep,
        )

    def reload_meetings(self) -> None:
        """Reload the meetings pane."""
        self._load_meetings()

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", markup=False, timeout=8)

    @on(AssignmentTable.Loaded)
    def _table_loaded(self, event: AssignmentTable.Loaded) -> None:
        self._update_title()
        if event.total == 0:
            self.details.show(None)

    @on(AssignmentTable.Counted)
    def _table_counted(self) -> None:
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
        if f.at_risk:
            parts.append(_("at risk only"))
        if f.level:
            level = control_level_label(f.level, self.tb.settings.control.levels)
            parts.append(_("on control: {level}").format(level=fmt.line(level)))
        if f.owner_name:
            parts.append(_("owner: {name}").format(name=fmt.line(f.owner_name)))
        if f.tag:
            parts.append(_("tag: {tag}").format(tag=fmt.line(f.tag)))
        if f.search:
            parts.append(_("search: «{text}»").format(text=fmt.line(f.search)))
        count = ngettext("{n} assignment", "{n} assignments", total).format(n=total)
        if self.table.counting:
            count = _("counting…")
        if self.tb.database.read_only is not None:
            # Said where the eye goes all day, not only in the notice at the start.
            count = _("read-only · {count}").format(count=count)
        self.query_one("#table-title", Static).update(Text(" · ".join(parts), style="bold"))
        self.query_one("#table-count", Static).update(count)

    @work(thread=True, exclusive=True, group="meetings")
    def _load_meetings(self) -> None:
        app = self.tb
        try:
            with app.database.read() as session:
                found = meeting_summaries(session, today=app.today)
                counts = totals(session, today=app.today)
        except Exception as exc:  # a locked or vanished database: say it, keep running
            self.post_message(self.ReadFailed(getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.MeetingsLoaded(found, counts))

    @on(MeetingsLoaded)
    def _meetings_loaded(self, event: MainScreen.MeetingsLoaded) -> None:
        self.meetings = event.meetings
        self.query_one("#meetings", MeetingList).show(event.meetings, event.totals)
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
                    risk=AtRiskRule.of(app.settings.control),
                )
        except Exception as exc:
            self.post_message(self.ReadFailed(getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.DetailLoaded(detail))

    @on(DetailLoaded)
    def _detail_loaded(self, event: MainScreen.DetailLoaded) -> None:
        current = self.table.current
        if current is not None and event.detail.row.id != current.id:
            # A load begun for a row the cursor has left since (a reload's, racing the move
            # to a new assignment) and not cancelled: show the row under the cursor instead.
            self._load_detail(current.id)
            return
        self.details.show(event.detail)

    @on(ReadFailed)
    def _read_failed(self, event: MainScreen.ReadFailed) -> None:
        self._failed(event.reason)

    # --- events ----------------------------------------------------------------------------

    @on(AssignmentTable.Highlighted)
    def _row_highlighted(self, event: AssignmentTable.Highlighted) -> None:
        if event.row is None:
            self.details.show(None)
        else:
            self._load_detail(event.row.id)

    @on(MeetingList.Chosen)
    def _meeting_chosen(self, event: MeetingList.Chosen) -> None:
        self.filters = self.filters.with_(meeting_id=event.meeting_id)

    @on(MeetingList.Picked)
    def _meeting_picked(self) -> None:
        if self.has_class("-narrow"):  # the drawer has done its job
            self.action_toggle_meetings()

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        # A click or Tab elsewhere closes the meetings drawer.
        meetings = self._meetings
        if self.has_class("-narrow") and meetings.display and event.widget is not meetings:
            self._show_pane("meetings", False, usual=False)

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
        elif event.key == "escape" and self.has_class("-narrow") and self._meetings.display:
            event.stop()  # Escape closes the meetings drawer, too
            self.action_toggle_meetings()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Someone committed: reload what is on screen, keeping selection and scroll."""
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

    def _show_pane(self, pane: str, show: bool, *, usual: bool) -> None:
        # A class only for a choice against what this size shows unasked (``usual``).
        self.set_class(show and not usual, f"-{pane}-shown")
        self.set_class(not show and usual, f"-{pane}-hidden")

    def action_toggle_meetings(self) -> None:
        """Show or hide the meetings (a drawer over the table when narrow), focusing them."""
        meetings = self._meetings
        show = not meetings.display
        self._show_pane("meetings", show, usual=not self.has_class("-narrow"))
        if show:
            self.call_after_refresh(meetings.focus)
        elif meetings.has_focus:
            self.table.focus()

    def action_toggle_details(self) -> None:
        """Show or hide the details pane (hidden unasked when the terminal is short)."""
        show = not self.details.display
        self._show_pane("details", show, usual=not self.has_class("-short"))
        if not show and self.details.has_focus_within:
            self.table.focus()

    def action_new(self) -> None:
        """Open the new assignment form; once saved, the new assignment is selected."""
        self.app.push_screen(
            AssignmentForm(meetings=self.meetings, meeting_id=self.filters.meeting_id),
            self._select_saved,
        )

    def action_quick_add(self) -> None:
        """Open the quick-add line (the meeting shown is the new assignment's)."""
        from taskboard.tui.modals.quick_add import QuickAddForm

        meeting = next((m for m in self.meetings if m.id == self.filters.meeting_id), None)
        self.app.push_screen(QuickAddForm(meeting=meeting), self._select_saved)

    def _select_saved(self, assignment_id: int | None) -> None:
        """A form closed with the id it saved: the cursor goes there (if the filters show it)."""
        if assignment_id is not None:
            self.table.select(assignment_id)

    def action_edit(self) -> None:
        """Open the edit form on the selected assignment."""
        row = self._selected()
        if row is not None:
            self.app.push_screen(AssignmentForm(meetings=self.meetings, row=row))

    def _step(self, service: Callable[..., object], notice: str) -> None:
        """Run a status change without a question (start, reopen) on the selected row."""
        row = self._selected()
        if row is not None:
            writes.change(
                self,
                lambda session, actor: service(
                    session, assignment_id=row.id, actor=actor, expected_version=row.version
                ),
                notice=notice.format(assignment=fmt.label(row)),
            )

    def action_start(self) -> None:
        """Take the selected assignment into work."""
        self._step(services.start, _("{assignment} is in progress."))

    def action_reopen(self) -> None:
        """Reopen the selected (done or cancelled) assignment."""
        self._step(services.reopen, _("{assignment} is open again."))

    def action_undo(self) -> None:
        """Take back your last change to an assignment (again: the one before)."""
        from taskboard.domain.undo import undo_last

        context = self.tb
        actor = context.settings.actor_name()

        def job() -> str:
            with context.database.write() as session:
                return undo_last(session, actor=actor).message

        writes.write(self, job, notice=lambda message: str(message))

    def _prompt(self, name: str) -> None:
        row = self._selected()
        if row is not None:
            limit = self.tb.settings.control.extension_limit
            self.app.push_screen(TextPrompt(prompts(limit)[name], row))

    def action_done(self) -> None:
        """Mark the selected assignment done, with an optional note."""
        self._prompt("done")

    def action_cancel(self) -> None:
        """Take the selected assignment off control, with a mandatory reason."""
        self._prompt("cancel")

    def action_note(self) -> None:
        """Add a progress note to the selected assignment."""
        self._prompt("note")

    def action_submit(self) -> None:
        """Record the owner's report on the selected assignment (it goes under review)."""
        self._prompt("submit")

    def action_accept(self) -> None:
        """Accept the selected assignment's report: done as of the report's date, or in part
        with the rest kept on control."""
        from taskboard.tui.modals.acceptance_form import AcceptForm

        row = self._selected()
        if row is not None:
            self.app.push_screen(AcceptForm(row))

    def action_rework(self) -> None:
        """Return the selected assignment's report for rework: a comment, maybe a new date."""
        from taskboard.tui.modals.acceptance_form import ReturnForm

        row = self._selected()
        if row is not None:
            self.app.push_screen(ReturnForm(row))

    def action_grant(self) -> None:
        """Grant the selected assignment's pending extension request (an optional note)."""
        self._prompt("grant")

    def action_refuse(self) -> None:
        """Refuse the selected assignment's pending extension request, with a reason."""
        self._prompt("refuse")

    def action_extend(self) -> None:
        """Extend the selected assignment's deadline."""
        row = self._selected()
        if row is not None:
            self.app.push_screen(ExtendForm(row))

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
        """Open the new meeting form; once saved, show its (still empty) list."""

        def saved(meeting_id: int | None) -> None:
            if meeting_id:
                self.query_one("#meetings", MeetingList).selected = meeting_id
                self.filters = self.filters.with_(meeting_id=meeting_id)

        self.app.push_screen(MeetingForm(), saved)

    def action_edit_meeting(self) -> None:
        """Edit the meeting chosen on the left (else the selected assignment's meeting)."""
        row = self.table.current
        meeting_id = self.filters.meeting_id or (row.meeting_id if row is not None else None)
        meeting = next((m for m in self.meetings if m.id == meeting_id), None)
        if meeting is None:
            self.notify(_("No meeting selected."), severity="warning")
            return
        self.app.push_screen(MeetingForm(meeting))

    def action_import(self) -> None:
        """Open the import screen (paste or name a document, review, import)."""
        from taskboard.tui.screens.import_review import ImportReviewScreen

        self.app.push_screen(ImportReviewScreen())

    def action_report(self) -> None:
        """Open the report export dialog, offering a file in the reports folder."""
        self.app.push_screen(
            ExportForm(
                formats=reports.FORMATS,
                meeting_id=self.filters.meeting_id,
                folder=reports_folder(self.tb.settings),
            )
        )

    def action_dashboard(self) -> None:
        """Open the dashboard."""
        from taskboard.tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def action_review(self) -> None:
        """Open the «Час контроля» (the review of what is overdue, at risk, under review)."""
        from taskboard.tui.screens.control_hour import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def action_calendar(self) -> None:
        """Open the calendar of deadlines."""
        from taskboard.tui.screens.calendar import CalendarScreen

        self.app.push_screen(CalendarScreen())

    def action_directory(self) -> None:
        """Open the people directory; a person chosen there filters the table by owner."""
        from taskboard.tui.screens.directory import DirectoryScreen

        def chosen(person: PersonSummary | None) -> None:
            if person is not None:
                self.filters = self.filters.with_(owner_id=person.id, owner_name=person.full_name)

        self.app.push_screen(DirectoryScreen(), chosen)

    def action_help(self) -> None:
        """Show every key."""
        from taskboard.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Leave taskboard."""
        self.app.exit()


__all__ = ["MainScreen", "main_bindings"]
