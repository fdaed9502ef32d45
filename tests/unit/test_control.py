"""Control levels and the at-risk early warning (issue 13): the level parser, and the rule's
edges — the quiet days, the working days, what counts as activity, what is never at risk."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from taskboard.config import load_settings
from taskboard.domain import intake, listing, services
from taskboard.domain.control import AtRiskRule, at_risk_ids, parse_level
from taskboard.domain.models import Assignment, Extension, Note, Report
from taskboard.domain.queries import AssignmentFilter, list_assignments, reader_of
from taskboard.errors import InvalidInput
from tests.conftest import TODAY
from tests.unit import factories as f

RULE = AtRiskRule(quiet_days=14, within_days=10)
NEAR = date(2026, 12, 8)
"""The 10th working day after TODAY (Tuesday 24.11.2026): the last deadline that is "near"."""


def on_day(day: date) -> datetime:
    """Local noon of ``day`` in UTC, as timestamps are stored."""
    return datetime.combine(day, time(12)).astimezone().astimezone(UTC)


def days_ago(n: int) -> datetime:
    return on_day(TODAY - timedelta(days=n))


def age(session, model, row_id: int, when: datetime) -> None:  # type: ignore[no-untyped-def]
    """Move a record's ``created_at`` back (the tests' today is fixed, the clock is not)."""
    session.exec(update(model).where(model.id == row_id).values(created_at=when))  # type: ignore[call-overload]


def risky(db, rule: AtRiskRule = RULE, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return at_risk_ids(reader_of(s), TODAY, rule, **kw)


@pytest.fixture
def owner(db) -> int:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return f.person(s)


def quiet_one(db, owner: int, due: date = NEAR, created: int = 30) -> int:  # type: ignore[no-untyped-def]
    """An open assignment created ``created`` days ago with nothing since."""
    with db.write() as s:
        aid = f.assignment(s, owner, due=due)
        age(s, Assignment, aid, days_ago(created))
    return aid


# --- the rule ------------------------------------------------------------------------------


def test_a_quiet_assignment_due_within_the_working_days_is_at_risk(db, owner) -> None:  # type: ignore[no-untyped-def]
    aid = quiet_one(db, owner)
    assert risky(db) == [aid]


def test_the_working_days_boundary_is_the_tenth_working_day(db, owner) -> None:  # type: ignore[no-untyped-def]
    # 24.11 + 10 working days (weekends skipped) = 08.12; 09.12 is 15 calendar days away but
    # the 11th working day.
    last = quiet_one(db, owner, due=NEAR)
    quiet_one(db, owner, due=NEAR + timedelta(days=1))
    assert risky(db) == [last]
    assert RULE.horizon(TODAY) == NEAR


def test_a_weekend_inside_the_window_is_not_counted(db, owner) -> None:  # type: ignore[no-untyped-def]
    # Three working days after Tuesday 24.11 is Friday 27.11; Monday 30.11 is the fourth.
    short = AtRiskRule(quiet_days=14, within_days=3)
    friday = quiet_one(db, owner, due=date(2026, 11, 27))
    quiet_one(db, owner, due=date(2026, 11, 30))
    assert risky(db, short) == [friday]


def test_the_quiet_days_boundary_counts_whole_days(db, owner) -> None:  # type: ignore[no-untyped-def]
    quiet, lively = quiet_one(db, owner), quiet_one(db, owner)
    with db.write() as s:
        old = services.add_note(s, assignment_id=quiet, text="Ход", actor=f.ACTOR)
        fresh = services.add_note(s, assignment_id=lively, text="Ход", actor=f.ACTOR)
        age(s, Note, old.id, days_ago(14))  # type: ignore[arg-type]
        age(s, Note, fresh.id, days_ago(13))  # type: ignore[arg-type]
    # 14 days without a note: at risk; the note 13 days ago is within the 14 days.
    assert risky(db) == [quiet]


def test_creation_counts_as_activity(db, owner) -> None:  # type: ignore[no-untyped-def]
    new = quiet_one(db, owner, created=13)
    old = quiet_one(db, owner, created=14)
    assert risky(db) == [old]
    assert new not in risky(db)


def test_a_report_or_an_extension_counts_as_activity(db, owner) -> None:  # type: ignore[no-untyped-def]
    co = None
    with db.write() as s:
        co = f.person(s, "Волосков Сергей Александрович")
    reported = quiet_one(db, owner)
    extended = quiet_one(db, owner, due=date(2026, 12, 1))
    with db.write() as s:
        services.extend(
            s, assignment_id=extended, new_due=NEAR, reason="Ответ министерства", actor=f.ACTOR
        )
        s.add(
            Report(
                assignment_id=reported,
                created_at=days_ago(2),
                actor=f.ACTOR,
                text="Часть работы",
                reported_on=TODAY,
                person_id=co,
            )
        )
    assert risky(db) == []
    with db.write() as s:
        for ext in s.exec(  # type: ignore[call-overload]
            Extension.__table__.select().where(Extension.assignment_id == extended)  # type: ignore[attr-defined]
        ):
            age(s, Extension, ext.id, days_ago(20))
    assert risky(db) == [extended]


def test_closed_review_and_overdue_ones_are_never_at_risk(db, owner) -> None:  # type: ignore[no-untyped-def]
    done, cancelled, review, rework = (quiet_one(db, owner) for _ in range(4))
    overdue = quiet_one(db, owner, due=TODAY - timedelta(days=1))
    due_today = quiet_one(db, owner, due=TODAY)
    with db.write() as s:
        services.done(s, assignment_id=done, actor=f.ACTOR)
        services.cancel(s, assignment_id=cancelled, reason="Снято", actor=f.ACTOR)
        for aid in (review, rework):
            report = services.submit(s, assignment_id=aid, text="Исполнено", actor=f.ACTOR)
            age(s, Report, report.id, days_ago(20))  # type: ignore[arg-type]
        services.return_for_rework(s, assignment_id=rework, comment="Не полно", actor=f.ACTOR)
    # Under review: the report is in, the controller's turn. In rework: the owner's again.
    assert risky(db) == [due_today, rework]
    with db.read() as s:
        [late] = list_assignments(s, AssignmentFilter(ids=[overdue]), today=TODAY, risk=RULE)
        assert late.overdue and not late.at_risk


def test_quiet_days_zero_turns_the_warning_off(db, owner) -> None:  # type: ignore[no-untyped-def]
    quiet_one(db, owner)
    assert risky(db, AtRiskRule(quiet_days=0, within_days=10)) == []


def test_at_risk_ids_of_one_person_are_those_they_own_or_share(db, owner) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        other = f.person(s, "Волосков Сергей Александрович")
        third = f.person(s, "Петрова Елена Андреевна")
    mine = quiet_one(db, owner)
    with db.write() as s:
        shared = f.assignment(s, other, due=NEAR, co_executor_ids=[owner])
        theirs = f.assignment(s, third, due=NEAR)
        for aid in (shared, theirs):
            age(s, Assignment, aid, days_ago(30))
    assert risky(db, person_id=owner) == [mine, shared]
    assert risky(db, person_id=other) == [shared]
    assert risky(db, ids=[theirs, mine]) == [mine, theirs]


def test_listings_carry_the_flag_and_the_level_and_filter_by_them(db, owner) -> None:  # type: ignore[no-untyped-def]
    aid = quiet_one(db, owner)
    with db.write() as s:
        calm = f.assignment(s, owner, due=NEAR, control_level="governor")
    with db.read() as s:
        reader = reader_of(s)
        rows = {r.id: r for r in listing.rows(reader, AssignmentFilter(), today=TODAY)}
        assert (rows[aid].at_risk, rows[aid].control_level) == (True, None)
        assert (rows[calm].at_risk, rows[calm].control_level) == (False, "governor")
        table = {r.id: r for r in listing.table_rows(reader, AssignmentFilter(), today=TODAY)}
        assert table[aid].at_risk and table[calm].control_level == "governor"
        only_risky = AssignmentFilter(at_risk=RULE)
        assert [r.id for r in listing.rows(reader, only_risky, today=TODAY)] == [aid]
        assert listing.count(reader, only_risky, today=TODAY) == 1
        governor = AssignmentFilter(level="governor")
        assert [r.id for r in listing.rows(reader, governor, today=TODAY)] == [calm]


# --- the levels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("governor", "governor"),
        ("GOVERNOR", "governor"),
        ("у Губернатора", "governor"),
        ("губернатор", "governor"),
        ("the Deputy Governor", "deputy"),
        ("у заместителя губернатора", "deputy"),
        ("заместитель", "deputy"),
        ("head", "head"),
        ("у руководителя", "head"),
        ("  руководитель ", "head"),
    ],
)
def test_a_level_is_read_from_its_key_or_label_in_either_language(typed: str, key: str) -> None:
    assert parse_level(typed) == key


@pytest.mark.parametrize("typed", ["mayor", "", "у", "министр"])
def test_an_unknown_level_is_refused_naming_the_levels(typed: str) -> None:
    with pytest.raises(InvalidInput, match=r"Unknown control level .*governor.*deputy.*head"):
        parse_level(typed)


def test_custom_levels_from_the_config_replace_the_built_in_ones(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[control]\nlevels = { minister = "у министра", department = "у начальника департамента" }'
        "\nat_risk_quiet_days = 7\nat_risk_within_days = 5\n",
        encoding="utf-8",
    )
    control = load_settings(config).control
    assert parse_level("у министра", control) == "minister"
    assert parse_level("начальника", control) == "department"
    assert parse_level("DEPARTMENT", control) == "department"
    with pytest.raises(InvalidInput, match=r"minister \(у министра\), department"):
        parse_level("governor", control)
    assert AtRiskRule.of(control) == AtRiskRule(quiet_days=7, within_days=5)


def test_intake_records_changes_and_clears_a_level_with_history(db, owner) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        data = intake.AssignmentInput(text="Проработать", owner=str(owner), control_level="мэр")
        with pytest.raises(intake.IntakeProblems):
            intake.add_assignment(s, data, actor=f.ACTOR, today=TODAY)
    with db.write() as s:
        data.control_level = "губернатор"
        aid = intake.add_assignment(s, data, actor=f.ACTOR, today=TODAY).id
        assert aid is not None
    for typed, stored in (("deputy", "deputy"), ("none", None)):
        with db.write() as s:
            changes = intake.AssignmentChanges(control_level=typed)
            assert (
                intake.edit_assignment(s, aid, changes, actor=f.ACTOR, today=TODAY).control_level
                == stored
            )
    with db.read() as s:
        from sqlmodel import select

        from taskboard.domain.models import Event

        events = s.exec(select(Event).where(Event.field == "control_level").order_by(Event.id))
        assert [(e.old_value, e.new_value) for e in events] == [
            ("governor", "deputy"),
            ("deputy", None),
        ]
