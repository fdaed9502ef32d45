"""Who may read what taskboard writes: new files 0600 (0640 and a group with file_group).

Every test sets the umask to 022 (files 0644 unless the program chooses) so that the modes
seen are the program's own choice. The config's own permissions earn a warning.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from taskboard.domain.queries import reader_of
from taskboard.storage import database

pytestmark = pytest.mark.usefixtures("umask_022")


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return os.stat(path).st_mode & 0o777


def usable_group() -> tuple[str, int] | None:
    """A group other than our own that we may give files to (root: any)."""
    import grp

    mine = set(os.getgroups())
    for group in grp.getgrall():
        if group.gr_gid != os.getegid() and (os.geteuid() == 0 or group.gr_gid in mine):
            return group.gr_name, group.gr_gid
    return None


def _config(text: str) -> Path:
    path = Path(os.environ["TASKBOARD_CONFIG"])
    path.write_text('actor = "Тестов Т.Т."\n' + text, encoding="utf-8")
    return path


def test_a_new_database_and_its_wal_and_shm_are_created_owner_only(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init").code == 0
    assert mode(db_path) == 0o600
    # Another connection keeps the -wal and -shm alive while taskboard writes.
    reader = sqlite3.connect(db_path)
    try:
        reader.execute("SELECT count(*) FROM person").fetchone()
        assert cli("person", "add", "Сандалов Михаил").code == 0
        for side in ("-wal", "-shm"):
            assert mode(Path(f"{db_path}{side}")) == 0o600, side
    finally:
        reader.close()


def test_an_existing_database_keeps_the_mode_its_owner_gave_it(cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init").code == 0
    db_path.chmod(0o644)
    assert cli("person", "add", "Сандалов Михаил").code == 0
    assert mode(db_path) == 0o644


def test_backup_export_and_reports_are_created_owner_only(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("person", "add", "Сандалов Михаил").code == 0
    outputs = {
        "backup.db": ("backup", str(tmp_path / "backup.db")),
        "export.json": ("export", "--output", str(tmp_path / "export.json")),
        "export.csv": ("export", "--format", "csv", "--output", str(tmp_path / "export.csv")),
        "report.md": ("report", "--format", "md", "--output", str(tmp_path / "report.md")),
        "report.xlsx": ("report", "--output", str(tmp_path / "report.xlsx")),
    }
    for name, args in outputs.items():
        result = cli(*args)
        assert result.code == 0, result.err
        assert mode(tmp_path / name) == 0o600, name
    # Overwriting (--force) gives the new content the same protection.
    (tmp_path / "again.md").write_text("old", encoding="utf-8")
    (tmp_path / "again.md").chmod(0o644)
    assert (
        cli("report", "--format", "md", "--output", str(tmp_path / "again.md"), "--force").code == 0
    )
    assert mode(tmp_path / "again.md") == 0o600
    assert not list(tmp_path.glob(".taskboard-*"))


def test_the_copy_taken_before_a_migration_is_owner_only(
    cli, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    assert cli("init").code == 0
    db_path.chmod(0o644)  # the user's own choice for the database is kept
    monkeypatch.setattr(database, "SCHEMA_REVISIONS", ("0000", *database.SCHEMA_REVISIONS))
    with sqlite3.connect(db_path) as con:
        con.execute("UPDATE alembic_version SET version_num = '0000'")
    con.close()
    monkeypatch.setattr(database, "upgrade", lambda engine: None)
    assert cli("list").code == 0
    (copy,) = db_path.parent.glob("register.db.backup-0000-*")
    assert mode(copy) == 0o600
    assert mode(db_path) == 0o644
    assert not list(db_path.parent.glob(".taskboard-*"))


def test_file_group_gives_new_files_that_group_and_mode_0640(
    cli, db_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    group = usable_group()
    if group is None:
        pytest.skip("no group other than our own to give files to")
    name, gid = group
    _config(f'file_group = "{name}"\n')
    assert cli("init").code == 0
    assert cli("backup", str(tmp_path / "backup.db")).code == 0
    assert cli("export", "--output", str(tmp_path / "export.json")).code == 0
    assert cli("report", "--format", "csv", "--output", str(tmp_path / "report.csv")).code == 0
    assert cli("report", "--output", str(tmp_path / "report.xlsx")).code == 0
    for path in (
        db_path,
        *(tmp_path / n for n in ("backup.db", "export.json", "report.csv", "report.xlsx")),
    ):
        assert (mode(path), os.stat(path).st_gid) == (0o640, gid), path.name


def test_an_unknown_file_group_is_a_config_error_that_names_it(cli) -> None:  # type: ignore[no-untyped-def]
    _config('file_group = "no-such-group-here"\n')
    result = cli("list")
    assert result.code == 2
    assert "file_group" in result.err and "no-such-group-here" in result.err


@pytest.mark.parametrize("bits", [0o664, 0o646])
def test_a_config_file_others_can_write_earns_one_warning_line(cli, bits: int) -> None:  # type: ignore[no-untyped-def]
    config = _config("")
    config.chmod(bits)
    result = cli("list")
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if "warning" in line]
    assert warnings == [
        f"taskboard: warning: the config file {config} is writable by others (mode {bits:o}); "
        "anyone who can change it can redirect the database and the mail: chmod go-w it."
    ]


def test_the_config_warning_speaks_russian_in_a_russian_run(cli) -> None:  # type: ignore[no-untyped-def]
    _config("").chmod(0o666)
    result = cli("--lang", "ru", "list")
    assert result.code == 0
    assert "taskboard: предупреждение: файл настроек" in result.err


@pytest.mark.parametrize("bits", [0o600, 0o644, 0o640])
def test_a_config_file_only_its_owner_can_write_earns_no_warning(cli, bits: int) -> None:  # type: ignore[no-untyped-def]
    _config("").chmod(bits)
    result = cli("list")
    assert result.code == 0
    assert "warning" not in result.err


def test_write_report_creates_owner_only_files_with_the_default_settings(
    tmp_path: Path,
    db,  # type: ignore[no-untyped-def]
) -> None:
    """What the TUI's report dialog calls, with the access of default settings."""
    from taskboard import reports
    from taskboard.config import Settings
    from tests.conftest import TODAY

    with db.read() as session:
        built = reports.build_report(reader_of(session), reports.ReportParams(), today=TODAY)
    write: Callable[..., Path] = reports.write_report
    for fmt in ("md", "xlsx"):
        target = tmp_path / f"report.{fmt}"
        write(built, fmt, target, access=Settings().file_access)
        assert mode(target) == 0o600, fmt
