"""A hand-built register whose report is known, and helpers to read reports back.

Today is 2027-06-15. Three owners, two meetings and stand-alone assignments:

==== ====== ======= ========== =================================================
id   owner  meeting due        story
==== ====== ======= ========== =================================================
A1   Волосков M1    2027-05-10 done 05-08: on time
A2   Волосков M1    2027-05-12 done 05-20: late
A3   Волосков M1    2027-06-01 due 05-14, extended 05-13 to 06-01, done 05-30: on time
A4   Волосков M2    2027-06-01 open, co-executor Иванова: 14 days overdue
A5   Сандалов M2    2027-06-10 due 06-04, extended 06-03 to 06-10, in progress: 5 days overdue
A6   Сандалов M2    2027-05-25 cancelled 05-24
A7   Сандалов M1    2027-05-15 done 05-10, reopened 05-12, done 05-20: late
A8   Иванова  —     2027-06-30 done 06-02: on time
A9   Иванова  M2    2027-06-20 done 06-01, reopened 06-05: open, not overdue
A10  Иванова  —     2027-07-22 due 07-15, corrected 06-07 to 07-22 (a typo), open, not overdue
==== ====== ======= ========== =================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from taskboard import i18n
from taskboard.domain import clock, services
from taskboard.storage.database import open_database
from tests.conftest import new_pg_database

TODAY = date(2027, 6, 15)
GENERATED_AT = datetime(2027, 6, 15, 9, 30, tzinfo=UTC)
ACTOR = "Контролёр"


@dataclass
class Register:
    """The hand-built database and the ids tests refer to."""

    path: Path | str
    """The SQLite file, or the PostgreSQL URL."""
    ids: dict[str, int]


def _build(path: Path | str, mp: pytest.MonkeyPatch) -> Register:
    def on(day: date) -> None:
        mp.setenv("TASKBOARD_TODAY", day.isoformat())
        mp.setattr(clock, "now", lambda: datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))

    db = open_database(path)
    ids: dict[str, int] = {}
    d = date
    try:
        on(d(2027, 4, 1))
        with db.write() as s:
            for key, name in (
                ("P1", "Волосков Сергей Александрович"),
                ("P2", "Сандалов Михаил Анатольевич"),
                ("P3", "Иванова Елена Петровна"),
            ):
                ids[key] = services.add_person(s, full_name=name, actor=ACTOR).id  # type: ignore[assignment]
            ids["M1"] = services.add_meeting(
                s, title="Визит делегации в Республику Беларусь", date=d(2027, 4, 10), actor=ACTOR
            ).id  # type: ignore[assignment]
            ids["M2"] = services.add_meeting(
                s, title="Оперативное совещание", date=d(2027, 5, 20), actor=ACTOR
            ).id  # type: ignore[assignment]

            def add(key: str, owner: str, meeting: str | None, due: date, text: str, co=()):
                ids[key] = services.add_assignment(
                    s,
                    text=text,
                    owner_id=ids[owner],
                    actor=ACTOR,
                    due=due,
                    meeting_id=ids[meeting] if meeting else None,
                    co_executor_ids=[ids[c] for c in co],
                ).id  # type: ignore[assignment]

            add("A1", "P1", "M1", d(2027, 5, 10), "Сборочные площадки в машиностроении")
            add("A2", "P1", "M1", d(2027, 5, 12), "Направляющие для лифтов АО «ОМЗ»")
            add("A3", "P1", "M1", d(2027, 5, 14), "Молокозавод с «Савушкин продукт»")
            add(
                "A4",
                "P1",
                "M2",
                d(2027, 6, 1),
                "Программа патриотического воспитания | <b>",
                ["P3"],
            )
            add("A5", "P2", "M2", d(2027, 6, 4), "Поездка «Юнармии» в Брестскую крепость")
            add("A6", "P2", "M2", d(2027, 5, 25), "Снятое поручение")
            add("A7", "P2", "M1", d(2027, 5, 15), "Проработать совместные проекты с Беларусью")
            add("A8", "P3", None, d(2027, 6, 30), "Доклад губернатору")
            add("A9", "P3", "M2", d(2027, 6, 20), "Переоткрытое поручение")
            add("A10", "P3", None, d(2027, 7, 15), "Будущее поручение")

        def step(day: date, action, key: str, **kwargs) -> None:
            on(day)
            with db.write() as s:
                action(s, assignment_id=ids[key], actor=ACTOR, **kwargs)

        step(d(2027, 5, 8), services.done, "A1")
        step(d(2027, 5, 10), services.done, "A7")
        step(d(2027, 5, 12), services.reopen, "A7")
        step(
            d(2027, 5, 13),
            services.extend,
            "A3",
            new_due=d(2027, 6, 1),
            reason="Ждём ответа белорусской стороны",
        )
        step(d(2027, 5, 20), services.done, "A2")
        step(d(2027, 5, 20), services.done, "A7")
        step(d(2027, 5, 24), services.cancel, "A6", reason="Вопрос решён иначе")
        step(d(2027, 5, 30), services.done, "A3")
        step(d(2027, 6, 1), services.done, "A9")
        step(d(2027, 6, 2), services.done, "A8")
        step(
            d(2027, 6, 3),
            services.extend,
            "A5",
            new_due=d(2027, 6, 10),
            reason="Перенос даты поездки",
        )
        step(d(2027, 6, 4), services.start, "A5")
        step(d(2027, 6, 5), services.reopen, "A9")
        step(
            d(2027, 6, 7),
            services.edit_assignment,
            "A10",
            changes=services.AssignmentUpdate(
                due=d(2027, 7, 22), reason="В протоколе срок 22 июля, при вводе ошибка"
            ),
        )
    finally:
        db.dispose()
    return Register(path=path, ids=ids)


Build = Callable[[Path | str, pytest.MonkeyPatch], Register]
"""Fills a new register at a path or URL, moving the clock with the monkeypatch."""


def built_on(backend: str, build: Build, folder: Path) -> Iterator[Register]:
    """The register ``build`` makes, in a file of ``folder`` or a PostgreSQL database of its
    own (dropped after); the days it was built on are undone before anyone reads it."""
    if backend == "sqlite":
        with pytest.MonkeyPatch.context() as mp:
            register = build(folder / "register.db", mp)
        yield register
        return
    with new_pg_database("taskboard_test_r") as url:
        with pytest.MonkeyPatch.context() as mp:
            register = build(url, mp)
        yield register


@pytest.fixture(scope="session")
def _register_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    yield from built_on("sqlite", _build, tmp_path_factory.mktemp("register"))


@pytest.fixture(scope="session")
def _register_postgresql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    yield from built_on("postgresql", _build, tmp_path_factory.mktemp("register"))


@pytest.fixture
def register_db(backend: str, request: pytest.FixtureRequest) -> Register:
    """The hand-built register, on each backend (built once per worker and backend; tests
    only read it)."""
    return request.getfixturevalue(f"_register_{backend}")  # type: ignore[no-any-return]


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English for the test, the previous language restored after."""
    previous = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture
def russian() -> Iterator[None]:
    """Messages in Russian for the test, the previous language restored after."""
    previous = i18n.get_language()
    i18n.set_language("ru")
    yield
    i18n.set_language(previous)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A command-line environment: empty config, today 2027-06-15; returns a work folder."""
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("TASKBOARD_CONFIG", str(config))
    monkeypatch.setenv("TASKBOARD_TODAY", TODAY.isoformat())
    monkeypatch.delenv("TASKBOARD_DB", raising=False)
    monkeypatch.delenv("TASKBOARD_LANG", raising=False)
    out = tmp_path / "out"
    out.mkdir()
    return out


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    """Commands run here switch the language (--lang): put it back for the next test."""
    previous = i18n.get_language()
    yield
    i18n.set_language(previous)
