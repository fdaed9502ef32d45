"""User text shown in a terminal: control characters made visible, never executed."""

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
