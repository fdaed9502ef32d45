"""Export a report: format, period, file; built and written in a worker."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select

from taskboard import reports
from taskboard.domain import dates
from taskboard.errors import FileExists, InvalidInput
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormModal, Hint
from taskboard.tui.modals.title import FormTitle


class ExportForm(FormModal[Path | None]):
    """Write a managers' report; dismissed with the file's path once written."""

    def __init__(self, *, formats: tuple[str, ...], meeting_id: int | None) -> None:
        super().__init__()
        self.formats = formats
        self.meeting_id = meeting_id
        self._auto_name = True

    def _default_path(self, fmt_: str) -> str:
        return str(Path.cwd() / f"taskboard-report-{self.tb.today.isoformat()}.{fmt_}")

    def compose(self) -> ComposeResult:
        first = self.formats[0]
        with VerticalScroll(classes="form"):
            yield FormTitle(_("Export a report"))
            yield Label(_("Format"))
            yield Select(
                [(f, f) for f in self.formats], value=first, allow_blank=False, id="format"
            )
            yield Label(_("From (empty: from the beginning)"))
            yield Input(id="from")
            yield Hint(id="from-hint")
            yield Label(_("To (empty: up to today)"))
            yield Input(id="to")
            yield Hint(id="to-hint")
            yield Checkbox(
                _("Only the selected meeting"),
                False,
                id="only-meeting",
                disabled=self.meeting_id is None,
            )
            yield Label(_("File"))
            yield Input(self._default_path(first), id="path")
            yield Checkbox(_("Overwrite an existing file"), False, id="force")
            yield Label("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(_("Export (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#format", Select).focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if self._auto_name:
            path = self.query_one("#path", Input)
            path.value = self._default_path(str(event.value))
            self._auto_name = True

    @on(Input.Changed, "#path")
    def _path_typed(self, event: Input.Changed) -> None:
        self._auto_name = event.value == self._default_path(
            str(self.query_one("#format", Select).value)
        )

    @on(Input.Changed, "#from")
    def _from_changed(self, event: Input.Changed) -> None:
        self._check("from")

    @on(Input.Changed, "#to")
    def _to_changed(self, event: Input.Changed) -> None:
        self._check("to")

    def _check(self, field: str) -> None:
        if self.value(field).strip():
            self.date_hint(self.value(field), self.hint(f"{field}-hint"), shift=False)
        else:
            self.hint(f"{field}-hint").clear()

    def save(self) -> None:
        """Refuse bad dates or an empty file name; otherwise build and write in a worker."""
        self._check("from")
        self._check("to")
        if self.refuse_invalid(_("Not exported: {problem}")):
            return
        target = self.value("path").strip()
        if not target:
            self.refuse(_("Not exported: give a file name."), "path")
            return
        fmt_ = str(self.query_one("#format", Select).value)
        force = self.query_one("#force", Checkbox).value
        only = self.query_one("#only-meeting", Checkbox).value
        texts = (self.value("from"), self.value("to"))
        app = self.tb
        meeting_id = self.meeting_id if only else None

        def job() -> Path:
            date_from, date_to = (
                dates.parse_date(t, today=app.today, shift=False) if t.strip() else None
                for t in texts
            )
            params = reports.ReportParams(
                date_from=date_from, date_to=date_to, meeting_id=meeting_id
            )
            with app.database.read() as session:
                report = reports.build_report(session, params, today=app.today)
            try:
                written = reports.write_report(report, fmt_, Path(target).expanduser(), force=force)
            except FileExists as exc:  # its message names --force: here it is a checkbox
                raise InvalidInput(
                    _("{path} already exists; choose another name or tick «{option}».").format(
                        path=exc.path, option=_("Overwrite an existing file")
                    )
                ) from None
            return Path(written)

        self.write(
            job, notice=lambda path: _("Report written to {path}").format(path=path), commits=False
        )


__all__ = ["ExportForm"]
