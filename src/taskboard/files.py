"""Writing files users asked for (reports, exports, backups): atomically, never clobbering.

The content goes to a temporary file beside the target, is flushed to disk, and is renamed
into place: readers never see a half-written file and a failure leaves an existing file as
it was. An existing file is refused unless ``force``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from taskboard.errors import FileExists, InvalidInput, file_error
from taskboard.i18n import _


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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(
    path: str | os.PathLike[str],
    content: bytes | Callable[[Path], None],
    *,
    force: bool = False,
) -> Path:
    """Write ``content`` (bytes, or a function that writes a given path) to ``path``."""
    target = check_target(path, force=force)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise file_error(exc, target) from None
    temp = Path(temp_name)
    try:
        if isinstance(content, bytes):
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
        else:
            os.close(handle)
            content(temp)
        if target.exists() and not force:
            raise _exists(target)  # someone created it while ours was being written
        # mkstemp creates 0600; the file is an ordinary document, as the umask allows.
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise file_error(exc, target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target
