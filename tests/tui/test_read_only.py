"""A register on read-only media opens in the TUI, says so, and refuses changes in one line."""

from __future__ import annotations

from pathlib import Path

from taskboard.storage.database import Database, open_database
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import notifications, table


async def test_a_read_only_register_opens_says_read_only_and_refuses_a_change(  # type: ignore[no-untyped-def]
    register: Database, make_app
) -> None:
    path = register.sqlite_path
    assert path is not None
    register.dispose()
    read_only = open_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    app = make_app(read_only)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert table(app).rows, "the rows are shown"
            assert app.sub_title.endswith("(read-only)")
            assert any(n.startswith("The database is read-only") for n in notifications(app))
            row = table(app).current
            assert row is not None and row.status == "open"
            await pilot.press("s")  # start the selected assignment
            await settle(pilot)
            assert await wait_until(
                pilot,
                lambda: any(
                    n.startswith(f"The database {Path(path)} is read-only")
                    for n in notifications(app)
                ),
            )
            assert table(app).current.status == "open"
    finally:
        read_only.dispose()
