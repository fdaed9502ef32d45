"""The TUI's one write path: a job runs in a worker, its outcome comes back as a message.

The main screen's actions and every form write through :func:`write`, so the policy lives
here only:

- the job went through: :class:`ChangeSaved`; the app says its notice and reloads once (the
  change watcher is told, so the poll does not report the app's own commit again), and a form
  closes with the job's result;
- ``StaleVersion`` (someone else changed the assignment meanwhile): :class:`ChangeRefused`
  with ``stale``; the app says it and reloads, so the fresh data is shown;
- any other ``TaskboardError``, or the driver's own error: :class:`ChangeRefused`; the app
  says it and a form stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from functools import partial
from typing import Any, TypeVar

from sqlmodel import Session
from textual.dom import DOMNode
from textual.message_pump import MessagePump

from taskboard.errors import StaleVersion, TaskboardError
from taskboard.storage.watch import ChangeWatcher
from taskboard.tui.context import context_of
from taskboard.tui.messages import ChangeRefused, ChangeSaved

T = TypeVar("T")

Notice = str | Callable[[Any], str] | None
"""What to say once a job went through: a text, or made from the job's result."""


def write(
    node: DOMNode, job: Callable[[], T], *, notice: Notice = None, commits: bool = True
) -> None:
    """Run ``job`` in a worker; post :class:`ChangeSaved` or :class:`ChangeRefused` to ``node``.

    ``commits``: ``job`` writes to the database (False: it only reads, or writes a file).
    The outcome bubbles from ``node`` to the app; if ``node`` closed meanwhile, the app gets it.
    """
    context = context_of(node)
    node.run_worker(
        partial(_run, node, node.app, context.watcher, job, notice, commits),
        name="write",
        group="write",
        thread=True,
        exit_on_error=False,
    )


def change(node: DOMNode, call: Callable[[Session, str], object], *, notice: Notice = None) -> None:
    """:func:`write` one service call, ``call(session, actor)``, in one write transaction."""
    context = context_of(node)

    def job() -> None:
        # Retried when a concurrent writer's commit got in between (storage's one policy).
        context.database.transact(lambda session: call(session, context.settings.actor_name()))

    write(node, job, notice=notice)


def _run(
    node: MessagePump,
    app: MessagePump,
    watcher: ChangeWatcher,
    job: Callable[[], T],
    notice: Notice,
    commits: bool,
) -> None:
    guard: AbstractContextManager[None] = watcher.own_write() if commits else nullcontext()
    outcome: ChangeSaved | ChangeRefused
    with guard:
        try:
            result = job()
        except StaleVersion as exc:
            if commits:
                watcher.acknowledge()  # the refusal reloads anyway, with what moved meanwhile
            outcome = ChangeRefused(exc.message, stale=True)
        except TaskboardError as exc:
            outcome = ChangeRefused(exc.message)
        except Exception as exc:  # anything the driver raises: said, and the app lives on
            outcome = ChangeRefused(str(exc) or type(exc).__name__)
        else:
            if commits:
                watcher.acknowledge()  # before the reload: others' commits so far are in it
            said = notice(result) if callable(notice) else notice
            outcome = ChangeSaved(result, said or "", committed=commits)
    if not node.post_message(outcome):
        app.post_message(outcome)


__all__ = ["Notice", "change", "write"]
