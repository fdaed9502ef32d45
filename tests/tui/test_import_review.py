"""The import screen: a document read into proposals, fixed, chosen, and only then written."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlmodel import col, func, select
from textual import events
from textual.widgets import Input, TextArea

from taskboard.domain.models import Assignment, CoExecutor, Meeting, Person
from taskboard.errors import StorageError
from taskboard.storage.database import Database
from taskboard.tui.modals import ProposalForm
from taskboard.tui.screens import ImportReviewScreen
from taskboard.tui.screens.help import help_table
from taskboard.tui.screens.import_review import import_bindings
from taskboard.tui.widgets import ProposalTable
from tests.tui.conftest import settle, wait_until
from tests.tui.helpers import notifications, texts

PRESS = Path(__file__).parents[2] / "examples" / "press-release-belarus.txt"

PROTOCOL = """ПРОТОКОЛ
совещания по вопросам сотрудничества с Республикой Беларусь
23.11.2026                                                  № 16

1. Председателю Правительства Кировской области Сандалову М.А. подготовить доклад о ходе
реализации совместных проектов с Республикой Беларусь.
Срок – до 15 декабря 2026 г.
2. Министерству спорта Кировской области организовать товарищеский турнир с командами
Брестской области.
Срок – до 25 декабря 2026 г.
3. Генеральному директору АО «ОМЗ» Волоскову С.А. представить предложения по поставкам
направляющих для лифтов.
Срок – до 1 февраля 2027 г.
"""
"""Three items: two owners the demo directory knows, one body nobody there works for."""


def _screen(app) -> ImportReviewScreen:
    screen = app.screen
    assert isinstance(screen, ImportReviewScreen), type(screen).__name__
    return screen


def _counts(database: Database) -> tuple[int, int, int]:
    with database.read() as session:
        return (
            session.exec(select(func.count()).select_from(Assignment)).one(),
            session.exec(select(func.count()).select_from(Meeting)).one(),
            session.exec(select(func.count()).select_from(Person)).one(),
        )


def _written(database: Database, protocol_no: str) -> tuple[Meeting, list[tuple]]:
    """The meeting with ``protocol_no`` and its items: (number, owner, co-executors, due)."""
    with database.read() as session:
        meeting = session.exec(select(Meeting).where(Meeting.protocol_no == protocol_no)).one()
        rows = []
        for item in session.exec(
            select(Assignment).where(Assignment.meeting_id == meeting.id).order_by(Assignment.id)
        ):
            owner = session.get(Person, item.owner_id)
            co = session.exec(
                select(Person.full_name)
                .join(CoExecutor, col(CoExecutor.person_id) == col(Person.id))
                .where(CoExecutor.assignment_id == item.id)
            ).all()
            rows.append((item.number, owner.full_name if owner else None, list(co), item.due))
        session.expunge(meeting)
    return meeting, rows


async def _read(pilot, text: str) -> ImportReviewScreen:
    """Open the screen with ``i``, paste ``text`` as a terminal does, read it with Ctrl+R."""
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    screen = _screen(pilot.app)
    pilot.app.post_message(events.Paste(text))  # the driver's way: to the focused text area
    await settle(pilot)
    assert screen.query_one("#import-text", TextArea).text == text
    await pilot.press("ctrl+r")
    assert await wait_until(pilot, lambda: screen.review is not None and not screen.checking)
    await settle(pilot)
    return screen


async def _fix(pilot, screen: ImportReviewScreen, row: int, **values: str) -> ProposalForm:
    """Open the form on proposal ``row`` (Enter), type ``values``, wait for the live hints."""
    screen.table.move_cursor(row=row)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ProposalForm)
    for widget_id, value in values.items():
        form.query_one(f"#{widget_id}", Input).value = value
    await settle(pilot)
    return form


async def test_a_pasted_protocol_is_fixed_chosen_and_only_the_accepted_items_are_written(
    register, make_app
):
    app = make_app(register)
    before = _counts(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _read(pilot, PROTOCOL)
        review = screen.review
        assert review is not None and review.meeting is not None
        assert review.meeting.created and review.meeting.number == "16"
        first, second, third = review.proposals
        assert [p.draft.number for p in review.proposals] == ["1", "2", "3"]
        assert all(p.accepted for p in review.proposals)
        assert first.planned is not None and first.planned.owner == "Сандалов Михаил"
        assert third.planned is not None and third.planned.owner == "Волосков Сергей Александрович"
        assert second.planned is None and "Министерство спорта" in second.problems[0]
        table = screen.query_one("#proposals", ProposalTable)
        assert "!" in table.get_cell("1", "mark").plain  # the problem is marked in its row
        assert "!" not in table.get_cell("0", "mark").plain
        table.move_cursor(row=1)
        await settle(pilot)
        shown = str(screen.query_one("#proposal-body").content)
        assert "Nobody in the directory works there" in shown  # the problem, in the details

        await pilot.press("ctrl+s")  # an accepted item still has a problem: nothing is written
        await settle(pilot)
        assert _screen(app) is screen and _counts(register) == before
        assert any("item 2" in n and "has a problem" in n for n in notifications(app))

        # The deadline of item 1 moved with the same parser as every form (a Sunday: Friday).
        form = await _fix(pilot, screen, 0, due="20.12.2026")
        assert form.query_one("#due-hint").message.startswith("→ 2026-12-18")
        assert not form.query_one("#owner-hint").failed  # the owner as the import resolved it
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: _screen(app) is screen and not screen.checking)
        assert first.planned is not None and first.planned.due == date(2026, 12, 18)

        # Item 2's owner: a known person, completed and resolved live.
        form = await _fix(pilot, screen, 1, owner="волосков")
        assert form.query_one("#owner-hint").message == "→ Волосков Сергей Александрович"
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: _screen(app) is screen and not screen.checking)
        assert second.problems == []
        assert (
            second.planned is not None and second.planned.owner == "Волосков Сергей Александрович"
        )
        assert "!" not in table.get_cell("1", "mark").plain

        table.move_cursor(row=2)
        await settle(pilot)
        await pilot.press("space")  # item 3 is left out
        assert [p.accepted for p in review.proposals] == [True, True, False]
        assert "·" in table.get_cell("2", "mark").plain

        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ImportReviewScreen))
        await settle(pilot)
        said = notifications(app)
        assert any("2 assignments imported" in n and "2026-11-23" in n for n in said), said
        assert any("доклад о ходе" in t for t in texts(app))  # the register reloaded

    meeting, rows = _written(register, "16")
    assert meeting.date == date(2026, 11, 23)
    assert meeting.title == "Совещание по вопросам сотрудничества с Республикой Беларусь"
    assert rows == [
        ("1", "Сандалов Михаил", [], date(2026, 12, 18)),
        ("2", "Волосков Сергей Александрович", [], date(2026, 12, 25)),
    ]
    assignments, meetings, people = _counts(register)
    assert (assignments, meetings, people) == (before[0] + 2, before[1] + 1, before[2])


async def test_press_release_candidates_start_left_out_and_none_accepted_writes_nothing(
    register, make_app
):
    app = make_app(register)
    before = _counts(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = _screen(app)
        screen.query_one("#import-path", Input).value = str(PRESS)
        screen.query_one("#meeting-date", Input).value = "19.10.2026"
        await settle(pilot)
        assert screen.query_one("#meeting-date-hint").message == "→ 2026-10-19"
        screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")  # Enter in a field reads, as Ctrl+R does
        assert await wait_until(pilot, lambda: screen.review is not None and not screen.checking)
        await settle(pilot)
        review = screen.review
        assert review is not None and len(review.proposals) >= 4
        assert not any(p.accepted for p in review.proposals)
        assert review.meeting is not None and review.meeting.date == date(2026, 10, 19)
        table = screen.query_one("#proposals", ProposalTable)
        assert all("·" in table.get_cell(str(i), "mark").plain for i in range(len(table.rows)))
        sources = str(screen.query_one("#proposal-body").content)
        assert "From the document" in sources  # a candidate shows the sentence it came from

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _screen(app) is screen
        assert any("no proposal is accepted" in n for n in notifications(app))
        assert _counts(register) == before

        await pilot.press("a")  # accept all, then again: none
        assert all(p.accepted for p in review.proposals)
        await pilot.press("a")
        assert not any(p.accepted for p in review.proposals)

        sandalov = next(i for i, p in enumerate(review.proposals) if "Сандалову" in p.source)
        table.move_cursor(row=sandalov)
        await settle(pilot)
        await pilot.press("space")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ImportReviewScreen))
        await settle(pilot)
        assert any("1 assignment imported" in n for n in notifications(app))

    assert _counts(register)[:2] == (before[0] + 1, before[1] + 1)
    with register.read() as session:
        meeting = session.exec(select(Meeting).order_by(col(Meeting.id).desc())).first()
        assert meeting is not None and meeting.date == date(2026, 10, 19)
        items = session.exec(select(Assignment).where(Assignment.meeting_id == meeting.id)).all()
        assert [session.get(Person, a.owner_id).full_name for a in items] == ["Сандалов Михаил"]


async def test_a_refused_import_is_said_in_one_line_and_keeps_the_review(
    register, make_app, monkeypatch
):
    app = make_app(register)
    before = _counts(register)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await _read(pilot, PROTOCOL)
        table = screen.table
        table.move_cursor(row=1)
        await settle(pilot)
        await pilot.press("space")  # the item with the problem is left out
        review = screen.review

        @contextmanager
        def locked():
            raise StorageError("The database is locked by another program")
            yield

        monkeypatch.setattr(register, "write", locked)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _screen(app) is screen and screen.review is review
        assert [p.accepted for p in review.proposals] == [True, False, True]
        assert any("locked" in n for n in notifications(app))
        assert "locked" in str(screen.query_one("#import-status").content)
        assert app.is_running
    assert _counts(register) == before


async def test_the_text_can_be_shown_again_and_escape_closes_without_writing(register, make_app):
    app = make_app(register)
    before = _counts(register)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.press("ctrl+r")  # nothing pasted, no file: said, nothing read
        await settle(pilot)
        screen = _screen(app)
        assert screen.review is None
        assert "Paste the text" in str(screen.query_one("#import-status").content)
        screen.query_one("#import-path", Input).value = "register.csv"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "import tables with taskboard import" in str(
            screen.query_one("#import-status").content
        )
        screen.query_one("#import-path", Input).value = ""
        await settle(pilot)

        screen = await _read_again(pilot, screen, PROTOCOL)
        assert screen.has_class("-review")
        await pilot.press("t")
        assert screen.has_class("-source") and screen.review is not None
        await pilot.press("escape")  # from the text: back to the proposals, kept as they were
        assert screen.has_class("-review")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportReviewScreen)
    assert _counts(register) == before


async def _read_again(pilot, screen: ImportReviewScreen, text: str) -> ImportReviewScreen:
    screen.query_one("#import-text", TextArea).focus()
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)
    await pilot.press("ctrl+r")
    assert await wait_until(pilot, lambda: screen.review is not None and not screen.checking)
    return screen


async def test_the_command_palette_opens_the_import_screen(register, make_app):
    app = make_app(register)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for key in "import a protocol":
            await pilot.press(key if key != " " else "space")
        await pilot.pause(0.5)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ImportReviewScreen))


def test_the_help_lists_the_import_key_and_the_import_screen_keys():
    import io

    from rich.console import Console

    console = Console(width=160, record=True, file=io.StringIO())
    console.print(help_table())
    shown = console.export_text()
    assert "Import a protocol or press release" in shown
    for binding in import_bindings():
        assert binding.tooltip in shown
