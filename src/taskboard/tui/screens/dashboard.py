"""The dashboard: assignments by status and overdue by owner as a bar chart."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from taskboard.domain.control import AtRiskRule
from taskboard.domain.queries import Overview as Dashboard
from taskboard.domain.queries import overview as dashboard
from taskboard.tui import format as fmt
from taskboard.tui.context import context_of
from taskboard.tui.i18n import _
from taskboard.tui.keys import install
from taskboard.tui.messages import DatabaseChanged

BAR_WIDTH = 40


def render_counts(data: Dashboard) -> Text:
    """Status counts, overdue, due soon and at risk."""
    out = Text(end="")
    out.append(_("Assignments by status") + "\n\n", style="bold")
    total = sum(data.by_status.values())
    for status, n in data.by_status.items():
        out.append(f"  {fmt.status(status):<16}", style="bold")
        out.append(f"{n:>8}\n")
    total_label, overdue_label, soon_label = _("total"), _("overdue"), _("due soon")
    out.append(f"  {total_label:<16}{total:>8}\n\n")
    out.append(f"  {overdue_label:<16}", style="bold red")
    out.append(f"{data.overdue:>8}\n", style="bold red")
    out.append(f"  {soon_label:<16}", style="bold yellow")
    out.append(f"{data.due_soon:>8}\n", style="bold yellow")
    risk_label = _("at risk of delay")
    out.append(f"  {risk_label:<16}", style="bold magenta")
    out.append(f"{data.at_risk:>8}\n", style="bold magenta")
    return out


def render_chart(data: Dashboard) -> Text:
    """Overdue assignments by owner, as horizontal bars."""
    out = Text(end="")
    out.append(_("Overdue by owner") + "\n\n", style="bold")
    if not data.overdue_by_owner:
        out.append(_("Nothing is overdue."), style="green")
        return out
    top = max(n for _name, n in data.overdue_by_owner)
    width = max(len(fmt.line(name, 32)) for name, _n in data.overdue_by_owner)
    for name, n in data.overdue_by_owner:
        bar = "█" * max(1, round(n / top * BAR_WIDTH))
        out.append(f"  {fmt.line(name, 32):<{width}} ")
        out.append(bar, style="red")
        out.append(f" {n}\n")
    return out


class DashboardScreen(Screen[None]):
    """Figures over the whole register; refreshed when the database changes."""

    @dataclass
    class Loaded(Message, bubble=False):
        """The figures, read in a worker."""

        data: Dashboard
        """Counts by status, overdue and due soon, overdue by owner."""

    def __init__(self) -> None:
        super().__init__()
        install(
            self,
            [
                Binding("escape", "close", _("Back"), tooltip=_("Back to the register"), id="back"),
                Binding("g", "close", show=False),
                Binding("q", "close", show=False),
            ],
        )

    def compose(self) -> ComposeResult:
        with Horizontal(id="dashboard"):
            with VerticalScroll(id="dashboard-counts"):
                yield Static(Text(_("Loading…")), id="counts", markup=False)
            with VerticalScroll(id="dashboard-chart"):
                yield Static("", id="chart", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#dashboard-counts").border_title = _("Dashboard")
        self._load()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Refresh the figures."""
        self._load()

    @work(thread=True, exclusive=True, group="dashboard")
    def _load(self) -> None:
        app = context_of(self)
        try:
            with app.database.read() as session:
                data = dashboard(
                    session,
                    today=app.today,
                    due_soon_days=app.settings.due_soon_days,
                    risk=AtRiskRule.of(app.settings.control),
                )
        except Exception as exc:  # a locked or vanished database: say it, keep running
            self.notify(getattr(exc, "message", None) or str(exc), severity="error", markup=False)
            return
        self.post_message(self.Loaded(data))

    @on(Loaded)
    def _loaded(self, event: DashboardScreen.Loaded) -> None:
        self.query_one("#counts", Static).update(render_counts(event.data))
        self.query_one("#chart", Static).update(render_chart(event.data))

    def action_close(self) -> None:
        """Back to the main screen."""
        self.app.pop_screen()


__all__ = ["DashboardScreen", "render_chart", "render_counts"]
