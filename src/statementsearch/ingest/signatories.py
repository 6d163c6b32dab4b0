"""Find and read the signatory lists of one statement's lines.

Every line is classified once on its own (``shapes``), then one pass walks the lines,
opening a list at a signatory heading (``headings``) and closing it at a contact line or a
paragraph of prose. When no heading opens a list, ``unheaded`` may find one by its shape
and this same pass reads it between the lines it gives (``lists`` decides). Both steps
are linear in the number of lines. Names are kept exactly as written; what is uncertain
(a joined wrapped line, a numbering gap, an inline list, a table without a header)
becomes a warning naming the line.
"""

from __future__ import annotations

import re

from statementsearch.ingest.headings import INDIVIDUALS, ORGANISATIONS, tail_count
from statementsearch.ingest.reading import Entry, Reading
from statementsearch.ingest.shapes import (
    BLANK,
    BULLET,
    CLOSING,
    HEADING,
    INLINE,
    NUMBERED,
    PROSE,
    RULE,
    SUBHEADING,
    TABLE,
    TAIL,
    TEXT,
    Line,
    split_inline,
)
from statementsearch.ingest.tables import Table, table_header, table_names
from statementsearch.model import Notice

__all__ = ["INDIVIDUALS", "ORGANISATIONS", "Reading", "SignatoryReader"]

# A line that reads as a sentence: "Label: text" or a full stop / Burmese ။ / ! / ? at
# its end (not "Inc." / "Ltd." / "Co.").
_SENTENCE_RE = re.compile(r"^[^:：]{1,40}[:：]\s+\S|(?<!\bInc)(?<!\bLtd)(?<!\bCo)[.။!?]\s*$")
# Three separators: a paragraph of names ("A, B, C and D"), not one name with a comma.
_MIN_SEPARATORS = 3
_UNFINISHED = ("–", "-", "&", ",", " of", " and", " for", " the", " in", " de")


