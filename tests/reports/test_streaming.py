"""The text formats are written as they are made (issue 14): the same bytes in any chunking."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from taskboard.reports import (
    Report,
    csv_render,
    html_render,
    json_render,
    md_render,
    render,
    write_report,
)
from taskboard.reports.json_render import report_to_json

from .conftest import Register
from .test_model import report_for

MODULES = {"csv": csv_render, "md": md_render, "json": json_render, "html": html_render}


@pytest.fixture
def report(register_db: Register) -> Report:
    return report_for(register_db)


@pytest.mark.parametrize("fmt", sorted(MODULES))
@pytest.mark.parametrize("chunk", [1, 2])
def test_a_file_holds_the_bytes_of_the_whole_document_in_any_chunking(
    report: Report, fmt: str, chunk: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert report.overdue and report.extensions  # the long tables have rows to split
    whole = render(report, fmt)  # one chunk: the register's lists are short
    monkeypatch.setattr(MODULES[fmt], "CHUNK", chunk)
    assert render(report, fmt) == whole
    written = write_report(report, fmt, tmp_path / f"report.{fmt}")
    assert written.read_bytes() == whole


def test_the_json_is_one_dump_of_the_whole_model(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_render, "CHUNK", 1)
    expected = orjson.dumps(report_to_json(report), option=orjson.OPT_INDENT_2) + b"\n"
    assert render(report, "json") == expected


def test_a_bad_delimiter_is_refused_before_any_file_is_made(report: Report, tmp_path: Path) -> None:
    from taskboard.errors import InvalidInput

    with pytest.raises(InvalidInput):
        write_report(report, "csv", tmp_path / "r.csv", csv_delimiter="ab")
    assert list(tmp_path.iterdir()) == []
