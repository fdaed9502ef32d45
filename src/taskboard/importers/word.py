"""Reading a Word document (.docx): its paragraphs as lines of text.

Protocols and lists of assignments often arrive from the secretariat as Word files. Their
paragraphs, in order (an empty paragraph is a blank line), are the text the protocol reader
takes; tables are read row by row, cells joined by a tab, after the paragraphs that precede
them. Reading uses python-docx.
"""

from __future__ import annotations

import io
import zipfile

from taskboard.errors import InvalidInput
from taskboard.i18n import domain

_, ngettext = domain("importers")


def document_text(payload: bytes, name: str) -> str:
    """The text of the Word document ``payload`` (a clear error for anything else)."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(payload))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise InvalidInput(
            _("«{name}» is not a Word document (.docx); save it as .docx or plain text.").format(
                name=name
            )
        ) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise InvalidInput(_("«{name}» is empty: there is nothing to import.").format(name=name))
    return text + "\n"
