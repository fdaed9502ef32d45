"""The discipline figures of issue 13 against a hand-built register where every answer is known.

Today is 2027-06-15 (a Tuesday). The 2027 production calendar: 1–3 May are off (1 May is a
Saturday, 3 May the holiday's Monday), 12 June (Russia Day) is a Saturday, so Monday 14 June
is off. Four owners in two ministries and one without an organisation:

==== ====== ======= ============ ===============================================================
id   owner  meeting due (orig.)  story
==== ====== ======= ============ ===============================================================
B1   Петров M1      04-30        done Tue 05-04: late across the May holidays, 1 working day
B2   Петров M1      05-31 (05-14) extended 05-12 to 05-31, report 05-28 accepted: on time
                                 against the final deadline, late against the original one
B3   Петров M2      05-20        report 05-18 returned 05-19, report again 05-25 accepted:
                                 one return, done 05-25 (the report's date), 3 working days late
B4   Сидорова M2    05-31        report 05-27 accepted in part 05-28: done 05-27, on time;
B4r  Сидорова M2    06-30          the rest is its own assignment, open, not yet due
B5   Сидорова M1    06-01        done 05-20, reopened 05-25: open, overdue 9 working days
B6   Кузнецов M2    06-10 (06-04) extended 06-03, open: overdue 2 working days
B7   Кузнецов —     05-10        cancelled 05-05
B9   Кузнецов M1    05-17 (05-12) deadline corrected by an edit 05-05, done 05-17: on time
                                 against the final deadline, late against the original one
B8   Орлова  —      06-30        open, not yet due: judged nowhere
==== ====== ======= ============ ===============================================================

Control levels: B1 and B2 «governor», B3 «deputy», the rest none (set in the table: no
command sets a level on this branch yet).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from taskboard.cli.app import run
from taskboard.domain import clock, services
from taskboard.domain.models import ASSIGNMENT_TABLE
from taskboard.domain.queries import reader_of
from taskboard.reports import Report, ReportParams, build_report, render
from taskboard.reports.tables import tables
from taskboard.storage.database import open_database

from .conftest import GENERATED_AT, TODAY, Register, built_on

ACTOR = "Контролёр"
ECONOMY = "Министерство экономического развития"
EDUCATION = "Министерство образования"


def _build(path: Path | str, mp: pytest.MonkeyPatch) -> Register:
    def on(day: date) -> None:
        mp.setenv("TASKBOARD_TODAY", day.isoformat())
        mp.setattr(clock, "now", lambda: datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))

    db = open_database(path)
    ids: dict[str, int] = {}
    d = date
    try:
        on(d(2027, 4, 1))
        with db.write() as s:
            for key, name, organisation in (
                ("P1", "Петров Иван Сергеевич", ECONOMY),
                ("P2", "Сидорова Анна Павловна", ECONOMY),
                ("P3", "Кузнецов Олег Викторович", EDUCATION),
                ("P4", "Орлова Мария Игоревна", None),
            ):
                ids[key] = services.add_person(
                    s, full_name=name, organisation=organisation, actor=ACTOR
                ).id  # type: ignore[assignment]
            ids["M1"] = services.add_meeting(
                s, title="Оперативное совещание", date=d(2027, 4, 1), actor=ACTOR
            ).id  # type: ignore[assignment]
            ids["M2"] = services.add_meeting(
                s, title="Совещание по промышленности", date=d(2027, 4, 1), actor=ACTOR
            ).id  # type: ignore[assignment]

            def add(key: str, owner: str, meeting: str | None, due: date) -> None:
                ids[key] = services.add_assignment(
                    s,
                    text=f"Поручение {key}",
                    owner_id=ids[owner],
                    actor=ACTOR,
                    due=due,
                    meeting_id=ids[meeting] if meeting else None,
                ).id  # type: ignore[assignment]

            add("B1", "P1", "M1", d(2027, 4, 30))
            add("B2", "P1", "M1", d(2027, 5, 14))
            add("B3", "P1", "M2", d(2027, 5, 20))
            add("B4", "P2", "M2", d(2027, 5, 31))
            add("B5", "P2", "M1", d(2027, 6, 1))
            add("B6", "P3", "M2", d(2027, 6, 4))
            add("B7", "P3", None, d(2027, 5, 10))
            add("B9", "P3", "M1", d(2027, 5, 12))
            add("B8", "P4", None, d(2027, 6, 30))
            a = ASSIGNMENT_TABLE
            for key, level in (("B1", "governor"), ("B2", "governor"), ("B3", "deputy")):
                s.execute(update(a).where(a.c.id == ids[key]).values(control_level=level))

        def step(day: date, action, key: str, **kwargs):
            on(day)
            with db.write() as s:
                return action(s, assignment_id=ids[key], actor=ACTOR, **kwargs)

        step(d(2027, 5, 4), services.done, "B1")
        step(
            d(2027, 5, 5),
            services.edit_assignment,
            "B9",
            changes=services.AssignmentUpdate(due=d(2027, 5, 17), reason="Опечатка в протоколе"),
        )
        step(d(2027, 5, 5), services.cancel, "B7", reason="Вопрос снят")
        step(d(2027, 5, 12), services.extend, "B2", new_due=d(2027, 5, 31), reason="Ждём данные")
        step(d(2027, 5, 17), services.done, "B9")
        step(d(2027, 5, 18), services.submit, "B3", text="Отчёт")
        step(d(2027, 5, 19), services.return_for_rework, "B3", comment="Нет расчётов")
        step(d(2027, 5, 20), services.done, "B5")
        step(d(2027, 5, 25), services.reopen, "B5")
        step(d(2027, 5, 25), services.submit, "B3", text="Отчёт с расчётами")
        step(d(2027, 5, 26), services.accept, "B3")
        step(d(2027, 5, 27), services.submit, "B4", text="Сделано в части первой очереди")
        rest = step(
            d(2027, 5, 28),
            services.accept_in_part,
            "B4",
            part="первая очередь",
            rest_due=d(2027, 6, 30),
        )
        ids["B4r"] = rest.id
        step(d(2027, 5, 28), services.submit, "B2", text="Отчёт по B2")
        step(d(2027, 6, 1), services.accept, "B2")
        step(d(2027, 6, 3), services.extend, "B6", new_due=d(2027, 6, 10), reason="Перенос")
    finally:
        db.dispose()
    return Register(path=path, ids=ids)


@pytest.fixture(scope="module")
def _discipline_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    yield from built_on("sqlite", _build, tmp_path_factory.mktemp("discipline"))


@pytest.fixture(scope="module")
def _discipline_postgresql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    yield from built_on("postgresql", _build, tmp_path_factory.mktemp("discipline"))


@pytest.fixture
def discipline_db(backend: str, request: pytest.FixtureRequest) -> Register:
    """The register of this module's docstring, on each backend (built once per module and
    backend; tests only read it)."""
    return request.getfixturevalue(f"_discipline_{backend}")  # type: ignore[no-any-return]


def report_for(register: Register, params: ReportParams | None = None) -> Report:
    db = open_database(register.path)
    try:
        with db.read() as session:
            return build_report(
                reader_of(session), params or ReportParams(), today=TODAY, generated_at=GENERATED_AT
            )
    finally:
        db.dispose()


DISCIPLINE = (
    "total",
    "done",
    "done_on_time",
    "overdue",
    "on_time_original",
    "due_original",
    "extensions",
    "corrections",
    "returns",
    "reopened",
    "closed_ever",
    "delay_days",
    "on_time_share_original",
    "on_time_share_final",
    "reopened_share",
    "average_delay",
)


def figures(counts) -> dict[str, object]:
    data = counts.to_json()
    return {name: data[name] for name in DISCIPLINE}


def test_the_working_day_calendar_is_the_one_the_hand_counts_assume() -> None:
    from taskboard.domain import dates

    assert [d for d in range(1, 5) if not dates.is_working_day(date(2027, 5, d))] == [1, 2, 3]
    assert not dates.is_working_day(date(2027, 6, 14))
    assert dates.working_days_between(date(2027, 4, 30), date(2027, 5, 4)) == 1
    assert dates.working_days_between(date(2027, 6, 1), date(2027, 6, 15)) == 9
    assert dates.working_days_between(date(2027, 6, 15), date(2027, 6, 1)) == -9
    # Across the new year: the index is per year, the spans add up.
    assert dates.working_days_between(date(2026, 12, 30), date(2027, 1, 12)) == sum(
        dates.is_working_day(date.fromordinal(n))
        for n in range(date(2026, 12, 31).toordinal(), date(2027, 1, 13).toordinal())
    )


def test_owner_figures_match_the_hand_counts(discipline_db: Register) -> None:
    report = report_for(discipline_db)
    by_owner = {s.owner.split()[0]: figures(s.counts) for s in report.owners}
    assert by_owner["Петров"] == {
        "total": 3,
        "done": 3,
        "done_on_time": 1,  # B2, by its extended deadline
        "overdue": 0,
        "on_time_original": 0,  # B2 was done after 05-14; B1 and B3 late anyway
        "due_original": 3,
        "extensions": 1,
        "corrections": 0,
        "returns": 1,  # B3
        "reopened": 0,
        "closed_ever": 3,
        "delay_days": 4,  # B1: 1 (05-01…05-03 off), B3: 3 (05-21, 05-24, 05-25)
        "on_time_share_original": 0.0,
        "on_time_share_final": 0.3333,
        "reopened_share": 0.0,
        "average_delay": 2.0,
    }
    assert by_owner["Сидорова"] == {
        "total": 3,  # B4, its rest B4r and B5
        "done": 1,  # B4's accepted part, on its report's day 05-27
        "done_on_time": 1,
        "overdue": 1,  # B5, reopened
        "on_time_original": 1,
        "due_original": 2,  # B4 and B5; B4r is not due yet
        "extensions": 0,
        "corrections": 0,
        "returns": 0,
        "reopened": 1,
        "closed_ever": 2,  # B4 done, B5 done once
        "delay_days": 9,  # B5: 06-01 → 06-15, 06-14 off
        "on_time_share_original": 0.5,
        "on_time_share_final": 0.5,
        "reopened_share": 0.5,
        "average_delay": 9.0,
    }
    assert by_owner["Кузнецов"] == {
        "total": 3,
        "done": 1,
        "done_on_time": 1,  # B9, by its corrected deadline
        "overdue": 1,  # B6
        "on_time_original": 0,  # B9 after 05-12; B6 past 06-04
        "due_original": 2,  # B9 and B6; B7 is cancelled
        "extensions": 1,
        "corrections": 1,
        "returns": 0,
        "reopened": 0,
        "closed_ever": 2,  # B9 done, B7 cancelled
        "delay_days": 2,  # B6: 06-10 → 06-11 and 06-15
        "on_time_share_original": 0.0,
        "on_time_share_final": 0.5,
        "reopened_share": 0.0,
        "average_delay": 2.0,
    }
    assert by_owner["Орлова"] == {
        "total": 1,
        "done": 0,
        "done_on_time": 0,
        "overdue": 0,
        "on_time_original": 0,
        "due_original": 0,
        "extensions": 0,
        "corrections": 0,
        "returns": 0,
        "reopened": 0,
        "closed_ever": 0,
        "delay_days": 0,
        "on_time_share_original": None,
        "on_time_share_final": None,
        "reopened_share": None,
        "average_delay": None,
    }
    totals = figures(report.totals)
    assert totals["on_time_share_original"] == round(1 / 7, 4)
    assert totals["on_time_share_final"] == round(3 / 7, 4)  # 3 on time of 5 done + 2 overdue
    assert totals["average_delay"] == 3.75  # 15 working days over B1, B3, B5, B6


def test_the_remainder_of_a_partial_acceptance_is_an_assignment_of_its_own(
    discipline_db: Register,
) -> None:
    # From June 30th: B4r (Сидорова's rest) and B8 (Орлова's).
    rest = report_for(discipline_db, ReportParams(date_from=date(2027, 6, 30)))
    by_owner = {s.owner.split()[0]: s.counts for s in rest.owners}
    assert by_owner["Сидорова"].total == 1 and by_owner["Сидорова"].open == 1
    assert by_owner["Сидорова"].on_time_share_final is None  # not due yet: not judged
    accepted = report_for(
        discipline_db, ReportParams(date_from=date(2027, 5, 31), date_to=date(2027, 5, 31))
    )
    counts = {s.owner.split()[0]: s.counts for s in accepted.owners}["Сидорова"]
    assert (counts.done, counts.done_on_time, counts.on_time_original) == (1, 1, 1)


def test_organisations_are_ranked_by_on_time_share_against_the_original_deadline(
    discipline_db: Register,
) -> None:
    report = report_for(discipline_db)
    ranking = [
        (s.rank, s.organisation, s.owners, s.counts.on_time_share_original, s.counts.returns)
        for s in report.organisations
    ]
    assert ranking == [
        (1, ECONOMY, 2, 0.2, 1),  # B4 of B1, B2, B3, B4, B5
        (2, EDUCATION, 1, 0.0, 0),
        (3, None, 1, None, 0),  # nothing due yet: last
    ]
    economy = report.organisations[0].counts
    assert (economy.extensions, economy.corrections, economy.delay_days) == (1, 0, 13)


def test_a_tie_in_the_ranking_goes_to_fewer_returns(tmp_path: Path) -> None:
    db = open_database(tmp_path / "tie.db")
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("TASKBOARD_TODAY", "2027-06-01")
            with db.write() as s:
                for name, organisation, returned in (
                    ("Алексеев Пётр Ильич", "Министерство А", True),
                    ("Борисова Вера Ильинична", "Министерство Б", False),
                ):
                    pid = services.add_person(
                        s, full_name=name, organisation=organisation, actor=ACTOR
                    ).id
                    aid = services.add_assignment(
                        s, text="Поручение", owner_id=pid, actor=ACTOR, due=date(2027, 6, 10)
                    ).id
                    assert pid is not None and aid is not None
                    services.submit(s, assignment_id=aid, text="Отчёт", actor=ACTOR)
                    if returned:
                        services.return_for_rework(
                            s, assignment_id=aid, comment="Доработать", actor=ACTOR
                        )
                        services.submit(s, assignment_id=aid, text="Отчёт", actor=ACTOR)
                    services.accept(s, assignment_id=aid, actor=ACTOR)
            with db.read() as s:
                report = build_report(reader_of(s), ReportParams(), today=date(2027, 6, 1))
    finally:
        db.dispose()
    assert [(o.rank, o.organisation, o.counts.returns) for o in report.organisations] == [
        (1, "Министерство Б", 0),
        (2, "Министерство А", 1),
    ]
    assert all(o.counts.on_time_share_original == 1.0 for o in report.organisations)


def test_figures_by_meeting_and_by_control_level(discipline_db: Register) -> None:
    report = report_for(discipline_db)
    meetings = {s.title: s.counts for s in report.meetings}
    m1 = meetings["Оперативное совещание"]  # B1, B2, B5, B9
    assert (m1.total, m1.on_time_original, m1.due_original, m1.delay_days) == (4, 0, 4, 10)
    assert m1.on_time_share_final == 0.5  # B2 and B9 of 3 done (B1, B2, B9) + 1 overdue (B5)
    m2 = meetings["Совещание по промышленности"]  # B3, B4, B4r, B6
    assert (m2.total, m2.returns, m2.delay_days) == (4, 1, 5)
    levels = {s.level: s.counts for s in report.levels}
    assert list(levels) == ["governor", "deputy", None]
    assert (levels["governor"].total, levels["governor"].delay_days) == (2, 1)
    assert (levels["deputy"].returns, levels["deputy"].average_delay) == (1, 3.0)
    assert levels[None].total == 7


def test_no_level_section_when_no_assignment_has_a_level(discipline_db: Register) -> None:
    only_kuznetsov = report_for(discipline_db, ReportParams(owner_id=discipline_db.ids["P3"]))
    assert only_kuznetsov.levels == []
    assert "levels" not in [t.key for t in tables(only_kuznetsov)]


@pytest.fixture
def db(discipline_db: Register, tmp_path: Path) -> Path | str:
    """A private copy of the SQLite register (commands open it read-write), or the PostgreSQL
    register's URL (the commands here only read it)."""
    if isinstance(discipline_db.path, str):
        return discipline_db.path
    copy = tmp_path / "copy.db"
    shutil.copy(discipline_db.path, copy)
    return copy


