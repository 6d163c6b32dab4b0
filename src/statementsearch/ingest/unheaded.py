"""Find a signatory list that has no heading: the structural reader's half.

A run of at least three list-like lines (numbered, lettered, bulleted, table rows, or
short name-like lines without a sentence ending) is the signatory list when it ends the
statement, or when it comes right after a sentence that declares the signatories ("We,
the undersigned 5 organisations, ..."). Marked lines must mostly read as names, so a
closing list of demands ("1. End the airstrikes") is never taken; a paragraph of prose
always ends a run. One pass over the lines, linear in their number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statementsearch.ingest.dates import find_date
from statementsearch.ingest.headings import DIGIT_RE
from statementsearch.ingest.shapes import (
    BLANK,
    BULLET,
    CLOSING,
    MAX_HEADING,
    NUMBERED,
    PROSE,
    RULE,
    SUBHEADING,
    TABLE,
    TAIL,
    TEXT,
    Line,
)

MIN_RUN = 3
DECLARING_RE = re.compile(
    r"\bthe undersigned\b|\b(?:signed|endorsed|supported) by the following\b"
    r"|\bthe following (?:[0-9]+ )?(?:[\w-]+ ){0,3}(?:organi[sz]ations|groups|signatories)\b"
    r"|အောက်(?:ပါ|ဖော်ပြပါ|တွင်ဖော်ပြထားသော)\s*(?:အဖွဲ့|လက်မှ[တက်])",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset(
    [
        "of",
        "for",
        "the",
        "and",
        "in",
        "on",
        "to",
        "a",
        "an",
        "at",
        "de",
        "du",
        "with",
        "by",
        "from",
        "against",
        "&",
    ]
)
_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_SENTENCE_END_RE = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)[.!?။]\s*$")
# Burmese sentences end in a verb particle; names end in a noun.
_BURMESE_VERB_END_RE = re.compile(r"(?:သည်|မည်|ပါ|ရန်|၏|ကြ|ပြီ|သနည်း)\s*$")
_UNFINISHED = ("–", "-", "&", ",", " of", " and", " for", " the", " in", " de")
_NOT_A_NAME_RE = re.compile(r"\b(?:19|20)[0-9]{2}\b")
_LINK_RE = re.compile(r"https?:|www\.|@|^to\s", re.IGNORECASE)
_CONTINUES = {BLANK, NUMBERED, BULLET, TABLE, RULE, TAIL, SUBHEADING, TEXT}


@dataclass(frozen=True)
class Unheaded:
    """Where an unheaded list starts and ends (line indices) and why it was taken."""

    start: int
    end: int  # index after the run's last line
    rule: str  # "list at the end" or "list after a declaring sentence"


def is_name_like(text: str) -> bool:
    """Say whether a line reads as an organisation's name, not a sentence or a remark.

    "Women's League of Example" -> True;  "End the airstrikes" -> False;
    "Yours sincerely," -> False;  "ရွှေမြစ်လူငယ်ကွန်ရက်" -> True
    """
    text = text.strip()
    if not text or len(text) > MAX_HEADING or len(text.split()) > 16:
        return False
    if text[0].islower() or text[-1] in ",:;" or _SENTENCE_END_RE.search(text):
        return False
    if DIGIT_RE.search(text) and (find_date(text) or _NOT_A_NAME_RE.search(text)):
        return False  # a date or a year
    if _LINK_RE.search(text):  # a footnote's link, an address, "To the council"
        return False
    words = [w for w in _LATIN_WORD_RE.findall(text) if w.casefold() not in _FUNCTION_WORDS]
    if words:
        capital = sum(1 for w in words if w[0].isupper())
        return capital >= 0.6 * len(words)
    if _BURMESE_VERB_END_RE.search(text):
        return False
    return any(c.isalpha() for c in text)


def _entry_text(lines: list[str], kind: Line, i: int) -> str | None:
    """The text to judge for a list-like line; None for lines that carry no name."""
    if kind.kind in (NUMBERED, BULLET):
        return kind.name
    if kind.kind == TEXT:
        return lines[i]
    if kind.kind == TABLE:
        return next((c for c in kind.cells if c and not c.isdigit()), None)
    return None


def _wraps(lines: list[str], kinds: list[Line], i: int) -> bool:
    """Say whether unmarked line ``i`` continues the entry right above it."""
    above = kinds[i - 1].kind
    if above in (NUMBERED, BULLET):
        return True
    if above == BLANK and i >= 2 and kinds[i - 2].kind == NUMBERED:
        return True  # "12. A Long Name That" / "" / "Wraps Onto This Line", as in real lists
    return above == TEXT and (
        lines[i].lstrip()[:1].islower() or lines[i - 1].rstrip().endswith(_UNFINISHED)
    )


def find_unheaded(
    lines: list[str], kinds: list[Line], start: int, stop: int | None = None
) -> Unheaded | None:
    """Find the one unheaded signatory list in the lines, if there is one; see the module.

    ``stop``: read only the lines before it (the heading of a list of individuals, below an
    organisations list that lost its heading), and a list must end there.
    """
    stop = len(lines) if stop is None else stop
    at_end = "list at the end" if stop == len(lines) else "list before a heading"
    declared_at: int | None = None  # the line index after the last declaring sentence
    best: Unheaded | None = None
    prose_seen = False  # a list at the end must follow a body
    label_at: int | None = None  # the line index after a label such as "We demand:"
    i = start
    while i < stop:
        kind = kinds[i]
        if kind.kind in (TEXT, SUBHEADING, PROSE) and DECLARING_RE.search(lines[i]):
            declared_at, best = i + 1, None
            prose_seen = True
            i += 1
            continue
        if kind.kind == SUBHEADING and kind.section is None and not kind.place:
            # "We demand:", "Recommendations:": what follows is the body's own list.
            label_at, best, declared_at = i + 1, None, None
            i += 1
            continue
        if kind.kind not in _CONTINUES or (kind.kind == TEXT and not is_name_like(lines[i])):
            prose_seen = prose_seen or kind.kind == PROSE
            if kind.kind in (PROSE, TEXT) and DECLARING_RE.search(lines[i]):
                declared_at = i + 1
            elif kind.kind == CLOSING and best is not None and best.end >= i - 2:
                return best  # the contacts below the list: the list ended the statement
            i += 1
            continue
        run_start, entries, names = i, 0, 0
        while i < stop and kinds[i].kind in _CONTINUES:
            kind = kinds[i]
            if kind.kind != BLANK:
                if kind.kind in (TEXT, SUBHEADING) and DECLARING_RE.search(lines[i]):
                    break
                if kind.kind == SUBHEADING and kind.section is None and not kind.place:
                    break
                text = _entry_text(lines, kind, i)
                if kind.kind == TEXT and i > run_start and _wraps(lines, kinds, i):
                    text = None  # the rest of the name above, wrapped onto this line
                if text is not None:  # None: no name on this line
                    like = is_name_like(text)
                    if kind.kind == TEXT and not like:
                        break
                    entries += 1
                    names += like
            i += 1
        end = i
        while run_start < end and kinds[run_start].kind == BLANK:  # its first line
            run_start += 1
        labelled = label_at is not None and all(
            kinds[k].kind == BLANK for k in range(label_at, run_start)
        )
        label_at = None
        if labelled:
            best = None
        elif entries >= MIN_RUN and names >= 0.67 * entries:
            after_declaring = declared_at is not None and all(
                kinds[k].kind == BLANK for k in range(declared_at, run_start)
            )
            if after_declaring:
                return Unheaded(run_start, end, "list after a declaring sentence")
            best = Unheaded(run_start, end, at_end) if prose_seen else None
        else:
            best = None
        declared_at = None
    if best is None:
        return None
    trailing = [k for k in range(best.end, stop) if kinds[k].kind != BLANK]
    return best if len(trailing) <= 2 and all(kinds[k].kind != PROSE for k in trailing) else None
