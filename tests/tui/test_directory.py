"""The people directory: listed with what each person owns, searched as you type, people added
(a namesake only when confirmed) and edited, a person's assignments shown."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Checkbox, Input, Select, Static

from taskboard.domain.models import Event, Person
from taskboard.tui.modals import ConfirmModal, PersonForm
from taskboard.tui.screens.directory import DirectoryScreen, directory_bindings
from taskboard.tui.screens.main import MainScreen
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import notifications, table


def _people(app) -> list[str]:
    return [p.full_name for p in app.screen.table.people]


def _set(app, widget_id: str, value: str) -> None:
    app.screen.query_one(f"#{widget_id}", Input).value = value


def _hint(app, hint_id: str):
    return app.screen.query_one(f"#{hint_id}")


def _pane(app) -> str:
    return str(app.screen.query_one("#person-assignments-body", Static).content)


def _named(database, full_name: str) -> list[Person]:
    with database.read() as session:
        return list(session.exec(select(Person).where(Person.full_name == full_name)))


async def _directory(pilot) -> DirectoryScreen:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DirectoryScreen)
    return screen


async def test_p_lists_everyone_with_position_organisation_and_open_and_overdue(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _directory(pilot)
        people = {p.full_name: p for p in screen.table.people}
        assert len(people) == 9
        sandalov = people["Сандалов Михаил"]
        assert (sandalov.open, sandalov.overdue) == (7, 2)  # the demo's six and the markup one
        assert sandalov.supervisor == "Соколов Александр"
        assert people["Волосков Сергей Александрович"].organisation.startswith("АО «ОМЗ»")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_the_directory_search_narrows_the_list_as_you_type(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _directory(pilot)
        await pilot.press("slash")
        for key in "облисполк":
            await pilot.press(key)
        await settle(pilot)
        assert _people(app) == [
            "Караев Юрий",
            "Пархомчик Петр Александрович",
        ]
        for key in " брест":
            await pilot.press(key if key != " " else "space")
        await settle(pilot)
        assert _people(app) == ["Пархомчик Петр Александрович"]
        await pilot.press("escape")  # from the search: to the list, the search kept
        assert app.focused is screen.table
        assert _people(app) == ["Пархомчик Петр Александрович"]


async def test_a_person_is_added_from_the_directory_and_selected(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _directory(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        await pilot.press("ctrl+s")  # no name yet
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        _set(app, "full-name", "Петров Пётр Петрович")
        _set(app, "position", "министр промышленности")
        _set(app, "organisation", "Министерство промышленности Кировской области")
        _set(app, "email", "petrov at example")
        _set(app, "supervisor", "сандалов")
        app.screen.query_one("#language", Select).value = "en"
        await settle(pilot)
        assert _hint(app, "email-hint").failed
        assert "Сандалов Михаил" in _hint(app, "supervisor-hint").message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm), "a bad address is refused"
        _set(app, "email", "petrov@example.org")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert await wait_until(
            pilot,
            lambda: (
                screen.table.current is not None
                and screen.table.current.full_name == "Петров Пётр Петрович"
            ),
        )
        assert "Петров Пётр Петрович added to the directory." in notifications(app)
    (petrov,) = _named(register, "Петров Пётр Петрович")
    assert (petrov.email, petrov.language, petrov.supervisor_id) == ("petrov@example.org", "en", 2)


async def test_a_duplicate_name_is_refused_naming_who_has_it_then_added_as_a_namesake(
    register, make_app
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await _directory(pilot)
        await pilot.press("n")
        await settle(pilot)
        namesake = app.screen.query_one("#namesake", Checkbox)
        assert not namesake.display, "no namesake to confirm before a name is typed"
        _set(app, "full-name", "волосков сергей александрович")
        await settle(pilot)
        hint = _hint(app, "full-name-hint")
        assert hint.failed
        assert namesake.display, "offered once someone has the name"
        assert "Волосков Сергей Александрович (id 3, генеральный директор" in hint.message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm), "refused: the form stays, nothing written"
        assert len(_named(register, "Волосков Сергей Александрович")) == 1
        app.screen.query_one("#namesake", Checkbox).value = True
        await settle(pilot)
        assert not hint.failed and "namesake" in hint.message
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryScreen)
    with register.read() as session:
        from taskboard.domain.people import namesakes

        assert len(namesakes(session, "Волосков Сергей Александрович")) == 2


async def test_a_duplicate_saved_before_the_live_check_is_refused_in_the_forms_words(
    register, make_app
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await _directory(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#full-name", Input).value = "Соколов Александр"
        form.save()  # before the namesake lookup answered
        await settle(pilot)
        assert app.screen is form
        assert any("Соколов Александр (id 1" in n and "namesake" in n for n in notifications(app))
    assert len(_named(register, "Соколов Александр")) == 1


async def test_a_person_is_edited_with_a_history_event_per_field(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _directory(pilot)
        index = next(
            i for i, p in enumerate(screen.table.people) if p.full_name.startswith("Пархом")
        )
        screen.table.move_cursor(row=index)
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        assert not app.screen.query("#full-name"), "the name is not changed here"
        _set(app, "email", "parkhomchik@example.org")
        _set(app, "supervisor", "Лукашенко")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert await wait_until(
            pilot, lambda: screen.table.current.email == "parkhomchik@example.org"
        )
        assert screen.table.current.supervisor == "Лукашенко Александр Григорьевич"
    (person,) = _named(register, "Пархомчик Петр Александрович")
    assert person.email == "parkhomchik@example.org"
    with register.read() as session:
        fields = [
            e.field
            for e in session.exec(select(Event).where(Event.person_id == person.id))
            if e.kind == "edited"
        ]
    assert fields == ["email", "supervisor_id"]


async def test_escape_on_a_changed_person_form_asks_first(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _directory(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")  # nothing changed: closes at once
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("e")
        await settle(pilot)
        _set(app, "position", "другая должность")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)


async def test_a_persons_open_assignments_are_listed_and_enter_shows_them_in_the_register(
    register, make_app
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _directory(pilot)
        index = next(
            i for i, p in enumerate(screen.table.people) if p.full_name == "Сандалов Михаил"
        )
        screen.table.move_cursor(row=index)
        await settle(pilot)
        shown = _pane(app)
        assert "Сандалов Михаил: 7 open assignments · 2 overdue" in shown
        assert "Assignment 4 (meeting of 2026-10-15)" in shown
        assert "8 overdue" in shown
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await settle(pilot)
        t = table(app)
        assert t.total == 7
        assert {r.owner for r in t.rows.values()} == {"Сандалов Михаил"}
        title = str(app.screen.query_one("#table-title", Static).content)
        assert "owner: Сандалов Михаил" in title


async def test_someone_without_assignments_is_said_to_have_none(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _directory(pilot)
        index = next(
            i for i, p in enumerate(screen.table.people) if p.full_name.startswith("Грызлов")
        )
        screen.table.move_cursor(row=index)
        await settle(pilot)
        assert "Nothing open" in _pane(app)


async def test_the_palette_and_the_help_offer_the_directory(register, make_app):
    from taskboard.tui.screens.help import help_table

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for key in "people directory":
            await pilot.press(key if key != " " else "space")
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DirectoryScreen))
    import io

    from rich.console import Console

    console = Console(width=160, record=True, file=io.StringIO())
    console.print(help_table())
    shown = console.export_text()
    for binding in directory_bindings():
        assert binding.tooltip in shown
