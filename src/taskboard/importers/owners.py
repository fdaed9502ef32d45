"""Who an item is addressed to, the way protocols write it: bodies and people in the dative.

A protocol item in the usual style opens with its addressees and goes on with an infinitive::

    Министерству здравоохранения Кировской области (Иванов И.И.) обеспечить …
    Председателю Правительства Кировской области Петрову П.П. проработать …
    Заместителю Председателя Правительства И.И. Иванову совместно с министерством
    финансов (Сидоров С.С.) и АО «ОМЗ» подготовить …

:func:`split_addressees` finds where the action starts (the first infinitive outside brackets
and quotes, pymorphy3 telling the parts of speech), cuts the addressees into owners and
co-executors («совместно с …»), and turns each into a :class:`PersonPhrase` in the nominative:
the person's surname and initials, their position, their organisation. Matching a phrase to
the people directory is :func:`taskboard.domain.people.match_initials`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

LEADING_VERBS = ("поручить", "рекомендовать", "предложить", "просить")
"""Verbs that open an item before its addressees («Поручить министерству … обеспечить»)."""

_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
_SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_NAME_AFTER = re.compile(rf"(?P<surname>{_SURNAME})\s+(?P<initials>{_INITIALS})")
_NAME_BEFORE = re.compile(rf"(?P<initials>{_INITIALS})\s?(?P<surname>{_SURNAME})")
_PREPOSITIONS = frozenset(
    ("в", "во", "до", "к", "ко", "на", "с", "со", "по", "для", "при", "после", "о", "об", "от")
)
_TOGETHER = re.compile(r"\bсовместно\s+с(?:о)?\s+", re.IGNORECASE)
_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z-]+")


@cache
def _analyzer() -> Any:
    # Loaded on first use: 0.1 s and 15 MB that only protocol imports need.
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=20_000)
def _parses(word: str) -> tuple[Any, ...]:
    # A protocol repeats the same words (ministries, positions) hundreds of times.
    return tuple(_analyzer().parse(word))


def is_infinitive(word: str) -> bool:
    """Whether ``word``'s likeliest reading is an infinitive («обеспечить», «проработать»)."""
    parses = _parses(word)
    return bool(parses) and "INFN" in parses[0].tag


def _keep_case(original: str, word: str) -> str:
    if "ё" not in original.lower():
        # The dictionary spells «ё» («Федоров» → «Фёдоров»); a name keeps the writer's «е».
        word = word.replace("ё", "е").replace("Ё", "Е")
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _inflected(
    word: str, case: str, parts: tuple[str, ...], agree: set[str], target: str = "nomn"
) -> str | None:
    for parse in _parses(word):
        if parse.tag.POS in parts and case in parse.tag:
            form = parse.inflect({target, *agree}) or parse.inflect({target})
            if form is not None:
                return _keep_case(word, form.word)
    return None


def _head_noun(tokens: list[str], case: str) -> tuple[int, set[str]] | None:
    """Where the phrase's head noun stands, and its gender and number (for agreement)."""
    for index, token in enumerate(tokens):
        if not _WORD.fullmatch(token):
            return None
        parses = [p for p in _parses(token) if case in p.tag]
        noun = next((p for p in parses if p.tag.POS == "NOUN"), None)
        if noun is not None:
            agree = {g for g in (noun.tag.gender, noun.tag.number) if g}
            return index, agree
        if not any(p.tag.POS in ("ADJF", "PRTF") for p in parses):
            return None
    return None


def noun_phrase_nominative(phrase: str, case: str = "datv") -> str:
    """«Министерству здравоохранения Кировской области» → «Министерство здравоохранения …».

    The head of the phrase — adjectives, then the first noun, in ``case`` — is put in the
    nominative, the adjectives agreeing with the noun; the rest stays as written.
    """
    words = phrase.split()
    head = _head_noun(words, case)
    if head is None:
        return " ".join(words)
    at, agree = head
    out = []
    for index, word in enumerate(words):
        if index < at:
            out.append(_inflected(word, case, ("ADJF", "PRTF"), agree) or word)
        elif index == at:
            out.append(_inflected(word, case, ("NOUN",), agree) or word)
        else:
            out.append(word)
    return " ".join(out)


