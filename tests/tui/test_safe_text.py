"""The terminal UI shows direction controls and escapes as visible text, never obeys them."""

from __future__ import annotations

from datetime import date

from taskboard.domain import services
from taskboard.domain.people import resolve_person
from tests import hostile
from tests.tui.conftest import ACTOR, settle
from tests.tui.helpers import details, screen_text, table

TEXT = f"{hostile.RLO} {hostile.ISOLATES} {hostile.ANSI}"


async def test_direction_controls_show_as_code_points_in_the_table_and_details(register, make_app):
    with register.write() as session:
        owner = resolve_person(session, "Сандалов")
        services.add_assignment(
            session, text=TEXT, owner_id=owner.id, due=date(2026, 11, 25), actor=ACTOR
        )
    app = make_app(register)
    async with app.run_test(size=(200, 48)) as pilot:
        await settle(pilot)
        t = table(app)
        index = next(i for i, row in t.rows.items() if row.text == TEXT)
        t.move_to(index)
        await settle(pilot)
        line = "".join(segment.text for segment in t.render_line(index - int(t.scroll_y) + 1))
        shown = details(app)
        screen = screen_text(app)
        for face in (line, shown, screen):
            assert not any(c in face for c in hostile.BIDI_CHARACTERS)
            assert "\x1b[31m" not in face
            assert "<U+202E>вонаборп<U+202C>" in face
        assert "<U+2067>Петров<U+2069>" in shown
        assert "\\x1b[31mкрасный" in shown
