"""The title a statement is shown under when it has none of its own.

Stored in the statements index (``schema.DISPLAY_TITLE``) by a build and computed the
same way for lists read from the record store (``search.lookups``).
"""

from __future__ import annotations

import re

from statementsearch.ingest.dates import find_date

# A derived title is cut to this many characters (at a space), with "…".
DISPLAY_TITLE_CHARS = 100
_SENTENCE_END = re.compile(r"(?<=[.!?။])\s+|(?<=။)")
_DECORATION = " \t#*_>-•"


def display_title(title: str | None, body: str, statement_id: str) -> str:
    """The title to show: the statement's own, else its first heading or sentence.

    (None, "Stop the Airstrikes\n\nWe call ...", "x") -> "Stop the Airstrikes";
    (None, "We call on all states to act. More.", "x") -> "We call on all states to act"
    """
    if title:
        return title
    for raw in body.splitlines():
        line = raw.strip(_DECORATION)
        if not line or (len(line) < 40 and find_date(line) is not None):
            continue
        sentence = _SENTENCE_END.split(line, maxsplit=1)[0].rstrip(" .။")
        if len(sentence) > DISPLAY_TITLE_CHARS:
            cut = sentence.rfind(" ", 0, DISPLAY_TITLE_CHARS)
            sentence = sentence[: cut if cut > DISPLAY_TITLE_CHARS // 2 else DISPLAY_TITLE_CHARS]
            sentence = sentence.rstrip(" ,;:") + "…"
        if sentence:
            return sentence
    return statement_id
