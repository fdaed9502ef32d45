"""A stream of changes for the kill loops: ``taskboard`` commands one after another until killed.

``python edit_stream.py DB LOOP SEED`` runs note, edit (text and tags), extend, done, reopen and
undo on assignments 1–5, each a whole command through the real entry point (as
``cli_worker.py`` does), chosen with the seeded generator, and writes one JSON line per
command to stdout once it has returned: its arguments, the marker its texts carry
(``kLOOP-i``) and its exit code. A command that was running when the process was killed has
no line.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import sys
from datetime import date, timedelta

from taskboard.cli import app as cli_app
from tests.e2e.cli_worker import build_commands_once

TARGETS = 5
"""Assignments 1 … TARGETS take the changes."""


def command(rng: random.Random, loop: int, i: int) -> list[str]:
    """The ``i``-th command of loop ``loop``'s stream."""
    marker = f"k{loop}-{i}"
    aid = str(rng.randint(1, TARGETS))
    kind = rng.choice(["note", "edit", "edit", "extend", "done", "reopen", "undo"])
    if kind == "note":
        return ["note", aid, f"Запись {marker}"]
    if kind == "edit":
        return ["edit", aid, "--text", f"Текст {marker}", "--tag", marker]
    if kind == "extend":
        # Later than any extension before it, in this loop or an earlier one.
        to = date(2027, 1, 1) + timedelta(days=1000 * loop + i + 1)
        return ["extend", aid, "--to", to.isoformat(), "--reason", f"Причина {marker}"]
    if kind == "done":
        return ["done", aid, "--note", f"Исполнено {marker}"]
    return [kind, aid] if kind == "reopen" else ["undo"]


def main() -> None:
    """Run commands until killed (or 100,000 of them)."""
    db, loop, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    build_commands_once()
    rng = random.Random(seed)
    for i in range(100_000):
        args = command(rng, loop, i)
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli_app.run(["--db", db, *args])
        line = {"args": args, "marker": f"k{loop}-{i}", "code": code, "err": err.getvalue()}
        print(json.dumps(line, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
