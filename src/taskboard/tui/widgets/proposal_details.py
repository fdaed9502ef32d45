"""The import screen's details: the selected proposal in full, its problems first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from taskboard.importers.review import Proposal
from taskboard.presentation import recurrence_label
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _
from taskboard.tui.widgets.proposal_table import ACCEPTED, NEW, PROBLEM, SKIPPED


def render_proposal(proposal: Proposal) -> Text:
    """What the proposal says, what it would become, why it cannot yet, where it came from."""
    draft, planned = proposal.draft, proposal.planned
    out = Text(end="")

    def field(label: str, value: str | Text | None) -> None:
        if value:
            out.append(f"{label}: ", style="bold")
            out.append(fmt.safe(value) if isinstance(value, str) else value)
            out.append("\n")

    where = fmt.line(draft.where)
    out.append(where[:1].upper() + where[1:], style="bold underline")
    if proposal.accepted:
        out.append(f"  {ACCEPTED} " + _("to be imported (Space: leave out)"), style="green")
    else:
        out.append(f"  {SKIPPED} " + _("left out (Space: import it)"), style="dim")
    out.append("\n")
    for problem in proposal.problems:
        out.append(f"{PROBLEM} ", style="bold red")
        out.append(fmt.safe(problem.removeprefix(f"{draft.where}: ")) + "\n", style="red")
    if planned is None and not proposal.problems:
        out.append(_("Checking…") + "\n", style="dim")
    field(_("Text"), draft.text)
    if planned is not None:
        owner = Text(fmt.safe(planned.owner))
        if planned.owner in proposal.new_people:
            owner.append(f"  {NEW} " + _("new: added to the directory"), style="yellow")
        field(_("Owner"), owner)
        field(_("Co-executors"), ", ".join(planned.co_executors))
        due = fmt.day(planned.due)
        if draft.due:
            due += f"  («{fmt.line(draft.due, 60)}»)"
        field(_("Deadline"), due)
        field(_("Repeats"), recurrence_label(planned.recurrence))
    else:
        field(_("Owner"), draft.owner or "—")
        field(_("Co-executors"), ", ".join(draft.co_executors))
        field(_("Deadline"), draft.due or "—")
        field(_("Repeats"), draft.recurrence)
    others = [n for n in proposal.new_people if planned is None or n != planned.owner]
    if others:
        field(_("New in the directory (added on import)"), ", ".join(others))
    if " ".join(proposal.source.split()) != " ".join(draft.text.split()):
        out.append(_("From the document") + ": ", style="bold")
        out.append(f"«{fmt.safe(proposal.source).strip()}»\n", style="italic")
    out.rstrip()
    return out


class ProposalDetails(VerticalScroll):
    """Scrollable details of one proposal."""

    def compose(self) -> ComposeResult:
        yield Static(id="proposal-body", markup=False)

    def show(self, proposal: Proposal | None) -> None:
        """Show ``proposal``, or a hint when there is none."""
        body = self.query_one("#proposal-body", Static)
        if proposal is None:
            body.update(Text(_("Nothing read yet."), style="dim"))
        else:
            body.update(render_proposal(proposal))


__all__ = ["ProposalDetails", "render_proposal"]
