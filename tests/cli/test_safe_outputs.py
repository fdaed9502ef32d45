"""Safe outputs on the command line: CSV that no spreadsheet runs, direction controls shown.

Every CSV the program writes keeps a formula typed by a user as text (OWASP: a leading
``'``), numbers stay numbers, and ``import`` of an exported CSV gives back the exact text;
tables show bidi controls as ``<U+202E>`` while the database and JSON keep them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests import hostile

GUARDED = tuple(f for f in hostile.FORMULAS if f[0] not in "\t\r")
"""Formulas that survive the intake as typed (it trims leading whitespace)."""


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def _register(cli, texts: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    for text in texts:
        result = cli("add", "--owner", "1", "--due", "01.12.2026", f"--tag={text}", "--", text)
        assert result.code == 0, result.err


@pytest.mark.parametrize("formula", GUARDED)
def test_list_csv_keeps_a_typed_formula_as_text(cli, formula: str) -> None:
    _register(cli, (formula,))
    (row,) = _rows(cli("list", "--format", "csv").out)
    assert row["text"] == "'" + formula
    assert row["tags"] == "'" + formula


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("formula", GUARDED)
def test_export_csv_keeps_a_typed_formula_as_text(cli, formula: str, bom: bool) -> None:
    _register(cli, (formula,))
    result = cli("export", "--format", "csv", *(["--bom"] if bom else []))
    assert result.code == 0, result.err
    (row,) = _rows(result.out)
    assert row["text"] == "'" + formula
    assert row["tags"] == "'" + formula


def test_person_and_meeting_lists_keep_formulas_as_text(cli) -> None:
    assert cli("person", "add", "Сандалов Михаил", "--position", "=1+1").code == 0
    result = cli("meeting", "add", "@SUM(A1)", "--date", "01.12.2026")
    assert result.code == 0, result.err
    (person,) = _rows(cli("person", "list", "--format", "csv").out)
    assert person["position"] == "'=1+1"
    (meeting,) = _rows(cli("meeting", "list", "--format", "csv").out)
    assert meeting["title"] == "'@SUM(A1)"


def test_a_negative_days_left_stays_a_number_in_list_csv(cli) -> None:
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("add", "--owner", "1", "--due", "19.11.2026", "--", "-2+3").code == 0
    (row,) = _rows(cli("list", "--format", "csv").out)
    assert row["days_left"] == "-5"
    assert row["text"] == "'-2+3"


def test_import_of_an_exported_csv_gives_back_the_exact_text(cli, tmp_path: Path) -> None:
    originals = (*GUARDED, *hostile.QUOTED_FORMULAS, "обычный текст", "'просто кавычка")
    _register(cli, originals)
    exported = tmp_path / "export.csv"
    assert cli("export", "--format", "csv", "--bom", "--output", str(exported)).code == 0
    result = cli("import", str(exported))
    assert result.code == 0, result.err
    new_ids = result.out.split()
    assert len(new_ids) == len(originals)
    texts = [json.loads(cli("show", i, "--format", "json").out)["text"] for i in new_ids]
    assert texts == list(originals)


def test_json_export_keeps_formulas_and_direction_controls_exactly(cli) -> None:
    texts = (*GUARDED, hostile.RLO, hostile.ISOLATES, hostile.ZERO_WIDTH)
    _register(cli, texts)
    data = json.loads(cli("export").out)
    assert [a["text"] for a in data["assignments"]] == list(texts)
    listed = json.loads(cli("list", "--format", "json").out)
    assert [a["text"] for a in listed] == list(texts)


@pytest.mark.parametrize("text", [hostile.RLO, hostile.EMBEDDINGS, hostile.ISOLATES, hostile.MARKS])
def test_tables_show_direction_controls_and_the_database_keeps_them(cli, text: str) -> None:
    assert cli("person", "add", text).code == 0
    assert cli("add", text, "--owner", "1", "--due", "01.12.2026").code == 0
    controls = [c for c in text if c in hostile.BIDI_CHARACTERS]
    for output in (cli("list").out, cli("show", "1").out, cli("person", "list").out):
        assert not any(c in output for c in hostile.BIDI_CHARACTERS)
        for c in controls:
            assert hostile.shown(c) in output
    assert json.loads(cli("show", "1", "--format", "json").out)["text"] == text
    assert json.loads(cli("person", "list", "--format", "json").out)[0]["full_name"] == text


def test_zero_width_characters_are_kept_as_typed(cli) -> None:
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert cli("add", hostile.ZERO_WIDTH, "--owner", "1", "--due", "01.12.2026").code == 0
    assert hostile.ZERO_WIDTH in cli("show", "1").out
