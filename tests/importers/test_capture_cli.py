"""Capture through the command line: protocols in the usual style, press releases, review."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.importers.conftest import assignment_count, count_rows

EXAMPLES = Path(__file__).parents[2] / "examples"
PRESS = EXAMPLES / "press-release-belarus.txt"

USUAL_STYLE = """ПРАВИТЕЛЬСТВО КИРОВСКОЙ ОБЛАСТИ

ПРОТОКОЛ
оперативного совещания у Губернатора Кировской области

25.11.2026                                                  № 44

Председательствовал: Губернатор Кировской области А.В. Соколов

Присутствовали: М.А. Сандалов, С.А. Волосков

I. О совместных проектах с Республикой Беларусь

1. Председателю Правительства Кировской области Сандалову М.А. совместно с АО «ОМЗ»
(Волосков С.А.) проработать все вопросы реализации совместных проектов.
Срок – до 15 декабря 2026 г.

2. Министерству культуры Кировской области (Петрова Е.А.) организовать выставку
белорусских художников в двухнедельный срок.

3. Генеральному директору АО «ОМЗ» Волоскову С.А. информировать о поставках направляющих.
Срок – ежемесячно, до 5 числа.

Губернатор Кировской области                                    А.В. Соколов
"""


def _json(text: str) -> list[dict[str, object]]:
    return json.loads(text)  # type: ignore[no-any-return]


def test_a_protocol_in_the_usual_style_is_planned_with_owners_deadlines_and_new_people(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    path = write("protocol.txt", USUAL_STYLE)
    people = count_rows(demo, _person())
    result = cli("import", str(path), "--dry-run", "--output-format", "json")
    assert result.code == 0, result.err
    planned = {p["number"]: p for p in _json(result.out)}
    assert planned["1"]["owner"] == "Сандалов Михаил"
    assert planned["1"]["co_executors"] == ["Волосков Сергей Александрович"]
    assert planned["1"]["due"] == "2026-12-15"
    assert planned["1"]["tags"] == ["I. О совместных проектах с Республикой Беларусь"]
    assert planned["2"]["owner"] == "Петрова Е.А."  # not in the directory: proposed
    assert planned["2"]["due"] == "2026-12-09"  # two weeks from 25.11, a working day
    assert planned["3"]["recurrence"] == "FREQ=MONTHLY;BYMONTHDAY=5"
    assert planned["3"]["due"] == "2026-12-04"  # the 5th is a Saturday
    assert "New person Петрова Е.А." in result.err
    assert "created from the document's header" in result.err
    assert count_rows(demo, _person()) == people  # a dry run adds nobody
    done = cli("import", str(path))
    assert done.code == 0, done.err
    assert len(done.out.split()) == 3
    assert count_rows(demo, _person()) == people + 1


def _person() -> type:
    from taskboard.domain.models import Person

    return Person


def test_the_seed_press_release_yields_the_candidates_and_saves_only_the_accepted(
    cli, demo: Path
) -> None:
    listed = cli(
        "import", str(PRESS), "--dry-run", "--output-format", "json", "--date", "19.10.2026"
    )
    assert listed.code == 0, listed.err
    found = _json(listed.out)
    assert len(found) >= 4
    sandalov = next(c for c in found if c["owner"] == "Сандалов Михаил")
    assert "совместных проектов" in str(sandalov["text"])
    brest = next(c for c in found if "Брестскую крепость" in str(c["text"]))
    assert brest["due_phrase"] == "в июне"
    before = assignment_count(demo)
    refused = cli("import", str(PRESS))
    assert refused.code == 2 and "never saved without review" in refused.err
    assert assignment_count(demo) == before
    saved = cli(
        "import", str(PRESS), "--accept", str(sandalov["candidate"]), "--date", "19.10.2026"
    )
    assert saved.code == 0, saved.err
    (new_id,) = saved.out.split()
    shown = json.loads(cli("show", new_id, "--format", "json").out)
    assert shown["owner"] == "Сандалов Михаил"
    assert assignment_count(demo) == before + 1


def test_standard_input_and_bad_documents(cli, demo: Path, write: Callable[..., Path]) -> None:
    import io
    import sys

    stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(USUAL_STYLE.encode()))
    try:
        piped = cli("import", "-", "--dry-run", "--output-format", "json")
    finally:
        sys.stdin = stdin
    assert piped.code == 0, piped.err
    assert len(_json(piped.out)) == 3
    impossible = write(
        "bad.txt", USUAL_STYLE.replace("до 15 декабря 2026 г.", "31 февраля 2027 г.")
    )
    before = assignment_count(demo)
    result = cli("import", str(impossible))
    assert result.code == 2
    assert "item 1 (line 14): Could not read the date" in result.err
    assert assignment_count(demo) == before


def test_import_export_import_round_trip_keeps_the_captured_register(
    cli, demo: Path, write: Callable[..., Path], tmp_path: Path
) -> None:
    assert cli("import", str(write("protocol.txt", USUAL_STYLE))).code == 0
    first = tmp_path / "first.json"
    assert cli("export", "--output", str(first)).code == 0
    restored = tmp_path / "restored.db"
    assert cli("import", str(first), db=restored).code == 0
    second = tmp_path / "second.json"
    assert cli("export", "--output", str(second), db=restored).code == 0
    one, two = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
    one.pop("exported_at", None)
    two.pop("exported_at", None)
    assert one == two
