"""The main screen: table, meetings, details, search, filters, user text shown as typed."""

from __future__ import annotations

from textual.widgets import Input, Static

from taskboard.tui.widgets import MeetingList
from tests.tui.conftest import MARKUP_TITLE, settle, wait_until
from tests.tui.helpers import details, table, texts


async def test_main_screen_shows_active_assignments_meetings_and_details(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        t = table(app)
        assert t.loaded and t.total > 0
        assert {row.status for row in t.rows.values()} == {
            "open",
            "in_progress",
            "review",
            "rework",
        }
        meetings = app.screen.query_one("#meetings", MeetingList)
        assert len(meetings.meetings) == 2
        assert meetings.option_count == 3  # "all assignments" + two meetings
        first = t.current
        assert first is not None
        assert first.text.split()[0] in details(app)
        assert "History" in details(app)


async def test_markup_in_user_text_is_shown_as_typed_and_never_acted_on(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        t = table(app)
        index = next(i for i, row in t.rows.items() if row.text == MARKUP_TITLE)
        t.move_to(index)
        await settle(pilot)
        line = "".join(segment.text for segment in t.render_line(index - int(t.scroll_y) + 1))
        assert "[red]x[/red] [@click=app.quit]q[/]" in line
        assert MARKUP_TITLE in details(app)
        await pilot.click("#table", offset=(20, index - int(t.scroll_y) + 2))
        await settle(pilot)
        assert app.is_running  # clicking the text ran no action


async def test_search_as_you_type_is_case_insensitive_for_cyrillic_and_yo(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        for key in "САВУШКИН":
            await pilot.press(key)
        await settle(pilot)
        shown = texts(app)
        assert shown and all("савушкин" in text.lower() for text in shown)
        app.screen.query_one("#search", Input).value = "молодёжь"
        await settle(pilot)
        with_yo = texts(app)
        app.screen.query_one("#search", Input).value = "молодежь"
        await settle(pilot)
        assert texts(app) == with_yo
        await pilot.press("escape")
        assert app.focused is table(app)


async def test_down_arrow_leaves_the_search_for_the_results_and_keys_act_on_them(
    register, make_app
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        for key in "лифт":
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("down")
        assert app.focused is table(app)
        assert app.screen.query_one("#search", Input).value == "лифт"
        await pilot.press("d")  # a key for the selected row, not a letter in the search
        await settle(pilot)
        assert app.screen.is_modal  # the "mark done" dialog
        assert app.screen_stack[-2].query_one("#search", Input).value == "лифт"


async def test_o_toggles_overdue_only(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        before = table(app).total
        await pilot.press("o")
        await settle(pilot)
        rows = list(table(app).rows.values())
        assert rows and all(row.overdue for row in rows)
        assert table(app).total < before
        await pilot.press("o")
        await settle(pilot)
        assert table(app).total == before


async def test_choosing_a_meeting_filters_the_table(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        meetings = app.screen.query_one("#meetings", MeetingList)
        chosen = meetings.meetings[0]
        meetings.focus()
        await pilot.press("down")
        await settle(pilot)
        rows = list(table(app).rows.values())
        assert rows and all(row.meeting_id == chosen.id for row in rows)
        title = str(app.screen.query_one("#table-title", Static).content)
        assert chosen.title[:20] in title
        app.data_changed()  # a live refresh rebuilds the list: the choice must survive it
        await settle(pilot)
        await settle(pilot)
        assert app.screen.filters.meeting_id == chosen.id
        assert all(row.meeting_id == chosen.id for row in table(app).rows.values())


async def test_f_filter_dialog_sets_status_and_owner(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        from textual.widgets import Select

        app.screen.query_one("#status", Select).value = "all"
        app.screen.query_one("#owner", Input).value = "сандалов"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        rows = list(table(app).rows.values())
        assert rows and all(row.owner.startswith("Сандалов") for row in rows)
        assert {row.status for row in rows} - {"open", "in_progress"}  # closed ones too


async def test_f_filter_refuses_an_unknown_owner(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#owner", Input).value = "Никтоникто"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        from taskboard.tui.modals import FilterForm

        assert isinstance(app.screen, FilterForm)


async def test_keys_needing_a_selection_warn_on_an_empty_register(empty_register, make_app):
    app = make_app(empty_register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for key in "esdxca":
            await pilot.press(key)
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        assert table(app).total == 0


async def test_q_quits(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, 2)
    assert app.return_code == 0