def test_json_through_the_command_line_carries_the_ranking_and_the_levels(
    db: Path, cli_env: Path, capsys
) -> None:
    assert run(["--db", str(db), "report", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(o["rank"], o["organisation"]) for o in data["by_organisation"]] == [
        (1, ECONOMY),
        (2, EDUCATION),
        (3, None),
    ]
    assert data["by_organisation"][0]["on_time_share_original"] == 0.2
    assert [level["level"] for level in data["by_control_level"]] == ["governor", "deputy", None]
    assert data["totals"]["returns"] == 1
    assert data["totals"]["average_delay"] == 3.75


def test_xlsx_through_the_command_line_reads_back_in_openpyxl(
    db: Path, cli_env: Path, capsys
) -> None:
    target = cli_env / "discipline.xlsx"
    assert run(["--db", str(db), "--lang", "en", "report", "--output", str(target)]) == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[:3] == ["Summary", "Ranking of organisations", "By control level"]
    ranking = book["Ranking of organisations"]
    header = [c.value for c in ranking[4]]
    assert header[:3] == ["Place", "Organisation", "Owners"]
    first = [c.value for c in ranking[5]]
    assert first[:3] == [1, ECONOMY, 2]
    assert first[header.index("On time, original deadline")] == pytest.approx(0.2)
    assert first[header.index("Returns for rework")] == 1
    assert first[header.index("Average delay, working days")] == pytest.approx(13 / 3)
    summary = book["Summary"]
    legend = [summary.cell(row=r, column=1).value for r in range(1, summary.max_row + 1)]
    assert "Definitions" in legend
    assert any(str(line).startswith("Average delay: working days") for line in legend)
    levels = book["By control level"]
    assert [levels.cell(row=r, column=1).value for r in (5, 6, 7)] == [
        "the Governor",
        "the Deputy Governor",
        "(no control level)",
    ]


def test_russian_csv_shows_the_figures_with_decimal_commas(db: Path, cli_env: Path, capsys) -> None:
    assert (
        run(["--db", str(db), "--lang", "ru", "report", "--format", "csv", "--delimiter", ";"]) == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    start = rows.index(["Рейтинг организаций"])
    header = rows[start + 1]
    first = rows[start + 2]
    assert first[:3] == ["1", ECONOMY, "2"]
    assert first[header.index("В срок к первоначальному сроку")] == "20,0%"
    assert first[header.index("Средняя задержка, рабочих дней")] == "4,3"  # 13 / 3
    assert rows.index(["По уровням контроля"]) > start


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_text_format_states_the_definitions(discipline_db: Register, fmt, english) -> None:
    text = render(report_for(discipline_db), fmt).decode()
    assert "On time against the original deadline" in text
    assert "Average delay: working days of the production calendar" in text
    assert "Ranking of organisations" in text
    assert "By control level" in text


@pytest.mark.postgres
def test_the_same_figures_on_postgresql(pg_url: str, discipline_db: Register) -> None:
    with pytest.MonkeyPatch.context() as mp:
        register = _build(pg_url, mp)  # type: ignore[arg-type]
    on_pg, on_sqlite = report_for(register), report_for(discipline_db)
    assert on_pg.totals.to_json() == on_sqlite.totals.to_json()
    assert [(s.owner, figures(s.counts)) for s in on_pg.owners] == [
        (s.owner, figures(s.counts)) for s in on_sqlite.owners
    ]
    assert [(o.rank, o.organisation, figures(o.counts)) for o in on_pg.organisations] == [
        (o.rank, o.organisation, figures(o.counts)) for o in on_sqlite.organisations
    ]
    assert [(s.level, figures(s.counts)) for s in on_pg.levels] == [
        (s.level, figures(s.counts)) for s in on_sqlite.levels
    ]


def test_csv_keeps_a_formula_like_organisation_as_text(discipline_db: Register, english) -> None:
    report = report_for(discipline_db)
    report.organisations[0].organisation = '=HYPERLINK("http://x","y")'
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode())))
    start = rows.index(["Ranking of organisations"])
    assert rows[start + 2][1] == '\'=HYPERLINK("http://x","y")'
