"""Read a statement's metadata sidecar: ``NAME.meta.toml`` beside ``NAME.pdf`` (any format).

    source = "https://example.org/statements/2025-03-12"
    title = "Stop the Airstrikes"
    date = 2025-03-12            # a TOML date, or a string such as "12 March 2025"
    language = "en+my"

What the sidecar says wins over what is inferred from the text and over the document's own
properties. A sidecar that cannot be read, or a value that is wrong, is a notice naming the
sidecar; the statement still loads.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from statementsearch.ingest.dates import find_date
from statementsearch.model import Notice

SIDECAR_SUFFIX = ".meta.toml"
MAX_SIDECAR_BYTES = 64 * 1024
KEYS = ("source", "title", "date", "language")
_LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:\+[a-z]{2,3})*")


@dataclass(frozen=True)
class Metadata:
    source: str | None = None
    title: str | None = None
    date: dt.date | None = None
    language: str | None = None


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """The sidecar of a statement file.  "corpus/a.pdf" -> "corpus/a.meta.toml" """
    file = Path(path)
    return file.with_name(file.stem + SIDECAR_SUFFIX)


def _date(value: object) -> dt.date | str:
    """A date, or what is wrong with the value."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = find_date(value)
        if found is not None and found.date is not None:
            return found.date
    return f"date {value!r} is not a date (write date = YYYY-MM-DD)"


def read_sidecar(path: str | os.PathLike[str]) -> tuple[Metadata, tuple[Notice, ...]]:
    """Read the sidecar of ``path`` if there is one: (metadata, notices naming the sidecar)."""
    side = sidecar_path(path)
    if not side.is_file():
        return Metadata(), ()
    notices: list[Notice] = []

    def problem(message: str) -> None:
        notices.append(Notice("meta_sidecar", f"{side.name}: {message}"))

    try:
        if side.stat().st_size > MAX_SIDECAR_BYTES:
            problem(f"larger than {MAX_SIDECAR_BYTES:,} bytes: ignored")
            return Metadata(), tuple(notices)
        data = tomllib.loads(side.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problem(f"not readable TOML ({exc}): ignored")
        return Metadata(), tuple(notices)
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in KEYS:
            problem(f"unknown key {key!r} (known: {', '.join(KEYS)})")
        elif key == "date":
            found = _date(value)
            if isinstance(found, str):
                problem(found)
            else:
                values["date"] = found
        elif not isinstance(value, str) or not value.strip():
            problem(f"{key} must be a non-empty string")
        elif key == "language" and not _LANGUAGE_RE.fullmatch(value.strip().casefold()):
            problem(f"language {value!r} is not a code such as en, my or en+my")
        else:
            values[key] = value.strip().casefold() if key == "language" else value.strip()
    return Metadata(**values), tuple(notices)  # type: ignore[arg-type]
