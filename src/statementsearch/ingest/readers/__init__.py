"""Turn one corpus file into the text the statement parser reads, one module per format.

``read_document(path)`` picks the reader by suffix: ``text`` (.txt, .md), ``pdf`` (poppler's
``pdftotext``), ``docx`` (python-docx), ``html`` (selectolax). Every reader returns plain
text with LF line ends, paragraphs separated by blank lines and list items one per line
(``1. name`` / ``- name``); PDF pages are separated by a line holding only a form feed
(``\\f``). The text then goes through the same Zawgyi conversion and NFC as text files.
A file a reader cannot read raises ``CorpusError`` naming the file; the corpus loader
reports it and goes on with the other files. Readers never write files.

This package must never import ``identity``, ``indexing``, ``search`` or ``web``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from statementsearch.errors import CorpusError
from statementsearch.model import Notice
from statementsearch.text.normalise import normalise_text

# A file larger than this is refused before it is read (text, HTML).
MAX_FILE_BYTES = 20 * 1024 * 1024
# PDF and Word files carry fonts and pictures: their cap is higher.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
# A file with more lines than this is not a statement (the real one has ~300 lines; the
# longest lists run to a few thousand). Parsing is linear, but a million short Zawgyi
# lines still take ~20 s, so refusing them keeps every file's time bounded (~2 s).
MAX_FILE_LINES = 100_000
# Visual-order Burmese left after Zawgyi conversion: the e-vowel typed before its consonant
# (and medials), where Unicode puts it after them; it can start no word.
_VISUAL_ORDER = re.compile("(?<![\u1000-\u103f])\u1031([\u1000-\u1021][\u103b-\u103e]*)")


@dataclass(frozen=True)
class Document:
    """What a reader made of one file: text for the parser, and what it noticed."""

    text: str
    reader: str  # "text", "pdf", "docx" or "html"
    notices: tuple[Notice, ...] = ()
    pages: int | None = None  # PDFs only
    # Fallbacks from the file's own properties (PDF/DOCX metadata, <title>, <time>):
    # used only where the text itself says nothing.
    title: str | None = None
    date: dt.date | None = None
    date_from: str = ""  # where ``date`` came from, for the notice when it is used
    source: str | None = None


# suffix -> reader name; the reader functions are imported when first needed.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}
# What the original file is served as (the statement page's "Original" link).
MEDIA_TYPES = {
    "text": "text/plain",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


def _reader(name: str) -> Callable[[Path], Document]:
    if name == "pdf":
        from statementsearch.ingest.readers.pdf import read_pdf

        return read_pdf
    if name == "docx":
        from statementsearch.ingest.readers.docx import read_docx

        return read_docx
    if name == "html":
        from statementsearch.ingest.readers.html import read_html

        return read_html
    from statementsearch.ingest.readers.text import read_text

    return read_text


def reader_for(path: str | os.PathLike[str]) -> str | None:
    """The reader that reads this file, or None.  "a.PDF" -> "pdf";  "a.odt" -> None"""
    return FORMATS.get(Path(path).suffix.lower())


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read one corpus file with the reader for its suffix; raise CorpusError naming it."""
    file = Path(path)
    name = str(path)
    kind = FORMATS.get(file.suffix.lower(), "text")
    cap = MAX_DOCUMENT_BYTES if kind in ("pdf", "docx") else MAX_FILE_BYTES
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise CorpusError(name, f"cannot read: {exc.strerror or exc}") from None
    if size > cap:
        raise CorpusError(name, f"file is {size:,} bytes; the limit is {cap:,} for {kind} files")
    document = _reader(kind)(file)
    return _finish(document, name)


def _finish(document: Document, name: str) -> Document:
    """Apply the checks and normalisation every format shares: line cap, Zawgyi, NFC."""
    text = document.text
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_FILE_LINES:
        raise CorpusError(name, f"file has {lines:,} lines; the limit is {MAX_FILE_LINES:,}")
    text, zawgyi_lines = normalise_text(text)
    notices = list(document.notices)
    if zawgyi_lines:
        shown = ", ".join(str(n) for n in zawgyi_lines[:10])
        more = " ..." if len(zawgyi_lines) > 10 else ""
        notices.append(
            Notice(
                "zawgyi_converted",
                f"{len(zawgyi_lines)} line(s) of Zawgyi Burmese converted to Unicode "
                f"(lines {shown}{more})",
                zawgyi_lines[0],
            )
        )
    if document.reader != "text":
        text, moved = _VISUAL_ORDER.subn("\\1\u1031", text)
        if moved:
            notices.append(
                Notice(
                    "burmese_visual_order",
                    f"{moved} Burmese vowel sign(s) stood before their consonant (visual "
                    "order, as some PDF producers write it) and were moved after it; check "
                    "the extracted text",
                )
            )
    return replace(document, text=text, notices=tuple(notices))
