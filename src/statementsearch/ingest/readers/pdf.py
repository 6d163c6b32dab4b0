"""Read a PDF with poppler's ``pdftotext``: Burmese comes out exact and in logical order.

Measured against pypdfium2, pdfminer.six and PyMuPDF on PDFs printed by Chromium and
exported by LibreOffice (docs/benchmarks.md, "PDF text extractors"): only ``pdftotext``
kept every Burmese signatory name exact from Chromium's PDFs. It runs as a subprocess with
a time limit (``PDF_TIMEOUT``), so a hostile file cannot hang a rebuild, and it writes to
a pipe, never to disk.

Layout: ``-bbox-layout`` gives each line with its box, in poppler's reading order (columns
are read one after the other). A line starts a new paragraph (a blank line) when it is
further below the previous one than lines of its size usually are, or when it moves up
(a new column). A Burmese line that ended because its next word did not fit, and goes on
in Burmese, is joined to the next without a space: Burmese wraps at any syllable, often
inside a word (``အဖွဲ့|အစည်း``), where the parser would otherwise miss a declared total.
English lines stay as they are (the parser joins wrapped names). Pages are separated by
a line holding only ``\\f`` for the parser's page furniture rules. LibreOffice's PDFs put
spaces inside Burmese words (before a vowel sign or a killed consonant, where no word can
start): those spaces are removed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import statistics
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from statementsearch.errors import CorpusError
from statementsearch.ingest.readers import Document
from statementsearch.model import Notice

# A PDF with more pages than this is refused (a statement with a long list runs to ~20).
MAX_PDF_PAGES = 300
# pdftotext gets this long per file; a file that takes longer is reported and skipped.
PDF_TIMEOUT = 60.0
INSTALL_HINT = "install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils)"
_NS = "{http://www.w3.org/1999/xhtml}"
# A line this much further below the previous one than usual starts a paragraph.
_PARAGRAPH_GAP = 1.3
# A space before a combining Myanmar sign, or before a consonant killed by asat (U+103A),
# is never a word boundary in Unicode Burmese: LibreOffice's PDFs put one there.
_SPACE_IN_BURMESE_WORD = re.compile(
    r"(?<=[\u1000-\u109f]) +(?=[\u102b-\u103e\u1056-\u1059]|[\u1000-\u1021]\u1037?\u103a)"
)
# A wrapped Burmese line ends inside a sentence (not at ။ or ၊) and the next line starts
# with a Burmese letter (not a list number such as ၁။, not a bullet).
_BURMESE_END = re.compile(r"[\u1000-\u1049\u104c-\u109f]$")
_BURMESE_START = re.compile(r"[\u1000-\u102a\u103f\u104c-\u104f]")
_FILE_NAME_TITLE = re.compile(r"\S+\.(?:html?|pdf|docx?|txt)", re.IGNORECASE)


def find_pdftotext() -> str | None:
    """The pdftotext executable, or None when poppler-utils is not installed."""
    return shutil.which("pdftotext")


def _run(path: Path) -> bytes:
    exe = find_pdftotext()
    if exe is None:
        raise CorpusError(str(path), f"cannot read PDFs: pdftotext is missing; {INSTALL_HINT}")
    command = [exe, "-bbox-layout", "-enc", "UTF-8", "-l", str(MAX_PDF_PAGES + 1)]
    try:
        done = subprocess.run(
            [*command, "-q", str(path), "-"], capture_output=True, timeout=PDF_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        raise CorpusError(
            str(path), f"pdftotext took longer than {PDF_TIMEOUT:.0f} s; skipped"
        ) from None
    if done.returncode != 0:
        # -q silences poppler's messages; run again without it to say why.
        again = subprocess.run(
            [*command, str(path), "-"], capture_output=True, timeout=PDF_TIMEOUT, check=False
        )
        why = again.stderr.decode("utf-8", "replace")
        if "password" in why.lower():
            raise CorpusError(
                str(path), "encrypted PDF (needs a password): save an unprotected copy"
            )
        first = next((line for line in why.splitlines() if line.strip()), "")
        raise CorpusError(
            str(path), f"not a readable PDF (corrupt or truncated?): {first or 'pdftotext failed'}"
        )
    return done.stdout


def _page_text(page: ET.Element) -> str:
    """One page's lines in reading order, a blank line between paragraphs; a Burmese line
    that ends because its next word did not fit, and goes on in Burmese, is joined to the
    next line.
    """
    lines: list[tuple[float, float, float, float, str]] = []  # top, height, right, next, text
    lefts: list[float] = []
    for line in page.iter(f"{_NS}line"):
        words = [w for w in line.iter(f"{_NS}word") if w.text]
        if not words:
            continue
        top, bottom = float(line.get("yMin", 0)), float(line.get("yMax", 0))
        first = float(words[0].get("xMax", 0)) - float(words[0].get("xMin", 0))
        text = " ".join(w.text or "" for w in words)
        lines.append((top, max(bottom - top, 0.1), float(line.get("xMax", 0)), first, text))
        lefts.append(float(line.get("xMin", 0)))
    # How far below the previous line a line usually is, for its height.
    ratios = [(b[0] - a[0]) / a[1] for a, b in itertools.pairwise(lines) if b[0] > a[0]]
    usual = statistics.median(ratios) if ratios else 0.0
    # The text column's right edge, taking the margins as equal (as Word, LibreOffice and
    # browsers print); without the page width, the widest line.
    width = float(page.get("width", 0))
    edge = width - min(lefts) if width and lefts else max((ln[2] for ln in lines), default=0)
    out: list[str] = []
    for k, (top, height, _right, first, text) in enumerate(lines):
        if k:
            prev_top, prev_height, prev_right, _, prev_text = lines[k - 1]
            step = (top - prev_top) / prev_height
            if step <= 0 or step > usual * _PARAGRAPH_GAP:
                out.append("")
            elif (
                prev_right + first + height * 0.25 > edge  # the next word did not fit
                and _BURMESE_END.search(prev_text)
                and _BURMESE_START.match(text)
            ):
                # Burmese wraps at any syllable, mostly where no space was: "အဖွဲ့|အစည်း".
                out[-1] += text
                continue
        out.append(text)
    return "\n".join(out)


def _join_title(text: str, title: str | None) -> str:
    """Join a title that wrapped over several lines back into one line, when the PDF's
    Title property says what it is (compared without spaces: Burmese wraps mid-word).
    "Stop the\\nAirstrikes" + "Stop the Airstrikes" -> "Stop the Airstrikes"
    """
    if not title:
        return text
    want = "".join(title.split())
    lines = text.split("\n")
    for start in range(min(len(lines), 12)):
        joined = ""
        for end in range(start, min(len(lines), start + 6)):
            joined += "".join(lines[end].split())
            if not joined or not want.startswith(joined):
                break
            if joined == want:
                if end == start:
                    break
                return "\n".join([*lines[:start], title, *lines[end + 1 :]])
    return text


def _date(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        return None


def read_pdf(path: Path) -> Document:
    """Read a PDF's text layer; refuse scans, encrypted and broken files by name."""
    output = _run(path)
    try:
        root = ET.fromstring(output)
    except ET.ParseError as exc:
        raise CorpusError(str(path), f"pdftotext gave unreadable output ({exc})") from None
    pages = list(root.iter(f"{_NS}page"))
    if len(pages) > MAX_PDF_PAGES:
        message = f"more than {MAX_PDF_PAGES} pages; the limit is {MAX_PDF_PAGES}"
        raise CorpusError(str(path), message)
    texts = [_page_text(page) for page in pages]
    if not any(t.strip() for t in texts):
        raise CorpusError(str(path), f"no text layer: needs OCR ({len(pages)} page(s), no text)")
    notices: list[Notice] = []
    empty = [str(n) for n, t in enumerate(texts, 1) if not t.strip()]
    if empty:
        notices.append(
            Notice(
                "pdf_pages_without_text",
                f"page(s) {', '.join(empty[:10])} have no text layer (scanned?): not read",
            )
        )
    text, spaces = _SPACE_IN_BURMESE_WORD.subn("", "\n\f\n".join(texts))
    if spaces:
        notices.append(
            Notice("pdf_burmese_spaces", f"{spaces} space(s) inside Burmese words removed")
        )
    head = root.find(f"{_NS}head")
    title_el = head.find(f"{_NS}title") if head is not None else None
    title = " ".join((title_el.text or "").split()) if title_el is not None else ""
    if _FILE_NAME_TITLE.fullmatch(title):
        title = ""  # Chromium names a page without <title> after its file
    created = None
    if head is not None:
        for meta in head.iter(f"{_NS}meta"):
            if meta.get("name") == "CreationDate":
                created = _date(meta.get("content"))
    return Document(
        _join_title(text, title) + "\n",
        "pdf",
        tuple(notices),
        pages=len(pages),
        title=title or None,
        date=created,
        date_from="the PDF's creation date",
    )
