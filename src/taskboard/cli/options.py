"""Options several commands share, made once (sqlite-utils' shared output options).

These are factories, not module-level ``Annotated`` aliases: help texts are in the language
chosen at run time (``--lang``), and Typer reads a command's annotations — evaluated from
their strings under ``from __future__ import annotations`` — only when the command line is
built, after the language is set. Use them as ``Annotated[str, options.output_format()]``.

A factory holds an option's name, short form and help; where a command words the help its
own way, or keeps its texts in another catalog (``report`` in ``reports``, ``remind`` in
``reminders``, ``import``/``export`` in ``importers``), it passes ``help=`` translated with
its own ``_``.
"""

from __future__ import annotations

import typer
from typer.models import ArgumentInfo, OptionInfo

from taskboard.cli.output import FORMATS
from taskboard.i18n import _


def assignment_id() -> ArgumentInfo:
    """The ``ID`` argument of every command on one assignment."""
    return typer.Argument(metavar="ID", help=_("Assignment id."))


def if_version() -> OptionInfo:
    """``--if-version``: optimistic versioning for scripts."""
    return typer.Option(
        "--if-version",
        help=_("Refuse the change unless the assignment is still at this version."),
    )


def output_format(formats: tuple[str, ...] = FORMATS, *, help: str | None = None) -> OptionInfo:
    """``--format`` of what a command prints: ``table|json|csv`` unless it says otherwise."""
    return typer.Option("--format", help="|".join(formats) if help is None else help)


def output_file(*, help: str) -> OptionInfo:
    """``--output``/``-o``: the file to write instead of standard output."""
    return typer.Option("--output", "-o", help=help)


def force(*, help: str) -> OptionInfo:
    """``--force``: overwrite the file the command would write."""
    return typer.Option("--force", help=help)


def bom(*, help: str) -> OptionInfo:
    """``--bom``: a CSV that starts with a UTF-8 byte order mark, for Excel."""
    return typer.Option("--bom", help=help)


def dry_run(*, help: str) -> OptionInfo:
    """``--dry-run``: show what the command would do; change nothing."""
    return typer.Option("--dry-run", help=help)


def meeting_id(*, help: str | None = None) -> OptionInfo:
    """``--meeting``: a meeting's id (a filter, or the meeting new records belong to)."""
    return typer.Option("--meeting", help=_("Meeting id.") if help is None else help)


def owner_filter(*, help: str | None = None) -> OptionInfo:
    """``--owner`` of a filter: only that owner's assignments (a name, prefix or id)."""
    return typer.Option("--owner", help=_("Owner.") if help is None else help)


def priority() -> OptionInfo:
    """``--priority``."""
    return typer.Option("--priority", help="high|normal|low")


__all__ = [
    "assignment_id",
    "bom",
    "dry_run",
    "force",
    "if_version",
    "meeting_id",
    "output_file",
    "output_format",
    "owner_filter",
    "priority",
]
