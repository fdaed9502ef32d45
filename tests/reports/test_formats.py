"""Every format opened back with a real parser, its numbers checked; golden files for text."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from taskboard.errors import InvalidInput
from taskboard.reports import FORMATS, Report, ReportParams, guess_format, render, write_report

from .conftest import Register
from .test_model import report_for

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("TASKBOARD_UPDATE_GOLDEN") == "1"


@pytest.fixture
def report(register_db: Register) -> Report:
    return report_for(register_db)


class TableParser(HTMLParser):
    """Collects every table's rows (cell texts), the tags seen and their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.row_classes: list[list[str | None]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._cell: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
            self.row_classes.append([])
        elif tag == "tr":
            self.tables[-1].append([])
            self.row_classes[-1].append(dict(attrs).get("class"))
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse_html(data: bytes) -> TableParser:
    parser = TableParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser


def test_xlsx_opens_in_openpyxl_with_sheets_chart_frozen_header_and_filters(
    report: Report, tmp_path: Path, english
) -> None:
    path = write_report(report, "xlsx", tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Summary",
        "Ranking of organisations",
        "By meeting",
        "Overdue assignments",
        "Deadline extensions",
        "Corrected deadlines",
    ]
    for sheet in book.worksheets:
        assert sheet["A1"].value == "Execution discipline report"
        assert "as of 2027-06-15" in sheet["A2"].value
        assert sheet.freeze_panes == "A5"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A4:")
    summary = book["Summary"]
    assert len(summary._charts) == 1
    chart = summary._charts[0]
    assert chart.tagname == "barChart"
    assert chart.series[0].val.numRef.f == "Summary!$H$5:$H$7"
    rows = list(summary.iter_rows(min_row=4, max_row=8, values_only=True))
    assert rows[0][:8] == (
        "Owner",
        "Total",
        "Done",
        "On time",
        "Late",
        "Cancelled",
        "Open",
        "Overdue",
    )
    assert rows[1] == (
        "Волосков Сергей Александрович",
        4,
        3,
        2,
        1,
        0,
        1,
        1,
        1,
        0,
        0,
        0,
        pytest.approx(2 / 3),
        pytest.approx(0.25),
        pytest.approx(0.5),
        0,
        7.5,
    )
    assert rows[2][:8] == ("Сандалов Михаил Анатольевич", 3, 1, 0, 1, 1, 1, 1)
    assert rows[4][:8] == ("Total", 10, 5, 3, 2, 1, 4, 2)
    assert summary["J4"].value == "Deadline corrections"
    assert summary["J8"].value == 1  # the total line: A10's correction
    assert summary["M5"].number_format == "0.0%"
    assert summary["Q5"].number_format == "0.0"  # the average delay, a plain number
    # Owners with overdue assignments are marked; the one without is not.
    assert summary["A5"].fill.fgColor.rgb.endswith("FDE2E1")
    assert summary["A7"].fill.fgColor.rgb in (None, "00000000")
    # Columns are wide enough for the Russian names.
    assert summary.column_dimensions["A"].width >= len("Волосков Сергей Александрович")


def test_xlsx_overdue_sheet_has_real_dates_and_marked_rows(
    report: Report, tmp_path: Path, english
) -> None:
    book = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "r.xlsx"))
    sheet = book["Overdue assignments"]
    header = [c.value for c in sheet[4]]
    assert header == [
        "ID",
        "No.",
        "Meeting",
        "Assignment",
        "Owner",
        "Co-executors",
        "Deadline",
        "Original deadline",
        "Days overdue",
        "Extensions",
        "Status",
        "Control level",
    ]
    first = [c.value for c in sheet[5]]
    assert first[4] == "Волосков Сергей Александрович"
    assert first[5] == "Иванова Елена Петровна"
    assert first[6] == datetime(2027, 6, 1)
    assert sheet["G5"].number_format == "dd.mm.yyyy"
    assert first[8] == 14
    assert sheet["A5"].fill.fgColor.rgb.endswith("FDE2E1")
    ext = book["Deadline extensions"]
    assert [c.value for c in ext[5]][8] == "Ждём ответа белорусской стороны"
    assert [c.value for c in ext[6]][5:8] == [datetime(2027, 6, 4), datetime(2027, 6, 10), 6]
    corrected = [c.value for c in book["Corrected deadlines"][5]]
    assert corrected[4:9] == [
        datetime(2027, 6, 7),
        datetime(2027, 7, 15),
        datetime(2027, 7, 22),
        7,
        "В протоколе срок 22 июля, при вводе ошибка",
    ]


