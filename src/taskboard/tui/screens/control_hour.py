"""«Час контроля»: the review screen — the agenda one assignment at a time, a decision on each.

The agenda (:func:`taskboard.domain.control_hour.agenda`: overdue, at risk, awaiting
acceptance, grouped by organisation) is read when the screen opens and kept as the list of the
session: an assignment decided on stays on it with its decision, so the review sees what it has
done. The selected assignment's full text, owner, deadline and report are below the list. Keys
record a decision (:class:`~taskboard.tui.modals.decision_form.DecisionForm`), add a new
assignment to the review, and print the protocol (HTML and text, into the reports folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from taskboard.domain.control_hour import AgendaItem, Decision
from taskboard.domain.queries import AssignmentRow
from taskboard.presentation import short_name
from taskboard.storage.direct import Reader
from taskboard.tui import format as fmt
from taskboard.tui.context import TuiContext, context_of
from taskboard.tui.i18n import _
from taskboard.tui.keys import install
from taskboard.tui.messages import ChangeSaved, DatabaseChanged


def review_bindings() -> list[Binding]:
    """The review screen's keys, described in the current language."""
    return [
        Binding(
            "y",
            "decide('accepted')",
            _("Accept"),
            tooltip=_("Accept: take off control"),
            id="review-accept",
        ),
        Binding(
            "x",
            "decide('extended')",
            _("Extend"),
            tooltip=_("Extend: new date and reason"),
            id="review-extend",
        ),
        Binding(
            "w",
            "decide('returned')",
            _("Return"),
            tooltip=_("Return for rework (comment)"),
            id="review-return",
        ),
        Binding(
            "k",
            "decide('kept')",
            _("Keep"),
            tooltip=_("Keep on control with an instruction"),
            id="review-keep",
        ),
        Binding(
            "n",
            "new",
            _("New"),
            tooltip=_("A new assignment of the review"),
            id="review-new",
        ),
        Binding(
            "p",
            "protocol",
            _("Protocol"),
            tooltip=_("Print the protocol (HTML and text)"),
            id="review-protocol",
        ),
        Binding(
            "escape",
            "close",
            _("Back"),
            key_display="Esc",
            tooltip=_("Back to the register"),
            id="review-back",
        ),
    ]


@dataclass(frozen=True)
class Entry:
    """One line of the review: an agenda item (or a new assignment) and what was decided."""

    row: AssignmentRow
    organisation: str | None
    why: str
    report: str | None
    decision: str | None
    """The decision of today's review on it, in words (None: not decided yet)."""


