"""The hostile-string corpus end to end: every string through every face, exact and inert.

One register holds every string of :mod:`tests.hostile` (and a megabyte of text) in every
role a person can type it: an owner's name, a co-executor's name, a meeting's title, an
assignment's text, a tag and a progress note. Then the journey: ``show``, ``list`` (table,
JSON, CSV), ``person list`` and ``meeting list``, ``export`` (JSON and CSV), ``import`` of
the export into a fresh database and ``export`` again, ``report`` in every format, ``remind``
through a real SMTP server (aiosmtpd) and the terminal UI (Textual's Pilot). Each face either
keeps the text exactly (the database, JSON) or shows it inertly: no raw control character or
direction control reaches a terminal, a mail client or a page, markup prints as typed, no
CSV or XLSX cell is a formula, no header or recipient is added to an e-mail.

Besides the journey: ``list --search`` with wildcards and quotes, ``show`` in a real process
on a pseudo-terminal, the TUI's add form, and the refusals (NUL anywhere, an address holding
a header). What the intake does on purpose: names, texts and tags are trimmed
(``"\\t=1+1"`` is stored as ``=1+1``); meeting titles and notes are kept as typed.
"""

from __future__ import annotations

import contextlib
import csv
import email
import email.policy
import html
import io
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest

from taskboard.domain.text import visible, visible_line
from tests import hostile
from tests.conftest import TODAY, Result
from tests.reminders.conftest import Handler as SmtpHandler
from tests.reminders.conftest import SmtpServer, free_port

pytestmark = pytest.mark.slow

CORPUS: tuple[str, ...] = (*hostile.ALL, hostile.MEGABYTE)
"""Every string the journey carries, each in every role (NUL is refused: its own tests)."""

ACTOR = "Тестов Т.Т."
DUE = "20.11.2026"
"""Four days overdue on the tests' today (2026-11-24): every owner gets a reminder."""

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""What must never reach a terminal, a page or a mail client raw: C0/C1 controls but tab and
line feed, and the direction controls."""

FORMULA_START = tuple("=+-@\t\r")

XLSX_CELL_LIMIT = 32_767
"""Characters an Excel cell holds (the megabyte text is cut there)."""

CSV_FIELD_LIMIT = 131_072
"""The csv module's default limit on a cell (the megabyte text is one cell)."""


@contextlib.contextmanager
def _long_cells() -> Iterator[None]:
    """The csv module reads the megabyte cell here (its default limit is left as it was)."""
    old = csv.field_size_limit(2**24)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _short(text: str) -> str:
    """``text`` for an assertion message: a megabyte would drown the report."""
    return repr(text if len(text) <= 80 else text[:60] + f"…({len(text)} chars)")


def _flat(text: str) -> str:
    """``text`` without white space and table rules: what survives wrapping into cells."""
    return re.sub(r"[\s│┃║|]+", "", text)


def _trimmed(text: str) -> str:
    """What the intake stores for a name, a text or a tag: trimmed, otherwise as typed."""
    return text.strip()


@dataclass(frozen=True)
class Entry:
    """One corpus string and the records it made."""

    text: str
    person: int
    """The person named ``text`` (owner of ``assignment``, co-executor of the next one)."""
    meeting: int
    """The meeting titled ``text``."""
    assignment: int
    """The assignment whose text, tag and note are ``text``."""


@dataclass(frozen=True)
class Journey:
    """The register every test reads (copied first by those that write)."""

    path: Path
    entries: tuple[Entry, ...]
    spare: int
    """A plain person: co-executor of the first assignment."""

    def co_executor(self, index: int) -> Entry | None:
        """The entry whose person is the co-executor of entry ``index``'s assignment."""
        return self.entries[index - 1] if index > 0 else None


def call(db: Path | str, *args: str) -> Result:
    """``taskboard --db DB ARGS`` in-process through the real entry point (NUL can be passed
    here, unlike in a process's arguments)."""
    from taskboard.cli.app import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["--db", str(db), *args])
    return Result(code, out.getvalue(), err.getvalue())


