"""A command-line writer for the contention test: ``note`` and ``edit --text`` on one assignment.

``python cli_worker.py DB NAME COUNT``: COUNT notes and COUNT edits of assignment 1, each a
whole ``taskboard`` command run in this process through the real entry point; prints the
exit codes that were not 0, with their message, as JSON on stdout.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

import typer

from taskboard.cli import app as cli_app


def build_commands_once() -> None:
    """Make :func:`cli_app.run` reuse one command tree in this process.

    Built for every command it would cost 0.3 s each, time in which the processes would hardly
    meet; every command still opens the database, reads, writes and commits as ``taskboard``
    does.
    """
    tree = typer.main.get_command(cli_app.build_app())
    cli_app.build_app = lambda only=None: tree  # type: ignore[assignment,return-value,misc]
    get_command = typer.main.get_command
    typer.main.get_command = lambda app: app if app is tree else get_command(app)  # type: ignore[assignment,comparison-overlap,return-value]


def main() -> None:
    """Run the commands; report the refusals."""
    build_commands_once()
    db, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    refusals = []
    for i in range(count):
        for args in (["note", "1", f"{name}: запись {i}"], ["edit", "1", "--text", f"{name} {i}"]):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = cli_app.run(["--db", db, *args])
            if code != 0:
                refusals.append([code, err.getvalue().strip()])
    print(json.dumps(refusals, ensure_ascii=False))


if __name__ == "__main__":
    main()
