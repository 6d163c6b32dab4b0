"""Bounds on the work one query may ask for, checked before the work starts.

The request deadline (``deadline``) stops a search that runs long; these bounds keep a
hostile query from being expensive in the first place, so that a few of them at once
cannot slow everyone else's searches (each worker's threads share one CPU core's worth of
Python). docs/api.md lists them.

- ``MAX_QUERY_TERMS``: the terms a query holds after analysis (words, Burmese syllables
  and syllable bigrams, every word of every phrase; a prefix or wildcard counts once).
  More is a 400 naming the limit. ``"က" * 250`` is 500+ terms; a 40-syllable Burmese
  phrase is ~60; 500 characters of ordinary Burmese text without spaces (the longest
  query, ``requests.MAX_QUERY_CHARS``) is ~240, so the limit admits any such text.
- ``MAX_FUZZY_CHARS``: a word longer than this is not looked up by edit distance (the
  automaton for a 250-character word took seconds to build); it must match exactly.
- ``MAX_SCANNED_TERMS``: a wildcard with no leading letters scans at most this many
  index terms for matches (it still expands to at most ``querying.EXPANSION_LIMIT``).
- ``SNIPPET_INPUT_CHARS``: snippets look for matches in this many characters from the
  start of a body; a 19 MB statement is not folded and searched whole for each hit.
"""

from __future__ import annotations

from whoosh import query as wq

from statementsearch.errors import BadRequest

MAX_QUERY_TERMS = 320
MAX_FUZZY_CHARS = 32
MAX_SCANNED_TERMS = 50_000
SNIPPET_INPUT_CHARS = 200_000


def count_terms(query: wq.Query) -> int:
    """How many terms a query holds (each word of a phrase; an expanding term once)."""
    return sum(1 for _ in query.iter_all_terms(phrases=True))


def check_query_size(query: wq.Query | None) -> None:
    """Raise BadRequest (400) when a query holds more than MAX_QUERY_TERMS terms."""
    if query is None:
        return
    terms = count_terms(query)
    if terms > MAX_QUERY_TERMS:
        raise BadRequest(
            f"parameter 'q' asks for {terms} search terms once analysed (Burmese syllables "
            f"count); the limit is {MAX_QUERY_TERMS}: search for fewer words"
        )