def ok(result: Result) -> str:
    """The output of a command that must succeed."""
    assert result.code == 0, result.err[:500]
    return result.out


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journey]:
    """Every corpus string typed through ``person add``, ``meeting add``, ``add`` and ``note``."""
    from taskboard import i18n

    home = tmp_path_factory.mktemp("hostile")
    config = home / "config.toml"
    config.write_text(f'actor = "{ACTOR}"\n', encoding="utf-8")
    config.chmod(0o600)
    path = home / "register.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TASKBOARD_TODAY", TODAY.isoformat())
        mp.setenv("TASKBOARD_CONFIG", str(config))
        mp.setenv("TASKBOARD_LANG", "en")
        mp.delenv("TASKBOARD_DB", raising=False)
        i18n.set_language("en")
        spare = int(
            ok(call(path, "person", "add", "Запасной Иван", "--email", "spare@example.org"))
        )
        entries: list[Entry] = []
        for i, text in enumerate(CORPUS):
            person = int(
                ok(
                    call(
                        path,
                        "person",
                        "add",
                        "--namesake",
                        "--email",
                        f"p{i}@example.org",
                        "--",
                        text,
                    )
                )
            )
            meeting = int(ok(call(path, "meeting", "add", "--date", "01.11.2026", "--", text)))
            co = entries[-1].person if entries else spare
            added = ok(
                call(
                    path,
                    "add",
                    f"--owner={person}",
                    f"--co={co}",
                    f"--meeting={meeting}",
                    f"--tag={text}",
                    f"--due={DUE}",
                    "--",
                    text,
                )
            )
            assignment = int(added.split()[0])
            ok(call(path, "note", str(assignment), "--", text))
            entries.append(Entry(text, person, meeting, assignment))
    i18n.set_language("en")
    yield Journey(path, tuple(entries), spare)


def copy_of(journey: Journey, target: Path) -> Path:
    """A private copy of the register, for a test that writes (reminders are recorded)."""
    shutil.copyfile(journey.path, target)
    return target


def assert_inert(face: str, where: str) -> None:
    """Nothing in ``face`` acts on a terminal, a page or a mail client."""
    found = RAW.search(face)
    assert found is None, f"{where}: raw {found.group()!r} at {found.start()}" if found else ""


# --- add → show ---------------------------------------------------------------------------


def test_show_json_gives_back_every_field_exactly(journey: Journey) -> None:
    failures: list[str] = []
    for i, entry in enumerate(journey.entries):
        data = json.loads(ok(call(journey.path, "show", str(entry.assignment), "--format", "json")))
        co = journey.co_executor(i)
        expected = {
            "text": _trimmed(entry.text),
            "owner": _trimmed(entry.text),
            "meeting": entry.text,
            "tags": [_trimmed(entry.text)],
            "co_executors": [_trimmed(co.text) if co else "Запасной Иван"],
            "notes": [entry.text],
        }
        got = {
            **{k: data[k] for k in ("text", "owner", "meeting", "tags")},
            "co_executors": [c if isinstance(c, str) else c["name"] for c in data["co_executors"]],
            "notes": [n["text"] for n in data["notes"]],
        }
        for key, value in expected.items():
            if got[key] != value:
                failures.append(f"{_short(entry.text)} {key}: {_short(str(got[key]))}")
    assert not failures, "\n".join(failures[:20])


def test_show_card_shows_every_string_visibly_and_nothing_raw(journey: Journey) -> None:
    failures: list[str] = []
    for entry in journey.entries:
        out = ok(call(journey.path, "show", str(entry.assignment)))
        found = RAW.search(out)
        if found:
            failures.append(f"{_short(entry.text)}: raw {found.group()!r}")
        if _flat(visible(_trimmed(entry.text))) not in _flat(out):
            failures.append(f"{_short(entry.text)}: not shown as typed")
    assert not failures, "\n".join(failures[:20])


