"""Building the e-mail: multipart/alternative (text, then HTML), encoded headers, no injection.

The message is built with the standard library's MIME classes (``email.mime``) and encoded
headers (``email.header``/``email.utils.formataddr``): RFC 2047 for Cyrillic names and
subjects, base64 UTF-8 bodies. The modern ``EmailMessage`` API would do the same job, but it
costs about ten times as much per message (it parses and refolds every header: some 5 ms a
message, 50 s for 10,000 digests), and Python 3.11's folder drops the space between two
encoded words of a long subject. Header values are checked to be single lines before they go
in, so no name, title or address can add a header.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import formataddr, formatdate, getaddresses

from taskboard.domain.text import is_email_address, visible
from taskboard.reminders.render import RenderedEmail

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")


class _WirePolicy(Compat32):
    """``compat32`` with CRLF line ends that leaves short ASCII header lines as they are.

    ``compat32`` runs every header, however short, through ``Header.encode`` (half the cost
    of flattening a digest); a line that already fits needs no folding.
    """

    def _fold(self, name: str, value: object, sanitize: bool) -> str:
        if isinstance(value, str) and value.isascii() and len(name) + len(value) + 2 <= 78:
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)  # type: ignore[misc]


WIRE_POLICY = _WirePolicy(linesep="\r\n")
"""How messages are flattened for SMTP."""


class AddressError(ValueError):
    """An address that cannot be put into a header safely."""


@dataclass(frozen=True)
class Mailbox:
    """A display name and an address, both known to be single-line and safe."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        """The part after ``@``."""
        return self.address.rsplit("@", 1)[1]

    def header(self) -> str:
        """``"Name" <address>`` with the name RFC 2047-encoded when it is not ASCII."""
        return formataddr((self.name, self.address), charset="utf-8")


def one_line(text: str) -> str:
    """``text`` on one header line: control characters and breaks as spaces, bidi shown.

    A direction control (U+202E) would reverse a name or subject in the mail client; it
    reads ``<U+202E>`` as in the parts and in ``--dry-run``.
    """
    return " ".join(visible(_CONTROL.sub(" ", text)).split())


DISPLAY_NAME_LIMIT = 120
"""Characters of a name kept in ``To``/``From``: one encoded word is not folded, and a longer
name (a document pasted into the field) made a line past SMTP's 998 (RFC 5321 4.5.3.1.6), so
the digest was refused on every run."""


def mailbox(name: str, email: str) -> Mailbox:
    """A recipient or sender; refuses an address with spaces, brackets or line breaks."""
    if not is_email_address(email):
        raise AddressError(email)
    shown = one_line(name)
    if len(shown) > DISPLAY_NAME_LIMIT:
        shown = shown[: DISPLAY_NAME_LIMIT - 1] + "…"
    return Mailbox(shown, email.strip())


def parse_sender(value: str) -> Mailbox:
    """The ``from`` of the config («Контроль поручений <control@example.org>»)."""
    if _CONTROL.search(value):
        raise AddressError(value)
    found = getaddresses([value])
    if len(found) != 1 or "@" not in found[0][1]:
        raise AddressError(value)
    return mailbox(*found[0])


def _set(message: Message, name: str, value: str | Header) -> None:
    # The last line of defence against header injection: nothing multi-line goes in.
    if isinstance(value, str) and ("\r" in value or "\n" in value):
        raise ValueError(f"multi-line value for header {name}")
    message[name] = value  # type: ignore[assignment]


def _text_part(body: str, subtype: str) -> MIMEText:
    return MIMEText(body, subtype, "utf-8")  # UTF-8, base64


def message_id(recipient: str, keys: Iterable[tuple[int, int, str, date]], *, domain: str) -> str:
    """The ``Message-ID`` of a digest, derived from what it carries, never random.

    ``keys`` are the (assignment, person, tier, occasion) of its reminders. A digest sent
    again after a crash between the server's "250 accepted" and the commit carries the same
    reminders to the same address, hence the same Message-ID as the lost attempt: servers
    and clients that de-duplicate by Message-ID keep one copy.
    """
    lines = [recipient.strip().lower()]
    lines += sorted(f"{a}:{p}:{tier}:{occasion.isoformat()}" for a, p, tier, occasion in keys)
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:40]
    return f"<taskboard.{digest}@{domain}>"


def build_message(
    rendered: RenderedEmail, *, sender: Mailbox, recipient: Mailbox, message_id: str
) -> Message:
    """The digest as a multipart/alternative message with both parts, ready for SMTP."""
    # base64 never contains "=_", so this boundary cannot occur in the parts (and the
    # generator need not search them for a free one).
    message = MIMEMultipart("alternative", boundary=f"=_taskboard_{secrets.token_hex(12)}")
    _set(message, "From", sender.header())
    _set(message, "To", recipient.header())
    subject = one_line(rendered.subject)
    _set(message, "Subject", subject if subject.isascii() else Header(subject, "utf-8"))
    _set(message, "Date", formatdate(localtime=True))
    _set(message, "Message-ID", message_id)
    _set(message, "Auto-Submitted", "auto-generated")
    _set(message, "X-Auto-Response-Suppress", "All")
    _set(message, "Content-Language", rendered.language)
    message.attach(_text_part(rendered.text, "plain"))
    message.attach(_text_part(rendered.html, "html"))
    return message


def as_bytes(message: Message) -> bytes:
    """The message as it goes on the wire (CRLF line ends, long headers folded)."""
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=WIRE_POLICY).flatten(message)
    return buffer.getvalue()


def text_body(message: Message) -> str:
    """The decoded text part (for the dry run)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8")
    return ""


def decoded_header(message: Message, name: str) -> str:
    """A header as a person reads it (RFC 2047 decoded)."""
    from email.header import decode_header, make_header

    value = message.get(name)
    return str(make_header(decode_header(str(value)))) if value is not None else ""
