"""Printing: Rich tables for people, JSON and CSV for scripts, one-line errors on stderr.

User text always goes into tables as :class:`rich.text.Text` (never parsed as markup) with
control characters made visible.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from taskboard.domain.text import spreadsheet_text, visible
from taskboard.i18n import _

if TYPE_CHECKING:
    # Rich is imported when a console or a table is needed: a JSON or CSV listing, and every
    # error line, do without it (≈ 25 ms of a read command's start-up).
    from rich.console import Console

FORMATS = ("table", "json", "csv")

_stdout: Console | None = None
_stderr: Console | None = None


def _color_system() -> Literal["auto"] | None:
    # https://no-color.org: a non-empty NO_COLOR means no colour codes, even on a terminal;
    # Rich alone would still write bold and dim, so no styling codes at all.
    return None if os.environ.get("NO_COLOR") else "auto"


def stdout() -> Console:
    """The console for results (no markup, no highlighting of user text)."""
    global _stdout
    if _stdout is None:
        from rich.console import Console

        _stdout = Console(highlight=False, soft_wrap=False, color_system=_color_system())
    return _stdout


def stderr() -> Console:
    """The console for messages and confirmations."""
    global _stderr
    if _stderr is None:
        from rich.console import Console

        _stderr = Console(stderr=True, highlight=False, color_system=_color_system())
    return _stderr


def info(message: str) -> None:
    """A friendly confirmation on stderr (stdout stays clean for scripts)."""
    from rich.text import Text

    stderr().print(Text(message))


def created(new_id: object, confirmation: str) -> None:
    """A new record's id alone on stdout (``id=$(taskboard add …)``), the words on stderr."""
    sys.stdout.write(f"{new_id}\n")
    sys.stdout.flush()
    info(confirmation)


def warning_line(message: str) -> None:
    """One warning line on stderr: ``taskboard: warning: …`` (the command goes on)."""
    text = " ".join(visible(message).split())
    sys.stderr.write(_("taskboard: warning: {message}").format(message=text) + "\n")
    sys.stderr.flush()


def error_line(message: str) -> None:
    """One error line on stderr: ``taskboard: error: …``."""
    text = " ".join(visible(message).split())
    sys.stderr.write(_("taskboard: error: {message}").format(message=text) + "\n")
    sys.stderr.flush()


@dataclass
class Column:
    """One column of a listing: its header, its value for JSON/CSV, its cell for tables."""

    key: str
    header: str
    value: Callable[[Any], Any]
    cell: Callable[[Any], str] | None = None
    justify: str = "left"
    max_width: int | None = None
    no_wrap: bool = False


def _csv_value(value: Any) -> str:
    """A value as a table cell's or a CSV cell's text (numbers as numbers, dates ISO)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_cell(value: Any) -> str:
    """A CSV cell: text that a spreadsheet would run as a formula is kept text."""
    cell = _csv_value(value)
    # Numbers stay numbers (a negative days_left is -5, not '-5); only text is guarded.
    if isinstance(value, str | list | tuple):
        return spreadsheet_text(cell)
    return cell


def _csv_lines(*groups: Iterable[Sequence[str]]) -> Iterable[str]:
    """CSV lines ending in ``\n``, with a cell holding a lone CR quoted too.

    The csv module quotes only the characters of its line terminator: with ``\n`` a cell
    ``a\rb`` went out bare and every reader split the row at the CR. Each row is written with
    ``\r\n`` (so CR and LF both quote) and its end turned back into ``\n``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for rows in groups:
        for row in rows:
            writer.writerow(row)
            line = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            yield line[:-2] + "\n"


