"""Unicode text normalisation before anything reads it: Zawgyi Burmese -> Unicode, NFC.

Used on corpus text (ingest) and on query text (search) alike, so both sides agree.
Zawgyi is detected per line with ``myanmartools`` (Google's model) and converted with ICU's
``Zawgyi-my`` transliterator.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings

# Zawgyi is detected and converted per piece of at most this many characters: ICU's
# transliterator is superlinear in its input (a 1.6 M-character line took 14 s).
ZAWGYI_CHUNK = 4096
# Google's guidance for myanmartools: above 0.95 the text is Zawgyi.
ZAWGYI_THRESHOLD = 0.95

_C = "\u1000-\u1021"  # Burmese consonants
# Sequences that are invalid or unused in Unicode Burmese but routine in Zawgyi. The
# statistical detector (pure Python, ~70 us a line) only runs on lines that show one:
# lines without any are Unicode or read the same in both encodings.
_ZAWGYI_SIGNAL = re.compile(
    # Every alternative starts with a literal so the scan is fast; lookbehinds come after.
    "[\u105a\u1060-\u1097]"  # Zawgyi's precomposed stacks and ligatures
    f"|\u1039(?![{_C}])"  # Zawgyi's asat is U+1039: a virama that stacks nothing
    f"|\u1031(?<![{_C}\u103b-\u103e]\u1031)"  # e-vowel typed before its consonant
    f"|\u103b(?<![{_C}]\u103b)"  # ya-yit (U+103B in Zawgyi) typed before its consonant
    "|[\u1033\u1034]"  # Zawgyi's short u / long u variants
    "|\u1036\u102f"  # anusvara before u (Unicode orders u first)
    "|\u103a[\u102b-\u1032\u1036]"  # U+103A is Zawgyi's medial ya; Unicode's asat ends
)


@functools.cache
def _zawgyi_detector() -> object:
    from myanmartools import ZawgyiDetector

    # myanmartools 1.2 loads its model with importlib.resources.open_binary, deprecated
    # since Python 3.11; the warning is theirs, not ours, so silence exactly that one.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "open_binary is deprecated", DeprecationWarning)
        return ZawgyiDetector()


@functools.cache
def _zawgyi_converter() -> object:
    import icu

    return icu.Transliterator.createInstance("Zawgyi-my")


def is_zawgyi(text: str) -> bool:
    """Say whether Burmese text is Zawgyi-encoded.  "ျမန္မာ" -> True;  "မြန်မာ" -> False"""
    if not _ZAWGYI_SIGNAL.search(text):
        return False
    probability: float = _zawgyi_detector().get_zawgyi_probability(text)  # type: ignore[attr-defined]
    return probability > ZAWGYI_THRESHOLD


def zawgyi_to_unicode(text: str) -> str:
    """Convert Zawgyi-encoded text to Unicode Burmese.  "ျမန္မာ" -> "မြန်မာ" """
    converted: str = _zawgyi_converter().transliterate(text)  # type: ignore[attr-defined]
    return converted


def convert_zawgyi(text: str) -> tuple[str, list[int]]:
    """Convert every Zawgyi line to Unicode; return the text and the 1-based lines converted.

    Detection is per line because one file can mix Zawgyi and Unicode passages.
    Query text goes through this too (see ``search``).
    """
    if not _ZAWGYI_SIGNAL.search(text):  # one scan: most files have no Zawgyi at all
        return text, []
    lines = text.split("\n")
    converted: list[int] = []
    for number, line in enumerate(lines, start=1):
        if len(line) <= ZAWGYI_CHUNK:
            if is_zawgyi(line):
                lines[number - 1] = zawgyi_to_unicode(line)
                converted.append(number)
            continue
        pieces = _split_long_line(line)
        changed = False
        for k, piece in enumerate(pieces):
            if is_zawgyi(piece):
                pieces[k], changed = zawgyi_to_unicode(piece), True
        if changed:
            lines[number - 1] = "".join(pieces)
            converted.append(number)
    return "\n".join(lines), converted


_BREAKS = (" ", "\t", "\u104b", "\u104a")  # where a piece may end: spaces, ။ and ၊


def _split_long_line(line: str) -> list[str]:
    """Cut a long line into pieces of at most ZAWGYI_CHUNK characters, after a space or
    Burmese punctuation when there is one (a syllable is never cut there), hard otherwise.
    """
    pieces: list[str] = []
    start = 0
    while len(line) - start > ZAWGYI_CHUNK:
        end = start + ZAWGYI_CHUNK
        cut = max(line.rfind(b, start + ZAWGYI_CHUNK // 2, end) for b in _BREAKS) + 1
        if cut <= start:
            cut = end
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return pieces


def normalise_text(text: str) -> tuple[str, list[int]]:
    """Zawgyi -> Unicode, then NFC. Return the text and the lines that were Zawgyi."""
    text, zawgyi_lines = convert_zawgyi(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, zawgyi_lines
