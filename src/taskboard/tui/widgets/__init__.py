"""Widgets of the main screen, of the import screen and of the people directory, one per
module."""

from taskboard.tui.widgets.assignment_table import AssignmentTable
from taskboard.tui.widgets.details import DetailsPane
from taskboard.tui.widgets.footer import FittingFooter
from taskboard.tui.widgets.meeting_list import MeetingList
from taskboard.tui.widgets.month_grid import MonthGrid
from taskboard.tui.widgets.people_table import PeopleTable
from taskboard.tui.widgets.proposal_details import ProposalDetails
from taskboard.tui.widgets.proposal_table import ProposalTable
from taskboard.tui.widgets.search_bar import SearchBar

__all__ = [
    "AssignmentTable",
    "DetailsPane",
    "FittingFooter",
    "MeetingList",
    "MonthGrid",
    "PeopleTable",
    "ProposalDetails",
    "ProposalTable",
    "SearchBar",
]
