"""The import screen: a meeting's text read into proposed assignments, fixed, chosen, imported.

Staff paste a protocol or a press release (or name its file), read it (Ctrl+R), and see
every proposal :func:`taskboard.importers.review.propose` found, with its problem and the
people it would add. They fix a proposal in :class:`~taskboard.tui.modals.ProposalForm`,
choose with Space and ``a``, and import with Ctrl+S: the accepted proposals are written in
one transaction through the one write path (:mod:`taskboard.tui.writes`). Nothing is
written before that.

The review lives on the UI thread. Workers get a copy of it, so a check running while staff
toggle or edit never races with what is on screen; an edit is applied at once and every
proposal is checked again in a worker, the newest check winning.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path, PurePath

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static, TextArea

from taskboard.errors import InvalidInput
from taskboard.importers import ImportOutcome, decode_text, guess_format, read_input
from taskboard.importers.review import Review, accept, edit, propose, reassess
from taskboard.tui import format as fmt
from taskboard.tui import writes
from taskboard.tui.context import TuiContext, context_of
from taskboard.tui.i18n import _, ngettext
from taskboard.tui.keys import install
from taskboard.tui.messages import ChangeRefused, ChangeSaved, DatabaseChanged
from taskboard.tui.modals.base import Hint, date_hint
from taskboard.tui.modals.proposal_form import ProposalChanges, ProposalForm
from taskboard.tui.widgets.proposal_details import ProposalDetails
from taskboard.tui.widgets.proposal_table import ACCEPTED, NEW, PROBLEM, ProposalTable

REVIEW_ACTIONS = {"choose", "accept_all", "edit", "save", "source"}
"""Actions that need proposals to act on (hidden until a text was read)."""


def import_bindings() -> list[Binding]:
    """The import screen's keys, described in the current language."""
    return [
        Binding(
            "ctrl+r",
            "read",
            _("Read"),
            tooltip=_("Read the text or the file (nothing is written)"),
            id="import-read",
        ),
        Binding(
            "space",
            "choose",
            _("Accept"),
            key_display=_("Space"),
            tooltip=_("Accept the selected proposal, or leave it out"),
            id="import-toggle",
        ),
        Binding(
            "a",
            "accept_all",
            _("All"),
            tooltip=_("Accept every proposal (again: none)"),
            id="import-all",
        ),
        Binding(
            "e",
            "edit",
            _("Fix"),
            tooltip=_("Fix the selected proposal (or Enter)"),
            id="import-edit",
        ),
        Binding(
            "ctrl+s",
            "save",
            _("Import"),
            tooltip=_("Import the accepted proposals (all or none)"),
            id="import-save",
        ),
        Binding(
            "t",
            "source",
            _("Text"),
            tooltip=_("Back to the text (read again: Ctrl+R)"),
            id="import-source",
        ),
        Binding(
            "escape",
            "close",
            _("Close"),
            tooltip=_("Close without importing (from the text: back)"),
            id="import-close",
        ),
    ]


