"""Extension requests in the domain: a request leaves the deadline alone, a grant is an ordinary
extension linked to it, a refusal keeps the deadline; every refusal of a step changes nothing;
undo takes each step back; the listing filters and shows pending requests; the extension
limit's warning."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel import col, func, select

from taskboard.domain import requests, services, undo
from taskboard.domain.models import Assignment, Event, EventKind, Extension, ExtensionRequest
from taskboard.domain.queries import AssignmentFilter, assignment_detail, list_assignments
from taskboard.errors import InvalidInput, InvalidTransition, StaleVersion
from tests.conftest import TODAY
from tests.unit import factories as f

ME = f.ACTOR
CONTROLLER = "Иванова Е.П."
ASKED = date(2026, 12, 25)
ASKED_WHY = "Ждём ответа министерства"


@pytest.fixture
def one(db):  # type: ignore[no-untyped-def]
    """Assignment 1: Сандалов, due 2026-12-10, open."""
    with db.write() as s:
        owner = f.person(s)
        f.assignment(s, owner)
    return db


def state(db, assignment_id: int = 1) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Everything a step may change: the row, its history, its extensions and requests."""
    with db.read() as s:
        a = s.get(Assignment, assignment_id)
        assert a is not None
        count = lambda model: s.exec(  # noqa: E731
            select(func.count()).select_from(model).where(model.assignment_id == assignment_id)
        ).one()
        return {
            "due": a.due,
            "original_due": a.original_due,
            "version": a.version,
            "events": count(Event),
            "extensions": count(Extension),
            "requests": [
                (
                    r.requested_due,
                    r.reason,
                    r.state,
                    r.decided_by,
                    r.decision_reason,
                    r.extension_id,
                )
                for r in s.exec(
                    select(ExtensionRequest)
                    .where(ExtensionRequest.assignment_id == assignment_id)
                    .order_by(col(ExtensionRequest.id))
                )
            ],
        }


