"""The bulk table import: the same register as rows added one by one, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.importers.conftest import assignment_count, count_rows

ROWS = [
    ("Подготовить доклад о кооперации", "сандалов", "Волосков; Иванова", "01.06.2027", "доклад"),
    ("Провести выездное совещание", "Волосков Сергей Александрович", "", "15.03.2027", ""),
    ("Проработать поставки", "Иванова", "сандалов", "1 июня 2027", "Беларусь; доклад"),
]


def _register(cli, path: Path) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """The export minus what differs between two runs (times, the history's seals)."""
    out = path.parent / f"{path.stem}.json"
    assert cli("export", "--output", str(out), "--force", db=path).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    drop = {"created_at", "updated_at", "at", "chain_hash", "chain_seq"}
    events_drop = drop | {"id"}
    return {
        key: [
            {k: v for k, v in row.items() if k not in (events_drop if key == "events" else drop)}
            for row in data[key]
        ]
        for key in ("assignments", "notes", "events")
    }


def test_one_import_makes_the_register_that_adding_each_row_makes(
    cli, tmp_path: Path, write: Callable[..., Path]
) -> None:
    added, imported = tmp_path / "added.db", tmp_path / "imported.db"
    for target in (added, imported):
        assert cli("init", "--demo", db=target).code == 0
    lines = ["text,owner,co_executors,due,tags"]
    for text, owner, co, due, tags in ROWS:
        lines.append(f'{text},{owner},"{co}",{due},"{tags}"')
        args = ["add", text, "--owner", owner, "--due", due]
        for name in co.split(";"):
            if name.strip():
                args += ["--co", name.strip()]
        for tag in tags.split(";"):
            if tag.strip():
                args += ["--tag", tag.strip()]
        assert cli(*args, db=added).code == 0
    result = cli("import", str(write("rows.csv", "\n".join(lines) + "\n")), db=imported)
    assert result.code == 0, result.err
    assert cli("audit", "verify", db=imported).code == 0
    by_add, by_import = _register(cli, added), _register(cli, imported)
    assert by_import["assignments"] == by_add["assignments"]
    # The import adds one `imported` event per row; everything else is what `add` wrote.
    events = [e for e in by_import["events"] if e["kind"] != "imported"]
    assert events == by_add["events"]


def test_a_bad_row_in_the_middle_of_a_thousand_is_named_and_nothing_is_written(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    lines = ["text,owner,due"] + [f"Поручение {n},сандалов,01.06.2027" for n in range(1000)]
    lines[501] = "Поручение плохое,сандалов,31.02.2027"
    before = (assignment_count(demo), count_rows(demo))
    result = cli("import", str(write("rows.csv", "\n".join(lines) + "\n")))
    assert result.code == 2
    assert "row 502" in result.err
    assert (assignment_count(demo), count_rows(demo)) == before


def test_statuses_write_the_history_of_the_usual_status_changes(
    cli, demo: Path, write: Callable[..., Path]
) -> None:
    csv = "text,owner,status\nA,сандалов,done\nB,сандалов,cancelled\nC,сандалов,in_progress\n"
    ids = cli("import", str(write("rows.csv", csv))).out.split()
    assert cli("audit", "verify").code == 0
    shown = [json.loads(cli("show", i, "--format", "json").out) for i in ids]
    assert [s["status"] for s in shown] == ["done", "cancelled", "in_progress"]
    kinds = [[e["kind"] for e in s["history"]] for s in shown]
    assert all(k.count("status") == 1 for k in kinds)
    assert "note" in kinds[1]
