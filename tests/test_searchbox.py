"""Issue 11: one search box that answers "who signed what", in the words people type.

On the real statement in corpus/ (its words only in a signatory's name must find it,
through the organisations index) and on the fixture corpora (invented names).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from statementsearch.cli import main
from statementsearch.indexing.rebuild import rebuild
from statementsearch.search.library import Library
from statementsearch.search.service import (
    OrganisationRequest,
    parse_search_request,
    search_organisations,
    search_statements,
)
from statementsearch.web.app import create_app

REAL_CORPUS = Path(__file__).parent.parent / "corpus"
REAL = "2022-09-26-sham-peace-dialogue-statement"
HOSTILE_CORPUS = Path(__file__).parent / "corpus" / "hostile"
WATER = "2022-11-20-fixture-water-statement"
RIVER = "2023-05-01-fixture-river-statement"
HARBOUR = "2024-02-02-fixture-harbour-statement"
MOONLIGHT = "moonlight-weaver-organization"
TEAK = "teak-valley-farmer-union"
RYN = "riverbank-youth-network"


@pytest.fixture(scope="module")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("real-index")
    rebuild(REAL_CORPUS, index)
    return index


@pytest.fixture(scope="module")
def real(real_index: Path) -> Library:
    return Library(real_index)


@pytest.fixture(scope="module")
def real_client(real_index: Path) -> FlaskClient:
    app = create_app({"TESTING": True, "INDEX_DIR": str(real_index), "CORPUS_DIR": "corpus"})
    return app.test_client()


def search(library: Library, **params: str) -> dict:
    return search_statements(library, parse_search_request(params)).to_search_dict()


# --- the signatory join -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "signed_by"),
    [
        ("ရန်ကုန်", "Universities Kachin Literature and Culture Association – Yangon"),
        ("KHRG", "Karen Human Rights Group (KHRG)"),
        ("Progressive Voice", "Progressive Voice"),
        ("Yangon", "Yangon"),
        ("စစ်ကိုင်း", "စစ်ကိုင်းတိုင်း"),
        # A Burmese partial name: the start of "ကချင်စာပေနှင့်ယဉ်ကျေးမှုအသင်း".
        ("ကချင်စာပေ", "ကချင်စာပေနှင့်ယဉ်ကျေးမှုအသင်း"),
        ("Karen Human Rights", "Karen Human Rights Group (KHRG)"),
    ],
)
def test_words_only_in_a_signatory_name_find_the_statement(
    real: Library, q: str, signed_by: str
) -> None:
    body = search(real, q=q)
    assert body["total"] == 1
    (hit,) = body["results"]
    assert hit["id"] == REAL
    assert hit["signed_by_snippet"].startswith("Signed by <mark>")
    assert any(signed_by in s["name"] for s in hit["signed_by"])
    assert f"{signed_by}" in hit["signed_by_snippet"] or signed_by in hit["signed_by_snippet"]


def test_the_signed_by_line_escapes_names(tmp_path: Path) -> None:
    index = tmp_path / "index"
    rebuild(HOSTILE_CORPUS, index)
    hit = search(Library(index), q="Relief Union")["results"][0]
    assert (
        "<mark>&lt;script&gt;alert(1)&lt;/script&gt; Relief Union</mark>"
        in (hit["signed_by_snippet"])
    )


def test_text_and_signatory_rank_above_either_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    statements = {
        "2020-01-01-both": ("Lantern light for the valley.", "Lantern Friends Circle"),
        "2020-01-02-text": ("The lantern light of the harbour.", "Copper Kettle Union"),
        "2020-01-03-signatory": ("Bread for the valley.", "Lantern Friends Circle"),
        "2020-01-04-neither": ("Bread for the harbour.", "Copper Kettle Union"),
    }
    for sid, (text, org) in statements.items():
        (corpus / f"{sid}.txt").write_text(
            f"1 January 2020\n\n{text}\n\nSigned by\n1. {org}\n2. Quiet Fern Group\n", "utf-8"
        )
    index = tmp_path / "index"
    rebuild(corpus, index)
    ids = [r["id"] for r in search(Library(index), q="lantern")["results"]]
    assert ids[0] == "2020-01-01-both"
    assert set(ids[1:]) == {"2020-01-02-text", "2020-01-03-signatory"}


def test_advanced_mode_asks_for_one_side_only(real: Library) -> None:
    assert search(real, q="signatory:KHRG", mode="advanced")["total"] == 1
    assert search(real, q="text:KHRG", mode="advanced")["total"] == 0
    assert search(real, q="KHRG", mode="advanced")["total"] == 0  # unfielded: the text
    assert (
        search(real, q='signatory:"Progressive Voice" AND text:sham', mode="advanced")["total"] == 1
    )
    assert search(real, q="signatory:KHRG NOT text:sham", mode="advanced")["total"] == 0
    hit = search(real, q="signatory:KHRG", mode="advanced")["results"][0]
    assert "Karen Human Rights Group (KHRG)" in hit["signed_by_snippet"]


def test_the_join_reads_only_the_matching_organisations(real: Library) -> None:
    from statementsearch.search.signatories import MAX_JOIN_ORGANISATIONS, join_organisations

    release = real.release()
    assert len(join_organisations(release, "KHRG").ids) >= 1
    # A word in many names is capped.
    assert len(join_organisations(release, "network").ids) <= MAX_JOIN_ORGANISATIONS


# --- English word forms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "marked"),
    [
        ("crime", r"crimes"),
        ("village", r"villages"),
        ("torture", r"tortured"),
        ("killings", r"kill(ed|ing)"),
        ("organisations", r"Organizations?"),
    ],
)
def test_english_words_find_their_other_forms(real: Library, q: str, marked: str) -> None:
    body = search(real, q=q)
    assert body["total"] == 1
    # The snippet marks the forms that matched.
    assert re.search(f"<mark>{marked}</mark>", body["results"][0]["snippet"])


def test_a_quoted_phrase_stays_exact(real: Library) -> None:
    assert search(real, q='"peace sham dialogue"')["total"] == 0
    assert search(real, q='"sham peace dialogue"')["total"] == 1
    assert search(real, q='"crime"')["total"] == 0  # only "crimes" is in the text


def test_an_exact_form_ranks_above_other_forms(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for sid, text in {"2020-01-01-a": "War crimes here.", "2020-01-02-b": "A crime here."}.items():
        (corpus / f"{sid}.txt").write_text(
            f"1 January 2020\n\n{text}\n\nSigned by\n1. Quiet Fern Group\n", "utf-8"
        )
    index = tmp_path / "index"
    rebuild(corpus, index)
    assert [r["id"] for r in search(Library(index), q="crime")["results"]] == [
        "2020-01-02-b",
        "2020-01-01-a",
    ]
    assert [r["id"] for r in search(Library(index), q="crimes")["results"]] == [
        "2020-01-01-a",
        "2020-01-02-b",
    ]


def test_a_word_only_in_the_title_is_found_in_its_other_forms(tmp_path: Path) -> None:
    """A word's other forms are looked up in the title too: "dams" and "permit" find a
    statement whose title alone says "dam permits" (a web page's <h1> is its title)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "2025-03-14-a.txt").write_text(
        "---\ntitle: Stop the dam permits\n---\n14 March 2025\n\nInvestors must leave the "
        "river.\n\nSigned by\n1. Quiet Fern Group\n",
        "utf-8",
    )
    index = tmp_path / "index"
    rebuild(corpus, index)
    for q in ("dams", "permit", "dam", "permits"):
        assert search(Library(index), q=q)["total"] == 1, q


