"""The main screen's one-field prompts as data: done, cancel, note, and the acceptance loop's
report in; an extension request's grant and refusal (no Textual; accept and return have
their own forms, ``modals/acceptance_form.py``).

One :class:`PromptSpec` per prompt says what it asks and which service it calls; the
``TextPrompt`` modal shows any of them and the write path saves the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session

from taskboard.domain import requests, services
from taskboard.domain.queries import AssignmentRow
from taskboard.tui.i18n import _

Call = Callable[[Session, AssignmentRow, str, str], object]
"""``call(session, row, actor, answer)``: the service call, inside one write transaction."""


@dataclass(frozen=True)
class PromptSpec:
    """What one prompt asks about the selected assignment, and what it does with the answer."""

    title: str
    """The prompt's heading."""
    label: str
    """The answer field's label."""
    required: bool
    """Whether an empty answer is refused."""
    confirm: str
    """The confirm button's text."""
    call: Call
    """The service call made with the answer."""
    notice: str
    """What to say once it is saved; ``{assignment}`` stands for the assignment as staff name
    it (:func:`taskboard.presentation.assignment_label`)."""
    warns: bool = False
    """Whether the call returns a warning to add to the notice (a grant beyond the extension
    limit), or None."""


def _done(session: Session, row: AssignmentRow, actor: str, answer: str) -> object:
    return services.done(
        session,
        assignment_id=row.id,
        actor=actor,
        note=answer.strip() or None,
        expected_version=row.version,
    )


def _cancel(session: Session, row: AssignmentRow, actor: str, answer: str) -> object:
    return services.cancel(
        session, assignment_id=row.id, actor=actor, reason=answer, expected_version=row.version
    )


def _note(session: Session, row: AssignmentRow, actor: str, answer: str) -> object:
    return services.add_note(
        session, assignment_id=row.id, text=answer, actor=actor, expected_version=row.version
    )


def _submit(session: Session, row: AssignmentRow, actor: str, answer: str) -> object:
    return services.submit(
        session, assignment_id=row.id, text=answer, actor=actor, expected_version=row.version
    )


def _grant(limit: int) -> Call:
    def call(session: Session, row: AssignmentRow, actor: str, answer: str) -> object:
        requests.grant(
            session,
            assignment_id=row.id,
            actor=actor,
            note=answer.strip() or None,
            expected_version=row.version,
        )
        return requests.limit_warning(session, row.id, limit)

    return call


def _refuse(session: Session, row: AssignmentRow, actor: str, answer: str) -> object:
    return requests.refuse(
        session, assignment_id=row.id, reason=answer, actor=actor, expected_version=row.version
    )


def prompts(extension_limit: int = 0) -> dict[str, PromptSpec]:
    """Every prompt by the main screen action that opens it, in the current language;
    ``extension_limit``: the configured one, which a grant warns beyond (0: never)."""
    return {
        "done": PromptSpec(
            title=_("Mark done"),
            label=_("Closing note (optional)"),
            required=False,
            confirm=_("Done (Ctrl+S)"),
            call=_done,
            notice=_("{assignment} is done."),
        ),
        "cancel": PromptSpec(
            title=_("Take off control"),
            label=_("Reason (required)"),
            required=True,
            confirm=_("Take off control (Ctrl+S)"),
            call=_cancel,
            notice=_("{assignment} is taken off control."),
        ),
        "note": PromptSpec(
            title=_("Progress note"),
            label=_("Note (required)"),
            required=True,
            confirm=_("Add (Ctrl+S)"),
            call=_note,
            notice=_("Note added to {assignment}."),
        ),
        "submit": PromptSpec(
            title=_("Owner's report on execution"),
            label=_("Report (required): what was done, the document it is in"),
            required=True,
            confirm=_("Report in (Ctrl+S)"),
            call=_submit,
            notice=_("The report on {assignment} is in: under review."),
        ),
        "grant": PromptSpec(
            title=_("Grant the extension request"),
            label=_("Note on the decision (optional)"),
            required=False,
            confirm=_("Grant (Ctrl+S)"),
            call=_grant(extension_limit),
            notice=_("{assignment}: extension request granted, the deadline moved."),
            warns=True,
        ),
        "refuse": PromptSpec(
            title=_("Refuse the extension request"),
            label=_("Reason (required)"),
            required=True,
            confirm=_("Refuse (Ctrl+S)"),
            call=_refuse,
            notice=_("{assignment}: the extension request is refused; the deadline stays."),
        ),
    }


__all__ = ["Call", "PromptSpec", "prompts"]
