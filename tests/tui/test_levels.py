"""Control levels and the at-risk warning in the TUI: the form's level, the filter dialog's
level and «at risk only», the table's mark, the details pane and the dashboard's count."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from taskboard import i18n
from taskboard.domain.control import AtRiskRule, at_risk_ids
from taskboard.domain.queries import AssignmentFilter, list_assignments, reader_of
from taskboard.tui import format as fmt
from taskboard.tui.modals import AssignmentForm, FilterForm
from taskboard.tui.screens import DashboardScreen
from taskboard.tui.widgets.assignment_table import AT_RISK_MARK, LEVEL_TEXT, fit_columns
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import details, table

TODAY = date(2026, 11, 24)


def quiet_for_a_month(database) -> list[int]:  # type: ignore[no-untyped-def]
    """Every record of the register made a month ago; the ids now at risk."""
    month_ago = datetime(2026, 10, 24, 9, 0, tzinfo=UTC)
    with database.write() as session:
        for name in ("assignment", "note", "report", "extension"):
            session.connection().execute(
                text(f"UPDATE {name} SET created_at = :at"), {"at": month_ago}
            )
    with database.read() as session:
        found = at_risk_ids(reader_of(session), TODAY, AtRiskRule())
    assert found, "the example register has assignments due within 10 working days"
    return found


async def test_the_table_marks_at_risk_rows_and_the_filter_keeps_only_them(register, make_app):
    risky = quiet_for_a_month(register)
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        t = table(app)
        # The status cell starts with the mark (a long status is cut short after it).
        marked = {
            row.id
            for index, row in t.rows.items()
            if AT_RISK_MARK + fmt.status(row.status)[:5]
            in t.render_line(index - int(t.scroll_y) + 1).text
        }
        assert marked == set(risky)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterForm)
        app.screen.query_one("#at-risk", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_until(pilot, lambda: table(app).total == len(risky))
        assert sorted(row.id for row in table(app).rows.values()) == sorted(risky)
        title = str(app.screen.query_one("#table-title", Static).content)
        assert "at risk only" in title
        await settle(pilot)
        assert "At risk: no note or report for a while" in details(app)


async def test_the_dashboard_counts_the_assignments_at_risk(register, make_app):
    risky = quiet_for_a_month(register)
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await settle(pilot)
        counts = str(app.screen.query_one("#counts", Static).content)
        line = next(line for line in counts.splitlines() if "at risk of delay" in line)
        assert line.split()[-1] == str(len(risky))


async def test_the_form_records_a_level_the_filter_selects_and_details_show(register, make_app):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm)
        app.screen.query_one("#text", TextArea).text = "Доложить Губернатору о поставках"
        app.screen.query_one("#owner", Input).value = "волосков"
        app.screen.query_one("#due", Input).value = "15.12.2026"
        levels = app.screen.query_one("#level", Select)
        assert levels.value is Select.NULL  # no level unless one is chosen
        levels.value = "governor"
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, AssignmentForm))
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#level", Select).value = "governor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The example's three on the Governor's own control, and the new one.
        assert await wait_until(pilot, lambda: table(app).total == 4)
        shown = list(table(app).rows.values())
        assert {row.control_level for row in shown} == {"governor"}
        [row] = [r for r in shown if r.text == "Доложить Губернатору о поставках"]
        for _ in range(len(shown)):  # on to the new one
            if table(app).current.id == row.id:
                break
            await pilot.press("down")
            await settle(pilot)
        title = str(app.screen.query_one("#table-title", Static).content)
        assert "on control: the Governor" in title
        await settle(pilot)
        assert "Control level: the Governor" in details(app)
        # Editing it, the form shows the level; choosing none clears it.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm)
        levels = app.screen.query_one("#level", Select)
        assert levels.value == "governor"
        levels.clear()
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, AssignmentForm))
        await settle(pilot)
    with register.read() as session:
        [saved] = list_assignments(
            session, AssignmentFilter(search="Доложить Губернатору"), today=TODAY
        )
        assert saved.control_level is None


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_level_column_comes_only_when_the_text_keeps_a_wide_column(lang):
    i18n.set_language(lang)
    # 78: the main table at 80x24; 162 and 198: the main table and the calendar's day list at
    # 200x60, whose layout stays as it was.
    for width in (78, 92, 122, 162, 198):
        assert "level" not in {c.key for c in fit_columns(width)}, width
    for width in range(60, 320):
        shown = {c.key: c.width for c in fit_columns(width)}
        assert sum(w + 1 for w in shown.values()) == width
        if "level" in shown:
            assert shown["text"] >= LEVEL_TEXT, width
    assert "level" in {c.key for c in fit_columns(262)}  # the main table at 300 columns


async def test_the_review_screen_puts_the_assignments_at_risk_on_its_agenda(register, tmp_path):
    from textual.widgets import DataTable

    from taskboard.config import Settings
    from taskboard.tui.app import TaskboardApp
    from taskboard.tui.screens.control_hour import ReviewScreen
    from tests.tui.conftest import ACTOR

    risky = quiet_for_a_month(register)
    app = TaskboardApp(
        database=register,
        settings=Settings(actor=ACTOR, reports_dir=str(tmp_path)),
        poll_seconds=60,
        review=(None, None),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert set(risky) <= set(app.screen.ids or [])
        agenda = app.screen.query_one("#agenda", DataTable)
        shown = " ".join(
            str(cell) for row in range(agenda.row_count) for cell in agenda.get_row_at(row)
        )
        assert shown.count("at risk") == len(risky)
