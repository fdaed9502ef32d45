"""The main screen and the forms at every terminal size: the breakpoints, and the figures they
promise (rows at 80×24, the text column's width, short owners, whole footer keys, buttons in
view), measured."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from textual.app import App
from textual.widget import Widget
from textual.widgets import Button, Input, TextArea

from taskboard.domain import services
from taskboard.domain.people import resolve_person
from taskboard.storage.database import Database
from taskboard.tui.commands import TaskboardCommands
from taskboard.tui.screens.help import help_table
from taskboard.tui.screens.main import MainScreen, main_bindings
from taskboard.tui.widgets import AssignmentTable, FittingFooter
from tests.tui.conftest import ACTOR, settle
from tests.tui.helpers import details, table

DATE = re.compile(r"\d{4}-\d\d-\d\d|\d\d\.\d\d\.\d{4}")


@pytest.fixture
def crowded(register: Database) -> Iterator[Database]:
    """The test register with twenty more assignments on control: more than a screenful."""
    with register.write() as session:
        owner = resolve_person(session, "Волосков")
        for n in range(20):
            services.add_assignment(
                session,
                text=f"Представить сведения о поставках направляющих для лифтов, этап {n + 1}",
                owner_id=owner.id,  # type: ignore[arg-type]
                due=date(2027, 1, 11 + n),
                actor=ACTOR,
            )
    yield register


def main_screen(app: App) -> MainScreen:
    """The main screen, whatever is on top of it."""
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def pane(app: App, selector: str) -> Widget:
    """A pane of the main screen by its id («#meetings», «#details»)."""
    return main_screen(app).query_one(selector)


def body_lines(t: AssignmentTable) -> list[str]:
    """The table's lines below the header as shown, blank ones left out."""
    lines = [t.render_line(y).text for y in range(1, t.size.height)]
    return [line for line in lines if line.strip()]


def text_width(t: AssignmentTable) -> int:
    """Cells of the text column."""
    return next(c.width for c in t.columns if c.key == "text")


@pytest.mark.parametrize(
    ("size", "classes"),
    [
        ((80, 24), {"-narrow", "-short"}),
        ((99, 29), {"-narrow", "-short"}),
        ((100, 30), {"-medium", "-tall"}),
        ((120, 30), {"-medium", "-tall"}),
        ((160, 45), {"-wide", "-tall"}),
        ((200, 60), {"-wide", "-tall"}),
    ],
)
async def test_every_screen_gets_one_width_and_one_height_class(register, make_app, size, classes):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        breakpoints = {"-narrow", "-medium", "-wide", "-short", "-tall"}
        assert set(app.screen.classes) & breakpoints == classes
        await pilot.press("n")
        await settle(pilot)
        assert set(app.screen.classes) & breakpoints == classes  # a form too


async def test_at_80x24_the_table_shows_at_least_twelve_rows_with_number_text_deadline_status(
    crowded, make_app, language
):
    app = make_app(crowded, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app)
        rows = body_lines(t)
        assert len(rows) >= 12
        assert len(rows) == t.size.height - 1  # every line of the table holds a row
        assert [c.key for c in t.columns] == ["number", "text", "owner", "due", "status"]
        assert all(DATE.search(line) for line in rows)
        assert not pane(app, "#meetings").display
        assert not pane(app, "#details").display


@pytest.mark.parametrize(("size", "at_least"), [((120, 30), 40), ((160, 45), 70), ((200, 60), 80)])
async def test_the_text_column_takes_the_spare_width(register, make_app, language, size, at_least):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        t = table(app)
        assert text_width(t) >= at_least
        longest = max((row for row in t.rows.values()), key=lambda row: len(row.text))
        index = next(i for i, row in t.rows.items() if row is longest)
        shown = t.render_line(index - int(t.scroll_y) + 1).text
        assert longest.text[: at_least - 1] in shown  # that much of the text, really shown


async def test_owners_are_written_short_when_narrow_and_in_full_when_wide(register, make_app):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        narrow = "\n".join(body_lines(table(app)))
        assert "Волосков С.А." in narrow and "Сандалов М." in narrow
        assert "Волосков Сергей" not in narrow
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        wide = "\n".join(body_lines(table(app)))
        assert "Волосков Сергей Александрович" in wide
        assert "Волосков С.А." not in wide


async def test_at_80x24_the_meetings_open_over_the_table_and_close_once_one_is_chosen(
    register, make_app
):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app)
        meetings = pane(app, "#meetings")
        columns = t.columns
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert meetings.display and app.focused is meetings
        assert meetings.region.overlaps(t.region)  # over the table, which keeps its width
        assert t.columns == columns
        await pilot.press("down", "enter")
        await settle(pilot)
        assert main_screen(app).filters.meeting_id is not None
        assert not meetings.display and app.focused is t
        count = main_screen(app).query_one("#table-count")
        assert str(count.render()) == f"{t.total} assignments"  # beside the cut title, in view
        assert app.screen.region.contains_region(count.region)
        await pilot.press("ctrl+b")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not meetings.display and app.focused is t


async def test_the_meetings_pane_hides_on_ctrl_b_when_wide(register, make_app):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        t = table(app)
        before = text_width(t)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert not pane(app, "#meetings").display
        assert text_width(t) > before  # the table takes the room
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert pane(app, "#meetings").display
        assert not main_screen(app).has_class("-meetings-shown", "-meetings-hidden")


