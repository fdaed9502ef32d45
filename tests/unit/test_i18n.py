"""Every message in the code has a Russian translation with the same placeholders."""

from __future__ import annotations

import re

import pytest

from taskboard import i18n
from taskboard.i18n import extract

PLACEHOLDER = re.compile(r"\{(\w*)[^}]*\}")


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("domain", extract.domains())
def test_every_message_is_translated_to_russian(domain: str) -> None:
    catalog = extract.load(domain)
    translated = {m.id: m.string for m in catalog if m.id}
    missing = []
    for key in extract.messages(domain):
        string = translated.get(key)
        if not string or (isinstance(string, tuple | list) and not all(string)):
            missing.append(key)
    assert missing == [], f"untranslated in {domain}.po (run python -m taskboard.i18n.extract)"


@pytest.mark.parametrize("domain", extract.domains())
def test_catalog_has_no_stale_messages(domain: str) -> None:
    wanted = set(extract.messages(domain))
    stale = [m.id for m in extract.load(domain) if m.id and m.id not in wanted]
    assert stale == []


@pytest.mark.parametrize("domain", extract.domains())
def test_translations_keep_the_placeholders(domain: str) -> None:
    wrong = []
    for message in extract.load(domain):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        expected = set().union(*(_names(i) for i in ids))
        for string in strings:
            if _names(string) - expected or (len(ids) == 1 and _names(string) != expected):
                wrong.append((message.id, string))
    assert wrong == []


def test_russian_plural_forms() -> None:
    i18n.set_language("ru")
    try:
        forms = [
            i18n.ngettext("{n} day overdue", "{n} days overdue", n).format(n=n)
            for n in (1, 3, 5, 21, 11)
        ]
    finally:
        i18n.set_language("en")
    assert forms == [
        "просрочено на 1 день",
        "просрочено на 3 дня",
        "просрочено на 5 дней",
        "просрочено на 21 день",
        "просрочено на 11 дней",
    ]


def test_language_is_taken_from_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LC_MESSAGES", "")
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.language_from_locale() == "ru"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.language_from_locale() == "en"


def test_c_locale_names_no_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.language_from_locale() is None


def test_no_message_is_translated_inside_an_f_string() -> None:
    """Babel cannot extract ``f"{_('x')}"``: such a message would never be translated."""
    import re
    from pathlib import Path

    import taskboard

    offenders = []
    for path in Path(taskboard.__file__).parent.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\{(_|ngettext)\(", line):
                offenders.append(f"{path.name}:{number}")
    assert offenders == []
