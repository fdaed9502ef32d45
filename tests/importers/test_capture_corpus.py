"""The capture corpus: Kirov-region paperwork read through the import path, scored by hand.

``tests/importers/corpus/`` holds documents in the styles a control department receives
(operational-meeting protocols, a «Перечень поручений», a protocol with sections and
sub-items, one using every deadline form, one naming people the directory does not know,
press releases), each beside the answers a clerk would record, written by hand (README.md
there says how). The metric test reads every document the way ``taskboard import --dry-run``
does — a protocol through ``parse_document``, ``document_drafts`` and ``create_assignments``
in a write transaction that is rolled back, a press release through ``prose.candidates`` —
and computes over the whole corpus, per field, precision (correct found / found) and recall
(correct found / expected). It asserts the goal of the issue «From a meeting's text to
tracked assignments» and, when the parser falls short, shows every mismatch: the table the
parser's author works from. ``pytest -s`` prints the metrics and the table on success too.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from taskboard.domain import dates
from taskboard.domain.intake import Intake
from taskboard.domain.models import Assignment, CoExecutor, Meeting, Person
from taskboard.domain.people import resolve_person
from taskboard.domain.search import fold
from taskboard.errors import TaskboardError
from taskboard.importers import find_or_create_meeting
from taskboard.importers.drafts import Draft, ImportProblems, PhraseResolver, create_assignments
from taskboard.importers.owners import PersonPhrase
from taskboard.importers.prose import candidates
from taskboard.importers.protocol import document_drafts, parse_document

CORPUS = Path(__file__).parent / "corpus"
DIRECTORY = CORPUS / "directory.json"
TODAY = date(2026, 12, 1)
"""The day the clerk reads the corpus (TASKBOARD_TODAY)."""
ACTOR = "Контролёр К.К."

GOAL = {"items": 1.0, "owners": 0.95, "deadlines": 0.95}
"""The least precision and recall the issue asks for, per field."""

FIELDS = (
    "items",
    "owners",
    "co_executors",
    "deadlines",
    "recurrence",
    "new_people",
    "problems",
    "meeting",
)
"""Scored fields, in the order the metrics are printed (the goal covers the first few)."""

MEETING_FIELDS = ("title", "date", "number", "kind", "chair")


def answer_files() -> list[Path]:
    """Every hand-written answers file of the corpus, in document order."""
    return sorted(p for p in CORPUS.glob("*.json") if p != DIRECTORY)


def load_answers(path: Path) -> dict[str, Any]:
    """One answers file, with ``path`` (the document) resolved."""
    answers: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    answers["path"] = (CORPUS / answers["document"]).resolve()
    answers["name"] = path.stem
    return answers


def add_directory(session: Session) -> None:
    """The people directory every document of the corpus assumes (``taskboard person add``)."""
    from taskboard.domain import services

    for person in json.loads(DIRECTORY.read_text(encoding="utf-8")):
        services.add_person(
            session,
            full_name=person["name"],
            actor=ACTOR,
            position=person["position"],
            organisation=person["org"],
        )


@pytest.fixture
def corpus_db(db, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """An open database holding the corpus's people directory, today = 2026-12-01."""
    monkeypatch.setenv("TASKBOARD_TODAY", TODAY.isoformat())
    with db.write() as session:
        add_directory(session)
    return db


# --- Reading a document as the import does ----------------------------------------------------


@dataclass
class Found:
    """What the import made of one item or candidate, field by field."""

    label: str
    """«item 2.1» or «candidate 3», for the table."""
    number: str = ""
    text: str = ""
    owner: str | None = None
    owner_note: str = ""
    """Why there is no owner (the problem the import reported), if there is none."""
    co_executors: list[str] = field(default_factory=list)
    deadline: date | None = None
    due_text: str = ""
    """The deadline words the parser took out of the text ("" when it found none)."""
    recurrence: bool = False
    problem: str = ""


@dataclass
class Reading:
    """A document as the import read it."""

    items: list[Found]
    new_people: list[str]
    meeting: dict[str, str | None] | None = None


def _name(session: Session, ref: str | None) -> str | None:
    """The directory name a resolver reference stands for (an id, or a name to resolve)."""
    if ref is None or not ref.strip():
        return None
    if ref.isdigit():
        person = session.get(Person, int(ref))
        return person.full_name if person is not None else None
    return resolve_person(session, ref, loose=True).full_name


def _owner(
    session: Session, resolver: PhraseResolver, phrase: PersonPhrase | None, where: str
) -> tuple[str | None, str]:
    if phrase is None:
        return None, ""
    try:
        return _name(session, resolver.ref(phrase, where=where)), ""
    except TaskboardError as exc:
        return None, exc.message


