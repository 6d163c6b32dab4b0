"""Build Whoosh queries from what a user typed, through the same analyzers as the index.

(Over 300 lines on purpose: every rule that turns typed text into a Whoosh query, for
statements and organisations alike, stays in one place beside the analyzers it mirrors.)

Rules (DESIGN.md, "Text analysis"):
- a piece of the query that analyses into several tokens is a phrase, never an AND of
  scattered pieces (``ရန်ကုန်`` must not match text with ``ရန်`` and ``ကုန်`` far apart);
- Burmese pieces also match through syllables (a bigram phrase, or the unigram field for
  one syllable), so proper nouns and mid-word fragments are found; word matches rank higher.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import reduce
from itertools import islice
from typing import Any

from whoosh import query as wq
from whoosh.matching import IntersectionMatcher, NullMatcher, WrappingMatcher

from statementsearch.identity.names import acronym_key, name_lookup_keys
from statementsearch.indexing import schema
from statementsearch.search.bounds import MAX_FUZZY_CHARS, MAX_SCANNED_TERMS
from statementsearch.search.deadline import check
from statementsearch.text import analysis

# "a quoted phrase" or a run of non-space characters; an unclosed quote is just ignored.
_PIECE = re.compile(r'"([^"]+)"|(\S+)')
WORD_BOOST = 3.0
# A word's other English forms (the words of the index with the same stem, found at
# search time) count a third of the word as typed, which ranks above them.
STEM_BOOST = 1.0
# A prefix, wildcard or fuzzy query expands to at most this many index terms: "a*" must
# not become an OR of every word in the corpus.
EXPANSION_LIMIT = 64
MAX_PIECES = 12


class CappedPrefix(wq.Prefix):
    """A prefix query that expands to at most EXPANSION_LIMIT terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), EXPANSION_LIMIT)


class CappedWildcard(wq.Wildcard):
    """A wildcard query that expands to at most EXPANSION_LIMIT terms, found among at most
    MAX_SCANNED_TERMS index terms (``*a*`` has no prefix to start from: it scans)."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(self._scan(ixreader), EXPANSION_LIMIT)

    def _scan(self, ixreader: Any) -> Iterator[bytes]:
        field = ixreader.schema[self.fieldname]
        pattern = re.compile(self._get_pattern())
        prefix = self._find_prefix(self.text)
        if prefix:
            candidates = ixreader.expand_prefix(self.fieldname, prefix)
        else:
            candidates = ixreader.lexicon(self.fieldname)
        for count, btext in enumerate(islice(candidates, MAX_SCANNED_TERMS)):
            if count % 1024 == 0:
                check()
            if pattern.match(field.from_bytes(btext)):
                yield btext


class CappedFuzzyTerm(wq.FuzzyTerm):
    """A fuzzy term that expands to at most EXPANSION_LIMIT terms; a word longer than
    MAX_FUZZY_CHARS matches only exactly (its edit-distance automaton is too costly)."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        if len(self.text) > MAX_FUZZY_CHARS:
            btext = ixreader.schema[self.fieldname].to_bytes(self.text)
            return iter([btext] if (self.fieldname, btext) in ixreader else [])
        return islice(super()._btexts(ixreader), EXPANSION_LIMIT)


class CappedTermRange(wq.TermRange):
    """A term range (``[a TO z]``) that expands to at most EXPANSION_LIMIT terms."""

    def _btexts(self, ixreader: Any) -> Iterator[bytes]:
        return islice(super()._btexts(ixreader), EXPANSION_LIMIT)