# --- zero results -----------------------------------------------------------------------


def test_a_typo_gets_a_suggestion_that_finds_the_statement(real: Library) -> None:
    body = search(real, q="sham peice dialoge")
    assert body["total"] == 0
    assert body["suggestion"] == "sham peace dialogue"
    assert search(real, q=body["suggestion"])["total"] == 1


def test_no_suggestion_when_nothing_better_exists(real: Library) -> None:
    body = search(real, q="zzqxv")
    assert body["total"] == 0 and body["suggestion"] is None


def test_zero_results_list_the_organisations_whose_names_match(real: Library) -> None:
    body = search(real, q="Sacramento")
    assert body["total"] == 0
    names = [o["name"] for o in body["matching_organisations"]]
    assert any("Sacremento" in name for name in names)
    assert all(o["url"].startswith("/organisations/") for o in body["matching_organisations"])


def test_a_zawgyi_query_says_it_was_converted(real: Library) -> None:
    # "ရန္ကုန္" is ရန်ကုန် typed in Zawgyi.
    body = search(real, q="ရန္ကုန္")
    assert body["zawgyi_converted"] is True and body["total"] == 1
    assert search(real, q="ရန်ကုန်")["zawgyi_converted"] is False


def test_the_empty_page_links_suggestion_and_organisations(real_client: FlaskClient) -> None:
    html = real_client.get("/statements?q=sham+peice+dialoge").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    link = soup.find("a", class_="suggestion")
    assert link is not None and link.get_text() == "sham peace dialogue"
    followed = real_client.get(link["href"]).get_data(as_text=True)
    assert "1 statement matches" in followed
    html = real_client.get("/statements?q=Sacramento").get_data(as_text=True)
    assert "Sacremento" in html and "/organisations/" in html