def emit(
    items: Sequence[Any],
    columns: Sequence[Column],
    fmt: str,
    *,
    to_json: Callable[[Any], dict[str, Any]] | None = None,
    row_style: Callable[[Any], str] | None = None,
    title: str | None = None,
    empty: str | None = None,
) -> None:
    """Print ``items`` as a Rich table, a JSON array or CSV."""
    if fmt == "json":
        data = [
            to_json(item) if to_json else {c.key: c.value(item) for c in columns} for item in items
        ]
        write_json_array(data)
        return
    if fmt == "csv":
        rows = ([_csv_cell(c.value(item)) for c in columns] for item in items)
        sys.stdout.writelines(_csv_lines([[c.key for c in columns]], rows))
        return
    if not items and empty:
        info(empty)
        return
    print_table(items, columns, row_style=row_style, title=title)


JSON_BATCH = 2000
"""Rows of a long JSON list encoded at a time (:func:`write_json_array`)."""


def write_json_array(data: Any) -> None:
    """JSON (indented, UTF-8) on stdout: orjson encodes 25,000 rows in ~50 ms, json in ~400.

    A long list goes out :data:`JSON_BATCH` rows at a time, the same bytes as the whole list
    encoded at once: the overdue list of a million-assignment register is 235 MB of JSON,
    which whole (and copied once more for its newline) took most of a gigabyte.
    """
    if not isinstance(data, list | tuple) or len(data) <= JSON_BATCH:
        import orjson

        option = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
        _write_bytes([orjson.dumps(data, option=option, default=_json_default) + b"\n"])
    else:
        write_json_pieces(
            json_pieces(
                data[start : start + JSON_BATCH] for start in range(0, len(data), JSON_BATCH)
            )
        )


def json_pieces(batches: Iterable[Sequence[Any]]) -> list[bytes]:
    """Each non-empty batch of a JSON list encoded (indented, UTF-8) without its brackets, for
    :func:`write_json_pieces`: a long listing encoded as it is read, its rows let go batch
    by batch (``list --overdue --format json`` at 1,000,000 assignments)."""
    import orjson

    option = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
    # A list alone is "[\n  {…},\n  {…}\n]" at any length: each batch's middle, joined by
    # commas, between the whole list's brackets.
    return [
        orjson.dumps(batch, option=option, default=_json_default)[1:-2]
        for batch in batches
        if batch
    ]


def write_json_pieces(pieces: Sequence[bytes]) -> None:
    """The JSON list whose batches :func:`json_pieces` encoded, on stdout (as
    :func:`write_json_array` writes the whole list: the same bytes)."""
    if not pieces:
        _write_bytes([b"[]\n"])
        return
    _write_bytes([b"[", *_commas(pieces), b"\n]\n"])


def _commas(pieces: Sequence[bytes]) -> Iterator[bytes]:
    for k, piece in enumerate(pieces):
        if k:
            yield b","
        yield piece


def _write_bytes(chunks: Iterable[bytes]) -> None:
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    write = out.write if out is not None else _text_writer()  # text-only: tests capturing
    for chunk in chunks:
        write(chunk)
    if out is not None:
        out.flush()


def _text_writer() -> Any:
    def write(chunk: bytes | memoryview) -> None:
        sys.stdout.write(bytes(chunk).decode("utf-8"))

    return write


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_WIDE = re.compile("[\u1100-\U0010ffff]")
"""Characters that may take two terminal cells: only strings with one need Rich's lookup."""

_ONE_CELL = re.compile("[\x20-\u10ff\u2010-\u2027\u2030-\u205e\u2116]*")
"""Strings Rich measures as one cell a character: Russian text with «—», «…», «№» and quotes.

General punctuation (without the zero-width and direction characters of U+2028–U+202F and
U+205F–U+206F) and «№» are one cell in Rich's table (``tests/cli/test_table_rendering.py``
checks it), so a cell holding them is measured by ``len`` instead of ``cell_len``, which
the overdue list of a large register called for most of its rows.
"""


