"""FileAccess and the database's side files: the group of file_group reaches the -wal and -shm."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from taskboard.errors import InvalidInput
from taskboard.files import FileAccess, create_private
from taskboard.storage.database import open_database
from tests.cli.test_file_permissions import mode, usable_group

pytestmark = pytest.mark.usefixtures("umask_022")


def test_owner_only_is_0600_and_a_group_makes_it_0640(tmp_path: Path) -> None:
    assert create_private(tmp_path / "a", FileAccess())
    assert mode(tmp_path / "a") == 0o600
    assert not create_private(tmp_path / "a", FileAccess())  # an existing file is left alone
    group = usable_group()
    if group is not None:
        assert create_private(tmp_path / "b", FileAccess.for_group(group[0]))
        assert (mode(tmp_path / "b"), os.stat(tmp_path / "b").st_gid) == (0o640, group[1])


def test_an_unknown_group_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInput, match="no group «no-such-group-here»"):
        FileAccess.for_group("no-such-group-here")


def test_side_files_sqlite_made_with_the_users_own_group_are_given_file_group(
    tmp_path: Path,
) -> None:
    """SQLite copies the database's group onto -wal/-shm only as root; taskboard does it."""
    group = usable_group()
    if group is None:
        pytest.skip("no group other than our own to give files to")
    access = FileAccess.for_group(group[0])
    path = tmp_path / "register.db"
    database = open_database(path, access=access)
    try:
        with database.write() as session:
            session.execute(text("UPDATE alembic_version SET version_num = version_num"))
        # What a non-root SQLite makes: the side files in the user's primary group.
        for side in ("-wal", "-shm"):
            os.chown(f"{path}{side}", -1, os.getegid())
        with database.write() as session:
            session.execute(text("UPDATE alembic_version SET version_num = version_num"))
        for side in ("-wal", "-shm"):
            status = os.stat(f"{path}{side}")
            assert (status.st_mode & 0o777, status.st_gid) == (0o640, group[1]), side
    finally:
        database.dispose()
