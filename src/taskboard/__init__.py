"""taskboard: the register of a governor's assignments (поручения)."""

__version__ = "0.1.0"
