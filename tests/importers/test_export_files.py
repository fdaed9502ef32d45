"""``taskboard export --format csv`` and writing ``--output`` files safely."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from taskboard.errors import StorageError
from taskboard.files import write_atomically


def test_csv_export_has_one_row_per_assignment_with_spreadsheet_columns(cli, demo: Path) -> None:
    result = cli("export", "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert len(rows) == 9
    assert list(rows[0]) == [
        "id", "meeting_id", "meeting", "number", "text", "owner", "co_executors", "controller",
        "author", "due", "original_due", "status", "priority", "tags", "extensions", "closed_on",
        "created_at", "control_level",
    ]  # fmt: skip
    milk = rows[1]
    assert milk["meeting"] == "Визит делегации Кировской области в Республику Беларусь"
    assert (milk["due"], milk["original_due"], milk["extensions"]) == (
        "2027-02-26",
        "2026-11-20",
        "1",
    )
    assert milk["tags"] == "АПК; Беларусь"
    assert rows[0]["co_executors"] == "Волосков Сергей Александрович"
    assert rows[0]["author"] == "Соколов Александр"
    done = next(r for r in rows if r["status"] == "done")
    assert done["closed_on"] == "2026-11-24"


def test_csv_export_with_bom_opens_in_excel(cli, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "register.csv"
    result = cli("export", "--format", "csv", "--bom", "--output", str(target))
    assert result.code == 0, result.err
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,meeting_id,")
    assert "Export written to" in result.err


def test_unknown_export_format_is_refused(cli, demo: Path) -> None:
    result = cli("export", "--format", "xml")
    assert result.code == 2 and "Unknown export format «xml»" in result.err


def test_export_refuses_to_overwrite_without_force(cli, demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "register.json"
    target.write_text("precious", encoding="utf-8")
    result = cli("export", "--output", str(target))
    assert result.code == 2 and "--force" in result.err
    assert target.read_text(encoding="utf-8") == "precious"
    forced = cli("export", "--output", str(target), "--force")
    assert forced.code == 0, forced.err
    assert target.read_text(encoding="utf-8").startswith("{")


def test_export_leaves_no_temporary_file_behind(cli, demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    assert cli("export", "--output", str(folder / "r.json")).code == 0
    assert [p.name for p in folder.iterdir()] == ["r.json"]


def test_failed_write_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match="disk is full"):
        write_atomically(target, b"new", force=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_written_file_is_the_owners_alone_whatever_the_umask(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "r.json", b"{}")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o600  # personal data (docs/reliability.md)


def test_export_into_a_missing_folder_is_a_clear_error(cli, demo: Path, tmp_path: Path) -> None:
    result = cli("export", "--output", str(tmp_path / "nowhere" / "r.json"))
    assert result.code == 2 and "does not exist" in result.err
