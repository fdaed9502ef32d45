"""E-mail templates on disk (``templates/<lang>/``) rendered into a small dataclass."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, partial

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from taskboard import presentation
from taskboard.domain.text import visible
from taskboard.i18n import DEFAULT_LANGUAGE, normalize_language
from taskboard.reminders.digest import Digest


@dataclass(frozen=True)
class RenderedEmail:
    """What one digest says: the subject line and the two bodies."""

    subject: str
    text: str
    html: str
    language: str


def plural(n: int, *forms: str) -> str:
    """The form of a noun for ``n``: two forms (English) or three (Russian: 1, 2-4, 5+)."""
    n = abs(n)
    if len(forms) == 2:
        return forms[0] if n == 1 else forms[1]
    one, few, many = forms
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def _shown(value: object) -> object:
    """Every ``{{ … }}`` of both parts: user text as :func:`visible` shows it (ESC, bidi).

    Markup is what a macro already rendered (its own values went through here).
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("taskboard.reminders", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Raw ESC or BEL in a mail client's terminal, or U+202E reversing a name, would act;
        # the dry run shows the same text (visible() is idempotent).
        finalize=_shown,
    )
    env.filters["plural"] = plural
    return env


@cache
def _template(language: str, name: str) -> Template:
    return _environment().get_template(f"{language}/{name}")


def language_of(digest: Digest, default: str | None) -> str:
    """The recipient's language, else the run's, else the program's default."""
    return normalize_language(digest.language) or normalize_language(default) or DEFAULT_LANGUAGE


def render_digest(
    digest: Digest,
    *,
    today: date,
    language: str | None = None,
    levels: Mapping[str, str] | None = None,
) -> RenderedEmail:
    """Render ``digest`` with the templates of its recipient's language; ``levels``: the
    configured control levels' labels (``[control] levels``; None: the built-in ones)."""
    lang = language_of(digest, language)
    context = {
        "digest": digest,
        "entries": digest.entries,
        "today": today,
        # The one presentation layer, in the recipient's language.
        "date": partial(presentation.format_date, lang=lang),
        "long_date": partial(presentation.format_long_date, lang=lang),
        "days_phrase": lambda days_left: presentation.days_phrase(days_left, "open", lang),
        "level_label": lambda key: presentation.control_level_label(key, levels, lang),
        # Headings by control level only where some listed assignment has one.
        "grouped": any(e.control_level for e in digest.entries),
    }
    subject = " ".join(_template(lang, "subject.txt.j2").render(context).split())
    text = _template(lang, "body.txt.j2").render(context)
    html = _template(lang, "body.html.j2").render(context)
    return RenderedEmail(subject=subject, text=text, html=html, language=lang)
