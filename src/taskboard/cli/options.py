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

from pathlib import Path
from typing import Any

import typer
from typer.models import ArgumentInfo, OptionInfo

from taskboard.cli.output import FORMATS
from taskboard.i18n import N_, _

VALUE_NAMES = {
    "--db": N_("PATH|URL"),
    "--lang": N_("LANGUAGE"),
    "--language": N_("LANGUAGE"),
    "assignment_id": N_("ID"),
    "meeting_id": N_("ID"),
    "--meeting": N_("ID"),
    "text": N_("TEXT"),
    "--text": N_("TEXT"),
    "--note": N_("TEXT"),
    "--reason": N_("TEXT"),
    "--comment": N_("TEXT"),
    "--partial": N_("TEXT"),
    "--rest-due": N_("DATE"),
    "--file": N_("PATH"),
    "--notes": N_("TEXT"),
    "--position": N_("TEXT"),
    "--org": N_("TEXT"),
    "--place": N_("TEXT"),
    "title": N_("TITLE"),
    "name": N_("NAME"),
    "--owner": N_("PERSON"),
    "person": N_("PERSON"),
    "--by": N_("PERSON"),
    "--co": N_("PERSON"),
    "--controller": N_("PERSON"),
    "--author": N_("PERSON"),
    "--supervisor": N_("PERSON"),
    "--chair": N_("PERSON"),
    "--email": N_("ADDRESS"),
    "--due": N_("DATE"),
    "--to": N_("DATE"),
    "--from": N_("DATE"),
    "--date": N_("DATE"),
    "--today": N_("DATE"),
    "--due-within": N_("DAYS"),
    "--number": N_("NUMBER"),
    "--protocol": N_("NUMBER"),
    "--accept": N_("N,M"),
    "--if-version": N_("VERSION"),
    "--tag": N_("TAG"),
    "--priority": N_("PRIORITY"),
    "--level": N_("LEVEL"),
    "--repeat": N_("RULE"),
    "--status": N_("STATUS"),
    "--sort": N_("ORDER"),
    "--search": N_("WORDS"),
    "--kind": N_("KIND"),
    "--format": N_("FORMAT"),
    "--output-format": N_("FORMAT"),
    "--output": N_("FILE"),
    "file": N_("FILE"),
    "--delimiter": N_("CHARACTER"),
    "--host": N_("ADDRESS"),
    "--port": N_("PORT"),
    "--public-url": N_("URL"),
}
"""What the value of each option (by its name) and argument (by its parameter's) is called
in help and errors: ``--due DATE``, ``show ID``. The one place value names come from."""


def value_name(param: Any) -> str:
    """The name of the value ``param`` takes, in the current language (``DATE``, ``ДАТА``);
    a parameter not in :data:`VALUE_NAMES` is named by its type (a number, a file, a text)."""
    name = VALUE_NAMES.get(param.opts[0] if param.opts else param.name)
    if name is None:
        kind = getattr(getattr(param, "type_descriptor", None), "annotation", str)
        name = N_("INTEGER") if kind is int else N_("FILE") if kind is Path else N_("TEXT")
    return _(name)


def parse_id(value: str) -> int:
    """An id argument or option: digits 0–9 within range, or one line saying it is not an id.

    Every id the command line takes is read here (Typer's ``int`` also takes «١٢» and «１２»
    and lets a 20-digit number overflow in the driver).
    """
    from typer._click.exceptions import BadParameter

    from taskboard.domain.ids import parse_id as parse
    from taskboard.errors import InvalidInput

    try:
        return parse(value)
    except InvalidInput as exc:
        raise BadParameter(exc.message.rstrip(".")) from None


def parse_version(value: str) -> int:
    """``--if-version``: a version number read like an id (digits 0–9 within range)."""
    from typer._click.exceptions import BadParameter

    try:
        return parse_id(value)
    except BadParameter:
        raise BadParameter(
            _(
                "«{value}» is not a valid version; a version is a whole number in the digits 0–9"
            ).format(value=value.strip())
        ) from None


def assignment_id() -> ArgumentInfo:
    """The ``ID`` argument of every command on one assignment."""
    return typer.Argument(help=_("Assignment id."), parser=parse_id)


def meeting_argument() -> ArgumentInfo:
    """The ``ID`` argument of a command on one meeting."""
    return typer.Argument(help=_("Meeting id."), parser=parse_id)


def if_version() -> OptionInfo:
    """``--if-version``: optimistic versioning for scripts."""
    return typer.Option(
        "--if-version",
        help=_("Refuse the change unless the assignment is still at this version."),
        parser=parse_version,
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
    return typer.Option(
        "--meeting", help=_("Meeting id.") if help is None else help, parser=parse_id
    )


def owner_filter(*, help: str | None = None) -> OptionInfo:
    """``--owner`` of a filter: only that owner's assignments (a name, prefix or id)."""
    return typer.Option("--owner", help=_("Owner.") if help is None else help)


def control_level(*, help: str) -> OptionInfo:
    """``--level``: a control level, by its key or its label (``[control] levels``)."""
    return typer.Option("--level", help=help)


def priority() -> OptionInfo:
    """``--priority``."""
    return typer.Option("--priority", help=_("high|normal|low"))


__all__ = [
    "VALUE_NAMES",
    "assignment_id",
    "bom",
    "control_level",
    "dry_run",
    "force",
    "if_version",
    "meeting_argument",
    "meeting_id",
    "output_file",
    "output_format",
    "owner_filter",
    "parse_id",
    "parse_version",
    "priority",
    "value_name",
]
