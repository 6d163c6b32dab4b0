"""Front matter: ``key: value`` lines between ``---`` fences at the top of a statement.

Each key overrides what parsing would infer; a value that cannot be read is a warning
naming the line, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from statementsearch.ingest.dates import find_date, to_ascii_digits
from statementsearch.model import Notice

_FRONT_MATTER_RE = re.compile(r"\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*")
# Ordered: the warning for an unknown key lists them.
_FRONT_MATTER_KEYS = ("title", "date", "source", "language", "declared_total")
_LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:\+[a-z]{2,3})*")


@dataclass
class FrontMatter:
    """What front matter said; None where it said nothing usable."""

    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    language: str | None = None
    declared_total: int | None = None
    end: int = 0  # index of the first line after the front matter
    warnings: list[Notice] = field(default_factory=list)

    def set(self, key: str, raw: str) -> str | None:
        """Store one value; return what is wrong with it, if anything.

        ("declared_total", "၅၆၇") -> 567 stored;  ("date", "03/04/2022") -> "... ambiguous ..."
        """
        if key not in _FRONT_MATTER_KEYS:
            return f"unknown key {key!r} (known: {', '.join(_FRONT_MATTER_KEYS)})"
        if not raw:
            return None  # an empty value says nothing; inference fills it in
        if key == "date":
            found = find_date(raw)
            if found is None or len(found.text) < len(raw.rstrip(". ")):
                return f"date {raw!r} is not a date (write YYYY-MM-DD)"
            if found.date is None:
                problem = (found.problem or "invalid").replace("_", " ")
                return f"date {raw!r} is an {problem} (write YYYY-MM-DD)"
            self.date = found.date
        elif key == "declared_total":
            digits = to_ascii_digits(raw).replace(",", "")
            if not digits.isdigit() or int(digits) == 0:
                return f"declared_total {raw!r} is not a positive whole number"
            self.declared_total = int(digits)
        elif key == "language":
            if not _LANGUAGE_RE.fullmatch(raw.casefold()):
                return f"language {raw!r} is not a code such as en, my or en+my"
            self.language = raw.casefold()
        elif key == "title":
            self.title = raw
        else:
            self.source = raw
        return None


def read_front_matter(lines: list[str]) -> FrontMatter:
    """Read ``key: value`` lines between ``---`` fences at the top of the file.

    ["---", "date: 2022-09-26", "declared_total: 567", "---", ...] ->
    FrontMatter(date=date(2022, 9, 26), declared_total=567, end=4)
    """
    front = FrontMatter()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return front
    close = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        message = "front matter opened with --- is never closed"
        front.warnings.append(Notice("front_matter_unclosed", message, first + 1))
        return front
    front.end = close + 1
    for i in range(first + 1, close):
        if not lines[i].strip() or lines[i].lstrip().startswith("#"):
            continue
        match = _FRONT_MATTER_RE.fullmatch(lines[i])
        if not match:
            front.warnings.append(Notice("front_matter", "not a 'key: value' line", i + 1))
            continue
        raw = match["value"]
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            raw = raw[1:-1].strip()
        if problem := front.set(match["key"].casefold(), raw):
            front.warnings.append(Notice("front_matter", problem, i + 1))
    return front
