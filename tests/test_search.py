"""Searching statements and organisations on a small fixture index (invented names).

The index is built once per module from tests/corpus/search/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import fields
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from statementsearch.errors import BadRequest, NotFound, QuerySyntaxError, QueryTooSlow
from statementsearch.indexing.rebuild import rebuild
from statementsearch.search import collecting, statements
from statementsearch.search.library import Library
from statementsearch.search.querying import (
    EXPANSION_LIMIT,
    AdjacentPhrase,
    CappedFuzzyTerm,
    CappedPrefix,
    CappedWildcard,
    cap_expansions,
)
from statementsearch.search.service import (
    get_organisation,
    get_statement,
    parse_organisation_request,
    parse_search_request,
    search_organisations,
    search_statements,
)

CORPUS = Path(__file__).parent / "corpus" / "search"
FUEL = "2023-01-10-fixture-fuel-statement"
EMBARGO = "2023-03-05-fixture-embargo-statement"
BURMESE = "2021-06-01-fixture-burmese-statement"
LOTUS = "2022-08-15-fixture-lotus-statement"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    index_dir = tmp_path_factory.mktemp("index")
    rebuild(CORPUS, index_dir)
    yield Library(index_dir)


def found(library: Library, **params: str) -> set[str]:
    page = search_statements(library, parse_search_request({"per_page": "100", **params}))
    return {hit["id"] for hit in page.results}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Burmese whole word, compound proper noun, mid-word fragment.
        ("ကျောင်းသားများ", {FUEL, BURMESE}),
        ("ရန်ကုန်", {FUEL}),  # EMBARGO has ရန် and ကုန် only far apart
        ("ကုန်မြို့", {FUEL}),  # starts mid-word: ရန်|ကုန်မြို့
        ("မန္တလေး", {BURMESE}),
        ("လေကြောင်းတိုက်", {BURMESE}),  # a prefix of the ICU word လေကြောင်းတိုက်ခိုက်မှု
        ("ဆန္ဒပြ", {FUEL}),
        # Zawgyi typed into the box: "ရန္ကုန္" is ရန်ကုန် in Zawgyi.
        ("ရန္ကုန္", {FUEL}),
        # The Zawgyi line of the Burmese statement was converted at read time.
        ("လုံခြုံရေး", {FUEL, BURMESE}),
        # English: words, phrases, apostrophes, acronyms.
        ("jet fuel", {FUEL}),
        ('"jet fuel"', {FUEL}),
        ('"arms embargo"', {FUEL}),  # EMBARGO has both words, not together
        ("arms embargo", {FUEL, EMBARGO}),
        ("women’s", {FUEL, BURMESE}),
        ("women's", {FUEL, BURMESE}),
        ("AUN-Japan", {FUEL}),
        ("aun-japan", {FUEL}),
        ("humanitarian access", {LOTUS}),
        ("Jet Fuel Shipments", {FUEL}),  # title words
        ("nothingmatchesthis", set()),
    ],
)
def test_statement_search_finds_what_contains_the_query(
    library: Library, query: str, expected: set[str]
) -> None:
    assert found(library, q=query) == expected


def test_burmese_query_ranks_word_matches_above_syllable_only_matches(library: Library) -> None:
    page = search_statements(library, parse_search_request({"q": "ကျောင်းသားများ"}))
    assert page.total == 2


def test_snippets_mark_the_matched_words_and_escape_text(library: Library) -> None:
    page = search_statements(library, parse_search_request({"q": '"jet fuel"'}))
    snippet = page.results[0]["snippet"]
    assert "<mark>jet fuel</mark>" in snippet
    burmese = search_statements(library, parse_search_request({"q": "ရန်ကုန်"}))
    assert "<mark>ရန်ကုန်</mark>" in burmese.results[0]["snippet"]


def test_empty_query_lists_statements_newest_first(library: Library) -> None:
    page = search_statements(library, parse_search_request({}))
    assert [hit["id"] for hit in page.results] == [EMBARGO, FUEL, LOTUS, BURMESE]
    assert page.results[0]["date"] == "2023-03-05"


def test_sort_by_date_and_pages(library: Library) -> None:
    first = search_statements(
        library, parse_search_request({"q": "fuel", "sort": "date", "per_page": "1"})
    )
    second = search_statements(
        library, parse_search_request({"q": "fuel", "sort": "date", "per_page": "1", "page": "2"})
    )
    assert first.total == second.total == 2
    assert [first.results[0]["id"], second.results[0]["id"]] == [EMBARGO, FUEL]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_from": "2023-01-01"}, {FUEL, EMBARGO}),
        ({"date_to": "2022-12-31"}, {LOTUS, BURMESE}),
        ({"date_from": "2022-01-01", "date_to": "2023-02-01"}, {LOTUS, FUEL}),
        ({"q": "fuel", "date_to": "2023-02-01"}, {FUEL}),
    ],
)
def test_date_filters(library: Library, params: dict[str, str], expected: set[str]) -> None:
    assert found(library, **params) == expected


def org_id(library: Library, name: str) -> str:
    page = search_organisations(library, parse_organisation_request({"q": name}))
    return str(page.results[0]["id"])


def test_organisation_filter(library: Library) -> None:
    lotus_council = org_id(library, "Lotus Relief Council")
    assert found(library, organisation=lotus_council) == {FUEL, LOTUS}
    assert found(library, organisation=lotus_council, q="fuel") == {FUEL}
    garden = org_id(library, "Garden Youth Network")
    # Burmese-only mention in the Burmese statement joins the bilingual organisation.
    assert found(library, organisation=garden) == {FUEL, EMBARGO, BURMESE}


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("Lotus Relief Council", "Lotus Relief Council"),
        ("lotus relief network", "Lotus Relief Network"),
        ("RTC", "Riverbend Tailors Collective (RTC)"),
        ("Riverbend Tailors Collective – RTC", "Riverbend Tailors Collective (RTC)"),
        ("Riverbend Tail", "Riverbend Tailors Collective (RTC)"),  # as you type
        ("ပန်းခြံလူငယ်ကွန်ရက်", "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network"),
        ("လူငယ်ကွန်", "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network"),  # Burmese, in part
        ("Garden Youth Network", "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network"),
        ("Golden River Farmers", "ရွှေမြစ်လယ်သမားအသင်း – Golden River Farmers Association"),
        ("Riverbnd Tailors", "Riverbend Tailors Collective (RTC)"),  # a typo
        ("Hill Youth of Toronto", "Hill Youth of Toronto"),
    ],
)
def test_organisation_search_best_match_first(
    library: Library, query: str, expected_first: str
) -> None:
    page = search_organisations(library, parse_organisation_request({"q": query}))
    assert page.results, query
    assert page.results[0]["name"] == expected_first


def test_similar_organisations_stay_apart_in_search(library: Library) -> None:
    page = search_organisations(library, parse_organisation_request({"q": "Hill Youth"}))
    names = {hit["name"] for hit in page.results}
    assert names == {"Hill Youth of Norway", "Hill Youth of Toronto"}


def test_empty_organisation_query_lists_by_statement_count(library: Library) -> None:
    page = search_organisations(library, parse_organisation_request({}))
    counts = [hit["statement_count"] for hit in page.results]
    assert counts == sorted(counts, reverse=True)
    assert page.results[0]["statement_count"] == 3


def test_get_statement_keeps_names_as_written_in_order(library: Library) -> None:
    record = get_statement(library, FUEL)
    assert [s["name"] for s in record["organisations"]] == [
        "Riverbend Tailors Collective (RTC)",
        "Lotus Relief Council",
        "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network",
    ]
    assert record["date"] == "2023-01-10"
    assert record["declared_total"] == 3


def test_get_organisation_lists_statements_newest_first_with_name_as_signed(
    library: Library,
) -> None:
    record = get_organisation(library, org_id(library, "RTC"))
    assert [(s["id"], s["name_as_signed"]) for s in record["statements"]] == [
        (EMBARGO, "Riverbend Tailors Collective – RTC"),
        (FUEL, "Riverbend Tailors Collective (RTC)"),
    ]
    co = {c["name"]: c["count"] for c in record["co_signatories"]}
    assert co["ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network"] == 2


def test_unknown_ids_are_not_found(library: Library) -> None:
    with pytest.raises(NotFound):
        get_statement(library, "no-such-statement")
    with pytest.raises(NotFound):
        get_organisation(library, "no-such-organisation")


def test_bad_advanced_query_is_an_error_but_simple_mode_answers(library: Library) -> None:
    with pytest.raises(QuerySyntaxError, match="'q'"):
        search_statements(
            library, parse_search_request({"q": '"jet fuel AND (', "mode": "advanced"})
        )
    assert FUEL in found(library, q='"jet fuel AND (')


def test_advanced_query_syntax(library: Library) -> None:
    assert found(library, q="fuel AND NOT arms", mode="advanced") == set()
    assert found(library, q="title:relief", mode="advanced") == {LOTUS}
    assert found(library, q='"jet fuel" OR convoys', mode="advanced") == {FUEL, LOTUS}


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "100000"}, "per_page"),
        ({"date_from": "2022-13-45"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"sort": "random"}, "sort"),
        ({"mode": "regex"}, "mode"),
        ({"q": "x" * 501}, "q"),
        ({"date_from": "2023-01-02", "date_to": "2023-01-01"}, "date_from"),
    ],
)
def test_bad_parameters_name_themselves(params: dict[str, str], parameter: str) -> None:
    with pytest.raises(BadRequest, match=f"'{parameter}'"):
        parse_search_request(params)


def test_an_unknown_organisation_filter_is_a_bad_request(library: Library) -> None:
    with pytest.raises(BadRequest, match="'organisation'"):
        search_statements(library, parse_search_request({"organisation": "no-such-org"}))


def test_a_filtered_search_names_its_organisation(library: Library) -> None:
    council = org_id(library, "Lotus Relief Council")
    page = search_statements(library, parse_search_request({"organisation": council}))
    assert page.organisation is not None
    assert page.organisation["name"] == "Lotus Relief Council"
    assert "organisation" not in page.to_dict()  # the API shape stays the contract's


@pytest.mark.parametrize(
    ("query", "problem"),
    [('"jet fuel', "quote is not closed"), ("(jet AND fuel", "parentheses do not balance")],
)
def test_advanced_query_errors_say_what_is_wrong(
    library: Library, query: str, problem: str
) -> None:
    with pytest.raises(QuerySyntaxError, match=problem):
        search_statements(library, parse_search_request({"q": query, "mode": "advanced"}))


def test_a_burmese_name_typed_partway_through_a_syllable_is_found(library: Library) -> None:
    # "ကွန်ရ" is on the way to "ကွန်ရက်": the last syllable is unfinished.
    page = search_organisations(library, parse_organisation_request({"q": "ပန်းခြံလူငယ်ကွန်ရ"}))
    assert page.results[0]["name"] == "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network"


@pytest.mark.parametrize(
    ("query", "capped"),
    [
        (wq.Prefix("body", "fu"), CappedPrefix),
        (wq.Wildcard("body", "f*l"), CappedWildcard),
        (wq.FuzzyTerm("body", "fuel"), CappedFuzzyTerm),
        (wq.And([wq.Term("body", "jet"), wq.Prefix("title", "fu")]), CappedPrefix),
    ],
)
def test_advanced_queries_expand_to_a_bounded_number_of_terms(
    query: wq.Query, capped: type
) -> None:
    found = [q for q in cap_expansions(query).leaves() if isinstance(q, wq.MultiTerm)]
    assert found and all(isinstance(q, capped) for q in found)


def test_a_capped_prefix_stops_expanding(tmp_path: Path) -> None:
    from whoosh import fields, index

    ix = index.create_in(str(tmp_path), fields.Schema(t=fields.KEYWORD))
    with ix.writer() as writer:
        for n in range(EXPANSION_LIMIT * 3):
            writer.add_document(t=f"x{n:04d}")
    with ix.searcher() as searcher:
        assert len(list(wq.Prefix("t", "x")._btexts(searcher.reader()))) == EXPANSION_LIMIT * 3
        assert len(list(CappedPrefix("t", "x")._btexts(searcher.reader()))) == EXPANSION_LIMIT


def test_a_search_past_its_time_limit_is_a_clear_error(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simple queries are evaluated in bulk (evaluation.py), which watches the clock.
    monkeypatch.setattr(statements, "SEARCH_SECONDS", -1.0)
    with pytest.raises(QueryTooSlow, match="longer than"):
        # A request no other test makes (answers are cached), matching every statement.
        search_statements(library, parse_search_request({"date_from": "1999-01-02"}))


def test_a_whoosh_search_past_its_time_limit_is_a_clear_error(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collecting, "SEARCH_SECONDS", -1.0)
    with pytest.raises(QueryTooSlow, match="longer than"):
        # A wildcard is advanced syntax the bulk evaluator leaves to Whoosh's collector.
        search_statements(library, parse_search_request({"q": "rel*", "mode": "advanced"}))
    with pytest.raises(QueryTooSlow, match="longer than"):
        search_organisations(library, parse_organisation_request({"q": "Lotus"}))


@pytest.mark.parametrize("per_page", [1, 20, 100])
def test_a_whoosh_search_counts_every_match_whatever_the_page_size(per_page: int) -> None:
    # Whoosh's TopCollector, once its page is full, turned this Or of phrases into an And
    # and reported the matches seen so far: 612, 680, 1004 of 3,000.
    ix = RamStorage().create_index(
        fields.Schema(t=fields.TEXT(phrase=True), u=fields.TEXT(phrase=True))
    )
    with ix.writer() as writer:
        for n in range(3000):
            writer.add_document(
                t=" ".join(["alpha beta"] * (1 + n % 7) + ["filler"] * (n % 11)),
                u="alpha beta" if n % 5 == 0 else "beta",
            )
    query = wq.Or([AdjacentPhrase("t", ["alpha", "beta"]), AdjacentPhrase("u", ["alpha", "beta"])])
    with ix.searcher() as searcher:
        page = collecting.search_page(searcher, query, 1, per_page)
        best = searcher.search(query, limit=per_page)
        assert page.total == 3000
        assert [hit.docnum for hit in page.hits] == [hit.docnum for hit in best]


def test_answers_are_cached_per_build(library: Library) -> None:
    request = parse_search_request({"q": "relief convoys"})
    assert search_statements(library, request) is search_statements(library, request)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "+5"}, "page"),
        ({"page": "1_0"}, "page"),
        ({"per_page": "１"}, "per_page"),  # a full-width digit
        ({"date_from": "20220101"}, "date_from"),
        ({"date_to": "2022-W01-1"}, "date_to"),
    ],
)
def test_numbers_and_dates_must_be_written_plainly(params: dict[str, str], parameter: str) -> None:
    with pytest.raises(BadRequest, match=f"'{parameter}'"):
        parse_search_request(params)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("body", "jet fuel"),
        ("body", "arms embargo"),  # together in one statement, apart in another
        ("body", "fuel shipments"),
        ("body", "embargo arms"),  # wrong order: nothing
        ("title", "fixture statement"),
        ("body_bi", "ရန်ကုန်မြို့"),
        ("body_bi", "ကျောင်းသားများ"),
        ("body_bi", "ကုန်ဈေးနှုန်း"),
        ("body_bi", "ရန်သူ့တပ်"),
    ],
)
def test_adjacent_phrase_finds_exactly_what_whoosh_phrase_finds(
    library: Library, field: str, text: str
) -> None:
    from statementsearch.text import analysis

    kind = "bigram" if field == "body_bi" else "word"
    words = analysis.query_tokens(text, kind)
    assert len(words) >= 2
    searcher = library.release().statements_searcher()
    whoosh = {hit.docnum for hit in searcher.search(wq.Phrase(field, words), limit=None)}
    ours = searcher.search(AdjacentPhrase(field, words), limit=None)
    assert {hit.docnum for hit in ours} == whoosh
    assert len(ours) == len(whoosh)  # the exact count respects adjacency too
