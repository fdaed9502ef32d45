"""Capture figure: a 200-item protocol in the usual style, parsed and checked (``--dry-run``).

The protocol is generated: items addressed in the dative to bodies with their heads in
brackets and to people with positions, co-executors «совместно с …», labelled and inline
deadlines, sections; its directory of 60 people is loaded into a fresh database first. The
figure is the median wall time of ``taskboard import PROTOCOL --dry-run`` as a separate
process (target: ≤ 2 s for 200 items), with the process's peak memory.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.measure import measure

TASKBOARD = [str(Path(sys.executable).with_name("taskboard"))]

SURNAMES = (
    "Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов",
    "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов",
    "Егоров", "Павлов", "Козлов", "Степанов",
)  # fmt: skip
SECTIONS = ("I", "II", "III", "IV")
BODIES = (
    "Министерству здравоохранения Кировской области",
    "Министерству образования Кировской области",
    "Министерству финансов Кировской области",
    "Министерству транспорта Кировской области",
    "Министерству культуры Кировской области",
    "Министерству строительства Кировской области",
)
DEADLINES = (
    "Срок – до 15 декабря 2026 г.",
    "Срок: 1 февраля 2027 года",
    "Срок – в течение месяца.",
    "Срок – I квартал 2027 г.",
    "Срок – ежемесячно, до 5 числа.",
    "Срок – оперативно.",
)


def protocol(items: int = 200) -> tuple[str, list[tuple[str, str]]]:
    """The protocol's text and the people it names (full name, organisation)."""
    people: dict[str, str] = {}
    lines = [
        "ПРАВИТЕЛЬСТВО КИРОВСКОЙ ОБЛАСТИ",
        "",
        "ПРОТОКОЛ",
        "оперативного совещания у Губернатора Кировской области",
        "",
        "20.11.2026                                                   № 99",
        "",
        "Председательствовал: Губернатор Кировской области А.В. Соколов",
        "",
    ]
    for n in range(1, items + 1):
        if n % 50 == 1:
            lines += [f"{SECTIONS[n // 50]}. О вопросах блока {n // 50 + 1}", ""]
        surname = SURNAMES[n % len(SURNAMES)]
        initials = "АБВГДЕЖЗИКЛМНОПРСТ"[n % 18] + "." + "АБВГДЕЖЗИК"[n % 10] + "."
        body = BODIES[n % len(BODIES)]
        organisation = body.replace("Министерству", "Министерство")
        people.setdefault(f"{surname} {initials}", organisation)
        co = SURNAMES[(n + 7) % len(SURNAMES)]
        co_initials = "ВГД"[n % 3] + ".Е."
        people.setdefault(f"{co} {co_initials}", "Министерство экономического развития")
        lines += [
            f"{n}. {body} ({surname} {initials}) совместно с министерством экономического "
            f"развития ({co} {co_initials}) обеспечить выполнение мероприятий пункта {n} "
            "плана по итогам визита в Республику Беларусь.",
            DEADLINES[n % len(DEADLINES)],
            "",
        ]
    lines += ["Губернатор Кировской области                               А.В. Соколов"]
    return "\n".join(lines) + "\n", sorted(people.items())


def run(db_path: str, repeats: int) -> dict[str, float]:
    """Measure ``import --dry-run`` of a 200-item protocol (``db_path`` is not used)."""
    from taskboard.domain import services
    from taskboard.storage.database import open_database

    env = {**os.environ, "TASKBOARD_LANG": "ru", "TASKBOARD_TODAY": "2026-11-24"}
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.toml"
        config.write_text('actor = "bench"\n', encoding="utf-8")
        env["TASKBOARD_CONFIG"] = str(config)
        text, people = protocol()
        path = Path(tmp) / "protocol.txt"
        path.write_text(text, encoding="utf-8")
        database = Path(tmp) / "capture.db"
        db = open_database(database)
        with db.write() as session:
            services.add_person(session, full_name="Соколов Александр Валентинович", actor="b")
            for name, organisation in people:
                services.add_person(session, full_name=name, organisation=organisation, actor="b")
        db.dispose()
        args = [*TASKBOARD, "--db", str(database), "import", str(path), "--dry-run"]
        runs = [measure(args, env=env) for _ in range(repeats)]
        return {
            "protocol_200_items_s": statistics.median(r.seconds for r in runs),
            "protocol_200_items_mb": max(r.rss_mb for r in runs),
        }
