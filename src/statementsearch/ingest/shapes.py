"""What one line is, decided from the line alone: the shapes a list entry is written in.

A line is blank, a numbered or lettered entry (``12.``, ``(3)``, ``၁။``, ``a)``, ``ii.``,
``(က)``, ``1 -``), a bulleted one (``-``, ``•``, an emoji), a table row (``| 1 | Name |``
or tab-separated cells), a table rule, a tail (``... and 40 other organisations``), a
heading, a sub-heading (a group or a country), a closing line (contacts), an inline list,
a sentence of prose, or other text. Every pattern is anchored at the start of the line and
has no nested repetition, so classifying is linear in the length of the line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from statementsearch.ingest.dates import to_ascii_digits
from statementsearch.ingest.headings import (
    CLOSING_RE,
    DIGIT_RE,
    ORGANISATIONS,
    heading_key,
    is_group_heading,
    is_place,
    is_signatory_heading,
    section_of,
    tail_count,
)

# Line kinds.
BLANK, NUMBERED, BULLET, CLOSING, HEADING, SUBHEADING, INLINE, PROSE, TEXT = range(9)
TABLE, RULE, TAIL = 9, 10, 11

# A line longer than this is a paragraph, never a dateline, heading or title.
MAX_DATELINE, MAX_HEADING, MAX_TITLE = 150, 120, 200

_DIGIT = "[0-9၀-၉]"
# Any number of digits: a list of 10,000 or more names is read to its end (no silent cap).
NUMBERED_RE = re.compile(
    rf"\s*(?:\((?P<p>{_DIGIT}+)\)|(?P<n>{_DIGIT}+)(?:\s*(?:\.(?!{_DIGIT})|\)|။)|-\s|\s+[-–]\s))"
    r"\s*(?=\S)"
)
# Letters and roman numerals: "a)", "(b)", "c.", "ii)", "(iv)", "(က)", "က။", "ခ)".
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})"
LETTERED_RE = re.compile(
    rf"\s*(?:\((?:[A-Za-z]|{_ROMAN}|[က-အ])\)|(?:[A-Za-z]|{_ROMAN}|[က-အ])\)|(?:[a-z]|{_ROMAN})\."
    r"|[က-အ]။)\s+(?=\S)"
)
# Both match only the marker: the name is the rest of the line (a lazy .*? to the end is slow).
BULLET_RE = re.compile(r"\s*[-+*•–—·▪‣◦●■□➢►➤➔→▶◆◇○◎★☆♦❖⁃∙✓✔☑]\s+(?=\S)")
_EMOJI_RE = re.compile(r"\s*(?P<mark>\S)[\ufe0f\u200d]*\s+(?=\S)")
# A final full stop that is not the end of "Inc." / "Ltd." / "Co.".
FINAL_STOP_RE = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)\.\s*$")
_TABLE_RULE_RE = re.compile(r":?-{2,}:?|-{1,}")
_INLINE_SENTENCE_RE = re.compile(
    r"(?:(?:this|the)(?: joint)? (?:statement|letter|open letter|appeal|declaration|petition)"
    r" (?:is|was|has been|is being)(?: jointly)? )?(?:co-)?(?:signed|endorsed) by (?P<items>.+)",
    re.IGNORECASE,
)
_NOT_A_LIST_RE = re.compile(
    rf"(?:{_DIGIT}|the following|over |more than |at least |a total |all )", re.IGNORECASE
)


class Line(NamedTuple):
    kind: int
    name: str = ""  # the entry text (numbered, bullet, inline)
    number: int | None = None  # the entry's number; None when lettered or unnumbered
    section: str | None = None  # the list a heading switches to (None: keep the current one)
    cells: tuple[str, ...] = ()  # a table row's cells
    place: bool = False  # a sub-heading that is a country or region


def is_prose(text: str) -> bool:
    """Say whether a line reads as a sentence of prose rather than a name or heading."""
    return len(text) > MAX_TITLE or (
        text[-1] in ".!?။" and (len(text) >= 100 or text.count(" ") >= 7)
    )


def table_cells(text: str) -> tuple[str, ...] | None:
    """The cells of a table row.  "| 1 | Alpha Union | Japan |" -> ("1", "Alpha Union",
    "Japan");  "1\\tAlpha Union" -> ("1", "Alpha Union");  "Alpha Union" -> None"""
    if text.startswith("|") and text.count("|") >= 2:
        cells = text[1:].removesuffix("|").split("|")
        if len(cells) == 1:  # a table of one column
            return (cells[0].strip(),) if text.endswith("|") and cells[0].strip() else None
    elif "\t" in text:
        cells = text.split("\t")
    else:
        return None
    cells = [c.strip() for c in cells]
    return tuple(cells) if sum(1 for c in cells if c) >= 1 and len(cells) >= 2 else None


def _marker(line: str, text: str) -> tuple[int, int, int | None] | None:
    """The kind, end and number of a list marker at the start of ``line`` (``text``: the
    line stripped).  Numbered lines are read before this is called."""
    if text[0].isalnum():  # a letter: a marker only as "a)", "ii.", "က။" (cheap test first)
        head = text[:6]
        if (")" in head or "." in head or "။" in head) and (match := LETTERED_RE.match(line)):
            return NUMBERED, match.end(), None
        return None
    if match := LETTERED_RE.match(line):  # "(a)"
        return NUMBERED, match.end(), None
    if match := BULLET_RE.match(line):
        return BULLET, match.end(), None
    if (match := _EMOJI_RE.match(line)) and unicodedata.category(match["mark"]) in ("So", "Sk"):
        return BULLET, match.end(), None
    return None


def classify_line(line: str) -> Line:
    """Say what one line is.  "  12. Example Union" -> NUMBERED 12 "Example Union" """
    text = line.strip()
    if not text:
        return Line(BLANK)
    if match := NUMBERED_RE.match(line):  # the commonest line in a list: first, and quick
        name = line[match.end() :].rstrip()
        if not name[0].isupper() and DIGIT_RE.search(name) and (count := tail_count(text)):
            return Line(TAIL, number=count)
        return Line(NUMBERED, name, int(to_ascii_digits(match["p"] or match["n"])))
    if (cells := table_cells(text)) is not None:
        if all(_TABLE_RULE_RE.fullmatch(c) for c in cells if c):
            return Line(RULE)
        return Line(TABLE, cells=cells)
    if marker := _marker(line, text):
        kind, end, number = marker
        name = line[end:].rstrip()
        if not name[0].isupper() and DIGIT_RE.search(name) and (count := tail_count(text)):
            return Line(TAIL, number=count)
        return Line(kind, name, number)
    if len(text) <= MAX_HEADING:
        if (count := tail_count(text)) is not None:
            return Line(TAIL, number=count)
        lowered = " ".join(text.lstrip("#*_ ").casefold().split())
        if CLOSING_RE.match(lowered):
            return Line(CLOSING)
        key = heading_key(text)
        if is_signatory_heading(key):
            return Line(HEADING, section=section_of(key))
        if is_group_heading(key):
            # A bare "Organisations" opens a list only when marked as a heading (#, a
            # colon, bold, or capitals).
            marked = (
                text.startswith(("#", "**", "__"))
                or text.rstrip("*_ ").endswith((":", "："))
                or text.isupper()
            )
            return Line(HEADING if marked else SUBHEADING, section=section_of(key))
        if is_place(text):
            return Line(SUBHEADING, place=True)
        if text.endswith((":", "：")):
            return Line(SUBHEADING, section=section_of(key, None))
    head, colon, rest = text.replace("：", ":").partition(":")
    if colon and rest.strip():
        key = heading_key(head)
        if is_signatory_heading(key) or is_group_heading(key):
            return Line(INLINE, rest.strip(), section=section_of(key))
    if (match := _INLINE_SENTENCE_RE.fullmatch(text)) and not _NOT_A_LIST_RE.match(match["items"]):
        return Line(INLINE, match["items"], section=ORGANISATIONS)
    return Line(PROSE if is_prose(text) else TEXT)


_INLINE_SEP_RE = re.compile(r"(\s*[,၊;]\s*)")
# A comma piece that is only an acronym or a legal suffix belongs to the name before it:
# "Association of United in Nationalities in Japan, AUN-Japan".
# Two capitals, the first letter one of them; each run's class excludes what follows it, so
# a long piece is matched in linear time (overlapping runs backtracked cubically).
_ACRONYM_RE = re.compile(
    r"(?:[0-9&]*[A-Z][a-z0-9&]*[A-Z][A-Za-z0-9&]*|Inc\.?|Ltd\.?|LLC)"
    r"(?:[-–][A-Za-z]+)?(?:\s*\([^()]*\))?"
)


def split_inline(text: str) -> list[str] | None:
    """Split an inline signatory list; None when it does not read as a list of names.

    "A Group, B Network and C Union." -> ["A Group", "B Network", "C Union"];
    "Example Association in Japan, EAJ-Japan, B Union" -> ["Example Association in Japan,
    EAJ-Japan", "B Union"];  "all members of the coalition" -> None
    """
    pieces = _INLINE_SEP_RE.split(FINAL_STOP_RE.sub("", text.strip()))
    names, seps = pieces[0::2], ["", *pieces[1::2]]
    last = names[-1]
    if len(names) > 1 and last.startswith("and "):
        names[-1] = last[4:]
    elif " and " in last and (len(names) > 1 or last.count(" and ") == 1):
        names[-1:] = last.rsplit(" and ", 1)
        seps.append(" and ")
    # Each name as its pieces (joined once at the end: adding to a string is quadratic).
    merged: list[list[str]] = []
    for name, sep in zip(names, seps, strict=True):
        if merged and " " in merged[-1][0] and _ACRONYM_RE.fullmatch(name):
            merged[-1] += (sep, name)
        elif name:
            merged.append([name])
    joined = ["".join(parts) for parts in merged]
    if not joined or any(n[0].islower() or len(n) > MAX_HEADING for n in joined):
        return None
    return joined