class ReviewScreen(Screen[None]):
    """The «Час контроля» of today on the register, optionally of one level or organisation."""

    class Loaded(Message):
        """The agenda and today's decisions were read."""

        def __init__(
            self,
            entries: list[Entry],
            ids: list[int],
            meeting_id: int | None,
            items: dict[int, AgendaItem],
        ) -> None:
            super().__init__()
            self.entries = entries
            self.ids = ids
            self.meeting_id = meeting_id
            self.items = items

    class Printed(Message):
        """The protocol was written to these files (or could not be: ``problem``)."""

        def __init__(self, paths: list[Path], problem: str | None = None) -> None:
            super().__init__()
            self.paths = paths
            self.problem = problem

    def __init__(self, *, level: str | None = None, organisation: str | None = None) -> None:
        super().__init__()
        self.level = level
        """Only assignments on control at this level (a key), or every one."""
        self.organisation = organisation
        """Only owners of organisations whose name contains this, or every one."""
        self.ids: list[int] | None = None
        """The agenda's assignments as read when the screen opened (then decided ones stay)."""
        self.entries: list[Entry] = []
        self.first_items: dict[int, AgendaItem] = {}
        """The agenda's items as read when the screen opened (why each one was on it)."""
        self.meeting_id: int | None = None
        """Today's review meeting, once a decision made it."""
        install(self, review_bindings())

    @property
    def tb(self) -> TuiContext:
        """The app, as the small protocol screens use."""
        return context_of(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static(id="review-title")
            table: DataTable[str | Text] = DataTable(
                id="agenda", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield Static(id="review-item")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def _columns(self) -> list[tuple[str, str, int | None]]:
        """The table's columns at this width: (key, header, width; None: what is left).

        From 80 columns up every row fits without scrolling sideways: the organisation and
        then the owner give way (the details below name them), the text takes what is left.
        """
        width = self.size.width or 120
        fixed: list[tuple[str, str, int | None]] = [
            ("number", _("No."), 4),
            ("text", _("Assignment"), None),
            ("owner", _("Owner"), 16),
            ("due", _("Deadline"), 10),
            ("why", _("On the agenda"), 16),
            ("decision", _("Decision"), 22 if width >= 120 else 14),
        ]
        if width >= 140:
            fixed.insert(0, ("organisation", _("Organisation"), 24))
        if width < 100:
            fixed = [c for c in fixed if c[0] != "owner"]
        used = sum((w or 0) + 2 for _k, _h, w in fixed) + 4  # cell padding, scroll bar
        return [(k, h, w if w is not None else max(16, width - used)) for k, h, w in fixed]

    def on_resize(self) -> None:
        if self.entries:
            self._fill()

    @work(thread=True, exclusive=True, group="review-load")
    def load(self) -> None:
        """Read the agenda (the first time) and the rows and decisions of the session."""
        from taskboard.domain import control_hour, queries
        from taskboard.domain.listing import AssignmentFilter, Params, rows
        from taskboard.presentation import decision_label

        tb = self.tb
        today = tb.today
        with tb.database.read() as session:
            reader = queries.reader_of(session)
            meeting_id = _todays_review(reader, today)
            decided: dict[int, str] = {}
            new_ids: list[int] = []
            if meeting_id is not None:
                for aid, kind in reader.rows(
                    "SELECT assignment_id, kind FROM review_decision WHERE meeting_id = :m"
                    " ORDER BY position, id",
                    {"m": meeting_id},
                ):
                    decided[aid] = decision_label(kind)
                    if kind == Decision.NEW:
                        new_ids.append(aid)
            agenda = control_hour.agenda(
                reader,
                today=today,
                level=self.level,
                organisation=self.organisation,
                at_risk=_at_risk(reader, today, tb),
            )
            # What was on the agenda when the screen opened stays, with why it was there.
            agenda_items = {**self.first_items, **{item.id: item for item in agenda.items}}
            ids = self.ids if self.ids is not None else [item.id for item in agenda.items]
            wanted = ids + [i for i in new_ids if i not in ids]
            found = (
                {
                    row.id: row
                    for row in rows(reader, AssignmentFilter(status="all", ids=wanted), today=today)
                }
                if wanted
                else {}
            )
            params = Params()
            orgs = (
                dict(
                    reader.rows(
                        "SELECT a.id, p.organisation FROM assignment AS a JOIN person AS p"
                        f" ON p.id = a.owner_id WHERE a.id IN ({params.bind_all(wanted)})",
                        params,
                    )
                )
                if wanted
                else {}
            )
        entries = []
        for aid in wanted:
            row = found.get(aid)
            if row is None:
                continue
            item = agenda_items.get(aid)
            entries.append(
                Entry(
                    row=row,
                    organisation=orgs.get(aid) or None,
                    why=_why(item) if item is not None else (_("new") if aid in new_ids else ""),
                    report=item.report_text if item is not None else None,
                    decision=decided.get(aid),
                )
            )
        self.post_message(self.Loaded(entries, ids, meeting_id, agenda_items))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        first = self.ids is None
        if first:
            self.first_items = event.items
        self.ids = event.ids
        self.entries = event.entries
        self.meeting_id = event.meeting_id
        table = self.query_one("#agenda", DataTable)
        self._fill(0 if first else table.cursor_row)
        self._title()
        self._show_selected()

    def _fill(self, keep: int | None = None) -> None:
        """Lay the table out for the screen's width and put the entries in it."""
        table = self.query_one("#agenda", DataTable)
        at = table.cursor_row if keep is None else keep
        table.clear(columns=True)
        columns = self._columns()
        for key, header, width in columns:
            table.add_column(header, width=width, key=key)
        nobody = _("(no organisation)")
        for entry in self.entries:
            row = entry.row
            cells = {
                "organisation": _cell(entry.organisation or nobody),
                "number": _cell(row.number or ""),
                "text": _cell(row.text),
                "owner": _cell(short_name(row.owner)),
                "due": _cell(fmt.day(row.due)),
                "why": _cell(entry.why, "bold red" if row.overdue else ""),
                "decision": _cell(entry.decision or "", "green"),
            }
            table.add_row(*(cells[key] for key, _h, _w in columns), key=str(row.id))
        if self.entries:
            table.move_cursor(row=max(0, min(at, len(self.entries) - 1)))

    def _title(self) -> None:
        done = sum(1 for e in self.entries if e.decision)
        self.query_one("#review-title", Static).update(
            Text(
                _("«Час контроля» {date}: {decided} of {total} decided").format(
                    date=fmt.day(self.tb.today), decided=done, total=len(self.entries)
                ),
                style="bold",
            )
        )

    def _selected(self) -> Entry | None:
        table = self.query_one("#agenda", DataTable)
        if not self.entries or table.cursor_row < 0 or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def _show_selected(self) -> None:
        entry = self._selected()
        panel = self.query_one("#review-item", Static)
        if entry is None:
            panel.update(
                Text(_("The agenda is empty: nothing overdue, at risk or awaiting acceptance."))
            )
            return
        row = entry.row
        lines = Text()
        lines.append(fmt.subject(row, 400) + "\n", style="bold")
        lines.append(_("Owner: {owner}").format(owner=row.owner))
        if entry.organisation:
            lines.append(f" ({entry.organisation})")
        lines.append("\n")
        if row.co_executors:
            lines.append(
                _("Co-executors: {names}").format(names=", ".join(row.co_executors)) + "\n"
            )
        deadline = _("Deadline: {due} (first: {original}); extensions: {n}").format(
            due=fmt.day(row.due), original=fmt.day(row.original_due), n=row.extensions
        )
        if days := fmt.days_left(row):
            deadline += f"; {days}"
        lines.append(deadline + "\n")
        if row.control_level:
            from taskboard.presentation import control_level_label

            label = control_level_label(row.control_level, self.tb.settings.control.levels)
            lines.append(_("Control level") + f": {label}\n")
        if row.extension_request is not None:
            asked = _("Extension requested to {date}").format(date=fmt.day(row.extension_request))
            lines.append(asked + "\n", style="bold yellow")
        if entry.report:
            lines.append(_("Report: {text}").format(text=fmt.line(entry.report, 300)) + "\n")
        if entry.decision:
            lines.append(_("Decided: {decision}").format(decision=entry.decision), style="green")
        panel.update(lines)

    @on(DataTable.RowHighlighted, "#agenda")
    def _highlighted(self) -> None:
        self._show_selected()

    def on_database_changed(self, message: DatabaseChanged) -> None:
        """Another writer (or this app) committed: read the rows and decisions again."""
        self.load()

    def action_decide(self, decision: str) -> None:
        """Record ``decision`` on the selected assignment."""
        from taskboard.tui.modals.decision_form import DecisionForm

        entry = self._selected()
        if entry is None:
            self.notify(_("Nothing selected."), markup=False)
            return
        if entry.row.status in ("done", "cancelled"):
            self.notify(
                _("{assignment} is no longer on control.").format(assignment=fmt.label(entry.row)),
                severity="warning",
                markup=False,
            )
            return
        self.app.push_screen(DecisionForm(Decision(decision), entry.row), self._decided)

    def action_new(self) -> None:
        """A new assignment of the review."""
        from taskboard.tui.modals.decision_form import DecisionForm

        self.app.push_screen(DecisionForm(Decision.NEW, None), self._decided)

    def _decided(self, decision: Decision | None) -> None:
        if decision is None:
            return
        table = self.query_one("#agenda", DataTable)
        if decision is not Decision.NEW and table.cursor_row + 1 < len(self.entries):
            table.move_cursor(row=table.cursor_row + 1)  # on to the next one

    @on(ChangeSaved)
    def _saved(self, event: ChangeSaved) -> None:
        self.load()

    def action_protocol(self) -> None:
        """Write today's protocol into the reports folder (HTML and text)."""
        if self.meeting_id is None:
            self.notify(
                _("No decision recorded yet: the protocol would be empty."),
                severity="warning",
                markup=False,
            )
            return
        self._print(self.meeting_id)

    @work(thread=True, exclusive=True, group="review-print")
    def _print(self, meeting_id: int) -> None:
        from taskboard import control_protocol
        from taskboard.config import reports_folder
        from taskboard.domain import control_hour, queries
        from taskboard.errors import TaskboardError
        from taskboard.files import write_atomically

        tb = self.tb
        try:
            with tb.database.read() as session:
                record = control_hour.review_record(queries.reader_of(session), meeting_id)
            folder = reports_folder(tb.settings)
            stem = f"chas-kontrolya-{record.held.isoformat()}"
            paths = []
            for suffix, data in (
                (".html", control_protocol.to_html(record)),
                (".txt", control_protocol.to_text(record)),
            ):
                paths.append(
                    write_atomically(
                        folder / f"{stem}{suffix}",
                        data.encode("utf-8"),
                        force=True,
                        kind="report",
                        access=tb.settings.file_access,
                    )
                )
        except (TaskboardError, OSError) as exc:
            self.post_message(self.Printed([], getattr(exc, "message", None) or str(exc)))
            return
        self.post_message(self.Printed(paths))

    @on(Printed)
    def _printed(self, event: Printed) -> None:
        if event.problem:
            self.notify(event.problem, severity="error", markup=False, timeout=10)
            return
        self.notify(
            _("Protocol written: {paths}").format(paths=", ".join(str(p) for p in event.paths)),
            markup=False,
            timeout=10,
        )

    def action_close(self) -> None:
        """Back to the register."""
        self.app.pop_screen()


def _cell(text: str, style: str = "") -> Text:
    """A table cell: user text on one line, cut with «…» where the column ends."""
    return Text(fmt.line(text), style=style, no_wrap=True, overflow="ellipsis")


def _todays_review(reader: Reader, today: date) -> int | None:
    from taskboard.domain.kinds import MeetingKind

    found = reader.rows(
        "SELECT id FROM meeting WHERE kind = :kind AND date = :day ORDER BY id DESC LIMIT 1",
        {"kind": MeetingKind.CONTROL_HOUR.value, "day": today},
    )
    return int(found[0][0]) if found else None


def _at_risk(reader: Reader, today: date, tb: TuiContext) -> list[int]:
    """The at-risk assignments' ids (the rule of :mod:`taskboard.domain.control`)."""
    from taskboard.domain.control import AtRiskRule, at_risk_ids

    return at_risk_ids(reader, today, AtRiskRule.of(tb.settings.control))


def _why(item: AgendaItem) -> str:
    from taskboard.presentation import days_short

    words = []
    for reason in item.reasons:
        if reason == "overdue":
            words.append(days_short(item.row.days_left, item.row.status))
        elif reason == "at_risk":
            words.append(_("at risk"))
        else:
            words.append(_("report waits {n} d").format(n=item.waiting_days or 0))
    return ", ".join(words)


__all__ = ["ReviewScreen", "review_bindings"]