def noun_phrase_dative(phrase: str) -> str:
    """«Министерство здравоохранения Кировской области» → «Министерству здравоохранения …»:
    how a protocol addresses a body (the reverse of :func:`noun_phrase_nominative`)."""
    words = phrase.split()
    head = _head_noun(words, "nomn")
    if head is None:
        return " ".join(words)
    at, agree = head
    out = []
    for index, word in enumerate(words):
        if index < at:
            out.append(_inflected(word, "nomn", ("ADJF", "PRTF"), agree, "datv") or word)
        elif index == at:
            out.append(_inflected(word, "nomn", ("NOUN",), agree, "datv") or word)
        else:
            out.append(word)
    return " ".join(out)


def surname_dative(word: str) -> str:
    """«Петров» → «Петрову», «Иванова» → «Ивановой», «Сидоренко» stays: a person addressed."""
    for wanted in ("Surn", None):
        for parse in _parses(word):
            if (wanted is None or wanted in parse.tag) and "nomn" in parse.tag:
                if "Fixd" in parse.tag:
                    return word
                form = parse.inflect({"datv"})
                if form is not None:
                    return _keep_case(word, form.word)
    for dative, nominative in _FAMILY_ENDINGS["datv"]:
        if word.endswith(nominative):
            return word[: len(word) - len(nominative)] + dative
    return word


_FAMILY_ENDINGS = {
    "datv": (
        ("ову", "ов"), ("еву", "ев"), ("ёву", "ёв"), ("ину", "ин"), ("ыну", "ын"),
        ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"),
    ),
    "ablt": (
        ("овым", "ов"), ("евым", "ев"), ("ёвым", "ёв"), ("иным", "ин"), ("ыным", "ын"),
        ("овой", "ова"), ("евой", "ева"), ("ёвой", "ёва"), ("иной", "ина"), ("ыной", "ына"),
    ),
}  # fmt: skip
"""How the surnames in -ов, -ев, -ин, -ын decline, for those the dictionary does not know."""


def surname_nominative(word: str, case: str = "datv") -> str:
    """«Петрову» → «Петров», «Ивановой» → «Иванова», «Сидоренко» stays."""
    parses = _parses(word)
    for wanted in ("Surn", None):
        for parse in parses:
            if (wanted is None or wanted in parse.tag) and case in parse.tag:
                if "Fixd" in parse.tag:
                    return word
                form = parse.inflect({"nomn"})
                if form is not None:
                    return _keep_case(word, form.word)
        if wanted is not None:
            # Not a surname the dictionary knows: its ending says more than a guess that
            # reads «Сандаловой» as the adjective «сандаловая» («Сандаловым»: «сандаловый»).
            for ending, replacement in _FAMILY_ENDINGS.get(case, ()):
                if word.endswith(ending) and len(word) > len(ending) + 1:
                    return word[: -len(ending)] + replacement
    for ending, replacement in (("ову", "ов"), ("еву", "ев"), ("ину", "ин"), ("ой", "а")):
        if case == "datv" and word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word


def _initials(text: str) -> str:
    return "".join(f"{letter}." for letter in re.findall(r"[А-ЯЁ]", text))


@dataclass
class PersonPhrase:
    """One addressee, in the nominative: a person (surname + initials), a body, or both."""

    source: str
    """The words as the protocol wrote them."""
    surname: str | None = None
    initials: str = ""
    given: str | None = None
    """First name (and patronymic) written out («Михаил», «Сергей Александрович»), if so."""
    position: str | None = None
    organisation: str | None = None
    labelled: bool = False
    """Written on a labelled line («Ответственный: …»), in the nominative already."""

    @property
    def name(self) -> str | None:
        """«Иванов И.И.», or None for a body with no named head."""
        if self.surname is None:
            return None
        return f"{self.surname} {self.given or self.initials}".strip()


