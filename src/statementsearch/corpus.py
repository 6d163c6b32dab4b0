"""Read corpus files as clean Unicode text: the only place that touches statement bytes.

Bytes -> text: BOM (UTF-8, UTF-16, UTF-32), CRLF/CR -> LF, Zawgyi Burmese -> Unicode
(detected per line with ``myanmartools``, converted with ICU's ``Zawgyi-my``), NFC.
A file that is not text is reported by name and skipped; the others still load.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from statementsearch.errors import CorpusError
from statementsearch.model import Notice, Statement

STATEMENT_SUFFIXES = (".txt", ".md")
# Files in corpus/ that are not statements.
NOT_STATEMENTS = frozenset({"readme.md", "readme.txt"})
# A corpus file larger than this is refused rather than read into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
# A file with more lines than this is not a statement (the real one has ~300 lines; the
# longest lists run to a few thousand). Parsing is linear, but a million short Zawgyi
# lines still take ~20 s, so refusing them keeps every file's time bounded (~2 s).
MAX_FILE_LINES = 100_000
# Zawgyi is detected and converted per piece of at most this many characters: ICU's
# transliterator is superlinear in its input (a 1.6 M-character line took 14 s).
ZAWGYI_CHUNK = 4096
# Google's guidance for myanmartools: above 0.95 the text is Zawgyi.
ZAWGYI_THRESHOLD = 0.95

_C = "\u1000-\u1021"  # Burmese consonants
# Sequences that are invalid or unused in Unicode Burmese but routine in Zawgyi. The
# statistical detector (pure Python, ~70 us a line) only runs on lines that show one:
# lines without any are Unicode or read the same in both encodings.
_ZAWGYI_SIGNAL = re.compile(
    # Every alternative starts with a literal so the scan is fast; lookbehinds come after.
    "[\u105a\u1060-\u1097]"  # Zawgyi's precomposed stacks and ligatures
    f"|\u1039(?![{_C}])"  # Zawgyi's asat is U+1039: a virama that stacks nothing
    f"|\u1031(?<![{_C}\u103b-\u103e]\u1031)"  # e-vowel typed before its consonant
    f"|\u103b(?<![{_C}]\u103b)"  # ya-yit (U+103B in Zawgyi) typed before its consonant
    "|[\u1033\u1034]"  # Zawgyi's short u / long u variants
    "|\u1036\u102f"  # anusvara before u (Unicode orders u first)
    "|\u103a[\u102b-\u1032\u1036]"  # U+103A is Zawgyi's medial ya; Unicode's asat ends
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, LF, CR, form feed: their presence means "binary".
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


@dataclass(frozen=True)
class SourceText:
    """A corpus file's text, ready to parse, and what reading it had to change."""

    path: str
    text: str
    notices: tuple[Notice, ...] = ()


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


@functools.cache
def _zawgyi_detector() -> object:
    from myanmartools import ZawgyiDetector

    # myanmartools 1.2 loads its model with importlib.resources.open_binary, deprecated
    # since Python 3.11; the warning is theirs, not ours, so silence exactly that one.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "open_binary is deprecated", DeprecationWarning)
        return ZawgyiDetector()


@functools.cache
def _zawgyi_converter() -> object:
    import icu

    return icu.Transliterator.createInstance("Zawgyi-my")


def is_zawgyi(text: str) -> bool:
    """Say whether Burmese text is Zawgyi-encoded.  "ျမန္မာ" -> True;  "မြန်မာ" -> False"""
    if not _ZAWGYI_SIGNAL.search(text):
        return False
    probability: float = _zawgyi_detector().get_zawgyi_probability(text)  # type: ignore[attr-defined]
    return probability > ZAWGYI_THRESHOLD


def zawgyi_to_unicode(text: str) -> str:
    """Convert Zawgyi-encoded text to Unicode Burmese.  "ျမန္မာ" -> "မြန်မာ" """
    converted: str = _zawgyi_converter().transliterate(text)  # type: ignore[attr-defined]
    return converted


def convert_zawgyi(text: str) -> tuple[str, list[int]]:
    """Convert every Zawgyi line to Unicode; return the text and the 1-based lines converted.

    Detection is per line because one file can mix Zawgyi and Unicode passages.
    Query text goes through this too (see ``search``).
    """
    if not _ZAWGYI_SIGNAL.search(text):  # one scan: most files have no Zawgyi at all
        return text, []
    lines = text.split("\n")
    converted: list[int] = []
    for number, line in enumerate(lines, start=1):
        if len(line) <= ZAWGYI_CHUNK:
            if is_zawgyi(line):
                lines[number - 1] = zawgyi_to_unicode(line)
                converted.append(number)
            continue
        pieces = _split_long_line(line)
        changed = False
        for k, piece in enumerate(pieces):
            if is_zawgyi(piece):
                pieces[k], changed = zawgyi_to_unicode(piece), True
        if changed:
            lines[number - 1] = "".join(pieces)
            converted.append(number)
    return "\n".join(lines), converted


