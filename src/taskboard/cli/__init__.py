"""The ``taskboard`` command line (Typer). Imports no Textual at module level."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``taskboard`` script and ``python -m taskboard``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        # Answer without importing Typer, SQLAlchemy or the models: cron and scripts call this.
        from taskboard import __version__

        print(f"taskboard {__version__}")
        return
    from taskboard.cli.app import run

    sys.exit(run(args))


__all__ = ["main"]
