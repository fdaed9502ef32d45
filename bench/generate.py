"""Generate a large register for benchmarks: N assignments, Russian text, mixed statuses.

    python bench/generate.py /tmp/bench.db --n 100000 --owners 200 --meetings 500
    python bench/generate.py postgresql+psycopg://postgres@127.0.0.1:5432/tb_bench_1m --n 1000000

The schema is created through the program's own migrations; rows are bulk-inserted with
SQLAlchemy Core in one transaction, 50,000 assignments at a time (the services would take
minutes for 100k rows; the whole register as dicts would take gigabytes at 1M). About
half the assignments are active and half of those overdue (≈25,000 at 100k).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from taskboard.domain import audit, clock
from taskboard.domain.models import (
    Assignment,
    CoExecutor,
    Event,
    Extension,
    Meeting,
    Note,
    Person,
    Tag,
)
from taskboard.domain.search import assignment_search_text, fold
from taskboard.storage.database import open_database

SURNAMES = [
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
]
NAMES = "Александр Сергей Михаил Андрей Алексей Дмитрий Елена Ольга Наталья Ирина Татьяна Анна"
PATRONYMICS = "Александрович Сергеевич Михайлович Петрович Иванович Николаевич Викторович"
VERBS = (
    "Проработать",
    "Подготовить",
    "Обеспечить",
    "Организовать",
    "Представить",
    "Рассмотреть",
    "Согласовать",
    "Внести предложения по",
    "Проинформировать о",
)
OBJECTS = (
    "строительству молокоперерабатывающего завода совместно с «Савушкин продукт»",
    "созданию сборочных площадок в машиностроении",
    "поставкам направляющих для лифтов АО «ОМЗ»",
    "поездке молодёжи «Движения первых» и «Юнармии» в Брестскую крепость",
    "совместным программам патриотического воспитания",
    "ремонту автомобильных дорог регионального значения",
    "подготовке объектов ЖКХ к отопительному сезону",
    "развитию агропромышленного комплекса",
    "реализации национальных проектов в муниципальных районах",
    "цифровизации государственных услуг",
    "обеспечению лекарственными препаратами",
    "благоустройству общественных территорий",
    "поддержке малого и среднего предпринимательства",
    "переселению граждан из аварийного жилья",
    "кадровому обеспечению сельских школ",
)
PLACES = (
    "Кирово-Чепецкого района",
    "города Кирова",
    "Слободского района",
    "Омутнинского района",
    "Котельничского района",
    "Уржумского района",
    "Яранского района",
    "Вятскополянского района",
)
TAGS = (
    "Беларусь",
    "АПК",
    "ЖКХ",
    "дороги",
    "молодёжь",
    "здравоохранение",
    "образование",
    "промышленность",
    "нацпроект",
    "доклад",
)
KINDS = ("operational", "operational", "operational", "working", "visit", "call", "other")


BATCH = 50_000
"""Assignments made and inserted at a time: at 1,000,000 the rows of the whole register would
take gigabytes as dicts, one batch of them some tens of megabytes."""


def is_url(target: str | Path) -> bool:
    """Whether ``target`` is a database URL (``postgresql+psycopg://…``) rather than a path."""
    return isinstance(target, str) and "://" in target


def generate(
    target: Path | str,
    *,
    n: int,
    owners: int,
    meetings: int,
    seed: int = 42,
    today: date | None = None,
    batch: int = BATCH,
) -> None:
    """Fill ``target`` with ``n`` assignments, dated around ``today`` (default: taskboard's
    today, which ``TASKBOARD_TODAY`` fixes).

    ``target`` is an SQLite path (replaced if it exists) or a database URL, whose database
    must hold no register yet (a fresh PostgreSQL database is given the schema). The rows are
    made and inserted ``batch`` assignments at a time, in one transaction; the register is the
    same whatever the batch.
    """
    rng = random.Random(seed)
    today = today or clock.today()
    now = datetime.now(UTC)
    if is_url(target):
        db = open_database(str(target))
    else:
        path = Path(target)
        if path.exists():
            path.unlink()
        db = open_database(path)
    names = NAMES.split()
    patronymics = PATRONYMICS.split()
    people: list[dict[str, Any]] = []
    seen: set[str] = set()
    while len(people) < owners + 20:
        name = f"{rng.choice(SURNAMES)} {rng.choice(names)} {rng.choice(patronymics)}"
        if name in seen:
            name = f"{name} ({len(people)})"
        seen.add(name)
        pid = len(people) + 1
        people.append(
            {
                "id": pid,
                "full_name": name,
                "name_folded": fold(name),
                "position": "начальник управления",
                "organisation": "Правительство Кировской области",
                "email": f"user{pid}@example.org",
                "supervisor_id": 1 if pid > 1 else None,
                "created_at": now,
            }
        )
    owner_ids = list(range(21, len(people) + 1))
    staff_ids = list(range(2, 21))
    meeting_rows = []
    for mid in range(1, meetings + 1):
        held = today - timedelta(days=rng.randint(0, 400))
        meeting_rows.append(
            {
                "id": mid,
                "title": f"Оперативное совещание № {mid} у Губернатора",
                "date": held,
                "kind": rng.choice(KINDS),
                "place": "Правительство Кировской области",
                "chair_id": 1,
                "protocol_no": f"{mid}-оп",
                "notes": None,
                "source_text": None,
                "created_at": now,
            }
        )
    numbers: dict[int, int] = {}
    try:
        with db.write() as session:
            connection = session.connection()
            held = select(func.count()).select_from(Assignment.__table__)
            if connection.execute(held).scalar():
                raise SystemExit(f"{db.url}: already holds a register; give an empty database")
            _insert(connection, ((Person, people), (Meeting, meeting_rows)))
            for first in range(1, n + 1, batch):
                last = min(first + batch, n + 1)
                tables = _batch(
                    rng, range(first, last), meeting_rows, numbers, owner_ids, staff_ids, today, now
                )
                # Sealed into the history chain like every event taskboard writes
                # (domain/audit.py); each batch continues the chain where the last one ended.
                audit.seal_rows(connection, tables[-1][1])
                _insert(connection, tables)
            if connection.dialect.name == "postgresql":
                # The ids were given, not drawn from the sequences: move them past the rows.
                for table in ("person", "meeting", "assignment"):
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                            f" (SELECT max(id) FROM {table}))"
                        )
                    )
        if db.engine.dialect.name == "postgresql":
            # What autovacuum would do shortly after: the planner's statistics and the
            # visibility map (index-only scans), so the figures are of a settled register.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    finally:
        db.dispose()


