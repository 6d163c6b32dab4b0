"""Tests for formats.py: our posting formats give Whoosh's postings, faster.

The promise: an index built with TermPositions / TermFrequency holds the same terms,
frequencies, weights and positions as one built with Whoosh's Positions / Frequency, so
every query matches and scores as before.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from whoosh import formats as whoosh_formats
from whoosh.analysis import LowercaseFilter, StandardAnalyzer
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Phrase, Term

from statementsearch.indexing import schema
from statementsearch.indexing.build import BuildInput, prepare_build, statement_document
from statementsearch.indexing.formats import (
    TermFrequency,
    TermPositions,
    analyzer_kind,
    decode_positions,
    encode_positions,
    iter_positions,
)
from statementsearch.ingest.corpus import load_corpus
from statementsearch.text.analysis import syllable_analyzer, syllable_bigram_analyzer, word_analyzer

CORPORA = [Path(__file__).parent / "corpus" / name for name in ("search", "web")]
TEXTS = [
    "Arms embargo now: the Women’s League (WLB) and the the AUN-Japan 2022.",
    "ရန်ကုန်မြို့ စစ်ကောင်စီ ရန်ကုန် ၂၀၂၂ ခုနှစ်။ KHRG ရန်ကုန်မြို့ 😀 ok",
    "ﬁne Straße ညီနောင်ဥ် “quoted”",
    "",
]
ANALYZERS = {
    "word": word_analyzer,
    "syllable": syllable_analyzer,
    "bigram": syllable_bigram_analyzer,
}


def postings(fmt: Any, value: Any, analyzer: Any, **kwargs: Any) -> dict[str, tuple[Any, ...]]:
    """term -> (frequency, weight, decoded value) of a format's word_values."""
    decode = fmt.decode_positions if fmt.supports("positions") else fmt.decode_frequency
    return {
        term: (freq, weight, decode(encoded), fmt.decode_frequency(encoded))
        for term, freq, weight, encoded in fmt.word_values(value, analyzer, mode="index", **kwargs)
    }


@pytest.mark.parametrize("kind", ["word", "syllable", "bigram"])
@pytest.mark.parametrize("text", TEXTS)
def test_postings_are_whooshs(text: str, kind: str) -> None:
    analyzer = ANALYZERS[kind]()
    for ours, theirs in [
        (TermPositions(), whoosh_formats.Positions()),
        (TermFrequency(), whoosh_formats.Frequency()),
        (TermPositions(field_boost=2.0), whoosh_formats.Positions(field_boost=2.0)),
    ]:
        assert postings(ours, text, analyzer) == postings(theirs, text, analyzer)


@pytest.mark.parametrize(
    ("value", "analyzer", "kwargs"),
    [
        (["pre", "split", "pre"], word_analyzer(), {}),  # a list of tokens
        ("Other Analyzer, other words", StandardAnalyzer(), {}),
        ("Women’s ရန်ကုန်", word_analyzer(), {"start_pos": 10}),
    ],
    ids=["tokens", "other analyzer", "options"],
)
def test_other_values_take_whooshs_path_with_our_encoding(
    value: Any, analyzer: Any, kwargs: dict[str, Any]
) -> None:
    assert postings(TermPositions(), value, analyzer, **kwargs) == postings(
        whoosh_formats.Positions(), value, analyzer, **kwargs
    )
    assert postings(TermFrequency(), value, analyzer, **kwargs) == postings(
        whoosh_formats.Frequency(), value, analyzer, **kwargs
    )


def test_analyzer_kind() -> None:
    assert [analyzer_kind(factory()) for factory in ANALYZERS.values()] == list(ANALYZERS)
    assert analyzer_kind(StandardAnalyzer()) is None
    assert analyzer_kind(word_analyzer() | LowercaseFilter()) is None


@pytest.mark.parametrize("positions", [[0], [3, 90, 200], list(range(0, 70000, 7)), [2**32 - 1]])
def test_positions_round_trip(positions: list[int]) -> None:
    encoded = encode_positions(positions)
    assert len(encoded) == 4 * len(positions)
    assert decode_positions(encoded) == positions
    assert list(iter_positions(encoded)) == positions
    fmt = TermPositions(field_boost=1.5)
    assert fmt.decode_frequency(encoded) == len(positions)
    assert fmt.decode_weight(encoded) == 1.5 * len(positions)
    assert fmt.decode_position_boosts(encoded) == [(p, 1) for p in positions]


def test_encoding_is_little_endian_on_every_machine() -> None:
    assert encode_positions([1, 256]) == b"\x01\x00\x00\x00\x00\x01\x00\x00"


def test_schemas_pickle_with_their_formats() -> None:
    for build_schema in (schema.statements_schema, schema.organisations_schema):
        original = build_schema()
        restored = pickle.loads(pickle.dumps(original))
        assert restored.names() == original.names()
        for name in original.names():
            assert restored[name].format == original[name].format
            assert restored[name].analyzer == original[name].analyzer
    fields = schema.statements_schema()
    assert type(fields[schema.BODY].format) is TermPositions
    assert type(fields[schema.BODY_SYLLABLES].format) is TermFrequency
    assert fields[schema.BODY].format.supports("positions")
    assert not fields[schema.BODY_SYLLABLES].format.supports("positions")


def whoosh_schema() -> Any:
    """The statements schema as it was, on Whoosh's own formats."""
    fields = schema.statements_schema()
    for name in fields.names():
        field = fields[name]
        if isinstance(field.format, TermPositions):
            field.format = whoosh_formats.Positions(field_boost=field.format.field_boost)
        elif isinstance(field.format, TermFrequency):
            field.format = whoosh_formats.Frequency(field_boost=field.format.field_boost)
    return fields


def all_postings(ix: Any) -> dict[tuple[str, bytes], list[tuple[Any, ...]]]:
    """(field, term) -> [(statement id, weight, frequency, positions or None)] of an index."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {docnum: fields[schema.ID] for docnum, fields in reader.iter_docs()}
        found = {}
        for fieldname, term in reader.all_terms():
            fmt = searcher.schema[fieldname].format
            matcher = reader.postings(fieldname, term)
            rows = []
            while matcher.is_active():
                positions = matcher.value_as("positions") if fmt.supports("positions") else None
                rows.append(
                    (ids[matcher.id()], matcher.weight(), matcher.value_as("frequency"), positions)
                )
                matcher.next()
            found[fieldname, term] = sorted(rows)
        return found


def test_an_index_holds_what_whooshs_formats_would_hold() -> None:
    rows = []
    for corpus in CORPORA:
        loaded = load_corpus(corpus)
        rows += prepare_build(BuildInput(loaded.statements, corpus)).statement_rows
    indexes = []
    for fields in (schema.statements_schema(), whoosh_schema()):
        ix = RamStorage().create_index(fields)
        with ix.writer() as writer:
            for row in rows:
                writer.add_document(**statement_document(row))
        indexes.append(ix)
    ours, theirs = (all_postings(ix) for ix in indexes)
    assert ours == theirs
    assert any(
        positions and len(positions) > 1 for posts in ours.values() for *_, positions in posts
    )
    with indexes[0].searcher() as new, indexes[1].searcher() as old:
        for q in [
            Term(schema.BODY, "fuel"),
            Phrase(schema.BODY, ["jet", "fuel"]),
            Phrase(schema.BODY_BIGRAMS, ["ရန်ကုန်", "ကုန်မြို့"]),
            Term(schema.BODY_SYLLABLES, "ရန်"),
        ]:
            assert [(h[schema.ID], h.score) for h in new.search(q)] == [
                (h[schema.ID], h.score) for h in old.search(q)
            ]