# --- list --------------------------------------------------------------------------------


def test_list_table_is_inert_and_shows_the_text_as_typed(journey: Journey) -> None:
    out = ok(call(journey.path, "list", "--sort", "id"))
    assert_inert(out, "list")
    cells = _table_cells(out)
    for entry in journey.entries:
        text, owner = cells[entry.assignment][2:4]
        assert _flat(text) == _flat(visible(_trimmed(entry.text))), _short(entry.text)
        assert _flat(owner) == _flat(visible(_trimmed(entry.text))), _short(entry.text)


def _table_cells(out: str) -> dict[int, list[str]]:
    """The cells of a Rich table by the id in its first column, wrapped lines joined."""
    rows: dict[int, list[str]] = {}
    current: list[str] = []
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = line.split("│")[1:-1]
        if cells[0].strip():
            current = [""] * len(cells)
            rows[int(cells[0])] = current
        for n, cell in enumerate(cells):
            current[n] += cell
    return rows


def test_list_json_is_exact_and_list_csv_holds_no_formula(journey: Journey) -> None:
    rows = json.loads(ok(call(journey.path, "list", "--sort", "id", "--format", "json")))
    assert [r["text"] for r in rows] == [_trimmed(e.text) for e in journey.entries]
    assert [r["tags"] for r in rows] == [[_trimmed(e.text)] for e in journey.entries]
    with _long_cells():
        cells = list(csv.DictReader(io.StringIO(ok(call(journey.path, "list", "--format", "csv")))))
    assert len(cells) == len(journey.entries)
    by_id = {int(c["id"]): c for c in cells}
    for entry in journey.entries:
        row = by_id[entry.assignment]
        for column in ("text", "owner", "tags"):
            cell = row[column]
            assert not cell.startswith(FORMULA_START), (_short(entry.text), column)
            from taskboard.domain.text import from_spreadsheet

            assert from_spreadsheet(cell) == _trimmed(entry.text), (_short(entry.text), column)


def test_person_and_meeting_lists_are_inert_exact_and_formula_free(journey: Journey) -> None:
    from taskboard.domain.text import from_spreadsheet

    for command, column in (("person", "full_name"), ("meeting", "title")):
        assert_inert(ok(call(journey.path, command, "list")), f"{command} list")
        listed = json.loads(ok(call(journey.path, command, "list", "--format", "json")))
        by_id = {row["id"]: row[column] for row in listed}
        with _long_cells():
            rows = list(
                csv.DictReader(
                    io.StringIO(ok(call(journey.path, command, "list", "--format", "csv")))
                )
            )
        cells = {int(row["id"]): row[column] for row in rows}
        for entry in journey.entries:
            key = entry.person if command == "person" else entry.meeting
            expected = _trimmed(entry.text) if command == "person" else entry.text
            assert by_id[key] == expected, (command, _short(entry.text))
            assert not cells[key].startswith(FORMULA_START), (command, _short(entry.text))
            assert from_spreadsheet(cells[key]) == expected, (command, _short(entry.text))


@pytest.mark.parametrize("fragment", ["%", "_", "'", '"', "\\", "[", "*", ";--", "{{"])
def test_search_takes_wildcards_quotes_and_brackets_literally(
    journey: Journey, fragment: str
) -> None:
    rows = json.loads(
        ok(call(journey.path, "list", "--search", fragment, "--format", "json", "--sort", "id"))
    )
    expected = [e.assignment for e in journey.entries if fragment in _trimmed(e.text)]
    assert [r["id"] for r in rows] == expected


