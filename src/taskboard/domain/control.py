"""Execution control's two rules of issue 13: the control level and the at-risk early warning.

**Control level** (уровень контроля): whose control an assignment is on — «на контроле у
Губернатора», «у заместителя Губернатора», «у руководителя», or the levels of ``[control]
levels`` in the config. It is stored as the level's key (``assignment.control_level``);
:func:`parse_level` turns what a user typed (the key, or the label in either language) into it.

**At risk** (риск срыва): an assignment still being worked on (open, in progress, in rework:
not closed, and not under review — its report is in), not overdue, whose deadline is within
``at_risk_within_days`` working days (the production calendar of :mod:`taskboard.domain.dates`)
and which has shown no sign of life for ``at_risk_quiet_days`` days. Its **last activity** is
the latest of: its creation, a progress note, a report (the owner's or a co-executor's) and a
deadline extension — each by when it was recorded (``created_at``), not the date a report's
letter bears. The flag is derived, never stored (like ``overdue``): :meth:`AtRiskRule.condition`
is one SQL condition on ``assignment AS a`` that every face runs (listings, ``list
--at-risk``, the agenda of «Час контроля», the dashboard, the owner's digest).

"Quiet for N days" counts whole local days: the assignment is at risk on ``today`` when nothing
happened on ``today`` or the ``N - 1`` days before it (with N = 14 and today 24.11, the last
activity was on 10.11 or earlier). ``at_risk_quiet_days = 0`` turns the warning off.

Imports no SQLAlchemy: the read path (:mod:`taskboard.domain.listing`) runs it too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol

from taskboard.domain.kinds import Status
from taskboard.domain.search import fold
from taskboard.errors import InvalidInput
from taskboard.i18n import _

if TYPE_CHECKING:
    from taskboard.domain.listing import Params
    from taskboard.storage.direct import Reader

WORKED_ON = (Status.OPEN.value, Status.IN_PROGRESS.value, Status.REWORK.value)
"""The statuses an assignment can be at risk in: on control and not under review."""


class ControlSettings(Protocol):
    """What these rules read of the config's ``[control]`` (:class:`taskboard.config.
    ControlSettings`; the config imports the domain, never the other way round)."""

    @property
    def levels(self) -> Mapping[str, str]: ...

    @property
    def level_keys(self) -> tuple[str, ...]: ...

    @property
    def at_risk_quiet_days(self) -> int: ...

    @property
    def at_risk_within_days(self) -> int: ...


DEFAULT_CONTROL_LEVELS = ("governor", "deputy", "head")
"""«на контроле у Губернатора», «у заместителя Губернатора», «у руководителя» (their labels in
:func:`taskboard.presentation.control_level_label`); ``[control] levels`` replaces them."""
NO_LEVEL = "none"
"""What ``edit --level`` takes to clear an assignment's level."""


def level_keys(control: ControlSettings | None) -> tuple[str, ...]:
    """The configured levels' keys, highest first (the built-in three without a config)."""
    if control is None:
        return DEFAULT_CONTROL_LEVELS
    return control.level_keys


def parse_level(text: str, control: ControlSettings | None = None) -> str:
    """The key of the control level ``text`` names: a configured key, or a level's label in
    Russian or English (case and «ё» aside), or the word it is known by («губернатор» for «у
    Губернатора») when one level alone starts so. Anything else is :class:`InvalidInput`
    listing the levels."""
    from taskboard.presentation import control_level_label

    keys = level_keys(control)
    levels = control.levels if control is not None else None
    wanted = fold(text.strip())
    # Staff type Russian whatever the interface language: both labels are accepted.
    names = [
        (key, fold(control_level_label(key, levels, lang))) for key in keys for lang in ("ru", "en")
    ]
    exact = {key for key, label in names if wanted in (fold(key), label)}
    # The word a level is known by, in any case form: «заместитель» for «у заместителя».
    stem = wanted[:-1] if len(wanted) > 4 and wanted[-1] in _ENDINGS else wanted
    starts = {key for key, label in names if stem and _head(label).startswith(stem)}
    if len(exact) == 1 or (not exact and len(starts) == 1):
        return next(iter(exact or starts))
    raise InvalidInput(
        _("Unknown control level «{value}»; use one of: {levels}.").format(
            value=text,
            levels=", ".join(f"{key} ({control_level_label(key, levels)})" for key in keys),
        )
    )


def _head(label: str) -> str:
    """A level label's first word after its preposition («губернатора» of «у Губернатора»)."""
    return next((word for word in label.split() if word not in _LEADS), "")


_LEADS = frozenset(("у", "при", "the"))
"""Words a level's label may open with before the one it is known by."""
_ENDINGS = frozenset("аяеиоуыьйю")
"""A Russian word's last letter that its other case forms change."""


@dataclass(frozen=True, slots=True)
class AtRiskRule:
    """The at-risk rule's two numbers (``[control]`` in the config)."""

    quiet_days: int = 14
    """At risk after this many days without a note, a report or an extension (0: never)."""
    within_days: int = 10
    """… while the deadline is within this many working days from today."""

    @classmethod
    def of(cls, control: ControlSettings) -> AtRiskRule:
        """The rule the config's ``[control]`` section sets."""
        return cls(quiet_days=control.at_risk_quiet_days, within_days=control.at_risk_within_days)

    @property
    def enabled(self) -> bool:
        """Whether the rule flags anything (``at_risk_quiet_days = 0`` turns it off)."""
        return self.quiet_days > 0

    def horizon(self, today: date) -> date:
        """The last deadline that counts as near: ``within_days`` working days after today."""
        from taskboard.domain.dates import WORKING, add_days

        return add_days(today, self.within_days, mode=WORKING)

    def quiet_since(self, today: date) -> datetime:
        """The moment activity must be older than: the local midnight starting the first of the
        ``quiet_days`` days that end with today, in UTC (how timestamps are stored)."""
        first = today - timedelta(days=self.quiet_days - 1)
        return datetime.combine(first, time()).astimezone().astimezone(UTC)

    def condition(self, params: Params, today: date, a: str = "a") -> str:
        """SQL: the assignment ``a`` is at risk on ``today``.

        The deadline window comes first so the deadline index narrows the candidates; the
        activity checks are ``NOT EXISTS`` probes of the per-assignment indexes.
        """
        if not self.enabled:
            return "1 = 0"
        since = params.bind(self.quiet_since(today))
        activity = " AND ".join(
            f"NOT EXISTS (SELECT 1 FROM {table} AS t WHERE t.assignment_id = {a}.id"
            f" AND t.created_at >= {since})"
            for table in ("note", "report", "extension")
        )
        return (
            f"{a}.due >= {params.bind(today)} AND {a}.due <= {params.bind(self.horizon(today))}"
            f" AND {a}.status IN ({params.bind_all(WORKED_ON)})"
            f" AND {a}.created_at < {since} AND {activity}"
        )


def at_risk_ids(
    source: Reader,
    today: date,
    rule: AtRiskRule,
    person_id: int | None = None,
    ids: Sequence[int] | None = None,
) -> list[int]:
    """The ids of the assignments at risk on ``today``, in deadline order, in one query;
    ``person_id``: only those this person owns or is a co-executor of; ``ids``: only these."""
    from taskboard.domain.listing import Params

    params = Params()
    sql = f"SELECT a.id FROM assignment AS a WHERE {rule.condition(params, today)}"
    if person_id is not None:
        person = params.bind(person_id)
        sql += (
            f" AND (a.owner_id = {person} OR a.id IN (SELECT assignment_id FROM"
            f" assignment_co_executor WHERE person_id = {person}))"
        )
    if ids is not None:
        if not ids:
            return []
        sql += f" AND a.id IN ({params.bind_all(list(ids))})"
    return [int(aid) for (aid,) in source.rows(sql + " ORDER BY a.due, a.id", params)]


__all__ = [
    "DEFAULT_CONTROL_LEVELS",
    "NO_LEVEL",
    "AtRiskRule",
    "at_risk_ids",
    "level_keys",
    "parse_level",
]
