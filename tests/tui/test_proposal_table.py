"""The import screen's table cells: fitted to the width, cut with «…», marks for what matters."""

from __future__ import annotations

from datetime import date

import pytest

from taskboard.importers.drafts import Draft, Planned
from taskboard.importers.review import Proposal
from taskboard.tui.widgets.proposal_details import render_proposal
from taskboard.tui.widgets.proposal_table import proposal_cells, proposal_columns
from tests.tui.conftest import MARKUP_TITLE


def _proposal(**changes) -> Proposal:
    draft = Draft(
        where="item 3 (line 9)",
        text="Представить предложения по поставкам направляющих для лифтов " * 3,
        owner="Петров П.П.",
        number="3",
        due="ежемесячно, до 5 числа",
    )
    planned = Planned(
        where=draft.where,
        id=1,
        number="3",
        text=draft.text,
        owner="Петров П.П.",
        due=date(2026, 12, 4),
        meeting_id=1,
        status="open",
        co_executors=["Волосков Сергей Александрович"],
        recurrence="FREQ=MONTHLY;BYMONTHDAY=5",
    )
    values = {
        "draft": draft,
        "source": draft.text,
        "planned": planned,
        "new_people": ["Петров П.П."],
    }
    values.update(changes)
    return Proposal(**values)


@pytest.mark.parametrize("width", [74, 80, 120, 156])
def test_the_columns_fill_the_width_with_room_for_the_text(width):
    columns = proposal_columns(width)
    assert sum(c.width for c in columns) + 2 * len(columns) == width
    text = next(c for c in columns if c.key == "text")
    assert text.width >= 20
    assert text.width == max(c.width for c in columns)


def test_long_cells_are_cut_with_an_ellipsis_and_a_new_person_is_marked():
    columns = proposal_columns(76)
    mark, number, text, owner, co, due = (c.plain for c in proposal_cells(_proposal(), columns))
    width = {c.key: c.width for c in columns}
    assert mark == "✓" and number == "3"
    assert text.endswith("…") and len(text) == width["text"]
    assert owner == "+Петров П.П."  # the import adds him to the directory
    assert co.endswith("…") and len(co) == width["co"]
    assert due == "2026-12-04↻"


def test_a_proposal_with_a_problem_is_marked_and_shows_what_the_document_says():
    draft = _proposal().draft
    troubled = _proposal(planned=None, problems=["item 3 (line 9): Who is the owner?"])
    troubled.accepted = False
    cells = [c.plain for c in proposal_cells(troubled, proposal_columns(156))]
    assert cells[0] == "·!"
    assert cells[3] == draft.owner and cells[5] == draft.due[:10] + "…"
    details = render_proposal(troubled).plain
    assert "! Who is the owner?" in details  # the item's place is the heading, not repeated
    assert details.startswith("Item 3 (line 9)")


def test_user_text_is_shown_exactly_never_as_markup():
    proposal = _proposal(source=MARKUP_TITLE)
    proposal.draft.text = MARKUP_TITLE
    assert proposal_cells(proposal, proposal_columns(156))[2].plain == MARKUP_TITLE
    assert MARKUP_TITLE in render_proposal(proposal).plain