def test_html_is_self_contained_and_its_tables_hold_the_numbers(report: Report, english) -> None:
    page = parse_html(render(report, "html"))
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed"), tag
        for name in ("src", "href"):
            assert name not in attrs, (tag, attrs)
    assert b"http://" not in render(report, "html").replace(b"http://www.w3.org/2000/svg", b"")
    assert any(tag == "svg" for tag, _ in page.tags)
    owners, organisations, _meetings, overdue, extensions, corrections = page.tables
    assert owners[0][9] == "Deadline corrections"
    assert owners[0][10:] == [
        "Returns for rework",
        "Reopened",
        "Share on time",
        "On time, original deadline",
        "On time, final deadline",
        "Share reopened",
        "Average delay, working days",
    ]
    assert owners[1] == [
        "Волосков Сергей Александрович",
        "4",
        "3",
        "2",
        "1",
        "0",
        "1",
        "1",
        "1",
        "0",
        "0",
        "0",
        "66.7%",
        "25.0%",
        "50.0%",
        "0.0%",
        "7.5",
    ]
    assert owners[-1] == [
        "Total",
        "10",
        "5",
        "3",
        "2",
        "1",
        "4",
        "2",
        "2",
        "1",
        "0",
        "2",
        "60.0%",
        "28.6%",
        "42.9%",
        "28.6%",
        "5.3",  # 21 working days over 4: halves round up
    ]
    # Nobody has an organisation in this register: one line, first place.
    assert organisations[1][:3] == ["1", "(no organisation given)", "3"]
    assert page.row_classes[0][1:4] == ["late", "late", None]
    assert [row[8] for row in overdue[1:]] == ["14", "5"]
    assert overdue[1][3] == "Программа патриотического воспитания | <b>"
    assert extensions[1][8] == "Ждём ответа белорусской стороны"
    assert corrections[1][4:9] == [
        "2027-06-07",
        "2027-07-15",
        "2027-07-22",
        "7",
        "В протоколе срок 22 июля, при вводе ошибка",
    ]


def test_html_escapes_user_text(report: Report, english) -> None:
    data = render(report, "html").decode()
    assert "воспитания | &lt;b&gt;" in data
    assert "воспитания | <b>" not in data


def test_html_has_print_css_for_a4_and_follows_the_language(report: Report, russian) -> None:
    data = render(report, "html").decode()
    assert "@media print" in data and "size: A4" in data
    assert '<html lang="ru">' in data
    page = parse_html(data.encode())
    assert page.tables[0][0][0] == "Исполнитель"
    assert "Отчёт об исполнительской дисциплине" in "".join(page.text)


def test_csv_with_bom_and_semicolons_reads_back_in_excel_style(report: Report, english) -> None:
    data = render(report, "csv", csv_bom=True, csv_delimiter=";")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Execution discipline report"]
    start = rows.index(["By owner"])
    assert rows[start + 1][0] == "Owner"
    assert rows[start + 2] == [
        "Волосков Сергей Александрович",
        "4",
        "3",
        "2",
        "1",
        "0",
        "1",
        "1",
        "1",
        "0",
        "0",
        "0",
        "66,7%",
        "25,0%",
        "50,0%",
        "0,0%",
        "7,5",
    ]
    assert rows[start + 5][0] == "Total"
    overdue = rows.index(["Overdue assignments"])
    assert rows[overdue + 2][6] == "2027-06-01"
    assert rows[overdue + 2][8] == "14"


def test_csv_without_options_is_plain_utf8_with_commas(report: Report, english) -> None:
    data = render(report, "csv")
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    start = rows.index(["By owner"])
    assert rows[start + 2][12] == "66.7%"
    assert rows[start + 2][-1] == "7.5"


def test_csv_keeps_formula_like_text_as_text(
    register_db: Register, tmp_path: Path, english
) -> None:
    report = report_for(register_db)
    report.overdue[0].text = '=HYPERLINK("http://x","y")'
    rows = list(csv.reader(io.StringIO(render(report, "csv").decode())))
    assert [r[3] for r in rows if r and r[0] == str(report.overdue[0].id)][:1] == [
        '\'=HYPERLINK("http://x","y")'
    ]


def test_csv_refuses_a_long_delimiter(report: Report, english) -> None:
    with pytest.raises(InvalidInput, match="delimiter"):
        render(report, "csv", csv_delimiter="::")


def test_json_holds_the_whole_model_under_stable_names(
    report: Report, register_db: Register
) -> None:
    data = json.loads(render(report, "json"))
    assert set(data) == {
        "schema",
        "generated_at",
        "today",
        "history",
        "period",
        "filters",
        "totals",
        "by_owner",
        "by_organisation",
        "by_control_level",
        "by_meeting",
        "overdue",
        "extensions",
        "corrections",
        "definitions",
    }
    assert data["today"] == "2027-06-15"
    assert data["period"] == {"from": None, "to": None}
    assert data["totals"]["done_on_time"] == 3 and data["totals"]["on_time_share"] == 0.6
    assert data["by_owner"][0]["owner_id"] == register_db.ids["P1"]
    assert data["by_meeting"][-1]["meeting_id"] is None
    assert data["overdue"][0]["co_executors"] == ["Иванова Елена Петровна"]
    assert data["overdue"][0]["days_overdue"] == 14
    assert data["extensions"][1] == {
        "assignment_id": register_db.ids["A5"],
        "number": "2",
        "text": "Поездка «Юнармии» в Брестскую крепость",
        "owner": "Сандалов Михаил Анатольевич",
        "meeting_id": register_db.ids["M2"],
        "meeting": "Оперативное совещание",
        "granted_on": "2027-06-03",
        "actor": "Контролёр",
        "old_due": "2027-06-04",
        "new_due": "2027-06-10",
        "days": 6,
        "reason": "Перенос даты поездки",
        "status": "in_progress",
        "overdue": True,
    }
    assert data["totals"]["corrections"] == 1 and data["totals"]["extensions"] == 2
    assert data["corrections"] == [
        {
            "assignment_id": register_db.ids["A10"],
            "number": None,
            "text": "Будущее поручение",
            "owner": "Иванова Елена Петровна",
            "meeting_id": None,
            "meeting": None,
            "corrected_on": "2027-06-07",
            "actor": "Контролёр",
            "old_due": "2027-07-15",
            "new_due": "2027-07-22",
            "days": 7,
            "reason": "В протоколе срок 22 июля, при вводе ошибка",
            "status": "open",
            "overdue": False,
        }
    ]