async def test_when_short_enter_opens_the_details_below_the_table_and_closes_them(
    register, make_app
):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app)
        shown = pane(app, "#details")
        rows = t.size.height
        assert not shown.display
        await pilot.press("enter")
        await settle(pilot)
        assert shown.display and shown.region.y > t.region.y
        assert t.current is not None and t.current.text.split()[0] in details(app)
        assert t.size.height < rows
        await pilot.press("enter")
        await settle(pilot)
        assert not shown.display and t.size.height == rows


async def test_when_tall_the_details_stay_below_the_table_and_enter_hides_them(register, make_app):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        t = table(app)
        shown = pane(app, "#details")
        assert shown.display and shown.region.y >= t.region.bottom
        assert len(body_lines(t)) >= 7  # every row of the register's on-control list
        await pilot.press("enter")
        await settle(pilot)
        assert not shown.display


@pytest.mark.parametrize("size", [(80, 24), (120, 30), (200, 60)])
async def test_the_footer_shows_whole_keys_and_help_at_any_width(
    register, make_app, language, size
):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = main_screen(app).query_one(FittingFooter)
        keys = list(footer.query("FooterKey"))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        shown = [k for k in keys if k is not palette]
        assert [k.action for k in shown] == footer.shown  # type: ignore[attr-defined]
        for key in shown:
            assert footer.region.contains_region(key.region)
            assert key.region.right < palette.region.x  # whole, never under the palette key
        assert {"toggle_meetings", "toggle_details", "help"} <= set(footer.shown)
        everything = [b for b in main_bindings() if b.show]
        if size[0] < 200:
            assert len(footer.shown) < len(everything)
        helped = str(help_table().columns[1]._cells)
        offered = {action for _title, action, _key in TaskboardCommands(app.screen)._commands()}
        for binding in everything:
            assert binding.tooltip in helped and binding.action in offered


@pytest.mark.parametrize("key", ["n", "e", "x", "d", "c", "a", "f", "m", "r"])
async def test_every_form_fits_80x24_with_its_buttons_in_view(register, make_app, language, key):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        form = app.screen.query_one(".form")
        assert app.screen.region.contains_region(form.region)
        # Buttons shown only when needed («create this person») are out of the layout until then.
        buttons = [b for b in form.query(Button) if b.display]
        assert buttons
        for button in buttons:
            assert form.content_region.contains_region(button.region)  # not scrolled away
        # Fields shown only when needed (a deadline correction's reason) likewise.
        fields = [f for f in form.query(Input) if f.display]
        assert all(field.region.height == 1 for field in fields)  # one line each when short


async def test_at_80x24_the_edit_form_asking_a_correction_reason_keeps_its_buttons_in_view(
    register, make_app, language
):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#due", Input).value = "15.12.2026"
        await settle(pilot)
        form = app.screen.query_one(".form")
        reason = form.query_one("#reason", Input)
        assert reason.display and reason.region.height == 1
        assert app.screen.region.contains_region(form.region)
        for button in [b for b in form.query(Button) if b.display]:
            assert form.content_region.contains_region(button.region)


async def test_at_80x24_a_refused_form_shows_why_under_its_buttons(register, make_app):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#text", TextArea).text = "Подготовить справку"
        app.screen.query_one("#owner", Input).value = "Сандалов Михаил"
        app.screen.query_one("#due", Input).value = "тридцатого февраля"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen.query_one(".form")
        refusal = app.screen.query_one("#form-error")
        assert "Not saved" in str(refusal.render())
        assert form.content_region.contains_region(refusal.region)
        assert refusal.region.y > form.query_one("#save").region.y


async def test_at_80x24_the_hint_under_the_field_being_typed_in_scrolls_into_view(
    register, make_app, language
):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        due = app.screen.query_one("#due", Input)
        due.focus()
        await settle(pilot)
        due.value = "31.12.2026"  # a holiday: the hint says the deadline moves, and why
        await settle(pilot)
        form = app.screen.query_one(".form")
        hint = app.screen.query_one("#due-hint")
        assert "30.12.2026" in hint.message or "2026-12-30" in hint.message
        buttons = form.query_one(".buttons")
        assert form.scrollable_content_region.contains_region(hint.region)
        assert not hint.region.overlaps(buttons.region), "not hidden under the buttons"


@pytest.mark.parametrize("size", [(80, 24), (120, 30)], ids=["80x24", "120x30"])
async def test_tab_walks_every_field_in_view_and_reaches_the_buttons_last(register, make_app, size):
    app = make_app(register, poll_seconds=60)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen.query_one(".form")
        buttons = form.query_one(".buttons")
        seen: list[str] = []
        for _ in range(14):
            focused = app.focused
            assert focused is not None
            seen.append(focused.id or type(focused).__name__)
            if isinstance(focused, Button):
                break
            # Shown above the docked buttons, never typed into under them.
            assert focused.region.bottom <= buttons.region.y, f"{focused.id} hidden"
            assert form.content_region.contains_region(focused.region), f"{focused.id} out"
            await pilot.press("tab")
            await settle(pilot)
        assert seen[-1] == "save"
        assert {"owner", "co", "due", "tags", "priority"} <= set(seen), seen
