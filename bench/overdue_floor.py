"""The floor of ``list --overdue --format json`` on SQLite: the standard library's ``sqlite3``
and ``orjson`` alone, none of taskboard's code, the same bytes.

    TASKBOARD_TODAY=2026-12-04 python bench/overdue_floor.py DB [--plan index|scan] > out.json

It shows what is possible for a quarter of a million rows: SQLite reading them (``--plan
index``: the status and deadline index, a lookup per row and a sort, as SQLite plans it by
itself; ``scan``: ``+a.status``/``+a.due``, a scan of the table and a sort), the co-executors
and tags read in one ordered pass each, the rows made as dicts and encoded 2,000 at a time.
Prints the phases' CPU times on standard error. The at-risk flag of an overdue row is always
false (it asks for a deadline not yet passed), so this script writes false.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import sys
import time
from datetime import date

import orjson

ACTIVE = ("open", "in_progress", "review", "rework")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--plan", choices=("index", "scan"), default="scan")
    args = parser.parse_args()
    today = date.fromisoformat(os.environ.get("TASKBOARD_TODAY") or date.today().isoformat())
    plus = "+" if args.plan == "scan" else ""
    con = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    con.execute("BEGIN")
    marks = [("start", time.process_time())]
    where = f"{plus}a.status IN ('open', 'in_progress', 'review', 'rework') AND {plus}a.due < ?"
    records = con.execute(
        "SELECT a.id, a.number, a.text, p.full_name, a.owner_id, a.due, a.original_due,"
        " a.status, a.meeting_id, m.title, m.date,"
        " (SELECT count(*) FROM extension WHERE extension.assignment_id = a.id),"
        " a.priority, controller.full_name, a.closed_on, a.version, a.control_level"
        " FROM assignment AS a JOIN person AS p ON p.id = a.owner_id"
        " LEFT OUTER JOIN meeting AS m ON m.id = a.meeting_id"
        " LEFT OUTER JOIN person AS controller ON controller.id = a.controller_id"
        f" WHERE {where} ORDER BY {plus}a.due, a.id",
        (today.isoformat(),),
    ).fetchall()
    marks.append(("rows read", time.process_time()))
    co: dict[int, list[str]] = {}
    for aid, name in con.execute(
        "SELECT c.assignment_id, p.full_name FROM assignment AS a"
        " JOIN assignment_co_executor AS c ON c.assignment_id = a.id"
        f" JOIN person AS p ON p.id = c.person_id WHERE {where}"
        " ORDER BY c.assignment_id, c.position",
        (today.isoformat(),),
    ):
        found = co.get(aid)
        if found is None:
            co[aid] = [name]
        else:
            found.append(name)
    tags: dict[int, list[str]] = {}
    for aid, tag in con.execute(
        "SELECT t.assignment_id, t.tag FROM assignment AS a"
        f" JOIN assignment_tag AS t ON t.assignment_id = a.id WHERE {where}"
        " ORDER BY t.assignment_id, t.tag",
        (today.isoformat(),),
    ):
        found = tags.get(aid)
        if found is None:
            tags[aid] = [tag]
        else:
            found.append(tag)
    pending = dict(
        con.execute(
            "SELECT assignment_id, requested_due FROM extension_request WHERE state = 'pending'"
        ).fetchall()
    )
    marks.append(("co-executors, tags", time.process_time()))
    days: dict[str, int] = {}

    def left(stored: str) -> int:
        found = days.get(stored)
        if found is None:
            found = days[stored] = (date.fromisoformat(stored) - today).days
        return found

    made = [
        {
            "id": aid,
            "number": number,
            "text": text,
            "owner": owner,
            "owner_id": owner_id,
            "co_executors": co.get(aid, []),
            "due": due,
            "original_due": original_due,
            "status": status,
            "overdue": True,
            "due_soon": False,
            "days_left": left(due),
            "meeting_id": meeting_id,
            "meeting": meeting,
            "meeting_date": meeting_date,
            "extensions": n_ext,
            "tags": tags.get(aid, []),
            "priority": priority,
            "controller": controller,
            "closed_on": closed_on,
            "version": version,
            "control_level": level,
            "at_risk": False,
            "extension_request": pending.get(aid),
        }
        for (
            aid,
            number,
            text,
            owner,
            owner_id,
            due,
            original_due,
            status,
            meeting_id,
            meeting,
            meeting_date,
            n_ext,
            priority,
            controller,
            closed_on,
            version,
            level,
        ) in records
    ]
    marks.append(("rows made", time.process_time()))
    out = sys.stdout.buffer
    option = orjson.OPT_INDENT_2
    out.write(b"[")
    for start in range(0, len(made), 2000):
        if start:
            out.write(b",")
        out.write(memoryview(orjson.dumps(made[start : start + 2000], option=option))[1:-2])
    out.write(b"\n]\n")
    out.flush()
    marks.append(("JSON written", time.process_time()))
    for (_, before), (name, after) in itertools.pairwise(marks):
        print(f"{name:>20}: {after - before:.2f} s", file=sys.stderr)
    print(f"{'rows':>20}: {len(made)}", file=sys.stderr)


if __name__ == "__main__":
    main()
