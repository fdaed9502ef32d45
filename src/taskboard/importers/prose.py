"""Candidate assignments in prose: press releases and news about a meeting.

A press release tells what was assigned in sentences, not items::

    Глава региона поручил Председателю Правительства … Михаилу Сандалову проработать …
    Министерству промышленности поручено в двухнедельный срок представить …
    «Нам нужно подключить … чтобы уже в июне ребята посетили Брестскую крепость», — …

:func:`candidates` splits the text into sentences (razdel, made for Russian), keeps those
that assign something (a verb of assigning, or «нужно/необходимо» with an action), and
reads each into a :class:`Candidate`: the addressee when named (through
:mod:`taskboard.importers.owners`), the action, a deadline phrase when the sentence has one,
and the sentence itself. Candidates are proposals: nothing is saved without a person's
review (``--accept N,M`` or the TUI's import screen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from taskboard.i18n import domain
from taskboard.importers.drafts import Draft
from taskboard.importers.owners import PersonPhrase, is_infinitive, split_addressees

_, ngettext = domain("importers")

_ASSIGNED = re.compile(
    r"\b(?:поручил[аи]?|поручено|поручается|поручение\s+\w+|дал[аи]?\s+поручени[ея]|"
    r"поставил[аи]?\s+задачу|поставлена\s+задача)\b",
    re.IGNORECASE,
)
_NEEDED = re.compile(r"\b(?:нужно|необходимо|надо|следует|предстоит)\b", re.IGNORECASE)
"""Words that make a sentence an assignment without naming it one («Нам нужно …»); not
«должны»: «обрабатывающие центры должны поступить» states a plan, it assigns nothing."""
_WORD = re.compile(r"[А-ЯЁа-яё-]+")


@dataclass
class Candidate:
    """A proposed assignment found in prose."""

    index: int
    """1-based, as ``--accept N,M`` names it."""
    action: str
    owner: PersonPhrase | None
    co_executors: list[PersonPhrase]
    due: str
    """The deadline phrase as written, empty when the sentence names none."""
    sentence: str
    line: int


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _clean(sentence: str) -> str:
    return " ".join(sentence.replace("\u00ad", "").split())


def _action_from(fragment: str) -> str | None:
    """The fragment from its first infinitive on, or None."""
    for match in _WORD.finditer(fragment):
        if is_infinitive(match.group()):
            action = fragment[match.start() :].strip(' ,—–-»"')
            action = re.split(r"»?,\s*[—–-]\s+", action)[0]  # «…», — подчеркнул Соколов
            action = action.rstrip(' .»"')
            return action[:1].upper() + action[1:] + "." if action else None
    return None


def _deadline(sentence: str, *, today: date, base: date | None) -> str:
    from taskboard.domain.dates import find_deadline

    return find_deadline(sentence, today=today, base=base) or ""


def candidates(text: str, *, today: date, base: date | None = None) -> list[Candidate]:
    """Every sentence of ``text`` that assigns something, as a candidate assignment."""
    from razdel import sentenize

    found: list[Candidate] = []
    for offset, paragraph in _paragraphs(text):
        for piece in sentenize(paragraph):
            candidate = _candidate(
                _clean(piece.text),
                today=today,
                base=base,
                line=_line_of(text, offset + piece.start),
            )
            if candidate is not None:
                candidate.index = len(found) + 1
                found.append(candidate)
    return found


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """The text's paragraphs with their offsets, its headline and dateline left out.

    A headline («Александр Соколов поручил усилить контроль …») sums the news up: what it
    says the body says again, so it is no candidate of its own.
    """
    parts = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]
    if parts and not parts[0][1].rstrip().endswith((".", "!", "?", "»")):
        parts = parts[1:]
    return parts


def _candidate(sentence: str, *, today: date, base: date | None, line: int) -> Candidate | None:
    assigned = _ASSIGNED.search(sentence)
    owner: PersonPhrase | None = None
    co: list[PersonPhrase] = []
    action: str | None = None
    if assigned is not None:
        after = sentence[assigned.end() :]
        addressed = split_addressees(after)
        if addressed is None:
            # «Министерству … поручено в двухнедельный срок представить …», «Министру …
            # Татьяне Сидоренко глава региона поставил задачу … организовать …»
            before = re.split(r"[.;:]\s+|,\s+(?=[А-ЯЁ])", sentence[: assigned.start()])[-1]
            addressed = split_addressees(f"{before} {_action_from(after) or ''}")
        if addressed is not None:
            owner = addressed.owners[0] if addressed.owners else None
            co = addressed.co_executors
            action = _action_from(addressed.action)
        else:
            action = _action_from(after)
    elif _NEEDED.search(sentence):
        needed = _NEEDED.search(sentence)
        assert needed is not None
        action = _action_from(sentence[needed.end() :])
    if not action:
        return None
    return Candidate(
        index=0,
        action=action,
        owner=owner,
        co_executors=co,
        due=_deadline(sentence, today=today, base=base),
        sentence=sentence,
        line=line,
    )


def candidate_drafts(found: list[Candidate], accept: list[int] | None) -> list[Draft]:
    """Drafts of the accepted candidates (all of them for a dry run without ``accept``)."""
    from taskboard.errors import InvalidInput

    chosen = found
    if accept is not None:
        known = {c.index for c in found}
        unknown = [n for n in accept if n not in known]
        if unknown:
            raise InvalidInput(
                _(
                    "--accept names no candidate {numbers}; the text has {count} (1–{count})."
                ).format(numbers=", ".join(str(n) for n in unknown), count=len(found))
            )
        chosen = [c for c in found if c.index in set(accept)]
    return [
        Draft(
            where=_("candidate {n} (line {line})").format(n=c.index, line=c.line),
            text=c.action,
            owner=(c.owner.name or c.owner.organisation or "") if c.owner else "",
            co_executors=[p.name or p.organisation or p.source for p in c.co_executors],
            due=c.due,
            loose_names=True,
            owner_phrase=c.owner,
            co_phrases=c.co_executors,
        )
        for c in chosen
    ]


def parse_accept(value: str) -> list[int]:
    """``--accept 1,3`` (or «1 3», «2-4») as candidate numbers."""
    from taskboard.errors import InvalidInput

    numbers: list[int] = []
    for part in re.split(r"[,\s]+", value.strip()):
        if not part:
            continue
        if m := re.fullmatch(r"(\d+)[-–](\d+)", part):
            numbers.extend(range(int(m[1]), int(m[2]) + 1))
        elif part.isdigit():
            numbers.append(int(part))
        else:
            raise InvalidInput(
                _("--accept takes candidate numbers such as 1,3 or 2-4, not «{value}».").format(
                    value=value
                )
            )
    return numbers


__all__ = ["Candidate", "candidate_drafts", "candidates", "parse_accept"]
