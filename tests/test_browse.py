"""Organisation pages beyond search: the year chart, every co-signatory, the A–Z / count /
recent list with numbered pages, signed-together searches and the near-miss 404."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient

from statementsearch.search.browse import year_counts
from statementsearch.search.service import parse_search_request, search_statements
from statementsearch.text.collation import collation_key
from statementsearch.web.charts import year_chart
from statementsearch.web.handle import get_library
from test_views import MOONLIGHT, RIVER, RIVERBANK, STAR, TEAK, WATER, page

SVG = "{http://www.w3.org/2000/svg}"


def bars(svg: str) -> dict[int, tuple[int, float]]:
    """year -> (data-count, drawn height) of every bar in a chart."""
    root = ET.fromstring(svg)
    return {
        int(rect.get("data-year", "")): (
            int(rect.get("data-count", "")),
            float(rect.get("height", "")),
        )
        for rect in root.iter(f"{SVG}rect")
    }


def draw(counts: dict[int, int]) -> str:
    return str(
        year_chart(
            counts,
            chart_id="c",
            title="Statements per year",
            description="d",
            bar_label=lambda year, count: f"{year}: {count}",
        )
    )


@pytest.mark.parametrize(
    "counts",
    [
        {2022: 3},
        {2019: 1, 2020: 4, 2021: 2},
        {2010: 5, 2014: 1, 2015: 10},  # gaps: 2011-2013 drawn empty
        {year: year % 7 for year in range(1990, 2027)},  # many years: labels thinned
    ],
)
def test_chart_bars_match_the_counts(counts: dict[int, int]) -> None:
    svg = draw(counts)
    drawn = bars(svg)
    years = range(min(counts), max(counts) + 1)
    assert list(drawn) == list(years)
    assert {year: count for year, (count, _) in drawn.items()} == {
        year: counts.get(year, 0) for year in years
    }
    peak = max(counts.values())
    for count, height in drawn.values():
        assert height == pytest.approx(80 * count / peak, abs=0.1)  # proportional bars
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Statements per year"  # type: ignore[union-attr]
    assert all(r.find(f"{SVG}title") is not None for r in root.iter(f"{SVG}rect"))


def test_chart_escapes_text_and_is_empty_without_years() -> None:
    assert str(draw({})) == ""
    svg = str(
        year_chart(
            {2020: 1}, chart_id="x", title="<b>&", description="", bar_label=lambda y, c: f"{y}"
        )
    )
    assert "&lt;b&gt;&amp;" in svg
    ET.fromstring(svg)


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        ([{"date": "2022-09-26"}, {"date": "2022-01-02"}, {"date": None}], {2022: 2}),
        ([{"date": "2021-03-15"}, {"date": "2023-05-01"}], {2021: 1, 2023: 1}),
        ([{"date": None}], {}),
    ],
)
def test_year_counts(statements: list[dict[str, str | None]], expected: dict[int, int]) -> None:
    assert year_counts(statements) == expected


def test_organisation_page_chart_matches_its_statements(client: FlaskClient) -> None:
    html, tags = page(client, f"/organisations/{STAR}")
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    api = client.get(f"/api/organisations/{STAR}").get_json()
    expected = year_counts(api["statements"])
    assert {year: count for year, (count, _) in bars(svg).items()} == expected
    assert tags.find("table", **{"class": "counts"})  # the same numbers as a table
    for year, count in expected.items():
        assert f"<tr><td>{year}</td><td>{count}</td></tr>" in html


def together_ids(client: FlaskClient, url: str) -> list[str]:
    """The co-signatory ids on an organisation page, in the order shown."""
    _, tags = page(client, url)
    prefix = f"/statements?organisation={STAR}&organisation="
    return [
        (t["href"] or "")[len(prefix) :].split("&")[0]
        for t in tags.find("a", **{"class": "together"})
    ]


def test_co_signatories_all_sorted_by_count_then_name(client: FlaskClient) -> None:
    ids = together_ids(client, f"/organisations/{STAR}")
    # Riverbank signed 3 with Star; Moonlight and Teak 2 each (tie: A–Z by name).
    assert ids == [RIVERBANK, MOONLIGHT, TEAK, "golden-hill-teacher-association"]
    api = {
        c["id"]: c["count"] for c in client.get(f"/api/organisations/{STAR}").json["co_signatories"]
    }
    assert set(ids) == set(api)


def test_co_signatories_by_name_and_paged(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statementsearch.web import browse

    by_name = together_ids(client, f"/organisations/{STAR}?co_sort=name")
    names = {
        c["id"]: c["name"] for c in client.get(f"/api/organisations/{STAR}").json["co_signatories"]
    }
    assert by_name == sorted(names, key=lambda oid: collation_key(names[oid]))
    monkeypatch.setattr(browse, "CO_SIGNATORIES_PER_PAGE", 3)
    first = together_ids(client, f"/organisations/{STAR}?co_sort=name")
    second = together_ids(client, f"/organisations/{STAR}?co_sort=name&co_page=2")
    assert first + second == by_name
    html, tags = page(client, f"/organisations/{STAR}?co_sort=name&co_page=2")
    assert tags.find("a", rel="first", href=f"/organisations/{STAR}?co_sort=name&co_page=1")
    assert 'start="4"' in html


@pytest.mark.parametrize(
    "url", [f"/organisations/{STAR}?co_sort=size", f"/organisations/{STAR}?co_page=0"]
)
def test_bad_co_signatory_parameters_are_400(client: FlaskClient, url: str) -> None:
    html, _ = page(client, url, status=400)
    assert "co_" in html


def test_signed_together_link_finds_statements_signed_by_both(client: FlaskClient) -> None:
    both = client.get(f"/api/statements?organisation={STAR}&organisation={MOONLIGHT}&sort=date")
    assert [hit["id"] for hit in both.json["results"]] == [RIVER, WATER]
    html, _ = page(client, f"/statements?organisation={STAR}&organisation={MOONLIGHT}&sort=date")
    assert "2 statements" in html
    assert f'<a href="/organisations/{STAR}">' in html
    assert f'<a href="/organisations/{MOONLIGHT}">' in html
    unknown = client.get(f"/api/statements?organisation={STAR}&organisation=no-such-org")
    assert unknown.status_code == 400
    empty_first = client.get(f"/api/statements?organisation=&organisation={MOONLIGHT}")
    assert empty_first.json["total"] == 3  # an empty field (an HTML form's) is no filter


def list_ids(client: FlaskClient, url: str) -> list[str]:
    return [hit["id"] for hit in client.get(url).get_json()["results"]]


def test_organisation_list_orders(client: FlaskClient) -> None:
    everyone = client.get("/api/organisations?sort=name&per_page=50").get_json()["results"]
    names = [org["name"] for org in everyone]
    assert names == sorted(names, key=collation_key)
    latin = [n for n in names if n[0].isascii()]
    assert names[: len(latin)] == latin  # English order: Latin script, then Myanmar
    assert latin == sorted(latin, key=str.casefold)
    by_count = list_ids(client, "/api/organisations?per_page=50")
    # Ties (four organisations with 3 statements) in A–Z order, never Z→A.
    assert by_count[:4] == [MOONLIGHT, TEAK, STAR, RIVERBANK]
    recent = client.get("/api/organisations?sort=recent&per_page=50").get_json()["results"]
    latest = [org["latest"] for org in recent]
    assert latest == sorted(latest, reverse=True)
    assert recent[0]["latest"] == "2024-02-02"


def test_burmese_readers_see_myanmar_script_first(client: FlaskClient) -> None:
    everyone = client.get("/api/organisations?sort=name&per_page=50").get_json()["results"]
    expected = sorted(everyone, key=lambda org: collation_key(org["name"], "my"))
    client.set_cookie("lang", "my")
    _, tags = page(client, "/organisations?sort=name&per_page=50")
    shown = [t["href"] for t in tags.find("a") if t.get("href") in {o["url"] for o in everyone}]
    assert shown == [org["url"] for org in expected]
    assert not expected[0]["name"][0].isascii()  # Burmese order: Myanmar script first


@pytest.mark.parametrize(
    ("words", "language", "expected"),
    [
        (
            ["Zebra Union", "apple Group", "Ápple Aid"],
            "en",
            ["Ápple Aid", "apple Group", "Zebra Union"],  # accent and case: secondary
        ),
        (["ခရေပန်း", "ကကြိုး", "ဂငယ်", "အလင်း"], "en", ["ကကြိုး", "ခရေပန်း", "ဂငယ်", "အလင်း"]),
        (["Zebra", "ကရင်", "apple"], "en", ["apple", "Zebra", "ကရင်"]),
        (["Zebra", "ကရင်", "apple"], "my", ["ကရင်", "apple", "Zebra"]),
    ],
)
def test_collation_in_both_scripts(words: list[str], language: str, expected: list[str]) -> None:
    assert sorted(words, key=lambda w: collation_key(w, language)) == expected


def test_numbered_pagination_with_first_and_last(client: FlaskClient) -> None:
    html, tags = page(client, "/organisations?sort=name&per_page=2&page=2")
    assert tags.find("a", rel="first", href="/organisations?sort=name&per_page=2&page=1")
    assert tags.find("a", rel="last", href="/organisations?sort=name&per_page=2&page=3")
    assert tags.find("a", rel="prev") and tags.find("a", rel="next")
    assert '<span aria-current="page">2</span>' in html
    numbered = [t["href"] for t in tags.find("a") if "aria-label" in t]
    assert numbered == [
        "/organisations?sort=name&per_page=2&page=1",
        "/organisations?sort=name&per_page=2&page=3",
    ]
    pages = [
        list_ids(client, f"/api/organisations?sort=name&per_page=2&page={n}") for n in (1, 2, 3)
    ]
    assert [oid for ids in pages for oid in ids] == list_ids(
        client, "/api/organisations?sort=name&per_page=50"
    )


@pytest.mark.parametrize(
    ("url", "suggested"),
    [
        ("/organisations/star-women-groups", f"/organisations/{STAR}"),
        ("/organisations/Riverbank-Youth-Network", f"/organisations/{RIVERBANK}"),
        ("/statements/2023-05-01-fixture-river-statment", f"/statements/{RIVER}"),
        ("/organisations/ryn", f"/organisations/{RIVERBANK}"),  # its acronym
        ("/organisations/HBC", "/organisations/harbor-boatmen-collective"),
        ("/organisations/no-such-organisation", None),
        ("/statements/no-such-statement", None),
    ],
)
def test_not_found_suggests_a_near_miss(
    client: FlaskClient, url: str, suggested: str | None
) -> None:
    html, tags = page(client, url, status=404)
    if suggested is None:
        assert "Did you mean" not in html
    else:
        assert "Did you mean" in html
        assert tags.find("a", href=suggested)


def test_bad_list_order_is_400(client: FlaskClient) -> None:
    assert client.get("/api/organisations?sort=size").status_code == 400
    page(client, "/organisations?sort=size", status=400)


def test_search_results_draw_the_year_chart_from_the_year_facet(
    app: Flask, client: FlaskClient
) -> None:
    """The results page draws the year facet (every match counted) as the same chart as an
    organisation page: one bar a year, empty years between shown as empty slots."""
    search = parse_search_request({"q": "peace"})
    with app.test_request_context("/statements?q=peace"):
        years = search_statements(get_library(), search).facets.years
    assert len(years) >= 2
    html = client.get("/statements?q=peace").get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    drawn = {year: count for year, (count, _) in bars(svg).items()}
    assert {year: count for year, count in drawn.items() if count} == years
    assert sorted(drawn) == list(range(min(years), max(years) + 1))
    empty = client.get("/statements?q=zzzzqqq").get_data(as_text=True)
    assert "<svg" not in empty
