"""Options several commands share, made once (sqlite-utils' shared output options).

These are factories, not module-level ``Annotated`` aliases: help texts are in the language
chosen at run time (``--lang``), and Typer reads a command's annotations — evaluated from
their strings under ``from __future__ import annotations`` — only when the command line is
built, after the language is set. Use them as ``Annotated[str, options.output_format()]``.
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


def output_format(formats: tuple[str, ...] = FORMATS) -> OptionInfo:
    """``--format`` of a listing: ``table|json|csv`` unless the command says otherwise."""
    return typer.Option("--format", help="|".join(formats))


def meeting_id() -> OptionInfo:
    """``--meeting``: a meeting's id."""
    return typer.Option("--meeting", help=_("Meeting id."))


def priority() -> OptionInfo:
    """``--priority``."""
    return typer.Option("--priority", help="high|normal|low")


__all__ = ["assignment_id", "if_version", "meeting_id", "output_format", "priority"]
