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
_NEEDED = re.compile(
    r"\b(?:нужно|необходимо|надо|следует|предстоит|должн[ыао]?|важно)\b", re.IGNORECASE
)
_WORD = re.compile(r"[А-ЯЁа-яё-]+")

_DEADLINES = re.compile(
    r"(?:в\s+(?:двух|трех|трёх|одно)?недельный\s+срок|в\s+(?:\d+-)?\w+дневный\s+срок|"
    r"в\s+месячный\s+срок|в\s+течение\s+(?:\d+\s+)?\w+|до\s+конца\s+(?:\w+\s+)?(?:года|квартала|"
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)|"
    r"(?:до|к)\s+\d{1,2}\s+\w+(?:\s+\d{4}(?:\s*г(?:ода|\.)?)?)?|"
    r"в\s+(?:январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)"
    r"(?:\s+\d{4}(?:\s*г(?:ода|\.)?)?)?)",
    re.IGNORECASE,
)
"""Deadline phrases a sentence may carry; each is checked by the one date parser."""


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
    from taskboard.domain import dates
    from taskboard.errors import DateParseError

    for match in _DEADLINES.finditer(sentence):
        phrase = match.group().strip()
        try:
            dates.parse_date(phrase, today=today, base=base)
        except DateParseError:
            continue
        return phrase
    return ""


def candidates(text: str, *, today: date, base: date | None = None) -> list[Candidate]:
    """Every sentence of ``text`` that assigns something, as a candidate assignment."""
    from razdel import sentenize

    found: list[Candidate] = []
    for piece in sentenize(text):
        sentence = _clean(piece.text)
        assigned = _ASSIGNED.search(sentence)
        owner: PersonPhrase | None = None
        co: list[PersonPhrase] = []
        action: str | None = None
        if assigned is not None:
            after = sentence[assigned.end() :]
            addressed = split_addressees(after)
            if addressed is None and assigned.group().lower().startswith("поручено"):
                # «Министерству … поручено в двухнедельный срок представить …»
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
            continue
        found.append(
            Candidate(
                index=len(found) + 1,
                action=action,
                owner=owner,
                co_executors=co,
                due=_deadline(sentence, today=today, base=base),
                sentence=sentence,
                line=_line_of(text, piece.start),
            )
        )
    return found


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
