"""Click's and Typer's own words in the language of the run: the help's layout and value
names, and the one line of a usage error.

Typer 0.29 carries its own copy of Click (``typer._click``) whose texts are f-strings, and
asks the process-wide ``gettext`` (the locale's language, never ``--lang``) for a few words
of its own, so neither follows the language the run chose. The words are taken over where
Typer lets an application in (its classes, ``cls=``) and kept in one catalog, ``click``;
its msgids are Click's and Typer's English where the words are theirs:

- :class:`Command` and :class:`Group`, the classes of every command (set once, by
  :func:`localize`): the usage line, the section headings, the help and completion options,
  the ``[default: …]`` notes, and a value name for every option (``--due DATE``, from
  :func:`taskboard.cli.options.value_name`) where Typer would print its type (``<str>``);
- :func:`usage_error`: a usage error (missing argument, unknown option, bad number, …) said
  again from the exception's fields. In English Click's own sentence is kept as it is.
"""

from __future__ import annotations

import ast
import re
import sys
from enum import Enum
from typing import Any

import typer
from typer._click import Context, HelpFormatter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import join_options
from typer.core import TyperCommand, TyperGroup

from taskboard.i18n import N_, domain, get_language

_, ngettext = domain("click")

HELP_OPTION = N_("Show this message and exit.")
"""Click's help of ``--help``, its msgid as Click writes it."""
COMPLETION_HELP = frozenset(
    {
        N_("Install completion for the current shell."),
        N_("Install completion for the specified shell."),
        N_("Show completion for the current shell, to copy it or customize the installation."),
        N_("Show completion for the specified shell, to copy it or customize the installation."),
    }
)
"""Typer's help of its completion options (with and without shell detection), its msgids as
Typer writes them."""
OPTIONS_METAVAR = "[OPTIONS]"
SUBCOMMAND_METAVAR = "COMMAND [ARGS]..."


def _usage(command: TyperCommand | TyperGroup, ctx: Context, formatter: HelpFormatter) -> None:
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))


def _default(param: Any, ctx: Context) -> str:
    """The ``[default: …]`` note of ``param``, as Typer decides it (empty: none)."""
    if isinstance(param.show_default, str):
        return f"({param.show_default})"
    if getattr(param, "is_flag", False) or not (param.show_default or ctx.show_default):
        return ""
    resilient, ctx.resilient_parsing = ctx.resilient_parsing, True
    try:
        value = param.get_default(ctx, call=False)
    finally:
        ctx.resilient_parsing = resilient
    if value is None or callable(value):
        return ""
    values = value if isinstance(value, list | tuple) else [value]
    return ", ".join(str(v.value if isinstance(v, Enum) else v) for v in values)


