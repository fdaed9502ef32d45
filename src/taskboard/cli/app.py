"""The Typer application: global options, error handling, and the command groups."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from taskboard import __version__
from taskboard.cli.context import AppContext
from taskboard.errors import TaskboardError
from taskboard.i18n import _

LANG_OPTION_HELP = "ru|en"


def _language_from(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _prepare(args: list[str]) -> tuple[AppContext | None, str | None]:
    """Read the config and pick the language before the commands' help texts are built."""
    from taskboard import i18n
    from taskboard.config import load_settings

    try:
        settings = load_settings()
    except TaskboardError:
        settings = None
    lang = (
        _language_from(args)
        or os.environ.get("TASKBOARD_LANG")
        or (settings.language if settings else _config_language())
        or i18n.language_from_locale()
        or i18n.DEFAULT_LANGUAGE
    )
    if i18n.normalize_language(lang) is None:
        return None, f"--lang: «{lang}» is not a supported language; use ru or en."
    i18n.set_language(lang)
    if settings is None:
        # Read again now that the language is chosen: the first error was worded before it.
        try:
            load_settings()
        except TaskboardError as exc:
            return None, exc.message
        return None, "configuration error"
    from taskboard.cli.output import warning_line
    from taskboard.config import config_warnings

    for warning in config_warnings(settings):
        warning_line(warning)
    return AppContext(settings=settings, db_value=None), None


def _role_of(db_value: str | None) -> str | None:
    """The PostgreSQL role a URL connects as (``postgresql+psycopg://ivanova@…``): with no
    configured ``actor``, the name the history records (each member of staff their own role,
    docs/postgresql.md, Roles). None for SQLite and for a URL without a user."""
    if not db_value or not db_value.startswith("postgresql"):
        return None
    from urllib.parse import unquote, urlsplit

    user = urlsplit(db_value).username
    return unquote(user) if user else None


def _config_language() -> str | None:
    """The ``language`` of a config file that has other faults, if it can be read at all."""
    import tomllib

    from taskboard.config import default_config_path

    env = os.environ.get("TASKBOARD_CONFIG")
    try:
        path = Path(env).expanduser() if env else default_config_path()
        language = tomllib.loads(path.read_text(encoding="utf-8")).get("language")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return language if isinstance(language, str) else None


COMMAND_MODULES: dict[str, str] = {
    **dict.fromkeys(
        ("add", "list", "show", "start", "done", "reopen", "cancel", "extend", "note", "edit"),
        "assignments",
    ),
    "undo": "assignments",
    **dict.fromkeys(("submit", "part", "accept", "return"), "acceptance"),
    **dict.fromkeys(("grant", "refuse"), "requests"),
    "review": "control_hour",
    "person": "directory",
    "meeting": "directory",
    "init": "admin",
    "backup": "admin",
    "db": "db",
    "report": "report",
    "remind": "remind",
    "import": "transfer",
    "export": "transfer",
    "audit": "audit",
    "serve": "serve",
}
"""Which module of ``taskboard.cli`` registers each top-level command (in help order)."""
MODULES = (
    "assignments",
    "acceptance",
    "requests",
    "control_hour",
    "directory",
    "admin",
    "db",
    "report",
    "remind",
    "transfer",
    "audit",
    "serve",
)
"""The command modules, in the order ``taskboard --help`` lists their commands."""
GLOBAL_VALUE_OPTIONS = ("--db", "--lang")


def command_named(args: list[str]) -> str | None:
    """The top-level command ``args`` run, when they name one of :data:`COMMAND_MODULES`.

    None for no command (the TUI), ``--help``, ``--version``, completion and anything Click
    should explain: those get the whole command tree.
    """
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in GLOBAL_VALUE_OPTIONS:
            i += 2
        elif arg.startswith(tuple(f"{o}=" for o in GLOBAL_VALUE_OPTIONS)):
            i += 1
        else:
            return arg if arg in COMMAND_MODULES else None
    return None


