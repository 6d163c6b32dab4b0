"""Page furniture that converted documents leave in the text, and its removal.

PDF, DOCX and HTML readers hand the parser plain text with pages separated by a form feed
(``\\f``, as ``pdftotext`` writes). Before parsing, ``remove_furniture`` drops what belongs
to the page, not the statement: ``Page 2 of 5`` lines, a bare page number at a page's top
or bottom (or alone between blank lines), a running header or footer repeated at the
edge of several pages, and it joins a word hyphenated across a line break
(``Develop-`` / ``ment``). What it drops or joins is returned as notices, so ``check``
shows it, with a map from each kept line to its line in the file. One pass, linear.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from statementsearch.model import Notice

_PAGE_RE = re.compile(
    r"(?:page|p\.|pg\.?|စာမျက်နှာ)\s*[0-9၀-၉]+(?:\s*(?:of|/|မှ)\s*[0-9၀-၉]+)?"
    # The lookbehind starts a number only at its first digit: a long run of digits tried
    # from every position would be quadratic.
    r"|(?<![0-9၀-၉])[0-9၀-၉]+\s*(?:/|of)\s*[0-9၀-၉]+",
    re.IGNORECASE,
)
# The quick test whether any line could be a page number line.
_PAGE_LINE_RE = re.compile(
    r"\n[ \t]*(?:page|p\.|pg|စာမျက်နှာ|[0-9၀-၉]{1,4}[ \t]*(?:/|of|\n)"
    r"|[-–—][ \t]*[0-9၀-၉]{1,4}[ \t]*[-–—])",
    re.IGNORECASE,
)
_BARE_NUMBER_RE = re.compile(r"[-–—\s]*[0-9၀-၉]{1,4}[-–—\s]*")
# "Develop-" + "ment": a lower-case letter on both sides of the break.
_HYPHEN_END_RE = re.compile(r"[a-z]{2}-$")
# Compounds whose hyphen is part of the word ("community-" + "based") keep it.
_KEEP_HYPHEN = ("based", "led", "run", "owned", "wide", "level", "term", "scale", "making")
_MAX_EDGE = 120  # a running header is a short line
_MIN_REPEATS = 2


@dataclass(frozen=True)
class Cleaned:
    """Text without its page furniture; ``origin[i]`` is kept line i's 1-based file line."""

    text: str
    origin: list[int] | None  # None: nothing dropped or joined, lines are where they were
    dropped: list[Notice]


def _page_edges(pages: list[list[int]], lines: list[str]) -> set[int]:
    """The first and last two non-blank lines of every page: where furniture sits."""
    edges: set[int] = set()
    for page in pages:
        filled = [i for i in page if lines[i].strip()]
        edges.update(filled[:2] + filled[-2:])
    return edges


def _hyphen_break(text: str) -> bool:
    """Say whether a lower-case word is hyphenated across a line break anywhere."""
    at = text.find("-\n")
    while at != -1:
        if text[at - 2 : at].isalpha() and text[at - 2 : at].islower():
            return True
        at = text.find("-\n", at + 2)
    return False


def remove_furniture(text: str) -> Cleaned:
    """Drop page furniture from ``text``; see the module.

    "Alpha\\n\\nPage 1 of 2\\n\\fBeta" -> Cleaned("Alpha\\nBeta", [1, 4], [page_furniture])
    """
    if "\f" not in text and not _PAGE_LINE_RE.search(text) and not _hyphen_break(text):
        return Cleaned(text, None, [])
    # A form feed separates pages, not lines: the text around it is one line of the file.
    lines: list[str] = []
    pages: list[list[int]] = []
    for part_no, part in enumerate(text.split("\f")):
        part_lines = part.split("\n")
        if part_no:
            first = len(lines) - 1  # the line the form feed is in starts the new page
            lines[-1] += part_lines[0]
            pages[-1].pop()
            pages.append([first, *range(len(lines), len(lines) + len(part_lines) - 1)])
            lines += part_lines[1:]
        else:
            pages.append(list(range(len(part_lines))))
            lines += part_lines
    numbers = list(range(1, len(lines) + 1))
    edges = _page_edges(pages, lines) if len(pages) > 1 else set()
    repeated = Counter(lines[i].strip() for i in edges if len(lines[i].strip()) <= _MAX_EDGE)
    drop: dict[int, str] = {}
    for i, line in enumerate(lines):
        text_ = line.strip()
        if not text_:
            continue
        if len(text_) <= 40 and _PAGE_RE.fullmatch(text_):
            drop[i] = "a page number"
        elif (
            len(text_) <= 12
            and _BARE_NUMBER_RE.fullmatch(text_)
            and (
                i in edges
                or (
                    (i == 0 or not lines[i - 1].strip())
                    and (i + 1 == len(lines) or not lines[i + 1].strip())
                )
            )
        ):
            drop[i] = "a bare page number"
        elif i in edges and repeated[text_] >= _MIN_REPEATS and len(text_) <= _MAX_EDGE:
            drop[i] = "a running header or footer repeated on several pages"
    notices = [
        Notice("page_furniture", f"{lines[i].strip()!r} dropped: {why}", numbers[i])
        for i, why in sorted(drop.items())
    ]
    # Blank lines just before dropped furniture belong to the page break.
    kept: list[int] = []
    for i in range(len(lines)):
        if i in drop:
            while kept and not lines[kept[-1]].strip():
                kept.pop()
            continue
        kept.append(i)
    out_lines: list[str] = []
    origin: list[int] = []
    k = 0
    while k < len(kept):
        i = kept[k]
        line = lines[i]
        nxt = lines[kept[k + 1]].lstrip() if k + 1 < len(kept) else ""
        if _HYPHEN_END_RE.search(line.rstrip()) and nxt[:1].islower():
            word = nxt.split()[0]
            joined = line.rstrip()
            if not word.startswith(_KEEP_HYPHEN):
                joined = joined[:-1]
            out_lines.append(joined + nxt)
            origin.append(numbers[i])
            notices.append(
                Notice(
                    "hyphenation_joined",
                    f"{line.split()[-1]!r} + {word!r} joined: a word hyphenated across a "
                    "line break",
                    numbers[i],
                )
            )
            k += 2
            continue
        out_lines.append(line)
        origin.append(numbers[i])
        k += 1
    if not notices and "\f" not in text:
        return Cleaned(text, None, [])
    return Cleaned("\n".join(out_lines), origin, notices)