def kinds(db, assignment_id: int = 1) -> list[tuple[str, str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    """(kind, old, new, reason) of each event after the creation."""
    with db.read() as s:
        rows = s.exec(
            select(Event).where(Event.assignment_id == assignment_id).order_by(col(Event.id))
        )
        return [(e.kind, e.old_value, e.new_value, e.reason) for e in rows][1:]


def ask(db, new_due: date = ASKED, reason: str = "Ждём ответа министерства", **kw: Any):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return requests.request_extension(
            s, assignment_id=1, new_due=new_due, reason=reason, actor=ME, **kw
        )


def grant(db, **kw: Any):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return requests.grant(s, assignment_id=1, actor=CONTROLLER, **kw)


def refuse(db, reason: str = "Срок установлен Губернатором", **kw: Any):  # type: ignore[no-untyped-def]
    with db.write() as s:
        return requests.refuse(s, assignment_id=1, reason=reason, actor=CONTROLLER, **kw)


def test_a_request_is_pending_with_its_event_and_the_deadline_does_not_move(one) -> None:
    before = state(one)
    request = ask(one)
    assert (request.state, request.actor, request.requested_due) == ("pending", ME, ASKED)
    after = state(one)
    assert after["due"] == date(2026, 12, 10)
    assert after["extensions"] == 0
    assert after["version"] > before["version"]
    assert kinds(one) == [
        (
            EventKind.EXTENSION_REQUESTED.value,
            "2026-12-10",
            "2026-12-25",
            "Ждём ответа министерства",
        )
    ]


def test_a_grant_is_an_ordinary_extension_linked_to_the_request(one) -> None:
    ask(one)
    request, extension = grant(one, note="  Согласовано  ")
    after = state(one)
    assert (after["due"], after["original_due"], after["extensions"]) == (
        ASKED,
        date(2026, 12, 10),
        1,
    )
    assert (extension.old_due, extension.new_due, extension.reason, extension.actor) == (
        date(2026, 12, 10),
        ASKED,
        "Ждём ответа министерства",
        CONTROLLER,
    )
    assert after["requests"] == [
        (ASKED, "Ждём ответа министерства", "granted", CONTROLLER, "Согласовано", extension.id)
    ]
    assert request.decided_at is not None
    assert kinds(one)[1:] == [
        (EventKind.EXTENDED.value, "2026-12-10", "2026-12-25", None),
        (EventKind.EXTENSION_GRANTED.value, "2026-12-10", "2026-12-25", "Согласовано"),
    ]
    with one.read() as s:
        row = list_assignments(s, AssignmentFilter(), today=TODAY)[0]
    assert (row.extensions, row.extension_request) == (1, None)


def test_a_refusal_keeps_the_deadline_and_records_who_and_why(one) -> None:
    ask(one)
    refuse(one)
    after = state(one)
    assert (after["due"], after["extensions"]) == (date(2026, 12, 10), 0)
    assert after["requests"] == [
        (
            ASKED,
            "Ждём ответа министерства",
            "refused",
            CONTROLLER,
            "Срок установлен Губернатором",
            None,
        )
    ]
    assert kinds(one)[-1] == (
        EventKind.EXTENSION_REFUSED.value,
        "2026-12-10",
        "2026-12-25",
        "Срок установлен Губернатором",
    )


def test_after_a_decision_a_new_request_may_be_made(one) -> None:
    ask(one)
    refuse(one)
    ask(one, new_due=date(2026, 12, 18), reason="Хотя бы неделю")
    assert [r[2] for r in state(one)["requests"]] == ["refused", "pending"]


# --- refusals: one clear error, nothing changed -----------------------------------------------


def refused(db, error: type[Exception], match: str, step: Any) -> None:  # type: ignore[no-untyped-def]
    before = state(db)
    with pytest.raises(error, match=match):
        step()
    assert state(db) == before


def test_a_second_pending_request_is_refused_saying_how_to_resolve_it(one) -> None:
    ask(one)
    refused(
        one,
        InvalidTransition,
        r"already has a pending extension request \(to 2026-12-25\); grant it \(grant 1\) or "
        r"refuse it \(refuse 1 --reason TEXT\) first",
        lambda: ask(one, new_due=date(2026, 12, 28)),
    )


@pytest.mark.parametrize(
    ("new_due", "reason", "match"),
    [
        (date(2026, 12, 10), "Причина", "must be after the current one"),
        (date(2026, 12, 1), "Причина", "must be after the current one"),
        (ASKED, "   ", "The reason must not be empty"),
    ],
)
def test_a_request_is_checked_as_a_direct_extension(one, new_due, reason, match) -> None:
    refused(one, InvalidInput, match, lambda: ask(one, new_due=new_due, reason=reason))


def test_a_request_on_a_closed_or_standing_assignment_is_refused(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        closed = f.assignment(s, owner)
        services.done(s, assignment_id=closed, actor=ME)
        standing = f.assignment(s, owner, due=None, standing=True)
    for aid, match in ((closed, "is done; an extension is not requested"), (standing, "standing")):
        with pytest.raises(InvalidTransition, match=match), db.write() as s:
            requests.request_extension(s, assignment_id=aid, new_due=ASKED, reason="x", actor=ME)
    with db.read() as s:
        assert s.exec(select(func.count()).select_from(ExtensionRequest)).one() == 0


def test_a_stale_version_writes_no_request(one) -> None:
    refused(one, StaleVersion, "changed by someone else", lambda: ask(one, expected_version=99))


def test_grant_or_refuse_with_nothing_ever_requested_says_how_to_request(one) -> None:
    refused(
        one,
        InvalidTransition,
        r"has no extension request to grant; one is made with extend 1 --request",
        lambda: grant(one),
    )
    refused(one, InvalidTransition, "has no extension request to refuse", lambda: refuse(one))


def test_a_refused_request_granted_is_refused_naming_its_state(one) -> None:
    ask(one)
    refuse(one)
    refused(
        one,
        InvalidTransition,
        r"no pending extension request to grant: its last request \(to 2026-12-25\) is "
        r"already refused",
        lambda: grant(one),
    )


def test_a_granted_request_granted_twice_is_refused_naming_its_state(one) -> None:
    ask(one)
    grant(one)
    refused(one, InvalidTransition, "is already granted", lambda: grant(one))
    refused(one, InvalidTransition, "is already granted", lambda: refuse(one))


def test_a_refusal_needs_a_reason(one) -> None:
    ask(one)
    refused(one, InvalidInput, "The reason must not be empty", lambda: refuse(one, reason=" \n"))


def test_a_grant_is_refused_when_the_deadline_has_meanwhile_moved_past_the_request(one) -> None:
    ask(one)
    with one.write() as s:
        services.extend(s, assignment_id=1, new_due=date(2026, 12, 30), reason="x", actor=ME)
    refused(one, InvalidTransition, "no longer after the current one", lambda: grant(one))


def test_a_grant_on_an_assignment_closed_meanwhile_is_refused(one) -> None:
    """Closing it answered the request (refused, saying why): nothing is left to grant."""
    ask(one)
    with one.write() as s:
        services.done(s, assignment_id=1, actor=ME)
    refused(one, InvalidTransition, "is already refused", lambda: grant(one))


# --- undo ---------------------------------------------------------------------------------------


def undo_by(db, actor: str) -> str:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return undo.undo_last(s, actor=actor).message


def test_undo_of_a_request_withdraws_it(one) -> None:
    ask(one)
    message = undo_by(one, ME)
    assert message == "Undone: the extension request to 2026-12-25 is withdrawn."
    after = state(one)
    assert (after["requests"], after["due"]) == ([], date(2026, 12, 10))
    ask(one)  # no pending one left in the way


def test_undo_of_a_grant_restores_the_deadline_and_the_pending_request(one) -> None:
    ask(one)
    pending = state(one)["requests"]
    grant(one)
    message = undo_by(one, CONTROLLER)
    assert "the deadline of assignment 1 is 2026-12-10 again" in message
    assert "The extension request to 2026-12-25 is pending again." in message
    after = state(one)
    assert (after["due"], after["extensions"], after["requests"]) == (
        date(2026, 12, 10),
        0,
        pending,
    )
    grant(one)  # and it can be decided again
    assert state(one)["due"] == ASKED


def test_undo_of_a_refusal_makes_the_request_pending_again(one) -> None:
    ask(one)
    pending = state(one)["requests"]
    refuse(one)
    message = undo_by(one, CONTROLLER)
    assert message == (
        "Undone: the refusal of the extension request to 2026-12-25; it is pending again."
    )
    assert state(one)["requests"] == pending
    assert kinds(one)[-1][0] == EventKind.UNDONE.value


# --- the listing, the card, the limit -----------------------------------------------------------


def test_the_listing_filters_and_shows_pending_requests(db) -> None:
    with db.write() as s:
        owner = f.person(s)
        asked = f.assignment(s, owner)
        f.assignment(s, owner)
        decided = f.assignment(s, owner)
        for aid in (asked, decided):
            requests.request_extension(s, assignment_id=aid, new_due=ASKED, reason="x", actor=ME)
        requests.refuse(s, assignment_id=decided, reason="нет", actor=CONTROLLER)
    with db.read() as s:
        every = list_assignments(s, AssignmentFilter(), today=TODAY)
        only = list_assignments(s, AssignmentFilter(requested=True), today=TODAY)
        card = assignment_detail(s, decided, today=TODAY)
    assert [(x.id, x.extension_request) for x in every] == [
        (asked, ASKED),
        (asked + 1, None),
        (decided, None),
    ]
    assert [x.id for x in only] == [asked]
    assert only[0].to_json()["extension_request"] == "2026-12-25"
    assert [(q.state, q.decided_by, q.decision_reason) for q in card.requests] == [
        ("refused", CONTROLLER, "нет")
    ]
    assert card.to_json()["extension_requests"][0]["state"] == "refused"


@pytest.mark.parametrize(("limit", "warned"), [(0, False), (1, True), (2, False)])
def test_the_limit_warns_only_once_the_count_exceeds_it(one, limit: int, warned: bool) -> None:
    with one.write() as s:
        services.extend(s, assignment_id=1, new_due=date(2026, 12, 15), reason="x", actor=ME)
    ask(one)
    grant(one)
    with one.read() as s:
        warning = requests.limit_warning(s, 1, limit)
    if warned:
        assert warning == "Assignment 1 has now been extended 2 times, more than the limit of 1."
    else:
        assert warning is None
