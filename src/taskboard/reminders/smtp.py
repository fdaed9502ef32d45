"""SMTP delivery: one connection for the run, STARTTLS or implicit TLS, login, per-message results.

The password comes from the environment variable or the file the config names, and is never
put into a message, a log line or an exception text.
"""

from __future__ import annotations

import base64
import contextlib
import ipaddress
import os
import smtplib
import socket
import ssl
from email.message import Message
from pathlib import Path

from taskboard.config import SmtpSettings
from taskboard.errors import InvalidInput
from taskboard.i18n import domain
from taskboard.reminders.message import as_bytes

_, ngettext = domain("reminders")


class DeliveryError(Exception):
    """A message was not accepted; the run goes on with the next one."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ConnectionFailed(DeliveryError):
    """The server cannot be reached (down, refused, timed out): nothing more can be sent now."""


def read_password(smtp: SmtpSettings) -> str | None:
    """The SMTP password from ``password_env`` or ``password_file`` (None when not configured)."""
    if smtp.password_env:
        value = os.environ.get(smtp.password_env)
        if not value:
            raise InvalidInput(
                _(
                    "smtp.password_env names the environment variable {name}, which is not set; "
                    "set it, or use password_file."
                ).format(name=smtp.password_env)
            )
        return value
    if smtp.password_file:
        path = Path(smtp.password_file).expanduser()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(
                _(
                    "Cannot read smtp.password_file {path} ({reason}); check the path and its "
                    "permissions."
                ).format(path=path, reason=type(exc).__name__)
            ) from None
        if not lines or not lines[0]:
            raise InvalidInput(
                _("smtp.password_file {path} is empty; put the password on its first line.").format(
                    path=path
                )
            )
        return lines[0]
    return None


def _is_loopback(host: str) -> bool:
    name = host.strip().rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def security_warnings(smtp: SmtpSettings) -> list[str]:
    """What is unsafe about the SMTP settings (one line each; the run goes on).

    A ``password_file`` that its group or others may read, and a login without TLS
    (``security = "none"``) to a host that is not this machine: the password would cross
    the network in clear.
    """
    warnings: list[str] = []
    if smtp.password_file:
        path = Path(smtp.password_file).expanduser()
        try:
            mode = path.stat().st_mode
        except OSError:
            mode = 0  # a missing file is an error when the password is read
        if mode & 0o044:
            warnings.append(
                _(
                    "smtp.password_file {path} can be read by others (mode {mode:o}); chmod 600 it."
                ).format(path=path, mode=mode & 0o777)
            )
    if smtp.security == "none" and smtp.username and smtp.host and not _is_loopback(smtp.host):
        warnings.append(
            _(
                'smtp.security = "none" with a login: the password goes to {host} in clear '
                'text; use "starttls" or "ssl".'
            ).format(host=smtp.host)
        )
    return warnings


def tls_context(smtp: SmtpSettings) -> ssl.SSLContext:
    """A verifying TLS context (system CAs, or ``ca_file`` for an internal mail server)."""
    if smtp.ca_file:
        path = Path(smtp.ca_file).expanduser()
        if not path.is_file():
            raise InvalidInput(
                _(
                    "smtp.ca_file {path} does not exist; give the CA bundle of your mail server."
                ).format(path=path)
            )
        try:
            return ssl.create_default_context(cafile=str(path))
        except (ssl.SSLError, OSError):
            raise InvalidInput(
                _("smtp.ca_file {path} is not a PEM CA certificate bundle.").format(path=path)
            ) from None
    return ssl.create_default_context()


def check_settings(smtp: SmtpSettings) -> None:
    """Refuse settings that cannot work, saying what to fix (exit code 2)."""
    if not smtp.host:
        raise InvalidInput(
            _('No mail server configured: set host = "…" in the [smtp] section of the config.')
        )
    if not smtp.from_addr:
        raise InvalidInput(
            _('No sender configured: set from = "Name <address>" in the [smtp] section.')
        )
    if not 0 < smtp.port < 65536:
        raise InvalidInput(_("smtp.port must be between 1 and 65535."))
    if (smtp.password_env or smtp.password_file) and not smtp.username:
        raise InvalidInput(_("A password is configured but no smtp.username; set username."))


class Mailer:
    """One SMTP connection, opened on first use and reused for every message of the run."""

    def __init__(self, smtp: SmtpSettings, password: str | None) -> None:
        self._settings = smtp
        self._password = password
        self._client: smtplib.SMTP | None = None

    def __repr__(self) -> str:
        # Never show the password, even in a debugger or a traceback's locals.
        return f"Mailer(host={self._settings.host!r}, port={self._settings.port})"

    @property
    def where(self) -> str:
        """``host:port`` for messages."""
        return f"{self._settings.host}:{self._settings.port}"

    def open(self) -> None:
        """Connect, secure and log in; configuration problems raise :class:`InvalidInput`."""
        s = self._settings
        context = tls_context(s) if s.security in ("starttls", "ssl") else None
        try:
            client: smtplib.SMTP
            if s.security == "ssl":
                client = smtplib.SMTP_SSL(s.host or "", s.port, timeout=s.timeout, context=context)
            else:
                client = smtplib.SMTP(s.host or "", s.port, timeout=s.timeout)
            try:
                client.ehlo()
                if s.security == "starttls":
                    if not client.has_extn("starttls"):
                        raise InvalidInput(
                            _(
                                "The mail server {where} does not offer STARTTLS; set "
                                'security = "ssl" (usually port 465) or, on a trusted network '
                                'only, "none".'
                            ).format(where=self.where)
                        )
                    client.starttls(context=context)
                    client.ehlo()
                if s.username:
                    _login(client, s.username, self._password or "")
            except BaseException:
                client.close()
                raise
        except ssl.SSLCertVerificationError as exc:
            raise InvalidInput(
                _(
                    "The certificate of the mail server {where} is not trusted ({reason}); "
                    "set smtp.ca_file to your mail server's CA bundle."
                ).format(where=self.where, reason=exc.verify_message or exc.reason)
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            raise InvalidInput(
                _(
                    "The mail server {where} refused the login of {user} ({code}); check "
                    "smtp.username and the password."
                ).format(where=self.where, user=s.username, code=exc.smtp_code)
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise InvalidInput(
                _(
                    "The mail server {where} does not support login; remove smtp.username "
                    "or use STARTTLS/SSL."
                ).format(where=self.where)
            ) from None
        except ssl.SSLError as exc:
            raise InvalidInput(
                _(
                    "TLS with the mail server {where} failed ({reason}); check smtp.security "
                    "and smtp.port (465 is usually ssl, 587 starttls)."
                ).format(where=self.where, reason=exc.reason or type(exc).__name__)
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ConnectionFailed(
                _("cannot connect to the mail server {where}: {reason}").format(
                    where=self.where, reason=_describe(exc)
                )
            ) from None
        self._client = client

    def send(self, message: Message, *, sender: str, recipient: str) -> None:
        """Send one message to one recipient; raise :class:`DeliveryError` unless accepted."""
        for attempt in (1, 2):
            if self._client is None:
                self.open()
            assert self._client is not None
            try:
                options: list[str] = []
                if not (sender.isascii() and recipient.isascii()):
                    if not self._client.has_extn("smtputf8"):
                        raise DeliveryError(
                            _("the mail server does not accept non-ASCII addresses (SMTPUTF8)")
                        )
                    options = ["SMTPUTF8", "BODY=8BITMIME"]
                self._client.sendmail(sender, [recipient], as_bytes(message), mail_options=options)
                return
            except smtplib.SMTPRecipientsRefused as exc:
                code, reply = next(iter(exc.recipients.values()), (0, b""))
                raise DeliveryError(_reply(code, reply)) from None
            except smtplib.SMTPSenderRefused as exc:
                raise DeliveryError(_reply(exc.smtp_code, exc.smtp_error)) from None
            except smtplib.SMTPResponseException as exc:
                self._reset()
                raise DeliveryError(_reply(exc.smtp_code, exc.smtp_error)) from None
            except smtplib.SMTPNotSupportedError as exc:
                raise DeliveryError(str(exc)) from None
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                # The connection went away before the server said "accepted": the message
                # counts as not sent. Reconnect once and send it again.
                self._drop()
                if attempt == 2:
                    raise ConnectionFailed(
                        _("lost the connection to the mail server {where}: {reason}").format(
                            where=self.where, reason=_describe(exc)
                        )
                    ) from None

    def _reset(self) -> None:
        if self._client is not None:
            try:
                self._client.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()

    def _drop(self) -> None:
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.close()
            self._client = None

    def close(self) -> None:
        """Say QUIT and close the connection."""
        if self._client is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._client.quit()
            self._drop()


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; a non-ASCII user or password goes as UTF-8 over AUTH PLAIN (RFC 4616)."""
    if user.isascii() and password.isascii():
        client.login(user, password)
        return
    mechanisms = client.esmtp_features.get("auth", "").upper().split()
    if "PLAIN" not in mechanisms:
        raise smtplib.SMTPAuthenticationError(504, b"no AUTH PLAIN for a non-ASCII password")
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = client.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}".strip()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return _("timed out")
    if isinstance(exc, ConnectionRefusedError):
        return _("connection refused")
    if isinstance(exc, socket.gaierror):
        return _("unknown host")
    detail = " ".join(str(exc).split())
    return detail or type(exc).__name__
