"""``taskboard export --format perechen``: a meeting's «Перечень поручений», read back by
``taskboard import`` as the same meeting and the same assignments (issue 13)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from taskboard.storage.database import open_database

EXAMPLE_PEOPLE = "SELECT full_name FROM person ORDER BY id"


def _assignments(cli, db: Path) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    listed = cli("list", "--status", "all", "--format", "json", db=db)
    assert listed.code == 0, listed.err
    rows = []
    for row in json.loads(listed.out):
        shown = json.loads(cli("show", str(row["id"]), "--format", "json", db=db).out)
        rows.append(
            (
                row["meeting"],
                row["meeting_date"] if "meeting_date" in row else shown["meeting_date"],
                row["number"],
                row["text"],
                row["owner"],
                tuple(row["co_executors"]),
                row["due"],
                shown["recurrence"],
            )
        )
    return sorted(rows)


def _meetings(cli, db: Path) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    listed = json.loads(cli("meeting", "list", "--format", "json", db=db).out)
    return sorted((m["title"], m["date"], m["kind"]) for m in listed)


@pytest.fixture
def people_only(cli, demo: Path, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """A new register with the example's people and nothing else."""
    fresh = tmp_path / "fresh.db"
    assert cli("init", db=fresh).code == 0
    database = open_database(demo)
    try:
        with database.engine.connect() as conn:
            names = [name for (name,) in conn.exec_driver_sql(EXAMPLE_PEOPLE)]
    finally:
        database.dispose()
    for name in names:
        added = cli("person", "add", name, db=fresh)
        assert added.code == 0, added.err
    return fresh


@pytest.mark.parametrize("ending", [".txt", ".docx"])
def test_a_perechen_imported_back_gives_the_same_meetings_and_assignments(
    cli, demo: Path, people_only: Path, tmp_path: Path, ending: str
) -> None:
    for meeting in ("1", "2"):
        target = tmp_path / f"perechen-{meeting}{ending}"
        written = cli("export", "--format", "perechen", "--meeting", meeting, "-o", str(target))
        assert written.code == 0, written.err
        imported = cli("import", str(target), db=people_only)
        assert imported.code == 0, imported.err
    assert _meetings(cli, people_only) == _meetings(cli, demo)
    assert _assignments(cli, people_only) == _assignments(cli, demo)
    # The recurring item keeps its rule and its current deadline.
    assert any(row[7] == "FREQ=MONTHLY;BYMONTHDAY=5" for row in _assignments(cli, people_only))


def test_the_text_is_the_official_numbered_shape(cli, demo: Path) -> None:
    shown = cli("export", "--format", "perechen", "--meeting", "2")
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert lines[:4] == [
        "ПЕРЕЧЕНЬ ПОРУЧЕНИЙ",
        "по итогам: Оперативное совещание по итогам визита в Республику Беларусь",
        "19 октября 2026 г.",
        "Председательствовал: Соколов Александр",
    ]
    first = lines.index(
        "1. Проработать все вопросы реализации совместных проектов с Республикой Беларусь"
    )
    assert lines[first + 1 : first + 4] == [
        "Ответственный: Сандалов Михаил",
        "Соисполнители: Волосков Сергей Александрович",
        "Срок: 19 ноября 2026 г.",
    ]
    assert "Срок: ежемесячно, до 5 числа, начиная с 4 декабря 2026 г." in lines
    numbers = [line.split(".")[0] for line in lines if line[:1].isdigit() and ". " in line[:5]]
    assert numbers == ["1", "2", "3", "4"]


def test_importing_it_into_the_same_register_adds_nothing(cli, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "perechen.txt"
    assert cli("export", "--format", "perechen", "--meeting", "1", "-o", str(target)).code == 0
    before = _assignments(cli, demo)
    again = cli("import", str(target))
    assert again.code == 0, again.err
    assert "already" in again.err
    assert _assignments(cli, demo) == before


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.lines.append(data.strip())


def test_the_html_page_holds_the_same_lines_with_user_text_escaped(
    cli, demo: Path, tmp_path: Path
) -> None:
    edited = cli("edit", "1", "--text", "<script>alert(1)</script> [bold]Проработать[/bold]")
    assert edited.code == 0, edited.err
    text = cli("export", "--format", "perechen", "--meeting", "1")
    page = tmp_path / "perechen.html"
    written = cli("export", "--format", "perechen", "--meeting", "1", "-o", str(page))
    assert written.code == 0, written.err
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.scripts == 0
    body = parser.lines[parser.lines.index("ПЕРЕЧЕНЬ ПОРУЧЕНИЙ") :]
    assert body == [line for line in text.out.splitlines() if line.strip()]
    assert "1. <script>alert(1)</script> [bold]Проработать[/bold]" in body


def test_which_meeting_must_be_said_when_there_are_several(cli, demo: Path) -> None:
    result = cli("export", "--format", "perechen")
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.splitlines()) == 1 and "--meeting" in result.err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--format", "perechen", "--meeting", "99"), "No meeting with id 99"),
        (("--meeting", "1"), "--meeting applies to --format perechen only"),
    ],
)
def test_bad_requests_are_one_line_and_write_nothing(
    cli, demo: Path, args: tuple[str, ...], words: str
) -> None:
    result = cli("export", *args)
    assert (result.code, result.out) == (2, "")
    assert words in result.err and len(result.err.splitlines()) == 1


def test_an_existing_file_is_kept_without_force(cli, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "perechen.docx"
    target.write_bytes(b"precious")
    refused = cli("export", "--format", "perechen", "--meeting", "1", "-o", str(target))
    assert refused.code == 2 and "--force" in refused.err
    assert target.read_bytes() == b"precious"
    forced = cli("export", "--format", "perechen", "--meeting", "1", "-o", str(target), "--force")
    assert forced.code == 0, forced.err
    assert target.read_bytes()[:2] == b"PK"  # a Word document is a zip file


def test_the_only_meeting_needs_no_id(cli, people_only: Path, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "one.txt"
    assert cli("export", "--format", "perechen", "--meeting", "2", "-o", str(target)).code == 0
    assert cli("import", str(target), db=people_only).code == 0
    alone = cli("export", "--format", "perechen", db=people_only)
    assert alone.code == 0, alone.err
    assert alone.out == target.read_text(encoding="utf-8")


def test_a_file_that_is_not_a_word_document_is_refused(cli, demo: Path, tmp_path: Path) -> None:
    fake = tmp_path / "protocol.docx"
    fake.write_text("1. Проработать вопрос\nОтветственный: Сандалов Михаил\n", encoding="utf-8")
    before = _assignments(cli, demo)
    result = cli("import", str(fake))
    assert result.code == 2
    assert "is not a Word document" in result.err and len(result.err.splitlines()) == 1
    assert _assignments(cli, demo) == before
