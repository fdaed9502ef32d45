"""The core never imports the UI: domain, storage and the commands cron runs load no Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "taskboard.domain.models",
    "taskboard.domain.services",
    "taskboard.domain.queries",
    "taskboard.domain.dates",
    "taskboard.domain.people",
    "taskboard.storage.database",
    "taskboard.storage.backup",
    "taskboard.config",
    "taskboard.demo",
]


def test_core_modules_import_neither_textual_nor_typer() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'typer'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_command_line_loads_no_textual_unless_the_tui_opens(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys\n"
        "from taskboard.cli.app import run\n"
        f"run(['--db', {str(tmp_path / 't.db')!r}, 'list', '--format', 'json'])\n"
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN',"
        " file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "CLEAN"


def test_version_answers_without_loading_the_database_layer() -> None:
    code = (
        "import sys\n"
        "from taskboard.cli import main\n"
        "main(['--version'])\n"
        "print('SQLA' if 'sqlalchemy' in sys.modules else 'LIGHT', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.startswith("taskboard ")
    assert result.stderr.strip() == "LIGHT"
