"""Forms and confirmations: every key that changes data, invalid input refused, errors survived."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from textual.widgets import Button, Checkbox, Input, Select, TextArea

from taskboard.domain.queries import assignment_detail
from taskboard.errors import StorageError
from taskboard.tui.modals import (
    AssignmentForm,
    ConfirmModal,
    ExtendForm,
    MeetingForm,
    TextPrompt,
)
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import notifications, table, texts


def _set(app, widget_id: str, value: str) -> None:
    field = app.screen.query_one(f"#{widget_id}")
    if isinstance(field, TextArea):
        field.text = value
    else:
        app.screen.query_one(f"#{widget_id}", Input).value = value


def _value(app, widget_id: str) -> str:
    field = app.screen.query_one(f"#{widget_id}")
    return field.text if isinstance(field, TextArea) else field.value


def _hint(app, hint_id: str) -> str:
    return app.screen.query_one(f"#{hint_id}").message


def _detail(database, assignment_id: int):
    with database.read() as session:
        from taskboard.domain import clock

        return assignment_detail(session, assignment_id, today=clock.today())


async def test_n_form_shows_the_resolved_date_live_and_refuses_invalid_input(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        before = table(app).total
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm)
        await pilot.press("ctrl+s")  # everything empty
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm)
        _set(app, "text", "Подготовить доклад о ходе работ")
        _set(app, "due", "в июне 2027")
        await settle(pilot)
        assert "30.06.2027" in _hint(app, "due-hint") or "2027-06-30" in _hint(app, "due-hint")
        _set(app, "due", "тридцатого февраля")
        await settle(pilot)
        assert app.screen.query_one("#due-hint").failed
        _set(app, "owner", "Никтоникто")
        await settle(pilot)
        assert app.screen.query_one("#owner-hint").failed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm), "an invalid form must not be saved"
        _set(app, "owner", "волосков")
        _set(app, "co", "сандалов, пархомчик")
        _set(app, "due", "в июне 2027")
        _set(app, "tags", "доклад, Беларусь")
        await settle(pilot)
        assert "Волосков Сергей Александрович" in _hint(app, "owner-hint")
        assert "Пархомчик" in _hint(app, "co-hint")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssignmentForm)
        await settle(pilot)
        assert table(app).total == before + 1
    with register.read() as session:
        from taskboard.domain.queries import AssignmentFilter, list_assignments

        rows = list_assignments(
            session, AssignmentFilter(search="доклад о ходе"), today=date(2026, 11, 24)
        )
    assert len(rows) == 1
    assert rows[0].due == date(2027, 6, 30)
    assert rows[0].owner == "Волосков Сергей Александрович"
    assert len(rows[0].co_executors) == 2
    assert sorted(rows[0].tags) == ["Беларусь", "доклад"]


async def test_owner_field_completes_from_the_people_directory(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#owner", Input).focus()
        for key in "волос":
            await pilot.press(key)
        await settle(pilot)
        await pilot.pause(0.2)
        await pilot.press("right")  # accept the suggestion
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        # The field takes the name as the directory writes it, not as the prefix was typed.
        assert app.screen.query_one("#owner", Input).value == "Волосков Сергей Александрович"
        assert "Волосков Сергей Александрович" in _hint(app, "owner-hint")


async def test_e_edits_the_selected_assignment(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm)
        assert app.screen.query_one("#text", TextArea).text == row.text
        _set(app, "text", row.text + " (уточнено)")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssignmentForm)
    assert _detail(register, row.id).row.text == row.text + " (уточнено)"
    assert _detail(register, row.id).row.due == row.due  # untouched deadline stays as it was


async def test_s_starts_the_selected_assignment(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        t = table(app)
        index = next(i for i, r in t.rows.items() if r.status == "open")
        t.move_to(index)
        row = t.current
        await pilot.press("s")
        await settle(pilot)
        assert table(app).rows[index].status == "in_progress" or any(
            r.id == row.id and r.status == "in_progress" for r in table(app).rows.values()
        )
    assert _detail(register, row.id).row.status == "in_progress"


async def test_d_marks_done_with_an_optional_note(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        for key in "Сделано":
            await pilot.press(key)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, TextPrompt)
        assert row.id not in {r.id for r in table(app).rows.values()}  # no longer active
    detail = _detail(register, row.id)
    assert detail.row.status == "done"
    assert detail.notes[-1].text == "Сделано"


async def test_c_cancel_requires_a_reason(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+s")  # no reason: refused
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        _set(app, "answer", "Утратило актуальность")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, TextPrompt)
    assert _detail(register, row.id).row.status == "cancelled"


async def test_a_adds_a_progress_note(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")  # empty note refused
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        _set(app, "answer", "[b]Запрос[/b] направлен")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert _detail(register, row.id).notes[-1].text == "[b]Запрос[/b] направлен"


async def test_x_extend_needs_a_later_date_and_a_reason(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExtendForm)
        _set(app, "due", "01.01.2020")
        await settle(pilot)
        assert app.screen.query_one("#due-hint").failed  # not after the current deadline
        _set(app, "due", "в июне 2027")
        await settle(pilot)
        assert not app.screen.query_one("#due-hint").failed
        await pilot.press("ctrl+s")  # no reason yet
        await settle(pilot)
        assert isinstance(app.screen, ExtendForm)
        _set(app, "reason", "Ждём ответа Минпромторга")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ExtendForm)
    detail = _detail(register, row.id)
    assert detail.row.due == date(2027, 6, 30)
    assert detail.extensions[-1].reason == "Ждём ответа Минпромторга"


async def test_m_records_a_meeting_and_selects_it(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MeetingForm)
        await pilot.press("ctrl+s")  # no title
        await settle(pilot)
        assert isinstance(app.screen, MeetingForm)
        _set(app, "title", "Совещание по лифтам")
        _set(app, "date", "вчера-позавчера")
        await settle(pilot)
        assert app.screen.query_one("#date-hint").failed
        _set(app, "date", "20.11.2026")
        _set(app, "chair", "Соколов")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MeetingForm)
        await settle(pilot)
        meetings = app.screen.query_one("#meetings").meetings
        assert any(m.title == "Совещание по лифтам" for m in meetings)
        assert table(app).total == 0  # the new meeting has no assignments yet


async def test_a_database_error_is_notified_and_the_form_keeps_what_was_typed(
    register, make_app, monkeypatch
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        _set(app, "answer", "Очень длинная заметка")

        @contextmanager
        def locked():
            raise StorageError("The database is locked by another program")
            yield

        monkeypatch.setattr(register, "write", locked)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one("#answer", TextArea).text == "Очень длинная заметка"
        assert any("locked" in n for n in notifications(app))
        assert app.is_running


async def test_meeting_select_changes_the_default_deadline_hint(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        meetings = app.screen.meetings
        app.screen.query_one("#meeting", Select).value = meetings[-1].id
        await settle(pilot)
        hint = _hint(app, "due-hint")
        assert hint.startswith("→")
        assert texts(app)  # the main screen is still there underneath


async def test_u_reopens_a_done_assignment(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#status", Select).value = "done"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = table(app).current
        assert row is not None and row.status == "done"
        await pilot.press("u")
        await settle(pilot)
    assert _detail(register, row.id).row.status == "open"


async def test_the_form_refuses_with_the_words_of_the_command_line_and_the_import(
    register, make_app
):
    """One intake path: the form's hints say what intake says for the same typed text."""
    from taskboard.domain import clock, intake

    with register.read() as session:
        try:
            intake.Intake(session, today=clock.today()).new_assignment(
                intake.AssignmentInput(text="Текст", owner="Никтоев", due="31.02.2027")
            )
        except intake.IntakeProblems as exc:
            expected = {p.field: p.message for p in exc.problems}
    assert set(expected) == {"owner", "due"}
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        _set(app, "text", "Текст")
        _set(app, "owner", "Никтоев")
        _set(app, "due", "31.02.2027")
        await settle(pilot)
        assert _hint(app, "owner-hint") == expected["owner"]
        assert _hint(app, "due-hint") == expected["due"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm), "refused, everything typed kept"
        assert app.screen.query_one("#owner", Input).value == "Никтоев"


