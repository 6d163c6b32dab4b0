"""Read a statement's signatory lists: at their headings, or else by their shape.

``signatories.SignatoryReader`` reads the lists that headings open; when that finds no
organisation, ``unheaded.find_unheaded`` looks for a list without a heading and the same
reader reads it, with a warning that says so.
"""

from __future__ import annotations

from statementsearch.ingest.headings import ORGANISATIONS
from statementsearch.ingest.reading import Reading
from statementsearch.ingest.shapes import Line
from statementsearch.ingest.signatories import SignatoryReader
from statementsearch.ingest.unheaded import find_unheaded
from statementsearch.model import Notice


def read_signatories(lines: list[str], kinds: list[Line], start: int) -> Reading:
    """Read the signatory lists: at their headings, or else where their shape shows them.

    When headings found only individuals, the organisations may be the list without a
    heading just above them: that is looked for too.
    """
    reading = SignatoryReader(lines, kinds, start).read()
    if any(e.section == ORGANISATIONS for e in reading.entries):
        return reading
    stop = reading.rule_line - 1 if reading.entries and reading.rule_line else None
    found = find_unheaded(lines, kinds, start, stop)
    if found is None:
        return reading
    unheaded = SignatoryReader(lines, kinds, start, open_at=found.start, close_at=found.end)
    result = unheaded.read()
    if not result.entries:
        return reading
    result.rule, result.rule_line = found.rule, found.start + 1
    message = (
        f"no signatory heading: the {found.rule} (from line {found.start + 1}) was read as the "
        "signatory list; check it"
    )
    result.warnings.append(Notice("unheaded_list", message, found.start + 1))
    return result
