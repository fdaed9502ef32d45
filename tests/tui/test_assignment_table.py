"""The assignments table on its own: one query at a time, failures reported as messages."""

from __future__ import annotations

import threading

from textual import on
from textual.app import App, ComposeResult

from taskboard.errors import StorageError
from taskboard.tui.widgets import AssignmentTable
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
