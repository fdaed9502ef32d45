"""The domain services: recording, the status workflow, extensions, notes, edits, history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from taskboard.domain import services
from taskboard.domain.models import Assignment, Event, Extension, Note
from taskboard.domain.queries import AssignmentFilter, assignment_detail, list_assignments
from taskboard.errors import InvalidInput, InvalidTransition, NotFound, StaleVersion
from tests.conftest import TODAY
from tests.unit import factories as f


def events(session, assignment_id: int) -> list[tuple[str, str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    rows = session.exec(
        select(Event).where(Event.assignment_id == assignment_id).order_by(Event.id)
    )
    return [(e.kind, e.field, e.old_value, e.new_value) for e in rows]


def test_assignment_without_deadline_is_due_one_month_after_its_meeting(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        # 31 Oct 2026 + one month = 30 Nov 2026 (the month's last day), a Monday.
        m = f.meeting(s, held=date(2026, 10, 31))
        aid = f.assignment(s, owner, due=None, meeting_id=m)
        assert s.get(Assignment, aid).due == date(2026, 11, 30)


def test_default_deadline_on_a_weekend_moves_to_the_preceding_friday(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        m = f.meeting(s, held=date(2026, 11, 5))  # + 1 month = Saturday 5 Dec 2026
        aid = f.assignment(s, owner, due=None, meeting_id=m)
        assert s.get(Assignment, aid).due == date(2026, 12, 4)


def test_meeting_assignments_get_consecutive_item_numbers_and_the_chair_as_author(db) -> None:
    with db.write() as s:
        chair = f.person(s, "Соколов Александр")
        owner = f.person(s)
        m = f.meeting(s, chair_id=chair)
        first = services.add_assignment(
            s, text="a", owner_id=owner, meeting_id=m, actor="t", due=date(2026, 12, 1)
        )
        second = services.add_assignment(
            s, text="b", owner_id=owner, meeting_id=m, actor="t", due=date(2026, 12, 1)
        )
        assert (first.number, second.number) == ("1", "2")
        assert first.author_id == chair


def test_item_number_must_be_unique_within_its_meeting(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        m = f.meeting(s)
        f.assignment(s, owner, meeting_id=m, number="2.1")
        with pytest.raises(InvalidInput, match=r"already has an assignment number 2\.1"):
            f.assignment(s, owner, meeting_id=m, number="2.1")


def test_empty_text_is_refused(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        with pytest.raises(InvalidInput, match="must not be empty"):
            f.assignment(s, owner, text="   ")


def test_unknown_owner_id_is_refused(db) -> None:
    with db.write() as s, pytest.raises(NotFound, match="No person with id 99"):
        f.assignment(s, 99)


def test_status_workflow_open_start_done_reopen_cancel(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s))
        services.start(s, assignment_id=aid, actor="t")
        assert s.get(Assignment, aid).status == "in_progress"
        services.done(s, assignment_id=aid, actor="t", note="Исполнено полностью")
        a = s.get(Assignment, aid)
        assert (a.status, a.closed_on) == ("done", TODAY)
        services.reopen(s, assignment_id=aid, actor="t")
        a = s.get(Assignment, aid)
        assert (a.status, a.closed_on) == ("open", None)
        services.cancel(s, assignment_id=aid, reason="Утратило актуальность", actor="t")
        assert s.get(Assignment, aid).status == "cancelled"
        kinds = [(k, fld, old, new) for k, fld, old, new in events(s, aid) if k == "status"]
        assert kinds == [
            ("status", "status", "open", "in_progress"),
            ("status", "status", "in_progress", "done"),
            ("status", "status", "done", "open"),
            ("status", "status", "open", "cancelled"),
        ]


@pytest.mark.parametrize(
    ("setup", "action", "message"),
    [
        ("done", "start", "only an open one can be started"),
        ("in_progress", "start", "only an open one can be started"),
        ("open", "reopen", "only a done or cancelled one can be reopened"),
        ("done", "done", "already done"),
        ("cancelled", "cancel", "already cancelled"),
    ],
)
def test_impossible_status_changes_are_refused(db, setup: str, action: str, message: str) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s))
        if setup == "done":
            services.done(s, assignment_id=aid, actor="t")
        elif setup == "in_progress":
            services.start(s, assignment_id=aid, actor="t")
        elif setup == "cancelled":
            services.cancel(s, assignment_id=aid, reason="r", actor="t")
    with db.write() as s, pytest.raises(InvalidTransition, match=message):
        kwargs = {"reason": "r"} if action == "cancel" else {}
        getattr(services, action)(s, assignment_id=aid, actor="t", **kwargs)


def test_cancel_needs_a_reason(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s))
        with pytest.raises(InvalidInput, match="reason must not be empty"):
            services.cancel(s, assignment_id=aid, reason=" ", actor="t")


def test_extension_keeps_the_original_deadline_and_is_counted(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s), due=date(2026, 12, 10))
        services.extend(
            s, assignment_id=aid, new_due=date(2027, 1, 20), reason="Ждём ответа", actor="t"
        )
        services.extend(
            s, assignment_id=aid, new_due=date(2027, 2, 26), reason="Бизнес-миссия", actor="t"
        )
    with db.read() as s:
        detail = assignment_detail(s, aid, today=TODAY)
        assert detail.row.due == date(2027, 2, 26)
        assert detail.row.original_due == date(2026, 12, 10)
        assert detail.row.extensions == 2
        assert [(e.old_due, e.new_due, e.reason) for e in detail.extensions] == [
            (date(2026, 12, 10), date(2027, 1, 20), "Ждём ответа"),
            (date(2027, 1, 20), date(2027, 2, 26), "Бизнес-миссия"),
        ]
        assert ("extended", "due", "2026-12-10", "2027-01-20") in events(s, aid)


def test_extension_needs_a_reason_and_a_later_date_and_an_active_assignment(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s), due=date(2026, 12, 10))
    with db.write() as s, pytest.raises(InvalidInput, match="reason must not be empty"):
        services.extend(s, assignment_id=aid, new_due=date(2027, 1, 1), reason="", actor="t")
    with db.write() as s, pytest.raises(InvalidInput, match="must be after the current one"):
        services.extend(s, assignment_id=aid, new_due=date(2026, 12, 1), reason="r", actor="t")
    with db.write() as s:
        services.done(s, assignment_id=aid, actor="t")
    with db.write() as s, pytest.raises(InvalidTransition, match="reopen it before extending"):
        services.extend(s, assignment_id=aid, new_due=date(2027, 1, 1), reason="r", actor="t")
    with db.read() as s:
        assert s.exec(select(Extension)).all() == []


def test_notes_are_dated_and_attributed(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s))
        services.add_note(s, assignment_id=aid, text="Письмо направлено", actor="Иванова Е.П.")
    with db.read() as s:
        note = s.exec(select(Note)).one()
        assert (note.text, note.actor) == ("Письмо направлено", "Иванова Е.П.")
        assert note.created_at.tzinfo is not None
        assert ("note", None, None, "Письмо направлено") in events(s, aid)


def test_edit_writes_one_history_event_per_changed_field_with_old_and_new(db) -> None:
    with db.write() as s:
        owner = f.person(s, "Сандалов Михаил")
        other = f.person(s, "Волосков Сергей Александрович")
        aid = f.assignment(s, owner, text="Старый текст", tags=["a"])
        services.edit_assignment(
            s,
            assignment_id=aid,
            actor="t",
            changes=services.AssignmentUpdate(
                text="Новый текст",
                owner_id=other,
                tags=["b", "a"],
                priority="high",
            ),
        )
    with db.read() as s:
        edits = [e for e in events(s, aid) if e[0] == "edited"]
        assert ("edited", "text", "Старый текст", "Новый текст") in edits
        assert ("edited", "owner_id", str(owner), str(other)) in edits
        assert ("edited", "tags", '["a"]', '["a", "b"]') in edits
        assert ("edited", "priority", "normal", "high") in edits
        assert len(edits) == 4


def test_edit_with_nothing_changed_writes_no_history_and_keeps_the_version(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s), text="Текст")
        version = s.get(Assignment, aid).version
        services.edit_assignment(
            s, assignment_id=aid, actor="t", changes=services.AssignmentUpdate(text="Текст")
        )
        assert s.get(Assignment, aid).version == version
        assert [e for e in events(s, aid) if e[0] == "edited"] == []


def test_every_change_bumps_the_version(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s))
    versions = []
    for change in (
        lambda s: services.add_note(s, assignment_id=aid, text="n", actor="t"),
        lambda s: services.start(s, assignment_id=aid, actor="t"),
        lambda s: services.extend(
            s, assignment_id=aid, new_due=date(2027, 3, 1), reason="r", actor="t"
        ),
        lambda s: services.edit_assignment(
            s, assignment_id=aid, actor="t", changes=services.AssignmentUpdate(text="x")
        ),
    ):
        with db.write() as s:
            change(s)
        with db.read() as s:
            versions.append(s.get(Assignment, aid).version)
    assert versions == [2, 3, 4, 5]


def test_a_change_based_on_a_stale_version_is_refused_and_nothing_is_written(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s), text="Исходный")
    with db.read() as s:
        seen = s.get(Assignment, aid).version
    with db.write() as s:  # somebody else edits meanwhile
        services.edit_assignment(
            s,
            assignment_id=aid,
            actor="other",
            changes=services.AssignmentUpdate(text="Чужая правка"),
            expected_version=seen,
        )
    with db.write() as s, pytest.raises(StaleVersion, match="changed by someone else"):
        services.edit_assignment(
            s,
            assignment_id=aid,
            actor="me",
            changes=services.AssignmentUpdate(text="Моя правка"),
            expected_version=seen,
        )
    with db.write() as s, pytest.raises(StaleVersion):
        services.done(s, assignment_id=aid, actor="me", expected_version=seen)
    with db.read() as s:
        a = s.get(Assignment, aid)
        assert (a.text, a.status) == ("Чужая правка", "open")


def test_concurrent_orm_sessions_cannot_overwrite_each_other(db) -> None:
    """Two sessions load the same row; the second flush is refused by the version column."""
    with db.write() as s:
        aid = f.assignment(s, f.person(s), text="v1")
    from sqlmodel import Session

    from taskboard.storage.database import storage_error

    first = Session(db.engine, expire_on_commit=False)
    second = Session(db.engine, expire_on_commit=False)
    a1, a2 = first.get(Assignment, aid), second.get(Assignment, aid)
    second.commit()  # end the read transaction; a2 keeps the state it loaded (version 1)
    a1.text = "first"
    first.commit()
    a2.text = "second"
    with pytest.raises(Exception) as caught:
        second.commit()
    assert isinstance(storage_error(caught.value, db.url), StaleVersion)
    first.close()
    second.close()
    with db.read() as s:
        assert s.get(Assignment, aid).text == "first"


def test_recurring_assignment_creates_its_next_occurrence_when_done(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        co = f.person(s, "Волосков Сергей Александрович")
        aid = f.assignment(
            s,
            owner,
            text="Доклад",
            due=date(2026, 12, 4),
            tags=["доклад"],
            co_executor_ids=[co],
            recurrence="FREQ=MONTHLY;BYMONTHDAY=5",
        )
        services.done(s, assignment_id=aid, actor="t")
        services.reopen(s, assignment_id=aid, actor="t")
        services.done(s, assignment_id=aid, actor="t")  # no second copy
    with db.read() as s:
        rows = list_assignments(s, AssignmentFilter(status="all", sort="id"), today=TODAY)
        assert len(rows) == 2
        following = rows[1]
        # The 5th of January 2027 is a New Year holiday: moved back to 30 Dec 2026.
        assert following.due == date(2026, 12, 30)
        assert (following.text, following.tags, following.co_executors, following.status) == (
            "Доклад",
            ["доклад"],
            ["Волосков Сергей Александрович"],
            "open",
        )


def test_history_records_the_configured_actor_for_each_change(db) -> None:
    with db.write() as s:
        aid = f.assignment(s, f.person(s))
        services.start(s, assignment_id=aid, actor="Иванова Е.П.")
    with db.read() as s:
        actors = [e.actor for e in s.exec(select(Event).where(Event.assignment_id == aid))]
        assert actors == [f.ACTOR, "Иванова Е.П."]
