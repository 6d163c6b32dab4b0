"""Build Whoosh queries from what a user typed, through the same analyzers as the index.

Rules (DESIGN.md, "Text analysis"):
- a piece of the query that analyses into several tokens is a phrase, never an AND of
  scattered pieces (``ရန်ကုန်`` must not match text with ``ရန်`` and ``ကုန်`` far apart);
- Burmese pieces also match through syllables (a bigram phrase, or the unigram field for
  one syllable), so proper nouns and mid-word fragments are found; word matches rank higher.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Any

from whoosh import query as wq

from statementsearch import analysis, schema
from statementsearch.names import acronym_key, name_keys

# "a quoted phrase" or a run of non-space characters; an unclosed quote is just ignored.
_PIECE = re.compile(r'"([^"]+)"|(\S+)')
WORD_BOOST = 3.0
# A prefix, wildcard or fuzzy query expands to at most this many index terms: "a*" must
# not become an OR of every word in the corpus.
EXPANSION_LIMIT = 64
MAX_PIECES = 12


class CappedPrefix(wq.Prefix):
    """A prefix query that expands to at most EXPANSION_LIMIT terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), EXPANSION_LIMIT)


class CappedWildcard(wq.Wildcard):
    """A wildcard query that expands to at most EXPANSION_LIMIT terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), EXPANSION_LIMIT)


class CappedFuzzyTerm(wq.FuzzyTerm):
    """A fuzzy term that expands to at most EXPANSION_LIMIT terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), EXPANSION_LIMIT)


def cap_expansions(query: wq.Query) -> wq.Query:
    """Replace the expanding terms of a parsed query with capped ones (advanced mode)."""

    def capped(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm) and not isinstance(node, CappedFuzzyTerm):
            return CappedFuzzyTerm(
                node.fieldname, node.text, node.boost, node.maxdist, node.prefixlength
            )
        if isinstance(node, wq.Prefix) and not isinstance(node, CappedPrefix):
            return CappedPrefix(node.fieldname, node.text, node.boost)
        if isinstance(node, wq.Wildcard) and not isinstance(node, CappedWildcard):
            return CappedWildcard(node.fieldname, node.text, node.boost)
        return node

    return query.accept(capped)


def query_pieces(text: str) -> list[str]:
    """Split query text into pieces: quoted phrases and space-separated chunks.

    'jet fuel "arms embargo"' -> ["jet", "fuel", "arms embargo"];  '"jet fuel' -> ["jet", "fuel"]
    """
    pieces = []
    for match in _PIECE.finditer(text):
        phrase, chunk = match.groups()
        piece = (phrase if phrase is not None else chunk.replace('"', "")).strip()
        if piece:
            pieces.append(piece)
    return pieces[:MAX_PIECES]


def _sequence(fieldname: str, tokens: list[str], boost: float = 1.0) -> wq.Query:
    if len(tokens) == 1:
        return wq.Term(fieldname, tokens[0], boost=boost)
    return wq.Phrase(fieldname, tokens, boost=boost)


def statement_query(text: str) -> tuple[wq.Query | None, list[str]]:
    """The simple-mode query for statement text and the words to mark in snippets.

    Every piece must match (AND); within a piece: a title or body word match (boosted),
    or a Burmese syllable match.
    """
    required: list[wq.Query] = []
    marks: list[str] = []
    for piece in query_pieces(text):
        tokens = analysis.query_tokens(piece, "word")
        syllables = analysis.syllable_query(piece, schema.BODY_SYLLABLES, schema.BODY_BIGRAMS)
        options: list[wq.Query] = []
        if syllables is not None:
            options.append(syllables)
        for field, weight in schema.STATEMENT_TEXT_FIELDS.items():
            # A Burmese piece of several ICU words is found by its syllable phrase; a second
            # positional phrase in the body word field would double the cost (positions
            # are checked in Python) for nothing. A whole word ranks higher via its term.
            if tokens and (syllables is None or len(tokens) == 1 or field != schema.BODY):
                options.append(_sequence(field, tokens, boost=WORD_BOOST * weight))
        if not options:
            continue
        required.append(options[0] if len(options) == 1 else wq.Or(options))
        marks.append(piece)
    if not required:
        return None, []
    return (required[0] if len(required) == 1 else wq.And(required)), marks


def name_lookup_keys(name: str) -> list[str]:
    """The names.py keys under which an organisation name is indexed and looked up.

    "Backpack Health Workers Team" -> ["backpackhealthworkerteam"] (merge and loose keys)
    """
    keys = name_keys(name)
    return sorted({k for k in (keys.merge, keys.loose, keys.burmese) if k})


def organisation_query(text: str, *, fuzzy: bool = False) -> wq.Query:
    """Organisations whose names match: exact key, acronym, phrase, prefix, syllables.

    With ``fuzzy`` (used when nothing matched) each word may be one or two edits away:
    "Sacramento" finds "Sacremento".
    """
    tokens = analysis.query_tokens(text, "word")
    options: list[wq.Query] = [
        wq.Term(schema.KEYS, key, boost=20.0) for key in name_lookup_keys(text)
    ]
    options.append(wq.Term(schema.ACRONYMS, acronym_key(text), boost=12.0))
    if tokens and not fuzzy:
        options.append(_sequence(schema.NAMES, tokens, boost=4.0))
        if len(tokens[-1]) >= 2:  # as you type; one letter would match half the names
            head = [wq.Term(schema.NAMES, t) for t in tokens[:-1]]
            last = CappedPrefix(schema.NAMES, tokens[-1])
            options.append(wq.And([*head, last]) if head else last)
    elif tokens:
        options.append(
            wq.And(
                [
                    CappedFuzzyTerm(schema.NAMES, t, maxdist=1 if len(t) < 8 else 2, prefixlength=1)
                    for t in tokens
                ]
            )
        )
    syllables = analysis.syllable_query(text, schema.NAMES_SYLLABLES, schema.NAMES_BIGRAMS)
    if syllables is not None:
        options.append(syllables)
    typing = _partial_last_syllable(text)
    if typing is not None:
        options.append(typing)
    return wq.Or(options)


def _partial_last_syllable(text: str) -> wq.Query | None:
    """A name typed so far whose last Burmese syllable may be unfinished.

    "စုပေါင်" (typed on the way to "စုပေါင်း") -> syllables before it, and the last
    syllable as a prefix of an indexed syllable.
    """
    spans = list(analysis.iter_syllable_spans(text))
    if not spans or spans[-1][1] != len(text.rstrip()):
        return None
    start, end = spans[-1]
    last = CappedPrefix(schema.NAMES_SYLLABLES, analysis.fold(text[start:end]))
    head = analysis.syllable_query(text[:start], schema.NAMES_SYLLABLES, schema.NAMES_BIGRAMS)
    return last if head is None else wq.And([head, last])