def _range(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return _("{min}<=x<={max}").format(min=low, max=high)
    if low is not None:
        return _("x>={min}").format(min=low)
    if high is not None:
        return _("x<={max}").format(max=high)
    return ""


def _help_record(param: Any, ctx: Context) -> tuple[str, str] | None:
    """One line of the Arguments or Options section: the name with its value name, the help
    and the notes (environment variable, default, range, required)."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = param.metavar or param.name.upper()
    else:
        names = [join_options(param.opts)[0]]
        if param.secondary_opts:
            names.append(join_options(param.secondary_opts)[0])
        takes_value = not (param.is_flag or param.count)
        name = " / ".join(f"{n} {param.metavar}" if takes_value else n for n in names)
    notes = []
    if getattr(param, "show_envvar", False) and param.envvar:
        envvar = param.envvar if isinstance(param.envvar, str) else ", ".join(param.envvar)
        notes.append(_("env var: {var}").format(var=envvar))
    if default := _default(param, ctx):
        notes.append(_("default: {default}").format(default=default))
    if limits := _range(param):
        notes.append(limits)
    if param.required:
        notes.append(_("required"))
    text = param.help or ""
    if notes:
        text = f"{text}  [{'; '.join(notes)}]" if text else f"[{'; '.join(notes)}]"
    return name, text


def _parameters(command: TyperCommand | TyperGroup, ctx: Context, formatter: HelpFormatter) -> None:
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = _help_record(param, ctx)
        if record is not None:
            (arguments if param.param_type_name == "argument" else options).append(record)
    if arguments:
        with formatter.section(_("Arguments")):
            formatter.write_dl(arguments)
    if options:
        with formatter.section(_("Options")):
            formatter.write_dl(options)


def _name_values(command: TyperCommand | TyperGroup) -> None:
    """Give every parameter that takes a value its value name (``--due DATE``, ``ID``)."""
    from taskboard.cli.options import value_name

    if command.options_metavar == OPTIONS_METAVAR:
        command.options_metavar = _("[OPTIONS]")
    for param in command.params:
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = value_name(param)


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = _(HELP_OPTION)
    return option


class Command(TyperCommand):
    """A command whose help is in the language of the run, with a value name per option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _usage(self, ctx, formatter)

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        _parameters(self, ctx, formatter)

    def get_help_option(self, ctx: Context) -> Any:
        return _help_option(super().get_help_option(ctx))


class Group(TyperGroup):
    """A group of commands whose help is in the language of the run (see :class:`Command`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_values(self)
        if self.subcommand_metavar == SUBCOMMAND_METAVAR:
            self.subcommand_metavar = _("COMMAND [ARGS]...")

    def get_params(self, ctx: Context) -> list[Any]:
        # Typer adds the completion options once the group is built: taken over here.
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "help", None) in COMPLETION_HELP:
                param.help = _(param.help)  # type: ignore[attr-defined]
            if param.name == "install_completion":
                param.callback = _install_completion
        return params

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _usage(self, ctx, formatter)

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        _parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        shown = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in shown)
        with formatter.section(_("Commands")):
            formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in shown])

    def get_help_option(self, ctx: Context) -> Any:
        return _help_option(super().get_help_option(ctx))


def _install_completion(ctx: Context, param: Any, value: Any) -> Any:
    """``--install-completion``: Typer's, saying what it did in the language of the run."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    typer.secho(_("{shell} completion installed in {path}").format(shell=shell, path=path))
    typer.echo(_("Completion will take effect once you restart the terminal"))
    sys.exit(0)


def localize(app: typer.Typer) -> None:
    """Make :class:`Group` and :class:`Command` the classes of ``app``'s whole tree."""
    app.info.cls = Group
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            localize(group.typer_instance)


def _param_name(param: Any) -> str:
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return str(param.metavar or param.name.upper())
    return " / ".join(param.opts)


def _reason(exc: BadParameter) -> str:
    """Why a value was refused, from the validation error Typer turned into ``exc``."""
    errors = getattr(exc.__cause__, "errors", None)
    if not callable(errors) or not errors():
        found = re.fullmatch(r"Value (?P<value>.+) is not a valid (?P<kind>\w+)\.", exc.message)
        if found:
            return _("«{value}» is not a valid value").format(value=_unquoted(found["value"]))
        return exc.message  # the application's own words, already in the language of the run
    error = errors()[0]
    value, kind, limits = error.get("input"), error.get("type", ""), error.get("ctx") or {}
    if kind.startswith("int_"):
        return _("«{value}» is not a whole number").format(value=value)
    if kind.startswith("float_"):
        return _("«{value}» is not a number").format(value=value)
    if kind == "less_than_equal":
        return _("«{value}» is more than {limit}").format(value=value, limit=limits.get("le"))
    if kind == "greater_than_equal":
        return _("«{value}» is less than {limit}").format(value=value, limit=limits.get("ge"))
    return _("«{value}» is not a valid value").format(value=value)


def _unquoted(text: str) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return str(value)


_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)")
_NO_SUCH_COMMAND = re.compile(
    r"No such command (?P<name>'.*'|\".*\")\.(?: Did you mean (?P<matches>.+)\?)?", re.DOTALL
)
_OPTION_NEEDS = re.compile(r"Option .+ requires (?:an argument|(?P<n>\d+) arguments)\.")
_OPTION_TAKES_NONE = re.compile(r"Option .+ does not take a value\.")


def usage_error(exc: UsageError) -> str:
    """The one line of a usage error in the language of the run (Click's own in English).

    Click's exceptions carry the parameter, the option or the values concerned; where one
    carries only its English sentence (an extra argument, an unknown command), the sentence
    is read back by its known form. A form not known is shown as Click says it.
    """
    if get_language() == "en":
        return exc.format_message()
    if isinstance(exc, MissingParameter):
        name = _param_name(exc.param)
        if exc.param_type == "argument" or getattr(exc.param, "param_type_name", "") == "argument":
            return _("Missing argument {name}.").format(name=name)
        return _("Missing option {name}.").format(name=name)
    if isinstance(exc, BadParameter):
        reason = _reason(exc)
        hint = exc.param_hint
        name = _param_name(exc.param) or (hint if isinstance(hint, str) else " / ".join(hint or ()))
        if not name:
            return _("Invalid value: {reason}.").format(reason=reason)
        return _("Invalid value for {name}: {reason}.").format(name=name, reason=reason)
    if isinstance(exc, NoSuchOption):
        if exc.possibilities:
            return _("No such option: {name} (possible options: {options}).").format(
                name=exc.option_name, options=", ".join(sorted(exc.possibilities))
            )
        return _("No such option: {name}.").format(name=exc.option_name)
    message = exc.message
    if isinstance(exc, BadOptionUsage):
        if found := _OPTION_NEEDS.fullmatch(message):
            n = int(found["n"] or 1)
            return ngettext(
                "Option {name} requires a value.", "Option {name} requires {n} values.", n
            ).format(name=exc.option_name, n=n)
        if _OPTION_TAKES_NONE.fullmatch(message):
            return _("Option {name} does not take a value.").format(name=exc.option_name)
    if found := _EXTRA_ARGUMENTS.fullmatch(message):
        extra = found["args"].split()
        return ngettext(
            "Got unexpected extra argument: {args}.",
            "Got unexpected extra arguments: {args}.",
            len(extra),
        ).format(args=found["args"])
    if found := _NO_SUCH_COMMAND.fullmatch(message):
        name = _unquoted(found["name"])
        if found["matches"]:
            matches = [_unquoted(m) for m in re.findall(r"'[^']*'|\"[^\"]*\"", found["matches"])]
            return _("No such command «{name}». Did you mean: {commands}?").format(
                name=name, commands=", ".join(matches)
            )
        return _("No such command «{name}».").format(name=name)
    if message == "Missing command.":
        return _("Missing command.")
    return exc.format_message()


__all__ = ["Command", "Group", "localize", "usage_error"]