# --- paging past the end ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/statements?page=99&per_page=2",
        "/api/statements?q=peace&page=50",
        "/api/statements?q=rel*&mode=advanced&page=50",
        "/api/organisations?page=99&per_page=2",
        "/api/organisations?q=Union&page=99",
    ],
)
def test_paging_past_the_end_is_empty_with_the_true_total(client: FlaskClient, url: str) -> None:
    first = client.get(re.sub(r"page=\d+", "page=1", url, count=1)).get_json()
    past = client.get(url).get_json()
    assert past["results"] == []
    assert past["total"] == first["total"]


def test_paging_until_the_results_run_out_stops(client: FlaskClient) -> None:
    seen: list[str] = []
    page = 1
    while True:
        body = client.get(f"/api/organisations?per_page=2&page={page}").get_json()
        if not body["results"]:
            break
        seen += [r["id"] for r in body["results"]]
        page += 1
        assert page < 50
    assert len(seen) == len(set(seen)) == body["total"]


@pytest.mark.parametrize("url", ["/statements?page=99", "/organisations?page=99"])
def test_html_pages_past_the_end_are_empty(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("ol.results li") == [] or not soup.select("ol.results li a")


def test_one_statement_matches_wording(client: FlaskClient) -> None:
    html = client.get("/statements?q=wells").get_data(as_text=True)
    assert "1 statement matches" in html
    html = client.get("/statements?q=peace").get_data(as_text=True)
    assert "2 statements match" in html


# --- facets and filters -----------------------------------------------------------------


def facet_links(html: str, css: str) -> dict[str, tuple[str, int]]:
    soup = BeautifulSoup(html, "html.parser")
    return {
        li.a.get_text(): (li.a["href"], int(li.find(class_="count").get_text()))
        for li in soup.select(f"ul.{css} li")
    }


def test_facets_in_the_json(client: FlaskClient) -> None:
    body = client.get("/api/statements").get_json()
    facets = body["facets"]
    assert facets["years"] == [
        {"value": "2021", "count": 1},
        {"value": "2022", "count": 1},
        {"value": "2023", "count": 1},
        {"value": "2024", "count": 1},
    ]
    assert sum(f["count"] for f in facets["languages"]) == body["total"]
    top = facets["signatories"][0]
    assert top["count"] == 3 and set(top) == {"id", "name", "count"}


@pytest.mark.parametrize("css", ["facet-years", "facet-languages", "facet-signatories"])
def test_a_facet_link_narrows_and_its_count_is_right(client: FlaskClient, css: str) -> None:
    html = client.get("/statements?q=").get_data(as_text=True)
    links = facet_links(html, css)
    assert links
    for href, count in links.values():
        narrowed = client.get(href).get_data(as_text=True)
        word = "statement" if count == 1 else "statements"
        assert f'<h2 id="results-heading" aria-live="polite">{count} {word}' in narrowed
        api = client.get("/api" + href).get_json()
        assert api["total"] == count


def test_several_organisations_means_signed_by_all(client: FlaskClient) -> None:
    one = client.get(f"/api/statements?organisation={MOONLIGHT}").get_json()
    both = client.get(f"/api/statements?organisation={MOONLIGHT}&organisation={RYN}").get_json()
    ryn = client.get(f"/api/statements?organisation={RYN}").get_json()
    ids = {r["id"] for r in one["results"]} & {r["id"] for r in ryn["results"]}
    assert {r["id"] for r in both["results"]} == ids == {WATER, RIVER}
    assert both["total"] == 2 < one["total"] == ryn["total"] == 3
    assert [o["id"] for o in both["filters"]["organisations"]] == [MOONLIGHT, RYN]


def test_the_organisation_filter_takes_a_name(client: FlaskClient) -> None:
    body = client.get("/api/statements?organisation_name=Moonlight+Weavers").get_json()
    assert [o["id"] for o in body["filters"]["organisations"]] == [MOONLIGHT]
    assert body["total"] == 3
    answer = client.get("/api/statements?organisation_name=zzqxv+qqq")
    assert (
        answer.status_code == 400 and "organisation_name" in answer.get_json()["error"]["message"]
    )


def test_an_active_filter_shows_its_name_and_can_be_removed(client: FlaskClient) -> None:
    html = client.get(f"/statements?q=&organisation={MOONLIGHT}&organisation={TEAK}").get_data(
        as_text=True
    )
    soup = BeautifulSoup(html, "html.parser")
    active = soup.select(".active-filters li")
    assert any("Moonlight Weavers" in li.get_text() for li in active)
    remove = next(li for li in active if "Moonlight" in li.get_text()).find("a", class_="remove")
    args = parse_qsl(urlsplit(remove["href"]).query)
    assert ("organisation", TEAK) in args and ("organisation", MOONLIGHT) not in args


@pytest.mark.parametrize(("language", "total"), [("en", 1), ("my", 1), ("en%2Bmy", 2)])
def test_the_language_filter(client: FlaskClient, language: str, total: int) -> None:
    body = client.get(f"/api/statements?language={language}").get_json()
    assert body["total"] == total
    assert client.get("/api/statements?language=fr").status_code == 400


def test_date_inputs_say_their_format(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get("/statements").get_data(as_text=True), "html.parser")
    for name in ("date_from", "date_to"):
        field = soup.find("input", id=name)
        assert field["placeholder"] == "YYYY-MM-DD"
        hint = soup.find(id=field["aria-describedby"])
        assert "YYYY-MM-DD" in hint.get_text()


# --- exports ----------------------------------------------------------------------------


def read_csv(client: FlaskClient, url: str) -> list[dict[str, str]]:
    answer = client.get(url)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))


