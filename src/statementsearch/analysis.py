"""Text analysis: the ONLY place text is split into tokens (ICU words, Burmese syllables).

Every token that reaches the index or a query comes from here; names.py builds its
comparison keys from ``fold`` and ``iter_words`` rather than splitting text itself.
ICU objects are not picklable and not thread-safe, so they live in a per-thread cache,
never on analyzer instances (Whoosh pickles schemas into the index and worker processes).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator

import icu

_local = threading.local()

# Folding table applied after NFKC + casefold: quote and dash variants, Burmese ဥ် -> ဉ်.
_FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Fold text for comparison: NFKC, casefold, one quote, one dash, ``ဥ်`` -> ``ဉ်``.

    "Women’s" -> "women's";  "A – B" -> "a - b";  "ညီနောင်ဥ်" -> "ညီနောင်ဉ်"
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_TABLE)
    return folded.replace("\u1025\u103a", "\u1009\u103a")


def _word_breaker() -> icu.BreakIterator:
    breaker = getattr(_local, "words", None)
    if breaker is None:
        breaker = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
        _local.words = breaker
    return breaker


# ICU rule status ranges: 100-199 numbers, 200-299 letters, 300-399 kana, 400-499 ideographs.
_WORD_STATUS_MIN = 100


def iter_word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) Python string offsets of ICU word and number segments.

    "AUN-Japan 2022" -> (0, 3), (4, 9), (10, 14)
    """
    if not text:
        return
    breaker = _word_breaker()
    breaker.setText(text)
    # ICU counts in UTF-16 code units; map them to Python offsets only when text has
    # characters outside the BMP (emoji), where the two differ.
    astral = any(ord(ch) > 0xFFFF for ch in text)
    to_py: list[int] | None = None
    if astral:
        to_py = []
        for index, ch in enumerate(text):
            to_py.append(index)
            if ord(ch) > 0xFFFF:
                to_py.append(index)
        to_py.append(len(text))
    start = breaker.first()
    for end in breaker:
        if breaker.getRuleStatus() >= _WORD_STATUS_MIN:
            if to_py is None:
                yield start, end
            else:
                yield to_py[start], to_py[end]
        start = end


def iter_words(text: str) -> Iterator[str]:
    """Yield the folded ICU words and numbers of a text.

    "Women’s League (WLB)" -> "women's", "league", "wlb";  "ရန်ကုန်မြို့" -> ICU words
    """
    folded = fold(text)
    for start, end in iter_word_spans(folded):
        yield folded[start:end]
