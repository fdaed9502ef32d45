"""Generators shared by the property suites: Russian names and words, hostile text."""

from __future__ import annotations

from hypothesis import strategies as st

RUSSIAN_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
"""The Russian alphabet in lower case, «ё» included."""

_SURNAME_ROOTS = st.text(alphabet="бвгдзклмнпрстфхцчшщ", min_size=1, max_size=3)
_VOWELS = st.text(alphabet="аеёиоуыя", min_size=1, max_size=1)


@st.composite
def surnames(draw: st.DrawFn) -> str:
    """A Russian-looking surname («Кётсов», «Бранина»), capitalised."""
    stem = draw(_SURNAME_ROOTS) + draw(_VOWELS) + draw(_SURNAME_ROOTS)
    ending = draw(st.sampled_from(("ов", "ев", "ёв", "ин", "ова", "ева", "ина", "ский", "ко")))
    return (stem + ending).capitalize()


@st.composite
def given_names(draw: st.DrawFn) -> str:
    """A first name or patronymic made of Russian letters, capitalised."""
    word = draw(
        st.text(alphabet=RUSSIAN_LOWER.replace("ъ", "").replace("ь", ""), min_size=2, max_size=9)
    )
    return word.capitalize()


@st.composite
def full_names(draw: st.DrawFn) -> tuple[str, str, str]:
    """(surname, first name, patronymic) of a person as the directory holds them."""
    return draw(surnames()), draw(given_names()), draw(given_names())


HOSTILE_PIECES = (
    "=1+1",
    '=HYPERLINK("http://evil.example/","нажми")',
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "'=1+1",
    "''+2",
    '"',
    "'",
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    "%",
    "_",
    "\\",
    "[bold]жирный[/bold]",
    "\u202eвонаборп\u202c",
    "Сан\u200bда\u200cлов",
    "Ёлкин",
    "«Савушкин продукт»",
    "<script>",
    "'; DROP TABLE assignment; --",
    "{{ 7*7 }}",
)
"""Pieces of text a user may type that every importer must keep exactly or refuse clearly."""

_TEXT_CHARS = st.characters(
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\x00",
)


def hostile_texts(*, min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[str]:
    """Assignment texts glued from hostile pieces, Cyrillic words and arbitrary printable text."""
    piece = st.one_of(
        st.sampled_from(HOSTILE_PIECES),
        st.text(alphabet=RUSSIAN_LOWER + RUSSIAN_LOWER.upper(), min_size=1, max_size=8),
        st.text(_TEXT_CHARS, min_size=1, max_size=6),
    )
    return st.lists(piece, min_size=min_size, max_size=max_size).map(" ".join)
