"""Read the corpus directory: which files are statements, each file -> a parsed Statement.

Each file is read by the reader for its format (``readers``: text, PDF, Word, web page),
which yields clean Unicode text (Zawgyi converted, NFC); the parser turns that into a
Statement; a ``NAME.meta.toml`` sidecar then overrides title, date, source and language,
and the document's own properties fill what the text left empty. A file that cannot be
read is reported by name and skipped; the others still load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from statementsearch.errors import CorpusError
from statementsearch.ingest.readers import (
    FORMATS,
    MAX_FILE_BYTES,
    MAX_FILE_LINES,
    Document,
    read_document,
)
from statementsearch.ingest.readers.meta import SIDECAR_SUFFIX, read_sidecar
from statementsearch.ingest.readers.text import decode_bytes
from statementsearch.model import Notice, Statement

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_FILE_LINES",
    "STATEMENT_SUFFIXES",
    "CorpusLoad",
    "Reading",
    "SourceText",
    "decode_bytes",
    "find_original",
    "iter_statement_files",
    "load_corpus",
    "load_statement",
    "read_source",
    "statement_id",
]

STATEMENT_SUFFIXES = tuple(FORMATS)
OUTSIDE = "is a link to a file outside the corpus directory; refused (copy the file in)"
# Files in corpus/ that are not statements.
NOT_STATEMENTS = frozenset({"readme.md", "readme.txt"})


@dataclass(frozen=True)
class SourceText:
    """A corpus file's text, ready to parse, and what reading it had to change."""

    path: str
    text: str
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Reading:
    """How a statement's file was read (``check`` shows it)."""

    reader: str  # "text", "pdf", "docx", "html"
    pages: int | None = None


def resolves_outside(path: str | os.PathLike[str]) -> bool:
    """True when a corpus entry (a symlink) resolves to a file outside its directory.

    Such an entry is refused, never read: ``ln -s /etc/passwd corpus/x.txt`` must not
    publish the file. A link to another file in the same directory is fine.
    """
    entry = Path(path)
    return entry.resolve().parent != entry.parent.resolve()


def read_source(path: str | os.PathLike[str]) -> SourceText:
    """Read one corpus file as text; raise CorpusError naming the file if it cannot be."""
    document = _read_inside(path)
    return SourceText(str(path), document.text, document.notices)


def _read_inside(path: str | os.PathLike[str]) -> Document:
    """``read_document``, refusing (never opening) a link that leads out of the corpus."""
    if resolves_outside(path):
        raise CorpusError(str(path), OUTSIDE)
    return read_document(path)


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
            and not entry.name.lower().endswith(SIDECAR_SUFFIX)
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


def find_original(corpus_dir: str | os.PathLike[str], sid: str) -> Path | None:
    """The file statement ``sid`` was read from, if it is still in the corpus directory.

    ``sid`` must be a plain file stem; a file that resolves outside the corpus directory
    (a symlink) is not returned. "a" -> corpus/a.pdf;  "../etc/passwd" -> None
    """
    root = Path(corpus_dir)
    if not sid or sid.startswith(".") or Path(sid).name != sid or "\0" in sid:
        return None
    found = [root / f"{sid}{suffix}" for suffix in STATEMENT_SUFFIXES]
    matches = [p for p in found if p.is_file()]
    if not matches and root.is_dir():  # an upper-case suffix: "a.PDF"
        matches = [p for p in iter_statement_files(root) if statement_id(p) == sid]
    if len(matches) != 1 or matches[0].name.lower() in NOT_STATEMENTS:
        return None
    target = matches[0].resolve()
    return target if target.is_relative_to(root.resolve()) else None


@dataclass(frozen=True)
class CorpusLoad:
    """Everything read from a corpus directory: parsed statements and per-file errors."""

    statements: tuple[Statement, ...]
    errors: tuple[CorpusError, ...]
    files_seen: int
    readings: dict[str, Reading] | None = None  # statement id -> how its file was read


def _apply_metadata(statement: Statement, path: str | os.PathLike[str], doc: Document) -> Statement:
    """Sidecar values win; the document's own properties fill only what the text left empty."""
    meta, notices = read_sidecar(path)
    warnings = list(statement.warnings) + list(notices)
    date = meta.date or statement.date
    if date is None and doc.date is not None:
        date = doc.date
        warnings.append(
            Notice(
                "date_from_document", f"no date in the text: took {doc.date} from {doc.date_from}"
            )
        )
    return replace(
        statement,
        title=meta.title or statement.title or doc.title,
        date=date,
        source=meta.source or statement.source or doc.source,
        language=meta.language or statement.language,
        warnings=tuple(warnings),
    )


def _load(path: str | os.PathLike[str]) -> tuple[Statement, Reading]:
    from statementsearch.ingest.parsing import parse_statement

    document = _read_inside(path)
    statement = parse_statement(
        document.text, statement_id(path), path=str(path), notices=document.notices
    )
    return _apply_metadata(statement, path, document), Reading(document.reader, document.pages)


def load_statement(path: str | os.PathLike[str]) -> Statement:
    """Read and parse one statement file; raise CorpusError naming it if it cannot be read."""
    return _load(path)[0]


def _load_or_error(path: Path) -> tuple[Statement, Reading] | CorpusError:
    try:
        return _load(path)
    except CorpusError as exc:
        return exc


def _read_all(
    paths: list[Path], workers: int, chunksize: int
) -> Iterator[tuple[Statement, Reading] | CorpusError]:
    if workers > 1 and len(paths) > chunksize:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(_load_or_error, paths, chunksize=chunksize)
    else:
        yield from map(_load_or_error, paths)


def load_corpus(
    corpus_dir: str | os.PathLike[str],
    *,
    workers: int = 1,
    chunksize: int = 32,
    done: Callable[[int, int], None] | None = None,
) -> CorpusLoad:
    """Read and parse every statement file; a bad file becomes an error, never a stop.

    Two files with the same id (``a.txt`` and ``a.md``) are both reported and both skipped:
    picking one silently would make the other's signatories vanish.
    ``workers`` > 1 parses in that many processes (worth it from a few hundred files).
    ``done(files read, files to read)`` is called as files are read (for progress lines).
    """
    paths = list(iter_statement_files(corpus_dir))
    by_id: dict[str, list[Path]] = {}
    for path in paths:
        by_id.setdefault(statement_id(path), []).append(path)
    errors: list[CorpusError] = []
    unique: list[Path] = []
    for path in paths:
        if resolves_outside(path):
            errors.append(CorpusError(str(path), OUTSIDE))
            by_id.pop(statement_id(path), None)
    for sid, group in by_id.items():
        if len(group) > 1:
            names = " and ".join(str(p) for p in group)
            errors.append(
                CorpusError(names, f"{len(group)} files share the statement id {sid!r}; rename one")
            )
        else:
            unique.append(group[0])
    statements: list[Statement] = []
    readings: dict[str, Reading] = {}
    for count, result in enumerate(_read_all(unique, workers, chunksize), 1):
        if done is not None:
            done(count, len(unique))
        if isinstance(result, CorpusError):
            errors.append(result)
        else:
            statements.append(result[0])
            readings[result[0].id] = result[1]
    return CorpusLoad(tuple(statements), tuple(errors), len(paths), readings)
