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


def test_the_control_section_reads_levels_in_order_and_the_rule_numbers(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert Settings().control.level_keys == ("governor", "deputy", "head")
    config.write_text(
        "[control]\n"
        'levels = { governor = " у Губернатора ", minister = "у министра" }\n'
        "extension_limit = 3\nat_risk_quiet_days = 7\nat_risk_within_days = 5\n",
        encoding="utf-8",
    )
    control = load_settings(config).control
    assert control.level_keys == ("governor", "minister")
    assert control.levels["governor"] == "у Губернатора"
    assert (control.extension_limit, control.at_risk_quiet_days) == (3, 7)
    assert control.at_risk_within_days == 5


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("levels = []", "control.levels must be a table"),
        ('levels = { governor = "" }', "control.levels.governor must be a label"),
        ("extension_limt = 2", r"unknown key \[control\].extension_limt"),
        ('extension_limit = "2"', "control.extension_limit must be a whole number"),
        ("at_risk_quiet_days = -1", "control.at_risk_quiet_days must not be negative"),
    ],
)
def test_a_wrong_control_setting_is_named(tmp_path: Path, body: str, problem: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[control]\n{body}\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=problem):
        load_settings(config)
