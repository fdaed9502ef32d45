"""Configuration: a TOML file in the user config directory, ``TASKBOARD_CONFIG`` overriding.

Missing file: defaults. The SMTP password is never read from this file itself, only from the
environment variable or the file it names.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taskboard.domain.control import DEFAULT_CONTROL_LEVELS
from taskboard.errors import InvalidInput
from taskboard.files import OWNER_ONLY, FileAccess
from taskboard.i18n import _

DEADLINE_MODES = ("calendar", "working")
SMTP_SECURITY = ("starttls", "ssl", "none")
REPORTS_DIR_ENV = "TASKBOARD_REPORTS_DIR"
"""The environment variable that overrides ``reports_dir``."""


def default_config_path() -> Path:
    """``config.toml`` in the user config directory (platformdirs)."""
    from platformdirs import user_config_path

    return user_config_path("taskboard", appauthor=False) / "config.toml"


@dataclass
class SmtpSettings:
    """How reminders reach the mail server."""

    host: str | None = None
    port: int = 587
    security: str = "starttls"
    """``starttls``, ``ssl`` (implicit TLS) or ``none``."""
    username: str | None = None
    password_env: str | None = None
    """Name of the environment variable holding the password."""
    password_file: str | None = None
    """A file whose first line is the password."""
    from_addr: str | None = None
    """The ``From`` header, e.g. «Контроль поручений <control@example.org>»."""
    ca_file: str | None = None
    """A CA bundle for an internal mail server's certificate."""
    timeout: float = 30.0


@dataclass
class RemindSettings:
    """Reminder tiers (docs/product.md §6)."""

    before_days: int = 3
    """Owner and co-executors this many days before the deadline (also the due-soon window)."""
    overdue_every_days: int = 1
    """Owner again every this many days while overdue."""
    escalate_after_days: int = 7
    """Supervisor once the assignment is this many days overdue."""
    on_due_day: bool = True
    """Owner and co-executors again on the day of the deadline."""
    controller_on_due_day: bool = True
    """The controller on the day of the deadline."""
    part_before: bool = True
    """A co-executor with a sub-deadline of their own, ``before_days`` before it (their part's
    report not in yet); they then hear about their own date, not the owner's."""
    part_due_day: bool = True
    """A co-executor again on their sub-deadline's day."""
    part_overdue: bool = True
    """A co-executor every ``overdue_every_days`` while their part is overdue."""
    report_waiting: bool = True
    """The controller once an owner's report has waited more than ``[control]
    report_waiting_days`` for acceptance."""
    extension_requests: bool = True
    """The controller once about each pending extension request."""
    digest_limit: int = 200
    """At most this many assignments listed in one e-mail (the rest counted); 0: no limit."""


@dataclass
class ControlSettings:
    """Execution control (docs/control.md): control levels, extension limit, the at-risk rule."""

    levels: dict[str, str] = field(default_factory=dict)
    """Control levels: key → label as the office words it («governor» → «у Губернатора»), in
    order from the highest; empty: the built-in three (:data:`DEFAULT_CONTROL_LEVELS`)."""
    extension_limit: int = 2
    """Warn when an assignment is extended more than this many times (0: never warn)."""
    at_risk_quiet_days: int = 14
    """At risk: no note or report for this many days …"""
    at_risk_within_days: int = 10
    """… while the deadline is within this many working days."""
    report_waiting_days: int = 3
    """Remind the controller when a report has waited more than this many days (since its own
    date) for acceptance (``[remind] report_waiting``)."""

    @property
    def level_keys(self) -> tuple[str, ...]:
        """The keys a ``--level`` may take, highest first."""
        return tuple(self.levels) if self.levels else DEFAULT_CONTROL_LEVELS


