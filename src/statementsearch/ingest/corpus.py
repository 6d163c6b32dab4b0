"""Read corpus files as clean Unicode text: the only place that touches statement bytes.

Bytes -> text: BOM (UTF-8, UTF-16, UTF-32), CRLF/CR -> LF, Zawgyi Burmese -> Unicode
(detected per line with ``myanmartools``, converted with ICU's ``Zawgyi-my``), NFC.
A file that is not text is reported by name and skipped; the others still load.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from statementsearch.errors import CorpusError
from statementsearch.model import Notice, Statement
from statementsearch.text.normalise import normalise_text

STATEMENT_SUFFIXES = (".txt", ".md")
# Files in corpus/ that are not statements.
NOT_STATEMENTS = frozenset({"readme.md", "readme.txt"})
# A corpus file larger than this is refused rather than read into memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
# A file with more lines than this is not a statement (the real one has ~300 lines; the
# longest lists run to a few thousand). Parsing is linear, but a million short Zawgyi
# lines still take ~20 s, so refusing them keeps every file's time bounded (~2 s).
MAX_FILE_LINES = 100_000
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
    """"utf-16-le" / "utf-16-be" when bytes without a BOM are plainly UTF-16 text, else None.

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


def resolves_outside(path: str | os.PathLike[str]) -> bool:
    """True when a corpus entry (a symlink) resolves to a file outside its directory.

    Such an entry is refused, never read: ``ln -s /etc/passwd corpus/x.txt`` must not
    publish the file. A link to another file in the same directory is fine.
    """
    entry = Path(path)
    return entry.resolve().parent != entry.parent.resolve()


def read_source(path: str | os.PathLike[str]) -> SourceText:
    """Read one corpus file as text; raise CorpusError naming the file if it is not text."""
    name = str(path)
    if resolves_outside(path):
        raise CorpusError(
            name, "is a link to a file outside the corpus directory; refused (copy the file in)"
        )
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


def iter_skipped_entries(corpus_dir: str | os.PathLike[str]) -> Iterator[str]:
    """Say why each entry of a corpus directory that is not read is skipped.

    Subfolders, hidden files and files of other kinds are not statements; saying so keeps
    a statement saved as ``x.markdown`` or into a subfolder from vanishing without a word.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        return
    for entry in sorted(root.iterdir()):
        name = entry.name
        if name.lower() in NOT_STATEMENTS or name == "curation.toml":
            continue
        if name.startswith("."):
            yield f"{entry}: skipped: hidden file (its name starts with '.')"
        elif entry.is_dir():
            yield f"{entry}: skipped: a folder (statements in subfolders are not read)"
        elif not entry.is_file():
            yield f"{entry}: skipped: not a regular file"
        elif entry.suffix.lower() not in STATEMENT_SUFFIXES:
            kinds = ", ".join(STATEMENT_SUFFIXES)
            yield f"{entry}: skipped: not a statement file ({kinds})"


@dataclass(frozen=True)
class CorpusLoad:
    """Everything read from a corpus directory: parsed statements and per-file errors."""

    statements: tuple[Statement, ...]
    errors: tuple[CorpusError, ...]
    files_seen: int


def load_statement(path: str | os.PathLike[str]) -> Statement:
    """Read and parse one statement file; raise CorpusError if it is not text."""
    from statementsearch.ingest.parsing import parse_statement

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