@pytest.mark.parametrize(
    ("key", "field", "typed"),
    [
        pytest.param("n", "text", "Подготовить справку", id="new assignment"),
        pytest.param("e", "number", "99", id="edit assignment"),
        pytest.param("m", "title", "Совещание", id="new meeting"),
        pytest.param("x", "reason", "Ждём ответа", id="extend"),
        pytest.param("a", "answer", "Запрос направлен", id="note"),
        pytest.param("f", "tag", "доклад", id="filter"),
    ],
)
async def test_escape_on_a_changed_form_asks_before_discarding(
    register, make_app, key: str, field: str, typed: str
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        form = app.screen
        _set(app, field, typed)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal), "a changed form asks first"
        await pilot.press("escape")  # the question's Esc: keep editing
        await settle(pilot)
        assert app.screen is form
        assert _value(app, field) == typed, "nothing typed is lost"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # Enter on the focused, safe answer: keep editing too
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert app.screen is not form and not isinstance(app.screen, ConfirmModal)


@pytest.mark.parametrize("key", ["n", "e", "m", "x", "d", "f", "r"])
async def test_escape_on_an_unchanged_form_closes_it_at_once(register, make_app, key: str):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        main = app.screen
        await pilot.press(key)
        await settle(pilot)
        assert app.screen is not main
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main


