"""The TUI's own layering: modals and widgets know the app only as a TuiContext."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import taskboard.tui

TUI = Path(taskboard.tui.__file__).parent
LOWER = ["taskboard.tui.modals", "taskboard.tui.widgets", "taskboard.tui.writes"]
"""Packages and modules the app imports and that must not import it back."""


def test_modals_widgets_and_the_write_path_load_without_the_app() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {LOWER!r}: importlib.import_module(name)\n"
        "print('taskboard.tui.app' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_no_modal_names_the_app_not_even_for_type_checking() -> None:
    for path in sorted((TUI / "modals").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "taskboard.tui.app", path.name
                assert "TaskboardApp" not in {alias.name for alias in node.names}, path.name
            elif isinstance(node, ast.Import):
                assert "taskboard.tui.app" not in {alias.name for alias in node.names}, path.name
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert "TaskboardApp" not in node.value, path.name  # cast("TaskboardApp", …)
