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
