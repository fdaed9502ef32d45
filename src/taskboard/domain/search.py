"""Text folding for search: case-insensitive for Cyrillic and Latin alike, «ё» = «е».

SQLite's ``lower()`` and ``LIKE`` fold ASCII only, so folded copies of the searchable text
are stored beside it and queries fold the user's words the same way.
"""

from __future__ import annotations


def fold(text: str | None) -> str:
    """``text`` in lower case with «ё» as «е»: the form stored and compared."""
    if not text:
        return ""
    return text.casefold().replace("ё", "е")


def words(query: str | None) -> list[str]:
    """The folded words of a search query; every one must match."""
    return [w for w in fold(query).split() if w]


def like_pattern(word: str) -> str:
    """A ``LIKE`` pattern (escape ``\\``) that finds ``word`` anywhere."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def assignment_search_text(number: str | None, text: str) -> str:
    """What ``--search`` looks through in an assignment: its number and its text."""
    return fold(f"{number or ''} {text}").strip()
