"""The report model against the hand-built register of conftest.py, where every answer is known."""

from __future__ import annotations

from datetime import date

import pytest

from taskboard.domain.queries import reader_of
from taskboard.errors import InvalidInput
from taskboard.reports import Report, ReportParams, build_report
from taskboard.storage.database import open_database

from .conftest import GENERATED_AT, TODAY, Register


def report_for(register: Register, params: ReportParams | None = None) -> Report:
    db = open_database(register.path)
    try:
        with db.read() as session:
            return build_report(
                reader_of(session), params or ReportParams(), today=TODAY, generated_at=GENERATED_AT
            )
    finally:
        db.dispose()


def figures(counts) -> dict[str, object]:
    return counts.to_json()


def test_owner_summary_matches_the_hand_counted_register(register_db: Register) -> None:
    report = report_for(register_db)
    by_owner = {s.owner.split()[0]: figures(s.counts) for s in report.owners}
    assert by_owner["Волосков"] == {
        "total": 4,
        "done": 3,
        "done_on_time": 2,
        "done_late": 1,
        "cancelled": 0,
        "open": 1,
        "overdue": 1,
        "extensions": 1,
        "extended": 1,
        "corrections": 0,
        "reopened": 0,
        # A1 only by its original deadline (A3 was done after 05-14), of A1-A4 due by it.
        "on_time_original": 1,
        "due_original": 4,
        "returns": 0,
        "closed_ever": 3,
        # A2: 05-12 → done 05-20, 6 working days; A4: 06-01 → today 06-15, 9 (06-14 is off).
        "delay_days": 15,
        "on_time_share": 0.6667,
        "on_time_share_original": 0.25,
        "on_time_share_final": 0.5,
        "reopened_share": 0.0,
        "average_delay": 7.5,
    }
    assert by_owner["Сандалов"] == {
        "total": 3,
        "done": 1,
        "done_on_time": 0,
        "done_late": 1,
        "cancelled": 1,
        "open": 1,
        "overdue": 1,
        "extensions": 1,
        "extended": 1,
        "corrections": 0,
        "reopened": 1,
        "on_time_original": 0,
        "due_original": 2,
        "returns": 0,
        "closed_ever": 2,
        # A7: Saturday 05-15 → done 05-20, 4 working days; A5: 06-10 → 06-15, 2.
        "delay_days": 6,
        "on_time_share": 0.0,
        "on_time_share_original": 0.0,
        "on_time_share_final": 0.0,
        "reopened_share": 0.5,
        "average_delay": 3.0,
    }
    assert by_owner["Иванова"] == {
        "total": 3,
        "done": 1,
        "done_on_time": 1,
        "done_late": 0,
        "cancelled": 0,
        "open": 2,
        "overdue": 0,
        "extensions": 0,
        "extended": 0,
        "corrections": 1,
        "reopened": 1,
        "on_time_original": 1,
        "due_original": 1,
        "returns": 0,
        # A8 done, A9 done once and reopened.
        "closed_ever": 2,
        "delay_days": 0,
        "on_time_share": 1.0,
        "on_time_share_original": 1.0,
        "on_time_share_final": 1.0,
        "reopened_share": 0.5,
        "average_delay": None,
    }
    assert figures(report.totals) == {
        "total": 10,
        "done": 5,
        "done_on_time": 3,
        "done_late": 2,
        "cancelled": 1,
        "open": 4,
        "overdue": 2,
        "extensions": 2,
        "extended": 2,
        "corrections": 1,
        "reopened": 2,
        "on_time_original": 2,
        "due_original": 7,
        "returns": 0,
        "closed_ever": 7,
        "delay_days": 21,
        "on_time_share": 0.6,
        "on_time_share_original": 0.2857,
        "on_time_share_final": 0.4286,
        "reopened_share": 0.2857,
        "average_delay": 5.25,
    }


def test_owners_are_listed_most_overdue_first_then_by_name(register_db: Register) -> None:
    report = report_for(register_db)
    assert [s.owner.split()[0] for s in report.owners] == ["Волосков", "Сандалов", "Иванова"]


def test_done_before_an_extended_deadline_counts_on_time(register_db: Register) -> None:
    # A3: due 05-14, extended on 05-13 to 06-01, done 05-30 (after the original deadline).
    report = report_for(
        register_db,
        ReportParams(
            date_from=date(2027, 6, 1), date_to=date(2027, 6, 1), owner_id=register_db.ids["P1"]
        ),
    )
    # The period selects A3 (current deadline 06-01) and A4 (open, overdue).
    assert report.totals.done == 1
    assert report.totals.done_on_time == 1
    assert report.totals.extensions == 1


def test_reopened_then_done_again_is_judged_by_its_latest_closing(register_db: Register) -> None:
    # A7: due 05-15, done 05-10 (on time), reopened 05-12, done again 05-20: late.
    report = report_for(
        register_db, ReportParams(date_from=date(2027, 5, 15), date_to=date(2027, 5, 15))
    )
    assert report.totals.total == 1
    assert report.totals.done_late == 1
    assert report.totals.done_on_time == 0
    assert report.totals.reopened == 1


def test_reopened_and_still_open_counts_as_open(register_db: Register) -> None:
    # A9: due 06-20, done 06-01, reopened 06-05.
    report = report_for(
        register_db, ReportParams(date_from=date(2027, 6, 20), date_to=date(2027, 6, 20))
    )
    assert (report.totals.total, report.totals.open, report.totals.done) == (1, 1, 0)
    assert report.totals.reopened == 1
    assert report.totals.on_time_share is None