@dataclass
class Addressees:
    """What an item's opening says: who owns it, who helps, and the action that follows."""

    owners: list[PersonPhrase] = field(default_factory=list)
    co_executors: list[PersonPhrase] = field(default_factory=list)
    action: str = ""
    """The item from its first infinitive on («обеспечить …»)."""


def _top_level_words(text: str) -> list[tuple[int, int, str]]:
    """The words outside brackets and quotes, with their positions."""
    words = []
    depth = 0
    for match in re.finditer(r"[()«»\"]|[А-ЯЁа-яёA-Za-z-]+", text):
        token = match.group()
        if token in "(«":
            depth += 1
        elif token in ")»":
            depth = max(depth - 1, 0)
        elif token == '"':
            continue
        elif depth == 0:
            words.append((match.start(), match.end(), token))
    return words


def _given_name(words: list[str], case: str) -> tuple[int, int, str, str, str] | None:
    """A name written out in ``case``: «Михаилу Сандалову», «Сергею Александровичу Волоскову».

    Returns (first word, last word, surname, given names, initials), all in the nominative.
    """
    kinds: list[str | None] = []
    for word in words:
        kind = None
        if word[:1].isupper() and _WORD.fullmatch(word):
            tags = [p.tag for p in _parses(word) if case in p.tag]
            if any("Name" in t for t in tags):
                kind = "Name"
            elif any("Patr" in t for t in tags):
                kind = "Patr"
            elif any("Surn" in t for t in tags) or tags:
                kind = "Surn"
        kinds.append(kind)
    for index, kind in enumerate(kinds):
        if kind != "Name":
            continue
        end = index + 1
        if end < len(words) and kinds[end] == "Patr":
            end += 1
        if end < len(words) and kinds[end] == "Surn":
            surname_at = end
        elif index > 0 and kinds[index - 1] == "Surn":
            surname_at = index - 1  # «Сандалову Михаилу»
        else:
            continue
        given_words = [_name_nominative(w, case) for w in words[index:end]]
        surname = surname_nominative(words[surname_at], case)
        first, last = min(index, surname_at), max(end - 1, surname_at)
        initials = "".join(f"{w[0]}." for w in given_words)
        return first, last, surname, " ".join(given_words), initials
    return None


def _name_nominative(word: str, case: str) -> str:
    for parse in _parses(word):
        if case in parse.tag and ("Name" in parse.tag or "Patr" in parse.tag):
            form = parse.inflect({"nomn"})
            if form is not None:
                return _keep_case(word, form.word)
    return word


_REMARK = re.compile(r"\(\s*по\s+согласованию\s*\)", re.IGNORECASE)


def _tidy(text: str | None) -> str | None:
    """A position or body without remarks and extra spaces, its first letter upper case."""
    if text is None:
        return None
    flat = " ".join(_REMARK.sub(" ", text).split()).strip(" ,;:")
    return flat[:1].upper() + flat[1:] if flat else None


def _phrase(chunk: str, case: str) -> PersonPhrase | None:
    """One addressee chunk («Министерству финансов (Сидоров С.С.)») as a person phrase."""
    phrase = _parse_phrase(chunk, case)
    if phrase is not None:
        phrase.position = _tidy(phrase.position)
        phrase.organisation = _tidy(phrase.organisation)
    return phrase


