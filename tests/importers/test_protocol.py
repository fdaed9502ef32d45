"""Meeting protocols: the parser on the example protocol, and ``import --format protocol``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from taskboard.importers.protocol import parse_protocol, protocol_drafts
from tests.importers.conftest import FIXTURES, assignment_count, count_rows

PROTOCOL = FIXTURES / "operational_meeting.txt"


def test_example_protocol_items_are_parsed_with_their_fields() -> None:
    items = parse_protocol(PROTOCOL.read_text(encoding="utf-8"))
    assert [i.number for i in items] == ["1", "2", "3", "3.1", "3.2", "4"]
    first = items[0]
    assert first.text == (
        "Проработать все вопросы реализации совместных проектов с Республикой Беларусь."
    )
    assert (first.owners, first.co_executors, first.due) == (
        ["Сандалов М.А."],
        ["Волосков С.А."],
        "19 ноября 2026",
    )
    inline = items[1]
    assert inline.text == (
        "Представить сводный план мероприятий по итогам визита в Республику Беларусь."
    )
    assert (inline.owners, inline.due) == (["Сандалов М.А."], "22.10.2026")
    assert (items[3].owners, items[3].due) == (["Сандалов М.А."], "04.12.2026")
    assert (items[4].owners, items[4].co_executors) == (["Волосков С.А."], ["Сандалов М.А."])
    english = items[5]
    assert (english.owners, english.co_executors, english.due) == (
        ["Волосков С.А."],
        ["Сандалов М.А."],
        "1 June 2027",
    )
    assert english.text.endswith("лифтостроительному заводу.")
    assert all("Соколов" not in i.text for i in items)  # the signature is not part of item 4


def test_a_heading_above_sub_items_is_not_an_assignment() -> None:
    drafts = protocol_drafts(PROTOCOL.read_text(encoding="utf-8"))
    assert [d.number for d in drafts] == ["1", "2", "3.1", "3.2", "4"]


def test_dash_separators_and_year_words_are_understood() -> None:
    items = parse_protocol(
        "1) Обеспечить поездку. Ответственный – Сандалов; срок - не позднее 01.06.2027 года.\n"
        "2.1 Доложить. Исполнители: Волосков, Сандалов. Срок: в июне\n"
    )
    assert (items[0].text, items[0].owners, items[0].due) == (
        "Обеспечить поездку.",
        ["Сандалов"],
        "01.06.2027",
    )
    assert (items[1].number, items[1].owners, items[1].due) == (
        "2.1",
        ["Волосков", "Сандалов"],
        "в июне",
    )


def test_protocol_import_creates_the_items_of_a_meeting(cli, demo: Path) -> None:
    meeting = cli(
        "meeting", "add", "Оперативное совещание 19.10", "--date", "2026-10-19"
    ).out.strip()
    result = cli("import", str(PROTOCOL), "--meeting", meeting)
    assert result.code == 0, result.err
    ids = result.out.split()
    assert len(ids) == 5
    assert "Imported 5 assignments" in result.err
    rows = {
        r["number"]: r
        for r in json.loads(
            cli("list", "--meeting", meeting, "--status", "all", "--format", "json").out
        )
    }
    assert sorted(rows) == ["1", "2", "3.1", "3.2", "4"]
    assert rows["1"]["owner"] == "Сандалов Михаил"
    assert rows["1"]["co_executors"] == ["Волосков Сергей Александрович"]
    assert rows["1"]["due"] == "2026-11-19"
    assert rows["2"]["due"] == "2026-10-22"
    # No deadline in item 3.2: one month from the meeting (19.11.2026).
    assert rows["3.2"]["due"] == "2026-11-19"
    assert rows["4"]["owner"] == "Волосков Сергей Александрович"
    assert rows["4"]["due"] == "2027-06-01"


def test_protocol_item_without_owner_is_an_error_naming_it(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    path = write(
        "p.txt",
        "1. Первое. Ответственный: Сандалов\n2. Второе без исполнителя.\n"
        "3. Третье. Ответственный: Петров П.П.\n",
    )
    before = count_rows(demo)
    result = cli("import", str(path), "--meeting", "2")
    assert result.code == 2
    assert (
        "taskboard: error: item 2 (line 2): An owner (ответственный исполнитель) is required"
        in result.err
    )
    # Петров П.П. is unknown: the import would add him, but a failed import adds nobody.
    assert "Петров" not in result.err
    assert count_rows(demo) == before and assignment_count(demo) == 9


def test_without_meeting_the_header_makes_the_meeting_and_a_reimport_adds_nothing(
    cli, demo: Path
) -> None:
    meetings_before = len(json.loads(cli("meeting", "list", "--format", "json").out))
    first = cli("import", str(PROTOCOL))
    assert first.code == 0, first.err
    meetings = json.loads(cli("meeting", "list", "--format", "json").out)
    assert len(meetings) == meetings_before + 1
    made = next(m for m in meetings if m["protocol_no"] == "12-оп")
    assert made["title"] == "Оперативное совещание по итогам визита в Республику Беларусь"
    assert (made["date"], made["kind"]) == ("2026-10-19", "operational")
    shown = cli("meeting", "show", str(made["id"]), "--format", "json").out
    assert "Соколов Александр" in shown  # the chair, «А.В. Соколов», found by initials
    assert assignment_count(demo) == 9 + 5
    again = cli("import", str(PROTOCOL))
    assert again.code == 0, again.err
    assert assignment_count(demo) == 9 + 5
    assert len(json.loads(cli("meeting", "list", "--format", "json").out)) == len(meetings)


def test_text_without_numbered_items_is_an_error(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    notes = write("notes.md", "Просто заметки\n")
    as_protocol = cli("import", str(notes), "--meeting", "2", "--format", "protocol")
    assert as_protocol.code == 2 and "no numbered items" in as_protocol.err
    # Without --format the content decides: prose, where no sentence assigns anything.
    guessed = cli("import", str(notes), "--meeting", "2")
    assert guessed.code == 2 and "names no assignments" in guessed.err
    for payload, words in ((b"", "is empty"), (b"\x00\x01PK\x03", "binary file")):
        path = write("bad.txt", "")
        path.write_bytes(payload)
        bad = cli("import", str(path))
        assert bad.code == 2 and words in bad.err and len(bad.err.strip().splitlines()) == 1


def test_protocol_numbers_already_in_the_meeting_are_refused(cli, demo: Path) -> None:
    result = cli("import", str(PROTOCOL), "--meeting", "2")
    assert result.code == 2
    assert "item 1 (line 12): Meeting 2 already has an assignment number 1" in result.err
    assert assignment_count(demo) == 9


def test_namesakes_are_told_apart_by_initials(cli, demo: Path, write: Callable[..., Path]) -> None:
    assert cli("person", "add", "Сандалов Андрей Петрович").code == 0
    meeting = cli("meeting", "add", "Совещание", "--date", "2026-11-20").out.strip()
    path = write(
        "p.txt",
        "1. Первое. Ответственный: Сандалов М.А.\n2. Второе. Ответственный: Сандалов А.П.\n"
        "3. Третье. Ответственный: Сандалов\n",
    )
    result = cli("import", str(path), "--meeting", meeting, "--dry-run")
    assert result.code == 2
    assert "item 3 (line 3): «Сандалов» matches several people" in result.err
    assert "item 1" not in result.err and "item 2" not in result.err
    (path.parent / "q.txt").write_text(path.read_text(encoding="utf-8").rsplit("3.", 1)[0])
    done = cli("import", str(path.parent / "q.txt"), "--meeting", meeting)
    assert done.code == 0, done.err
    owners = [_owner(cli, i) for i in done.out.split()]
    assert owners == ["Сандалов Михаил", "Сандалов Андрей Петрович"]


def _owner(cli, assignment_id: str) -> str:  # type: ignore[no-untyped-def]
    return json.loads(cli("show", assignment_id, "--format", "json").out)["owner"]  # type: ignore[no-any-return]


def test_a_doklad_line_names_the_owner() -> None:
    items = parse_protocol(
        "1. Подготовить информацию о ходе отопительного сезона.\nДоклад – Русских Д.С.\n"
        "Срок – до 15 декабря 2026 г.\n"
    )
    assert (items[0].owners, items[0].due) == (["Русских Д.С."], "15 декабря 2026")


def test_a_labelled_body_nobody_works_for_asks_who_the_owner_is(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    path = write("p.txt", "1. Подготовить смету.\nОтветственный: министерство финансов\n")
    result = cli("import", str(path), "--meeting", "2")
    assert result.code == 2
    assert "Who is the owner for «Министерство финансов»?" in result.err
    assert len(result.err.strip().splitlines()) == 1  # one problem, not a second «No person»
