"""Snapshots (pytest-textual-snapshot) of every screen and modal, in English and Russian, at a
fixed terminal size (the main screen and a form also at 80×24, 120×30, 200×60), with a fixed
today (TASKBOARD_TODAY), fixed timestamps and no cursor blink."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.tui.conftest import settle

SIZE = (160, 48)


async def _still(pilot: Pilot) -> None:
    await settle(pilot)
    for field in [*pilot.app.screen.query(Input), *pilot.app.screen.query(TextArea)]:
        field.cursor_blink = False
    await settle(pilot)
    # A blink that toggled while the machine was busy must not decide the picture: the cursor
    # is drawn exactly where the focus is (Textual's own snapshot tests pin it the same way).
    for field in [*pilot.app.screen.query(Input), *pilot.app.screen.query(TextArea)]:
        field._cursor_visible = field.has_focus
        field.refresh()
    await settle(pilot)


def _fill(pilot: Pilot, **values: str) -> None:
    for widget_id, value in values.items():
        field = pilot.app.screen.query_one(f"#{widget_id}")
        if isinstance(field, TextArea):
            field.text = value
        else:
            pilot.app.screen.query_one(f"#{widget_id}", Input).value = value


def _opened(key: str, **values: str):
    """A ``run_before`` that presses ``key`` on the main screen and fills the fields given."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        _fill(pilot, **values)
        await _still(pilot)

    return run_before


def _pressed(*keys: str):
    """A ``run_before`` that presses ``keys`` on the main screen, one at a time."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await _still(pilot)

    return run_before


async def _bad_date_refused(pilot: Pilot) -> None:
    """Open the new assignment form, type an impossible deadline, try to save."""
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    _fill(pilot, text="Подготовить справку", owner="Сандалов Михаил", due="тридцатого февраля")
    await settle(pilot)
    await pilot.press("ctrl+s")
    await _still(pilot)


def test_snapshot_main_screen(register, make_app, language, snap_compare):
    """The main screen shows the meetings, the active assignments and the first one's details."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_still)


SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 30), id="120x30"),
    pytest.param((200, 60), id="200x60"),
]
"""The terminals the layout is pinned at: the smallest, a common laptop one, a wide one."""


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_main_screen_at_size(register, make_app, language, snap_compare, size):
    """The main screen fits the terminal (80×24: the table alone; 200×60: every column)."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=size, run_before=_still)


def test_snapshot_meetings_drawer_at_80x24(register, make_app, language, snap_compare):
    """At 80×24 Ctrl+B opens the meetings over the table, which keeps its columns."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_pressed("ctrl+b"))


def test_snapshot_details_at_80x24(register, make_app, language, snap_compare):
    """At 80×24 Enter opens the selected assignment's details below the table."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_pressed("enter"))


def test_snapshot_new_assignment_form_refusing_a_bad_date(
    register, make_app, language, snap_compare
):
    """The new assignment form names the impossible date and keeps what was typed."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_bad_date_refused)


def test_snapshot_new_assignment_form_at_80x24(register, make_app, language, snap_compare):
    """At 80×24 the new assignment form has one-line fields, its buttons and refusal in view."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await _bad_date_refused(pilot)
        pilot.app.clear_notifications()  # the toast would cover half the form at this width
        await _still(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_edit_form_refusing_a_new_deadline_without_a_reason(
    register, make_app, language, snap_compare
):
    """Editing, a new deadline brings the reason field and its hint (x extends); saved without
    a reason, the form says why and keeps what was typed."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        # Saved from the deadline field, as staff do (the text area's blinking cursor would
        # make the picture depend on timing).
        pilot.app.screen.query_one("#due", Input).focus()
        _fill(pilot, due="15.12.2026")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The toast says it too, but may time out before the picture under load: the form's
        # own refusal under the buttons is what this proves.
        pilot.app.clear_notifications()
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_help_screen(register, make_app, language, snap_compare):
    """The help lists every key of the main screen and of the forms."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_dashboard(register, make_app, language, snap_compare):
    """The dashboard shows the counts by status and the overdue assignments by owner."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("g")
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_extend_form_resolving_the_new_deadline(
    register, make_app, language, snap_compare
):
    """The extend form shows the current deadline and resolves the new one as typed."""
    app = make_app(register, poll_seconds=60)
    run_before = _opened("x", due="через 2 недели", reason="Ждём ответа министерства")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_filter_form_resolving_the_owner(register, make_app, language, snap_compare):
    """The filter dialog shows the current filters and resolves the owner as typed."""
    app = make_app(register, poll_seconds=60)
    run_before = _opened("f", owner="сандалов", tag="доклад")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_meeting_form_resolving_date_and_chair(register, make_app, language, snap_compare):
    """The new meeting form resolves the date and the chair as typed."""
    app = make_app(register, poll_seconds=60)
    run_before = _opened(
        "m", title="Совещание по лифтовому производству", date="20.11.2026", chair="Соколов"
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_export_form_with_todays_default_file(
    register, make_app, language, snap_compare, monkeypatch
):
    """The report dialog offers every format, the period and a file named after today in the
    reports folder, its full path repeated under the field."""
    # The same folder everywhere (it does not exist: the dialog says it will be created).
    monkeypatch.setenv("TASKBOARD_REPORTS_DIR", "/srv/taskboard/reports")
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_opened("r"))


