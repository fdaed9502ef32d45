"""Hostile strings: text a user may type that every face must show, store and never obey.

Shared by the safe-output tests (``tests/cli/test_safe_outputs.py``, the reminders', the
TUI's) and open to later suites: each constant is one kind of attack, ``ALL`` is the lot.
"""

from __future__ import annotations

MARKUP = "[bold]жирный[/bold] [@click=app.quit]нажми[/] [/foo]"
"""Rich/Textual markup: must print as typed, never style or run an action."""

ANSI = "\x1b[31mкрасный\x1b[0m"
"""An SGR escape sequence (colour), raw ESC."""

OSC = "\x1b]8;;http://evil.example/\x1b\\ссылка\x1b]8;;\x1b\\ \x1b]0;заголовок\x07"
"""OSC 8 (a hidden hyperlink) and OSC 0 (the terminal's title, ended by BEL)."""

BEL = "звонок\x07"
"""The terminal bell."""

RLO = "Сандалов \u202eвонаборп\u202c М.А."
"""A right-to-left override: «пробанов» drawn reversed, closed by PDF (U+202C)."""

EMBEDDINGS = "\u202aслева\u202c \u202bсправа\u202c \u202dLTR\u202c"
"""Left-to-right and right-to-left embeddings (U+202A, U+202B) and LTR override (U+202D)."""

ISOLATES = "\u2066Иванов\u2069 \u2067Петров\u2069 \u2068Сидоров\u2069"
"""Isolates: LRI, RLI, FSI, each closed by PDI (U+2066–U+2069)."""

MARKS = "срок \u200f-5\u200e дней \u061c"
"""Right-to-left, left-to-right and Arabic letter marks: they move «-5» to «5-»."""

BIDI_CHARACTERS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
"""Every direction control the program shows as ``<U+XXXX>``."""

ZERO_WIDTH = "Сан\u200bда\u200cл\u200dов\u2060\ufeff"
"""Zero-width space, non-joiner, joiner, word joiner, BOM: reorder nothing, kept as typed."""

FORMULAS = (
    '=HYPERLINK("http://evil.example/","нажми")',
    "=1+1",
    "@SUM(A1)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
)
"""Cells a spreadsheet would run as formulas (OWASP's CSV injection list)."""

QUOTED_FORMULAS = ("'=1+1", "''+2")
"""Text that already starts with the quote a spreadsheet guard adds: must round-trip too."""

CRLF = "Волосков\r\nsent to Forged <forged@example.org>: 1 reminder"
"""A line break in a name: would forge a line of a log."""

NUL = "нуль\x00байт"
"""The NUL character: C strings end at it, PostgreSQL's text refuses it."""

CONTROLS = "DEL\x7f CSI\x9b31m NEL\x85 BS\x08\x08 VT\x0b FF\x0c конец"
"""DEL, the 8-bit CSI and NEL (C1), backspaces that would erase what was drawn, VT, FF."""

HTML = '<script>alert("x")</script><img src=x onerror=alert(1)> &amp; &lt;b&gt;'
"""HTML and entities: must be escaped in the HTML report and e-mail, kept in the database."""

SQL = ("'); DROP TABLE assignment;--", "1' OR '1'='1", 'Robert"); DELETE FROM person; --')
"""SQL fragments: stored as text by bound parameters, never run."""

TEMPLATES = ("{{ 7*7 }} {% raw %}", "{0.__class__} {text}", "%s %d %(name)s", "${HOME} $x")
"""Jinja, ``str.format``, printf and ``string.Template`` fragments: never expanded."""

HEADER_INJECTION = "Иванов\r\nBcc: evil@example.com"
"""A line break and a header in a display name: must add no header and no recipient."""

ADDRESS_INJECTION = "ivanov@example.org\r\nBcc: evil@example.com"
"""The same in an e-mail address: refused where an address is typed."""

CR = "Иванов\rПетров: исполнено"
"""A lone carriage return: a terminal draws what follows over the start of the line, and a
CSV cell holding it must be quoted (or every reader splits the row there)."""

LINE_SEPARATORS = "строка\u2028вторая\u2029третья"
"""Unicode line and paragraph separators: line breaks to some readers."""

MEGABYTE = (
    ("Длинный текст поручения [b]ж[/b] " * 40_000)
    .encode()[: 2**20]
    .decode("utf-8", "ignore")
    .strip()
)
"""About one MiB of UTF-8 in one text (a whole document pasted into the field)."""

ALL = (
    MARKUP,
    ANSI,
    OSC,
    BEL,
    RLO,
    EMBEDDINGS,
    ISOLATES,
    MARKS,
    ZERO_WIDTH,
    CRLF,
    *FORMULAS,
    CONTROLS,
    HTML,
    *SQL,
    *TEMPLATES,
    HEADER_INJECTION,
    CR,
    LINE_SEPARATORS,
)
"""Every hostile string above that a face takes as typed (NUL, the address injection and the
megabyte text have their own rules: see ``tests/e2e/test_hostile_corpus.py``)."""


def shown(character: str) -> str:
    """How a direction control reads on screen: ``<U+202E>``."""
    return f"<U+{ord(character):04X}>"
