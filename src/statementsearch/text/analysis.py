"""Text analysis: the ONLY place text is split into tokens (ICU words, Burmese syllables).

Every token that reaches the index or a query comes from here; names.py builds its
comparison keys from ``fold`` and ``iter_words`` rather than splitting text itself.
Offsets are always computed on the original text and each token is folded on its own
(NFKC and casefold can change lengths: "ﬁ", "ß"), so Whoosh highlights the original.
ICU objects are not picklable and not thread-safe, so they live in a per-thread cache,
never on analyzer instances (Whoosh pickles schemas into the index and worker processes;
the class path ``statementsearch.text.analysis.ICUTokenizer`` is therefore part of the format).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any, Literal

import icu
from whoosh import query
from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer

# Bump whenever any analyzer's token output changes: it goes into the index manifest and
# an index built with another version is rebuilt, not trusted.
ANALYZER_VERSION = "1"

FieldKind = Literal["word", "syllable", "bigram"]

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


_FOLD_CHARS = re.compile("[" + "".join(map(chr, _FOLD_TABLE)) + "]")


def icu_version() -> str:
    """Return the ICU version segmentation depends on (goes into the index manifest).

    () -> "77.1"
    """
    return str(icu.ICU_VERSION)


def fold(text: str) -> str:
    """Fold text for comparison: NFKC, casefold, one quote, one dash, ``ဥ်`` -> ``ဉ်``.

    "Women’s" -> "women's";  "A – B" -> "a - b";  "ညီနောင်ဥ်" -> "ညီနောင်ဉ်"
    """
    if text.isascii():
        # NFKC is the identity on ASCII and casefold() is lower(): about 10x faster.
        return text.lower().replace("`", "'")
    folded = unicodedata.normalize("NFKC", text).casefold()
    # str.translate costs ~60 ns a character; most tokens have nothing to translate.
    if _FOLD_CHARS.search(folded) is not None:
        folded = folded.translate(_FOLD_TABLE)
    return folded.replace("\u1025\u103a", "\u1009\u103a")


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


# --- index terms without Token objects ---------------------------------------------------


def index_terms(text: str, kind: FieldKind) -> tuple[list[str], list[int]]:
    """Return the terms a field kind's analyzer indexes for a text, and their positions.

    The same (text, pos) as the analyzer yields, without a Token per token: indexing
    (``formats``) calls this for every field of every document.  Folding is done once
    per distinct piece of a text (a statement repeats half its words), and the syllable
    and bigram fields of one text share one pass over it.
    ("AUN-Japan, 2022", "word") -> (["aun", "japan", "2022"], [0, 1, 2]);
    ("ရန်ကုန် Yangon ၂၀၂၂", "syllable") -> (["ရန်", "ကုန်", "၂၀၂၂"], [0, 1, 3]);
    ("ရန်ကုန်မြို့", "bigram") -> (["ရန်ကုန်", "ကုန်မြို့"], [0, 1])
    """
    if kind == "word":
        return _word_terms(text)
    found = (
        _myanmar_tokens(text) if kind == "syllable" else list(_iter_bigrams(_myanmar_tokens(text)))
    )
    return [token[0] for token in found], [token[3] for token in found]


def _myanmar_tokens(text: str) -> list[_SpanToken]:
    """``_iter_myanmar_tokens`` of a text as a list, the last text's kept (per thread): a
    statement's syllable and bigram fields analyse the same text one after the other."""
    cached = getattr(_local, "myanmar_tokens", None)
    if cached is not None and cached[0] == text:
        return cached[1]
    found = list(_iter_myanmar_tokens(text))
    _local.myanmar_tokens = (text, found)
    return found


def _word_terms(text: str) -> tuple[list[str], list[int]]:
    found = list(_iter_word_tokens(text))
    return [token[0] for token in found], [token[3] for token in found]


# --- Whoosh analyzers --------------------------------------------------------------------