def _co_executors(
    session: Session, resolver: PhraseResolver, phrases: list[PersonPhrase], where: str
) -> list[str]:
    names = []
    for phrase in phrases:
        try:
            name = _name(session, resolver.ref(phrase, where=where, owner=False))
        except TaskboardError:
            continue
        if name is not None:
            names.append(name)
    return names


def _deadline(reader: Intake, due: str, base: date) -> date | None:
    """The deadline the intake path gives ``due`` at a meeting held on ``base``."""
    if not due.strip():
        return dates.default_deadline(base)
    try:
        return reader.deadline(due, meeting_date=base)
    except TaskboardError:
        return None


def _meeting_fields(session: Session, meeting: Meeting) -> dict[str, str | None]:
    chair = session.get(Person, meeting.chair_id) if meeting.chair_id is not None else None
    return {
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "number": meeting.protocol_no,
        "kind": meeting.kind,
        "chair": chair.full_name if chair is not None else None,
    }


def _created(session: Session, draft: Draft, assignment_id: int) -> Found:
    assignment = session.get(Assignment, assignment_id)
    assert assignment is not None
    owner = session.get(Person, assignment.owner_id)
    co = session.exec(
        select(Person.full_name)
        .join(CoExecutor, CoExecutor.person_id == Person.id)  # type: ignore[arg-type]
        .where(CoExecutor.assignment_id == assignment_id)
    ).all()
    return Found(
        label=f"item {draft.number}",
        number=draft.number,
        text=assignment.text,
        owner=owner.full_name if owner is not None else None,
        co_executors=sorted(co),
        deadline=assignment.due,
        due_text=draft.due,
        recurrence=assignment.recurrence is not None,
    )


def _refused(
    session: Session, resolver: PhraseResolver, reader: Intake, draft: Draft, base: date, why: str
) -> Found:
    """An item the import refused: each field resolved on its own, as far as it goes."""
    owner, note = _owner(session, resolver, draft.owner_phrase, draft.where)
    if draft.owner_phrase is None and draft.owner.strip():
        try:
            owner = _name(session, draft.owner)
        except TaskboardError as exc:
            note = exc.message
    return Found(
        label=f"item {draft.number}",
        number=draft.number,
        text=draft.text,
        owner=owner,
        owner_note=note or why,
        co_executors=sorted(_co_executors(session, resolver, draft.co_phrases, draft.where)),
        deadline=_deadline(reader, draft.due, base),
        due_text=draft.due,
        problem=why,
    )


def read_protocol(session: Session, text: str, source: str) -> Reading:
    """A protocol as ``import --dry-run`` reads it, item by item (a refusal stays local)."""
    document = parse_document(text)
    resolver = PhraseResolver(session, actor=ACTOR)
    header = document.header
    try:
        choice = find_or_create_meeting(
            session,
            header,
            source_text=text,
            resolver=resolver,
            date_text=None,
            actor=ACTOR,
            today=TODAY,
        )
    except TaskboardError:
        # The chair could not be resolved: the meeting still records the items.
        choice = find_or_create_meeting(
            session,
            replace(header, chair=None),
            source_text=text,
            resolver=resolver,
            date_text=None,
            actor=ACTOR,
            today=TODAY,
        )
    meeting = session.get(Meeting, choice.id)
    assert meeting is not None
    reader = Intake(session, today=TODAY)
    items = []
    for draft in document_drafts(document):
        try:
            planned = create_assignments(
                session,
                [draft],
                actor=ACTOR,
                source=source,
                today=TODAY,
                meeting_id=meeting.id,
                resolver=resolver,
            )
        except ImportProblems as problems:
            why = "; ".join(problems.problems)
            items.append(_refused(session, resolver, reader, draft, meeting.date, why))
            continue
        items.append(_created(session, draft, planned[0].id))
    return Reading(
        items=items,
        new_people=[p.full_name for p in resolver.new_people],
        meeting=_meeting_fields(session, meeting),
    )


def read_prose(session: Session, text: str, base: date) -> Reading:
    """A press release's candidate assignments, their people resolved as an import would."""
    resolver = PhraseResolver(session, actor=ACTOR)
    reader = Intake(session, today=TODAY)
    items = []
    for candidate in candidates(text, today=TODAY, base=base):
        where = f"candidate {candidate.index}"
        owner, note = _owner(session, resolver, candidate.owner, where)
        items.append(
            Found(
                label=where,
                text=candidate.action,
                owner=owner,
                owner_note=note,
                co_executors=sorted(
                    _co_executors(session, resolver, candidate.co_executors, where)
                ),
                deadline=_deadline(reader, candidate.due, base),
                due_text=candidate.due,
                problem=note if candidate.owner is not None else "",
            )
        )
    return Reading(items=items, new_people=[p.full_name for p in resolver.new_people])


