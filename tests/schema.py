"""Databases made by an earlier schema, for the migration tests (tests/unit/test_schema_*.py)."""

from __future__ import annotations

from collections.abc import Iterable

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from taskboard.storage.database import MIGRATIONS_DIR, make_engine


def alembic_config() -> Config:
    """An Alembic config on taskboard's migrations (the connection is set per use)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def make_at(url: str, revision: str, statements: Iterable[str]) -> None:
    """Create the schema of ``revision`` at ``url`` and run ``statements`` (its rows) on it."""
    engine = make_engine(url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()
