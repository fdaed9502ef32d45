"""Fix one proposed assignment before import: text, owner, co-executors, deadline.

The form writes nothing: it returns what was changed (:class:`ProposalChanges`) and the import
screen applies it to its review and checks every proposal again. People and dates are
resolved live as in the assignment form, with the same directory lookup and date parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from taskboard.domain.intake import split_names
from taskboard.importers.review import Proposal
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint, PersonSuggester
from taskboard.tui.modals.title import FormTitle


@dataclass
class ProposalChanges:
    """What the staff changed in a proposal; None: left as the document has it."""

    text: str | None = None
    owner: str | None = None
    co_executors: list[str] | None = None
    due: str | None = None
    """The deadline as typed (empty: the default one month from the meeting)."""

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.text, self.owner, self.co_executors, self.due))


def initial_values(proposal: Proposal) -> dict[str, str]:
    """What the fields start with: what the import would write, else what the document says."""
    draft, planned = proposal.draft, proposal.planned
    if planned is not None:
        return {
            "text": draft.text,
            "owner": planned.owner,
            "co": ", ".join(planned.co_executors),
            "due": fmt.day(planned.due),
        }
    return {
        "text": draft.text,
        "owner": draft.owner,
        "co": ", ".join(draft.co_executors),
        "due": draft.due,
    }


class ProposalForm(FormModal[ProposalChanges | None]):
    """Change a proposal; dismissed with the changes (None: closed, or nothing changed)."""

    def __init__(self, proposal: Proposal, *, meeting_date: date | None = None) -> None:
        super().__init__()
        self.proposal = proposal
        self.meeting_date = meeting_date
        """What deadline words count from (the document's meeting; None: today)."""
        self.initial = initial_values(proposal)

    def compose(self) -> ComposeResult:
        proposal = self.proposal
        database = self.tb.database
        with VerticalScroll(classes="form"):
            yield FormTitle(_("Fix {where}").format(where=fmt.line(proposal.draft.where)))
            yield Static(Text(f"«{fmt.line(proposal.source, 300)}»"), classes="subject")
            if proposal.problems:
                with Vertical(classes="problems"):
                    for problem in proposal.problems:
                        problem = problem.removeprefix(f"{proposal.draft.where}: ")
                        yield Static(Text(f"! {fmt.line(problem, 400)}"), classes="problem")
            yield Label(_("Text"))
            yield Input(self.initial["text"], id="text")
            yield Hint(id="text-hint")
            yield Label(_("Owner (name, surname or id; → accepts the completion)"))
            yield Input(self.initial["owner"], id="owner", suggester=PersonSuggester(database))
            yield Hint(id="owner-hint")
            yield Label(_("Co-executors (separated by commas)"))
            yield Input(
                self.initial["co"], id="co", suggester=PersonSuggester(database, several=True)
            )
            yield Hint(id="co-hint")
            yield Label(_("Deadline (e.g. 01.06.2027, в июне, +2w, срочно)"))
            yield Input(self.initial["due"], id="due")
            yield Hint(id="due-hint")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Apply (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#owner" if self.proposal.problems else "#text", Input).focus()
        self._check_text()
        self._check_due()
        self._as_proposed("owner")
        self._as_proposed("co")

    def _as_proposed(self, widget_id: str) -> None:
        """The hint of a name field still as the form started: what the import resolved.

        Only a changed name is looked up in the directory: the document's own words (a body,
        «Петров П.П.» whom the import would add) are the import's to resolve, and were.
        """
        planned = self.proposal.planned
        hint = self.hint(f"{widget_id}-hint")
        if planned is None:
            hint.clear()
            return
        names = [planned.owner] if widget_id == "owner" else planned.co_executors
        if not names:
            hint.clear()
            return
        new = [n for n in names if n in self.proposal.new_people]
        shown = "→ " + "; ".join(fmt.line(n) for n in names)
        if new:
            shown += "  " + _("(new: {names}, added to the directory on import)").format(
                names="; ".join(fmt.line(n) for n in new)
            )
        hint.ok(shown)

    def _unchanged(self, widget_id: str) -> bool:
        return self.value(widget_id).strip() == self.initial[widget_id].strip()

    # --- live validation -------------------------------------------------------------------

    def _check_text(self) -> None:
        self.text_hint()

    def _check_due(self) -> date | None:
        return self.deadline_hint(self.meeting_date or self.tb.today)

    @on(Input.Changed, "#text")
    def _text_changed(self) -> None:
        self._check_text()

    @on(Input.Changed, "#due")
    def _due_changed(self) -> None:
        self._check_due()

    @on(Input.Changed, "#owner")
    def _owner_changed(self, event: Input.Changed) -> None:
        if self._unchanged("owner"):
            self._as_proposed("owner")
        else:
            self.person_hint(event.value, "owner-hint")

    @on(Input.Changed, "#co")
    def _co_changed(self, event: Input.Changed) -> None:
        if self._unchanged("co"):
            self._as_proposed("co")
        else:
            self.person_hint(event.value, "co-hint", several=True)

    @on(FormModal.HintFound)
    def _late_hint(self, event: FormModal.HintFound) -> None:
        field = event.hint_id.removesuffix("-hint")
        if field in ("owner", "co") and self._unchanged(field):
            # A lookup started before the name was typed back as it was: the hint keeps what
            # the import resolved (the base class's handler is skipped).
            event.prevent_default()

    # --- applying --------------------------------------------------------------------------

    def changes(self) -> ProposalChanges:
        """The fields that differ from what the form started with."""

        def changed(widget_id: str) -> str | None:
            return None if self._unchanged(widget_id) else self.value(widget_id)

        co = changed("co")
        return ProposalChanges(
            text=changed("text"),
            owner=changed("owner"),
            co_executors=split_names(co) if co is not None else None,
            due=changed("due"),
        )

    def save(self) -> None:
        """Refuse while a field is invalid; otherwise close with the changes (nothing written)."""
        self._check_text()
        self._check_due()
        if self.refuse_invalid(_("Not applied: {problem}")):
            return
        found = self.changes()
        self.dismiss(found if found else None)


__all__ = ["ProposalChanges", "ProposalForm", "initial_values"]
