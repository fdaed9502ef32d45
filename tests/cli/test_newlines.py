"""Every command's output ends with a newline: results, messages, errors, files it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_process

pytestmark = pytest.mark.slow  # about forty commands, and real processes

COMMANDS: tuple[tuple[str, ...], ...] = (
    ("--help",),
    ("list", "--help"),
    ("list",),
    ("list", "--format", "json"),
    ("list", "--format", "csv"),
    ("list", "--status", "all"),
    ("list", "--search", "нет такого слова"),
    ("show", "1"),
    ("show", "1", "--format", "json"),
    ("person", "list"),
    ("person", "list", "--format", "json"),
    ("person", "list", "--format", "csv"),
    ("meeting", "list"),
    ("meeting", "list", "--format", "csv"),
    ("meeting", "show", "1"),
    ("report",),
    ("report", "--format", "md"),
    ("report", "--format", "csv"),
    ("report", "--format", "json"),
    ("report", "--format", "html"),
    ("export",),
    ("export", "--format", "csv"),
    ("remind", "--dry-run"),
    ("add", "Подготовить справку", "--owner", "сандалов", "--dry-run"),
    ("add", "--quick", "Сандалову до 1 июня подготовить предложения", "--dry-run"),
    ("start", "2"),
    ("note", "2", "Направлен запрос"),
    ("extend", "2", "--to", "31.12.2027", "--reason", "Ждём ответа"),
    ("undo",),
    ("done", "2"),
    ("reopen", "2"),
    ("cancel", "2", "--reason", "Учтено в другом пункте"),
    # errors: one line each
    ("show", "999"),
    ("list", "--bogus"),
    ("bogus",),
    ("report", "--format", "xlsx"),
    ("meeting", "show", "999"),
)
"""A broad set of commands on the example register (errors included)."""


def _missing_newline(name: str, text: str) -> str | None:
    if text and not text.endswith("\n"):
        return f"{name} ends with {text[-40:]!r}"
    return None


def test_every_command_ends_its_stdout_and_stderr_with_a_newline(cli, tmp_path: Path) -> None:
    assert cli("init", "--demo").code == 0
    problems = []
    for args in COMMANDS:
        result = cli(*args)
        for name, text in (("stdout", result.out), ("stderr", result.err)):
            if (problem := _missing_newline(name, text)) is not None:
                problems.append(f"taskboard {' '.join(args)}: {problem}")
    assert not problems, "\n".join(problems)


def test_files_written_with_output_end_with_a_newline(cli, tmp_path: Path) -> None:
    assert cli("init", "--demo").code == 0
    written = []
    for fmt in ("md", "csv", "json", "html"):
        target = tmp_path / f"report.{fmt}"
        assert cli("report", "--output", str(target)).code == 0
        written.append(target)
    for fmt in ("json", "csv"):
        target = tmp_path / f"export.{fmt}"
        assert cli("export", "--format", fmt, "--output", str(target)).code == 0
        written.append(target)
    for path in written:
        assert path.read_bytes().endswith(b"\n"), path.name


def test_version_and_completion_scripts_end_with_a_newline_in_a_real_process() -> None:
    for args in (("--version",), ("--show-completion", "bash"), ("--show-completion", "zsh")):
        # The shell named, not guessed from a process tree that may hold none (see above).
        result = run_process(
            *args, env={"SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
        )
        assert result.code == 0, result.err
        assert result.out.endswith("\n"), args
        assert not result.err or result.err.endswith("\n"), args
