"""The meetings pane: "all assignments" and every meeting with its open and overdue counts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from taskboard.domain.queries import MeetingSummary
from taskboard.tui import format as fmt
from taskboard.tui.i18n import _

ALL = "all"
"""Option id of "all assignments"."""


def _counts(open_: int, overdue: int) -> Text:
    text = Text(end="")
    text.append(_("open {n}").format(n=open_), style="dim")
    if overdue:
        text.append(" · ")
        text.append(_("overdue {n}").format(n=overdue), style="bold red")
    return text


class MeetingList(OptionList):
    """Meetings, newest first; choosing one filters the table."""

    @dataclass
    class Chosen(Message):
        """Another meeting (or "all") was highlighted."""

        meeting_id: int | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, MeetingList.Chosen)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meetings: list[MeetingSummary] = []
        self.selected: int | None = None
        """The meeting whose assignments are shown; None for all."""

    def show(self, meetings: list[MeetingSummary], totals: tuple[int, int, int]) -> None:
        """Replace the list, keeping the highlighted meeting."""
        self.meetings = meetings
        everything = Text(_("All assignments"), style="bold", end="")
        everything.append("\n")
        everything.append_text(_counts(totals[1], totals[2]))
        options = [Option(everything, id=ALL)]
        for meeting in meetings:
            prompt = Text(fmt.line(meeting.title), end="")
            prompt.append("\n")
            prompt.append(fmt.day(meeting.date) + "  ", style="dim")
            prompt.append_text(_counts(meeting.open, meeting.overdue))
            options.append(Option(prompt, id=f"m{meeting.id}"))
        wanted = ALL if self.selected is None else f"m{self.selected}"
        # Rebuilding the list must not look like the user choosing another meeting.
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options(options)
            try:
                self.highlighted = self.get_option_index(wanted)
            except Exception:  # the meeting is gone: fall back to all
                self.highlighted = 0
        if wanted != ALL and self.highlighted == 0:
            self.selected = None
            self.post_message(self.Chosen(None))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option_id = event.option.id or ALL
        meeting_id = None if option_id == ALL else int(option_id[1:])
        if meeting_id != self.selected:
            self.selected = meeting_id
            self.post_message(self.Chosen(meeting_id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


__all__ = ["ALL", "MeetingList"]