async def test_typing_a_field_back_as_it_was_is_no_change(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        before = _value(app, "text")
        _set(app, "text", before + " (уточнено)")
        await settle(pilot)
        assert app.screen.changed()
        _set(app, "text", before)
        await settle(pilot)
        assert not app.screen.changed()


async def test_the_assignment_text_and_a_note_take_several_lines(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        for key in "Первое":
            await pilot.press(key)
        await pilot.press("enter")  # a new line, not a save
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm)
        for key in "второе":
            await pilot.press(key)
        _set(app, "owner", "волосков")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssignmentForm)
        with register.read() as session:
            from taskboard.domain.queries import AssignmentFilter, list_assignments

            saved = list_assignments(
                session, AssignmentFilter(search="первое"), today=date(2026, 11, 24)
            )
        assert [r.text for r in saved] == ["Первое\nвторое"]
        assert await wait_until(
            pilot, lambda: (table(app).current and table(app).current.text) == "Первое\nвторое"
        ), "the new assignment is selected"
        row = table(app).current
        await pilot.press("a")
        await settle(pilot)
        for key in "Запрос":
            await pilot.press(key)
        await pilot.press("enter")
        for key in "отправлен":
            await pilot.press(key)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, TextPrompt)
    assert _detail(register, row.id).notes[-1].text == "Запрос\nотправлен"


@pytest.mark.parametrize(
    ("keys", "values", "said"),
    [
        pytest.param(["s"], {}, "{label} is in progress.", id="start"),
        pytest.param(["d", "ctrl+s"], {}, "{label} is done.", id="done"),
        pytest.param(["a"], {"answer": "Запрос"}, "Note added to {label}.", id="note"),
        pytest.param(
            ["c"], {"answer": "Неактуально"}, "{label} is taken off control.", id="cancel"
        ),
        pytest.param(
            ["x"],
            {"due": "30.06.2027", "reason": "Ждём"},
            "Deadline of {label} moved to 2027-06-30.",
            id="extend",
        ),
        pytest.param(["e"], {"tags": "доклад"}, "{label} saved.", id="edit"),
    ],
)
async def test_notices_name_the_assignment_as_staff_see_it(
    register, make_app, keys: list[str], values: dict[str, str], said: str
):
    from taskboard.presentation import assignment_label

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        t = table(app)
        index = next(i for i, r in t.rows.items() if r.status == "open" and r.meeting_id)
        t.move_to(index)
        await settle(pilot)
        row = t.current
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget_id, value in values.items():
            _set(app, widget_id, value)
        await settle(pilot)
        if values:
            await pilot.press("ctrl+s")
            await settle(pilot)
        label = assignment_label(row.number, row.id, row.meeting_date)
        assert label.startswith(f"Assignment {row.number} (meeting of ")
        assert said.format(label=label) in notifications(app)


