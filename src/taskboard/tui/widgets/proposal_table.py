"""The import screen's table: each proposed assignment with its accept mark, problem and people.

A ``DataTable`` is enough here (a document proposes tens of items, not thousands). Its
columns are fitted to its width whenever it is resized, so the text, owner and co-executor
columns share what is left at 80 columns as at 160; every cell is a ``rich.text.Text`` cut
with «…», never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from taskboard.importers.review import Proposal
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _

ACCEPTED = "✓"
"""The mark of a proposal chosen for import."""
SKIPPED = "·"
"""The mark of a proposal left out."""
PROBLEM = "!"
"""The mark of a proposal the import would refuse as it stands."""
CHECKING = "…"
"""The mark of a proposal being checked again after an edit."""
NEW = "+"
"""Before a name the directory does not know: the import adds the person."""
REPEATS = "↻"
"""After a recurring assignment's first deadline."""


@dataclass
class ProposalColumn:
    """One column: its key, heading and width in cells."""

    key: str
    heading: str
    width: int


def proposal_columns(width: int) -> list[ProposalColumn]:
    """The columns for a table ``width`` cells wide (headings in the current language)."""
    mark, number, due = 2, 4, 11
    padding = 2 * 6  # DataTable pads each of the six columns by one cell on either side
    rest = max(width - mark - number - due - padding, 30)
    owner = min(max(rest // 4, 12), 30)
    co = min(max(rest // 5, 10), 26)
    return [
        ProposalColumn("mark", ACCEPTED, mark),
        ProposalColumn("number", _("No."), number),
        ProposalColumn("text", _("Assignment"), rest - owner - co),
        ProposalColumn("owner", _("Owner"), owner),
        ProposalColumn("co", _("Co-executors"), co),
        ProposalColumn("due", _("Deadline"), due),
    ]


def _names(names: list[str], new: list[str], limit: int) -> Text:
    out = Text(end="")
    for i, name in enumerate(names):
        if i:
            out.append(", ")
        if name in new:
            out.append(NEW, style="bold yellow")
        out.append(fmt.line(name))
    out.truncate(limit, overflow="ellipsis")
    return out


def proposal_cells(proposal: Proposal, columns: list[ProposalColumn]) -> list[Text]:
    """The cells of ``proposal``'s row, each cut to its column."""
    width = {c.key: c.width for c in columns}
    draft, planned = proposal.draft, proposal.planned
    mark = Text(end="")
    if proposal.accepted:
        mark.append(ACCEPTED, style="bold green")
    else:
        mark.append(SKIPPED, style="dim")
    if proposal.problems:
        mark.append(PROBLEM, style="bold red")
    elif planned is None:
        mark.append(CHECKING, style="dim")
    text_style = "" if proposal.accepted else "dim"
    number = Text(fmt.line(draft.number, width["number"]), style=text_style)
    text = Text(fmt.line(draft.text, width["text"]), style=text_style)
    if planned is not None:
        owner = _names([planned.owner], proposal.new_people, width["owner"])
        co = _names(planned.co_executors, proposal.new_people, width["co"])
        day = fmt.day(planned.due) + (REPEATS if planned.recurrence else "")
        due = Text(day)
    else:
        unresolved = "bold red" if proposal.problems else "dim"
        owner = Text(fmt.line(draft.owner or "—", width["owner"]), style=unresolved)
        co = Text(fmt.line(", ".join(draft.co_executors), width["co"]), style="dim")
        due = Text(fmt.line(draft.due or "—", width["due"]), style="dim")
    return [mark, number, text, owner, co, due]


class ProposalTable(DataTable[Text]):
    """The proposals of one review, a row each; row keys are the proposals' positions."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.proposals: list[Proposal] = []
        """What the rows show, in document order."""
        self._columns: list[ProposalColumn] = []

    @property
    def current(self) -> int | None:
        """The position of the highlighted proposal (None: the table is empty)."""
        if not self.proposals or self.cursor_row < 0:
            return None
        return min(self.cursor_row, len(self.proposals) - 1)

    def _width(self) -> int:
        width = self.scrollable_content_region.width
        return width if width > 0 else 76

    def show(self, proposals: list[Proposal], *, keep: bool = True) -> None:
        """Show ``proposals``, keeping the highlighted row when ``keep``."""
        row = self.cursor_row if keep else 0
        self.proposals = proposals
        self._columns = proposal_columns(self._width())
        self.clear(columns=True)
        for column in self._columns:
            heading = Text(fmt.line(column.heading, column.width))
            self.add_column(heading, width=column.width, key=column.key)
        for index, proposal in enumerate(proposals):
            self.add_row(*proposal_cells(proposal, self._columns), key=str(index))
        if proposals:
            self.move_cursor(row=min(max(row, 0), len(proposals) - 1), animate=False)

    def refresh_proposal(self, index: int) -> None:
        """Show proposal ``index`` again (its mark, or what a check found)."""
        cells = proposal_cells(self.proposals[index], self._columns)
        for column, cell in zip(self._columns, cells, strict=True):
            self.update_cell(str(index), column.key, cell)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width."""
        if self.proposals and proposal_columns(self._width()) != self._columns:
            self.show(self.proposals)


__all__ = ["ProposalColumn", "ProposalTable", "proposal_cells", "proposal_columns"]
