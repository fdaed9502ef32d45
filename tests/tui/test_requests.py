"""Extension requests from the keyboard: x's choice «request (for approval)», v grants, V
refuses with a reason (one-field prompt), a decision with nothing pending is refused and
changes nothing, the extension limit's notification, the keys in the footer and help."""

from __future__ import annotations

from datetime import date

from textual.widgets import Button, Input, Select, TextArea

from taskboard.config import ControlSettings, Settings
from taskboard.domain.queries import assignment_detail
from taskboard.tui.modals import ExtendForm, TextPrompt
from tests.tui.conftest import ACTOR, settle
from tests.tui.helpers import details, notifications, screen_text, table


def _detail(database, assignment_id: int):  # type: ignore[no-untyped-def]
    from taskboard.domain import clock

    with database.read() as session:
        return assignment_detail(session, assignment_id, today=clock.today())


async def _past_the_pending_one(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Move off the first row when it is the example's own pending request (assignment 4)."""
    while table(app).current.extension_request is not None:
        await pilot.press("down")
        await settle(pilot)


async def _request(app, pilot, due: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("x")
    await settle(pilot)
    assert isinstance(app.screen, ExtendForm)
    app.screen.query_one("#mode", Select).value = "request"
    await settle(pilot)
    assert str(app.screen.query_one("#save", Button).label) == "Request (Ctrl+S)"
    app.screen.query_one("#due", Input).value = due
    app.screen.query_one("#reason", Input).value = reason
    await settle(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, ExtendForm)


async def _answer(app, pilot, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, TextPrompt)
    app.screen.query_one("#answer", TextArea).text = text
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert not isinstance(app.screen, TextPrompt)


async def test_x_request_then_v_grant_moves_the_deadline_as_an_extension(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _past_the_pending_one(app, pilot)
        row = table(app).current
        before = _detail(register, row.id).row
        await _request(app, pilot, "30.06.2027", "Ждём ответа Минпромторга")
        asked = _detail(register, row.id)
        assert (asked.row.due, asked.row.extensions) == (before.due, before.extensions)
        assert asked.row.extension_request == date(2027, 6, 30)
        assert [(r.state, r.actor) for r in asked.requests] == [("pending", ACTOR)]
        assert any("extension to 2027-06-30 requested" in n for n in notifications(app))
        await settle(pilot)
        assert "Extension requested to 2027-06-30" in details(app)

        await _answer(app, pilot, "v", "Согласовано")
    granted = _detail(register, row.id)
    assert granted.row.due == date(2027, 6, 30)
    assert granted.row.extensions == before.extensions + 1
    assert granted.extensions[-1].reason == "Ждём ответа Минпромторга"
    assert [(r.state, r.decision_reason) for r in granted.requests] == [("granted", "Согласовано")]
    assert any("extension request granted, the deadline moved" in n for n in notifications(app))


async def test_shift_v_refuses_only_with_a_reason_and_the_deadline_stays(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _past_the_pending_one(app, pilot)
        row = table(app).current
        due = _detail(register, row.id).row.due
        await _request(app, pilot, "30.06.2027", "Ждём ответа")
        await pilot.press("V")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("ctrl+s")  # a refusal needs its reason
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await settle(pilot)
        assert _detail(register, row.id).requests[0].state == "pending"
        await _answer(app, pilot, "V", "Срок установлен Губернатором")
        refused = _detail(register, row.id)
        assert refused.row.due == due
        assert [(r.state, r.decision_reason) for r in refused.requests] == [
            ("refused", "Срок установлен Губернатором")
        ]
        # A refused request granted: refused with its state named, nothing changed.
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("is already refused" in n for n in notifications(app))
        while isinstance(app.screen, TextPrompt):
            await pilot.press("escape")
            await settle(pilot)
    after = _detail(register, row.id)
    assert after.row.due == due
    assert [r.state for r in after.requests] == ["refused"]


async def test_a_grant_beyond_the_extension_limit_says_so(register):
    from taskboard.tui.app import TaskboardApp

    app = TaskboardApp(
        database=register,
        settings=Settings(actor=ACTOR, control=ControlSettings(extension_limit=1)),
        poll_seconds=0.2,
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _past_the_pending_one(app, pilot)
        row = table(app).current
        n = _detail(register, row.id).row.extensions
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#due", Input).value = "+1w"
        app.screen.query_one("#reason", Input).value = "Первый перенос"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await _request(app, pilot, "30.06.2027", "Второй")
        await _answer(app, pilot, "v", "")
    expected = f"has now been extended {n + 2} times, more than the limit of 1."
    assert any(expected in m for m in notifications(app)), notifications(app)


async def test_the_keys_are_in_the_footer_and_the_help(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(200, 48)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "v Grant" in shown and "V Refuse" in shown
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = screen_text(app)
        assert "Grant the pending extension request" in help_text
        assert "Refuse the pending extension request (reason)" in help_text
