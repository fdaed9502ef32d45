"""``serve``: the terminal UI in a web browser, through textual-serve (the ``web`` extra).

Each browser tab that opens the page starts its own ``taskboard`` process (``python -m
taskboard``, the interpreter running this one) on the same database, config and language;
textual-serve relays its screen and keys over a websocket. There is no login: whoever reaches
the address works in the register as the config's actor. So the server listens on the
loopback interface unless told otherwise, and says so on stderr when it is told.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from taskboard.cli import context
from taskboard.cli.output import info
from taskboard.errors import TaskboardError
from taskboard.i18n import _, get_language

if TYPE_CHECKING:
    from taskboard.config import Settings
    from taskboard.storage.database import Database

DEFAULT_HOST = "127.0.0.1"
"""Loopback: only this machine's browsers (an SSH tunnel brings others)."""
DEFAULT_PORT = 8000


class ServeUnavailable(TaskboardError):
    """textual-serve is not installed, or the address cannot be listened on."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine's loopback interface only."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_unspecified(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def served_command(
    database: Database, settings: Settings, language: str
) -> tuple[str, dict[str, str]]:
    """The shell command each browser session runs, and what its environment must add.

    The database goes as ``--db``, except a URL with a password, which goes in
    ``TASKBOARD_DB``: the command line of a process is visible to every user of the machine.
    """
    import shlex

    from sqlalchemy.engine import make_url

    args = [sys.executable, "-m", "taskboard", "--lang", language]
    env: dict[str, str] = {}
    path = database.sqlite_path
    if path is not None:
        args += ["--db", str(path)]
    elif make_url(database.url).password is not None:
        env["TASKBOARD_DB"] = database.url
    else:
        args += ["--db", database.url]
    if settings.path is not None:
        env["TASKBOARD_CONFIG"] = str(settings.path)
    return shlex.join(args), env


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help=_("Address to listen on (default: this machine only; 0.0.0.0: every interface)."),
        ),
    ] = DEFAULT_HOST,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help=_("Port to listen on."))
    ] = DEFAULT_PORT,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help=_("The address browsers use, if not http://ADDRESS:PORT (a proxy, a host name)."),
        ),
    ] = None,
) -> None:
    """Serve the terminal UI to web browsers until Ctrl+C."""
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        raise ServeUnavailable(
            _("taskboard serve needs textual-serve: pip install 'taskboard[web]'.")
        ) from exc
    appctx = context.get(ctx)
    database = appctx.database()  # opened (created, migrated) now: a bad --db fails here, once
    command, env = served_command(database, appctx.settings, get_language())
    appctx.close()  # each session opens its own connections
    os.environ.update(env)
    if public_url is None and _is_unspecified(host):
        # The page tells the browser where its websocket is: 0.0.0.0 is not an address.
        import socket

        public_url = f"http://{socket.getfqdn()}:{port}"
    url = public_url or f"http://{host}:{port}"
    if not is_loopback(host):
        sys.stderr.write(
            _(
                "taskboard: warning: listening on {host}, not on this machine only: anyone who "
                "can reach {url} can read and change the register as {actor}, with no password."
            ).format(host=host, url=url, actor=appctx.actor)
            + "\n"
        )
        sys.stderr.flush()
    info(_("taskboard in a browser: {url} (Ctrl+C stops)").format(url=url))
    server = Server(command, host=host, port=port, title="taskboard", public_url=public_url)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's
        raise ServeUnavailable(
            _("Cannot listen on {host}:{port}: {reason}").format(
                host=host, port=port, reason=exc.strerror or exc
            )
        ) from exc


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app`` (help texts in the current language)."""
    app.command("serve", help=_("Serve the terminal UI to web browsers (needs the web extra)."))(
        serve
    )


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "is_loopback", "register", "serve", "served_command"]