_BREAKS = (" ", "\t", "\u104b", "\u104a")  # where a piece may end: spaces, ။ and ၊


def _split_long_line(line: str) -> list[str]:
    """Cut a long line into pieces of at most ZAWGYI_CHUNK characters, after a space or
    Burmese punctuation when there is one (a syllable is never cut there), hard otherwise.
    """
    pieces: list[str] = []
    start = 0
    while len(line) - start > ZAWGYI_CHUNK:
        end = start + ZAWGYI_CHUNK
        cut = max(line.rfind(b, start + ZAWGYI_CHUNK // 2, end) for b in _BREAKS) + 1
        if cut <= start:
            cut = end
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


def normalise_text(text: str) -> tuple[str, list[int]]:
    """Zawgyi -> Unicode, then NFC. Return the text and the lines that were Zawgyi."""
    text, zawgyi_lines = convert_zawgyi(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, zawgyi_lines


def read_source(path: str | os.PathLike[str]) -> SourceText:
    """Read one corpus file as text; raise CorpusError naming the file if it is not text."""
    name = str(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise CorpusError(name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise CorpusError(name, f"cannot read: {exc.strerror or exc}") from None
    text = decode_bytes(data, name)
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_FILE_LINES:
        raise CorpusError(name, f"file has {lines:,} lines; the limit is {MAX_FILE_LINES:,}")
    text, zawgyi_lines = normalise_text(text)
    notices: tuple[Notice, ...] = ()
    if zawgyi_lines:
        shown = ", ".join(str(n) for n in zawgyi_lines[:10])
        more = " ..." if len(zawgyi_lines) > 10 else ""
        notices = (
            Notice(
                "zawgyi_converted",
                f"{len(zawgyi_lines)} line(s) of Zawgyi Burmese converted to Unicode "
                f"(lines {shown}{more})",
                zawgyi_lines[0],
            ),
        )
    return SourceText(name, text, notices)


def statement_id(path: str | os.PathLike[str]) -> str:
    """The statement id: the file name without its extension.  "corpus/a-b.txt" -> "a-b" """
    return Path(path).stem


def iter_statement_files(corpus_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield the statement files of a corpus directory in a stable (sorted) order."""
    root = Path(corpus_dir)
    if not root.is_dir():
        raise CorpusError(str(root), "corpus directory does not exist")
    for entry in sorted(root.iterdir()):
        if (
            entry.is_file()
            and entry.suffix.lower() in STATEMENT_SUFFIXES
            and entry.name.lower() not in NOT_STATEMENTS
            and not entry.name.startswith(".")
        ):
            yield entry


@dataclass(frozen=True)
class CorpusLoad:
    """Everything read from a corpus directory: parsed statements and per-file errors."""

    statements: tuple[Statement, ...]
    errors: tuple[CorpusError, ...]
    files_seen: int


def load_statement(path: str | os.PathLike[str]) -> Statement:
    """Read and parse one statement file; raise CorpusError if it is not text."""
    from statementsearch.parsing import parse_statement

    source = read_source(path)
    return parse_statement(
        source.text, statement_id(path), path=source.path, notices=source.notices
    )


def _load_or_error(path: Path) -> Statement | CorpusError:
    try:
        return load_statement(path)
    except CorpusError as exc:
        return exc


def load_corpus(
    corpus_dir: str | os.PathLike[str], *, workers: int = 1, chunksize: int = 32
) -> CorpusLoad:
    """Read and parse every statement file; a bad file becomes an error, never a stop.

    Two files with the same id (``a.txt`` and ``a.md``) are both reported and both skipped:
    picking one silently would make the other's signatories vanish.
    ``workers`` > 1 parses in that many processes (worth it from a few hundred files).
    """
    paths = list(iter_statement_files(corpus_dir))
    by_id: dict[str, list[Path]] = {}
    for path in paths:
        by_id.setdefault(statement_id(path), []).append(path)
    errors: list[CorpusError] = []
    unique: list[Path] = []
    for sid, group in by_id.items():
        if len(group) > 1:
            names = " and ".join(str(p) for p in group)
            errors.append(
                CorpusError(names, f"{len(group)} files share the statement id {sid!r}; rename one")
            )
        else:
            unique.append(group[0])
    if workers > 1 and len(unique) > chunksize:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_load_or_error, unique, chunksize=chunksize))
    else:
        results = [_load_or_error(path) for path in unique]
    statements: list[Statement] = []
    for result in results:
        if isinstance(result, CorpusError):
            errors.append(result)
        else:
            statements.append(result)
    return CorpusLoad(tuple(statements), tuple(errors), len(paths))