def test_show_on_a_real_terminal_sends_no_escape_of_the_user_text(
    journey: Journey, tmp_path: Path
) -> None:
    """A real process with its stdout on a pseudo-terminal (colours on): the OSC hyperlink and
    title, BEL and the direction override of the text reach the terminal only as text."""
    import os

    from tests.cli.test_user_text import _on_a_terminal

    env = {**os.environ, "TASKBOARD_TODAY": TODAY.isoformat(), "TASKBOARD_LANG": "en"}
    env.pop("NO_COLOR", None)
    for text in (hostile.OSC, hostile.RLO, hostile.CONTROLS):
        (entry,) = [e for e in journey.entries if e.text == text]
        shown = _on_a_terminal(["--db", str(journey.path), "show", str(entry.assignment)], env)
        assert b"\x1b]" not in shown and b"\x07" not in shown and b"\x08" not in shown
        assert "\x9b".encode() not in shown and "\u202e".encode() not in shown
        assert visible(text).split()[0].encode() in shown


# --- export → import → export -------------------------------------------------------------

DATA_SECTIONS = ("people", "meetings", "assignments", "notes", "extensions", "events", "reminders")
"""The export's data; the header (format, schema, exported_at, audit fields…) may change."""


def _data(raw: str) -> dict[str, object]:
    document = json.loads(raw)
    return {key: document[key] for key in DATA_SECTIONS}


def _section_bytes(raw: str) -> dict[str, str]:
    """Each data section exactly as written in the file (wherever the header puts its keys)."""
    decoder = json.JSONDecoder()
    spans: dict[str, str] = {}
    for key in DATA_SECTIONS:
        start = raw.index(f'\n  "{key}": ') + len(f'\n  "{key}": ')
        _value, end = decoder.raw_decode(raw, start)
        spans[key] = raw[start:end]
    return spans


def test_export_json_is_exact_and_imports_back_to_the_same_export(
    journey: Journey, tmp_path: Path
) -> None:
    exported = tmp_path / "export.json"
    ok(call(journey.path, "export", "--output", str(exported)))
    raw = exported.read_text("utf-8")
    data = _data(raw)
    people = {p["id"]: p["full_name"] for p in data["people"]}  # type: ignore[attr-defined]
    meetings = {m["id"]: m["title"] for m in data["meetings"]}  # type: ignore[attr-defined]
    assignments = {a["id"]: a for a in data["assignments"]}  # type: ignore[attr-defined]
    notes = {n["assignment_id"]: n["text"] for n in data["notes"]}  # type: ignore[attr-defined]
    for entry in journey.entries:
        assert people[entry.person] == _trimmed(entry.text), _short(entry.text)
        assert meetings[entry.meeting] == entry.text, _short(entry.text)
        assert assignments[entry.assignment]["text"] == _trimmed(entry.text), _short(entry.text)
        assert assignments[entry.assignment]["tags"] == [_trimmed(entry.text)], _short(entry.text)
        assert notes[entry.assignment] == entry.text, _short(entry.text)

    fresh = tmp_path / "fresh.db"
    ok(call(fresh, "import", str(exported)))
    again = tmp_path / "again.json"
    ok(call(fresh, "export", "--output", str(again)))
    again_raw = again.read_text("utf-8")
    assert _data(again_raw) == data
    assert _section_bytes(again_raw) == _section_bytes(raw)  # byte for byte, header aside


def test_export_csv_holds_no_formula_and_keeps_every_character(
    journey: Journey, tmp_path: Path
) -> None:
    from taskboard.domain.text import from_spreadsheet

    out = tmp_path / "export.csv"
    ok(call(journey.path, "export", "--format", "csv", "--bom", "--output", str(out)))
    with _long_cells():
        rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(_csv_text(out)))}
    assert len(rows) == len(journey.entries)
    for entry in journey.entries:
        row = rows[entry.assignment]
        for column, expected in (
            ("text", _trimmed(entry.text)),
            ("owner", _trimmed(entry.text)),
            ("tags", _trimmed(entry.text)),
            ("meeting", entry.text),
        ):
            cell = row[column]
            assert not cell.startswith(FORMULA_START), (_short(entry.text), column)
            assert from_spreadsheet(cell) == expected, (_short(entry.text), column)


