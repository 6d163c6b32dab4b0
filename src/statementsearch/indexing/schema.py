"""Whoosh schemas and field names: the only place a field name is spelled as a string.

Two indexes per build: statements (full text, filters) and organisations (names).
Full records (bodies, signatory lists, signings) live in the build's record store
(``records.py``); the indexes hold what is searched, filtered, sorted or shown in a hit.
"""

from __future__ import annotations

from whoosh import fields

from statementsearch.indexing.formats import TermFrequency, TermPositions
from statementsearch.text.analysis import (
    syllable_analyzer,
    syllable_bigram_analyzer,
    word_analyzer,
)

# --- statements index -------------------------------------------------------------------
ID = "id"
TITLE = "title"
DISPLAY_TITLE = "display_title"
BODY = "body"
BODY_SYLLABLES = "body_syl"
BODY_BIGRAMS = "body_bi"
ORGANISATION_IDS = "organisation_ids"
DATE = "date"
SIGNATORY_COUNT = "signatory_count"
LANGUAGE = "language"

# --- organisations index ----------------------------------------------------------------
NAME = "name"
NAMES = "names"
NAMES_SYLLABLES = "names_syl"
NAMES_BIGRAMS = "names_bi"
ACRONYMS = "acronyms"
KEYS = "keys"
STATEMENT_COUNT = "statement_count"

# Fields simple and advanced statement queries search, with their weight.
STATEMENT_TEXT_FIELDS = {TITLE: 2.0, BODY: 1.0}
# Dates are indexed as yyyymmdd integers; statements without a date get this value so a
# newest-first sort puts them last.
NO_DATE = 0


def _text(analyzer: object, *, phrase: bool, stored: bool = False) -> fields.TEXT:
    """A text field on one of our analyzers, with our posting format (see ``formats``)."""
    field = fields.TEXT(analyzer=analyzer, phrase=phrase, stored=stored)
    field.format = TermPositions() if phrase else TermFrequency()
    return field


def statements_schema() -> fields.Schema:
    """Build the statements schema (one document per statement)."""
    return fields.Schema(
        # The statement id (file stem): unique key for update/delete, shown in URLs; a
        # column (document number -> id) for the signatory facet.
        id=fields.ID(stored=True, unique=True, sortable=True),
        # The title shown: the front-matter or parsed title, else one derived from the
        # first heading or sentence (``titles.display_title``). Stored only.
        display_title=fields.STORED(),
        # Title, ICU words: searched with a boost over the body, stored for hit lists.
        title=_text(word_analyzer(), phrase=True, stored=True),
        # Body, ICU words with positions for phrases. Not stored: snippets read the body
        # from the record store, which has it anyway.
        body=_text(word_analyzer(), phrase=True),
        # Title + body as single Burmese syllables: recall for one-syllable queries.
        # No positions: multi-syllable queries go to the bigram field instead.
        body_syl=_text(syllable_analyzer(), phrase=False),
        # Title + body as adjacent-syllable bigrams with positions: a Burmese query of
        # n syllables is a phrase of n-1 bigrams (9x-36x faster than a unigram phrase).
        body_bi=_text(syllable_bigram_analyzer(), phrase=True),
        # Ids of the organisations that signed: the organisation filter, the signatory
        # join (a query's matching organisations -> their statements) and the signatory
        # facet read these.
        organisation_ids=fields.KEYWORD(scorable=False, commas=False),
        # yyyymmdd or NO_DATE: date range filter and date sort.
        date=fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False),
        # Named organisations (after withholding): shown in hit lists.
        signatory_count=fields.NUMERIC(int, stored=True),
        # "en", "my", "en+my": stored for display, the language filter and facet.
        language=fields.ID(stored=True, sortable=True),
    )


def organisations_schema() -> fields.Schema:
    """Build the organisations schema (one document per resolved organisation)."""
    return fields.Schema(
        # The organisation's stable id (slug).
        id=fields.ID(stored=True, unique=True),
        # Display name: stored for result lists.
        name=fields.STORED(),
        # Every name form seen, ICU words with positions: full and partial names,
        # prefix (as-you-type) and fuzzy (typo) queries.
        names=_text(word_analyzer(), phrase=True),
        # Burmese name forms as syllables / syllable bigrams: partial Burmese names.
        names_syl=_text(syllable_analyzer(), phrase=False),
        names_bi=_text(syllable_bigram_analyzer(), phrase=True),
        # Acronyms as names.py keys ("khrg", "aunjapan"), space-separated: acronym lookup.
        acronyms=fields.KEYWORD(commas=False, scorable=True),
        # Comparison keys from names.py: a query typed as a whole name lands exactly.
        keys=fields.KEYWORD(commas=False, scorable=True),
        # Statements signed: ranks equal matches, orders the empty-query list.
        statement_count=fields.NUMERIC(int, stored=True, sortable=True),
    )
