"""Properties of the CSV and XLSX importers (``importers/tabular.py``) and of the CSV export.

Generated rows carry hostile text: formulas, quotes, the separators, line breaks, Cyrillic,
markup, bidi controls, SQL and template fragments. The product's rules (docs/import-export.md):
a cell is kept as typed except that one ``'`` comes off a CSV cell starting with quotes
before a formula sign, and the text loses its outer white space; a text left empty is a
problem of its row; one problem anywhere and nothing is written.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import func, select

from taskboard import snapshot
from taskboard.domain import intake, services
from taskboard.domain.dates import previous_working_day
from taskboard.domain.models import Assignment, Event, Person
from taskboard.errors import InvalidInput
from taskboard.importers import import_file
from taskboard.importers.drafts import ImportProblems
from taskboard.storage.database import Database
from tests.conftest import TODAY
from tests.properties.conftest import fresh_database
from tests.properties.strategies import hostile_texts

ACTOR = "Тестов Т.Т."
PEOPLE = ("Сандалов Михаил", "Волосков Сергей Александрович", "Фёдоров Пётр")

_QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def _kept(cell: str, *, csv_file: bool) -> str:
    """The text an assignment gets from ``cell``, by the documented rules alone."""
    if csv_file and _QUOTED_FORMULA.match(cell):
        cell = cell[1:]
    return cell.strip()


def _people(db: Database) -> None:
    with db.write() as s:
        for name in PEOPLE:
            services.add_person(s, full_name=name, actor=ACTOR)


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        connection = s.connection()
        return tuple(  # type: ignore[return-value]
            connection.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Assignment, Event)
        )


def _stored(db: Database) -> list[tuple[str, str, date | None]]:
    """Every assignment's text, owner and deadline, in id order."""
    with db.read() as s:
        names = {p.id: p.full_name for p in s.exec(select(Person)).scalars()}
        rows = s.exec(select(Assignment).order_by(Assignment.id)).scalars()
        return [(a.text, names[a.owner_id], a.due) for a in rows]


def _csv_bytes(
    header: list[str], rows: list[list[str]], *, delimiter: str, quoting: int, bom: bool
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def _import(db: Database, name: str, payload: bytes):  # type: ignore[no-untyped-def]
    folder = db.sqlite_path
    assert folder is not None
    path = folder.parent / name
    path.write_bytes(payload)
    return import_file(db, str(path), actor=ACTOR, today=TODAY)


rows_of_text = st.lists(
    st.tuples(
        hostile_texts(), st.sampled_from(PEOPLE), st.dates(date(2027, 1, 1), date(2030, 12, 31))
    ),
    min_size=1,
    max_size=6,
)
csv_layouts = st.tuples(
    st.sampled_from((",", ";", "\t")),
    st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL)),
    st.booleans(),
    st.sampled_from(
        (("text", "owner", "due"), ("Поручение", "Ответственный исполнитель", "Срок исполнения"))
    ),
)


@given(rows=rows_of_text, layout=csv_layouts)
@example(
    rows=[("=1+1", PEOPLE[0], date(2027, 6, 1)), ("'=1+1", PEOPLE[1], date(2027, 6, 1))],
    layout=(",", csv.QUOTE_MINIMAL, False, ("text", "owner", "due")),
)
def test_a_csv_of_hostile_text_is_imported_exactly_or_refused_naming_the_rows(
    rows: list[tuple[str, str, date]], layout: tuple[str, int, bool, tuple[str, str, str]]
) -> None:
    delimiter, quoting, bom, header = layout
    cells = [[text, owner, due.strftime("%d.%m.%Y")] for text, owner, due in rows]
    payload = _csv_bytes(list(header), cells, delimiter=delimiter, quoting=quoting, bom=bom)
    expected = [(_kept(text, csv_file=True), owner, due) for text, owner, due in rows]
    empty = [f"row {i + 2}" for i, (text, _o, _d) in enumerate(expected) if not text]
    with fresh_database() as db:
        _people(db)
        before = _counts(db)
        try:
            outcome = _import(db, "rows.csv", payload)
        except ImportProblems as exc:
            assert empty, exc.problems
            assert [p.split(":")[0] for p in exc.problems] == empty
            assert _counts(db) == before
            return
        assert not empty
        assert len(outcome.assignment_ids) == len(rows)
        stored = _stored(db)
    assert [(t, o) for t, o, _d in stored] == [(t, o) for t, o, _d in expected]
    # A deadline on a day off moves to the working day before it.
    assert [d for _t, _o, d in stored] == [previous_working_day(d) for _t, _o, d in expected]


BAD_CELLS = {
    "owner": "Неизвестнов Никто Никтович",
    "due": "31.02.2027",
    "text": "   ",
    "priority": "срочнейший",
    "status": "потеряно",
    "meeting_id": "третье",
}
"""One wrong value per column, each a problem of its row."""


