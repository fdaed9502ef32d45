"""README's "Everyday use" block runs as written, in a shell, on a fresh register."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
INTERACTIVE = ("taskboard", "taskboard serve")
"""The block's last two lines start the TUI and the web server: they wait for a person."""


def everyday_block() -> list[str]:
    """The lines of the first ``sh`` block under README's "Everyday use" heading."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Everyday use", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "README's Everyday use has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def command_of(line: str) -> str:
    """The command without its trailing comment."""
    return re.split(r"\s{2,}#", line, maxsplit=1)[0].strip()


def test_readme_everyday_use_runs_as_written_on_a_fresh_register(tmp_path: Path) -> None:
    lines = everyday_block()
    runnable = [line for line in lines if command_of(line) not in INTERACTIVE]
    assert [command_of(line) for line in lines[len(runnable) :]] == list(INTERACTIVE)
    assert command_of(runnable[0]) == ". .venv/bin/activate"
    # The block is run where a user would be after the quick start: a folder with the .venv
    # and the examples (here links to this checkout's), and no database anywhere yet.
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIRTUAL_ENV")}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"  # taskboard only through the activation
    script = "set -euo pipefail\n" + "\n".join(
        f"echo '>>> {command_of(line)}' >&2\n{line}" for line in runnable
    )
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]

    data_dir = Path(os.environ["XDG_DATA_HOME"]) / "taskboard"
    assert (data_dir / "taskboard.db").exists()
    register = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in register["assignments"]}
    assert by_id[1]["status"] == "open"  # done, then undone
    assert by_id[2]["due"] == "2027-06-30"  # the quick add, extended
    assert by_id[2]["tags"] == ["Беларусь"]
    imported = [a for a in register["assignments"] if a["meeting_id"] == 2]
    assert len(imported) == 9
    sheet = openpyxl.load_workbook(tmp_path / "discipline.xlsx", read_only=True)
    assert sheet.sheetnames
    for command in INTERACTIVE:
        help_run = subprocess.run(
            [sys.executable, "-m", "taskboard", *command.split()[1:], "--help"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert help_run.returncode == 0, help_run.stderr
