"""The files taskboard creates: owner-only (or one group's), written atomically, never clobbering.

Everything taskboard creates holds personal data — the database, backups, the copy taken
before a migration, exports and reports — so each is created mode 0600, or 0640 and given
the config's ``file_group``, whatever the umask (:class:`FileAccess`). A file that already
exists keeps its mode.

Content goes to a temporary file beside the target (``.taskboard-<kind>-….tmp``, created
owner-only), is flushed to disk, and is renamed into place: readers never see a half-written
file and a failure (an exception, Ctrl+C) removes the temporary file and leaves an existing
target as it was. A temporary file a killed run left behind is removed by the next run of
the same kind in that folder (:func:`remove_stale_temps`). An existing target is refused
unless ``force``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from taskboard.errors import FileExists, InvalidInput, TaskboardError, file_error
from taskboard.i18n import _

STALE_AFTER_S = 600
"""A temporary file untouched this long is a leftover even if its writer's pid is alive."""

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
"""What SQLite may keep beside a database file (removed with a temporary database)."""


@dataclass(frozen=True)
class FileAccess:
    """Who may read the files taskboard creates: the owner alone, or also one group."""

    group: int | None = None
    """The group id the files are given (the config's ``file_group``); None: owner only."""
    group_name: str | None = None
    """That group's name, for messages."""

    @property
    def mode(self) -> int:
        """0o640 with a group, else 0o600."""
        return 0o640 if self.group is not None else 0o600

    @classmethod
    def for_group(cls, name: str | None) -> FileAccess:
        """Owner-only for None; else ``name``'s group, refused unless it exists and is ours."""
        if name is None:
            return cls()
        try:
            import grp

            gid = grp.getgrnam(name).gr_gid
        except ImportError:
            raise InvalidInput(_("file_group is not supported on this system")) from None
        except KeyError:
            raise InvalidInput(
                _("file_group: there is no group «{name}» on this system").format(name=name)
            ) from None
        if os.geteuid() != 0 and gid != os.getegid() and gid not in os.getgroups():
            raise InvalidInput(
                _(
                    "file_group: you are not a member of the group «{name}», so files cannot "
                    "be given to it"
                ).format(name=name)
            )
        return cls(group=gid, group_name=name)

    def apply(self, fd: int) -> None:
        """Give the open file ``fd`` this access (its group, then its mode)."""
        if self.group is not None:
            os.fchown(fd, -1, self.group)
        os.fchmod(fd, self.mode)


OWNER_ONLY = FileAccess()
"""Mode 0600, the default everywhere."""


def _cannot_write(target: Path, exc: OSError) -> TaskboardError:
    return file_error(exc, target)  # one wording for every file error (errors.file_error)


def create_private(path: Path, access: FileAccess = OWNER_ONLY) -> bool:
    """Create ``path`` empty with ``access``; False (nothing changed) if it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, access.mode)
    except FileExistsError:
        return False
    try:
        access.apply(fd)  # the umask may have narrowed 0640; a group needs the chown
    finally:
        os.close(fd)
    return True


def _host_tag() -> str:
    import hashlib
    import socket

    return hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]


def _temp_prefix(kind: str) -> str:
    return f".taskboard-{kind}-"


def temp_prefix(kind: str, pid: int | None = None) -> str:
    """How the temporary files of ``kind`` written by ``pid`` (this process) on this host begin."""
    return f"{_temp_prefix(kind)}{_host_tag()}-{os.getpid() if pid is None else pid}-"


def _writer_gone(name: str, kind: str) -> bool:
    """Whether the temp file ``name`` was written on this host by a process that has ended."""
    parts = name[len(_temp_prefix(kind)) :].split("-")
    if len(parts) < 3 or parts[0] != _host_tag() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, someone else's
    return False


def remove_stale_temps(folder: Path, kind: str) -> list[Path]:
    """Remove the ``kind`` temporary files a killed run left in ``folder``; return them.

    A file counts as left behind when the process that wrote it (its pid and host are in its
    name) no longer exists, or when nobody has written to it for :data:`STALE_AFTER_S`: a
    concurrent run's file, still being written, is left alone.
    """
    removed: list[Path] = []
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            if not (name.startswith(_temp_prefix(kind)) and name.endswith(".tmp")):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
                if old or _writer_gone(name, kind):
                    _remove_temp(Path(entry.path))
                    removed.append(Path(entry.path))
            except OSError:
                continue
    return removed


def _remove_temp(temp: Path) -> None:
    for suffix in ("", *SQLITE_SIDE_FILES):
        with contextlib.suppress(OSError):
            Path(f"{temp}{suffix}").unlink()


@contextlib.contextmanager
def replacing(target: Path, kind: str, access: FileAccess = OWNER_ONLY) -> Iterator[Path]:
    """An empty temporary file beside ``target`` (created with ``access``), renamed onto it.

    The block writes the temporary file; when it ends the file replaces ``target``. On any
    failure (Ctrl+C too) the temporary file is removed. Leftovers of killed runs of the same
    ``kind`` in the folder are removed first.
    """
    import tempfile

    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temps(folder, kind)
    try:
        fd, name = tempfile.mkstemp(prefix=temp_prefix(kind), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    temp = Path(name)
    try:
        try:
            access.apply(fd)
        finally:
            os.close(fd)
        yield temp
        os.replace(temp, target)
    except BaseException:
        _remove_temp(temp)
        raise


def _exists(target: Path) -> FileExists:
    return FileExists(
        _("{path} already exists; choose another name or add --force.").format(path=target),
        target,
    )


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """The target as a path, or :class:`InvalidInput` if it cannot or may not be written."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise InvalidInput(_("{path} is a folder; give a file name.").format(path=target))
    if target.exists() and not force:
        raise _exists(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(_("The folder {folder} does not exist.").format(folder=folder))
    return target


def write_atomically(
    path: str | os.PathLike[str],
    content: bytes | Callable[[Path], None],
    *,
    force: bool = False,
    kind: str = "output",
    access: FileAccess = OWNER_ONLY,
) -> Path:
    """Write ``content`` (bytes, or a function that writes a given path) to ``path``.

    ``kind`` names the temporary file (``.taskboard-export-….tmp``); ``access`` is who may
    read the result.
    """
    target = check_target(path, force=force)
    try:
        with replacing(target, kind, access) as temp:
            if isinstance(content, bytes):
                with open(temp, "wb") as out:
                    out.write(content)
                    out.flush()
                    os.fsync(out.fileno())
            else:
                content(temp)
                # A writer that replaced the file (openpyxl does) made it with the umask.
                with open(temp, "rb+") as out:
                    access.apply(out.fileno())
            if target.exists() and not force:
                raise _exists(target)  # someone created it while ours was being written
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    return target
