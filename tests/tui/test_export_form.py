"""The report dialog (key r): the reports folder by default, the full path shown and reported.

Every test has its own HOME (documents folder) and data folder, so the default location is
the one a user would get; the files written are opened back with a real reader.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from textual.widgets import Checkbox, Input, Select

from taskboard.config import Settings
from taskboard.storage.database import Database
from taskboard.tui.modals import ExportForm
from tests.tui.conftest import ACTOR, settle
from tests.tui.helpers import notifications

NAME = "taskboard-report-2026-11-24"
"""The default file name on the tests' today (TASKBOARD_TODAY)."""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A HOME of its own, without a documents folder yet, and a data folder inside it."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.delenv("TASKBOARD_REPORTS_DIR", raising=False)
    return folder


def _app(register: Database, **settings: str):  # type: ignore[no-untyped-def]
    from taskboard.tui.app import TaskboardApp

    return TaskboardApp(
        database=register, settings=Settings(actor=ACTOR, **settings), poll_seconds=60
    )


async def _open(pilot) -> ExportForm:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ExportForm)
    return form


def _path(form: ExportForm) -> str:
    return form.query_one("#path", Input).value


async def test_a_report_goes_into_the_documents_folder_and_the_message_gives_its_full_path(
    register: Database, home: Path
) -> None:
    documents = home / "Documents"
    documents.mkdir()
    app = _app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _open(pilot)
        expected = documents / f"{NAME}.xlsx"
        assert _path(form) == str(expected)  # the full path, before anything is saved
        assert form.hint("path-hint").message == f"→ {expected}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExportForm)
        assert f"Report written to {expected}" in notifications(app)
    book = openpyxl.load_workbook(expected, read_only=True)
    # A real report: the summary, the ranking of organisations, the example's control levels
    # and the four lists.
    assert len(book.sheetnames) == 7 and "By control level" in book.sheetnames


async def test_without_a_documents_folder_the_report_goes_into_the_data_folder(
    register: Database, home: Path
) -> None:
    data = home / ".local" / "share" / "taskboard"  # where `taskboard init` puts the database
    app = _app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _open(pilot)
        form.query_one("#format", Select).value = "csv"
        await settle(pilot)
        expected = data / f"{NAME}.csv"
        assert _path(form) == str(expected)
        assert form.hint("path-hint").message == f"→ {expected}  (the folder will be created)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Report written to {expected}" in notifications(app)
    rows = list(csv.reader(io.StringIO(expected.read_text(encoding="utf-8"))))
    assert rows[0] == ["Execution discipline report"]


async def test_reports_dir_in_the_config_is_the_folder_and_a_bare_name_goes_into_it(
    register: Database, home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "Отчёты"
    folder.mkdir()
    (home / "Documents").mkdir()  # the config wins over the documents folder
    app = _app(register, reports_dir=str(folder))
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _open(pilot)
        form.query_one("#format", Select).value = "html"
        await settle(pilot)
        assert _path(form) == str(folder / f"{NAME}.html")
        form.query_one("#path", Input).value = "для руководителя.html"
        await settle(pilot)
        expected = folder / "для руководителя.html"
        assert form.hint("path-hint").message == f"→ {expected}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Report written to {expected}" in notifications(app)
    assert "<table" in expected.read_text(encoding="utf-8")


async def test_an_existing_file_is_refused_until_overwrite_is_ticked(
    register: Database, home: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.md"
    target.write_text("старый отчёт\n", encoding="utf-8")
    app = _app(register, reports_dir=str(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _open(pilot)
        form.query_one("#path", Input).value = str(target)
        await settle(pilot)
        assert form.query_one("#format", Select).value == "md"  # the name asks for Markdown
        assert "already exists" in form.hint("path-hint").message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused, everything typed still there
        assert target.read_text(encoding="utf-8") == "старый отчёт\n"
        form.query_one("#force", Checkbox).value = True
        await settle(pilot)
        assert form.hint("path-hint").message == f"→ {target}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert target.read_text(encoding="utf-8").startswith("# ")


async def test_a_folder_that_does_not_exist_is_refused_unless_it_is_the_reports_folder(
    register: Database, home: Path, tmp_path: Path
) -> None:
    app = _app(register, reports_dir=str(tmp_path / "new"))
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _open(pilot)
        form.query_one("#path", Input).value = str(tmp_path / "nowhere" / "report.md")
        await settle(pilot)
        assert form.hint("path-hint").message.startswith("The folder ")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert not (tmp_path / "nowhere").exists()


@pytest.mark.usefixtures("umask_022")
async def test_the_report_dialog_writes_a_file_only_its_owner_can_read(
    register: Database, home: Path, tmp_path: Path
) -> None:
    app = _app(register, reports_dir=str(tmp_path))
    async with app.run_test(size=(160, 48)) as pilot:
        form = await _open(pilot)
        for fmt in ("xlsx", "csv"):
            form.query_one("#format", Select).value = fmt
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, ExportForm)
            if fmt == "xlsx":
                form = await _open(pilot)
    for fmt in ("xlsx", "csv"):
        assert (tmp_path / f"{NAME}.{fmt}").stat().st_mode & 0o777 == 0o600, fmt
    assert not list(tmp_path.glob(".taskboard-*"))
