"""What counts as English left in Russian output: a Latin-letter word off a small allowlist.

Russian output may still hold Latin letters where they are no English: names of products and
formats, the command line's own names (options, environment variables), values the command
line accepts as typed, keys, and example values (e-mail addresses, paths, URLs, an RRULE).
Everything else in Latin letters is English the user was not meant to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PRODUCT_NAMES = frozenset(
    {
        "taskboard",
        "SQLite",
        "PostgreSQL",
        "SQLAlchemy",
        "Excel",
        "Markdown",
        "TOML",
        "SMTP",
        "URL",
        "ID",
        "id",
        "CSV",
        "JSON",
        "XLSX",
        "HTML",
        "DOCX",
        "BOM",
        "UTF-8",
        "RRULE",
        "cron",
    }
)
"""Products, formats and standards, written as they are in Russian text too («файл CSV»,
«URL SQLAlchemy», «ID поручения»: the register's own word for a record's number)."""

FORMAT_NAMES = frozenset({"csv", "json", "xlsx", "html", "md", "txt", "docx", "perechen"})
"""Formats as the format choosers and ``--format`` name them (lower case)."""

KEY_NAMES = frozenset(
    {"Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Home", "End", "PgUp", "PgDn", "Space"}
    | {"ctrl", "shift", "alt", "enter", "esc", "tab", "home", "end", "space"}
)
"""Keys as keyboards label them (and as Textual's footer and palette print them)."""


def command_line_values() -> frozenset[str]:
    """Every word the command line accepts as an option's value (``--status open``):
    they are typed as they are, so Russian help and errors name them as they are."""
    from taskboard.cli.output import FORMATS
    from taskboard.domain.control import DEFAULT_CONTROL_LEVELS
    from taskboard.domain.models import MeetingKind, Priority
    from taskboard.domain.queries import SORTS, STATUS_CHOICES
    from taskboard.i18n import LANGUAGES
    from taskboard.importers import IMPORT_FORMATS
    from taskboard.reports import FORMATS as REPORT_FORMATS

    words: set[str] = set()
    for values in (
        FORMATS,
        REPORT_FORMATS,
        IMPORT_FORMATS,
        STATUS_CHOICES,
        SORTS,
        LANGUAGES,
        [k.value for k in MeetingKind],
        [p.value for p in Priority],
        DEFAULT_CONTROL_LEVELS,  # --level governor
        ["none"],  # --repeat none, --level none
    ):
        words.update(values)
    return frozenset(words)


_NOT_WORDS = [
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S+"),  # URLs (and SQLAlchemy URLs)
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"(?:~|\.{1,2})?/[^\s«»()]*|[^\s«»()]+/[^\s«»()]*"),  # paths
    re.compile(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"),  # environment variables: TASKBOARD_DB
    re.compile(r"(?<![\w.])\.[a-z]{2,4}\b"),  # file extensions: .txt
    re.compile(r"\b\w+\[\w+\]"),  # a package with its extra: taskboard[web]
    re.compile(r"(?<!\w)[+-]?\d+[dwmy]\b"),  # a date typed short: +3d, +2w
    re.compile(r"\b[IVX]+\b"),  # Roman numerals: «II квартал»
]
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
"""A command-line option: --db, -o."""
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:['’-][A-Za-z0-9_]+)*")


def english_words(
    text: str,
    *,
    typed: Iterable[str] = (),
    values: Iterable[str] = (),
    keys: bool = False,
    options: bool = True,
) -> list[str]:
    """The Latin-letter words of ``text`` that are none of the allowed kinds, in order.

    ``typed``: what the user typed (an unknown command is echoed back: not our English);
    ``values``: words the face accepts as typed (:func:`command_line_values`);
    ``keys``: single letters are key names (the TUI's footer, help and palette);
    ``options``: command-line options are names (not in the TUI, which has none).
    """
    for value in sorted(typed, key=len, reverse=True):
        if value:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    for pattern in [*_NOT_WORDS, _OPTION] if options else _NOT_WORDS:
        text = pattern.sub(" ", text)
    allowed = PRODUCT_NAMES | KEY_NAMES | set(values)
    found = []
    for word in _WORD.findall(text):
        if word in allowed or word.lower() in FORMAT_NAMES:
            continue
        if keys and len(word) == 1:
            continue
        found.append(word)
    return found


__all__ = ["command_line_values", "english_words"]