class SignatoryReader:
    """Walk the lines once, collecting signatory entries; see ``parse_statement``."""

    def __init__(
        self,
        lines: list[str],
        kinds: list[Line],
        start: int,
        *,
        open_at: int | None = None,
        close_at: int | None = None,
    ) -> None:
        self.lines, self.kinds, self.start = lines, kinds, start
        self.open_at, self.close_at = open_at, close_at
        self.out = Reading()
        self.section: str | None = None
        self.style: int | None = None
        self.last_number: int | None = None
        self.last_entry: Entry | None = None
        self.table: Table | None = None

    def read(self) -> Reading:
        i, blanks = self.start, 0
        while i < len(self.lines):
            if i == self.open_at:
                self._open(ORGANISATIONS)
            elif i == self.close_at:
                self.section = None
            kind = self.kinds[i]
            if kind.kind == BLANK:
                blanks += 1
                i += 1
                continue
            i = self._step(i, kind, blanks)
            blanks = 0
        return self.out

    def _open(self, section: str | None) -> None:
        self.section = section or self.section or ORGANISATIONS
        self.style = self.last_number = self.last_entry = None
        self.table = None

    def _opened_by(self, rule: str, i: int) -> None:
        if self.out.rule is None:
            self.out.rule, self.out.rule_line = rule, i + 1

    def _add(self, name: str, i: int, style: int) -> None:
        assert self.section is not None
        self.last_entry = Entry(name, i + 1, self.section)
        self.out.entries.append(self.last_entry)
        self.style = style if self.style in (None, TEXT) else self.style

    def _warn(self, code: str, message: str, i: int) -> None:
        self.out.warnings.append(Notice(code, message, i + 1))

    def _add_inline(self, kind: Line, i: int) -> bool:
        names = split_inline(kind.name)
        if names is None:
            return False
        self.section = kind.section
        named = 0
        for name in names:
            if (count := tail_count(name)) is not None:  # "...; and 12 other groups."
                self._tail(count, i)
            else:
                self._add(name, i, INLINE)
                named += 1
        self.last_entry = None  # an inline list has no wrapped lines
        self._warn("inline_list", f"{named} signatories read from one line: check the split", i)
        return True

    def _step(self, i: int, kind: Line, blanks: int) -> int:
        """Handle line ``i``; return the index of the next line to read."""
        if self.section is None:
            if kind.kind == HEADING:
                self._open(kind.section)
                self._opened_by("heading", i)
            elif kind.kind == INLINE and self._add_inline(kind, i):
                self._opened_by("inline list", i)
                self.section = None  # "Signed by: A, B" is the whole list
            else:
                return i + 1  # body text
            self.out.taken.add(i)
            return i + 1
        if kind.kind == NUMBERED:
            if kind.number is not None:
                self._check_number(kind.number, i)
            self._add(kind.name, i, NUMBERED)
        elif kind.kind == BULLET and self._dash_wrap(i, blanks):
            self._join(self.last_entry, i)  # type: ignore[arg-type]
        elif kind.kind == BULLET:
            self._add(kind.name, i, BULLET)
        elif kind.kind == TAIL:
            self._tail(kind.number or 0, i)
        elif kind.kind in (TABLE, RULE):
            self._table_row(kind, i)
        elif kind.kind == SUBHEADING and kind.place and self._continues(i, blanks):
            self._join(self.last_entry, i)  # type: ignore[arg-type]
        elif kind.kind in (HEADING, SUBHEADING):
            table = self.table
            self._open(kind.section)
            self.table = table  # a country sub-heading inside a table keeps its columns
        elif kind.kind == PROSE and self.style is None and self._paragraph_of_names(i):
            pass  # "Signatories:" / "A, B, C and D." read as an inline list
        elif kind.kind in (CLOSING, PROSE) or (
            kind.kind == INLINE and not self._add_inline(kind, i)
        ):
            self.section = None  # the list is over: this line and what follows are body
            return i + 1
        elif kind.kind == TEXT:
            return self._text(i, blanks)
        self.out.taken.add(i)
        return i + 1

    def _dash_wrap(self, i: int, blanks: int) -> bool:
        """Say whether a dash line continues the entry above ("1. Sample Centre" /
        "– Australia"): right below it, in a list not bulleted with that dash."""
        if self.last_entry is None or blanks or self.style not in (NUMBERED, BULLET):
            return False
        dash = self.lines[i].lstrip()[0]
        if dash not in "–—":
            return False
        if self.style == NUMBERED:
            return True
        above = self.lines[self.last_entry.line - 1].lstrip()[:1]
        return above != dash and self.lines[i][:1].isspace()

    def _paragraph_of_names(self, i: int) -> bool:
        """Read line ``i`` as an inline list if it has three separators and splits into names."""
        text = self.lines[i]
        separators = text.count(",") + text.count("၊") + text.count(";") + text.count(" and ")
        return separators >= _MIN_SEPARATORS and self._add_inline(
            Line(INLINE, text.strip(), section=self.section), i
        )

    def _tail(self, count: int, i: int) -> None:
        self.out.tail += count
        self.last_entry = None
        message = f"{count} more organisations counted by a tail line, not named"
        self._warn("tail_count", message, i)

    def _continues(self, i: int, blanks: int) -> bool:
        """Say whether a place on line ``i`` visibly continues the entry above ("... Youth
        in" / "Japan"; "12. Peace Council –" / "" / "Singapore")."""
        entry = self.last_entry
        return entry is not None and blanks <= 1 and entry.tail.endswith(_UNFINISHED)

    def _table_row(self, kind: Line, i: int) -> None:
        if kind.kind == RULE:
            return
        next_is_rule = i + 1 < len(self.kinds) and self.kinds[i + 1].kind == RULE
        if header := table_header(kind.cells, next_is_rule):
            self.table = header
            return
        if self.table is None:
            self.table = Table()
            self._warn(
                "table_without_header",
                "a table without a header row: cells that are not numbers were taken as "
                "names, a place in the last cell as the qualifier of the name before it",
                i,
            )
        for name in table_names(self.table, kind.cells):
            if (count := tail_count(name)) is not None:
                self._tail(count, i)
            else:
                self._add(name, i, TABLE)
        self.last_entry = None

    def _check_number(self, number: int, i: int) -> None:
        last, self.last_number = self.last_number, number
        # Restarting at 1 is how long lists are often pasted together: not a gap.
        if last is None or number in (1, last + 1):
            return
        if number > last + 1:
            self._warn("numbering_gap", f"numbering jumps from {last} to {number}", i)
        else:
            self._warn("numbering_order", f"number {number} follows {last}", i)

    def _next_kind(self, k: int) -> int | None:
        """The kind of the first non-blank line from index ``k`` (None at the end)."""
        kinds = self.kinds
        while k < len(kinds) and kinds[k].kind == BLANK:
            k += 1
        return kinds[k].kind if k < len(kinds) else None

    def _wrapped_run(self, i: int, blanks: int) -> list[int] | None:
        """Find the unnumbered lines from ``i`` that continue the numbered entry above.

        They do when a numbered entry follows them, or, for one line at most one blank line
        below the entry, when the list ends after it. Several lines before the end of the
        list are a trailer (a place, a date), not a wrapped name.
        """
        kinds, run, k, gap = self.kinds, [i], i + 1, 0
        stop = self.close_at if self.close_at is not None else len(kinds)
        while k < stop and kinds[k].kind in (BLANK, TEXT):
            if kinds[k].kind == BLANK:
                gap += 1
            elif gap > 1:
                break
            else:
                run.append(k)
                gap = 0
            k += 1
        after = self._next_kind(k) if k < stop else None
        if after in (NUMBERED, TAIL):
            return run
        ends = after in (None, CLOSING, PROSE, HEADING, SUBHEADING)
        # At the end of a list a sentence ("Addendum: deliveries resumed.") is a trailer,
        # not the rest of a name: glued on, it would become a fake English name.
        sentence = _SENTENCE_RE.search(self.lines[i].strip())
        return run if len(run) == 1 and blanks <= 1 and ends and not sentence else None

    def _join(self, entry: Entry, i: int) -> None:
        wrapped = self.lines[i].strip()
        entry.wrapped.append(wrapped)
        self.out.taken.add(i)
        message = f"{wrapped!r} joined to the entry on line {entry.line} as a wrapped name"
        self._warn("wrapped_line", message + ": check it", i)

    def _text(self, i: int, blanks: int) -> int:
        """Handle an unmarked line inside a list: a wrapped name, an entry, or the list's end."""
        entry, text = self.last_entry, self.lines[i]
        if self.style == NUMBERED and entry is not None:
            run = self._wrapped_run(i, blanks)
            if run is None:
                self.section = None
                return i + 1
            for r in run:
                self._join(entry, r)
            return run[-1] + 1
        if self.style in (BULLET, TABLE) and entry is not None:
            # Bullets mark every entry, so only a line that visibly continues one is a wrap.
            first = text.lstrip()[0]
            if blanks == 0 and (
                text[0].isspace()
                or first.islower()
                or first == "("
                or entry.tail.endswith(_UNFINISHED)
            ):
                self._join(entry, i)
                return i + 1
            if self._next_kind(i + 1) != BULLET:
                self.section = None
                return i + 1
            self._warn("unmarked_entry", "an entry without a bullet among bulleted ones", i)
        elif (
            self.style == TEXT
            and entry is not None
            and blanks == 0
            and (text.lstrip()[0].islower() or entry.tail.endswith(_UNFINISHED))
        ):
            self._join(entry, i)  # a plain list's name that runs on to the next line
            return i + 1
        if self._paragraph_of_names(i):
            self.out.taken.add(i)  # "A, B, C and D" under a heading: a paragraph of names
            return i + 1
        self._add(text.strip(), i, TEXT)
        self.out.taken.add(i)
        return i + 1