class AdjacentPhrase(wq.Phrase):
    """A phrase (slop 1) checked on each candidate's decoded positions directly.

    The same documents as Whoosh's Phrase, which builds span objects for every position
    of every candidate: for a Burmese word that is in most statements that was most of a
    search (cProfile: ``_get_spans``). Scores are the summed term scores.
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        if self.slop != 1 or len(self.words) < 2 or self.fieldname not in searcher.schema:
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        reader = searcher.reader()
        # One matcher per distinct word: "အဖွဲ့ " x 25 intersected one posting list with
        # itself 25 times, at every candidate.
        matchers: dict[str, Any] = {}
        for word in self.words:
            if word in matchers:
                continue
            if (self.fieldname, field.to_bytes(word)) not in reader:
                return NullMatcher()
            matchers[word] = wq.Term(self.fieldname, word).matcher(searcher, context)
        child = reduce(IntersectionMatcher, matchers.values())
        return _AdjacencyMatcher(child, list(self.words), self.boost)


class _AdjacencyMatcher(WrappingMatcher):
    """Steps an intersection of term matchers past documents where the terms are not
    consecutive. The leaves are positioned on the intersection's current document."""

    def __init__(self, child: Any, words: list[str], boost: float = 1.0) -> None:
        super().__init__(child, boost)
        self._words = words
        # The intersection's leaves are the distinct words in first-seen order.
        by_word = dict(zip(dict.fromkeys(words), _intersected(child), strict=True))
        self._leaves = [by_word[word] for word in words]
        self._find()

    def _adjacent(self) -> bool:
        starts = set(self._leaves[0].value_as("positions"))
        for offset, leaf in enumerate(self._leaves[1:], start=1):
            starts.intersection_update(p - offset for p in leaf.value_as("positions"))
            if not starts:
                return False
        return True

    def _find(self) -> None:
        skipped = 0
        while self.child.is_active() and not self._adjacent():
            self.child.next()
            skipped += 1
            if skipped % 256 == 0:
                check()

    def next(self) -> None:
        self.child.next()
        self._find()

    def skip_to(self, id: int) -> None:
        self.child.skip_to(id)
        self._find()

    def all_ids(self) -> Iterator[int]:
        while self.is_active():
            yield self.id()
            self.next()

    def copy(self) -> _AdjacencyMatcher:
        return _AdjacencyMatcher(self.child.copy(), self._words, self.boost)

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else NullMatcher()

    def supports_block_quality(self) -> bool:
        return False  # quality skipping would jump past the adjacency check


def _intersected(matcher: Any) -> list[Any]:
    """The leaves of a tree of IntersectionMatchers, in order."""
    if isinstance(matcher, IntersectionMatcher):
        return [*_intersected(matcher.a), *_intersected(matcher.b)]
    return [matcher]


def fast_phrases(query: wq.Query) -> wq.Query:
    """Replace Whoosh's phrases (slop 1) in a query with AdjacentPhrase."""

    def faster(node: wq.Query) -> wq.Query:
        if type(node) is wq.Phrase and node.slop == 1:
            return AdjacentPhrase(node.fieldname, node.words, boost=node.boost)
        return node

    return query.accept(faster)


def _syllable_query(text: str, syllable_field: str, bigram_field: str) -> wq.Query | None:
    """``analysis.syllable_query`` with its phrases as AdjacentPhrase (statements and
    organisations alike)."""
    query = analysis.syllable_query(text, syllable_field, bigram_field)
    return None if query is None else fast_phrases(query)


def cap_expansions(query: wq.Query) -> wq.Query:
    """Replace the expanding terms of a parsed query with capped ones (advanced mode):
    prefixes, wildcards, fuzzy terms and ranges; ``field:*`` becomes every document."""

    def capped(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm) and not isinstance(node, CappedFuzzyTerm):
            return CappedFuzzyTerm(
                node.fieldname, node.text, node.boost, node.maxdist, node.prefixlength
            )
        if isinstance(node, wq.Prefix) and not isinstance(node, CappedPrefix):
            return CappedPrefix(node.fieldname, node.text, node.boost)
        if isinstance(node, wq.Wildcard) and not isinstance(node, CappedWildcard):
            return CappedWildcard(node.fieldname, node.text, node.boost)
        if type(node) is wq.TermRange:
            return CappedTermRange(
                node.fieldname, node.start, node.end, node.startexcl, node.endexcl,
                boost=node.boost, constantscore=node.constantscore,
            )  # fmt: skip
        if type(node) is wq.Every and node.fieldname:
            # ``body:*`` reads the postings of every term of the field (6.8 s at 10k
            # statements); every statement has a body: it means every statement.
            return wq.Every(boost=node.boost)
        return node

    return query.accept(capped)


