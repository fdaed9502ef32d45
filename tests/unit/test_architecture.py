"""The layering holds: the core never loads the UI, and the import contracts really bite.

Two checks of one rule. ``lint-imports`` (contracts in pyproject.toml) reads the source and
sees every import, even in a branch no test runs; the ``sys.modules`` probes run the code in
a fresh interpreter and see what is really loaded, lazy imports included.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import taskboard

PACKAGE = Path(taskboard.__file__).parent
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"


@dataclass(frozen=True)
class Probe:
    """Python run in a fresh interpreter, and the top-level packages it must leave unloaded."""

    code: str
    """Statements to run; ``{db}`` is replaced by the path of a demo database."""
    absent: tuple[str, ...]


def _imports(*modules: str) -> str:
    return "".join(f"import {name}\n" for name in modules)


def _command(*args: str) -> str:
    return (
        "from taskboard.cli.app import run\n"
        f"code = run(['--db', {{db!r}}, {', '.join(repr(a) for a in args)}])\n"
        "assert code == 0, code\n"
    )


def _help(*args: str) -> str:
    """The help of ``args`` (the top level without): the command tree, no database layer."""
    return (
        "from taskboard.cli.app import run\n"
        f"code = run([{', '.join(repr(a) for a in (*args, '--help'))}])\n"
        "assert code == 0, code\n"
    )


PROBES = {
    "core modules load neither textual nor typer": Probe(
        _imports(
            "taskboard.domain.models",
            "taskboard.domain.services",
            "taskboard.domain.queries",
            "taskboard.domain.dates",
            "taskboard.domain.people",
            "taskboard.domain.intake",
            "taskboard.presentation",
            "taskboard.domain.recurrence",
            "taskboard.storage.database",
            "taskboard.storage.backup",
            "taskboard.storage.watch",
            "taskboard.errors",
            "taskboard.config",
            "taskboard.files",
            "taskboard.i18n",
            "taskboard.demo",
            "taskboard.progress",
        ),
        ("textual", "typer"),
    ),
    "reports load neither textual, typer nor rich": Probe(
        _imports(
            "taskboard.reports",
            "taskboard.reports.html_render",
            "taskboard.reports.xlsx_render",
            "taskboard.reports.md_render",
            "taskboard.reports.csv_render",
            "taskboard.reports.json_render",
        ),
        ("textual", "typer", "rich"),
    ),
    "reminders load neither textual, typer nor rich": Probe(
        _imports(
            "taskboard.reminders.run", "taskboard.reminders.smtp", "taskboard.reminders.render"
        ),
        ("textual", "typer", "rich"),
    ),
    "importers and snapshot load neither textual nor typer": Probe(
        _imports(
            "taskboard.importers",
            "taskboard.importers.drafts",
            "taskboard.importers.tabular",
            "taskboard.importers.protocol",
            "taskboard.snapshot",
        ),
        ("textual", "typer"),
    ),
    "list on the command line loads no textual": Probe(
        _command("list", "--format", "json"), ("textual",)
    ),
    "remind (as cron runs it) loads no textual": Probe(
        _command("remind", "--dry-run"), ("textual",)
    ),
    # Issue 12: the read commands on an SQLite register run on the standard library's sqlite3,
    # and their plain options are read without Pydantic.
    "list on an SQLite register loads no sqlalchemy": Probe(
        _command("list", "--overdue", "--format", "json"), ("sqlalchemy", "sqlmodel", "pydantic")
    ),
    "a search loads no sqlalchemy": Probe(
        _command("list", "--search", "савушкин", "--sort", "owner"), ("sqlalchemy", "pydantic")
    ),
    "a JSON listing loads no rich": Probe(
        _command("list", "--overdue", "--format", "json"), ("rich", "sqlalchemy")
    ),
    "list --owner NAME loads no sqlalchemy": Probe(
        _command("list", "--owner", "сандал", "--controller", "1", "--format", "json"),
        ("sqlalchemy", "sqlmodel", "pydantic"),
    ),
    "export of an SQLite register loads no sqlalchemy": Probe(
        _command("export", "--format", "json", "--output", "{db}.json", "--force"),
        ("sqlalchemy", "sqlmodel", "pydantic"),
    ),
    "report of an SQLite register loads no sqlalchemy": Probe(
        _command("report", "--format", "md", "--output", "{db}.md", "--force"),
        ("sqlalchemy", "sqlmodel", "pydantic"),
    ),
    "an XLSX report of an SQLite register loads no sqlalchemy": Probe(
        _command("report", "--output", "{db}.xlsx", "--force"),
        ("sqlalchemy", "sqlmodel", "pydantic"),
    ),
    "a write still goes through the services": Probe(_command("done", "1"), ("textual",)),
    "--version loads no sqlalchemy": Probe(
        "from taskboard.cli import main\nmain(['--version'])\n", ("sqlalchemy",)
    ),
    "--help loads no sqlalchemy": Probe(_help(), ("sqlalchemy", "sqlmodel", "textual")),
    "a command's --help loads no sqlalchemy": Probe(
        _help("list"), ("sqlalchemy", "sqlmodel", "textual")
    ),
    "a group command's --help loads no sqlalchemy": Probe(
        _help("person", "list"), ("sqlalchemy", "sqlmodel", "textual")
    ),
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the example data, made once for the command probes."""
    from taskboard.demo import load_demo
    from taskboard.storage.database import open_database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    with database.write() as session:
        load_demo(session, actor="Тестов Т.Т.")
    database.dispose()
    return path


