"""The main screen's filter state, the :class:`AssignmentFilter` it means and the rows it
selects in a database (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from taskboard.domain.control import AtRiskRule
from taskboard.domain.queries import (
    AssignmentFilter,
    AssignmentRow,
    count_assignments,
    list_assignments,
    position_of,
)
from taskboard.storage.database import Database


@dataclass(frozen=True)
class Filters:
    """What the staff chose to see: set by the filter dialog, ``o``, search and the meetings."""

    status: str = "active"
    """A status, ``active``, ``closed`` or ``all`` (as ``taskboard list --status``)."""
    owner_id: int | None = None
    owner_name: str | None = None
    """The owner's name, for the title line."""
    overdue: bool = False
    due_soon: bool = False
    tag: str | None = None
    sort: str = "due"
    meeting_id: int | None = None
    """None: all assignments."""
    search: str = ""
    level: str | None = None
    """A control level's key; None: any level."""
    at_risk: bool = False
    """Only those at risk (:mod:`taskboard.domain.control`)."""

    def query(
        self, *, limit: int | None = None, offset: int = 0, risk: AtRiskRule | None = None
    ) -> AssignmentFilter:
        """The domain filter for these choices (``risk``: the at-risk rule; None: the
        defaults)."""
        return AssignmentFilter(
            level=self.level,
            at_risk=(risk if risk is not None else AtRiskRule()) if self.at_risk else None,
            status=self.status,
            overdue=self.overdue,
            due_soon=self.due_soon,
            owner_id=self.owner_id,
            meeting_id=self.meeting_id,
            tag=self.tag or None,
            search=self.search or None,
            sort=self.sort,
            limit=limit,
            offset=offset,
        )

    def with_(self, **changes: object) -> Filters:
        """A copy with some choices changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Listing:
    """The assignments some filters select in one database, as of one day.

    What the assignments table reads from (a ``RowSource``); each call opens its own read
    session, so it may run in any thread.
    """

    database: Database
    filters: Filters
    today: date
    due_soon_days: int
    """The due-soon window (days), as the config says."""
    risk: AtRiskRule = field(default_factory=AtRiskRule)
    """The at-risk rule, as the config says."""

    def page(self, offset: int, limit: int) -> list[AssignmentRow]:
        """Rows ``offset`` to ``offset + limit`` of the result."""
        with self.database.read() as session:
            return list_assignments(
                session,
                self.filters.query(limit=limit, offset=offset, risk=self.risk),
                today=self.today,
                due_soon_days=self.due_soon_days,
                risk=self.risk,
            )

    def count(self) -> int:
        """How many rows the whole result has."""
        with self.database.read() as session:
            return count_assignments(
                session,
                self.filters.query(risk=self.risk),
                today=self.today,
                due_soon_days=self.due_soon_days,
            )

    def position(self, assignment_id: int) -> int | None:
        """Where ``assignment_id`` stands in the result (None: the filters leave it out)."""
        with self.database.read() as session:
            return position_of(
                session,
                self.filters.query(risk=self.risk),
                assignment_id,
                today=self.today,
                due_soon_days=self.due_soon_days,
            )


__all__ = ["Filters", "Listing"]