def query_pieces(text: str) -> list[str]:
    """Split query text into pieces: quoted phrases and space-separated chunks.

    'jet fuel "arms embargo"' -> ["jet", "fuel", "arms embargo"];  '"jet fuel' -> ["jet", "fuel"]
    """
    return [piece for piece, _quoted in iter_query_pieces(text)]


def iter_query_pieces(text: str) -> Iterator[tuple[str, bool]]:
    """Query pieces with whether each was quoted (a quoted piece is matched exactly).

    'crime "war crimes"' -> ("crime", False), ("war crimes", True)
    """
    count = 0
    for match in _PIECE.finditer(text):
        phrase, chunk = match.groups()
        piece = (phrase if phrase is not None else chunk.replace('"', "")).strip()
        if piece and count < MAX_PIECES:
            count += 1
            yield piece, phrase is not None


def piece_stem(piece: str, quoted: bool) -> str | None:
    """The English stem whose other forms a piece also matches, or None: only an unquoted
    piece of one Latin-script word has one.
    ("Villages", False) -> "villag";  ("villages", True) -> None
    """
    if quoted:
        return None
    tokens = analysis.query_tokens(piece, "stem")
    if len(tokens) != 1 or len(analysis.query_tokens(piece, "word")) != 1:
        return None
    return tokens[0]


def _sequence(fieldname: str, tokens: list[str], boost: float = 1.0) -> wq.Query:
    if len(tokens) == 1:
        return wq.Term(fieldname, tokens[0], boost=boost)
    return AdjacentPhrase(fieldname, tokens, boost=boost)


# (field, word) pairs of the index's words that have a stem: ``vocabulary.stem_terms``.
StemTerms = Callable[[str], Sequence[tuple[str, str]]]


def statement_query(
    text: str, stem_terms: StemTerms | None = None
) -> tuple[wq.Query | None, list[str]]:
    """The simple-mode query for statement text and the words to mark in snippets.

    Every piece must match (AND); within a piece: a title or body word match (boosted),
    another English form of the word (unquoted one-word pieces only, ranked below the
    form typed: the title and body words ``stem_terms`` gives for its stem), or a Burmese
    syllable match.  Without ``stem_terms`` a word matches only as typed.  The words to
    mark are the pieces, then each stem's forms.
    """
    required: list[wq.Query] = []
    marks: list[str] = []
    forms: list[str] = []
    for piece, quoted in iter_query_pieces(text):
        tokens = analysis.query_tokens(piece, "word")
        syllables = _syllable_query(piece, schema.BODY_SYLLABLES, schema.BODY_BIGRAMS)
        options: list[wq.Query] = []
        if syllables is not None:
            options.append(syllables)
        for field, weight in schema.STATEMENT_TEXT_FIELDS.items():
            # A Burmese piece of several ICU words is found by its syllable phrase; a second
            # positional phrase in the body word field would double the cost (positions
            # are checked in Python) for nothing. A whole word ranks higher via its term.
            if tokens and (syllables is None or len(tokens) == 1 or field != schema.BODY):
                options.append(_sequence(field, tokens, boost=WORD_BOOST * weight))
        if stem_terms is not None and (stem := piece_stem(piece, quoted)) is not None:
            terms = stem_terms(stem)
            forms.extend(dict.fromkeys(word for _field, word in terms))
            for field, word in terms:
                if word not in tokens:
                    weight = schema.STATEMENT_TEXT_FIELDS[field]
                    options.append(wq.Term(field, word, boost=STEM_BOOST * weight))
        if not options:
            continue
        required.append(options[0] if len(options) == 1 else wq.Or(options))
        marks.append(piece)
    if not required:
        return None, []
    return (required[0] if len(required) == 1 else wq.And(required)), marks + forms


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
            head = [wq.Term(schema.NAMES, t) for t in dict.fromkeys(tokens[:-1])]
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
    syllables = _syllable_query(text, schema.NAMES_SYLLABLES, schema.NAMES_BIGRAMS)
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
    head = _syllable_query(text[:start], schema.NAMES_SYLLABLES, schema.NAMES_BIGRAMS)
    return last if head is None else wq.And([head, last])