@pytest.mark.parametrize("probe", PROBES.values(), ids=list(PROBES))
def test_a_fresh_interpreter_leaves_the_ui_packages_unloaded(
    probe: Probe, demo_db: Path, tmp_path: Path
) -> None:
    report = tmp_path / "loaded.json"
    code = (
        probe.code.format(db=str(demo_db))
        + "import json, sys\n"
        + f"top = {{name.split('.')[0] for name in sys.modules}} & set({list(probe.absent)!r})\n"
        + f"open({str(report)!r}, 'w').write(json.dumps(sorted(top)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(report.read_text()) == []


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts, on the package copied into ``tree``."""
    executable = Path(sys.executable).with_name("lint-imports")
    command = str(executable) if executable.exists() else shutil.which("lint-imports")
    assert command, "lint-imports is not installed (pip install -e '.[test]')"
    env = {**os.environ, "PYTHONPATH": str(tree), "COLUMNS": "200"}
    return subprocess.run(
        [command, "--no-cache", str(PYPROJECT)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )


BREAKS = {
    "the domain importing textual": (
        "domain/ui_leak.py",
        "import textual\n",
        "The core imports neither Textual nor Typer",
        "taskboard.domain.ui_leak -> textual",
    ),
    "reports importing the CLI": (
        "reports/cli_leak.py",
        "import taskboard.cli.output\n",
        "The core imports neither the CLI nor the TUI",
        "taskboard.reports.cli_leak -> taskboard.cli.output",
    ),
    "storage importing the domain services": (
        "storage/uses_services.py",
        "import taskboard.domain.services\n",
        "Storage imports only errors, i18n, files and the domain models",
        "taskboard.storage.uses_services -> taskboard.domain.services",
    ),
    # Storage may import the models; so the models must not lead on to the rest of the domain.
    "the models importing the domain services": (
        "domain/models.py",
        "import taskboard.domain.services\n",
        "Storage imports only errors, i18n, files and the domain models",
        "taskboard.domain.models -> taskboard.domain.services",
    ),
}


def test_the_import_contracts_hold_for_the_package(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "taskboard", ignore=shutil.ignore_patterns("__pycache__"))
    done = _lint_imports(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " BROKEN" not in done.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract", "chain"), BREAKS.values(), ids=list(BREAKS)
)
def test_lint_imports_fails_naming_the_contract_a_new_module_breaks(
    tmp_path: Path, module: str, source: str, contract: str, chain: str
) -> None:
    shutil.copytree(PACKAGE, tmp_path / "taskboard", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "taskboard" / module
    start = path.read_text() if path.exists() else '"""Broken on purpose."""\n\n'
    path.write_text(start + source)
    done = _lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{contract} BROKEN" in done.stdout
    assert chain in done.stdout


def test_each_command_is_registered_by_the_module_the_lazy_tree_names() -> None:
    import typer

    from taskboard.cli import app

    for module_name in app.MODULES:
        module = __import__(f"taskboard.cli.{module_name}", fromlist=["register"])
        tree = typer.Typer()
        module.register(tree)
        names = [c.name for c in tree.registered_commands] + [
            g.name for g in tree.registered_groups
        ]
        assert names, module_name
        for name in names:
            assert app.COMMAND_MODULES[name] == module_name, name
    assert set(app.COMMAND_MODULES.values()) == set(app.MODULES)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list"], "list"),
        (["--db", "x.db", "--lang", "en", "person", "list"], "person"),
        (["--db=x.db", "show", "3"], "show"),
        (["--help"], None),
        (["--db", "list", "--version"], None),  # "list" is --db's value here
        (["lst"], None),  # unknown: the whole tree, so that Click can suggest «list»
        ([], None),
    ],
)
def test_the_command_is_found_past_the_global_options(
    args: list[str], expected: str | None
) -> None:
    from taskboard.cli.app import command_named

    assert command_named(args) == expected
