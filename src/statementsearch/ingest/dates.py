"""Find the date a statement was issued in one line of English or Burmese text.

A date is only ever read, never guessed: a numeric date that could be day/month or
month/day (``03/04/2022``) and an impossible date (``31 February 2022``) are reported as
problems with no date, so the caller can warn and a human can write it in front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_BURMESE_DIGITS = str.maketrans("၀၁၂၃၄၅၆၇၈၉", "0123456789")

# Years outside this range are typing mistakes in this corpus, not dates.
_MIN_YEAR, _MAX_YEAR = 1900, 2100

_ENGLISH_MONTH = (
    r"(?<![a-z])(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
# English-loan month names as Burmese writes them, with the spellings seen in the wild.
BURMESE_MONTHS: dict[str, int] = {
    "ဇန်နဝါရီ": 1,
    "ဇန္နဝါရီ": 1,
    "ဖေဖော်ဝါရီ": 2,
    "ဖေဖေါ်ဝါရီ": 2,
    "မတ်": 3,
    "ဧပြီ": 4,
    "မေ": 5,
    "ဇွန်": 6,
    "ဇူလိုင်": 7,
    "ဩဂုတ်": 8,
    "ဪဂုတ်": 8,
    "သြဂုတ်": 8,
    "စက်တင်ဘာ": 9,
    "အောက်တိုဘာ": 10,
    "နိုဝင်ဘာ": 11,
    "ဒီဇင်ဘာ": 12,
}
# Longest first so a short name never wins over a longer one it prefixes.
_BURMESE_MONTH = "(?P<m>" + "|".join(sorted(BURMESE_MONTHS, key=len, reverse=True)) + r")(?:\s*လ)?"
_DAY = r"(?<!\d)(?P<d>\d{1,2})(?!\d)"
_YEAR = r"(?<!\d)(?P<y>\d{4})(?!\d)"
_SEP = r"\s*[၊,]?\s*"

# Digits are made ASCII before matching, so Burmese-digit dates use the same patterns.
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{_DAY}(?:st|nd|rd|th)?(?:\s+of)?\s+{_ENGLISH_MONTH},?\s*{_YEAR}",
        rf"{_ENGLISH_MONTH}\s*{_DAY}(?:st|nd|rd|th)?,?\s*{_YEAR}",
        rf"{_YEAR}(?:\s*ခုနှစ်)?{_SEP}{_BURMESE_MONTH}{_SEP}{_DAY}",
        rf"{_DAY}(?:\s*ရက်)?(?:\s*နေ့)?{_SEP}{_BURMESE_MONTH}{_SEP}{_YEAR}",
        rf"{_BURMESE_MONTH}{_SEP}{_DAY}(?:\s*ရက်)?(?:\s*နေ့)?{_SEP}{_YEAR}",
    )
)
_ISO = re.compile(r"(?<![\d/.-])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)")
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?![\d/.-])"
)


@dataclass(frozen=True)
class FoundDate:
    """A date written in a line: ``date`` is None when ``problem`` says why it was not read."""

    text: str  # the date as written
    date: dt.date | None
    problem: str | None = None  # "ambiguous_date" or "invalid_date"


def _month_number(name: str) -> int:
    if name in BURMESE_MONTHS:
        return BURMESE_MONTHS[name]
    return [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
    ].index(name[:3].lower()) + 1


def _make(text: str, year: int, month: int, day: int) -> FoundDate:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return FoundDate(text, None, "invalid_date")
    try:
        return FoundDate(text, dt.date(year, month, day))
    except ValueError:
        return FoundDate(text, None, "invalid_date")


def _read_numeric(text: str, a: int, b: int, year: int) -> FoundDate:
    """Read day and month from ``a/b/year`` only when one reading is possible."""
    if a == b or (a > 12 >= b):
        return _make(text, year, b, a)
    if b > 12 >= a:
        return _make(text, year, a, b)
    if a <= 12 and b <= 12:
        return FoundDate(text, None, "ambiguous_date")
    return FoundDate(text, None, "invalid_date")


def find_date(line: str) -> FoundDate | None:
    """Find the first date written in a line.

    "26th September, 2022" -> 2022-09-26;  "Sept. 26 2022" -> 2022-09-26;
    "၂၀၂၂ ခုနှစ်၊ စက်တင်ဘာလ ၂၆ ရက်" -> 2022-09-26;  "03/04/2022" -> ambiguous_date;
    "31 February 2022" -> invalid_date;  "no date here" -> None
    """
    # Translating digits keeps every offset: each Burmese digit is one code point too.
    ascii_line = line.translate(_BURMESE_DIGITS)
    best: tuple[int, FoundDate] | None = None
    for pattern in _PATTERNS:
        match = pattern.search(ascii_line)
        if match and (best is None or match.start() < best[0]):
            found = _make(
                line[match.start() : match.end()],
                int(match["y"]),
                _month_number(match["m"]),
                int(match["d"]),
            )
            best = (match.start(), found)
    match = _ISO.search(ascii_line)
    if match and (best is None or match.start() < best[0]):
        text = line[match.start() : match.end()]
        best = (match.start(), _make(text, int(match["y"]), int(match["m"]), int(match["d"])))
    match = _NUMERIC.search(ascii_line)
    if match and (best is None or match.start() < best[0]):
        text = line[match.start() : match.end()]
        best = (
            match.start(),
            _read_numeric(text, int(match["a"]), int(match["b"]), int(match["y"])),
        )
    return best[1] if best else None


def to_ascii_digits(text: str) -> str:
    """Replace Burmese digits with ASCII ones.  "၅၆၇" -> "567" """
    return text.translate(_BURMESE_DIGITS)
