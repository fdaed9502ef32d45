"""Properties of person resolution (``domain/people.py``, and the dative of quick lines).

Names are generated: random Russian-looking surnames, first names and patronymics (with
«ё»), and real surnames for the dative forms protocols write («Иванову И.И.»).
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from taskboard.domain import services
from taskboard.domain.people import PersonResolver, match_initials, resolve_person
from taskboard.domain.search import fold
from taskboard.errors import AmbiguousName, InvalidInput
from taskboard.importers import quick
from tests.conftest import TODAY
from tests.properties.conftest import fresh_database
from tests.properties.strategies import full_names, given_names, surnames

ACTOR = "Тестов Т.Т."

REAL_SURNAMES = (
    "Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Волосков", "Сандалов", "Соколов",
    "Попов", "Лебедев", "Козлов", "Новиков", "Морозов", "Васильев", "Зайцев", "Павлов",
    "Семёнов", "Голубев", "Виноградов", "Богданов", "Фёдоров", "Михайлов", "Тарасов",
    "Комаров", "Орлов", "Макаров", "Андреев", "Ковалёв", "Ильин", "Гусев", "Титов",
    "Баранов", "Куликов", "Алексеев", "Степанов", "Яковлев", "Сорокин", "Романов", "Захаров",
    "Борисов", "Королёв", "Медведев", "Никитин", "Соболев", "Поляков", "Жуков", "Фролов",
    "Николаев", "Крылов", "Егоров", "Калинин", "Антонов", "Миронов", "Громов", "Карпов",
)  # fmt: skip
"""Surnames as protocols write them: the dative is read by the morphology dictionary."""

FIRST_NAMES = ("Иван", "Пётр", "Сергей", "Михаил", "Александр", "Елена", "Анна", "Ольга")
PATRONYMICS = ("Иванович", "Петрович", "Сергеевна", "Алексеевич", "Ильинична", "Фёдорович")


def _swap_yo(text: str) -> str:
    """«ё» written as «е» and «е» as «ё»: both fold to the same name."""
    return text.translate(str.maketrans("ёЁеЕ", "еЕёЁ"))


def _initials(*words: str) -> str:
    return "".join(f"{w[0]}." for w in words)


def _add(session, name: str, *, namesake: bool = False) -> int:  # type: ignore[no-untyped-def]
    person = services.add_person(session, full_name=name, actor=ACTOR, allow_namesake=namesake)
    assert person.id is not None
    return person.id


directories = st.lists(full_names(), min_size=1, max_size=6, unique_by=lambda n: fold(" ".join(n)))


@given(people=directories, data=st.data())
def test_a_person_is_found_by_the_full_name_in_any_case_and_with_yo_swapped(
    people: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    with fresh_database() as db:
        with db.write() as s:
            ids = [_add(s, " ".join(name)) for name in people]
        target = data.draw(st.integers(0, len(people) - 1))
        name = " ".join(people[target])
        ref = data.draw(
            st.sampled_from(
                (name, name.upper(), name.lower(), _swap_yo(name), _swap_yo(name.upper()))
            )
        )
        with db.read() as s:
            assert resolve_person(s, f"  {ref} ").id == ids[target]
            assert PersonResolver(s).resolve(ref).id == ids[target]


@given(people=directories, data=st.data())
def test_a_resolved_person_always_fits_the_reference(
    people: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    """Whatever a reference resolves to is someone the reference describes: never another."""
    with fresh_database() as db:
        with db.write() as s:
            for name in people:
                _add(s, " ".join(name))
        surname, first, patronymic = data.draw(st.sampled_from(people))
        ref = data.draw(
            st.sampled_from(
                (
                    surname,
                    surname[: max(1, len(surname) // 2)],
                    f"{surname} {first}",
                    f"{surname} {_initials(first, patronymic)}",
                    f"{surname} {first[0]}.",
                    first,
                )
            )
        )
        loose = data.draw(st.booleans())
        with db.read() as s:
            try:
                found = resolve_person(s, ref, loose=loose)
            except InvalidInput:
                return  # ambiguous or unknown: refused, never guessed
        words = fold(found.full_name).split()
        key = fold(ref)
        fits_prefix = fold(found.full_name).startswith(key) or any(w.startswith(key) for w in words)
        ref_words = key.replace(".", ". ").split()
        fits_initials = words[0] == ref_words[0] and all(
            w.startswith(i.rstrip(".")) for w, i in zip(words[1:], ref_words[1:], strict=False)
        )
        assert fits_prefix or (loose and fits_initials), (ref, found.full_name)


@given(
    surname=surnames(),
    first=given_names(),
    patronymic=given_names(),
    others=st.lists(
        st.tuples(given_names(), given_names()),
        max_size=3,
        unique_by=lambda n: fold(n[0][0]),
    ),
)
def test_surname_and_initials_find_the_one_person_they_fit(
    surname: str, first: str, patronymic: str, others: list[tuple[str, str]]
) -> None:
    # Namesakes of the surname whose initials differ: the initials choose among them.
    others = [(f, p) for f, p in others if fold(f[0]) != fold(first[0])]
    with fresh_database() as db:
        with db.write() as s:
            target = _add(s, f"{surname} {first} {patronymic}")
            for other_first, other_patronymic in others:
                _add(s, f"{surname} {other_first} {other_patronymic}")
        ref = f"{surname} {_initials(first, patronymic)}"
        with db.read() as s:
            assert resolve_person(s, ref, loose=True).id == target
            assert resolve_person(s, _swap_yo(ref).upper(), loose=True).id == target
            match = match_initials(s, surname, _initials(first, patronymic))
            assert match.person is not None and match.person.id == target


@given(
    surname=surnames(),
    names=st.lists(
        st.tuples(given_names(), given_names()),
        min_size=2,
        max_size=4,
        unique_by=lambda n: fold(" ".join(n)),
    ),
    letter=st.sampled_from("АБВИЁ"),
)
def test_people_the_reference_fits_equally_are_reported_ambiguous_not_guessed(
    surname: str, names: list[tuple[str, str]], letter: str
) -> None:
    # Every one of them has the same surname and the same initials.
    people = [(letter + f[1:].lower(), letter + p[1:].lower()) for f, p in names]
    people = list({fold(" ".join(p)): p for p in people}.values())
    with fresh_database() as db:
        with db.write() as s:
            for first, patronymic in people:
                _add(s, f"{surname} {first} {patronymic}")
        with db.read() as s:
            for ref, loose in ((surname, False), (f"{surname} {letter}.{letter}.", True)):
                if len(people) < 2:
                    assert resolve_person(s, ref, loose=loose) is not None
                    continue
                try:
                    resolve_person(s, ref, loose=loose)
                except AmbiguousName as exc:
                    assert {f"{surname} {f} {p}" for f, p in people} <= set(exc.candidates)
                else:
                    raise AssertionError(f"{ref!r} picked one of {len(people)} equal fits")
            fitting = match_initials(s, surname, f"{letter}.{letter}.").fitting
            assert len(fitting) == len(people)
            assert (len(people) == 1) == (
                match_initials(s, surname, f"{letter}.{letter}.").person is not None
            )


@given(name=full_names())
def test_namesakes_added_on_purpose_are_ambiguous_by_their_full_name(
    name: tuple[str, str, str],
) -> None:
    full = " ".join(name)
    with fresh_database() as db:
        with db.write() as s:
            _add(s, full)
            _add(s, _swap_yo(full), namesake=True)  # the same name, written with «е» for «ё»
        with db.read() as s:
            try:
                resolve_person(s, full)
            except AmbiguousName as exc:
                assert len(exc.candidates) == 2
            else:
                raise AssertionError("one of two namesakes was picked")


@given(
    surname=st.sampled_from(REAL_SURNAMES),
    first=st.sampled_from(FIRST_NAMES),
    patronymic=st.sampled_from(PATRONYMICS),
    female=st.booleans(),
    helper=st.none() | st.tuples(st.sampled_from(REAL_SURNAMES), st.booleans()),
    others=st.lists(st.sampled_from(REAL_SURNAMES), max_size=4),
    with_initials=st.booleans(),
)
@example(  # «Сандаловой И.И.» was read as the adjective «Сандаловая»: no one found
    surname="Сандалов", first="Иван", patronymic="Иванович", female=True, helper=None,
    others=[], with_initials=True,
)  # fmt: skip
@example(  # «совместно с Сандаловым» was read as the adjective «Сандаловый»
    surname="Иванов", first="Иван", patronymic="Иванович", female=False,
    helper=("Сандалов", False), others=[], with_initials=True,
)  # fmt: skip
def test_an_owner_in_the_dative_and_a_helper_in_the_instrumental_are_found(
    surname: str,
    first: str,
    patronymic: str,
    female: bool,
    helper: tuple[str, bool] | None,
    others: list[str],
    with_initials: bool,
) -> None:
    """«Иванову И.И. совместно с Петровой А.Б. подготовить …»: the quick line finds both."""
    nominative = surname + "а" if female else surname
    dative = surname + "ой" if female else surname + "у"
    initials = f" {_initials(first, patronymic)}" if with_initials else ""
    together = ""
    with fresh_database() as db:
        with db.write() as s:
            target = _add(s, f"{nominative} {first} {patronymic}")
            helper_id = None
            if helper is not None and helper[0] != surname:
                helper_surname, helper_female = helper
                helper_name = helper_surname + ("а" if helper_female else "")
                helper_id = _add(s, f"{helper_name} Анна Борисовна")
                instrumental = helper_surname + ("ой" if helper_female else "ым")
                together = f" совместно с {instrumental} А.Б."
            for other in {o for o in others if o not in (surname, helper and helper[0])}:
                _add(s, f"{other} {first} {patronymic}")
        line = f"{dative}{initials}{together} до 01.06.2027 подготовить предложения"
        with db.read() as s:
            found = quick.prepare(s, line, actor=ACTOR, today=TODAY)
        assert found.new.owner_id == target, (line, found.new.owner_name)
        assert found.new.co_executor_ids == ([helper_id] if helper_id else []), line


@given(
    surname=surnames(),
    first=given_names(),
    patronymic=given_names(),
    longer=st.sampled_from(("ский", "а", "ич", "ская")),
    other_first=given_names(),
)
@example(  # «Иванов И.И.» resolved to «Ивановский Игорь Игоревич», a prefix of another surname
    surname="Иванов", first="Иван", patronymic="Ильич", longer="ский", other_first="Игорь"
)
@example(  # and to «Иванов Пётр …», whose initials contradict it
    surname="Иванов", first="Иван", patronymic="Ильич", longer="", other_first="Пётр"
)
def test_a_surname_with_initials_resolves_only_to_someone_they_fit(
    surname: str, first: str, patronymic: str, longer: str, other_first: str
) -> None:
    """Neither a longer surname («Ивановский» for «Иванов») nor contradicting initials."""
    initials = _initials(first, patronymic)
    near = f"{surname}{longer} {other_first} {patronymic}"
    with fresh_database() as db:
        with db.write() as s:
            near_id = _add(s, near)
        with db.read() as s:
            try:
                found = resolve_person(s, f"{surname} {initials}", loose=True)
            except InvalidInput:
                found = None
        from taskboard.domain.people import fits_initials

        fits = fits_initials(near, surname, initials)
        assert (found is not None and found.id == near_id) == fits, (near, surname, initials)
        with db.write() as s:
            target = _add(s, f"{surname} {first} {patronymic}", namesake=True)
        with db.read() as s:
            if fits and fold(near) != fold(f"{surname} {first} {patronymic}"):
                try:
                    resolve_person(s, f"{surname} {initials}", loose=True)
                except AmbiguousName:
                    pass
                else:
                    raise AssertionError("two people fit the initials; one was picked")
            elif not fits:
                assert resolve_person(s, f"{surname} {initials}", loose=True).id == target