async def _unfocused(pilot: Pilot) -> None:
    """No field focused: whether a text area's cursor is drawn at the moment of the picture
    depended on the machine's load (these snapshots failed now and then); they pin the layout
    and the words, the focus has Pilot tests of its own."""
    pilot.app.screen.set_focus(None)
    await settle(pilot)


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        pytest.param("d", "Сделано, справка направлена", id="done"),
        pytest.param("c", "Утратило актуальность", id="cancel"),
        pytest.param("a", "[b]Запрос[/b] направлен", id="note"),
    ],
)
def test_snapshot_prompt(register, make_app, language, snap_compare, key, answer):
    """The done, cancel and note prompts name the assignment and show the answer as typed."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await _opened(key, answer=answer)(pilot)
        await _unfocused(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_snapshot_cancel_prompt_refusing_an_empty_reason(
    register, make_app, language, snap_compare
):
    """The cancel prompt refuses to take an assignment off control without a reason."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await _still(pilot)
        await _unfocused(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


IMPORT_TEXT = """ПРОТОКОЛ
совещания по вопросам сотрудничества с Республикой Беларусь
23.11.2026                                                  № 16

1. Председателю Правительства Кировской области Сандалову М.А. подготовить доклад о ходе
реализации совместных проектов с Республикой Беларусь.
Срок – до 15 декабря 2026 г.
2. Министерству спорта Кировской области организовать товарищеский турнир с командами
Брестской области.
Срок – до 25 декабря 2026 г.
3. Министру промышленности Кировской области Петрову П.П. совместно с генеральным директором
АО «ОМЗ» Волосковым С.А. представлять сведения о поставках направляющих для лифтов.
Срок – ежемесячно, до 5 числа
4. Генеральному директору АО «ОМЗ» Волоскову С.А. в двухнедельный срок представить
предложения по кооперации с Могилёвским лифтостроительным заводом.
"""
"""Four items: a known owner, a body nobody works for (a problem), a person the directory does
not know (new), a deadline counted from the meeting."""


def _imported(size: tuple[int, int], *, fix: bool = False):
    """A ``run_before`` that reads IMPORT_TEXT on the import screen, leaves item 3 out and
    selects item 2 (its problem in the details); ``fix``: opens its form with a new owner."""

    async def run_before(pilot: Pilot) -> None:
        from textual import events

        from taskboard.tui.screens import ImportReviewScreen

        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ImportReviewScreen)
        pilot.app.post_message(events.Paste(IMPORT_TEXT))
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot, 6)
        screen.table.move_cursor(row=2)
        await settle(pilot)
        await pilot.press("space")
        screen.table.move_cursor(row=1)
        await settle(pilot)
        if fix:
            await pilot.press("e")
            await settle(pilot)
            _fill(pilot, owner="волосков")
        await _still(pilot)

    return run_before


def test_snapshot_import_review_with_proposals(register, make_app, language, snap_compare):
    """The import screen lists every proposal with its mark, number, owner and deadline; the
    problem, the new person, the left-out item and the header's meeting are marked."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_imported(SIZE))


def test_snapshot_import_review_at_80x24(register, make_app, snap_compare):
    """At 80×24 the import screen still shows every column, cut with «…», and the details."""
    from taskboard import i18n

    i18n.set_language("ru")
    app = make_app(register, poll_seconds=60)
    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=_imported((80, 24)))
    finally:
        i18n.set_language("en")


def test_snapshot_proposal_form_resolving_a_new_owner(register, make_app, language, snap_compare):
    """The proposal form shows the source words and the problem, and resolves the owner typed."""
    app = make_app(register, poll_seconds=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_imported(SIZE, fix=True))


async def _in_directory(pilot: Pilot, name: str = "Сандалов Михаил") -> None:
    """Open the directory (p) and select ``name``."""
    from taskboard.tui.screens.directory import DirectoryScreen

    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DirectoryScreen)
    index = next(i for i, p in enumerate(screen.table.people) if p.full_name == name)
    screen.table.move_cursor(row=index)
    await settle(pilot)


def test_snapshot_directory(register, make_app, language, snap_compare):
    """The directory lists everyone with position, organisation, e-mail, supervisor and their
    open and overdue counts, cut with «…»; the selected person's open assignments below."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await _in_directory(pilot)
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_directory_at_size(register, make_app, language, snap_compare, size):
    """The directory fits the terminal: at 80×24 name, counts and e-mail, more columns wider."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await _in_directory(pilot)
        await _still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_person_form_refusing_a_namesake(register, make_app, language, snap_compare):
    """The person form names who already has the full name typed and offers «add a namesake»;
    the supervisor resolves as typed, the e-mail is checked."""
    app = make_app(register, poll_seconds=60)

    async def run_before(pilot: Pilot) -> None:
        await _in_directory(pilot)
        await pilot.press("n")
        await settle(pilot)
        _fill(
            pilot,
            **{
                "full-name": "Волосков Сергей Александрович",
                "position": "заместитель генерального директора",
                "organisation": "АО «ОМЗ»",
                "email": "voloskov2@",
                "supervisor": "сандалов",
            },
        )
        await _still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