class ImportReviewScreen(Screen[None]):
    """Paste or name a document, review what it proposes, import the accepted proposals."""

    review: reactive[Review | None] = reactive(None, init=False, always_update=True)
    """The document read and checked (None: nothing read yet)."""
    showing_source: reactive[bool] = reactive(True, init=False)
    """True while the text and file fields are shown, False while the proposals are."""
    checking: reactive[bool] = reactive(False, init=False)
    """True while a worker reads the document or checks the proposals again."""

    @dataclass
    class Proposed(Message, bubble=False):
        """A document was read and every proposal checked (in a worker)."""

        review: Review
        """What the document proposes."""
        name: str
        """What the document is called: its file's name, or «pasted text»."""

    @dataclass
    class Reassessed(Message, bubble=False):
        """Every proposal was checked again (in a worker) on a copy of the review."""

        review: Review
        """The checked copy."""
        generation: int
        """Which check this is: an older one, overtaken by an edit, is ignored."""

    @dataclass
    class ReviewFailed(Message, bubble=False):
        """Reading or checking the document failed; nothing changed on screen."""

        reason: str
        """What to tell the staff."""

    def __init__(self) -> None:
        super().__init__()
        install(self, import_bindings())
        self.document_name = ""
        """What the document under review is called (its file's name, or «pasted text»)."""
        self.saving = False
        """True while the import is being written (another Ctrl+S does nothing meanwhile)."""
        self._generation = 0

    @property
    def tb(self) -> TuiContext:
        """The app, as far as the screen needs it (database, settings, today)."""
        return context_of(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="import-source"):
            yield Static(Text(_("Import a document"), style="bold"), id="import-title")
            yield Static(
                Text(
                    _(
                        "Paste a protocol or a press release below, or give its file; Ctrl+R "
                        "reads it. Nothing is written until you import (Ctrl+S)."
                    )
                ),
                id="import-help",
                markup=False,
            )
            with Horizontal(id="import-fields"):
                with Vertical(id="import-file"):
                    yield Label(_("File (.txt, .md; empty: the pasted text)"))
                    yield Input(id="import-path", placeholder=_("e.g. ~/protocols/protocol-16.txt"))
                with Vertical(id="import-date"):
                    yield Label(_("Meeting date, if the text has none"))
                    yield Input(id="meeting-date")
                    yield Hint(id="meeting-date-hint")
            yield TextArea(id="import-text", soft_wrap=True)
        with Vertical(id="import-review"):
            yield Static("", id="import-summary", markup=False)
            yield ProposalTable(id="proposals")
            yield ProposalDetails(id="proposal-details")
        yield Static("", id="import-status", markup=False)
        yield Footer(compact=True)

    @property
    def table(self) -> ProposalTable:
        """The proposals table."""
        return self.query_one("#proposals", ProposalTable)

    @property
    def details(self) -> ProposalDetails:
        """The selected proposal's details."""
        return self.query_one("#proposal-details", ProposalDetails)

    def on_mount(self) -> None:
        self.query_one("#proposals").border_title = _("Proposed assignments")
        legend = [(ACCEPTED, _("accepted")), (PROBLEM, _("problem")), (NEW, _("new person"))]
        self.query_one("#proposals").border_subtitle = Text(
            " · ".join(f"{mark} {label}" for mark, label in legend)
        )
        self.details.border_title = _("Selected proposal")
        self.query_one("#import-text", TextArea).border_title = _("The document's text (paste it)")
        self._check_meeting_date()
        self.details.show(None)
        self._show_phase()
        self.query_one("#import-text", TextArea).focus()

    # --- what is shown ---------------------------------------------------------------------

    def watch_showing_source(self) -> None:
        """The text fields or the proposals."""
        self._show_phase()

    def _show_phase(self) -> None:
        self.set_class(self.showing_source, "-source")
        self.set_class(not self.showing_source, "-review")
        self.refresh_bindings()

    def watch_review(self, old: Review | None, review: Review | None) -> None:
        """A new or re-checked review: the table (from the top for a new one), the details."""
        if review is None:
            return
        self.table.show(review.proposals, keep=review is old)
        self._show_summary()
        self._show_current()

    def watch_checking(self) -> None:
        """Say that a check is running (the summary's last words)."""
        self._show_summary()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The review's keys only once there are proposals (and none behind the text fields)."""
        if action in REVIEW_ACTIONS:
            return self.review is not None and not self.showing_source
        if action == "read":
            return self.showing_source
        return True

    def _say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.set_class(error, "error")
        status.update(Text(message))

    def _show_summary(self) -> None:
        review = self.review
        if review is None:
            return
        proposals = review.proposals
        accepted = sum(p.accepted for p in proposals)
        troubled = sum(bool(p.problems) for p in proposals)
        counts = ngettext("{n} proposal", "{n} proposals", len(proposals)).format(n=len(proposals))
        first = Text(no_wrap=True, overflow="ellipsis", end="")
        first.append(f"{fmt.line(self.document_name)}: ", style="bold")
        first.append(counts)
        first.append(" · ")
        first.append(_("{n} accepted").format(n=accepted), style="green")
        if troubled:
            first.append(" · ")
            first.append(
                ngettext("{n} with a problem", "{n} with problems", troubled).format(n=troubled),
                style="bold red",
            )
        if self.checking:
            first.append(" · " + _("checking…"), style="dim")
        second = Text(no_wrap=True, overflow="ellipsis", end="")
        meeting = review.meeting
        if meeting is None:
            second.append(_("No meeting: the text names none."), style="dim")
        else:
            # The title comes last: on a narrow screen it is the part cut with «…».
            second.append(_("Meeting") + ": ", style="bold")
            second.append(fmt.day(meeting.date))
            if meeting.number:
                second.append(f" · № {fmt.line(meeting.number)}")
            if meeting.date_assumed:
                second.append(" · " + _("no date in the text"), style="yellow")
            if meeting.created:
                second.append(" · " + _("new: created on import"), style="yellow")
            else:
                second.append(" · " + _("registered already: the items join it"), style="dim")
            second.append(" · " + fmt.line(meeting.title))
        summary = Text("\n", no_wrap=True, overflow="ellipsis", end="").join([first, second])
        self.query_one("#import-summary", Static).update(summary)

    def _show_current(self) -> None:
        review, index = self.review, self.table.current
        self.details.show(review.proposals[index] if review and index is not None else None)

    @on(DataTable.RowHighlighted, "#proposals")
    def _highlighted(self) -> None:
        self._show_current()

    @on(DataTable.RowSelected, "#proposals")
    def _selected(self) -> None:
        self.action_edit()

    # --- reading ---------------------------------------------------------------------------

    def _check_meeting_date(self) -> bool:
        found = date_hint(
            self.tb,
            self.query_one("#meeting-date", Input).value,
            self.query_one("#meeting-date-hint", Hint),
            shift=False,
            past=True,
            empty=_("empty: from the text, else today"),
        )
        return found is not None or not self.query_one("#meeting-date", Input).value.strip()

    @on(Input.Changed, "#meeting-date")
    def _meeting_date_changed(self) -> None:
        self._check_meeting_date()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_read()

    def action_read(self) -> None:
        """Read the file (if one is named) or the pasted text into proposals."""
        if self.checking or self.saving:
            return
        if not self._check_meeting_date():
            message = self.query_one("#meeting-date-hint", Hint).message
            self._say(_("Not read: {problem}").format(problem=message), error=True)
            return
        path = self.query_one("#import-path", Input).value.strip()
        text = self.query_one("#import-text", TextArea).text
        if not path and not text.strip():
            self._say(_("Paste the text or give a file first."), error=True)
            return
        meeting_date = self.query_one("#meeting-date", Input).value.strip() or None
        self.checking = True
        self._say(_("Reading…"))
        self._propose(path, text, meeting_date)

    @work(thread=True, exclusive=True, group="import-review")
    def _propose(self, path: str, text: str, meeting_date: str | None) -> None:
        app = self.tb
        try:
            if path:
                name = PurePath(path).name
                if guess_format(path) in ("csv", "xlsx", "json"):
                    raise InvalidInput(
                        _(
                            "«{name}» is a table or an export: this screen reads documents "
                            "(protocols, press releases); import tables with taskboard import."
                        ).format(name=name)
                    )
                text = decode_text(read_input(str(Path(path).expanduser())), name)
            else:
                name = _("pasted text")
            found = propose(
                app.database,
                text,
                actor=app.settings.actor_name(),
                today=app.today,
                deadline_mode=app.settings.deadline_days,
                name=name,
                meeting_date=meeting_date,
                control=app.settings.control,
            )
        except Exception as exc:  # TaskboardError words it; a driver's error has its text
            self.post_message(self.ReviewFailed(getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.Proposed(found, name))

    @on(Proposed)
    def _proposed(self, event: ImportReviewScreen.Proposed) -> None:
        self.checking = False
        self._generation += 1  # a check still running was for the document before
        self.document_name = event.name
        self.review = event.review
        self.showing_source = False
        self.table.focus()
        self._say(
            _("Nothing is written yet: fix, choose (Space, a), then import with Ctrl+S.")
            if any(p.accepted for p in event.review.proposals)
            else _("Candidates from prose start left out: accept the right ones with Space.")
        )

    @on(ReviewFailed)
    def _review_failed(self, event: ImportReviewScreen.ReviewFailed) -> None:
        self.checking = False
        self._say(event.reason, error=True)
        self.notify(event.reason, severity="error", markup=False, timeout=8)

    # --- checking again --------------------------------------------------------------------

    def _reassess(self) -> None:
        """Check every proposal again in a worker, on a copy of the review."""
        if self.review is None:
            return
        self._generation += 1
        self.checking = True
        self._check(copy.deepcopy(self.review), self._generation)

    @work(thread=True, exclusive=True, group="import-check")
    def _check(self, review: Review, generation: int) -> None:
        app = self.tb
        try:
            reassess(
                app.database,
                review,
                actor=app.settings.actor_name(),
                today=app.today,
                deadline_mode=app.settings.deadline_days,
                control=app.settings.control,
            )
        except Exception as exc:
            self.post_message(self.ReviewFailed(getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.Reassessed(review, generation))

    @on(Reassessed)
    def _reassessed(self, event: ImportReviewScreen.Reassessed) -> None:
        current = self.review
        if event.generation != self._generation or current is None:
            return  # an edit came after this check started: the newer check follows
        self.checking = False
        for shown, checked in zip(current.proposals, event.review.proposals, strict=True):
            shown.planned = checked.planned
            shown.problems = checked.problems
            shown.new_people = checked.new_people
        current.meeting = event.review.meeting
        self.review = current

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Someone committed (a person added, a meeting registered): check everything again."""
        if self.review is not None and not self.saving:
            self._reassess()

    # --- choosing and fixing ---------------------------------------------------------------

    def action_choose(self) -> None:
        """Accept the selected proposal, or leave it out."""
        review, index = self.review, self.table.current
        if review is None or index is None:
            return
        proposal = review.proposals[index]
        proposal.accepted = not proposal.accepted
        self.table.refresh_proposal(index)
        self._show_summary()
        self._show_current()

    def action_accept_all(self) -> None:
        """Accept every proposal; when all are accepted already, leave them all out."""
        review = self.review
        if review is None:
            return
        everything = not all(p.accepted for p in review.proposals)
        for index, proposal in enumerate(review.proposals):
            proposal.accepted = everything
            self.table.refresh_proposal(index)
        self._show_summary()
        self._show_current()

    def action_edit(self) -> None:
        """Fix the selected proposal in a form; once applied, every proposal is checked again."""
        review, index = self.review, self.table.current
        if review is None or index is None or self.saving:
            return
        proposal = review.proposals[index]
        meeting_date = review.meeting.date if review.meeting is not None else None

        def applied(changes: ProposalChanges | None) -> None:
            if changes and self.review is review:
                edit(
                    proposal,
                    text=changes.text,
                    owner=changes.owner,
                    co_executors=changes.co_executors,
                    due=changes.due,
                )
                proposal.problems = []  # checked again just below
                self.table.refresh_proposal(index)
                self._show_current()
                self._reassess()

        self.app.push_screen(ProposalForm(proposal, meeting_date=meeting_date), applied)

    def action_source(self) -> None:
        """Show the text and file fields again (Ctrl+R reads anew, Esc goes back)."""
        self.showing_source = True
        self.query_one("#import-text", TextArea).focus()

    # --- importing -------------------------------------------------------------------------

    def action_save(self) -> None:
        """Import the accepted proposals in one transaction; refuse while one has a problem."""
        review = self.review
        if review is None or self.saving:
            return
        chosen = [i for i, p in enumerate(review.proposals) if p.accepted]
        unchecked = any(review.proposals[i].planned is None for i in chosen) and not any(
            review.proposals[i].problems for i in chosen
        )
        if self.checking or unchecked:
            if not self.checking:  # a check failed (a locked database): try it once more
                self._reassess()
            self._say(_("Still checking the proposals; import again in a moment."), error=True)
            return
        if not chosen:
            message = _(
                "Nothing imported: no proposal is accepted (Space accepts the selected one, "
                "a accepts all)."
            )
            self._say(message, error=True)
            self.notify(message, severity="warning", markup=False)
            return
        troubled = next((i for i in chosen if review.proposals[i].problems), None)
        if troubled is not None:
            proposal = review.proposals[troubled]
            message = _(
                "Nothing imported: {where} has a problem; fix it (e) or leave it out (Space)."
            ).format(where=fmt.line(proposal.draft.where))
            self.table.move_cursor(row=troubled, animate=False)
            self._say(message, error=True)
            self.notify(message, severity="error", markup=False)
            return
        app = self.tb
        snapshot = copy.deepcopy(review)
        actor, today, mode = app.settings.actor_name(), app.today, app.settings.deadline_days
        control = app.settings.control

        def job() -> ImportOutcome:
            return accept(
                app.database,
                snapshot,
                chosen,
                actor=actor,
                today=today,
                deadline_mode=mode,
                control=control,
            )

        self.saving = True
        self._say(_("Importing…"))
        writes.write(self, job, notice=imported_notice)

    @on(ChangeSaved)
    def _saved(self, event: ChangeSaved) -> None:
        # ``saving`` stays set: the screen closes, and the reload that follows (the app's
        # data-changed path) must not check the imported proposals again. Closed after this
        # handler, so that the message still bubbles up to the app (which says the notice and
        # reloads the register).
        self.call_next(self._close)

    def _close(self) -> None:
        self.dismiss(None)

    @on(ChangeRefused)
    def _refused(self, event: ChangeRefused) -> None:
        self.saving = False
        self._say(event.reason, error=True)  # the app notifies it; the review stays as it was

    def action_close(self) -> None:
        """Back to the proposals from the text fields; otherwise close, importing nothing."""
        if self.showing_source and self.review is not None:
            self.showing_source = False
            self.table.focus()
        elif not self.saving:
            self.dismiss(None)


def imported_notice(outcome: ImportOutcome) -> str:
    """What staff are told once the import went through."""
    n = len(outcome.created)
    said = ngettext("{n} assignment imported", "{n} assignments imported", n).format(n=n)
    meeting = outcome.meeting
    if meeting is not None:
        said += " " + _("into «{title}» ({date})").format(
            title=fmt.line(meeting.title, 60), date=fmt.day(meeting.date)
        )
        if meeting.created:
            said += ", " + _("a new meeting")
    said += "."
    if outcome.new_people:
        k = len(outcome.new_people)
        said += " " + ngettext(
            "{n} person added to the directory.", "{n} people added to the directory.", k
        ).format(n=k)
    if outcome.skipped:
        k = len(outcome.skipped)
        said += " " + ngettext(
            "{n} item skipped: imported before.", "{n} items skipped: imported before.", k
        ).format(n=k)
    return said


__all__ = ["ImportReviewScreen", "import_bindings", "imported_notice"]