@dataclass
class Settings:
    """Everything the config file can say."""

    database: str | None = None
    language: str | None = None
    actor: str | None = None
    deadline_days: str = "calendar"
    reports_dir: str | None = None
    """The folder the TUI's report dialog saves into (see :func:`reports_folder`)."""
    file_group: str | None = None
    """A group that may read the files taskboard creates (mode 0640); None: owner only."""
    file_access: FileAccess = OWNER_ONLY
    auto_upgrade: bool = False
    """On PostgreSQL, upgrade an older schema on open instead of refusing it (SQLite files are
    always upgraded, after a backup): see docs/postgresql.md, ``taskboard db upgrade``."""
    """Who may read new databases, backups, exports and reports (from ``file_group``)."""
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    remind: RemindSettings = field(default_factory=RemindSettings)
    control: ControlSettings = field(default_factory=ControlSettings)
    path: Path | None = None
    """The file these settings were read from (None: defaults)."""

    @property
    def due_soon_days(self) -> int:
        """The "due soon" window in days (the first reminder tier)."""
        return self.remind.before_days

    def actor_name(self) -> str:
        """The name written into the history: the configured actor, else the OS user."""
        if self.actor:
            return self.actor
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


def _fail(path: Path, message: str) -> InvalidInput:
    return InvalidInput(_("Config file {path}: {problem}").format(path=path, problem=message))


