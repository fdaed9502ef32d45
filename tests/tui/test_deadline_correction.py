"""The assignment form on an existing assignment: a new deadline is a deadline correction that
needs a reason (the domain's rule, refused in the form like any other); a new one needs none."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select
from textual.widgets import Input, TextArea

from taskboard.domain.models import Event
from taskboard.tui.modals import AssignmentForm
from tests.tui.conftest import settle
from tests.tui.helpers import details, notifications, table

NEW_DUE = date(2026, 12, 15)
"""A Tuesday, a working day: the date typed is the date stored."""


def _set(app, widget_id: str, value: str) -> None:
    field = app.screen.query_one(f"#{widget_id}")
    if isinstance(field, TextArea):
        field.text = value
    else:
        app.screen.query_one(f"#{widget_id}", Input).value = value


def _correcting(app) -> bool:
    """Whether the form shows its reason field."""
    return app.screen.has_class("-correcting") and app.screen.query_one("#reason").display


def _events(database, assignment_id: int) -> list[Event]:
    with database.read() as session:
        return list(
            session.exec(
                select(Event).where(Event.assignment_id == assignment_id).order_by(col(Event.id))
            )
        )


async def _edit_selected(pilot):  # type: ignore[no-untyped-def]
    app = pilot.app
    await settle(pilot)
    row = table(app).current
    assert row is not None and row.due not in (None, NEW_DUE)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, AssignmentForm)
    return row


async def test_a_new_deadline_is_refused_without_a_reason_and_everything_typed_stays(
    register, make_app
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        row = await _edit_selected(pilot)
        before = _events(register, row.id)
        assert not _correcting(app)  # the deadline as stored: no reason asked
        _set(app, "text", row.text + " (уточнено)")
        _set(app, "due", "15.12.2026")
        await settle(pilot)
        assert _correcting(app)
        hint = app.screen.query_one("#reason-hint").message
        assert "deadline correction" in hint and "x on the main screen" in hint
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm), "a correction without a reason is refused"
        refusal = str(app.screen.query_one("#form-error").render())
        assert "needs a reason" in refusal
        assert any("extend" in n for n in notifications(app))
        assert app.screen.query_one("#text", TextArea).text == row.text + " (уточнено)"
        assert app.screen.query_one("#due", Input).value == "15.12.2026"
    assert _events(register, row.id) == before  # nothing written


async def test_a_new_deadline_with_a_reason_is_saved_as_a_correction_the_history_shows(
    register, make_app
):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        row = await _edit_selected(pilot)
        _set(app, "due", "15.12.2026")
        await settle(pilot)
        _set(app, "reason", "Опечатка при вводе протокола")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssignmentForm)
        await settle(pilot)
        shown = " ".join(details(app).split())
        assert "deadline corrected:" in shown
        assert "→ 2026-12-15 (reason: Опечатка при вводе протокола)" in shown
    last = _events(register, row.id)[-1]
    assert (last.kind, last.new_value, last.reason) == (
        "corrected",
        "2026-12-15",
        "Опечатка при вводе протокола",
    )


async def test_the_reason_field_shows_only_while_the_deadline_differs(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        row = await _edit_selected(pilot)
        stored = app.screen.query_one("#due", Input).value
        _set(app, "due", "15.12.2026")
        await settle(pilot)
        assert _correcting(app)
        _set(app, "due", row.due.isoformat())  # the same day written another way
        await settle(pilot)
        assert not _correcting(app)
        _set(app, "due", "тридцатого февраля")  # no date: the deadline's own refusal
        await settle(pilot)
        assert not _correcting(app)
        _set(app, "due", "постоянно")  # a dated assignment made standing: a correction too
        await settle(pilot)
        assert _correcting(app)
        _set(app, "due", stored)
        await settle(pilot)
        assert not _correcting(app)


async def test_the_new_assignment_form_asks_no_reason(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AssignmentForm)
        assert not app.screen.query("#reason")
        _set(app, "text", "Подготовить справку")
        _set(app, "owner", "волосков")
        _set(app, "due", "15.12.2026")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AssignmentForm)


async def test_the_reason_field_in_russian(register, make_app, language):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await _edit_selected(pilot)
        _set(app, "due", "15.12.2026")
        await settle(pilot)
        labels = [str(label.render()) for label in app.screen.query(".correction")]
        if language == "ru":
            assert "Причина изменения срока" in labels[0]
            assert "клавиша x" in app.screen.query_one("#reason-hint").message
        else:
            assert "Reason for the deadline change" in labels[0]