def read_document(db, answers: dict[str, Any]) -> Reading:  # type: ignore[no-untyped-def]
    """Read one document in a write transaction that is rolled back (a dry run)."""
    text = Path(answers["path"]).read_text(encoding="utf-8-sig")
    with db.write() as session:
        if answers["kind"] == "protocol":
            reading = read_protocol(session, text, Path(answers["path"]).name)
        else:
            reading = read_prose(session, text, date.fromisoformat(answers["meeting"]["date"]))
        session.rollback()
    return reading


def whole_import(db, answers: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    """What ``taskboard import FILE --dry-run`` says of a protocol as a whole (all or nothing)."""
    if answers["kind"] != "protocol":
        return "n/a (prose)"
    from taskboard.importers import import_file

    try:
        outcome = import_file(
            db, str(answers["path"]), fmt="protocol", dry_run=True, actor=ACTOR, today=TODAY
        )
    except ImportProblems as problems:
        return f"refused ({len(problems.problems)} problems)"
    except TaskboardError as exc:
        return f"refused ({_short(exc.message, 40)})"
    return f"{len(outcome.created)} items, {len(outcome.new_people)} new people"


# --- Scoring ----------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts behind one field's precision and recall."""

    found: int = 0
    expected: int = 0
    correct: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None


@dataclass
class Row:
    """One mismatch: what the clerk wrote and what the import made of it."""

    document: str
    item: str
    field: str
    expected: str
    got: str


@dataclass
class Tally:
    """Scores and mismatches over the whole corpus."""

    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    rows: list[Row] = field(default_factory=list)
    documents: list[tuple[str, str, int, int, int, str]] = field(default_factory=list)
    """Per document: name, kind, items expected, found, matched, the whole import's outcome."""


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def _folded(names: list[str]) -> Counter[str]:
    return Counter(" ".join(fold(n).split()) for n in names)


def _shown(names: list[str]) -> str:
    return "; ".join(names) if names else "—"


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _label(expected: dict[str, Any]) -> str:
    return f"item {expected['number']}" if "number" in expected else f"«{expected['key']}»"


def _pairs(
    answers: dict[str, Any], found: list[Found]
) -> list[tuple[dict[str, Any] | None, Found | None]]:
    """Expected items paired with found ones: protocols by number, prose by key words."""
    expected = list(answers["assignments"])
    taken: set[int] = set()
    pairs: list[tuple[dict[str, Any] | None, Found | None]] = []
    for item in found:
        match = None
        for index, wanted in enumerate(expected):
            if index in taken:
                continue
            if ("number" in wanted and wanted["number"] == item.number) or (
                "key" in wanted and fold(wanted["key"]) in fold(item.text)
            ):
                match = index
                break
        if match is None:
            pairs.append((None, item))
        else:
            taken.add(match)
            pairs.append((expected[match], item))
    pairs.extend((wanted, None) for index, wanted in enumerate(expected) if index not in taken)
    return pairs


def _deadline_got(item: Found) -> str:
    if item.deadline is None:
        return f"— (could not read «{item.due_text}»)"
    read = f"read «{item.due_text}»" if item.due_text else "no term read: the one-month rule"
    return f"{item.deadline.isoformat()} ({read})"


def _score_pair(
    tally: Tally, doc: str, expected: dict[str, Any] | None, item: Found | None
) -> None:
    s = tally.scores
    if item is not None:
        s["items"].found += 1
        s["owners"].found += item.owner is not None
        s["co_executors"].found += len(item.co_executors)
        s["deadlines"].found += item.deadline is not None
        s["recurrence"].found += item.recurrence
    if expected is not None:
        s["items"].expected += 1
        s["owners"].expected += expected["owner"] is not None
        s["co_executors"].expected += len(expected["co_executors"])
        s["deadlines"].expected += 1
        s["recurrence"].expected += bool(expected["recurrence"])
    if item is None:
        assert expected is not None
        tally.rows.append(Row(doc, _label(expected), "item", "an assignment", "not found"))
        return
    if expected is None:
        got = f"{item.label}: «{_short(item.text)}»"
        if item.problem:
            got += f" [{_short(item.problem, 100)}]"
        tally.rows.append(Row(doc, item.label, "item", "not an assignment", got))
        return
    s["items"].correct += 1
    label = _label(expected)
    if expected["owner"] is not None and _same(expected["owner"], item.owner):
        s["owners"].correct += 1
    elif not _same(expected["owner"], item.owner):
        tally.rows.append(
            Row(
                doc,
                label,
                "owner",
                expected["owner"] or "— (a problem: no owner)",
                item.owner or f"— ({_short(item.owner_note or 'no owner read', 160)})",
            )
        )
    wanted, got = _folded(expected["co_executors"]), _folded(item.co_executors)
    s["co_executors"].correct += sum((wanted & got).values())
    if wanted != got:
        tally.rows.append(
            Row(
                doc,
                label,
                "co_executors",
                _shown(expected["co_executors"]),
                _shown(item.co_executors),
            )
        )
    if item.deadline is not None and item.deadline.isoformat() == expected["deadline"]:
        s["deadlines"].correct += 1
    else:
        tally.rows.append(Row(doc, label, "deadline", expected["deadline"], _deadline_got(item)))
    if expected["recurrence"] and item.recurrence:
        s["recurrence"].correct += 1
    elif bool(expected["recurrence"]) != item.recurrence:
        tally.rows.append(
            Row(
                doc,
                label,
                "recurrence",
                "recurring" if expected["recurrence"] else "none",
                "recurring" if item.recurrence else "none",
            )
        )


def _score_problems(
    tally: Tally,
    doc: str,
    answers: dict[str, Any],
    pairs: list[tuple[dict[str, Any] | None, Found | None]],
) -> None:
    score = tally.scores["problems"]
    wanted = set(answers["problems"])
    score.expected += len(wanted)
    for expected, item in pairs:
        if expected is None or item is None:
            continue  # an item found or missed wrongly is already a row of its own
        key = expected.get("number") or expected.get("key")
        if item.problem:
            score.found += 1
        if item.problem and key in wanted:
            score.correct += 1
        elif item.problem:
            tally.rows.append(
                Row(doc, _label(expected), "problem", "none", _short(item.problem, 160))
            )
        elif key in wanted:
            tally.rows.append(
                Row(doc, _label(expected), "problem", "a problem", f"none (owner {item.owner})")
            )


def _score_new_people(tally: Tally, doc: str, answers: dict[str, Any], reading: Reading) -> None:
    score = tally.scores["new_people"]
    wanted, got = _folded(answers["new_people"]), _folded(reading.new_people)
    score.expected += sum(wanted.values())
    score.found += sum(got.values())
    score.correct += sum((wanted & got).values())
    for name in answers["new_people"]:
        if _folded([name]) - got:
            tally.rows.append(Row(doc, "—", "new person", name, "not proposed"))
    for name in reading.new_people:
        if _folded([name]) - wanted:
            tally.rows.append(Row(doc, "—", "new person", "—", name))


def _score_meeting(tally: Tally, doc: str, answers: dict[str, Any], reading: Reading) -> None:
    if reading.meeting is None:
        return  # the prose reader reads no meeting: its date is the deadlines' base only
    score = tally.scores["meeting"]
    for key in MEETING_FIELDS:
        wanted, got = answers["meeting"].get(key), reading.meeting.get(key)
        score.expected += wanted is not None
        score.found += got is not None
        if wanted is not None and _same(wanted, got):
            score.correct += 1
        elif not _same(wanted, got):
            tally.rows.append(Row(doc, "header", f"meeting.{key}", str(wanted), str(got)))


def score_document(
    tally: Tally, answers: dict[str, Any], reading: Reading, whole: str = ""
) -> None:
    """Add one document's reading to the corpus tally."""
    doc = answers["name"]
    pairs = _pairs(answers, reading.items)
    for expected, item in pairs:
        _score_pair(tally, doc, expected, item)
    _score_problems(tally, doc, answers, pairs)
    _score_new_people(tally, doc, answers, reading)
    _score_meeting(tally, doc, answers, reading)
    matched = sum(1 for e, f in pairs if e is not None and f is not None)
    tally.documents.append(
        (doc, answers["kind"], len(answers["assignments"]), len(reading.items), matched, whole)
    )


# --- Showing --------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def metrics_table(tally: Tally) -> str:
    """Precision and recall per field, with their counts."""
    lines = [
        f"{'field':<14}{'found':>7}{'expected':>10}{'correct':>9}{'precision':>11}{'recall':>9}"
    ]
    for name in FIELDS:
        s = tally.scores[name]
        lines.append(
            f"{name:<14}{s.found:>7}{s.expected:>10}{s.correct:>9}"
            f"{_percent(s.precision):>11}{_percent(s.recall):>9}"
        )
    return "\n".join(lines)


def documents_table(tally: Tally) -> str:
    """Items expected, found and matched per document, and how the whole import fares."""
    width = max(len(d[0]) for d in tally.documents)
    lines = [
        f"{'document':<{width}}  {'kind':<8}{'expected':>9}{'found':>7}{'matched':>9}"
        "   import --dry-run of the whole file"
    ]
    for name, kind, expected, found, matched, whole in tally.documents:
        lines.append(f"{name:<{width}}  {kind:<8}{expected:>9}{found:>7}{matched:>9}   {whole}")
    return "\n".join(lines)


def mismatch_table(rows: list[Row]) -> str:
    """Every mismatch: document, item, field, expected, got."""
    if not rows:
        return "(no mismatches)"
    header = Row("document", "item", "field", "expected", "got")
    widths = [
        max(len(getattr(r, attr)) for r in [header, *rows])
        for attr in ("document", "item", "field")
    ]
    expected_width = min(max(len(r.expected) for r in [header, *rows]), 40)
    lines = []
    for row in [header, *rows]:
        lines.append(
            f"{row.document:<{widths[0]}} | {row.item:<{widths[1]}} | {row.field:<{widths[2]}} | "
            f"{row.expected:<{expected_width}} | {row.got}"
        )
    lines.insert(1, "-" * min(len(lines[0]) + 20, 160))
    return "\n".join(lines)


def _goal_failures(tally: Tally) -> list[str]:
    failures = []
    for name, least in GOAL.items():
        s = tally.scores[name]
        for what, value in (("precision", s.precision), ("recall", s.recall)):
            if value is not None and value < least:
                failures.append(f"{name} {what} {value:.1%} < {least:.0%}")
    return failures


# --- Tests ----------------------------------------------------------------------------------


def test_the_corpus_meets_the_capture_goal(corpus_db) -> None:  # type: ignore[no-untyped-def]
    tally = Tally()
    for path in answer_files():
        answers = load_answers(path)
        reading = read_document(corpus_db, answers)
        score_document(tally, answers, reading, whole_import(corpus_db, answers))
    report = (
        f"\nCapture corpus: {len(tally.documents)} documents, today {TODAY.isoformat()}\n\n"
        f"{documents_table(tally)}\n\n{metrics_table(tally)}\n\n"
        f"Mismatches ({len(tally.rows)}):\n{mismatch_table(tally.rows)}\n"
    )
    print(report)
    failures = _goal_failures(tally)
    assert not failures, "goal not met: " + "; ".join(failures) + "\n" + report


def test_the_hand_answers_are_consistent_with_the_directory_and_the_calendar() -> None:
    directory = {
        " ".join(fold(p["name"]).split()) for p in json.loads(DIRECTORY.read_text(encoding="utf-8"))
    }
    files = answer_files()
    assert len(files) >= 8
    documents = {load_answers(p)["path"] for p in files}
    assert {p.resolve() for p in CORPUS.glob("*.txt")} <= documents  # no document unanswered
    kinds = Counter(load_answers(p)["kind"] for p in files)
    assert kinds["prose"] >= 2 and kinds["protocol"] >= 6
    for path in files:
        answers = load_answers(path)
        assert answers["path"].is_file(), answers["document"]
        known = directory | set(_folded(answers["new_people"]))
        keys = [a.get("number") or a.get("key") for a in answers["assignments"]]
        assert len(keys) == len(set(keys)), f"{path.name}: an item twice"
        for item in answers["assignments"]:
            where = f"{path.name} {item.get('number') or item.get('key')}"
            for name in [item["owner"], *item["co_executors"]]:
                if name is not None:
                    assert " ".join(fold(name).split()) in known, f"{where}: «{name}» unknown"
            due = date.fromisoformat(item["deadline"])
            assert dates.is_working_day(due), f"{where}: {due} is not a working day"
            assert due >= date.fromisoformat(answers["meeting"]["date"]), where
        for number in answers["problems"]:
            wanted = [a for a in answers["assignments"] if a.get("number") == number]
            assert wanted and wanted[0]["owner"] is None, f"{path.name}: problem {number}"


def test_the_repository_press_release_is_in_the_corpus_with_its_four_candidates() -> None:
    example = (CORPUS.parent.parent.parent / "examples" / "press-release-belarus.txt").resolve()
    found = [a for a in map(load_answers, answer_files()) if a["path"] == example]
    assert len(found) == 1
    keys = {a["key"]: a for a in found[0]["assignments"]}
    assert len(keys) >= 4
    assert keys["совместных проектов"]["owner"] == "Сандалов Михаил Александрович"
    assert keys["брестскую крепость"]["deadline"] == "2027-06-30"
