"""The main screen's filter state and how it becomes an :class:`AssignmentFilter` (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from taskboard.domain.queries import AssignmentFilter


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

    def query(self, *, limit: int | None = None, offset: int = 0) -> AssignmentFilter:
        """The domain filter for these choices."""
        return AssignmentFilter(
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


__all__ = ["Filters"]
