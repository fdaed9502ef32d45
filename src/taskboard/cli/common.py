"""Helpers shared by commands: the person a filter names, output format checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from taskboard.errors import InvalidInput
from taskboard.i18n import _

if TYPE_CHECKING:
    from taskboard.storage.direct import Reader


def person_id(reader: Reader, ref: str | None) -> int | None:
    """The id of the person a filter (``--owner``) names; None stays None."""
    if ref is None:
        return None
    from taskboard.domain import naming

    return naming.resolve(reader, ref).id


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    """Refuse an unknown ``--format``."""
    if fmt not in allowed:
        raise InvalidInput(
            _("Unknown format «{fmt}»; use one of: {allowed}.").format(
                fmt=fmt, allowed=", ".join(allowed)
            )
        )
    return fmt
