"""A person's own language for reminders (``person add --language``), checked in one place."""

from __future__ import annotations

from taskboard.errors import InvalidInput
from taskboard.i18n import LANGUAGES, domain, normalize_language

_, ngettext = domain("reminders")


def option_help() -> str:
    """The help text of ``person add --language``."""
    return _("Language of this person's e-mail reminders: ru or en (default: the configured one).")


def check_language(value: str | None) -> str | None:
    """``value`` as a supported language code (None stays None), else :class:`InvalidInput`."""
    if value is None:
        return None
    found = normalize_language(value)
    if found is None:
        raise InvalidInput(
            _("«{value}» is not a supported language; use one of: {languages}.").format(
                value=value, languages=", ".join(LANGUAGES)
            )
        )
    return found
