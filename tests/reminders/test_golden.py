"""The e-mail texts, compared with golden files (``TASKBOARD_UPDATE_GOLDEN=1`` rewrites them)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from taskboard.config import Settings
from taskboard.reminders import plan, render_digest
from taskboard.storage.database import open_database
from tests.reminders.conftest import Register

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_digest_texts_match_the_golden_files(register: Register, language: str) -> None:
    database = open_database(register.path)
    try:
        with database.write() as s:
            # A3 (Волосков's, due today) quiet for a month: marked at risk; A2 stays fresh.
            s.connection().execute(
                sql("UPDATE assignment SET created_at = :at WHERE id = :id"),
                {"at": datetime(2026, 10, 24, 9, 0, tzinfo=UTC), "id": register.a["a3"]},
            )
        digests = plan(database, today=TODAY, settings=Settings())
    finally:
        database.dispose()
    voloskov = next(d for d in digests if d.person_id == register.people["voloskov"])
    rendered = render_digest(voloskov, today=TODAY, language=language)
    produced = {
        f"voloskov.{language}.subject.txt": rendered.subject + "\n",
        f"voloskov.{language}.txt": rendered.text,
        f"voloskov.{language}.html": rendered.html,
    }
    for name, text in produced.items():
        path = GOLDEN / name
        if os.environ.get("TASKBOARD_UPDATE_GOLDEN"):
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), name


def test_user_text_is_escaped_in_the_html_part(register: Register) -> None:
    from taskboard.domain.models import Assignment

    database = open_database(register.path)
    try:
        with database.write() as s:
            a3 = s.get(Assignment, register.a["a3"])
            assert a3 is not None
            a3.text = '<script>alert("x")</script> & <b>жирный</b>'
        digests = plan(database, today=TODAY, settings=Settings())
    finally:
        database.dispose()
    voloskov = next(d for d in digests if d.person_id == register.people["voloskov"])
    rendered = render_digest(voloskov, today=TODAY, language="ru")
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;жирный&lt;/b&gt;" in (
        rendered.html
    )
    assert '<script>alert("x")</script> & <b>жирный</b>' in rendered.text