def _parse_phrase(chunk: str, case: str) -> PersonPhrase | None:
    chunk = _REMARK.sub(" ", chunk).strip(" ,;:")
    if not chunk or not re.search(r"[А-ЯЁа-яёA-Za-z]", chunk):
        return None
    bracket = re.search(r"\(([^()]*)\)", chunk)
    if bracket and (name := _NAME_AFTER.search(bracket[1]) or _NAME_BEFORE.search(bracket[1])):
        body = chunk[: bracket.start()].strip()
        return PersonPhrase(
            source=chunk,
            surname=name["surname"],
            initials=_initials(name["initials"]),
            organisation=noun_phrase_nominative(body, case) if body else None,
        )
    name = _NAME_BEFORE.search(chunk) or _NAME_AFTER.search(chunk)
    if name is not None:
        position = (chunk[: name.start()] + " " + chunk[name.end() :]).strip(" ,")
        return PersonPhrase(
            source=chunk,
            surname=surname_nominative(name["surname"], case),
            initials=_initials(name["initials"]),
            position=noun_phrase_nominative(position, case) if position else None,
        )
    words = chunk.split()
    if (found := _given_name(words, case)) is not None:
        first, last, surname, given, initials = found
        # The position stands before the name; words after it are the sentence going on
        # («… Татьяне Сидоренко глава региона поставил задачу»), unless nothing stands before.
        position = " ".join(words[:first] or words[last + 1 :])
        return PersonPhrase(
            source=chunk,
            surname=surname,
            initials=initials,
            given=given,
            position=noun_phrase_nominative(position, case) if position else None,
        )
    chunk = _without_circumstance(chunk)
    if re.match(r"^(?:АО|ОАО|ПАО|ООО|ЗАО|КОГ\w*|ФГБУ|МУП|ГУП)\b", chunk):
        return PersonPhrase(source=chunk, organisation=chunk)
    return PersonPhrase(source=chunk, organisation=noun_phrase_nominative(chunk, case))


def _split_bodies(text: str, case: str) -> list[str]:
    """«министерству финансов и министерству экономики»: two bodies; «сельского хозяйства и
    продовольствия»: one (the word after «и» is no addressee in ``case``)."""
    pieces: list[str] = []
    for part in re.split(r"[,;]", text):
        current: list[str] = []
        words = part.split()
        for index, word in enumerate(words):
            following = words[index + 1] if index + 1 < len(words) else ""
            if word == "и" and current and following and _starts_addressee(following, case):
                pieces.append(" ".join(current))
                current = []
                continue
            current.append(word)
        if current:
            pieces.append(" ".join(current))
    return pieces


def _starts_addressee(word: str, case: str) -> bool:
    bare = word.strip('«»"()')
    if re.fullmatch(r"(?:АО|ОАО|ПАО|ООО|ЗАО|ФГБУ|МУП|ГУП|[А-ЯЁ]\.)", bare):
        return True
    return any(case in p.tag and p.tag.POS in ("NOUN", "ADJF") for p in _parses(bare))


def _without_circumstance(chunk: str) -> str:
    """«министерством транспорта до 1 мая 2027 года» → «министерством транспорта»."""
    from taskboard.domain import clock
    from taskboard.domain.dates import find_deadline

    phrase = find_deadline(chunk, today=clock.today())
    if phrase is None:
        return chunk
    return chunk[: chunk.index(phrase)].strip(" ,") or chunk


def _chunks(part: str, case: str = "datv") -> list[str]:
    """Cut «A (Иванов И.И.), Б (Петров П.П.) и В» into its addressees."""
    pieces: list[str] = []
    rest = part
    while rest.strip():
        bracket = re.search(r"\([^()]*\)", rest)
        # Names inside brackets belong to the bracket: look for a bare name with them masked.
        masked = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), rest)
        name = _NAME_BEFORE.search(masked) or _NAME_AFTER.search(masked)
        ends = [m.end() for m in (bracket, name) if m is not None]
        if not ends:
            pieces.extend(p for p in _split_bodies(rest, case) if p.strip())
            break
        end = min(ends)
        if (
            bracket is not None
            and name is not None
            and name.end() <= bracket.start()
            and not rest[name.end() : bracket.start()].strip(" ")
        ):
            end = bracket.end()  # «Иванову И.И. (по согласованию)»: the bracket is a remark
        pieces.append(rest[:end])
        rest = re.sub(r"^\s*(?:,|;|и\b)\s*", "", rest[end:])
    return [p.strip() for p in pieces if p.strip()]


