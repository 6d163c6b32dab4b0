"""Parse one statement's text into a ``Statement``: metadata, body and signatory lists.

Parsing never raises on odd text and never silently corrects it: what cannot be read with
confidence becomes a ``Notice`` naming the line (a wrapped name that was joined, a gap in
the numbering, an ambiguous date, a declared total that differs from the names found), so
a human can check the file. Names are kept exactly as written; only numbering and bullets
are removed.

The signatory lists are read by ``signatories``, front matter by ``frontmatter``; this
module reads the date, the title, the declared total and the language, and puts the
Statement together.
"""

from __future__ import annotations

import datetime as dt
import re

from statementsearch.ingest.dates import FoundDate, find_date, to_ascii_digits
from statementsearch.ingest.frontmatter import read_front_matter
from statementsearch.ingest.furniture import remove_furniture
from statementsearch.ingest.headings import DIGIT_RE, INDIVIDUALS, ORG_NOUN, ORGANISATIONS
from statementsearch.ingest.lists import read_signatories
from statementsearch.ingest.shapes import (
    BLANK,
    BULLET_RE,
    HEADING,
    MAX_DATELINE,
    NUMBERED_RE,
    Line,
    classify_line,
    is_prose,
)
from statementsearch.model import Notice, Signature, Statement

# Dates and titles are looked for in this many non-empty lines at the top.
HEAD_LINES = 10
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)"
_SOME_WORDS = r"(?:[\w'’-]+ ){0,3}?"
_TOTAL_RES = tuple(
    re.compile(p)
    for p in (
        rf"total of {_NUM} {_SOME_WORDS}{ORG_NOUN}",
        rf"undersigned,? {_NUM} {_SOME_WORDS}{ORG_NOUN}",
        rf"(?:signed|endorsed|supported|joined) by {_NUM} {_SOME_WORDS}{ORG_NOUN}",
        rf"following {_NUM} {_SOME_WORDS}{ORG_NOUN}",
        rf"(?<![\w,]){_NUM} {_SOME_WORDS}{ORG_NOUN},? (?:have |has )?(?:co-)?(?:signed|endorsed)",
        rf"အဖွဲ့အစည်း(?:ပေါင်း|များ|စုစုပေါင်း)*\s*{_NUM}\s*ဖွဲ့",
        # The lookbehind starts a number only at its first digit: without it a long run of
        # digits is tried from every position (quadratic).
        rf"(?<![\d,]){_NUM}\s*ဖွဲ့\s*(?:က|မှ|သည်)?\s*(?:ပူးတွဲ\s*)?လက်မှ[တက]်",
    )
)
# "over 500 organisations", "၅၀၀ ကျော်": a count that is not exact is not a declared total.
_APPROXIMATE_RE = re.compile(
    r"(?:over|more than|nearly|almost|about|around|at least|some|approximately|up to)\s*$"
)
_MORE_THAN_RE = re.compile(r"\s*(?:ဖွဲ့\s*)?ကျော်")
# Burmese letters and signs, without its digits and punctuation (they say nothing of language).
_MYANMAR_RE = re.compile(r"[\u1000-\u103f\u104c-\u108f\u109a-\u109f\uaa60-\uaa7f]+")
_LATIN_RE = re.compile(r"[A-Za-z]+")
_BLANK_RUN_RE = re.compile(r"\n{3,}")


def _is_dateline(line: str, found: FoundDate) -> bool:
    """Say whether a line is mostly its date ("Yangon, 26 September 2022"), not a title."""
    return len(line.replace(found.text, " ").split()) <= 3


def _find_date(lines: list[str], head: list[int]) -> tuple[dt.date | None, list[Notice]]:
    """Find the statement's date in its first lines; warn about dates that were not read.

    ["Yangon, 26 September 2022", ...] -> 2022-09-26;  ["03/04/2022"] -> None, ambiguous_date
    """
    warnings: list[Notice] = []
    for i in head:
        line = lines[i]
        found = find_date(line) if len(line) <= MAX_DATELINE else None
        if found is None:
            continue
        if found.date:
            return found.date, warnings
        if found.problem == "ambiguous_date":
            message = (
                f"date {found.text!r} could be day/month or month/day: not guessed "
                "(write date: YYYY-MM-DD in front matter)"
            )
        else:
            message = f"{found.text!r} is not a valid date"
        warnings.append(Notice(found.problem or "invalid_date", message, i + 1))
    return None, warnings


def _find_title(lines: list[str], head: list[int]) -> str | None:
    """Take the first line that is not a dateline as the title if it reads like one.

    ["26 September 2022", "# Stop the Airstrikes"] -> "Stop the Airstrikes";
    ["We call on the council to act."] -> None
    """
    for i in head:
        line = lines[i].strip()
        found = find_date(line) if len(line) <= MAX_DATELINE else None
        if (found and _is_dateline(line, found)) or line.startswith("<!--"):
            continue
        title = line.lstrip("#").strip().strip("*_").strip()
        if line.startswith("#"):
            return title or None
        if (
            not title
            or title[-1] in ".။:;,"
            or is_prose(title)
            or NUMBERED_RE.match(line)
            or BULLET_RE.match(line)
        ):
            return None
        return title
    return None


