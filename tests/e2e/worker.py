"""A writer process for the concurrency test: adds assignments and notes on shared ones."""

from __future__ import annotations

import sys
from datetime import date

from taskboard.domain import services
from taskboard.storage.database import open_database


def main() -> None:
    """``python worker.py DB NAME COUNT``: COUNT adds and COUNT notes on assignment 1."""
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = open_database(path)
    for i in range(count):
        with db.write() as session:
            services.add_assignment(
                session,
                text=f"{name}: поручение {i}",
                owner_id=1,
                due=date(2027, 1, 15),
                actor=name,
            )
        with db.write() as session:
            # Read-then-write on a row every worker touches: the classic lost-update case.
            services.add_note(session, assignment_id=1, text=f"{name}: запись {i}", actor=name)
        with db.write() as session:
            assignment = services.get_assignment(session, 1)
            services.edit_assignment(
                session,
                assignment_id=1,
                actor=name,
                changes=services.AssignmentUpdate(tags=[f"{name}-{i}"]),
                expected_version=assignment.version,
            )
    db.dispose()


if __name__ == "__main__":
    main()
