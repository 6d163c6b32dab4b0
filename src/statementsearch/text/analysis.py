"""Text analysis: the ONLY place text is split into tokens (ICU words, Burmese syllables,
English stems). Split by concern: ``folding`` (what counts as the same character),
``tokenizers`` (spans of words, syllables, bigrams), ``stemming`` (English stems), and
this module (index terms, Whoosh analyzers, query pieces); callers import from here.

Every token that reaches the index or a query comes from here; names.py builds its
comparison keys from ``fold`` and ``iter_words`` rather than splitting text itself.
Offsets are always computed on the original text and each token is folded on its own
(NFKC and casefold can change lengths: "ﬁ", "ß"), so Whoosh highlights the original.
ICU objects are not picklable and not thread-safe, so they live in a per-thread cache,
never on analyzer instances (Whoosh pickles schemas into the index and worker processes;
the class path ``statementsearch.text.analysis.ICUTokenizer`` is therefore part of the format).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import Any, Literal

import icu
from whoosh import query
from whoosh.analysis import CompositeAnalyzer, Token, Tokenizer

from statementsearch.text.folding import _FOLD_TABLE, fold
from statementsearch.text.stemming import english_stem, is_stemmable
from statementsearch.text.tokenizers import (
    _iter_bigram_tokens,
    _iter_bigrams,
    _iter_myanmar_tokens,
    _iter_word_tokens,
    _SpanToken,
    iter_syllable_spans,
    iter_syllables,
    iter_word_spans,
    iter_words,
)

__all__ = [
    "ANALYZER_VERSION",
    "_FOLD_TABLE",
    "FieldKind",
    "ICUTokenizer",
    "english_stem",
    "fold",
    "index_terms",
    "is_stemmable",
    "iter_syllable_spans",
    "iter_syllables",
    "iter_word_spans",
    "iter_words",
    "query_tokens",
    "stem_analyzer",
    "syllable_analyzer",
    "syllable_bigram_analyzer",
    "syllable_query",
    "word_analyzer",
]

# Bump whenever any analyzer's token output changes: it goes into the index manifest and
# an index built with another version is rebuilt, not trusted.
# 2: the "stem" kind (English stems beside the exact words).
ANALYZER_VERSION = "2"

FieldKind = Literal["word", "syllable", "bigram", "stem"]

_local = threading.local()


def icu_version() -> str:
    """Return the ICU version segmentation depends on (goes into the index manifest).

    () -> "77.1"
    """
    return str(icu.ICU_VERSION)


# --- index terms without Token objects ---------------------------------------------------


def index_terms(text: str, kind: FieldKind) -> tuple[list[str], list[int]]:
    """Return the terms a field kind's analyzer indexes for a text, and their positions.

    The same (text, pos) as the analyzer yields, without a Token per token: indexing
    (``formats``) calls this for every field of every document.  Folding is done once
    per distinct piece of a text (a statement repeats half its words), and the syllable
    and bigram fields of one text share one pass over it.
    ("AUN-Japan, 2022", "word") -> (["aun", "japan", "2022"], [0, 1, 2]);
    ("ရန်ကုန် Yangon ၂၀၂၂", "syllable") -> (["ရန်", "ကုန်", "၂၀၂၂"], [0, 1, 3]);
    ("ရန်ကုန်မြို့", "bigram") -> (["ရန်ကုန်", "ကုန်မြို့"], [0, 1]);
    ("Organisations’ crimes ရန်ကုန်", "stem") -> (["organiz", "crime"], [0, 1])
    """
    if kind == "word":
        return _word_terms(text)
    if kind == "stem":
        stems = list(_iter_stems(_word_tokens(text)))
        return [token[0] for token in stems], [token[3] for token in stems]
    found = (
        _myanmar_tokens(text) if kind == "syllable" else list(_iter_bigrams(_myanmar_tokens(text)))
    )
    return [token[0] for token in found], [token[3] for token in found]


def _last_tokens(
    name: str, text: str, scan: Callable[[str], Iterable[_SpanToken]]
) -> list[_SpanToken]:
    """``scan(text)`` as a list, the last text's kept per thread under ``name``: one
    statement's fields analyse the same text one after the other (syllables then bigrams,
    words then stems), so each scan runs once a text."""
    cached = getattr(_local, name, None)
    if cached is not None and cached[0] == text:
        return cached[1]
    found = list(scan(text))
    setattr(_local, name, (text, found))
    return found


def _myanmar_tokens(text: str) -> list[_SpanToken]:
    return _last_tokens("myanmar_tokens", text, _iter_myanmar_tokens)


def _word_tokens(text: str) -> list[_SpanToken]:
    return _last_tokens("word_tokens", text, _iter_word_tokens)


def _word_terms(text: str) -> tuple[list[str], list[int]]:
    found = _word_tokens(text)
    return [token[0] for token in found], [token[3] for token in found]


def _iter_stems(tokens: Iterable[_SpanToken]) -> Iterator[_SpanToken]:
    """English stems of the Latin-script word tokens, at their positions; Burmese words
    and numbers are left to the other fields (nothing here changes them)."""
    for text, start, end, pos, flag in tokens:
        if is_stemmable(text):
            yield english_stem(text), start, end, pos, flag


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
        elif self.kind == "stem":
            tokens = _iter_stems(_iter_word_tokens(value))
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


def stem_analyzer() -> CompositeAnalyzer:
    """Return the stemmed-field analyzer: English stems of the Latin-script ICU words.

    "Organisations’ crimes ရန်ကုန်" -> "organiz", "crime"
    """
    return CompositeAnalyzer(ICUTokenizer("stem"))


_TOKENIZERS: dict[str, ICUTokenizer] = {
    kind: ICUTokenizer(kind) for kind in ("word", "syllable", "bigram", "stem")
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
