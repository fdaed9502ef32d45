"""The filter dialog: status, owner, overdue, due soon, at risk, control level, tag, sort."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select

from taskboard.domain.people import resolve_person
from taskboard.presentation import control_level_label
from taskboard.tui.filters import Filters
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint, PersonSuggester
from taskboard.tui.modals.title import FormTitle


def statuses() -> list[tuple[str, str]]:
    """Status choices in the current language."""
    return [
        (_("active (on control)"), "active"),
        (_("open"), "open"),
        (_("in progress"), "in_progress"),
        (_("under review"), "review"),
        (_("in rework"), "rework"),
        (_("done"), "done"),
        (_("cancelled"), "cancelled"),
        (_("closed (done and cancelled)"), "closed"),
        (_("all"), "all"),
    ]


def sorts() -> list[tuple[str, str]]:
    """Sort choices in the current language."""
    return [
        (_("by deadline"), "due"),
        (_("by id"), "id"),
        (_("by owner"), "owner"),
        (_("by meeting"), "meeting"),
    ]


class FilterForm(FormModal[Filters | None]):
    """Choose what the table shows; dismissed with the new filters."""

    def __init__(self, filters: Filters) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        f = self.filters
        with VerticalScroll(classes="form"):
            yield FormTitle(_("Filter"))
            yield Label(_("Status"))
            yield Select(statuses(), value=f.status, allow_blank=False, id="status")
            yield Label(_("Owner (empty: anyone)"))
            yield Input(f.owner_name or "", id="owner", suggester=PersonSuggester(self.tb.database))
            yield Hint(id="owner-hint")
            yield Checkbox(_("Overdue only"), f.overdue, id="overdue")
            yield Checkbox(_("Due soon only"), f.due_soon, id="due-soon")
            yield Checkbox(_("At risk only"), f.at_risk, id="at-risk")
            control = self.tb.settings.control
            yield Label(_("Control level"))
            yield Select(
                [
                    (Text(control_level_label(key, control.levels)), key)
                    for key in control.level_keys
                ],
                prompt=_("— any control level —"),
                value=f.level if f.level in control.level_keys else Select.NULL,
                id="level",
            )
            yield Label(_("Tag"))
            yield Input(f.tag or "", id="tag")
            yield Label(_("Sort"))
            yield Select(sorts(), value=f.sort, allow_blank=False, id="sort")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Apply (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Reset"), id="reset")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#status", Select).focus()

    @on(Input.Changed, "#owner")
    def _owner_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.person_hint(event.value, "owner-hint")
        else:
            self.hint("owner-hint").clear()

    @on(Button.Pressed, "#reset")
    def _reset(self) -> None:
        self.dismiss(Filters(meeting_id=self.filters.meeting_id, search=self.filters.search))

    def save(self) -> None:
        """Resolve the owner (in a worker) and close with the new filters."""
        if self.refuse_invalid(_("Not applied: {problem}")):
            return
        owner = self.value("owner").strip()
        level = self.query_one("#level", Select).value
        chosen = self.filters.with_(
            status=str(self.query_one("#status", Select).value),
            overdue=self.query_one("#overdue", Checkbox).value,
            due_soon=self.query_one("#due-soon", Checkbox).value,
            at_risk=self.query_one("#at-risk", Checkbox).value,
            level=level if isinstance(level, str) else None,
            tag=self.value("tag").strip() or None,
            sort=str(self.query_one("#sort", Select).value),
        )
        database = self.tb.database

        def job() -> Filters:
            if not owner:
                return chosen.with_(owner_id=None, owner_name=None)
            with database.read() as session:
                person = resolve_person(session, owner)
            return chosen.with_(owner_id=person.id, owner_name=person.full_name)

        self.write(job, commits=False)


__all__ = ["FilterForm", "sorts", "statuses"]