def split_addressees(text: str) -> Addressees | None:
    """The owners, co-executors and action of an item in the usual style, None if it has none.

    None means the item does not open with addressees: it starts with its action, or no
    infinitive follows its first words.
    """
    words = _top_level_words(text)
    if not words:
        return None
    start = 0
    if words[0][2].lower() in LEADING_VERBS:
        start = words[0][1]
        words = words[1:]
    action_at = next((w for w in words if is_infinitive(w[2])), None)
    if action_at is None or action_at[0] <= start:
        return None
    head = text[start : action_at[0]].strip(" ,:—–-")
    if not head or head.split()[0].lower() in _PREPOSITIONS:
        return None  # «в двухнедельный срок подготовить»: a circumstance, not an addressee
    return _addressees(head, text[action_at[0] :].strip())


def _addressees(
    head: str, action: str, *, bodies_only_in_dative: bool = False
) -> Addressees | None:
    """Cut an addressee phrase into the owner and the co-executors («совместно с …»)."""
    together = _TOGETHER.search(head)
    owners_part = head[: together.start()] if together else head
    result = Addressees(action=action)
    for chunk in _chunks(owners_part, "datv"):
        phrase = _phrase(chunk, "datv")
        if phrase is None or (
            bodies_only_in_dative and not phrase.name and not _looks_dative(chunk)
        ):
            continue
        result.owners.append(phrase)
    if together:
        for chunk in _chunks(head[together.end() :], "ablt"):
            if (phrase := _phrase(chunk, "ablt")) is not None:
                result.co_executors.append(phrase)
    if not result.owners:
        return None
    # Several owners: the first is responsible, the others work with them.
    result.co_executors[:0] = result.owners[1:]
    del result.owners[1:]
    return result


_CO_IN_ACTION = re.compile(
    r"(?<![\w-])совместно\s+со?\s+((?:[^()]{1,160}?)\(\s*[^()]*?[А-ЯЁ]\.[^()]*\))", re.IGNORECASE
)


def co_in_action(text: str) -> list[PersonPhrase]:
    """Co-executors named after the verb with their head in brackets
    («подготовить совместно с АО «…» (Лопатин К.А.) предложения»)."""
    words = _top_level_words(text)
    action_at = next((w for w in words if is_infinitive(w[2])), None)
    if action_at is None:
        return []
    found = []
    for match in _CO_IN_ACTION.finditer(text, action_at[1]):
        phrase = _phrase(match.group(1), "ablt")
        if phrase is not None and phrase.name:
            found.append(phrase)
    return found


def addressees_only(text: str) -> Addressees | None:
    """A heading item that only names its addressees («2. Министерству … (Петров П.П.):»)."""
    head = text.strip().rstrip(":").strip()
    if not head or any(is_infinitive(w[2]) for w in _top_level_words(head)):
        return None
    first = _top_level_words(head)
    if first and first[0][2].lower() in LEADING_VERBS:
        head = head[first[0][1] :]
    return _addressees(head, "", bodies_only_in_dative=True)


def _looks_dative(chunk: str) -> bool:
    words = chunk.split()
    return bool(words) and any(
        "datv" in p.tag and p.tag.POS == "NOUN" for p in _parses(words[0].strip("«»()"))
    )


def person_phrase(text: str, case: str = "nomn") -> PersonPhrase | None:
    """A labelled line's value («Сандалов М.А.», «министерство финансов») as a phrase."""
    phrase = _phrase(text, case)
    if phrase is not None:
        phrase.labelled = True
    return phrase


__all__ = [
    "Addressees",
    "PersonPhrase",
    "addressees_only",
    "co_in_action",
    "is_infinitive",
    "noun_phrase_nominative",
    "person_phrase",
    "split_addressees",
    "surname_nominative",
]
