"""Modal screens: typed forms and confirmations that save themselves (the proposal form only
returns its changes: the import screen applies them)."""

from taskboard.tui.modals.assignment_form import AssignmentForm
from taskboard.tui.modals.confirm import ConfirmModal
from taskboard.tui.modals.export_form import ExportForm
from taskboard.tui.modals.extend_form import ExtendForm
from taskboard.tui.modals.filter_form import FilterForm
from taskboard.tui.modals.meeting_form import MeetingForm
from taskboard.tui.modals.person_form import PersonForm
from taskboard.tui.modals.proposal_form import ProposalForm
from taskboard.tui.modals.quick_add import QuickAddForm
from taskboard.tui.modals.text_prompt import TextPrompt

__all__ = [
    "AssignmentForm",
    "ConfirmModal",
    "ExportForm",
    "ExtendForm",
    "FilterForm",
    "MeetingForm",
    "PersonForm",
    "ProposalForm",
    "QuickAddForm",
    "TextPrompt",
]
