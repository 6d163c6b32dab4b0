"""The bulk evaluator (evaluation.py) finds exactly what Whoosh finds, scored the same.

The index is built once per module from 80 generated statements (benchmarks'
generator: invented names, fixture data), then updated so that it has several segments
and deleted documents, as a live index does after `statementsearch update`.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq
from whoosh.qparser import QueryParser

from statementsearch.indexing import schema
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.search.evaluation import BulkSearcher, Unsupported
from statementsearch.search.library import Library
from statementsearch.search.querying import statement_query

GENERATOR = Path(__file__).parents[1] / "benchmarks" / "generate_corpus.py"

TEXTS = [
    "the",  # in every statement
    "jet fuel",  # two pieces, ANDed
    '"jet fuel"',  # a phrase
    "the military council",
    "ASEAN",
    "women's",
    "nosuchwordanywhere",
    "jet nosuchwordanywhere",  # one piece matches nothing: nothing matches
    "ရန်ကုန်",  # one syllable bigram and a whole word
    "ကုန်",  # one syllable
    "စစ်ကောင်စီ",  # a bigram phrase
    "လူ့အခွင့်အရေး",  # four bigrams
    "ရန်ကုန် military",
    '"military council" ပြည်သူ',
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("evaluation")
    corpus = root / "corpus"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--count", "80", "--out", str(corpus), "--seed", "5"],
        check=True,
        capture_output=True,
    )
    rebuild(corpus, root / "index", workers=1)
    for path in sorted(corpus.glob("*.txt"))[:6]:  # re-indexed: old documents deleted
        path.write_text(path.read_text("utf-8") + "\nThe jet fuel convoy was stopped.\n", "utf-8")
    (sorted(corpus.glob("*.txt"))[-1]).unlink()
    update(corpus, root / "index", workers=1)
    yield Library(root / "index")


@pytest.fixture(scope="module")
def bulk(library: Library) -> BulkSearcher:
    return BulkSearcher(library.release().statements_searcher())


def rank(bulk: BulkSearcher, scores: dict[int, float], limit: int, by: str | None = None) -> Any:
    return bulk.rank(scores, limit, by, date_column=schema.DATE, id_field=schema.ID)


def whoosh_scores(bulk: BulkSearcher, query: wq.Query) -> dict[int, float]:
    return {hit.docnum: hit.score for hit in bulk.searcher.search(query, limit=None)}


def test_the_fixture_index_has_deleted_documents_and_several_segments(bulk: BulkSearcher) -> None:
    assert bulk.reader.has_deletions()
    assert len(bulk.searcher.leaf_searchers()) > 1


@pytest.mark.parametrize("text", TEXTS)
def test_simple_queries_match_and_score_as_whoosh(bulk: BulkSearcher, text: str) -> None:
    query, _marks = statement_query(text)
    assert query is not None
    want = whoosh_scores(bulk, query)
    got = bulk.evaluate(query, whole_words=True)
    assert set(got) == set(want)
    for doc, score in want.items():
        assert got[doc] == pytest.approx(score, rel=1e-9)
    # The documented order (score, then newest, then id) over Whoosh's own scores.
    dates, ids = bulk.column(schema.DATE), bulk.stored_ids(schema.ID)
    order = sorted(want, key=lambda d: (-round(want[d], 9), -dates[d], ids[d]))
    assert list(rank(bulk, got, 10).docnums) == order[:10]


def test_the_common_queries_are_not_trivially_empty(bulk: BulkSearcher) -> None:
    found = {text: set(bulk.evaluate(statement_query(text)[0])) for text in TEXTS}
    assert bulk.deleted and not any(docs & bulk.deleted for docs in found.values())
    counts = {text: len(docs) for text, docs in found.items()}
    assert counts["the"] > 0.9 * bulk.reader.doc_count()
    assert 0 < counts['"jet fuel"'] <= counts["jet fuel"]
    assert counts["စစ်ကောင်စီ"] > 0 and counts["ကုန်"] >= counts["ရန်ကုန်"] > 0
    assert counts["nosuchwordanywhere"] == counts["jet nosuchwordanywhere"] == 0


@pytest.mark.parametrize("text", ["ASEAN", "ရန်ကုန်", ""])
def test_filters_and_date_order_match_whoosh(bulk: BulkSearcher, text: str) -> None:
    reader = bulk.reader
    busiest = max(
        reader.lexicon(schema.ORGANISATION_IDS),
        key=lambda b: reader.doc_frequency(schema.ORGANISATION_IDS, b),
    ).decode()
    filters = wq.And(
        [wq.Term(schema.ORGANISATION_IDS, busiest), wq.NumericRange(schema.DATE, 20200101, None)]
    )
    query = statement_query(text)[0] if text else wq.Every()
    assert query is not None
    want = bulk.searcher.search(
        wq.And([query, filters]), limit=15, sortedby=schema.DATE, reverse=True
    )
    got = rank(bulk, bulk.evaluate(query, bulk.matching(filters)), 15, schema.DATE)
    assert got.total == len(want) > 0
    # Whoosh's dates, in the documented order: newest first, then by id.
    ids = bulk.stored_ids(schema.ID)
    assert [bulk.column(schema.DATE)[d] for d in got.docnums] == [hit[schema.DATE] for hit in want]
    assert list(got.docnums) == sorted(
        got.docnums, key=lambda d: (-bulk.column(schema.DATE)[d], ids[d])
    )


@pytest.mark.parametrize(
    ("text", "supported"),
    [
        ("jet AND fuel", True),
        ('"jet fuel" OR embargo', True),
        ("title:statement", True),
        ("jet NOT fuel", False),
        ("fu*", False),
        ('"jet convoy"~3', False),
    ],
)
def test_advanced_queries_it_cannot_evaluate_are_left_to_whoosh(
    bulk: BulkSearcher, text: str, supported: bool
) -> None:
    query = QueryParser(schema.BODY, bulk.schema).parse(text)
    if not supported:
        with pytest.raises(Unsupported):
            bulk.evaluate(query)
        return
    want = whoosh_scores(bulk, query)
    got = bulk.evaluate(query)
    assert set(got) == set(want)
    for doc, score in want.items():  # no whole-word shortcut: scores exactly Whoosh's
        assert got[doc] == pytest.approx(score, rel=1e-9)


def test_another_weighting_is_left_to_whoosh(library: Library) -> None:
    from whoosh.scoring import TF_IDF

    index = library.release().statements_index
    with index.searcher(weighting=TF_IDF()) as searcher, pytest.raises(Unsupported):
        BulkSearcher(searcher)


@pytest.mark.parametrize("limit", [0, 1, 3, 10, 200, 10_000])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rank_keys_only_what_can_reach_the_page_and_orders_as_documented(
    bulk: BulkSearcher, limit: int, seed: int
) -> None:
    """``rank`` skips documents below the page's lowest score and walks the date order;
    its page must equal sorting every match by the documented key: ties in score (to 9
    places, with differences in the last bits), date and id."""
    rng = random.Random(seed)
    live = sorted(bulk.live_docs())
    docs = rng.sample(live, k=rng.randint(1, len(live)))
    levels = [rng.choice([1.5, 2.25, 3.0, 0.125]) for _ in range(4)]
    scores = {d: rng.choice(levels) + rng.choice([0.0, 1e-12, -1e-12, 3e-10]) for d in docs}
    dates, ids = bulk.column(schema.DATE), bulk.stored_ids(schema.ID)
    by_score = sorted(scores, key=lambda d: (-round(scores[d], 9), -dates[d], ids[d]))
    by_date = sorted(scores, key=lambda d: (-dates[d], ids[d]))
    assert list(rank(bulk, scores, limit).docnums) == by_score[:limit]
    assert list(rank(bulk, scores, limit, schema.DATE).docnums) == by_date[:limit]
    assert rank(bulk, scores, limit).total == len(scores)


@pytest.mark.parametrize(
    "field", [schema.BODY, schema.TITLE, schema.BODY_SYLLABLES, schema.BODY_BIGRAMS]
)
def test_postings_read_without_positions_are_those_read_with_them(
    bulk: BulkSearcher, field: str
) -> None:
    """A term read without its positions (its blocks' pickles cut before the values) has
    the same documents and weights as one read whole, for every term of the field."""
    terms = [b.decode() for b in bulk.reader.lexicon(field)]
    assert len(terms) > 20
    for text in terms:
        bare = bulk._read_postings(field, text, values=False)
        whole = bulk._read_postings(field, text, values=True)
        assert bare.values is None and whole.values is not None
        assert bare.ids.tolist() == whole.ids.tolist()
        assert bare.weights.tolist() == whole.weights.tolist()
        assert len(whole.values) == len(whole.ids)
