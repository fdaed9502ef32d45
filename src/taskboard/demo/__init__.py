"""The example data: the Kirov delegation's visit to Belarus and the operational meeting after it.

Built from the Kirov region government press centre's release (docs/product.md §2); names are used
only as far as the release gives them. ``taskboard init --demo`` loads it, and
``scripts/make_example_db.py`` writes it to ``taskboard.db.example``. E-mail addresses are
fictional (example.org).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session

from taskboard.domain import clock, requests, services

VISIT_DATE = date(2026, 10, 15)
MEETING_DATE = date(2026, 10, 19)

SOURCE_TEXT = (
    "Делегация Кировской области во главе с Губернатором Александром Соколовым посетила "
    "Республику Беларусь. Состоялись встречи с Президентом Республики Беларусь Александром "
    "Лукашенко, Послом России в Республике Беларусь Борисом Грызловым, заместителем "
    "премьер-министра Виктором Каранкевичем, председателем Гродненского облисполкома Юрием "
    "Караевым и председателем Брестского облисполкома Петром Пархомчиком. Делегация посетила "
    "предприятия «Горизонт», «Гродненский мясокомбинат» и «Савушкин продукт». Обсуждались "
    "сборочные площадки по кооперации в машиностроении, размещение в регионе белорусского "
    "молокоперерабатывающего завода совместно с «Савушкин продукт» (бренды «Савушкин», "
    "«Брест-Литовск») после белорусской бизнес-миссии, совместные программы патриотического "
    "воспитания и поездка молодёжи «Движения первых» и «Юнармии» в Брестскую крепость в июне. "
    "АО «ОМЗ» (Омутнинский металлургический завод), генеральный директор Сергей Александрович "
    "Волосков, уже поставляет продукцию белорусским производителям автомобилей, "
    "сельскохозяйственной техники и станков; обсуждены поставки направляющих для лифтов "
    "Могилёвскому лифтостроительному заводу. На оперативном совещании по итогам визита "
    "Губернатор поручил Председателю Правительства Кировской области Михаилу Сандалову "
    "проработать все вопросы реализации совместных проектов с Беларусью."
)


def load_demo(
    session: Session, *, actor: str, on_day: Callable[[date], None] | None = None
) -> None:
    """Fill an empty database with the example meetings, people and assignments.

    The story runs from the visit (15 October 2026) to 20 November: reports come in, one is
    returned for rework, an extension is requested; the monthly report, quiet since the
    meeting, is at risk as of 24 November. The visit's main items and the joint projects are
    on the Governor's own control, OMZ's rails and the monthly report on the deputy's.
    ``on_day(d)`` is called before each step that happens on day ``d``
    (``scripts/make_example_db.py`` moves its clock there, so that the example's timestamps
    tell the story); without it every step is stamped now.
    """

    def day(d: date) -> date:
        if on_day is not None:
            on_day(d)
            services.next_moment(session)
        return min(d, clock.today())  # a report's date is never a day to come

    day(VISIT_DATE)

    def person(
        name: str,
        position: str,
        org: str | None = None,
        email: str | None = None,
        supervisor: int | None = None,
    ) -> int:
        created = services.add_person(
            session,
            full_name=name,
            position=position,
            organisation=org,
            email=email,
            supervisor_id=supervisor,
            actor=actor,
        )
        assert created.id is not None
        return created.id

    region = "Правительство Кировской области"
    sokolov = person(
        "Соколов Александр",
        "Губернатор Кировской области",
        "Кировская область",
        "governor@example.org",
    )
    sandalov = person(
        "Сандалов Михаил",
        "Председатель Правительства Кировской области",
        region,
        "sandalov@example.org",
        supervisor=sokolov,
    )
    voloskov = person(
        "Волосков Сергей Александрович",
        "генеральный директор",
        "АО «ОМЗ» (Омутнинский металлургический завод)",
        "voloskov@example.org",
        supervisor=sandalov,
    )
    control = person(
        "Иванова Е.П.", "контрольное управление", region, "control@example.org", supervisor=sandalov
    )
    person(
        "Лукашенко Александр Григорьевич", "Президент Республики Беларусь", "Республика Беларусь"
    )
    person(
        "Грызлов Борис Вячеславович",
        "Посол России в Республике Беларусь",
        "Посольство Российской Федерации в Республике Беларусь",
    )
    person(
        "Каранкевич Виктор Михайлович",
        "заместитель премьер-министра",
        "Правительство Республики Беларусь",
    )
    person("Караев Юрий", "председатель Гродненского облисполкома", "Гродненский облисполком")
    parkhomchik = person(
        "Пархомчик Петр Александрович",
        "председатель Брестского облисполкома",
        "Брестский облисполком",
    )

    visit = services.add_meeting(
        session,
        title="Визит делегации Кировской области в Республику Беларусь",
        date=VISIT_DATE,
        kind="visit",
        place="Республика Беларусь: Минск, Гродно, Брест",
        chair_id=sokolov,
        notes="Посещены «Горизонт», «Гродненский мясокомбинат», «Савушкин продукт».",
        source_text=SOURCE_TEXT,
        actor=actor,
    ).id
    meeting = services.add_meeting(
        session,
        title="Оперативное совещание по итогам визита в Республику Беларусь",
        date=MEETING_DATE,
        kind="operational",
        place="Правительство Кировской области",
        chair_id=sokolov,
        source_text=SOURCE_TEXT,
        actor=actor,
    ).id

    def assignment(
        meeting_id: int | None,
        number: str,
        text: str,
        owner: int,
        due: date,
        co: tuple[int, ...] = (),
        tags: tuple[str, ...] = (),
        priority: str = "normal",
        recurrence: str | None = None,
        level: str | None = None,
    ) -> int:
        created = services.add_assignment(
            session,
            text=text,
            owner_id=owner,
            due=due,
            meeting_id=meeting_id,
            number=number,
            co_executor_ids=co,
            controller_id=control,
            tags=tags,
            priority=priority,
            recurrence=recurrence,
            control_level=level,
            actor=actor,
        )
        assert created.id is not None
        return created.id

    day(date(2026, 10, 16))
    sites = assignment(
        visit,
        "1",
        "Проработать создание сборочных площадок по кооперации предприятий машиностроения "
        "Кировской области и Республики Беларусь",
        sandalov,
        date(2026, 12, 15),
        co=(voloskov,),
        tags=("Беларусь", "машиностроение"),
        priority="high",
        level="governor",
    )
    milk = assignment(
        visit,
        "2",
        "По итогам белорусской бизнес-миссии проработать с «Савушкин продукт» (бренды "
        "«Савушкин», «Брест-Литовск») размещение в Кировской области молокоперерабатывающего "
        "завода",
        sandalov,
        date(2026, 11, 20),
        tags=("Беларусь", "АПК"),
        priority="high",
        level="governor",
    )
    assignment(
        visit,
        "3",
        "Организовать в июне поездку молодёжи «Движения первых» и «Юнармии» в Брестскую крепость",
        sandalov,
        date(2027, 6, 30),
        co=(parkhomchik,),
        tags=("молодёжь", "патриотическое воспитание"),
    )
    programmes = assignment(
        visit,
        "4",
        "Подготовить совместные с Брестской областью программы патриотического воспитания",
        sandalov,
        date(2026, 11, 16),
        co=(parkhomchik,),
        tags=("патриотическое воспитание",),
    )
    rails = assignment(
        visit,
        "5",
        "Проработать поставки АО «ОМЗ» направляющих для лифтов Могилёвскому "
        "лифтостроительному заводу",
        voloskov,
        date(2026, 11, 26),
        co=(sandalov,),
        tags=("Беларусь", "промышленность"),
        level="deputy",
    )
    day(MEETING_DATE)
    joint = assignment(
        meeting,
        "1",
        "Проработать все вопросы реализации совместных проектов с Республикой Беларусь",
        sandalov,
        date(2026, 11, 19),
        co=(voloskov,),
        tags=("Беларусь",),
        priority="high",
        level="governor",
    )
    plan = assignment(
        meeting,
        "2",
        "Представить сводный план мероприятий по итогам визита в Республику Беларусь",
        sandalov,
        date(2026, 10, 22),
        tags=("Беларусь",),
    )
    assignment(
        meeting,
        "3",
        "Ежемесячно до 5 числа информировать о ходе реализации совместных проектов "
        "с Республикой Беларусь",
        sandalov,
        date(2026, 12, 4),
        tags=("Беларусь", "доклад"),
        recurrence="FREQ=MONTHLY;BYMONTHDAY=5",
        level="deputy",
    )
    mission = assignment(
        meeting,
        "4",
        "Подготовить предложения по участию предприятий области в белорусской бизнес-миссии",
        sandalov,
        date(2026, 11, 10),
        tags=("Беларусь",),
    )

    day(date(2026, 10, 21))
    services.start(session, assignment_id=sites, actor=actor)
    services.add_note(
        session,
        assignment_id=sites,
        actor=actor,
        text="Сформирован перечень предприятий машиностроения для кооперации; "
        "АО «ОМЗ» готово разместить сборочную площадку.",
    )
    day(date(2026, 10, 22))
    services.done(
        session,
        assignment_id=plan,
        actor=actor,
        note="План мероприятий утверждён и направлен исполнителям.",
    )
    day(date(2026, 10, 23))
    services.extend(
        session,
        assignment_id=milk,
        new_due=date(2027, 2, 26),
        actor=actor,
        reason="Бизнес-миссия белорусской стороны перенесена на январь 2027 года",
    )
    services.add_note(
        session,
        assignment_id=milk,
        actor=actor,
        text="Направлено письмо в «Савушкин продукт»; ожидается ответ о сроках бизнес-миссии.",
    )
    day(date(2026, 10, 28))
    services.start(session, assignment_id=rails, actor=actor)
    services.add_note(
        session,
        assignment_id=rails,
        actor=actor,
        text="ОМЗ уже поставляет продукцию белорусским производителям автомобилей, "
        "сельхозтехники и станков; на Могилёвский лифтостроительный завод направлено "
        "коммерческое предложение.",
    )
    day(date(2026, 11, 2))
    services.start(session, assignment_id=joint, actor=actor)
    services.cancel(
        session,
        assignment_id=mission,
        actor=actor,
        reason="Учтено в пункте 2 протокола визита (молокоперерабатывающий завод)",
    )
    # The acceptance loop: OMZ's report is returned for rework, the sites' report waits for
    # acceptance, and the Brest programmes' owner asks for more time.
    services.submit(
        session,
        assignment_id=rails,
        actor=actor,
        reported_on=day(date(2026, 11, 16)),
        text="Коммерческое предложение направлено; Могилёвский лифтостроительный завод "
        "запросил образцы направляющих.",
        document="Письмо АО «ОМЗ» № 12-314 от 16.11.2026",
    )
    day(date(2026, 11, 18))
    services.return_for_rework(
        session,
        assignment_id=rails,
        actor=actor,
        comment="Приложить график поставок образцов и согласованный с заводом объём на 2027 год.",
    )
    day(date(2026, 11, 19))
    requests.request_extension(
        session,
        assignment_id=programmes,
        new_due=date(2026, 12, 25),
        actor=actor,
        reason="Брестский облисполком направит проект программы до 15 декабря",
    )
    services.submit(
        session,
        assignment_id=sites,
        actor=actor,
        reported_on=day(date(2026, 11, 20)),
        text="Определена сборочная площадка на базе АО «ОМЗ»; перечень изделий для "
        "кооперации направлен белорусской стороне.",
    )
