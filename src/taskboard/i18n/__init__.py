"""Message catalogs: gettext semantics, Russian and English, one catalog per area.

Source strings are English. Each area of the program (``taskboard`` for the core and the
command line, ``tui``, ``reports``, ``reminders``) has its own ``.po`` catalog under
``locale/<lang>/LC_MESSAGES/``, so work on one area never conflicts with another. The
``.po`` files are the only source: they are compiled in memory with Babel the first time a
language is used, which keeps the repository free of generated binaries.
"""

from __future__ import annotations

import gettext as _gettext
import io
import locale
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"

_current = DEFAULT_LANGUAGE


def normalize_language(value: str | None) -> str | None:
    """Map ``ru_RU.UTF-8``, ``RU``, ``en-GB`` and the like to a supported code, else None."""
    if not value:
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def language_from_locale() -> str | None:
    """The language of the process locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), if supported."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        found = normalize_language(os.environ.get(var))
        if found:
            return found
    try:
        return normalize_language(locale.getlocale()[0])
    except ValueError:
        return None


def set_language(lang: str) -> None:
    """Make ``lang`` the language of every later message."""
    global _current
    found = normalize_language(lang)
    if found is None:
        raise ValueError(f"unsupported language: {lang!r} (use one of {', '.join(LANGUAGES)})")
    _current = found


def get_language() -> str:
    """The language messages are currently given in."""
    return _current


@cache
def _translations(domain: str, lang: str) -> _gettext.NullTranslations:
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.exists():
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def translate(domain: str, message: str) -> str:
    """``message`` in the current language, from ``domain``'s catalog."""
    return _translations(domain, _current).gettext(message)


def translate_plural(domain: str, singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language."""
    return _translations(domain, _current).ngettext(singular, plural, n)


def domain(name: str) -> tuple[Callable[[str], str], Callable[[str, str, int], str]]:
    """``(_, ngettext)`` bound to one catalog: ``_, ngettext = domain("tui")``."""

    def _(message: str) -> str:
        return translate(name, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return translate_plural(name, singular, plural, n)

    return _, ngettext


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


_, ngettext = domain("taskboard")

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "_",
    "domain",
    "get_language",
    "language_from_locale",
    "ngettext",
    "normalize_language",
    "set_language",
    "translate",
    "translate_plural",
]
