"""The reports folder: TASKBOARD_REPORTS_DIR, the config's reports_dir, documents, data."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskboard.config import Settings, load_settings, reports_folder
from taskboard.errors import InvalidInput
from taskboard.storage.database import default_database_path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.delenv("TASKBOARD_REPORTS_DIR", raising=False)
    return folder


def test_reports_go_into_the_documents_folder_when_there_is_one(home: Path) -> None:
    (home / "Documents").mkdir()
    assert reports_folder(Settings()) == home / "Documents"


def test_without_a_documents_folder_reports_go_where_init_puts_the_database(home: Path) -> None:
    assert reports_folder(Settings()) == default_database_path().parent


def test_reports_dir_wins_over_the_documents_folder_and_the_variable_over_both(
    home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (home / "Documents").mkdir()
    assert reports_folder(Settings(reports_dir="~/Отчёты")) == home / "Отчёты"
    monkeypatch.setenv("TASKBOARD_REPORTS_DIR", str(tmp_path / "elsewhere"))
    assert reports_folder(Settings(reports_dir="~/Отчёты")) == tmp_path / "elsewhere"


def test_the_config_file_reads_reports_dir_as_text(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('reports_dir = "/srv/reports"\n', encoding="utf-8")
    assert load_settings(config).reports_dir == "/srv/reports"
    config.write_text("reports_dir = 5\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="reports_dir must be a text in quotes"):
        load_settings(config)