def test_markdown_escapes_user_text_inside_tables(report: Report, english) -> None:
    text = render(report, "md").decode()
    assert "воспитания \\| \\<b\\>" in text


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "html"])
def test_text_formats_match_their_golden_files(report: Report, fmt: str, english) -> None:
    data = render(report, fmt)
    golden = GOLDEN / f"report.{fmt}"
    if UPDATE:
        golden.write_bytes(data)
    assert data.decode("utf-8") == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_period_renders_in_every_format(
    register_db: Register, fmt: str, tmp_path: Path, english
) -> None:
    report = report_for(
        register_db, ReportParams(date_from=date(2030, 1, 1), date_to=date(2030, 12, 31))
    )
    path = write_report(report, fmt, tmp_path / f"empty.{fmt}")
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path)
        assert book["Summary"]["A5"].value == "No assignments in this period."
        assert book["Summary"]["A6"].value == "Total"
        assert book["Summary"]["B6"].value == 0
    elif fmt == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["totals"]["total"] == 0 and data["totals"]["on_time_share"] is None
        assert data["by_owner"] == [] and data["overdue"] == []
    elif fmt == "html":
        page = parse_html(path.read_bytes())
        assert page.tables == []
        assert "No assignments in this period." in "".join(page.text)
        assert "Nothing is overdue." in "".join(page.text)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        start = rows.index(["By owner"])
        assert rows[start + 2][:2] == ["Total", "0"]
    else:
        assert "Nothing is overdue." in path.read_text(encoding="utf-8")


def test_write_report_never_overwrites_without_force(
    report: Report, tmp_path: Path, english
) -> None:
    target = tmp_path / "r.md"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(InvalidInput, match="already exists"):
        write_report(report, "md", target)
    assert target.read_text(encoding="utf-8") == "keep me"
    write_report(report, "md", target, force=True)
    assert target.read_text(encoding="utf-8").startswith("# Execution discipline report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


def test_a_failure_while_writing_leaves_no_file_behind(
    report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taskboard.reports import xlsx_render

    def half_then_crash(rep: Report, path: os.PathLike[str], **_progress: object) -> None:
        Path(path).write_bytes(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr(xlsx_render, "write_xlsx", half_then_crash)
    with pytest.raises(RuntimeError):
        write_report(report, "xlsx", tmp_path / "r.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_format_is_guessed_from_the_extension() -> None:
    assert [
        guess_format(n)
        for n in ("a.XLSX", "b.htm", "c.html", "d.csv", "e.md", "f.json", "g.txt", "h")
    ] == ["xlsx", "html", "html", "csv", "md", "json", None, None]


def test_written_report_is_the_owners_alone_whatever_the_umask(
    report: Report, tmp_path: Path
) -> None:
    previous = os.umask(0o002)
    try:
        path = write_report(report, "md", tmp_path / "r.md")
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == 0o600  # personal data (docs/reliability.md)


def test_render_gives_xlsx_bytes_that_open(report: Report, english) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames[0] == "Summary"


def test_russian_workbook_has_russian_sheet_names(report: Report, russian) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))
    assert book.sheetnames == [
        "Сводка",
        "Рейтинг организаций",
        "По совещаниям",
        "Просроченные поручения",
        "Переносы сроков",
        "Исправления сроков",
    ]
    assert book["Сводка"]["A4"].value == "Исполнитель"
    assert "по состоянию на 15.06.2027" in book["Сводка"]["A2"].value


def test_chart_in_html_lists_at_most_fifteen_owners_and_says_how_many_more(
    report: Report, english
) -> None:
    from dataclasses import replace

    from taskboard.reports import Counts, OwnerSummary

    many = [
        OwnerSummary(100 + i, f"Owner {i:02d}", Counts(total=1, open=1, overdue=1))
        for i in range(20)
    ]
    page = parse_html(render(replace(report, owners=many), "html"))
    bars = [attrs for tag, attrs in page.tags if tag == "rect"]
    assert len(bars) == 15
    assert "…and 5 more owners with overdue assignments" in "".join(page.text)