@pytest.mark.parametrize("query", ["", "q=peace", f"organisation={MOONLIGHT}", "q=RYN"])
def test_the_csv_export_has_every_match(client: FlaskClient, query: str) -> None:
    total = client.get(f"/api/statements?{query}").get_json()["total"]
    rows = read_csv(client, f"/api/statements.csv?{query}&per_page=1")
    assert len(rows) == total > 0
    search_ids = [
        r["id"] for r in client.get(f"/api/statements?{query}&per_page=100").get_json()["results"]
    ]
    assert [r["id"] for r in rows] == search_ids
    exported = client.get(f"/api/statements.json?{query}").get_json()
    assert exported["total"] == exported["exported"] == total
    assert [r["id"] for r in exported["results"]] == search_ids


def test_the_csv_export_is_formula_safe(tmp_path: Path) -> None:
    index = tmp_path / "index"
    rebuild(HOSTILE_CORPUS, index)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(HOSTILE_CORPUS)})
    (row,) = read_csv(app.test_client(), "/api/statements.csv?q=Formula+Collective")
    assert row["signed_by"].startswith("'=HYPERLINK")


def test_the_export_is_capped(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from statementsearch.search import export

    monkeypatch.setattr(export, "EXPORT_MAX", 2)
    rows = read_csv(client, "/api/statements.csv?q=")
    assert len(rows) == 2


# --- the statement page -----------------------------------------------------------------


def test_arriving_from_a_search_marks_its_words(client: FlaskClient) -> None:
    html = client.get(f"/statements/{RIVER}?q=village").get_data(as_text=True)
    assert "<mark>villages</mark>" in html
    html = client.get(f"/statements/{RIVER}").get_data(as_text=True)
    assert "<mark>" not in html


def test_results_link_to_the_statement_with_the_search(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get("/statements?q=wells").get_data(as_text=True), "html.parser")
    assert soup.select_one("ol.results h3 a")["href"] == f"/statements/{WATER}?q=wells"


def test_the_source_is_linked(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get(f"/statements/{HARBOUR}").get_data(as_text=True), "html.parser")
    assert soup.find("a", href="https://example.org/fixture/harbour") is not None


def test_maintainer_warnings_stay_out_of_the_public_page(client: FlaskClient) -> None:
    html = client.get(f"/statements/{RIVER}").get_data(as_text=True)
    warnings = client.get(f"/api/statements/{RIVER}").get_json()["warnings"]
    assert warnings and not any(w in html for w in warnings)
    assert "check" not in BeautifulSoup(html, "html.parser").get_text().lower().split()


def test_a_statement_without_a_title_gets_one(real: Library, real_client: FlaskClient) -> None:
    record = real_client.get(f"/api/statements/{REAL}").get_json()
    assert record["title"] is None
    assert record["display_title"].startswith("The undersigned Civil Society Organizations urge")
    assert "organisation_ids" not in record
    for url in ("/", "/statements?q=KHRG", f"/statements/{REAL}", "/organisations/khrg"):
        html = real_client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "Untitled statement" not in html
    hit = search(real, q="KHRG")["results"][0]
    assert hit["title"] is None and hit["display_title"] == record["display_title"]


def test_one_organisation_listed_twice_appears_once(real_client: FlaskClient) -> None:
    record = real_client.get(f"/api/statements/{REAL}").get_json()
    knl = [o for o in record["organisations"] if "Karen National League Japan" in o["name"]]
    assert len({o["organisation_id"] for o in knl}) == 1 and len(knl) == 2
    soup = BeautifulSoup(
        real_client.get(f"/statements/{REAL}").get_data(as_text=True), "html.parser"
    )
    items = [
        li
        for li in soup.select("ol.signatories li")
        if "Karen National League Japan" in li.get_text()
    ]
    assert len(items) == 1
    assert "73" in items[0].get_text() and "99" in items[0].get_text()


# --- the command line -------------------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def test_orgs_name_finds_what_the_api_finds(real: Library, real_index: Path) -> None:
    status, out = run("orgs", "Sacramento", "--index", str(real_index), "--json")
    api = search_organisations(real, OrganisationRequest(q="Sacramento", per_page=100))
    found = json.loads(out)["organisations"]
    assert status == 0 and [o["id"] for o in found] == [o["id"] for o in api.results]
    assert any("Sacremento" in o["name"] for o in found)


def test_search_finds_signatories_from_the_command_line(real_index: Path) -> None:
    status, out = run("search", "KHRG", "--index", str(real_index))
    assert status == 0
    assert "1 statement matches" in out
    assert "Signed by [Karen Human Rights Group (KHRG)]" in out


def test_the_join_reads_one_posting_list_per_joined_organisation(
    real: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statementsearch.indexing import schema
    from statementsearch.search.signatories import (
        Joined,
        join_organisations,
        signatory_scores,
    )

    release = real.release()
    bulk = release.bulk_searcher()
    read: list[str] = []
    postings = bulk.postings

    def counting(fieldname: str, text: str, values: bool = False) -> object:
        if fieldname == schema.ORGANISATION_IDS:
            read.append(text)
        return postings(fieldname, text, values)

    monkeypatch.setattr(bulk, "postings", counting)
    joined = join_organisations(release, "Yangon")
    scores = signatory_scores(bulk, joined, None)
    assert sorted(read) == sorted(joined.ids) and len(read) >= 2
    assert set(scores.values()) == {1.0}  # the statement takes its best organisation's score
    assert signatory_scores(bulk, joined, set()) == {}
    assert signatory_scores(bulk, Joined({}), None) == {}