def build_app(only: str | None = None) -> typer.Typer:
    """The ``taskboard`` Typer app (help texts in the current language).

    ``only``: a command of :data:`COMMAND_MODULES`; just its module is imported and
    registered (the others' modules, and Typer's reading of their signatures, cost a command
    more than its own work).
    """
    import importlib

    from taskboard.cli import click_texts

    app = typer.Typer(
        name="taskboard",
        help=_("The register of a governor's assignments: record, follow, report, remind."),
        no_args_is_help=False,
        invoke_without_command=True,
        add_completion=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def main_options(
        ctx: typer.Context,
        db: Annotated[
            str | None,
            typer.Option(
                "--db",
                envvar="TASKBOARD_DB",
                help=_("Database: a file path (SQLite) or an SQLAlchemy URL."),
            ),
        ] = None,
        lang: Annotated[
            str | None,
            typer.Option("--lang", help=_("Language of messages: ru or en.")),
        ] = None,
        version: Annotated[
            bool, typer.Option("--version", help=_("Print the version and exit."))
        ] = False,
    ) -> None:
        if version:
            typer.echo(f"taskboard {__version__}")
            raise typer.Exit(0)
        obj = ctx.obj
        assert isinstance(obj, AppContext)
        obj.db_value = db or obj.settings.database
        obj.settings.actor = obj.settings.actor or _role_of(obj.db_value)
        if ctx.invoked_subcommand is None:
            from taskboard.cli.assignments import open_default_view

            open_default_view(obj)

    names = MODULES if only is None else (COMMAND_MODULES[only],)
    for name in names:
        importlib.import_module(f"taskboard.cli.{name}").register(app)
    if only is not None:
        # Typer reads every registered function's signature when it builds the Click tree;
        # the module's other commands would cost more than the one that runs.
        app.registered_commands = [c for c in app.registered_commands if c.name == only]
        app.registered_groups = [g for g in app.registered_groups if g.name == only]
    click_texts.localize(app)
    return app


def run(args: list[str]) -> int:
    """Run the command line on ``args``; return the exit code (errors: one line on stderr)."""
    from taskboard.cli.output import error_line

    obj, problem = _prepare(args)
    if obj is None:
        error_line(problem or "configuration error")
        return 2
    try:
        from taskboard.cli import coercion

        coercion.install()
        app = build_app(command_named(args))
        command = typer.main.get_command(app)
        # Without standalone mode Click returns (not raises) the code of a typer.Exit(n).
        code = command.main(args=args, prog_name="taskboard", standalone_mode=False, obj=obj)
        return code if isinstance(code, int) else 0
    except TaskboardError as exc:
        error_line(exc.message)
        return exc.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except SystemExit as exc:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            # Typer exits 1 when the reader closed the pipe (`taskboard list | head`); like
            # the reader, we got what was wanted: that is not a failure for `set -o pipefail`.
            return 0
        # `--show-completion` and shell completion end by exiting: that is their result.
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except typer.Abort:
        error_line(_("interrupted"))
        return 130
    except NoArgsIsHelpError as exc:
        # A group named without its command (`taskboard person`): its help, as Click shows it.
        sys.stderr.write(exc.ctx.get_help() + "\n")
        return 2
    except UsageError as exc:
        # Usage errors (unknown option, missing argument, bad value) from the vendored Click.
        from taskboard.cli.click_texts import usage_error

        hint = ""
        if exc.ctx is not None:
            hint = " " + _("(see: {command} --help)").format(command=exc.ctx.command_path)
        error_line(usage_error(exc) + hint)
        return 2
    except typer.TyperException as exc:
        error_line(exc.format_message())
        return 2 if exc.exit_code in (1, 2) else exc.exit_code
    except KeyboardInterrupt:
        error_line(_("interrupted"))
        return 130
    except BrokenPipeError:
        # `taskboard list | head`: the reader went away; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        return 0
    except OSError as exc:
        # A file the core did not word itself (a full disk, a read-only folder): the one
        # mapping of system errors to a line, as the writers of files use it too.
        from taskboard.errors import file_error

        error = file_error(exc)
        error_line(error.message)
        return error.exit_code
    except Exception as exc:
        if os.environ.get("TASKBOARD_DEBUG"):
            raise
        error_line(
            _("internal error: {kind}: {detail} (run with TASKBOARD_DEBUG=1 for details)").format(
                kind=type(exc).__name__, detail=exc
            )
        )
        return 1
    finally:
        obj.close()