_UNTIDY = re.compile(
    r"[^\S ]|  |^ | $|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""What :func:`_one_line` changes: whitespace but single spaces inside, and the characters
:func:`taskboard.domain.text.visible` shows as codes."""


def _one_line(text: str) -> str:
    """A cell's text on one visible line (a text that needs nothing is returned as it is)."""
    return text if _UNTIDY.search(text) is None else " ".join(visible(text).split())


def _plain(text: str) -> bool:
    """Whether ``text`` (and so every piece of it) is measured by ``len``."""
    return not _WIDE.search(text) or _ONE_CELL.fullmatch(text) is not None


def _width(text: str) -> int:
    """The width of a cell in terminal cells: ``len`` unless it holds a wide character."""
    if _plain(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


_NOT_SIMPLE = re.compile("[^\x20-\x7e\xa1-\u061b\u061d-\u10ff\u2010-\u2027\u2030-\u205e\u2116\n]")
"""A character outside the simple cells' set: printable, one cell wide, not whitespace but the
space, nothing :func:`_one_line` changes (``tests/cli/test_table_rendering.py`` checks the
set against :data:`_UNTIDY` and :data:`_ONE_CELL`); the newline is the separator of
:func:`_simple`."""


def _simple(cells: list[str]) -> bool:
    """Whether every one of ``cells`` is on one tidy line and one cell a character: what
    :func:`_one_line` returns as it is and :func:`_width` measures by ``len``.

    The cells are checked together, joined by newlines: a handful of scans in C instead of
    two regular expressions per cell.
    """
    joined = "\n".join(cells)
    return (
        joined.count("\n") == len(cells) - 1  # no cell holds a newline of its own
        and _NOT_SIMPLE.search(joined) is None
        and "  " not in joined
        and "\n " not in joined
        and " \n" not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
    )


_WRAPS: dict[int, re.Pattern[str]] = {}


def _split_words(text: str, width: int) -> list[str]:
    """Greedy word wrap of a tidy one-cell-per-character string (a regular expression: 5x
    faster than a loop over the words, which was 5x faster than textwrap).

    Each line takes as many whole words as fit; a word longer than ``width`` starts a line
    of its own and is cut every ``width`` characters, its rest beginning the next line.
    """
    wrap = _WRAPS.get(width)
    if wrap is None:
        wrap = _WRAPS[width] = re.compile(f"(.{{1,{width}}})(?: |\\Z)|([^ ]{{{width}}})")
    return [whole or cut for whole, cut in wrap.findall(text)] or [""]


def _wrap(text: str, width: int, size: int) -> list[str]:
    if size <= width:
        return [text]
    if size == len(text):
        return _split_words(text, width)
    from rich.text import Text

    return [line.plain for line in Text(text).wrap(stdout(), width)] or [""]


def _pad(text: str, width: int, justify: str, size: int | None = None) -> str:
    gap = width - (_width(text) if size is None else size)
    if gap <= 0:
        return text
    return " " * gap + text if justify == "right" else text + " " * gap


def _fit(widths: list[int], columns: Sequence[Column], available: int) -> list[int]:
    """Shrink the widest wrappable columns until the table fits the terminal."""
    widths = list(widths)
    overhead = 3 * len(widths) + 1
    while sum(widths) + overhead > available:
        candidates = [i for i, c in enumerate(columns) if not c.no_wrap and widths[i] > 8]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


_SYSTEMS = ("standard", "256", "truecolor", "windows")
"""Rich's names of the colour systems a console may have."""


def _coloured(console: Console) -> bool:
    """Whether ``console`` writes styles at all (not to a file or a pipe, not NO_COLOR)."""
    return (console.color_system or "") in _SYSTEMS


def _painter(console: Console) -> Callable[[str, str], str]:
    """A function that wraps a line in the ANSI codes of a Rich style, if the console has colour."""
    from rich.color import ColorSystem
    from rich.style import Style

    systems = dict(
        zip(
            _SYSTEMS,
            (
                ColorSystem.STANDARD,
                ColorSystem.EIGHT_BIT,
                ColorSystem.TRUECOLOR,
                ColorSystem.WINDOWS,
            ),
            strict=True,
        )
    )
    system = systems.get(console.color_system or "")
    if system is None:
        return lambda text, _style: text
    cache: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if not style:
            return text
        parsed = cache.get(style) or cache.setdefault(style, Style.parse(style))
        return parsed.render(text, color_system=system)

    return paint


_BLOCK = 256
"""Cells checked together by :func:`_simple` (one odd cell sends its block the slow way)."""


def _measure(cells: list[str]) -> tuple[list[str], list[int], list[bool]]:
    """Each cell on one line (:func:`_one_line`), its width in terminal cells, and whether
    it and every piece of it are measured by ``len`` (:func:`_plain`)."""
    lines: list[str] = []
    sizes: list[int] = []
    by_len: list[bool] = []
    for start in range(0, len(cells), _BLOCK):
        block = cells[start : start + _BLOCK]
        if _simple(block):
            lines.extend(block)
            sizes.extend(map(len, block))
            by_len.extend([True] * len(block))
        else:
            tidy = [_one_line(cell) for cell in block]
            lines.extend(tidy)
            sizes.extend(map(_width, tidy))
            by_len.extend(map(_plain, tidy))
    return lines, sizes, by_len


def _cells_of(column: Column, items: list[Any]) -> list[str]:
    """What a table shows in ``column`` for each item (its cell, else its value as text)."""
    if column.cell is not None:
        return list(map(column.cell, items))
    return list(map(_csv_value, map(column.value, items)))


def print_table(
    items: Iterable[Any],
    columns: Sequence[Column],
    *,
    row_style: Callable[[Any], str] | None = None,
    title: str | None = None,
) -> None:
    """A table in Rich's look (heavy head, light body); every cell is plain text, never markup.

    Rich's ``Table`` measures every cell through its renderable protocol, which takes about
    8 s for 25,000 rows here; this renderer computes the widths once from the strings and
    wraps only the cells that overflow, so the overdue list of a large register prints in
    well under a second. It works a column at a time: the cells of a column are checked in
    blocks (:func:`_simple`), and a row whose cells are all measured by ``len`` is laid out
    by one ``str.format`` per line. Styles are applied to whole rows with Rich ``Text``.
    """
    console = stdout()
    items = list(items)
    count = len(items)
    spans = range(len(columns))
    texts: list[list[str]] = []
    sizes: list[list[int]] = []
    widths = [_width(c.header) for c in columns]
    # Rows that one str.format per line lays out: every cell measured by len.
    plain = [True] * count
    for i, column in enumerate(columns):
        cells, measured, by_len = _measure(_cells_of(column, items))
        texts.append(cells)
        sizes.append(measured)
        if measured:
            widths[i] = max(widths[i], max(measured))
        if not all(by_len):
            plain = [a and b for a, b in zip(plain, by_len, strict=True)]
    widths = [
        min(w, c.max_width) if c.max_width else w for w, c in zip(widths, columns, strict=True)
    ]
    if console.is_terminal:
        widths = _fit(widths, columns, console.width)
    justify = [c.justify for c in columns]
    blanks = [" " * w for w in widths]
    # One line of a row whose cells are all measured by len: str.format pads by len.
    template = (
        "│ "
        + " │ ".join(f"{{:{'>' if justify[i] == 'right' else '<'}{widths[i]}}}" for i in spans)
        + " │"
    )
    # The columns each row overflows, to be wrapped (most rows: none, or the text alone).
    overflows: list[list[int] | None] = [None] * count
    for i in spans:
        width = widths[i]
        if sizes[i] and max(sizes[i]) > width:
            for k in [k for k, size in enumerate(sizes[i]) if size > width]:
                found = overflows[k]
                if found is None:
                    overflows[k] = [i]
                else:
                    found.append(i)
    empty_row = [""] * len(columns)
    # A continuation line of one wrapped cell: the blank line around that cell's piece.
    blank_line = template.format(*empty_row)
    edges = []
    for i in spans:
        start = 2 + sum(widths[j] + 3 for j in range(i))
        edges.append((blank_line[:start], blank_line[start + widths[i] :], justify[i] == "right"))

    def line(left: str, fill: str, middle: str, right: str) -> str:
        return left + middle.join(fill * (w + 2) for w in widths) + right

    def body(cells: Sequence[str], cell_sizes: Sequence[int], edge: str) -> list[str]:
        inner = f" {edge} "
        if all(cell_sizes[i] <= widths[i] for i in spans):  # the common case: one line per row
            padded = [_pad(cells[i], widths[i], justify[i], cell_sizes[i]) for i in spans]
            return [f"{edge} {inner.join(padded)} {edge}"]
        wrapped = [_wrap(cells[i], widths[i], cell_sizes[i]) for i in spans]
        # The lines of a cell measured by len are measured by len again, not one by one.
        measured = [
            [cell_sizes[i]]
            if cell_sizes[i] <= widths[i]
            else [len(piece) for piece in wrapped[i]]
            if _plain(cells[i])
            else [_width(piece) for piece in wrapped[i]]
            for i in spans
        ]
        height = max(len(lines) for lines in wrapped)
        start, end = f"{edge} ", f" {edge}"
        out = []
        for k in range(height):
            parts = []
            for i in spans:
                lines = wrapped[i]
                if k < len(lines):
                    gap = widths[i] - measured[i][k]
                    text = lines[k]
                    if gap > 0:
                        text = " " * gap + text if justify[i] == "right" else text + " " * gap
                    parts.append(text)
                else:
                    parts.append(blanks[i])
            out.append(start + inner.join(parts) + end)
        return out

    def wrapped_plain(cells: Sequence[str], wrapping: list[int]) -> list[str]:
        """The lines of a row of cells measured by len, those of ``wrapping`` wider than
        their columns."""
        first = list(cells)
        if len(wrapping) == 1:  # the common case: the text alone wraps
            i = wrapping[0]
            lines = _split_words(cells[i], widths[i])
            first[i] = lines[0]
            before, after, right = edges[i]
            out = [template.format(*first)]
            for piece in lines[1:]:
                padded = piece.rjust(widths[i]) if right else piece.ljust(widths[i])
                out.append(before + padded + after)
            return out
        pieces = []
        for i in wrapping:
            lines = _split_words(cells[i], widths[i])
            first[i] = lines[0]
            pieces.append((i, lines))
        out = [template.format(*first)]
        for k in range(1, max(len(lines) for _i, lines in pieces)):
            rest = empty_row.copy()
            for i, lines in pieces:
                if k < len(lines):
                    rest[i] = lines[k]
            out.append(template.format(*rest))
        return out

    headers = [c.header for c in columns]
    head = [
        line("┏", "━", "┳", "┓"),
        *body(headers, [_width(h) for h in headers], "┃"),
        line("┡", "━", "╇", "┩"),
    ]
    foot = line("└", "─", "┴", "┘")
    paint = _painter(console)
    styles = [row_style(item) for item in items] if row_style and _coloured(console) else None
    out = console.file
    if title:
        out.write(paint(title, "italic") + "\n")
    out.write("\n".join(paint(h, "bold") for h in head) + "\n")
    chunk: list[str] = []
    for k, row in enumerate(zip(*texts, strict=True)):
        wrapping = overflows[k]
        if not plain[k]:
            lines = body(row, [column_sizes[k] for column_sizes in sizes], "│")
        elif wrapping is not None:
            lines = wrapped_plain(row, wrapping)
        else:
            lines = [template.format(*row)]
        if styles is not None and styles[k]:
            style = styles[k]
            chunk.extend(paint(t, style) for t in lines)
        else:
            chunk.extend(lines)
        if len(chunk) > 2000:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")
    out.write(foot + "\n")
    out.flush()