def _head_lines_shown_elsewhere(lines: list[str], head: list[int], title: str | None) -> list[int]:
    """The leading datelines and title line: the page shows them as metadata.

    ["26 September 2022", "# Stop the Airstrikes", "We call ..."] -> [0, 1];
    a statement whose body is nothing but those lines keeps them -> []
    """
    shown: list[int] = []
    for i in head:
        line = lines[i].strip()
        found = find_date(line) if len(line) <= MAX_DATELINE else None
        is_title = title and line.lstrip("#").strip().strip("*_").strip() == title
        if (found and _is_dateline(line, found)) or is_title:
            shown.append(i)
        else:
            return shown
    return shown if len(head) == HEAD_LINES else []  # nothing else: keep them as the body


def _find_declared_total(lines: list[str], indices: list[int]) -> tuple[int | None, int | None]:
    """Find the first stated number of signing organisations and its line index.

    "out of a total of 567 organizations endorsed" -> 567;  "အဖွဲ့အစည်း ၅၆၇ ဖွဲ့" -> 567
    """
    for i in indices:
        line = lines[i]
        if not DIGIT_RE.search(line):
            continue
        text = " ".join(to_ascii_digits(line).casefold().split())
        best: re.Match[str] | None = None
        for pattern in _TOTAL_RES:
            match = pattern.search(text)
            if match and (best is None or match.start() < best.start()):
                best = match
        if best and not (
            _APPROXIMATE_RE.search(text, 0, best.start("n"))
            or _MORE_THAN_RE.match(text, best.end("n"))
        ):
            return int(best["n"].replace(",", "")), i
    return None, None


def _infer_language(body: str) -> str | None:
    """Say which scripts the body is written in.  "Signed" -> "en";  "မြန်မာ" -> "my" """
    burmese = sum(len(run) for run in _MYANMAR_RE.findall(body))
    latin = sum(len(run) for run in _LATIN_RE.findall(body))
    total = burmese + latin
    if not total:
        return None
    # A few names in the other script do not make a statement bilingual.
    if burmese <= 0.15 * total:
        return "en"
    if latin <= 0.15 * total:
        return "my"
    return "en+my"


def parse_statement(
    text: str, statement_id: str, *, path: str = "", notices: tuple[Notice, ...] = ()
) -> Statement:
    """Parse a statement's text (decoded, LF, NFC) into a Statement; never raise.

    "26 September 2022\\n\\nWe call ...\\n\\nSigned by\\n1. Example Youth Network (EYN)" ->
    Statement(date=2022-09-26, body="26 September 2022\\n\\nWe call ...",
    organisations=(Signature("Example Youth Network (EYN)", 1, 6),))
    """
    cleaned = remove_furniture(text)
    lines = cleaned.text.split("\n")
    front = read_front_matter(lines)
    kinds = [Line(BLANK)] * front.end + [classify_line(line) for line in lines[front.end :]]
    reading = read_signatories(lines, kinds, front.end)
    body_indices = [i for i in range(front.end, len(lines)) if i not in reading.taken]
    warnings = [*front.warnings, *reading.warnings]

    head = [i for i in body_indices if lines[i].strip()][:HEAD_LINES]
    found_date, date_warnings = _find_date(lines, head)
    if front.date is None:  # a date in front matter settles what the text left unclear
        warnings += date_warnings
    # Headings count too: "Signed by the following 45 organisations:" states a total.
    total_lines = [
        i
        for i in range(front.end, len(lines))
        if i not in reading.taken or kinds[i].kind == HEADING
    ]
    declared, declared_at = _find_declared_total(lines, total_lines)
    title = front.title or _find_title(lines, head)
    shown = set(_head_lines_shown_elsewhere(lines, head, title))
    body_indices = [i for i in body_indices if i not in shown]
    body = _BLANK_RUN_RE.sub("\n\n", "\n".join(lines[i].rstrip() for i in body_indices)).strip()

    organisations = [(e.name, e.line) for e in reading.entries if e.section == ORGANISATIONS]
    individuals = [(e.name, e.line) for e in reading.entries if e.section == INDIVIDUALS]
    declared_total = front.declared_total or declared
    if declared_total is None and reading.tail:
        declared_total = len(organisations) + reading.tail
    if not reading.entries:
        warnings.append(
            Notice("no_signatories", "no signatories found (no heading such as 'Signed by')")
        )
    counted = len(organisations) + reading.tail
    if declared_total is not None and declared_total != counted:
        tail = f" (+{reading.tail} counted by a tail line)" if reading.tail else ""
        warnings.append(
            Notice(
                "declared_total_mismatch",
                f"{declared_total} declared, {len(organisations)} named{tail}: the statement "
                "says a different number of organisations signed than it lists",
                None if front.declared_total or declared_at is None else declared_at + 1,
            )
        )
    if cleaned.origin is not None:
        origin = cleaned.origin
        warnings = [
            Notice(w.code, w.message, origin[w.line - 1] if w.line else None) for w in warnings
        ]
        warnings += cleaned.dropped
        organisations = [(name, origin[line - 1]) for name, line in organisations]
        individuals = [(name, origin[line - 1]) for name, line in individuals]
        if reading.rule_line:
            reading.rule_line = origin[reading.rule_line - 1]
    warnings.sort(key=lambda w: (w.line is None, w.line or 0))
    return Statement(
        id=statement_id,
        title=title,
        date=front.date or found_date,
        language=front.language or _infer_language(body),
        source=front.source,
        body=body,
        declared_total=declared_total,
        organisations=tuple(Signature(e, n, at) for n, (e, at) in enumerate(organisations, 1)),
        individuals=tuple(Signature(e, n, at) for n, (e, at) in enumerate(individuals, 1)),
        warnings=(*notices, *warnings),
        path=path,
        list_rule=reading.rule,
        list_rule_line=reading.rule_line,
        tail_count=reading.tail,
    )
