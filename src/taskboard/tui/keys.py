"""Bindings built at run time, so their descriptions follow the current language.

Class-level ``BINDINGS`` are frozen when the module is imported; the UI language can change
between app runs in one process (tests run both languages), so screens install translated
bindings on construction instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.dom import DOMNode


def install(node: DOMNode, bindings: Iterable[Binding]) -> None:
    """Add ``bindings`` to ``node`` (a screen or widget), after its class bindings."""
    for binding in bindings:
        node._bindings.key_to_bindings.setdefault(binding.key, []).append(binding)


__all__ = ["install"]