def _csv_text(path: Path) -> str:
    """A CSV file's text with its line ends as written (a CR in a cell is a character)."""
    return path.read_bytes().decode("utf-8-sig")


def test_csv_export_of_every_text_imports_back_exactly(tmp_path: Path) -> None:
    """Texts come back exactly; a tag holding «;» or «,» comes back split (the column is a
    list separated by them: docs/import-export.md)."""
    from taskboard.domain.intake import split_names

    source, fresh = tmp_path / "source.db", tmp_path / "fresh.db"
    for db in (source, fresh):
        ok(call(db, "person", "add", "Сандалов Михаил"))
    texts = [_trimmed(t) for t in CORPUS]
    for text in texts:
        ok(call(source, "add", "--owner=1", f"--due={DUE}", f"--tag={text}", "--", text))
    exported = tmp_path / "export.csv"
    ok(call(source, "export", "--format", "csv", "--bom", "--output", str(exported)))
    assert csv.field_size_limit() == CSV_FIELD_LIMIT  # the megabyte cell is past it
    ids = ok(call(fresh, "import", str(exported))).split()
    assert len(ids) == len(texts)
    assert csv.field_size_limit() == CSV_FIELD_LIMIT
    rows = json.loads(ok(call(fresh, "list", "--sort", "id", "--format", "json")))
    assert [r["text"] for r in rows] == texts
    assert [sorted(r["tags"]) for r in rows] == [sorted(set(split_names(t))) for t in texts]


# --- report ------------------------------------------------------------------------------


def _report(journey: Journey, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"report.{fmt}"
    ok(call(journey.path, "report", "--format", fmt, "--output", str(out)))
    return out


def test_report_json_keeps_the_exact_text(journey: Journey, tmp_path: Path) -> None:
    document = json.loads(_report(journey, tmp_path, "json").read_text("utf-8"))
    overdue = {row["id"]: row for row in document["overdue"]}
    for entry in journey.entries:
        row = overdue[entry.assignment]
        assert row["text"] == _trimmed(entry.text), _short(entry.text)
        assert row["owner"] == _trimmed(entry.text), _short(entry.text)
    owners = {row["owner_id"]: row["owner"] for row in document["by_owner"]}
    meetings = {row["meeting_id"]: row["meeting"] for row in document["by_meeting"]}
    for entry in journey.entries:
        assert owners[entry.person] == _trimmed(entry.text), _short(entry.text)
        assert meetings[entry.meeting] == entry.text, _short(entry.text)


def test_report_html_escapes_and_shows_every_string(journey: Journey, tmp_path: Path) -> None:
    page = _report(journey, tmp_path, "html").read_text("utf-8")
    assert_inert(page, "html")
    assert "<script>alert" not in page and "<img src=x" not in page
    shown = _flat(html.unescape(re.sub(r"<[^>]*>", " ", page)))
    for entry in journey.entries:
        assert _flat(visible(_trimmed(entry.text))) in shown, _short(entry.text)


def test_report_markdown_is_inert(journey: Journey, tmp_path: Path) -> None:
    page = _report(journey, tmp_path, "md").read_text("utf-8")
    assert_inert(page, "md")
    assert "<script>" not in page and "[bold]" not in page
    unescaped = _flat(re.sub(r"\\(.)", r"\1", page))
    for entry in journey.entries:
        assert _flat(visible(_trimmed(entry.text))) in unescaped, _short(entry.text)


def test_report_csv_holds_no_formula_and_keeps_the_exact_text(
    journey: Journey, tmp_path: Path
) -> None:
    from taskboard.domain.text import from_spreadsheet

    text = _csv_text(_report(journey, tmp_path, "csv"))
    with _long_cells():
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    kept = {from_spreadsheet(c) for c in cells}
    missing = [_short(e.text) for e in journey.entries if _trimmed(e.text) not in kept]
    assert not missing, missing


def test_report_xlsx_cells_are_strings_never_formulas(journey: Journey, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(_report(journey, tmp_path, "xlsx"))
    values: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values.add(cell.value)
    # The workbook keeps a control character as OOXML's «_x001B_», which Excel reads back
    # as the character; a cell holds at most Excel's 32,767 characters.
    decoded = {re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), v) for v in values}
    for entry in journey.entries:
        assert _trimmed(entry.text)[:XLSX_CELL_LIMIT] in decoded, _short(entry.text)