def test_cancelled_is_neither_on_time_nor_late(register_db: Register) -> None:
    # A6: due 05-25, cancelled 05-24.
    report = report_for(
        register_db, ReportParams(date_from=date(2027, 5, 25), date_to=date(2027, 5, 25))
    )
    t = report.totals
    assert (t.total, t.cancelled, t.done, t.done_on_time, t.done_late, t.open) == (1, 1, 0, 0, 0, 0)


def test_meeting_summary_in_meeting_order_with_standalone_last(register_db: Register) -> None:
    report = report_for(register_db)
    lines = [(s.meeting_id, s.date, figures(s.counts)) for s in report.meetings]
    ids = register_db.ids
    assert [line[0] for line in lines] == [ids["M1"], ids["M2"], None]
    m1, m2, standalone = (line[2] for line in lines)
    assert (m1["total"], m1["done_on_time"], m1["done_late"], m1["extensions"], m1["reopened"]) == (
        4,
        2,
        2,
        1,
        1,
    )
    assert (m2["total"], m2["cancelled"], m2["open"], m2["overdue"], m2["done"]) == (4, 1, 3, 2, 0)
    assert (standalone["total"], standalone["done_on_time"], standalone["open"]) == (2, 1, 1)


def test_overdue_list_longest_first_with_days_owner_and_co_executors(register_db: Register) -> None:
    report = report_for(register_db)
    ids = register_db.ids
    assert [(o.id, o.days_overdue) for o in report.overdue] == [(ids["A4"], 14), (ids["A5"], 5)]
    a4, a5 = report.overdue
    assert a4.owner == "Волосков Сергей Александрович"
    assert a4.co_executors == ["Иванова Елена Петровна"]
    assert (a5.status, a5.extensions, a5.original_due, a5.due) == (
        "in_progress",
        1,
        date(2027, 6, 4),
        date(2027, 6, 10),
    )


def test_extension_list_keeps_old_and_new_deadlines_and_reasons(register_db: Register) -> None:
    report = report_for(register_db)
    ids = register_db.ids
    got = [
        (e.assignment_id, e.granted_on, e.old_due, e.new_due, e.days, e.reason, e.overdue)
        for e in report.extensions
    ]
    assert got == [
        (
            ids["A3"],
            date(2027, 5, 13),
            date(2027, 5, 14),
            date(2027, 6, 1),
            18,
            "Ждём ответа белорусской стороны",
            False,
        ),
        (
            ids["A5"],
            date(2027, 6, 3),
            date(2027, 6, 4),
            date(2027, 6, 10),
            6,
            "Перенос даты поездки",
            True,
        ),
    ]


def test_a_correction_is_listed_with_its_reason_and_counted_apart_from_extensions(
    register_db: Register,
) -> None:
    # A10: due 07-15, corrected on 06-07 to 07-22 through an edit (not an extension).
    report = report_for(register_db)
    ids = register_db.ids
    assert [
        (c.assignment_id, c.corrected_on, c.old_due, c.new_due, c.days, c.reason, c.overdue)
        for c in report.corrections
    ] == [
        (
            ids["A10"],
            date(2027, 6, 7),
            date(2027, 7, 15),
            date(2027, 7, 22),
            7,
            "В протоколе срок 22 июля, при вводе ошибка",
            False,
        )
    ]
    assert (report.totals.corrections, report.totals.extensions) == (1, 2)
    assert [e.assignment_id for e in report.extensions] == [ids["A3"], ids["A5"]]
    standalone = report.meetings[-1]
    assert (standalone.meeting_id, standalone.counts.corrections) == (None, 1)


def test_period_selects_by_current_deadline(register_db: Register) -> None:
    # May: A1, A2, A6, A7. A3 was due 05-14 but its deadline is now 06-01: not selected.
    report = report_for(
        register_db, ReportParams(date_from=date(2027, 5, 1), date_to=date(2027, 5, 31))
    )
    t = report.totals
    assert (t.total, t.done, t.done_on_time, t.done_late, t.cancelled, t.overdue, t.extensions) == (
        4,
        3,
        1,
        2,
        1,
        0,
        0,
    )
    assert report.overdue == []
    assert report.extensions == []
    assert (t.corrections, report.corrections) == (0, [])  # A10's deadline is in July


def test_an_empty_period_gives_zeros_and_empty_lists(register_db: Register) -> None:
    report = report_for(
        register_db, ReportParams(date_from=date(2030, 1, 1), date_to=date(2030, 12, 31))
    )
    assert report.is_empty
    assert report.totals.to_json()["total"] == 0
    assert report.owners == [] and report.meetings == []
    assert report.overdue == [] and report.extensions == [] and report.corrections == []


def test_owner_and_meeting_filters_narrow_the_selection(register_db: Register) -> None:
    ids = register_db.ids
    by_owner = report_for(register_db, ReportParams(owner_id=ids["P2"]))
    assert by_owner.owner_name == "Сандалов Михаил Анатольевич"
    assert [s.owner_id for s in by_owner.owners] == [ids["P2"]]
    assert by_owner.totals.total == 3
    by_meeting = report_for(register_db, ReportParams(meeting_id=ids["M2"]))
    assert by_meeting.meeting_title == "Оперативное совещание"
    assert by_meeting.totals.total == 4
    assert [o.id for o in by_meeting.overdue] == [ids["A4"], ids["A5"]]


def test_a_period_that_ends_before_it_starts_is_refused(register_db: Register, english) -> None:
    with pytest.raises(InvalidInput, match="starts"):
        report_for(register_db, ReportParams(date_from=date(2027, 6, 1), date_to=date(2027, 5, 1)))


def test_an_unknown_meeting_is_refused(register_db: Register, english) -> None:
    with pytest.raises(InvalidInput, match="No meeting with id 999"):
        report_for(register_db, ReportParams(meeting_id=999))
