"""Export the staff guide's screenshots (SVG, by Textual) from the example data.

    .venv/bin/python -m tests.tui.make_screenshots docs/img

Runs the app headless at 160×48 in Russian with a fixed today (2026-11-24) and fixed
timestamps, so the pictures change only when the UI does.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

SIZE = (160, 48)


async def _shoot(target: Path) -> None:
    from textual.widgets import Input, TextArea

    from taskboard import i18n
    from taskboard.config import Settings
    from taskboard.demo import load_demo
    from taskboard.storage.database import open_database
    from taskboard.tui.app import TaskboardApp
    from tests.tui.conftest import settle

    i18n.set_language("ru")
    with tempfile.TemporaryDirectory() as tmp:
        database = open_database(Path(tmp) / "demo.db")
        with database.write() as session:
            load_demo(session, actor="Иванова Е.П.")
        app = TaskboardApp(
            database=database, settings=Settings(actor="Иванова Е.П."), poll_seconds=60
        )
        async with app.run_test(size=SIZE) as pilot:

            async def save(name: str) -> None:
                await settle(pilot)
                for field in app.screen.query(Input):
                    field.cursor_blink = False
                for area in app.screen.query(TextArea):
                    area.cursor_blink = False
                await settle(pilot)
                app.save_screenshot(filename=f"tui-{name}.svg", path=str(target))

            def fill(widget_id: str, value: str) -> None:
                field = app.screen.query_one(f"#{widget_id}")
                if isinstance(field, TextArea):
                    field.text = value
                else:
                    app.screen.query_one(f"#{widget_id}", Input).value = value

            async def discard() -> None:
                await pilot.press("escape")  # a form with changes asks: discard them
                await settle(pilot)
                await pilot.press("right", "enter")
                await settle(pilot)

            await save("main")
            await pilot.press("n")
            await settle(pilot)
            fill("text", "Согласовать график поставок направляющих для лифтов")
            fill("owner", "волосков")
            fill("co", "сандалов")
            fill("due", "в июне")
            await save("new-assignment")
            fill("due", "тридцатого февраля")
            await pilot.press("ctrl+s")
            await save("form-error")
            await discard()
            await pilot.press("x")
            await settle(pilot)
            fill("due", "через 2 недели")
            fill("reason", "Ждём ответа Могилёвского лифтостроительного завода")
            await save("extend")
            await discard()
            await pilot.press("m")
            await settle(pilot)
            fill("title", "Совещание по лифтовому производству")
            fill("date", "20.11.2026")
            fill("chair", "Соколов")
            await save("new-meeting")
            await discard()
            await pilot.press("slash")
            for key in "савушкин":
                await pilot.press(key)
            await save("search")
            await pilot.press("escape")
            app.screen.query_one("#search", Input).value = ""
            await pilot.press("g")
            await save("dashboard")
            await pilot.press("escape")
            await pilot.press("l")
            await settle(pilot)
            await pilot.press("up", "left", "enter")
            await save("calendar")
            await pilot.press("escape")
            await pilot.press("question_mark")
            await save("help")
        database.dispose()


def main() -> None:
    """Write the screenshots into the folder given (default docs/img)."""
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/img")
    target.mkdir(parents=True, exist_ok=True)
    os.environ["TASKBOARD_TODAY"] = "2026-11-24"
    os.environ["TZ"] = "UTC"
    time.tzset()
    from taskboard.domain import clock

    clock.now = lambda: datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # type: ignore[assignment]
    asyncio.run(_shoot(target))
    print(f"screenshots written to {target}")


if __name__ == "__main__":
    main()
