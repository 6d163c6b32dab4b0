"""Tokenizers: ICU words, Burmese syllables and syllable bigrams, as spans of the text.

Part of ``analysis`` (the only place text is split into tokens), kept apart so each
module has one concern: this one finds spans and folds each token; ``analysis`` turns them
into index terms, Whoosh analyzers and query pieces. Import from ``analysis``, not here.
ICU objects are not picklable and not thread-safe: they live in a per-thread cache.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator

import icu

from statementsearch.text.folding import fold

_local = threading.local()

# --- ICU words ---------------------------------------------------------------------------

# ICU rule status ranges: 100-199 numbers, 200-299 letters, 300-399 kana, 400-499 ideographs.
_WORD_STATUS_MIN = 100
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _word_breaker() -> icu.BreakIterator:
    breaker = getattr(_local, "words", None)
    if breaker is None:
        breaker = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
        _local.words = breaker
    return breaker


def iter_word_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) Python string offsets of ICU word and number segments.

    "AUN-Japan 2022" -> (0, 3), (4, 9), (10, 14);  "😀 Yangon" -> (2, 8)
    """
    if not text:
        return
    breaker = _word_breaker()
    breaker.setText(text)
    # ICU counts UTF-16 code units: each astral character (emoji) before an offset adds
    # one.  astral holds their UTF-16 offsets, usually none.
    astral = [m.start() + i for i, m in enumerate(_ASTRAL.finditer(text))]
    start = breaker.first()
    for stop in breaker:
        if breaker.getRuleStatus() >= _WORD_STATUS_MIN:
            if astral:
                yield start - bisect_left(astral, start), stop - bisect_left(astral, stop)
            else:
                yield start, stop
        start = stop


# (folded text, start, end, position, is_syllable): what every tokenizer kind yields.
_SpanToken = tuple[str, int, int, int, bool]


def _iter_word_tokens(text: str) -> Iterator[_SpanToken]:
    """Yield (folded token, start, end, position, True) for the word field."""
    for pos, (start, stop) in enumerate(iter_word_spans(text)):
        yield _fold_word(text[start:stop]), start, stop, pos, True


# A statement repeats half its words, and a corpus has a bounded vocabulary.
_fold_word = functools.lru_cache(maxsize=1 << 16)(fold)


def iter_words(text: str) -> Iterator[str]:
    """Yield the folded ICU words and numbers of a text (the word field's tokens).

    "Women’s League (WLB)" -> "women's", "league", "wlb";  "ရန်ကုန်မြို့" -> ICU words
    """
    for start, stop in iter_word_spans(text):
        yield fold(text[start:stop])


# --- Burmese syllables -------------------------------------------------------------------

_MYANMAR_BLOCKS = ((0x1000, 0x109F), (0xA9E0, 0xA9FE), (0xAA60, 0xAA7F))


def _myanmar_chars(*categories: str) -> str:
    return "".join(
        chr(code)
        for low, high in _MYANMAR_BLOCKS
        for code in range(low, high + 1)
        if unicodedata.category(chr(code)) in categories
    )


_GREAT_SA = "\u103f"
# Letters that may open a syllable; ၌ ၍ ၎ ၏ are words written as one symbol.  Great sa
# ဿ stands for the stacked သ္သ, so like any consonant after the stacker it closes the
# preceding syllable instead of opening one ("ပြဿနာ" -> "ပြဿ", "နာ").
_LETTERS = _myanmar_chars("Lo").replace(_GREAT_SA, "") + "\u104c\u104d\u104e\u104f"
_MARKS = _myanmar_chars("Mn", "Mc", "Lm") + _GREAT_SA
_DIGITS = _myanmar_chars("Nd")
# A letter opens a syllable unless it follows the stacker U+1039 or is closed by asat
# U+103A / the stacker, with an optional dot below U+1037 first (NFC puts ့ before ်).
# Group 1 is a syllable, group 2 a number in Myanmar digits.
_MYANMAR_TOKEN = re.compile(
    rf"([{_LETTERS}{_MARKS}][{_MARKS}]*(?:(?:(?<=\u1039)[{_LETTERS}]"
    rf"|[{_LETTERS}](?=\u1037?[\u103a\u1039]))[{_MARKS}]*)*)|([{_DIGITS}]+)"
)
# Text between two Myanmar tokens that keeps them adjacent: Burmese spaces words loosely.
_BLANK = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*")


def _iter_myanmar_tokens(text: str) -> Iterator[_SpanToken]:
    """Yield (folded text, start, end, position, is_syllable) of Myanmar tokens.

    Anything but blank text between two tokens (Latin words, punctuation, ။) leaves a
    position gap, so a run of adjacent syllables never spans it.
    """
    pos = 0
    prev_end = -1
    for match in _MYANMAR_TOKEN.finditer(text):
        start, end = match.span()
        if prev_end >= 0:
            pos += 1 if prev_end == start or _BLANK.fullmatch(text, prev_end, start) else 2
        prev_end = end
        yield _fold_myanmar(match.group()), start, end, pos, match.lastindex == 1


@functools.lru_cache(maxsize=1 << 16)
def _fold_myanmar(piece: str) -> str:
    """fold() of a Myanmar token (no case, no quotes: NFKC and ဥ် -> ဉ်), ~3x cheaper; a
    corpus has a few thousand distinct syllables, so each is folded once."""
    folded = unicodedata.normalize("NFKC", piece)
    return folded.replace("\u1025\u103a", "\u1009\u103a") if "\u1025\u103a" in folded else folded


def iter_syllable_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the Burmese syllables of a text (nothing else).

    "ရန်ကုန် 2022" -> (0, 3), (3, 7);  "မန္တလေး" -> (0, 4), (4, 7)
    """
    for match in _MYANMAR_TOKEN.finditer(text):
        if match.lastindex == 1:
            yield match.span()


def iter_syllables(text: str) -> Iterator[str]:
    """Yield the folded Burmese syllables of a text.

    "မြန်မာ" -> "မြန်", "မာ";  "တနင်္သာရီ" -> "တ", "နင်္သာ", "ရီ";  "Yangon" -> nothing
    """
    for folded, _start, _end, _pos, is_syllable in _iter_myanmar_tokens(text):
        if is_syllable:
            yield folded


def _iter_bigram_tokens(text: str) -> Iterator[_SpanToken]:
    return _iter_bigrams(_iter_myanmar_tokens(text))


def _iter_bigrams(tokens: Iterable[_SpanToken]) -> Iterator[_SpanToken]:
    """Join adjacent syllables of Myanmar tokens into bigrams at the first's position; a
    number or a position gap ends a run."""
    prev_text, prev_start, prev_pos = "", -1, -2
    for syllable, start, end, pos, is_syllable in tokens:
        if not is_syllable:
            prev_pos = -2
            continue
        if pos == prev_pos + 1:
            yield prev_text + syllable, prev_start, end, prev_pos, True
        prev_text, prev_start, prev_pos = syllable, start, pos
