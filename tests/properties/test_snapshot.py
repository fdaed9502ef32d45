"""Properties of the JSON export and its restore (``snapshot.py``): loss-free, all or nothing.

Registers are generated through the services: people, meetings, assignments with hostile
text, co-executors, tags, then status changes, notes and extensions in any order (the ones
the workflow refuses are simply refused), so the history and every table are exercised.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from taskboard import snapshot
from taskboard.domain import services
from taskboard.domain.models import Assignment, Event, Person
from taskboard.errors import InvalidInput, TaskboardError
from taskboard.storage.database import Database
from tests.properties.conftest import fresh_database
from tests.properties.strategies import full_names, hostile_texts

ACTOR = "Тестов Т.Т."

_STAMP = re.compile(rb'\n  "exported_at": "[^"\n]*",')

operations = st.lists(
    st.tuples(
        st.sampled_from(("start", "done", "cancel", "reopen", "note", "extend", "edit")),
        st.integers(0, 7),
        hostile_texts(),
        st.integers(1, 400),
    ),
    max_size=12,
)


@st.composite
def registers(draw: st.DrawFn) -> dict[str, Any]:
    """The plan of a register: people, meetings, assignments and what happened to them."""
    people = draw(
        st.lists(
            full_names().map(" ".join),
            min_size=1,
            max_size=4,
            unique_by=lambda n: n.casefold().replace("ё", "е"),
        )
    )
    meetings = draw(st.lists(hostile_texts().filter(str.strip), max_size=2))
    assignments = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "text": hostile_texts().filter(str.strip),
                    "owner": st.integers(0, len(people) - 1),
                    "co": st.lists(st.integers(0, len(people) - 1), max_size=3, unique=True),
                    "meeting": st.none() | st.integers(0, max(len(meetings) - 1, 0)),
                    "due": st.dates(date(2026, 1, 1), date(2028, 12, 31)),
                    "tags": st.lists(
                        hostile_texts(max_size=2).map(str.strip).filter(bool),
                        max_size=3,
                        unique=True,
                    ),
                    "priority": st.sampled_from(("high", "normal", "low")),
                }
            ),
            min_size=1,
            max_size=5,
        )
    )
    return {
        "people": people,
        "meetings": meetings if all(meetings) else [],
        "assignments": assignments,
        "operations": draw(operations),
    }


def _build(db: Database, plan: dict[str, Any]) -> None:
    with db.write() as s:
        people = []
        for name in plan["people"]:
            person = services.add_person(s, full_name=name, actor=ACTOR)
            people.append(person.id)
        meetings = []
        for title in plan["meetings"]:
            meeting = services.add_meeting(s, title=title, date=date(2026, 11, 10), actor=ACTOR)
            meetings.append(meeting.id)
        ids = []
        for a in plan["assignments"]:
            owner = people[a["owner"]]
            added = services.add_assignment(
                s,
                text=a["text"],
                owner_id=owner,
                actor=ACTOR,
                due=a["due"],
                meeting_id=meetings[a["meeting"]]
                if meetings and a["meeting"] is not None
                else None,
                co_executor_ids=[people[i] for i in a["co"] if people[i] != owner],
                tags=a["tags"],
                priority=a["priority"],
            )
            ids.append(added.id)
    for kind, which, text, days in plan["operations"]:
        aid = ids[which % len(ids)]
        try:
            with db.write() as s:
                if kind == "start":
                    services.start(s, assignment_id=aid, actor=ACTOR)
                elif kind == "done":
                    services.done(s, assignment_id=aid, actor=ACTOR, note=text)
                elif kind == "cancel":
                    services.cancel(s, assignment_id=aid, reason=text, actor=ACTOR)
                elif kind == "reopen":
                    services.reopen(s, assignment_id=aid, actor=ACTOR)
                elif kind == "note":
                    services.add_note(s, assignment_id=aid, text=text, actor=ACTOR)
                elif kind == "extend":
                    current = services.get_assignment(s, aid).due or date(2026, 11, 24)
                    services.extend(
                        s,
                        assignment_id=aid,
                        new_due=current + timedelta(days=days),
                        reason=text,
                        actor=ACTOR,
                    )
                else:
                    services.edit_assignment(
                        s,
                        assignment_id=aid,
                        changes=services.AssignmentUpdate(text=text),
                        actor=ACTOR,
                    )
        except TaskboardError:
            continue  # refused by the workflow (an empty reason, done twice…): nothing written


def _rows(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        connection = s.connection()
        return tuple(  # type: ignore[return-value]
            connection.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (Person, Assignment, Event)
        )


@given(plan=registers())
def test_export_restore_export_gives_the_same_bytes_but_the_time_of_export(
    plan: dict[str, Any],
) -> None:
    with fresh_database() as source:
        _build(source, plan)
        first = snapshot.export_bytes(source, "json")
    data = snapshot.parse_export(first, "register.json")
    with fresh_database() as target:
        with target.write() as s:
            summary = snapshot.restore(s, data, name="register.json", target="target")
        assert summary.counts["assignments"] == len(plan["assignments"])
        again = snapshot.export_bytes(target, "json")
    assert _STAMP.search(first) and _STAMP.search(again)
    assert _STAMP.sub(b"", again) == _STAMP.sub(b"", first)


@given(plan=registers(), data=st.data())
def test_an_export_with_a_broken_reference_is_refused_and_writes_nothing(
    plan: dict[str, Any], data: st.DataObject
) -> None:
    with fresh_database() as source:
        _build(source, plan)
        exported = json.loads(snapshot.export_bytes(source, "json"))
    section, column = data.draw(
        st.sampled_from(
            (("assignments", "owner_id"), ("events", "assignment_id"), ("assignments", "co"))
        )
    )
    rows = [r for r in exported[section] if column == "co" or r.get(column) is not None]
    if not rows:
        rows = exported["assignments"]
        section, column = "assignments", "owner_id"
    row = data.draw(st.sampled_from(rows))
    missing = 10**6 + data.draw(st.integers(0, 1000))
    if column == "co":
        row["co_executors"] = [*row["co_executors"], missing]
    else:
        row[column] = missing
    payload = json.dumps(exported, ensure_ascii=False).encode("utf-8")
    with fresh_database() as target:
        try:
            with target.write() as s:
                snapshot.restore(
                    s, snapshot.parse_export(payload, "broken.json"), name="broken.json", target="t"
                )
        except InvalidInput as exc:
            assert "broken.json" in exc.message
        else:
            raise AssertionError(f"a {section}.{column} pointing nowhere was restored")
        assert _rows(target) == (0, 0, 0)