# --- remind ------------------------------------------------------------------------------


def _smtp_config(tmp_path: Path, port: int) -> Path:
    config = tmp_path / "smtp.toml"
    config.write_text(
        f'actor = "{ACTOR}"\n[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
        'from = "Контроль поручений <control@example.org>"\n',
        encoding="utf-8",
    )
    config.chmod(0o600)
    return config


def _dry_run_bodies(dry: str) -> list[str]:
    return dry.replace("\r\n", "\n").split("=" * 72)


def test_reminders_add_no_header_or_recipient_and_read_as_the_dry_run(
    journey: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_of(journey, tmp_path / "remind.db")
    server = SmtpServer(port=free_port(), handler=SmtpHandler())
    monkeypatch.setenv("TASKBOARD_CONFIG", str(_smtp_config(tmp_path, server.port)))
    dry = ok(call(db, "remind", "--dry-run"))
    server.start()
    try:
        result = call(db, "remind", "--verbose")
    finally:
        server.stop()
    assert result.code == 0, result.err[:500]
    assert_inert(result.out, "remind summary")
    assert_inert(result.err, "remind --verbose")
    for line in result.err.splitlines():
        assert not line.startswith(("Bcc", "sent to Forged")), line

    received = server.handler.received
    addresses = {f"p{i}@example.org" for i in range(len(journey.entries))} | {"spare@example.org"}
    assert sorted(r.rcpt_tos[0] for r in received) == sorted(addresses)
    for message_received in received:
        assert len(message_received.rcpt_tos) == 1
        (rcpt,) = message_received.rcpt_tos
        message = email.message_from_bytes(message_received.raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        assert "Bcc" not in message and "Cc" not in message, rcpt
        (to,) = message["To"].addresses
        assert to.addr_spec == rcpt
        for header in ("To", "Subject", "From"):
            value = str(message[header])
            assert "\r" not in value and "\n" not in value, (rcpt, header)
            assert_inert(value, f"{rcpt} {header}")
        text_part = message.get_body(("plain",))
        html_part = message.get_body(("html",))
        assert text_part is not None and html_part is not None
        text = text_part.get_content().replace("\r\n", "\n")
        page = html_part.get_content()
        assert_inert(text, f"{rcpt} text part")
        assert_inert(page, f"{rcpt} html part")
        assert "<script>alert" not in page and "<img src=x" not in page
        assert text.strip() in dry.replace("\r\n", "\n"), f"{rcpt}: text part ≠ --dry-run"
    owner_of = {f"p{i}@example.org": e for i, e in enumerate(journey.entries)}
    for message_received in received:
        entry = owner_of.get(message_received.rcpt_tos[0])
        if entry is None:
            continue
        message = email.message_from_bytes(message_received.raw, policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        page = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        page_text = html.unescape(re.sub(r"<[^>]*>", " ", page))
        expected = _flat(visible(_trimmed(entry.text)))
        assert expected in _flat(text), _short(entry.text)
        assert expected in _flat(page_text), _short(entry.text)


def test_an_address_with_a_header_in_it_is_refused_and_nothing_is_written(
    journey: Journey, tmp_path: Path
) -> None:
    db = copy_of(journey, tmp_path / "address.db")
    before = ok(call(db, "person", "list", "--format", "json"))
    result = call(db, "person", "add", "Иванов Иван", "--email", hostile.ADDRESS_INJECTION)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert "\r" not in result.err and "Traceback" not in result.err
    assert ok(call(db, "person", "list", "--format", "json")) == before


def test_a_name_with_a_header_in_it_is_one_line_of_the_verbose_log(
    journey: Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = copy_of(journey, tmp_path / "log.db")
    server = SmtpServer(port=free_port(), handler=SmtpHandler())
    monkeypatch.setenv("TASKBOARD_CONFIG", str(_smtp_config(tmp_path, server.port)))
    server.start()
    try:
        result = call(db, "remind", "--verbose")
    finally:
        server.stop()
    assert result.code == 0, result.err[:500]
    lines = result.err.splitlines()
    assert len([line for line in lines if line.startswith("sent to ")]) == len(CORPUS) + 1
    assert any(visible_line(hostile.HEADER_INJECTION) in line for line in lines)
    assert not any(line.startswith("Bcc") for line in lines)


# --- the terminal UI ---------------------------------------------------------------------


async def test_the_tui_shows_every_string_as_typed_in_the_table_and_details(
    journey: Journey,
) -> None:
    from taskboard.config import Settings
    from taskboard.storage.database import open_database
    from taskboard.tui.app import TaskboardApp
    from tests.tui.conftest import settle, wait_until
    from tests.tui.helpers import details, screen_text, table

    database = open_database(journey.path)
    try:
        app = TaskboardApp(database=database, settings=Settings(actor=ACTOR), poll_seconds=5)
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            t = table(app)
            assert await wait_until(pilot, lambda: len(t.rows) == len(journey.entries))
            index_of = {row.id: i for i, row in t.rows.items()}
            failures: list[str] = []
            for entry in journey.entries:
                index = index_of[entry.assignment]
                assert t.rows[index].text == _trimmed(entry.text), _short(entry.text)
                t.move_to(index)
                await settle(pilot, rounds=2)
                shown = details(app)
                line = "".join(s.text for s in t.render_line(index - int(t.scroll_y) + 1))
                screen = screen_text(app)
                for face, name in ((shown, "details"), (line, "row"), (screen, "screen")):
                    found = RAW.search(face)
                    if found:
                        failures.append(f"{_short(entry.text)} {name}: raw {found.group()!r}")
                expected = _flat(visible(_trimmed(entry.text)))
                if expected not in _flat(shown):
                    failures.append(f"{_short(entry.text)}: details do not show it as typed")
                start = _flat(visible(_trimmed(entry.text)).split("\n")[0])[:20]
                if start not in _flat(line):
                    failures.append(f"{_short(entry.text)}: row does not show {start!r}")
                if start not in _flat(screen):
                    failures.append(f"{_short(entry.text)}: screen does not show {start!r}")
            assert not failures, "\n".join(failures[:20])
    finally:
        database.dispose()


# --- refused: NUL ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("add", "--owner=1", f"--due={DUE}", "--", hostile.NUL),
        ("add", "--owner=1", f"--due={DUE}", f"--tag={hostile.NUL}", "--", "Текст"),
        ("note", "1", "--", hostile.NUL),
        ("person", "add", "--", hostile.NUL),
        ("meeting", "add", "--date", "01.11.2026", "--", hostile.NUL),
        ("edit", "1", "--text", hostile.NUL),
    ],
    ids=["text", "tag", "note", "person", "meeting", "edit"],
)
def test_a_nul_is_refused_in_one_line_and_nothing_is_written(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = tmp_path / "nul.db"
    ok(call(db, "person", "add", "Сандалов Михаил"))
    ok(call(db, "add", "--owner=1", f"--due={DUE}", "--", "Текст"))
    before = _data(ok(call(db, "export")))
    result = call(db, *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "taskboard: error: A text cannot contain the NUL character (\\x00); nothing was saved.\n"
    )
    assert _data(ok(call(db, "export"))) == before


def test_a_json_export_holding_a_nul_is_refused_and_restores_nothing(tmp_path: Path) -> None:
    source, fresh = tmp_path / "source.db", tmp_path / "fresh.db"
    ok(call(source, "person", "add", "Сандалов Михаил"))
    ok(call(source, "add", "--owner=1", f"--due={DUE}", "--", "Текст"))
    document = json.loads(ok(call(source, "export")))
    document["assignments"][0]["text"] = hostile.NUL
    planted = tmp_path / "nul.json"
    planted.write_text(json.dumps(document), encoding="utf-8")
    result = call(fresh, "import", str(planted))
    assert result.code == 2
    assert result.err.endswith(
        "A text cannot contain the NUL character (\\x00); nothing was saved.\n"
    )
    assert len(result.err.splitlines()) == 1
    restored = _data(ok(call(fresh, "export")))
    assert restored["assignments"] == [] and restored["people"] == []


FORM_CORPUS = (
    hostile.MARKUP,
    hostile.ANSI,
    hostile.OSC,
    hostile.RLO,
    hostile.ZERO_WIDTH,
    hostile.CRLF,
    hostile.CR,
    hostile.FORMULAS[0],
    hostile.CONTROLS,
    hostile.HTML,
    hostile.SQL[0],
    hostile.TEMPLATES[0],
    hostile.TEMPLATES[1],
    hostile.HEADER_INJECTION,
    hostile.LINE_SEPARATORS,
)
"""One string of each kind for the TUI's form (each save costs a reload: about 1.5 s here)."""


async def test_the_tui_form_saves_every_string_exactly_and_refuses_a_nul(tmp_path: Path) -> None:
    """The add form (``n``) as a person types: each string is saved as typed (trimmed), the
    new row shows it inertly; a NUL keeps the form open with the one-line refusal."""
    from textual.widgets import Input, TextArea

    from taskboard.config import Settings
    from taskboard.storage.database import open_database
    from taskboard.tui.app import TaskboardApp
    from taskboard.tui.modals import AssignmentForm
    from tests.tui.conftest import settle
    from tests.tui.helpers import notifications, table

    def fill(app: TaskboardApp, widget_id: str, value: str) -> None:
        field = app.screen.query_one(f"#{widget_id}")
        if isinstance(field, TextArea):
            field.text = value
        else:
            app.screen.query_one(f"#{widget_id}", Input).value = value

    path = tmp_path / "form.db"  # a small register: each save reloads the table
    ok(call(path, "person", "add", "Запасной Иван"))
    database = open_database(path)
    texts = [*FORM_CORPUS, hostile.NUL]
    try:
        app = TaskboardApp(database=database, settings=Settings(actor=ACTOR), poll_seconds=5)
        async with app.run_test(size=(200, 50)) as pilot:
            await settle(pilot)
            for text in texts:
                await pilot.press("n")
                await settle(pilot, rounds=2)
                assert isinstance(app.screen, AssignmentForm)
                fill(app, "text", text)
                fill(app, "owner", "Запасной")
                fill(app, "due", "01.12.2026")
                fill(app, "tags", "форма")
                await settle(pilot, rounds=2)
                await pilot.press("ctrl+s")
                await settle(pilot)
                if text is hostile.NUL:
                    assert isinstance(app.screen, AssignmentForm), "a NUL must not be saved"
                    assert notifications(app)[-1] == (
                        "A text cannot contain the NUL character (\\x00); nothing was saved."
                    )
                    await pilot.press("escape")
                    await settle(pilot)
                else:
                    assert not isinstance(app.screen, AssignmentForm), _short(text)
            assert len(table(app).rows) == len(texts) - 1
    finally:
        database.dispose()
    rows = json.loads(ok(call(path, "list", "--format", "json")))
    # Textual's TextArea holds lines: what str.splitlines() breaks at (VT, FF, NEL, U+2028…)
    # becomes a line feed when typed or pasted into it; CR LF stays.
    typed = [re.sub("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", "\n", _trimmed(t)) for t in texts[:-1]]
    assert sorted(r["text"] for r in rows) == sorted(typed)