async def test_reopening_names_the_assignment_as_staff_see_it(register, make_app):
    from taskboard.presentation import assignment_label

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#status", Select).value = "done"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = table(app).current
        await pilot.press("u")
        await settle(pilot)
        label = assignment_label(row.number, row.id, row.meeting_date)
        assert f"{label} is open again." in notifications(app)


async def test_the_done_notice_reads_as_staff_say_it_in_both_languages(
    register, make_app, language
):
    from taskboard.presentation import assignment_label

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        await pilot.press("d", "ctrl+s")
        await settle(pilot)
    label = assignment_label(row.number, row.id, row.meeting_date)
    expected = {"en": f"{label} is done.", "ru": f"{label} исполнено."}[language]
    assert label.startswith(
        {"en": "Assignment 4 (meeting of ", "ru": "Поручение 4 (совещание "}[language]
    )
    assert expected in notifications(app)


async def test_an_owner_nobody_in_the_directory_is_created_in_place_and_resolves(
    register, make_app
):
    from taskboard.tui.modals import PersonForm

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        _set(app, "text", "Подготовить справку о поставках")
        _set(app, "owner", "Новиков Андрей Петрович")
        await settle(pilot)
        assert form.query_one("#owner-hint").failed
        offer = form.query_one("#create-owner", Button)
        assert offer.display and "Новиков Андрей Петрович" in str(offer.label)
        form.query_one("#owner", Input).focus()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        assert app.screen.query_one("#full-name", Input).value == "Новиков Андрей Петрович"
        _set(app, "position", "министр промышленности")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#owner", Input).value == "Новиков Андрей Петрович"
        assert _hint(app, "owner-hint") == "→ Новиков Андрей Петрович"
        assert not form.query_one("#create-owner", Button).display
        assert _value(app, "text") == "Подготовить справку о поставках", "nothing typed is lost"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssignmentForm)
    with register.read() as session:
        from taskboard.domain.queries import AssignmentFilter, list_assignments

        (row,) = list_assignments(
            session, AssignmentFilter(search="справку о поставках"), today=date(2026, 11, 24)
        )
    assert row.owner == "Новиков Андрей Петрович"


