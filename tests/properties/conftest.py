"""Hypothesis profiles for the property suites, and a fresh register per generated example.

``ci`` (the default) keeps the suites within CI's budget on a loaded two-core machine:
few examples and no deadline (a slow moment of the box is not a failure of the code).
``HYPOTHESIS_PROFILE=full`` runs many more examples, for the closing figures of issue 11.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings

from taskboard.storage.database import Database, open_database

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "full",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_MEMORY = Path("/dev/shm")
"""A RAM-backed folder where the system has one: SQLite's fsync at each commit then costs
nothing, which on a loaded machine is most of an example's time."""


def _folder(prefix: str) -> Path:
    where = _MEMORY if _MEMORY.is_dir() and os.access(_MEMORY, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix=prefix, dir=where))


@cache
def _template() -> Path:
    """An empty register at the current schema, made once: copying it costs ~3 ms, migrating
    a new file ~0.2 s, too much to pay for every generated example."""
    folder = _folder("taskboard-props-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    database = open_database(folder / "template.db")
    database.dispose()
    return folder / "template.db"


@contextmanager
def fresh_database() -> Iterator[Database]:
    """A new, empty register for one generated example, removed afterwards."""
    folder = _folder("taskboard-prop-")
    shutil.copyfile(_template(), folder / "register.db")
    database = open_database(folder / "register.db")
    try:
        yield database
    finally:
        database.dispose()
        shutil.rmtree(folder, ignore_errors=True)
