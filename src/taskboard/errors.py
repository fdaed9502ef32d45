"""Errors the domain raises: each carries a one-line, translated message and an exit code."""

from __future__ import annotations


class TaskboardError(Exception):
    """Base of every error meant for the user: ``str(error)`` is the one line to show."""

    exit_code: int = 2
    """Process exit code the command line uses for this error."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(TaskboardError):
    """Bad input from the user: a wrong date, empty text, an unknown option value."""


class DateParseError(InvalidInput):
    """A date the parser does not accept."""


class FileExists(InvalidInput):
    """The file to write exists and overwriting it was not asked for. The message names the
    command line's way to ask (``--force``); a face with another way words its own."""

    def __init__(self, message: str, path: object) -> None:
        super().__init__(message)
        self.path = path
        """The file that exists."""


class NotFound(InvalidInput):
    """An id or a name that does not exist."""


class AmbiguousName(InvalidInput):
    """A name prefix that matches several people."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class InvalidTransition(InvalidInput):
    """A status change the workflow does not allow (e.g. ``start`` on a done assignment)."""


class StaleVersion(TaskboardError):
    """Someone else changed the record since it was read: nothing was written."""


class StorageError(TaskboardError):
    """The database cannot be used: missing, locked, read-only, corrupted, too new."""


class PartialFailure(TaskboardError):
    """The job ran but part of it failed (e.g. an e-mail was not delivered)."""

    exit_code = 1


def file_error(exc: OSError, path: object | None = None) -> TaskboardError:
    """The one line for a file that cannot be written or read: what is wrong, what to do.

    Every face shows an ``OSError`` through this (the command line's error boundary, the
    writers of reports, exports and backups), so that each kind of failure reads the same
    everywhere and in the run's language, never as a traceback or the system's English.
    """
    import errno

    from taskboard.i18n import _

    where = path if path is not None else (exc.filename or "")
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EFBIG", None)):
        message = _("Cannot write {path}: the disk is full; free some space and retry.")
    elif code == errno.EDQUOT:
        message = _(
            "Cannot write {path}: your disk quota is used up; free some space or ask for a "
            "larger quota, and retry."
        )
    elif code == errno.EROFS:
        message = _("Cannot write {path}: the disk is read-only; choose another folder.")
    elif code in (errno.EACCES, errno.EPERM):
        message = _(
            "Cannot write {path}: permission denied; choose a folder you may write to "
            "or ask for access."
        )
    elif code == errno.ENOENT:
        message = _(
            "Cannot write {path}: its folder does not exist; create it or choose another path."
        )
    elif code == errno.EISDIR:
        message = _("{path} is a folder; give a file name.")
    elif code == errno.ENOTDIR:
        message = _("Cannot write {path}: part of the path is a file, not a folder.")
    else:
        return StorageError(
            _("Cannot write {path}: {reason}.").format(path=where, reason=exc.strerror or exc)
        )
    return StorageError(message.format(path=where))
