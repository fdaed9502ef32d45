"""Keeping the catalogs in step with the code: which strings each catalog domain needs.

A module belongs to the catalog domain it binds with ``domain("name")``, or to ``taskboard``
when it imports ``_``/``ngettext`` from :mod:`taskboard.i18n`. ``python -m taskboard.i18n.extract``
merges new strings into the Russian ``.po`` files (keeping every translation) and lists what
is left to translate; the test suite fails while anything is untranslated or stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po, write_po

from taskboard.i18n import LOCALE_DIR

PACKAGE = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
_DOMAIN = re.compile(r"""\bdomain\(\s*["'](\w+)["']\s*\)""")
_IMPORTS_UNDERSCORE = re.compile(r"from (taskboard[\w.]*) import [^\n]*\b(_|ngettext|N_)\b")


def domain_of(path: Path) -> str | None:
    """The catalog domain ``path``'s messages belong to (None: it has none).

    A module binds a domain itself (``_, ngettext = domain("tui")``) or imports ``_`` from a
    module that does (``from taskboard.tui.i18n import _``); ``taskboard.i18n`` is the
    ``taskboard`` domain.
    """
    source = path.read_text(encoding="utf-8")
    found = _DOMAIN.search(source)
    if found:
        return found.group(1)
    for match in _IMPORTS_UNDERSCORE.finditer(source):
        module = match.group(1)
        if module == "taskboard.i18n":
            return "taskboard"
        target = PACKAGE.parent.joinpath(*module.split(".")).with_suffix(".py")
        if not target.exists():
            target = PACKAGE.parent.joinpath(*module.split("."), "__init__.py")
        if target.exists() and target != path:
            bound = _DOMAIN.search(target.read_text(encoding="utf-8"))
            if bound:
                return bound.group(1)
    return None


def _sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or path.parent == PACKAGE / "i18n":
            continue
        yield path


def messages(domain: str) -> dict[str | tuple[str, str], list[tuple[str, int]]]:
    """Every message of ``domain`` in the code, with where it is used."""
    found: dict[str | tuple[str, str], list[tuple[str, int]]] = {}
    for path in _sources():
        if domain_of(path) != domain:
            continue
        with path.open("rb") as fh:
            for lineno, func, message, _comments in extract_python(fh, KEYWORDS, [], {}):
                key: str | tuple[str, str]
                if isinstance(message, tuple | list) and func == "ngettext":
                    key = (str(message[0]), str(message[1]))
                elif isinstance(message, tuple | list):
                    key = str(message[0] or "")  # _(message, lang): the language is no message
                else:
                    key = str(message or "")
                if not key:
                    continue
                found.setdefault(key, []).append((str(path.relative_to(PACKAGE)), lineno))
    return found


def domains() -> list[str]:
    """Every catalog domain used in the code."""
    return sorted({d for p in _sources() if (d := domain_of(p))})


def po_path(domain: str, lang: str = "ru") -> Path:
    """The ``.po`` file of ``domain`` in ``lang``."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def load(domain: str, lang: str = "ru") -> Catalog:
    """The catalog of ``domain`` (an empty one if the file does not exist)."""
    path = po_path(domain, lang)
    if not path.exists():
        return Catalog(locale=lang, domain=domain)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=domain)


def sync(domain: str, lang: str = "ru") -> list[str]:
    """Add new messages to the catalog, drop unused ones; return the untranslated ones."""
    catalog = load(domain, lang)
    wanted = messages(domain)
    template = Catalog(locale=lang, domain=domain)
    for key, locations in wanted.items():
        template.add(key, locations=locations)
    created = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.creation_date = created  # a sync that changes no message changes no byte
    catalog.obsolete.clear()
    path = po_path(domain, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    return [m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and not _done(m)]


def _done(message: object) -> bool:
    string = getattr(message, "string", None)
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def main() -> None:
    """``python -m taskboard.i18n.extract [DOMAIN…]``: sync Russian catalogs, list the gaps."""
    missing = 0
    for domain in sys.argv[1:] or domains():
        left = sync(domain)
        missing += len(left)
        for message in left:
            print(f"{domain}: untranslated: {message}")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
