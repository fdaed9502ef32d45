"""Full screens: the main screen, the dashboard, the help, the import review, the people
directory."""

from taskboard.tui.screens.calendar import CalendarScreen
from taskboard.tui.screens.dashboard import DashboardScreen
from taskboard.tui.screens.directory import DirectoryScreen
from taskboard.tui.screens.help import HelpScreen
from taskboard.tui.screens.import_review import ImportReviewScreen
from taskboard.tui.screens.main import MainScreen

__all__ = [
    "CalendarScreen",
    "DashboardScreen",
    "DirectoryScreen",
    "HelpScreen",
    "ImportReviewScreen",
    "MainScreen",
]
