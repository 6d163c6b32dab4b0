"""Atom feeds over the web fixture index: valid (parsed as a feed reader would), newest
first, stable ids, linked from the pages, the same after a rebuild of the same corpus."""

from __future__ import annotations

import feedparser
import pytest
from flask.testing import FlaskClient

from conftest import WEB_CORPUS
from statementsearch.indexing.rebuild import rebuild
from statementsearch.web.app import create_app
from test_views import MOONLIGHT, RIVER, STAR, WATER, page

ATOM = "application/atom+xml"
STAR_FEED = f"/organisations/{STAR}.atom"


def parse(client: FlaskClient, url: str) -> tuple[bytes, feedparser.FeedParserDict]:
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == ATOM
    body = response.get_data()
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return body, feed


def test_organisation_feed_lists_its_statements_newest_first(client: FlaskClient) -> None:
    _, feed = parse(client, STAR_FEED)
    assert feed.feed.id == f"tag:statementsearch,2026:organisation:{STAR}"
    assert "ကြယ်စင်အမျိုးသမီးအဖွဲ့" in feed.feed.title
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == f"http://localhost{STAR_FEED}"
    assert links["alternate"] == f"http://localhost/organisations/{STAR}"
    assert [e.id for e in feed.entries] == [
        f"tag:statementsearch,2026:statement:{sid}"
        for sid in (RIVER, WATER, "2021-03-15-fixture-burmese-statement")
    ]
    assert [e.updated[:10] for e in feed.entries] == ["2023-05-01", "2022-11-20", "2021-03-15"]
    assert feed.feed.updated[:10] == "2023-05-01"  # its newest entry, not the clock
    assert feed.entries[0].link == f"http://localhost/statements/{RIVER}"
    assert feed.entries[1].summary == "Signed as: Star Women Group"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/statements.atom?q=peace", None),
        (f"/statements.atom?organisation={MOONLIGHT}", None),
        (f"/statements.atom?organisation={STAR}&organisation={MOONLIGHT}", [RIVER, WATER]),
        ("/statements.atom?q=harbour&page=7&sort=relevance", None),
    ],
)
def test_search_feed_follows_the_search_newest_first(
    client: FlaskClient, url: str, expected: list[str] | None
) -> None:
    """The feed lists what the search finds, newest first, whatever page or sort it names."""
    _, feed = parse(client, url)
    ids = [e.id.rsplit(":", 1)[1] for e in feed.entries]
    query = url.split("?", 1)[1].replace("&page=7", "").replace("&sort=relevance", "")
    found = client.get(f"/api/statements?{query}&sort=date&per_page=50").get_json()
    assert ids == [hit["id"] for hit in found["results"]]
    assert ids
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    if expected is not None:
        assert ids == expected


def test_search_feed_id_names_only_what_it_follows(client: FlaskClient) -> None:
    """page, per_page and sort do not change which statements a feed follows."""
    _, one = parse(client, "/statements.atom?q=peace")
    _, two = parse(client, "/statements.atom?q=peace&page=3&sort=relevance&per_page=5")
    assert one.feed.id == two.feed.id == "tag:statementsearch,2026:statements?q=peace"
    _, everything = parse(client, "/statements.atom")
    assert everything.feed.id == "tag:statementsearch,2026:statements"
    assert len(everything.entries) == 4


def test_search_feed_entries_carry_marked_snippets(client: FlaskClient) -> None:
    body, feed = parse(client, "/statements.atom?q=peace")
    assert feed.entries[0].summary_detail.type == "text/html"
    assert "peace" in feed.entries[0].summary  # feedparser drops <mark>: not in its allow-list
    assert b'<summary type="html">' in body
    assert b"&lt;mark&gt;peace&lt;/mark&gt;" in body


@pytest.mark.parametrize(
    ("url", "feed_url"),
    [
        (f"/organisations/{STAR}", STAR_FEED),
        ("/statements?q=peace&page=1&sort=date", "/statements.atom?q=peace"),
        ("/", "/statements.atom"),
    ],
)
def test_pages_link_their_feed(client: FlaskClient, url: str, feed_url: str) -> None:
    _, tags = page(client, url)
    assert tags.find("link", rel="alternate", type=ATOM, href=feed_url)
    assert tags.find("a", href=feed_url, type=ATOM)
    parse(client, feed_url)


def test_feed_errors(client: FlaskClient) -> None:
    assert client.get("/organisations/no-such-organisation.atom").status_code == 404
    moved = client.get("/organisations/teak-valley-farmer-association.atom")
    assert moved.status_code == 308
    assert moved.headers["Location"] == "/organisations/teak-valley-farmer-union.atom"
    assert client.get("/statements.atom?date_from=2022-13-45").status_code == 400


def test_feeds_are_the_same_after_a_rebuild(tmp_path: pytest.TempPathFactory) -> None:
    """Rebuilding the same corpus gives byte-identical feeds (no clock, no build id)."""
    bodies = []
    for name in ("first", "second"):
        index_dir = tmp_path / name  # type: ignore[operator]
        rebuild(WEB_CORPUS, index_dir)
        client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
        bodies.append((client.get(STAR_FEED).data, client.get("/statements.atom?q=river").data))
    assert bodies[0] == bodies[1]
