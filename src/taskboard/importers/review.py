"""Reviewing a document before it is imported: every proposed assignment, fixed and chosen.

The TUI's import screen works through this module (the command line's ``--dry-run`` and
``--accept`` are the same steps in one go)::

    review = propose(db, text, actor=…, today=…)          # nothing written
    edit(review.proposals[2], owner="Петров Пётр Петрович")
    reassess(db, review, actor=…, today=…)                  # each proposal checked again
    outcome = accept(db, review, [0, 2], actor=…, today=…)  # one transaction, all or nothing

Each proposal is checked on its own — in a savepoint that is rolled back — so one item
with a problem does not hide what the others would become; the accepted ones are then
written together through the one import path (:func:`taskboard.importers.write_drafts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from taskboard.importers import ImportOutcome, MeetingChoice, Prepared, prepare_text, write_drafts
from taskboard.importers.drafts import (
    Draft,
    ImportProblems,
    PhraseResolver,
    Planned,
    create_assignments,
)

if TYPE_CHECKING:
    from taskboard.domain.control import ControlSettings
    from taskboard.storage.database import Database


@dataclass
class Proposal:
    """One assignment the document proposes, as the reviewer sees and fixes it."""

    draft: Draft
    """What the document says (edited in place by :func:`edit`)."""
    source: str
    """The words it came from: the protocol item, or the press release's sentence."""
    planned: Planned | None = None
    """What it would become (owner, deadline resolved), None while it has problems."""
    problems: list[str] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)
    """People it names whom the directory does not know: added when it is accepted."""
    accepted: bool = True
    """Chosen for import (prose candidates start unchosen: a person picks them)."""


@dataclass
class Review:
    """A document read and checked, nothing written."""

    prepared: Prepared
    proposals: list[Proposal]
    meeting: MeetingChoice | None = None
    """The meeting the header names (found, or to be created), without ``meeting_id``."""
    meeting_id: int | None = None
    meeting_date: str | None = None
    name: str = "text"


def propose(
    db: Database,
    text: str,
    *,
    actor: str,
    today: date,
    deadline_mode: str = "calendar",
    fmt: str = "document",
    name: str = "text",
    meeting_id: int | None = None,
    meeting_date: str | None = None,
    control: ControlSettings | None = None,
) -> Review:
    """Read ``text`` (a protocol or prose) and check every proposal; write nothing
    (``control``: the configured control levels)."""
    prepared = prepare_text(text, name, fmt, today=today)
    sources = [c.sentence for c in prepared.candidates] or [d.text for d in prepared.drafts]
    proposals = [
        Proposal(draft=draft, source=source, accepted=prepared.format != "text")
        for draft, source in zip(prepared.drafts, sources, strict=True)
    ]
    review = Review(
        prepared=prepared,
        proposals=proposals,
        meeting_id=meeting_id,
        meeting_date=meeting_date,
        name=name,
    )
    reassess(db, review, actor=actor, today=today, deadline_mode=deadline_mode, control=control)
    return review


def edit(
    proposal: Proposal,
    *,
    text: str | None = None,
    owner: str | None = None,
    co_executors: list[str] | None = None,
    due: str | None = None,
) -> None:
    """Change what a proposal says; a typed owner replaces the one the document named."""
    draft = proposal.draft
    if text is not None:
        draft.text = text
    if owner is not None and owner != draft.owner:
        draft.owner, draft.owner_phrase = owner, None
    if co_executors is not None and co_executors != draft.co_executors:
        draft.co_executors, draft.co_phrases = co_executors, []
    if due is not None:
        draft.due, draft.due_in_text = due, False
    proposal.planned = None


def reassess(
    db: Database,
    review: Review,
    *,
    actor: str,
    today: date,
    deadline_mode: str = "calendar",
    control: ControlSettings | None = None,
) -> None:
    """Check every proposal again, each on its own; nothing is written."""
    from taskboard.importers import find_or_create_meeting

    with db.write() as session:
        meeting_id = review.meeting_id
        if review.prepared.header is not None and meeting_id is None:
            review.meeting = find_or_create_meeting(
                session,
                review.prepared.header,
                source_text=review.prepared.text,
                resolver=PhraseResolver(session, actor=actor),
                date_text=review.meeting_date,
                actor=actor,
                today=today,
            )
            meeting_id = review.meeting.id
        for proposal in review.proposals:
            savepoint = session.begin_nested()
            resolver = PhraseResolver(session, actor=actor)
            try:
                planned = create_assignments(
                    session,
                    [replace(proposal.draft)],
                    actor=actor,
                    source=review.name,
                    today=today,
                    deadline_mode=deadline_mode,
                    meeting_id=meeting_id,
                    resolver=resolver,
                    control=control,
                )
                proposal.planned, proposal.problems = planned[0], []
            except ImportProblems as problems:
                proposal.planned, proposal.problems = None, problems.problems
            proposal.new_people = [p.full_name for p in resolver.new_people]
            savepoint.rollback()
        session.rollback()


def accept(
    db: Database,
    review: Review,
    chosen: list[int] | None = None,
    *,
    actor: str,
    today: date,
    deadline_mode: str = "calendar",
    control: ControlSettings | None = None,
) -> ImportOutcome:
    """Write the chosen proposals (by position; default: those marked accepted) at once."""
    picked = (
        [review.proposals[i] for i in chosen]
        if chosen is not None
        else [p for p in review.proposals if p.accepted]
    )
    if not picked:
        from taskboard.errors import InvalidInput
        from taskboard.i18n import domain

        _, _n = domain("importers")
        # Not even the header's meeting is created for nothing.
        raise InvalidInput(_("Nothing to import: no proposal is accepted."))
    outcome = ImportOutcome(format=review.prepared.format, dry_run=False)
    return write_drafts(
        db,
        review.prepared,
        [replace(p.draft) for p in picked],
        outcome=outcome,
        source=review.name,
        meeting_id=review.meeting_id,
        meeting_date=review.meeting_date,
        dry_run=False,
        actor=actor,
        today=today,
        deadline_mode=deadline_mode,
        control=control,
    )


__all__ = ["Proposal", "Review", "accept", "edit", "propose", "reassess"]
