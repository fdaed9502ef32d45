"""The «Час контроля» in the TUI: the agenda, decisions from the keyboard, the protocol printed.

A whole review session runs through Pilot: the agenda shows what is overdue (grouped by the
owners' organisations), three decisions are recorded with their keys (keep with an instruction,
extend with a reason, accept), one refusal leaves the form open, a new assignment is added, and
``p`` writes the protocol, which ``taskboard import`` reads back as the same items.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from taskboard.config import Settings
from taskboard.domain import control_hour, queries
from taskboard.tui.modals.decision_form import DecisionForm
from taskboard.tui.screens.control_hour import ReviewScreen
from tests.tui.conftest import ACTOR, settle, wait_until
from tests.tui.helpers import notifications


def _set(app, widget_id: str, value: str) -> None:
    field = app.screen.query_one(f"#{widget_id}")
    if isinstance(field, TextArea):
        field.text = value
    else:
        app.screen.query_one(f"#{widget_id}", Input).value = value


def _app(database, reports: Path):
    from taskboard.tui.app import TaskboardApp

    return TaskboardApp(
        database=database,
        settings=Settings(actor=ACTOR, reports_dir=str(reports)),
        poll_seconds=0.2,
        review=(None, None),
    )


def _agenda_ids(database) -> list[int]:
    from taskboard.domain import clock

    with database.read() as session:
        agenda = control_hour.agenda(queries.reader_of(session), today=clock.today())
    return [item.id for item in agenda.items]


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TASKBOARD_REPORTS_DIR", raising=False)
    folder = tmp_path / "reports"
    folder.mkdir()
    return folder


async def test_a_review_session_decides_three_items_adds_one_and_prints_the_protocol(
    register, reports
) -> None:
    ids = _agenda_ids(register)  # the example's report in (#1) is the third, awaiting acceptance
    assert len(ids) == 3
    app = _app(register, reports)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        agenda = app.screen.query_one("#agenda", DataTable)
        assert agenda.row_count == len(ids)
        assert "0" in str(app.screen.query_one("#review-title").render())

        async def decide(key: str, **fields: str) -> None:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, DecisionForm)
            for name, value in fields.items():
                _set(app, name, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            closed = await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
            assert closed, notifications(app)
            await settle(pilot)

        await decide("k", answer="доложить о ходе переговоров к 1 декабря")
        # Extend without a reason: refused, the form stays with what was typed.
        await pilot.press("x")
        await settle(pilot)
        _set(app, "due", "31.01.2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DecisionForm)
        assert any("Not saved" in n for n in notifications(app))
        _set(app, "answer", "ждём ответа «Савушкин продукт»")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await settle(pilot)
        await decide("y", answer="исполнено, доклад принят")
        await decide(
            "n", owner="Сандалов", answer="Подготовить доклад о ходе исполнения", due="25.12.2026"
        )
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert await wait_until(pilot, lambda: sum(1 for e in review.entries if e.decision) == 4)
        await pilot.press("p")
        assert await wait_until(
            pilot, lambda: any("Protocol written" in n for n in notifications(app))
        )
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)

    with register.read() as session:
        reader = queries.reader_of(session)
        meeting = control_hour.latest_review(reader)
        assert meeting is not None
        record = control_hour.review_record(reader, meeting)
    kinds = [d.kind.value for d in record.decisions]
    assert kinds == ["kept", "extended", "accepted", "new"]
    assert [d.assignment_id for d in record.decisions[:3]] == ids[:3]
    assert (
        record.decisions[1].due is not None and record.decisions[1].due.isoformat() == "2027-01-29"
    )
    text = (reports / f"chas-kontrolya-{record.held.isoformat()}.txt").read_text(encoding="utf-8")
    html = (reports / f"chas-kontrolya-{record.held.isoformat()}.html").read_text(encoding="utf-8")
    assert text.startswith("ПРОТОКОЛ\nчаса контроля\n")
    assert "доложить о ходе переговоров к 1 декабря" in text
    assert "Снять с контроля как исполненные:" in text
    assert "ждём ответа «Савушкин продукт»" in html
    assert "&lt;" not in text


async def test_extending_in_the_review_beyond_the_limit_says_so(register, reports) -> None:
    """The review's extension counts as any other: past ``[control] extension_limit`` the
    notice after the decision carries the limit's warning."""
    from taskboard.config import ControlSettings
    from taskboard.domain import services
    from taskboard.tui.app import TaskboardApp

    with register.write() as session:
        services.extend(
            session, assignment_id=4, new_due=date(2026, 11, 20), reason="первый", actor=ACTOR
        )
    app = TaskboardApp(
        database=register,
        settings=Settings(
            actor=ACTOR, reports_dir=str(reports), control=ControlSettings(extension_limit=1)
        ),
        poll_seconds=0.2,
        review=(None, None),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        review = app.screen
        row = next(i for i, e in enumerate(review.entries) if e.row.id == 4)
        review.query_one("#agenda", DataTable).move_cursor(row=row)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DecisionForm)
        # The owner's pending request (the example's, to 25.12.2026) is offered as the date.
        assert app.screen.query_one("#due", Input).value == "2026-12-25"
        _set(app, "answer", "проект программы от Брестского облисполкома")
        await pilot.press("ctrl+s")
        assert await wait_until(
            pilot,
            lambda: any(
                "extended 2 times, more than the limit of 1" in n for n in notifications(app)
            ),
        ), notifications(app)
