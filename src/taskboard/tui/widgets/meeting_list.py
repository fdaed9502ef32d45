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


def counts_line(day: str, open_: int, overdue: int, width: int) -> Text:
    """«19.10.2026  open 2 · overdue 1», broken between its parts (never inside one) where
    it would not fit ``width`` cells."""
    parts = [Text(_("open {n}").format(n=open_), style="dim")]
    if overdue:
        parts.append(Text(_("overdue {n}").format(n=overdue), style="bold red"))
    if day:
        parts.insert(0, Text(day, style="dim"))
    out = Text(end="")
    used = 0
    for index, part in enumerate(parts):
        gap = "" if index == 0 else ("  " if day and index == 1 else " · ")
        if index and used + len(gap) + part.cell_len > width:
            out.append("\n")
            used, gap = 0, ""
        out.append(gap)
        out.append_text(part)
        used += len(gap) + part.cell_len
    return out


class MeetingList(OptionList):
    """Meetings, newest first; choosing one filters the table."""

    @dataclass
    class Chosen(Message):
        """Another meeting (or "all") was highlighted."""

        meeting_id: int | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, MeetingList.Chosen)

    @dataclass
    class Picked(Message):
        """Enter on a meeting: the choice is made (a drawer showing the list may close)."""

        meeting_id: int | None
        """The meeting now shown; None for all."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meetings: list[MeetingSummary] = []
        self.selected: int | None = None
        """The meeting whose assignments are shown; None for all."""
        self._totals = (0, 0, 0)
        self._width = 0

    def _text_width(self) -> int:
        padding = self.get_component_styles("option-list--option").padding
        return self.scrollable_content_region.width - padding.left - padding.right

    def show(self, meetings: list[MeetingSummary], totals: tuple[int, int, int]) -> None:
        """Replace the list, keeping the highlighted meeting."""
        self.meetings = meetings
        self._totals = totals
        self._width = width = self._text_width()
        everything = Text(_("All assignments"), style="bold", end="")
        everything.append("\n")
        everything.append_text(counts_line("", totals[1], totals[2], width))
        options = [Option(everything, id=ALL)]
        for meeting in meetings:
            prompt = Text(fmt.line(meeting.title), end="")
            prompt.append("\n")
            prompt.append_text(
                counts_line(fmt.day(meeting.date), meeting.open, meeting.overdue, width)
            )
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

    def on_resize(self) -> None:
        """Another width: break the counts lines for it."""
        if self.option_count and self._text_width() != self._width:
            self.show(self.meetings, self._totals)

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
        self.post_message(self.Picked(self.selected))


__all__ = ["ALL", "MeetingList", "counts_line"]
