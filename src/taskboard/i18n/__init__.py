"""Message catalogs: gettext semantics, Russian and English, one catalog per area.

Source strings are English. Each area of the program (``taskboard`` for the core and the
command line, ``tui``, ``reports``, ``reminders``) has its own ``.po`` catalog under
``locale/<lang>/LC_MESSAGES/``, so work on one area never conflicts with another. The
``.po`` files are the only source: they are compiled with Babel the first time a language is
used and the result is cached in the user cache directory under the hash of the ``.po`` file,
which keeps the repository free of generated binaries and the start-up fast.
"""

from __future__ import annotations

import gettext as _gettext
import hashlib
import io
import os
from functools import cache
from pathlib import Path
from typing import Protocol

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
    # Only the variables: "C"/"POSIX" name no language (Python maps C.UTF-8 to en_US), and
    # then the product's default, Russian, applies.
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_language(value)
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
    source = po_path.read_bytes()
    cached = _cached_mo(domain, lang, source)
    if cached is not None and cached.exists():
        try:
            with cached.open("rb") as fh:
                return _gettext.GNUTranslations(fh)
        except (OSError, ValueError):
            pass  # a damaged cache entry is compiled again below
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=lang, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    if cached is not None:
        _store(cached, buffer.getvalue())
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def _cached_mo(domain: str, lang: str, source: bytes) -> Path | None:
    """Where the compiled catalog is cached: named by the hash of the ``.po`` it came from."""
    # Compiling with Babel costs ~60 ms per process; every command would pay it.
    digest = hashlib.sha1(source, usedforsecurity=False).hexdigest()[:16]
    try:
        from platformdirs import user_cache_path

        return (
            user_cache_path("taskboard", appauthor=False) / "i18n" / f"{domain}-{lang}-{digest}.mo"
        )
    except OSError:
        return None


def _store(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        pass  # no writable cache: compile every time


def translate(domain: str, message: str, lang: str | None = None) -> str:
    """``message`` in ``lang`` (default: the current language), from ``domain``'s catalog."""
    return _translations(domain, lang or _current).gettext(message)


def translate_plural(
    domain: str, singular: str, plural: str, n: int, lang: str | None = None
) -> str:
    """The form of ``singular``/``plural`` for ``n`` in ``lang`` (default: the current one)."""
    return _translations(domain, lang or _current).ngettext(singular, plural, n)


class Gettext(Protocol):
    """``_(message, lang=None)``: a message in the current language or in ``lang``."""

    def __call__(self, message: str, lang: str | None = None) -> str: ...


class Ngettext(Protocol):
    """``ngettext(singular, plural, n, lang=None)``: the plural form for ``n``."""

    def __call__(self, singular: str, plural: str, n: int, lang: str | None = None) -> str: ...


def domain(name: str) -> tuple[Gettext, Ngettext]:
    """``(_, ngettext)`` bound to one catalog: ``_, ngettext = domain("tui")``.

    Both take an optional ``lang``: an e-mail goes out in its recipient's language whatever
    the language of the run.
    """

    def _(message: str, lang: str | None = None) -> str:
        return translate(name, message, lang)

    def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
        return translate_plural(name, singular, plural, n, lang)

    return _, ngettext


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


_, ngettext = domain("taskboard")

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "Gettext",
    "Ngettext",
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