async def test_a_co_executor_nobody_in_the_directory_is_created_in_place(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        _set(app, "owner", "волосков")
        _set(app, "co", "сандалов, Новикова Анна")
        await settle(pilot)
        assert not form.query_one("#create-owner", Button).display
        offer = form.query_one("#create-co", Button)
        assert offer.display and "Новикова Анна" in str(offer.label)
        await pilot.click("#create-co")
        await settle(pilot)
        await pilot.press("ctrl+s")  # the person form, the name as typed
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#co", Input).value == "сандалов, Новикова Анна"
        assert _hint(app, "co-hint") == "→ Сандалов Михаил; Новикова Анна"
        assert not offer.display


async def test_a_namesake_created_in_place_is_named_by_id(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.create_person("owner")  # nothing missing: nothing opens
        await settle(pilot)
        assert app.screen is form
        form.missing["owner"] = "Соколов Александр"
        form.create_person("owner")
        await settle(pilot)
        app.screen.query_one("#namesake", Checkbox).value = True
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        owner = form.query_one("#owner", Input).value
        assert owner.isdigit() and owner != "1", "the new namesake, by id"
        assert _hint(app, "owner-hint") == "→ Соколов Александр"


async def test_shift_m_edits_the_selected_meeting_with_a_history_event_per_field(
    register, make_app
):
    from sqlmodel import select

    from taskboard.domain.models import Event, Meeting

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("M")  # «all assignments»: the selected assignment's meeting
        await settle(pilot)
        assert isinstance(app.screen, MeetingForm)
        meeting_id = table(app).current.meeting_id
        assert app.screen.meeting.id == meeting_id
        assert _value(app, "date") == "2026-10-15"
        assert _hint(app, "chair-hint") == "→ Соколов Александр"
        _set(app, "title", "Визит делегации в Республику Беларусь (уточнено)")
        _set(app, "date", "16.10.2026")
        _set(app, "protocol", "16-в")
        app.screen.query_one("#kind", Select).value = "working"
        await settle(pilot)
        assert "2026-10-16" in _hint(app, "date-hint")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, MeetingForm)
        assert (
            "Meeting «Визит делегации в Республику Беларусь (уточнено)» of 2026-10-16 saved."
            in notifications(app)
        )
        await settle(pilot)
        titles = [m.title for m in app.screen.query_one("#meetings").meetings]
        assert "Визит делегации в Республику Беларусь (уточнено)" in titles
    with register.read() as session:
        meeting = session.get(Meeting, meeting_id)
        fields = [
            e.field
            for e in session.exec(select(Event).where(Event.meeting_id == meeting_id))
            if e.kind == "edited"
        ]
    assert (meeting.date, meeting.kind, meeting.protocol_no) == (
        date(2026, 10, 16),
        "working",
        "16-в",
    )
    assert fields == ["title", "date", "kind", "protocol_no"]


async def test_the_meeting_edit_refuses_a_bad_date_and_keeps_what_was_typed(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        _set(app, "date", "тридцать второе")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingForm)
        assert _value(app, "date") == "тридцать второе"


async def test_a_long_meeting_title_is_cut_with_an_ellipsis_in_the_dialog_heading(
    register, make_app
):
    from taskboard.domain import services
    from taskboard.tui.modals.title import FormTitle

    long = "Совещание по вопросам реализации совместных проектов с Республикой Беларусь в 2027 году"
    with register.write() as session:
        for meeting_id in (1, 2):
            services.edit_meeting(
                session,
                meeting_id=meeting_id,
                changes=services.MeetingUpdate(title=long),
                actor="t",
            )
    app = make_app(register)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        heading = app.screen.query_one(FormTitle)
        line = "".join(s.text for s in heading.render_line(0)).strip()
        assert line.startswith("Edit the meeting «") and line.endswith("…")
        assert len(line) <= heading.size.width


async def test_shift_m_without_a_meeting_says_so(empty_register, make_app):
    app = make_app(empty_register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert not isinstance(app.screen, MeetingForm)
        assert "No meeting selected." in notifications(app)


async def _add_from_the_form(app, pilot, text: str, due: str, owner: str = "волосков") -> int:
    """Save a new assignment through the n form; its id."""
    await pilot.press("n")
    await settle(pilot)
    _set(app, "text", text)
    _set(app, "owner", owner)
    _set(app, "due", due)
    await settle(pilot)
    await pilot.press("ctrl+s")
    assert await wait_until(pilot, lambda: not isinstance(app.screen, AssignmentForm), timeout=30)
    with app.database.read() as session:
        from sqlmodel import select

        from taskboard.domain.models import Assignment

        return session.exec(select(Assignment.id).where(Assignment.text == text)).one()


async def test_a_new_assignment_is_selected_in_the_table_once_saved(register, make_app):
    from tests.tui.helpers import details

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert table(app).cursor == 0
        new_id = await _add_from_the_form(app, pilot, "Доложить о ходе поставок", "в июне 2027")
        assert await wait_until(
            pilot, lambda: (table(app).current and table(app).current.id) == new_id, timeout=30
        )
        assert table(app).cursor > 0
        assert await wait_until(pilot, lambda: "Доложить о ходе поставок" in details(app))


async def test_a_new_assignment_far_down_a_large_register_is_selected(tmp_path, make_app):
    from bench.generate import generate

    from taskboard.storage.database import open_database

    path = tmp_path / "large.db"
    generate(path, n=3000, owners=20, meetings=10, seed=3)
    database = open_database(path)
    try:
        app = make_app(database)
        async with app.run_test(size=(160, 48)) as pilot:
            # A 3,000-row register on a busy machine: wait for rows, not a fixed time.
            assert await wait_until(pilot, lambda: table(app).current is not None, timeout=30)
            owner = table(app).current.owner
            new_id = await _add_from_the_form(app, pilot, "Новое поручение", "+40d", owner)
            assert await wait_until(
                pilot,
                lambda: table(app).current is not None and table(app).current.id == new_id,
                timeout=30,
            )
            assert table(app).cursor > 100, "beyond the rows the first load holds"
            # Later reloads (the watcher's, a filter's) keep it, never move the cursor back.
            app.screen.reload_table()
            await settle(pilot)
            assert await wait_until(pilot, lambda: not table(app)._loading, timeout=30)
            assert table(app).current is not None and table(app).current.id == new_id
    finally:
        database.dispose()


async def test_a_new_assignment_the_filters_leave_out_leaves_the_cursor_alone(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.screen.query_one("#search", Input).value = "Брестской"
        await settle(pilot)
        table(app).focus()
        before = table(app).current.id
        await _add_from_the_form(app, pilot, "Совсем другое поручение", "в июне 2027")
        assert await wait_until(pilot, lambda: table(app)._select_id is None, timeout=30)
        await settle(pilot)
        assert table(app).current.id == before


async def test_t_w_y_run_the_acceptance_loop_from_the_keyboard(register, make_app):
    """Report in (t), return for rework with a comment (w), report in again, accept (y)."""
    from taskboard.tui.modals.acceptance_form import AcceptForm, ReturnForm

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current

        async def answer(key: str, form: type, text: str) -> None:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, form)
            _set(app, "answer", text)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, form)

        await answer("t", TextPrompt, "Площадки определены")
        assert _detail(register, row.id).row.status == "review"
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("ctrl+s")  # a return needs its comment
        await settle(pilot)
        assert isinstance(app.screen, ReturnForm)
        await pilot.press("escape")
        await settle(pilot)
        await answer("w", ReturnForm, "Нет графика работ")
        assert _detail(register, row.id).row.status == "rework"
        await pilot.press("y")  # not under review: refused, nothing changes
        await settle(pilot)
        if isinstance(app.screen, AcceptForm):
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert any("only one under review can be accepted" in n for n in notifications(app))
        while isinstance(app.screen, AcceptForm):
            await pilot.press("escape")
            await settle(pilot)
        assert _detail(register, row.id).row.status == "rework"
        await answer("t", TextPrompt, "График приложен")
        await answer("y", AcceptForm, "Принято")
    detail = _detail(register, row.id)
    assert detail.row.status == "done"
    assert [r.text for r in detail.reports] == ["Площадки определены", "График приложен"]
    assert detail.notes[-1].text == "Принято"


async def test_w_returns_with_a_new_date_and_y_accepts_in_part(register, make_app):
    """Return with a new deadline (an extension, refused when not later), then accept in part:
    the rest stays on control as a new linked assignment with its own deadline."""
    from taskboard.tui.modals.acceptance_form import AcceptForm, ReturnForm

    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        row = table(app).current
        before = _detail(register, row.id).row
        await pilot.press("t")
        await settle(pilot)
        _set(app, "answer", "Площадки определены")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ReturnForm)
        _set(app, "answer", "Нет графика работ")
        _set(app, "due", "01.01.2020")  # earlier than the deadline: refused live
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReturnForm)
        _set(app, "due", "26.02.2027")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ReturnForm))
        returned = _detail(register, row.id).row
        assert (returned.status, returned.due, returned.extensions) == (
            "rework",
            date(2027, 2, 26),
            before.extensions + 1,
        )
        await pilot.press("t")
        await settle(pilot)
        _set(app, "answer", "График приложен")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, AcceptForm)
        app.screen.query_one("#partial", Checkbox).value = True
        await settle(pilot)
        await pilot.press("ctrl+s")  # in part needs what is accepted and the rest's deadline
        await settle(pilot)
        assert isinstance(app.screen, AcceptForm)
        _set(app, "part", "площадки определены")
        _set(app, "rest", "30.06.2027")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_until(pilot, lambda: not isinstance(app.screen, AcceptForm))
    with register.read() as session:
        from taskboard.domain import queries

        reader = queries.reader_of(session)
        rest = reader.rows(
            "SELECT id, due, status FROM assignment WHERE parent_id = :p", {"p": row.id}
        )
    assert _detail(register, row.id).row.status == "done"
    assert [(str(due), status) for _id, due, status in rest] == [("2027-06-30", "open")]