@given(
    good=st.lists(
        st.tuples(hostile_texts().filter(str.strip), st.sampled_from(PEOPLE)),
        min_size=1,
        max_size=8,
    ),
    bad=st.dictionaries(
        st.integers(0, 8), st.sampled_from(sorted(BAD_CELLS)), min_size=1, max_size=3
    ),
)
def test_one_bad_row_among_good_ones_writes_nothing_and_names_only_the_bad_rows(
    good: list[tuple[str, str]], bad: dict[int, str]
) -> None:
    header = ["text", "owner", "due", "priority", "status", "meeting_id"]
    rows: list[tuple[bool, list[str]]] = [
        (False, [text, owner, "01.06.2027", "high", "open", ""]) for text, owner in good
    ]
    for at, column in sorted(bad.items(), reverse=True):
        row = ["Проработать вопрос", PEOPLE[0], "01.06.2027", "low", "", ""]
        row[header.index(column)] = BAD_CELLS[column]
        rows.insert(min(at, len(rows)), (True, row))
    named = [f"row {i + 2}" for i, (is_bad, _row) in enumerate(rows) if is_bad]
    payload = _csv_bytes(
        header, [row for _b, row in rows], delimiter=",", quoting=csv.QUOTE_MINIMAL, bom=False
    )
    with fresh_database() as db:
        _people(db)
        before = _counts(db)
        try:
            _import(db, "mixed.csv", payload)
        except ImportProblems as exc:
            assert sorted({p.split(":")[0] for p in exc.problems}, key=_row_number) == named
        else:
            raise AssertionError("a file with bad rows was imported")
        assert _counts(db) == before


def _row_number(where: str) -> int:
    return int(where.split()[-1])


@given(rows=rows_of_text)
def test_an_xlsx_of_hostile_text_keeps_every_cell_as_typed(
    rows: list[tuple[str, str, date]],
) -> None:
    # openpyxl refuses control characters, and writes a carriage return raw, which XML reads
    # back as a line feed (Excel itself writes it as «_x000D_»): neither is the importer's.
    rows = [
        (ILLEGAL_CHARACTERS_RE.sub("", t).replace("\r\n", "\n").replace("\r", "\n"), o, d)
        for t, o, d in rows
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Текст поручения", "Исполнитель", "Срок"])
    for text, owner, due in rows:
        sheet.append([None, owner, due])
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.value = text
        cell.data_type = "s"  # the text itself, even «=1+1»: not a formula to run
    buffer = io.BytesIO()
    workbook.save(buffer)
    expected = [(_kept(text, csv_file=False), owner) for text, owner, _d in rows]
    empty = [f"row {i + 2}" for i, (text, _o) in enumerate(expected) if not text]
    with fresh_database() as db:
        _people(db)
        before = _counts(db)
        try:
            _import(db, "rows.xlsx", buffer.getvalue())
        except ImportProblems as exc:
            assert empty and [p.split(":")[0] for p in exc.problems] == empty
            assert _counts(db) == before
            return
        assert not empty
        stored = _stored(db)
    assert [(t, o) for t, o, _d in stored] == expected
    # A date cell is read as its date (moved to the working day before it when off).
    assert [d for _t, _o, d in stored] == [previous_working_day(d) for _t, _o, d in rows]


def _details(db: Database) -> list[tuple[object, ...]]:
    """What a spreadsheet row of each assignment says: text, people, deadline, tags, state."""
    from taskboard.domain.queries import AssignmentFilter, list_assignments

    with db.read() as s:
        rows = list_assignments(s, AssignmentFilter(status="all", sort="id"), today=TODAY)
    return [
        (r.text, r.owner, r.co_executors, r.due, r.tags, r.priority, r.status, r.controller)
        for r in rows
    ]


tags = st.lists(
    hostile_texts(max_size=2).map(
        lambda t: " ".join(t.replace(",", " ").replace(";", " ").split())
    ),
    max_size=3,
).map(lambda found: sorted({t for t in found if t}))
"""Tags as the CSV can carry them: the list is joined with «; » and split at «;» and «,»."""


@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "text": hostile_texts().filter(str.strip),
                "owner": st.sampled_from(PEOPLE),
                "co": st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True),
                "controller": st.none() | st.sampled_from(PEOPLE),
                "tags": tags,
                "priority": st.sampled_from(("high", "normal", "low")),
                "status": st.sampled_from(("open", "in_progress", "done", "cancelled")),
            }
        ),
        min_size=1,
        max_size=5,
    ),
    bom=st.booleans(),
)
def test_the_csv_export_reads_back_as_the_same_rows(rows: list[dict[str, Any]], bom: bool) -> None:
    with fresh_database() as source:
        _people(source)
        with source.write() as s:
            for row in rows:
                added = intake.add_assignment(
                    s,
                    intake.AssignmentInput(
                        text=row["text"],
                        owner=row["owner"],
                        due="01.06.2027",
                        co_executors=[p for p in row["co"] if p != row["owner"]],
                        controller=row["controller"],
                        tags=row["tags"],
                        priority=row["priority"],
                    ),
                    actor=ACTOR,
                    today=TODAY,
                )
                assert added.id is not None
                if row["status"] in ("in_progress", "done"):
                    services.start(s, assignment_id=added.id, actor=ACTOR)
                if row["status"] == "done":
                    services.done(s, assignment_id=added.id, actor=ACTOR)
                if row["status"] == "cancelled":
                    services.cancel(s, assignment_id=added.id, reason="Снято", actor=ACTOR)
        exported = snapshot.export_bytes(source, "csv", bom=bom)
        original = _details(source)
        # No cell of the export starts a formula a spreadsheet would run.
        for record in csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")):
            assert all(
                not cell or cell[0] not in "=+-@\t\r" or cell.lstrip("-").isdigit()
                for cell in record
            )
        with fresh_database() as target:
            _people(target)
            _import(target, "register.csv", exported)
            assert _details(target) == original


