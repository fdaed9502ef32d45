"""The quick line: whom (dative → nominative), by when, what and tags, then the directory."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from taskboard.domain.models import Person
from taskboard.errors import DateParseError, InvalidInput
from taskboard.importers import quick
from tests.conftest import TODAY
from tests.unit import factories as f


def read(line: str) -> quick.QuickLine:
    return quick.read_line(line, today=TODAY)


# --- reading the line ----------------------------------------------------------------------


def test_a_surname_in_the_dative_a_deadline_and_a_tag() -> None:
    line = read("Сандалову до 1 июня подготовить предложения по бизнес-миссии #Беларусь")
    assert line.owner is not None and line.owner.source == "Сандалову"
    assert line.due == "до 1 июня"
    assert line.tags == ["Беларусь"]
    assert line.text == "Подготовить предложения по бизнес-миссии"
    assert line.co_executors == []


def test_a_surname_with_initials_and_a_rule_word() -> None:
    line = read("Волоскову С.А. срочно представить справку о поставках")
    assert line.owner is not None
    assert (line.owner.surname, line.owner.initials) == ("Волосков", "С.А.")
    assert line.due == "срочно"
    assert line.text == "Представить справку о поставках"


def test_a_body_with_its_head_in_brackets_and_a_term() -> None:
    line = read("Министерству культуры (Петрова Е.А.) в двухнедельный срок подготовить план")
    assert line.owner is not None
    assert line.owner.organisation == "Министерство культуры"
    assert (line.owner.surname, line.owner.initials) == ("Петрова", "Е.А.")
    assert line.due == "в двухнедельный срок"
    assert line.text == "Подготовить план"


def test_co_executors_after_sovmestno_s_in_the_instrumental() -> None:
    line = read("Сандалову совместно с Волосковым С.А. к 15.12 проработать вопрос")
    assert line.owner is not None and line.owner.source == "Сандалову"
    assert [(p.surname, p.initials) for p in line.co_executors] == [("Волосков", "С.А.")]
    assert line.due == "к 15.12"
    assert line.text == "Проработать вопрос"


def test_a_leading_poruchit_and_a_full_name_in_the_dative() -> None:
    line = read("Поручить Михаилу Сандалову подготовить справку в течение 10 дней")
    assert line.owner is not None
    assert (line.owner.surname, line.owner.given) == ("Сандалов", "Михаил")
    assert line.due == "в течение 10 дней"
    assert line.text == "Подготовить справку"


def test_a_deadline_and_tags_in_the_middle_of_the_action_are_taken_out() -> None:
    line = read("Сандалову подготовить #ОМЗ к 15.12 справку о поставках #Беларусь #ОМЗ")
    assert line.due == "к 15.12"
    assert line.tags == ["ОМЗ", "Беларусь"]
    assert line.text == "Подготовить справку о поставках"


def test_a_number_after_do_is_not_a_deadline() -> None:
    line = read("Сандалову подготовить предложения по увеличению штата до 5 человек")
    assert line.due == ""
    assert line.text == "Подготовить предложения по увеличению штата до 5 человек"


def test_a_line_that_starts_with_its_action_has_no_owner() -> None:
    line = read("подготовить справку до 1 июня")
    assert line.owner is None
    assert line.text == "Подготовить справку"


def test_an_empty_line_is_refused_with_an_example() -> None:
    with pytest.raises(InvalidInput, match=r"empty.*Сандалову до 1 июня"):
        read("   ")


def test_a_line_without_an_action_is_refused() -> None:
    with pytest.raises(InvalidInput, match="says nothing to do"):
        read("Сандалову до 1 июня #Беларусь")


def test_a_date_that_does_not_exist_is_refused_by_the_one_parser() -> None:
    with pytest.raises(DateParseError, match=r"до 30 февраля.*no such day"):
        read("Сандалову до 30 февраля подготовить справку")


# --- matching the directory ----------------------------------------------------------------


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    """Сандалов (1), Волосков (2), Петрова (3, Министерство культуры), Иванова (4)."""
    with db.write() as s:
        f.person(s, "Сандалов Михаил")
        f.person(s, "Волосков Сергей Александрович", organisation="АО «ОМЗ»")
        f.person(s, "Петрова Елена Алексеевна", organisation="Министерство культуры")
        f.person(s, "Иванова Е.П.")
    return db


def prepare(db, line: str, **given: object) -> quick.QuickAdd:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return quick.prepare(s, line, actor="t", today=TODAY, given=given)


def test_the_owner_co_executors_deadline_tags_and_text_resolve(people) -> None:  # type: ignore[no-untyped-def]
    found = prepare(people, "Сандалову совместно с Волосковым к 15.12 проработать вопрос #ОМЗ")
    assert found.new.owner_name == "Сандалов Михаил"
    assert found.new.co_executor_names == ["Волосков Сергей Александрович"]
    assert found.new.due == date(2026, 12, 15)
    assert found.new.tags == ["ОМЗ"]
    assert found.new.text == "Проработать вопрос"
    shown = {u.field: u.value for u in quick.understood(found)}
    assert shown == {
        "owner": "Сандалов Михаил ← «Сандалову»",
        "co_executors": "Волосков Сергей Александрович",
        "due": "2026-12-15 («к 15.12»)",
        "tags": "ОМЗ",
        "text": "Проработать вопрос",
    }


def test_a_body_with_its_head_and_a_female_surname_resolve(people) -> None:  # type: ignore[no-untyped-def]
    body = prepare(people, "Министерству культуры (Петрова Е.А.) в двухнедельный срок начать")
    assert body.new.owner_name == "Петрова Елена Алексеевна"
    assert body.new.due == date(2026, 12, 8)
    assert prepare(people, "Ивановой срочно подготовить доклад").new.owner_name == "Иванова Е.П."


def test_without_a_deadline_the_one_month_rule_is_shown(people) -> None:  # type: ignore[no-untyped-def]
    found = prepare(people, "Волоскову С.А. представить справку")
    assert found.new.due is None
    shown = {u.field: u.value for u in quick.understood(found)}
    assert shown["due"] == "2026-12-24 (one month from today)"


def test_an_unknown_owner_is_an_error_and_nobody_is_added(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(quick.QuickProblems) as caught:
        prepare(people, "Петрову П.П. подготовить справку")
    assert caught.value.message == (
        "No one called «Петров П.П.» in the directory; check the name, or add them first "
        '(taskboard person add "…").'
    )
    assert [p.field for p in caught.value.problems] == ["owner"]
    with people.read() as s:
        assert s.execute(select(func.count()).select_from(Person)).scalar() == 4


def test_no_owner_is_an_error_naming_the_form(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(quick.QuickProblems, match="Whom is it for"):
        prepare(people, "подготовить справку до 1 июня")


def test_namesakes_are_an_error_never_a_guess(people) -> None:  # type: ignore[no-untyped-def]
    with people.write() as s:
        f.person(s, "Сандалов Петр", allow_namesake=True)
    with pytest.raises(quick.QuickProblems, match="fits several people"):
        prepare(people, "Сандалову подготовить справку")
    assert prepare(people, "Сандалову П. подготовить").new.owner_name == "Сандалов Петр"


def test_options_win_over_the_line(people) -> None:  # type: ignore[no-untyped-def]
    found = prepare(
        people,
        "Петрову П.П. до 1 июня подготовить справку #Беларусь",
        owner="волосков",
        due="15.12.2026",
        tags=["промышленность"],
    )
    assert found.new.owner_name == "Волосков Сергей Александрович"
    assert found.new.due == date(2026, 12, 15)
    assert found.new.tags == ["промышленность"]
    assert quick.understood(found)[0].value == "Волосков Сергей Александрович"


def test_what_a_refused_line_was_understood_to_say_marks_the_problem(people) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(quick.QuickProblems) as caught:
        prepare(people, "Петрову П.П. до 1 июня подготовить справку")
    shown = quick.understood_so_far(caught.value.line, caught.value.problems, today=TODAY)
    assert [(u.field, u.ok) for u in shown] == [("owner", False), ("due", True), ("text", True)]
    assert shown[1].value == "2027-06-01 («до 1 июня»)"
