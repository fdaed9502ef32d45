"""The assignments table on its own: one query at a time, failures reported as messages,
columns fitted to its width."""

from __future__ import annotations

import threading

import pytest
from textual import on
from textual.app import App, ComposeResult

from taskboard import i18n
from taskboard.errors import StorageError
from taskboard.tui.widgets import AssignmentTable
from taskboard.tui.widgets.assignment_table import OWNER_FULL, TEXT_WANTED, fit_columns
from tests.tui.conftest import settle


class Source:
    """A RowSource with no rows whose queries wait for ``gate`` (or fail with ``error``)."""

    def __init__(self, gate: threading.Event, error: Exception | None = None) -> None:
        self.gate = gate
        self.error = error
        self.pages = 0

    def page(self, offset: int, limit: int) -> list:
        self.pages += 1
        self.gate.wait(5)
        if self.error is not None:
            raise self.error
        return []

    def count(self) -> int:
        return 0


class TableApp(App[None]):
    """Nothing but the table, recording what it reports."""

    def __init__(self) -> None:
        super().__init__()
        self.failures: list[str] = []
        self.loaded: list[int] = []

    def compose(self) -> ComposeResult:
        yield AssignmentTable(id="table")

    @on(AssignmentTable.Loaded)
    def _loaded(self, event: AssignmentTable.Loaded) -> None:
        self.loaded.append(event.generation)

    @on(AssignmentTable.LoadFailed)
    def _failed(self, event: AssignmentTable.LoadFailed) -> None:
        self.failures.append(event.reason)


async def test_loads_asked_for_while_one_runs_merge_into_one_with_the_latest_source():
    gate = threading.Event()
    first, second, third = Source(gate), Source(gate), Source(gate)
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(AssignmentTable)
        table.load(first)
        table.load(second)  # typed while the first query runs
        table.load(third)
        gate.set()
        await settle(pilot)
        assert (first.pages, second.pages, third.pages) == (1, 0, 1)
        assert table.source is third
        assert app.loaded == [1, 2]


async def test_a_failed_load_is_reported_and_the_next_one_runs():
    gate = threading.Event()
    gate.set()
    broken = Source(gate, StorageError("The database is locked by another program"))
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(AssignmentTable)
        table.load(broken)
        await settle(pilot)
        assert app.failures == ["The database is locked by another program"]
        assert not table.loaded
        fine = Source(gate)
        table.load(fine)
        await settle(pilot)
        assert table.loaded and table.source is fine


def _widths(width: int) -> dict[str, int]:
    return {c.key: c.width for c in fit_columns(width)}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("width", [60, 78, 88, 118, 122, 156, 196])
def test_the_columns_fill_the_table_exactly_and_the_text_takes_the_rest(lang, width):
    i18n.set_language(lang)
    shown = fit_columns(width)
    assert sum(c.width + 1 for c in shown) == width  # one space after each column
    assert {"number", "text", "due", "status"} <= {c.key for c in shown}
    text = _widths(width)["text"]
    assert all(text >= c.width for c in shown)


def test_narrow_tables_write_owners_short_and_leave_out_the_days_first():
    i18n.set_language("ru")
    narrow = {c.key: c for c in fit_columns(78)}
    assert narrow["owner"].short and "left" not in narrow
    assert narrow["text"].width >= 25
    wide = {c.key: c for c in fit_columns(196)}
    assert not wide["owner"].short and "left" in wide
    assert wide["text"].width >= TEXT_WANTED


def test_the_days_and_full_names_come_only_when_the_text_keeps_its_width():
    i18n.set_language("ru")
    for width in range(60, 240):
        shown = _widths(width)
        if "left" in shown or shown.get("owner") == OWNER_FULL:
            assert shown["text"] >= TEXT_WANTED, width


def test_the_owner_goes_only_when_short_names_would_leave_too_little_text():
    i18n.set_language("ru")
    assert "owner" not in _widths(50)
    assert _widths(50)["text"] >= 16
    assert "owner" in _widths(70)
