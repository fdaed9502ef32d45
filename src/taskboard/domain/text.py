"""User text: control and bidi characters shown, formulas kept text; what an address is."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""The invisible characters that change the order in which text is drawn.

The embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069) reverse or
move whole runs («Trojan Source», CVE-2021-42574); the marks (U+200E, U+200F, U+061C) are
invisible strong letters that move the punctuation and digits beside them («-5» drawn as
«5-»). Russian and English text never needs any of them, so every face shows them as
``<U+202E>``; zero-width spaces and joiners reorder nothing (and emoji need the joiner), so
they stay as typed.
"""

_SHOWN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHOWN_ON_ONE_LINE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def visible(text: str | None) -> str:
    """``text`` as every face shows it: control characters as ``\\x1b``, bidi ones as ``<U+202E>``.

    ESC, BEL and the rest are shown instead of acting on the terminal, and the direction
    controls of :data:`BIDI_CONTROLS` instead of reordering what is drawn. Line breaks and
    tabs stay. The database and JSON keep the text exactly as typed: this is for display only.
    """
    if not text:
        return ""
    return _SHOWN.sub(_shown, text)


def visible_line(text: str | None) -> str:
    """:func:`visible`, and line breaks shown as ``\\x0a`` too: for one line of a log.

    A name holding a line break must not start a line of its own (a forged log entry).
    """
    if not text:
        return ""
    return _SHOWN_ON_ONE_LINE.sub(_shown, text)


def one_line(text: str | None, limit: int | None = None) -> str:
    """``text`` folded onto one visible line, cut to ``limit`` characters with «…»."""
    flat = " ".join(visible(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


FORMULA_START = frozenset("=+-@\t\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP's list)."""

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_QUOTED_FORMULA = re.compile(r"'+[=+\-@\t\r]")


def spreadsheet_text(text: str) -> str:
    """A text cell for a CSV file that no spreadsheet runs: ``'`` before ``=HYPERLINK(…)``.

    OWASP's advice for CSV injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab
    or a carriage return gets a leading ``'``, which Excel and LibreOffice show as text. A
    cell already starting with quotes before one of those gets one more, so that
    :func:`from_spreadsheet` gives back exactly what was written. Only for text: numbers
    (a negative count of days) are written as numbers.
    """
    return "'" + text if _FORMULA.match(text) else text


def from_spreadsheet(text: str) -> str:
    """A CSV cell read back: the ``'`` :func:`spreadsheet_text` added is taken off.

    The one ambiguity: a CSV not written by taskboard whose cell holds ``'=…`` typed on
    purpose loses that quote too.
    """
    # Most cells do not start with the quote: no pattern to try on them.
    return text[1:] if text[:1] == "'" and _QUOTED_FORMULA.match(text) else text


_ADDRESS_FORBIDDEN = set(' <>,;:"()[]\\\t\n\u2028\u2029\u0085')


def is_email_address(text: str | None) -> bool:
    """Whether ``text`` is one plain address (``local@domain``): no spaces, brackets or breaks.

    The one check the directory and the reminders share: a name or line break smuggled into
    an address would let it inject e-mail headers.
    """
    address = (text or "").strip()
    local, _, domain = address.rpartition("@")
    return bool(
        local
        and domain
        and not _CONTROL.search(address)
        and not any(c in _ADDRESS_FORBIDDEN for c in address)
    )
