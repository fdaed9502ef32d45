"""Export a report: format, period, file; built and written in a worker.

The file goes into the folder the caller gives (the main screen: the reports folder of
:func:`taskboard.config.reports_folder`), not the working directory, which for a TUI started
from a menu or a desktop is anyone's guess. The hint under the file field shows the full path
the report will be written to; a bare file name goes into that folder, which is created if it
does not exist yet.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select

from taskboard import reports
from taskboard.domain import dates
from taskboard.domain.queries import reader_of
from taskboard.errors import FileExists, InvalidInput
from taskboard.tui.i18n import _
from taskboard.tui.modals.base import FormButtons, FormModal, Hint
from taskboard.tui.modals.title import FormTitle


class ExportForm(FormModal[Path | None]):
    """Write a managers' report; dismissed with the file's full path once written."""

    def __init__(self, *, formats: tuple[str, ...], meeting_id: int | None, folder: Path) -> None:
        super().__init__()
        self.formats = formats
        self.meeting_id = meeting_id
        self.folder = folder
        """Where the report goes unless another folder is typed (an absolute path)."""
        self._auto_name = True

    def _default_path(self, fmt_: str) -> str:
        return str(self.folder / f"taskboard-report-{self.tb.today.isoformat()}.{fmt_}")

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
            yield Hint(id="path-hint")
            yield Checkbox(_("Overwrite an existing file"), False, id="force")
            yield Label("", id="form-error", classes="error")
            with FormButtons(classes="buttons"):
                yield Button(_("Export (Ctrl+S)"), variant="primary", id="save")
                yield Button(_("Cancel (Esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#format", Select).focus()
        self._check_path()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        if self._auto_name:
            path = self.query_one("#path", Input)
            path.value = self._default_path(str(event.value))
            self._auto_name = True

    @on(Input.Changed, "#path")
    def _path_typed(self, event: Input.Changed) -> None:
        chosen = self.query_one("#format", Select)
        self._auto_name = event.value == self._default_path(str(chosen.value))
        # A name ending in .html asks for HTML: an XLSX written under it would not open.
        named = reports.guess_format(event.value.strip())
        if named in self.formats and named != chosen.value:
            chosen.value = named
        self._check_path()

    @on(Checkbox.Changed, "#force")
    def _force_changed(self) -> None:
        self._check_path()

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

    def target(self) -> Path | None:
        """The full path of the file to write (None: no name given); ``~`` is expanded and a
        relative name is taken inside the reports folder."""
        typed = self.value("path").strip()
        if not typed:
            return None
        path = Path(typed).expanduser()
        return path if path.is_absolute() else self.folder / path

    def _check_path(self) -> None:
        """Show where the report will go, or why it cannot (an existing file, no folder)."""
        hint = self.hint("path-hint")
        target = self.target()
        if target is None:
            hint.clear()
            return
        shown = f"→ {target}"
        if target.is_dir():
            hint.fail(_("{path} is a folder; give a file name.").format(path=target))
        elif target.exists() and not self.query_one("#force", Checkbox).value:
            hint.fail(
                _("{path} already exists: tick «Overwrite an existing file» to replace it.").format(
                    path=target
                )
            )
        elif target.parent.is_dir():
            hint.ok(shown)
        elif target.parent == self.folder:
            hint.ok(f"{shown}  " + _("(the folder will be created)"))
        else:
            hint.fail(_("The folder {folder} does not exist.").format(folder=target.parent))

    def save(self) -> None:
        """Refuse bad dates, an empty file name or an existing file (unless «Overwrite» is
        ticked); otherwise build and write in a worker."""
        self._check("from")
        self._check("to")
        self._check_path()
        if self.refuse_invalid(_("Not exported: {problem}")):
            return
        target = self.target()
        if target is None:
            self.refuse(_("Not exported: give a file name."), "path")
            return
        fmt_ = str(self.query_one("#format", Select).value)
        force = self.query_one("#force", Checkbox).value
        only = self.query_one("#only-meeting", Checkbox).value
        texts = (self.value("from"), self.value("to"))
        app = self.tb
        meeting_id = self.meeting_id if only else None
        folder = self.folder

        def job() -> Path:
            date_from, date_to = (
                dates.parse_date(t, today=app.today, shift=False) if t.strip() else None
                for t in texts
            )
            params = reports.ReportParams(
                date_from=date_from, date_to=date_to, meeting_id=meeting_id
            )
            with app.database.read() as session:
                report = reports.build_report(
                    reader_of(session),
                    params,
                    today=app.today,
                    control_levels=app.settings.control.levels or None,
                )
            if target.parent == folder:
                folder.mkdir(parents=True, exist_ok=True)
            try:
                written = reports.write_report(
                    report, fmt_, target, force=force, access=app.settings.file_access
                )
            except FileExists as exc:  # its message names --force: here it is a checkbox
                raise InvalidInput(
                    _(
                        "{path} already exists: tick «Overwrite an existing file» to replace it."
                    ).format(path=exc.path)
                ) from None
            return Path(written).absolute()

        self.write(
            job, notice=lambda path: _("Report written to {path}").format(path=path), commits=False
        )


__all__ = ["ExportForm"]
