"""Ids as people type them: the digits 0–9, within the range a database row id can take."""

from __future__ import annotations

from taskboard.errors import InvalidInput
from taskboard.i18n import _

MAX_ID = 2**63 - 1
"""The largest row id SQLite (and PostgreSQL's ``bigint``) can hold."""


def looks_like_id(text: str) -> bool:
    """True when ``text`` is written in digits of any script («12», «²», «١٢», «１２»)."""
    return text.isdigit()


def parse_id(text: str) -> int:
    """The id ``text`` names; :class:`InvalidInput` unless it is digits 0–9 within range.

    Python's ``int`` also reads Arabic-Indic and full-width digits and any length; an id typed
    that way is almost always a slip, and one too long reaches the driver as an overflow.
    """
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise InvalidInput(
            _("«{value}» is not a valid id; an id is a whole number in the digits 0–9.").format(
                value=value
            )
        )
    return int(value)


__all__ = ["MAX_ID", "looks_like_id", "parse_id"]