class ICUTokenizer(Tokenizer):
    """Whoosh tokenizer for one field kind: ICU words, Burmese syllables or bigrams.

    Holds only its kind (a string), so it pickles; one Token is reused, as in Whoosh.
    """

    def __init__(self, kind: FieldKind = "word") -> None:
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ICUTokenizer) and other.kind == self.kind

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Whoosh's own tokenizers yield the whole value; fold it like any token.
            token.original = value
            token.text = fold(value)
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        if self.kind == "word":
            tokens: Iterator[_SpanToken] = _iter_word_tokens(value)
        elif self.kind == "syllable":
            tokens = _iter_myanmar_tokens(value)
        else:
            tokens = _iter_bigram_tokens(value)
        for text, start, end, pos, _syllable in tokens:
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def word_analyzer() -> CompositeAnalyzer:
    """Return the word-field analyzer: folded ICU words and numbers.

    "AUN-Japan, 2022" -> "aun", "japan", "2022";  "ရန်ကုန်မြို့" -> "ရန်", "ကုန်", "မြို့"
    """
    return CompositeAnalyzer(ICUTokenizer("word"))


def syllable_analyzer() -> CompositeAnalyzer:
    """Return the syllable-field analyzer: folded Burmese syllables and Myanmar numbers.

    Latin words are left to the word field (they only leave a position gap).
    "ရန်ကုန် Yangon ၂၀၂၂" -> "ရန်"@0, "ကုန်"@1, "၂၀၂၂"@3
    """
    return CompositeAnalyzer(ICUTokenizer("syllable"))


def syllable_bigram_analyzer() -> CompositeAnalyzer:
    """Return the bigram-field analyzer: adjacent syllables joined, at the first's position.

    A run of one syllable yields nothing (the syllable field serves it).
    "ရန်ကုန်မြို့" -> "ရန်ကုန်"@0, "ကုန်မြို့"@1;  "ရန် - ကုန်" -> nothing
    """
    return CompositeAnalyzer(ICUTokenizer("bigram"))


_TOKENIZERS: dict[str, ICUTokenizer] = {
    kind: ICUTokenizer(kind) for kind in ("word", "syllable", "bigram")
}


def query_tokens(text: str, field_kind: FieldKind) -> list[str]:
    """Analyse query text exactly as the field kind's analyzer indexes documents.

    ("Women’s League", "word") -> ["women's", "league"];
    ("ရန်ကုန်မြို့", "bigram") -> ["ရန်ကုန်", "ကုန်မြို့"]
    """
    return [token.text for token in _TOKENIZERS[field_kind](text, mode="query")]


def syllable_query(text: str, syllable_field: str, bigram_field: str) -> query.Query | None:
    """Build the Burmese part of a query: each syllable run as a bigram phrase.

    A run of n >= 2 adjacent syllables becomes a phrase of its n-1 bigrams, a single
    syllable or a Myanmar number a term on the syllable field; runs are ANDed.  Latin
    words are ignored (query the word field for them).  No Burmese -> None.
    "ရန်ကုန်မြို့" -> Phrase(bigram, ["ရန်ကုန်", "ကုန်မြို့"]);  "ရန်" -> Term(syllable, "ရန်")
    """
    runs: list[list[str]] = []
    prev_pos = -2
    for token, _start, _end, pos, is_syllable in _iter_myanmar_tokens(text):
        if is_syllable and pos == prev_pos + 1 and runs:
            runs[-1].append(token)
        else:
            runs.append([token])
        prev_pos = pos if is_syllable else -2
    parts: list[query.Query] = []
    for run in runs:
        if len(run) == 1:
            parts.append(query.Term(syllable_field, run[0]))
            continue
        bigrams = [first + second for first, second in pairwise(run)]
        if len(bigrams) == 1:
            parts.append(query.Term(bigram_field, bigrams[0]))
        else:
            parts.append(query.Phrase(bigram_field, bigrams))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)
