"""``taskboard remind``: e-mail today's reminders (for cron); never imports the TUI."""

from __future__ import annotations

import sys
from datetime import date
from email.message import Message
from typing import TYPE_CHECKING, Annotated

import typer

from taskboard.cli import context, options
from taskboard.domain.text import visible, visible_line
from taskboard.i18n import domain

if TYPE_CHECKING:
    from taskboard.reminders import Digest, RunReport, Sent

_, ngettext = domain("reminders")


def _parse_today(text: str) -> date:
    """``--today``: any date form the program accepts, not moved to a working day."""
    from taskboard.domain import clock, dates

    return dates.parse_date(text, today=clock.today(), shift=False)


def _print_message(digest: Digest, message: Message) -> None:
    """The dry run's view of one message: its headers and its text part, decoded."""
    from taskboard.reminders.message import decoded_header, text_body

    out = sys.stdout
    out.write("=" * 72 + "\n")
    for header in ("From", "To", "Subject", "Auto-Submitted"):
        out.write(f"{header}: {visible(decoded_header(message, header))}\n")
    text = text_body(message)
    out.write("\n" + visible(text).rstrip("\n") + "\n")
    out.write(_("[+ an HTML part with the same content]") + "\n")


def _log_sent(sent: Sent) -> None:
    sys.stderr.write(
        _("sent to {name} <{email}>: {items} (Message-ID {message_id})").format(
            # One line per message: a line break in a name must not forge another.
            name=visible_line(sent.digest.name),
            email=visible_line(sent.email),
            items=ngettext("{n} reminder", "{n} reminders", len(sent.digest.items)).format(
                n=len(sent.digest.items)
            ),
            message_id=sent.message_id,
        )
        + "\n"
    )


def _print_summary(report: RunReport) -> None:
    out = sys.stdout
    n_sent = len(report.sent)
    reminders = report.reminders_sent
    if report.dry_run:
        line = ngettext(
            "Dry run: {n} message would be sent ({reminders} reminders); nothing was recorded.",
            "Dry run: {n} messages would be sent ({reminders} reminders); nothing was recorded.",
            n_sent,
        )
    else:
        line = ngettext(
            "{n} message sent ({reminders} reminders recorded).",
            "{n} messages sent ({reminders} reminders recorded).",
            n_sent,
        )
    out.write(line.format(n=n_sent, reminders=reminders) + "\n")
    if report.elsewhere:
        out.write(
            ngettext(
                "{n} recipient was served by another run at the same time (not counted here).",
                "{n} recipients were served by another run at the same time (not counted here).",
                len(report.elsewhere),
            ).format(n=len(report.elsewhere))
            + "\n"
        )
    if report.without_email:
        out.write(
            ngettext(
                "{n} person has no e-mail and was not reminded:",
                "{n} people have no e-mail and were not reminded:",
                len(report.without_email),
            ).format(n=len(report.without_email))
            + "\n"
        )
        for digest in report.without_email:
            ids = sorted({i.assignment_id for i in digest.items})
            shown = ", ".join(str(i) for i in ids[:20]) + (" …" if len(ids) > 20 else "")
            out.write(
                "  "
                + _("{name} (id {id}): assignments {ids}").format(
                    name=visible_line(digest.name), id=digest.person_id, ids=shown
                )
                + "\n"
            )


def remind(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, options.dry_run(help=_("Print what would be sent; send and record nothing."))
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help=_("Act as if today were this date (default: today)."),
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help=_("One line on stderr per message sent."))
    ] = False,
) -> None:
    """Send today's reminders, one digest per person; exit non-zero if any was not delivered."""
    from taskboard.cli.output import error_line, warning_line
    from taskboard.i18n import get_language
    from taskboard.reminders import run_reminders
    from taskboard.reminders.smtp import security_warnings

    appctx = context.get(ctx)
    for warning in security_warnings(appctx.settings.smtp):
        warning_line(warning)
    day = _parse_today(today) if today is not None else appctx.today
    report = run_reminders(
        appctx.database(),
        appctx.settings,
        today=day,
        actor=appctx.actor,
        language=get_language(),
        dry_run=dry_run,
        on_message=_print_message if dry_run else None,
        on_sent=_log_sent if verbose else None,
    )
    sys.stdout.flush()
    if report.connection_error:
        error_line(report.connection_error)
    for failed in report.failed:
        error_line(
            _("not delivered to {name} <{email}>: {reason}").format(
                name=failed.digest.name, email=failed.email or "", reason=failed.reason
            )
        )
    _print_summary(report)
    if report.failed:
        from taskboard.errors import PartialFailure

        # An exception, not typer.Exit(1): the entry point runs Click with
        # standalone_mode=False, where an Exit's code is returned, not raised.
        raise PartialFailure(
            ngettext(
                "{n} of {total} messages not delivered; the next run sends them.",
                "{n} of {total} messages not delivered; the next run sends them.",
                len(report.failed),
            ).format(n=len(report.failed), total=len(report.failed) + len(report.sent))
        )


def register(app: typer.Typer) -> None:
    """Add ``remind`` to ``app`` (help texts in the current language)."""
    app.command(
        "remind",
        help=_(
            "E-mail today's reminders (one digest per person); for cron. "
            "Each reminder is sent once."
        ),
    )(remind)
