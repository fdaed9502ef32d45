"""User text: control characters made visible, never executed; what an e-mail address is."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str | None) -> str:
    """``text`` with control characters (ESC, BEL, …) shown as ``\\x1b`` instead of acting."""
    if not text:
        return ""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str | None, limit: int | None = None) -> str:
    """``text`` folded onto one visible line, cut to ``limit`` characters with «…»."""
    flat = " ".join(visible(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)] + "…"
    return flat


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