@settings(max_examples=max(settings().max_examples // 3, 5))  # each example is a 9 KB file
@given(text=hostile_texts().filter(str.strip), padding=st.sampled_from((0, 70)))
@example(text="a", padding=70)  # past the first 8 KB a NUL was stored (SQLite) or an error
def test_a_nul_anywhere_in_a_csv_refuses_the_file_and_writes_nothing(
    text: str, padding: int
) -> None:
    """PostgreSQL cannot store a NUL in text: one anywhere makes the file "not a text CSV".

    70 rows before it put the NUL past the first 8 KB, where the check once stopped looking
    (the file was then imported on SQLite, with the NUL, and failed as a database error on
    PostgreSQL).
    """
    text = text.strip() + "\x00" + "хвост"
    rows = [["Заполнитель " + "я" * 40, PEOPLE[0]] for _ in range(padding)] + [[text, PEOPLE[1]]]
    payload = _csv_bytes(
        ["text", "owner"], rows, delimiter=",", quoting=csv.QUOTE_MINIMAL, bom=False
    )
    with fresh_database() as db:
        _people(db)
        before = _counts(db)
        try:
            _import(db, "nul.csv", payload)
        except InvalidInput as exc:
            assert "nul.csv" in exc.message and "binary" in exc.message
        else:
            raise AssertionError("a CSV holding a NUL was imported")
        assert _counts(db) == before


cp1251_texts = st.text(
    alphabet=st.sampled_from(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
        "abcXYZ0189 .,;:!?\"'=+-@%«»№—"
    ),
    min_size=1,
    max_size=40,
).filter(str.strip)


@given(rows=st.lists(st.tuples(cp1251_texts, st.sampled_from(PEOPLE)), min_size=1, max_size=5))
def test_a_csv_saved_by_excel_in_windows_1251_reads_as_the_same_text(
    rows: list[tuple[str, str]],
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Поручение", "Исполнитель", "Срок"])
    writer.writerows([text, owner, "01.06.2027"] for text, owner in rows)
    with fresh_database() as db:
        _people(db)
        _import(db, "excel.csv", buffer.getvalue().encode("cp1251"))
        stored = _stored(db)
    assert [(t, o) for t, o, _d in stored] == [
        (_kept(text, csv_file=True), owner) for text, owner in rows
    ]


@given(rows=rows_of_text, layout=csv_layouts)
def test_a_dry_run_writes_nothing_and_plans_what_the_real_run_records(
    rows: list[tuple[str, str, date]], layout: tuple[str, int, bool, tuple[str, str, str]]
) -> None:
    delimiter, quoting, bom, header = layout
    cells = [[text, owner, due.isoformat()] for text, owner, due in rows]
    payload = _csv_bytes(list(header), cells, delimiter=delimiter, quoting=quoting, bom=bom)
    with fresh_database() as db:
        _people(db)
        before = _counts(db)
        path = db.sqlite_path.parent / "rows.csv"  # type: ignore[union-attr]
        path.write_bytes(payload)
        try:
            planned = import_file(db, str(path), dry_run=True, actor=ACTOR, today=TODAY)
        except ImportProblems as dry_refusal:
            assert _counts(db) == before
            try:
                import_file(db, str(path), actor=ACTOR, today=TODAY)
            except ImportProblems as refusal:
                assert refusal.problems == dry_refusal.problems
            else:
                raise AssertionError("the dry run refused what the real run took") from None
            assert _counts(db) == before
            return
        assert _counts(db) == before
        real = import_file(db, str(path), actor=ACTOR, today=TODAY)
        stored = _stored(db)
    shown = [(p.text, p.owner, p.due) for p in planned.created]
    assert shown == [(p.text, p.owner, p.due) for p in real.created] == stored