def _insert(connection: Connection, tables: Iterable[tuple[type, list[dict[str, Any]]]]) -> None:
    """Insert each model's rows, 20,000 to a statement."""
    for model, rows in tables:
        table = model.__table__  # type: ignore[attr-defined]
        for start in range(0, len(rows), 20_000):
            connection.execute(insert(table), rows[start : start + 20_000])


def _batch(
    rng: random.Random,
    ids: range,
    meeting_rows: list[dict[str, Any]],
    numbers: dict[int, int],
    owner_ids: list[int],
    staff_ids: list[int],
    today: date,
    now: datetime,
) -> list[tuple[type, list[dict[str, Any]]]]:
    """The rows of the assignments ``ids`` and everything they own, model by model (the events
    last)."""
    meetings = len(meeting_rows)
    assignments: list[dict[str, Any]] = []
    co_rows: list[dict[str, Any]] = []
    tag_rows: list[dict[str, Any]] = []
    ext_rows: list[dict[str, Any]] = []
    note_rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for aid in ids:
        meeting = meeting_rows[rng.randrange(meetings)]
        mid = meeting["id"]
        numbers[mid] = numbers.get(mid, 0) + 1
        number = str(numbers[mid])
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
        roll = rng.random()
        status = (
            "done"
            if roll < 0.45
            else "cancelled"
            if roll < 0.50
            else "open"
            if roll < 0.85
            else "in_progress"
        )
        if status in ("open", "in_progress"):
            due = today + timedelta(days=rng.randint(-180, 180))
        else:
            due = today - timedelta(days=rng.randint(0, 360))
        original = due
        if rng.random() < 0.12:
            original = due - timedelta(days=rng.randint(7, 60))
            ext_rows.append(
                {
                    "assignment_id": aid,
                    "created_at": now,
                    "actor": "bench",
                    "old_due": original,
                    "new_due": due,
                    "reason": "Перенос по обращению исполнителя",
                }
            )
        closed_on = None
        if status in ("done", "cancelled"):
            closed_on = due + timedelta(days=rng.randint(-20, 15))
        assignments.append(
            {
                "id": aid,
                "meeting_id": mid,
                "number": number,
                "text": text,
                "search_text": assignment_search_text(number, text),
                "author_id": 1,
                "owner_id": rng.choice(owner_ids),
                "controller_id": rng.choice(staff_ids),
                "due": due,
                "original_due": original,
                "status": status,
                "priority": rng.choice(("normal", "normal", "normal", "high", "low")),
                "recurrence": None,
                "parent_id": None,
                "created_at": now,
                "updated_at": now,
                "closed_on": closed_on,
                "version": 1,
            }
        )
        if rng.random() < 0.3:
            co = rng.sample(owner_ids, 2)
            for pos, pid in enumerate(co):
                if pid != assignments[-1]["owner_id"]:
                    co_rows.append({"assignment_id": aid, "person_id": pid, "position": pos})
        for tag in rng.sample(TAGS, rng.randint(0, 2)):
            tag_rows.append({"assignment_id": aid, "tag": tag})
        if rng.random() < 0.2:
            note_rows.append(
                {
                    "assignment_id": aid,
                    "created_at": now,
                    "actor": "bench",
                    "text": "Работа ведётся, направлен запрос.",
                }
            )
        events.append(
            {
                "assignment_id": aid,
                "meeting_id": mid,
                "person_id": None,
                "at": now,
                "actor": "bench",
                "kind": "created",
                "field": None,
                "old_value": None,
                "new_value": text,
            }
        )
    return [
        (Assignment, assignments),
        (CoExecutor, co_rows),
        (Tag, tag_rows),
        (Extension, ext_rows),
        (Note, note_rows),
        (Event, events),
    ]


def main() -> None:
    """Command line of the generator."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="an SQLite file (replaced) or the URL of an empty database")
    parser.add_argument("--n", type=int, default=100_000, help="assignments (default 100000)")
    parser.add_argument("--owners", type=int, default=200, help="owners (default 200)")
    parser.add_argument("--meetings", type=int, default=500, help="meetings (default 500)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    started = time.perf_counter()
    target = args.target if is_url(args.target) else Path(args.target)
    generate(target, n=args.n, owners=args.owners, meetings=args.meetings, seed=args.seed)
    print(
        f"{args.target}: {args.n} assignments in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
