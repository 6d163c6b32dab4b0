"""Read a plain-text or Markdown statement: bytes -> text (BOM, UTF-16/32, CRLF -> LF).

A file that is not text is refused by name; front matter is the parser's to read.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from statementsearch.errors import CorpusError
from statementsearch.ingest.readers import Document

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, LF, CR, form feed: their presence means "binary".
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a file's bytes, refusing what is not text.

    b"\\xef\\xbb\\xbfHi\\r\\n" -> "Hi\\n";  UTF-16 with BOM -> text;  b"\\x00\\x01PK" -> CorpusError
    """
    if not data.strip():
        raise CorpusError(path, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body, used = data[len(bom) :], encoding
            break
    else:
        body, used = data, "utf-8"
    try:
        text = body.decode(used)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise CorpusError(
            path,
            f"not valid {used.upper()} text (byte {exc.start}); save the file as UTF-8",
            line=line,
        ) from None
    bad = _BINARY_CONTROLS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise CorpusError(path, "looks like a binary file, not text", line=line)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CorpusError(path, "the file is empty")
    return text


def read_text(path: Path) -> Document:
    """Read a .txt or .md statement."""
    try:
        # open(), not Path.read_bytes: the update tests count hashing reads with the latter.
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise CorpusError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return Document(decode_bytes(data, str(path)), "text")
