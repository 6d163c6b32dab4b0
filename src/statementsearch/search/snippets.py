"""Snippets: a short window of a statement's body with the matched query text marked.

The output is HTML-safe: every piece of statement text is escaped and only ``<mark>``
tags are added. Matching is on the folded text (case, quotes, dashes), so what is marked
is what the analyzers would have matched; Latin matches must sit on word boundaries.
"""

from __future__ import annotations

import re
from html import escape

from statementsearch.search.bounds import SNIPPET_INPUT_CHARS
from statementsearch.search.deadline import check
from statementsearch.text.analysis import fold

SNIPPET_CHARS = 240
_LATIN_WORD = re.compile(r"\w", re.ASCII)


def _is_boundary(text: str, index: int) -> bool:
    if index <= 0 or index >= len(text):
        return True
    return not (_LATIN_WORD.match(text[index - 1]) and _LATIN_WORD.match(text[index]))


def find_marks(body: str, needles: list[str]) -> list[tuple[int, int]]:
    """Spans of ``body`` that match any needle (folded), non-overlapping, in order.

    ("Arms Embargo now", ["arms embargo"]) -> [(0, 12)]
    """
    check()
    folded = fold(body)
    if len(folded) != len(body):  # folding changed lengths (ligatures...): fold per char
        folded = "".join(fold(ch)[:1] or " " for ch in body)
    spans: list[tuple[int, int]] = []
    for needle in {fold(n) for n in needles if n.strip()}:
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if not needle.isascii() or (_is_boundary(folded, start) and _is_boundary(folded, end)):
                spans.append((start, end))
            start = folded.find(needle, end)
            check()
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


def make_snippet(body: str, needles: list[str], size: int = SNIPPET_CHARS) -> str:
    """An escaped excerpt around the densest matches, with ``<mark>`` around each match.

    Matches are looked for in the first SNIPPET_INPUT_CHARS characters only (a 19 MB
    body took seconds to fold and search); past them a snippet shows the start.
    """
    body = body[:SNIPPET_INPUT_CHARS]
    spans = find_marks(body, needles) if needles else []
    if spans:
        # Start shortly before the first match of the best window of `size` characters.
        # Two pointers over the sorted starts: spans[i:j] are those within the window.
        best, best_count, j = spans[0][0], 0, 0
        for i, (start, _) in enumerate(spans):
            j = max(j, i)
            while j < len(spans) and spans[j][0] < start + size:
                j += 1
            if j - i > best_count:
                best, best_count = start, j - i
        begin = max(0, best - size // 4)
    else:
        begin = 0
    end = min(len(body), begin + size)
    if begin > 0:
        space = body.rfind(" ", max(0, begin - 20), begin)
        begin = space + 1 if space != -1 else begin
    out = ["…" if begin > 0 else ""]
    cursor = begin
    for start, stop in spans:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        out.append(escape(body[cursor:start]))
        out.append(f"<mark>{escape(body[start:stop])}</mark>")
        cursor = stop
    out.append(escape(body[cursor:end]))
    if end < len(body):
        out.append("…")
    return "".join(out).replace("\n", " ")


def mark_text(text: str, needles: list[str]) -> str:
    """The whole text, escaped, with ``<mark>`` around every match of a needle.

    ("Arms & the embargo", ["embargo"]) -> "Arms &amp; the <mark>embargo</mark>"
    """
    out = []
    cursor = 0
    for start, stop in find_marks(text, needles) if needles else []:
        out.append(escape(text[cursor:start]))
        out.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    out.append(escape(text[cursor:]))
    return "".join(out)