def _section(path: Path, data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise _fail(path, _("[{name}] must be a table").format(name=name))
    return value


def _kind_name(kind: type) -> str:
    """A TOML value's kind in words of the run's language (not Python's ``str``)."""
    names = {
        str: _("a text in quotes"),
        int: _("a whole number"),
        float: _("a number"),
        bool: _("true or false"),
        list: _("a list"),
    }
    return names.get(kind, kind.__name__)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """Where the TOML is broken, in the run's language (tomllib words it in English)."""
    import re

    found = re.search(r"at line (\d+), column (\d+)", str(exc))
    if found is None:
        return _("not valid TOML")
    return _("not valid TOML at line {line}, column {column}").format(
        line=found[1], column=found[2]
    )


def _typed(path: Path, where: str, value: Any, kind: type) -> Any:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _fail(
            path,
            _("{key} must be {kind}, not {value!r}").format(
                key=where, kind=_kind_name(kind), value=value
            ),
        )
    return value


def reports_folder(settings: Settings) -> Path:
    """Where the TUI saves a report unless told otherwise (an absolute path).

    ``TASKBOARD_REPORTS_DIR``, then the config's ``reports_dir`` (``~`` expanded), then the
    user's documents folder (platformdirs), and when that does not exist, taskboard's data
    folder (where ``taskboard init`` puts the database). The folder may not exist yet.
    """
    chosen = os.environ.get(REPORTS_DIR_ENV) or settings.reports_dir
    if chosen:
        return Path(chosen).expanduser().absolute()
    from platformdirs import user_documents_path

    documents = user_documents_path()
    if documents.is_dir():
        return documents.absolute()
    from taskboard.storage.direct import default_data_dir

    return default_data_dir().absolute()


def config_warnings(settings: Settings) -> list[str]:
    """What is unsafe about the config file itself: writable by others (one line each)."""
    if settings.path is None:
        return []
    try:
        mode = settings.path.stat().st_mode
    except OSError:
        return []
    if mode & 0o022:
        return [
            _(
                "the config file {path} is writable by others (mode {mode:o}); anyone who can "
                "change it can redirect the database and the mail: chmod go-w it."
            ).format(path=settings.path, mode=mode & 0o777)
        ]
    return []


TOP_LEVEL_KEYS = (
    "database",
    "language",
    "actor",
    "deadline_days",
    "reports_dir",
    "file_group",
    "auto_upgrade",
    "smtp",
    "remind",
    "control",
)
"""The config file's top-level keys: six texts, one switch, then the three sections."""


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Read the config file (``path``, else ``TASKBOARD_CONFIG``, else the default place)."""
    if path is None:
        env = os.environ.get("TASKBOARD_CONFIG")
        explicit = bool(env)
        config_path = Path(env).expanduser() if env else default_config_path()
    else:
        explicit = True
        config_path = Path(path).expanduser()
    if not config_path.exists():
        if explicit:
            raise InvalidInput(
                _("Config file {path} does not exist; create it or unset TASKBOARD_CONFIG.").format(
                    path=config_path
                )
            )
        return Settings()
    try:
        data = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise _fail(config_path, _toml_problem(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(config_path, str(exc)) from None

    settings = Settings(path=config_path)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            # As in [smtp] and [remind]: a misspelt key would otherwise be ignored silently.
            raise _fail(
                config_path,
                _("unknown key {key} (known: {known})").format(
                    key=key, known=", ".join(TOP_LEVEL_KEYS)
                ),
            )
    for key in TOP_LEVEL_KEYS[:6]:
        if key in data:
            setattr(settings, key, _typed(config_path, key, data[key], str))
    if "auto_upgrade" in data:
        settings.auto_upgrade = _typed(config_path, "auto_upgrade", data["auto_upgrade"], bool)
    try:
        settings.file_access = FileAccess.for_group(settings.file_group)
    except InvalidInput as exc:
        raise _fail(config_path, exc.message) from None
    if settings.deadline_days not in DEADLINE_MODES:
        raise _fail(
            config_path,
            _('deadline_days must be "calendar" or "working", not {value!r}').format(
                value=settings.deadline_days
            ),
        )
    smtp = _section(config_path, data, "smtp")
    names = {"from": "from_addr"}
    for key, value in smtp.items():
        attr = names.get(key, key)
        if attr == "password":
            raise _fail(
                config_path,
                _(
                    "put the SMTP password in an environment variable (password_env) "
                    "or a file (password_file), not in the config"
                ),
            )
        if not hasattr(settings.smtp, attr):
            raise _fail(config_path, _("unknown key [smtp].{key}").format(key=key))
        kind = type(getattr(SmtpSettings(), attr) or "")
        setattr(settings.smtp, attr, _typed(config_path, f"smtp.{key}", value, kind))
    if settings.smtp.security not in SMTP_SECURITY:
        raise _fail(
            config_path,
            _("smtp.security must be starttls, ssl or none, not {value!r}").format(
                value=settings.smtp.security
            ),
        )
    remind = _section(config_path, data, "remind")
    for key, value in remind.items():
        if not hasattr(settings.remind, key):
            raise _fail(config_path, _("unknown key [remind].{key}").format(key=key))
        kind = type(getattr(RemindSettings(), key))
        setattr(settings.remind, key, _typed(config_path, f"remind.{key}", value, kind))
        if kind is int and value < 0:
            raise _fail(config_path, _("remind.{key} must not be negative").format(key=key))
    _read_control(config_path, _section(config_path, data, "control"), settings.control)
    return settings


def _read_control(path: Path, section: dict[str, Any], control: ControlSettings) -> None:
    """The ``[control]`` section into ``control``; a wrong key or value is an error."""
    for key, value in section.items():
        if key == "levels":
            if not isinstance(value, dict) or not value:
                raise _fail(
                    path,
                    _('control.levels must be a table of key = "label", e.g. {example}').format(
                        example='{ governor = "у Губернатора" }'
                    ),
                )
            for level, label in value.items():
                if not isinstance(label, str) or not label.strip():
                    raise _fail(
                        path,
                        _("control.levels.{key} must be a label in quotes").format(key=level),
                    )
            control.levels = {str(k): v.strip() for k, v in value.items()}
            continue
        if not hasattr(control, key) or key == "level_keys":
            raise _fail(path, _("unknown key [control].{key}").format(key=key))
        setattr(control, key, _typed(path, f"control.{key}", value, int))
        if value < 0:
            raise _fail(path, _("control.{key} must not be negative").format(key=key))
