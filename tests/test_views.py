"""The HTML pages over the web fixture index: content, JSON twins, errors, escaping, Burmese."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from markupsafe import Markup

from statementsearch.web import views
from statementsearch.web.views import lang_my

RIVER = "2023-05-01-fixture-river-statement"
WATER = "2022-11-20-fixture-water-statement"
HARBOUR = "2024-02-02-fixture-harbour-statement"
RIVERBANK = "riverbank-youth-network"
MOONLIGHT = "moonlight-weaver-organization"
STAR = "star-women-group"
TEAK = "teak-valley-farmer-union"
MERGED_AWAY = "my-9858e174ce"  # see test_api.py


class Tags(HTMLParser):
    """Collect start tags and their attributes, to check structure without regexes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(k) == v for k, v in attrs.items())
        ]


def page(client: FlaskClient, url: str, status: int = 200) -> tuple[str, Tags]:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    tags = Tags()
    tags.feed(html)
    return html, tags


PAGES = [
    # (url, JSON twin, texts the page must show)
    ("/", "/api/statements", ["4 statements", "6 organisations", "Fixture: Open the Harbour"]),
    (
        "/statements?q=peace",
        "/api/statements?q=peace",
        ["2 statements", "Fixture Statement on River Access", "<mark>peace</mark>"],
    ),
    (
        f"/statements?organisation={MOONLIGHT}&sort=date",
        f"/api/statements?organisation={MOONLIGHT}&amp;sort=date",
        ["3 statements", "signed by", "Moonlight Weavers Organization"],
    ),
    (
        f"/statements/{RIVER}",
        f"/api/statements/{RIVER}",
        ["Fixture Statement on River Access", "Daw Sample Person", "5 declared"],
    ),
    ("/organisations?q=RYN", "/api/organisations?q=RYN", ["Riverbank Youth Network (RYN)"]),
    ("/organisations", "/api/organisations", ["6 organisations", "most statements first"]),
    (
        f"/organisations/{MOONLIGHT}",
        f"/api/organisations/{MOONLIGHT}",
        ["Moonlight Weavers Organisation", "Co-signatories", "Clean Water"],
    ),
]


@pytest.mark.parametrize(("url", "twin", "texts"), PAGES)
def test_page_shows_content_and_links_json_twin(
    client: FlaskClient, url: str, twin: str, texts: list[str]
) -> None:
    html, tags = page(client, url)
    for text in texts:
        assert text in html
    assert tags.find(
        "link", rel="alternate", type="application/json", href=twin.replace("&amp;", "&")
    )
    assert tags.find("a", href=twin.replace("&amp;", "&"), **{"class": "json-link"})
    link = client.get(url).headers["Link"]
    assert link == f'<{twin.replace("&amp;", "&")}>; rel="alternate"; type="application/json"'
    assert client.get(twin.replace("&amp;", "&")).status_code == 200


@pytest.mark.parametrize("url", [url for url, _, _ in PAGES])
def test_page_is_accessible_and_has_no_inline_script(client: FlaskClient, url: str) -> None:
    html, tags = page(client, url)
    assert tags.find("html", lang="en")
    assert tags.find("meta", name="viewport")
    assert tags.find("a", href="#content", **{"class": "skip"})
    assert tags.find("main", id="content")
    assert tags.find("nav")
    scripts = tags.find("script")
    assert scripts and all(s.get("src") for s in scripts)
    bodies = re.findall(r"<script[^>]*>(.*?)</script>", html, re.DOTALL)
    assert [body.strip() for body in bodies] == [""] * len(scripts)  # no inline script
    labelled = {t["for"] for t in tags.find("label")}
    for field in tags.find("input") + tags.find("select"):
        if field.get("type") != "hidden":
            assert field.get("id") in labelled, field


def test_statement_page_lists_signatories_in_order_with_links(client: FlaskClient) -> None:
    html, tags = page(client, f"/statements/{RIVER}")
    links = [t["href"] for t in tags.find("a") if (t["href"] or "").startswith("/organisations/")]
    assert links == [f"/organisations/{o}" for o in (RIVERBANK, MOONLIGHT, TEAK, STAR)]
    signatories = html.index("Signed by 4 organisations")
    assert signatories < html.index("Individuals") < html.index("Daw Sample Person")
    assert '<span lang="my">ကြယ်စင်အမျိုးသမီးအဖွဲ့</span>' in html
    assert '<p><span lang="my">မြစ်ကမ်းတစ်လျှောက်ရှိ' in html
    assert "ရန်ကုန်မြို့ရှိ ကျောင်းသားများလည်း ထောက်ခံကြသည်။</span></p>" in html


def test_statement_page_shows_withheld_count(client: FlaskClient) -> None:
    html, _ = page(client, f"/statements/{HARBOUR}")
    assert "1 more organisation withheld" in html
    assert "Quiet Lantern" not in html


def test_organisation_page(client: FlaskClient) -> None:
    html, tags = page(client, f"/organisations/{STAR}")
    assert '<h1><span lang="my">ကြယ်စင်အမျိုးသမီးအဖွဲ့</span></h1>' in html
    assert "Star Women Group" in html
    statements = [t["href"] for t in tags.find("a") if (t["href"] or "").startswith("/statements/")]
    assert statements[:3] == [
        f"/statements/{RIVER}",
        f"/statements/{WATER}",
        "/statements/2021-03-15-fixture-burmese-statement",
    ]
    assert tags.find("a", href=f"/api/organisations/{STAR}/statements.csv")
    assert tags.find("a", href=f"/api/organisations/{STAR}")
    assert tags.find("a", href=f"/statements?organisation={STAR}&sort=date")


def test_organisation_page_lists_the_newest_and_links_to_the_rest(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "ORGANISATION_PAGE_STATEMENTS", 2)
    html, tags = page(client, f"/organisations/{STAR}")
    statements = [t["href"] for t in tags.find("a") if (t["href"] or "").startswith("/statements/")]
    assert statements == [f"/statements/{RIVER}", f"/statements/{WATER}"]  # newest first
    assert re.search(r"The newest 2 of \d+\.", html)
    assert tags.find("a", href=f"/statements?organisation={STAR}&sort=date")
    # The JSON twin keeps every statement.
    assert len(client.get(f"/api/organisations/{STAR}").get_json()["statements"]) > 2


def test_escaping_of_user_text_and_statement_text(client: FlaskClient) -> None:
    html, _ = page(client, "/statements?q=<script>alert(1)</script>")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html, _ = page(client, f"/statements/{WATER}")
    assert "displaced families &amp; their children &lt;now&gt;." in html


@pytest.mark.parametrize(
    ("url", "parameter", "typed"),
    [
        ("/statements?mode=advanced&q=(peace AND", "q", "(peace AND"),
        ("/statements?q=harbour&page=abc", "page", "harbour"),
        ("/statements?q=harbour&per_page=100000", "per_page", "harbour"),
        ("/statements?q=harbour&date_from=2022-13-45", "date_from", "harbour"),
        ("/organisations?q=Riverbank&page=abc", "page", "Riverbank"),
    ],
)
def test_bad_query_reshows_form_with_text_and_message(
    client: FlaskClient, url: str, parameter: str, typed: str
) -> None:
    html, tags = page(client, url, status=400)
    assert tags.find("input", name="q", value=typed)
    alert = html[html.index('role="alert"') :]
    assert f"&#39;{parameter}&#39;" in alert[: alert.index("</div>")]


def test_advanced_syntax_error_keeps_mode_but_simple_mode_is_fine(client: FlaskClient) -> None:
    _, tags = page(client, "/statements?mode=advanced&q=(peace AND", status=400)
    (advanced,) = tags.find("option", value="advanced")
    assert "selected" in advanced
    page(client, "/statements?q=(peace AND")


@pytest.mark.parametrize(
    "url",
    ["/statements/no-such-statement", "/organisations/no-such-organisation", "/no/such/page"],
)
def test_not_found_page(client: FlaskClient, url: str) -> None:
    html, tags = page(client, url, status=404)
    assert "Not found" in html
    assert not tags.find("link", rel="alternate")
    assert "Traceback" not in html
    assert "statementsearch/" not in html


@pytest.mark.parametrize(
    ("url", "location"),
    [
        (f"/organisations/{MERGED_AWAY}", f"/organisations/{STAR}"),
        ("/organisations/teak-valley-farmer-association", f"/organisations/{TEAK}"),
    ],
)
def test_moved_organisation_page_redirects(client: FlaskClient, url: str, location: str) -> None:
    response = client.get(url)
    assert response.status_code == 308
    assert response.headers["Location"] == location


def test_static_files_are_served(client: FlaskClient) -> None:
    script = client.get("/static/suggest.js")
    assert script.status_code == 200
    assert "/api/organisations" in script.get_data(as_text=True)
    script.close()
    style = client.get("/static/style.css")
    assert style.status_code == 200
    assert '"Noto Sans Myanmar"' in style.get_data(as_text=True)
    style.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Star Women Group", "Star Women Group"),
        ("ကြယ်စင် – Star", '<span lang="my">ကြယ်စင်</span> – Star'),
        ("ရန်ကုန် မြို့ & <b>", '<span lang="my">ရန်ကုန် မြို့</span> &amp; &lt;b&gt;'),
        (None, ""),
        (
            Markup("a <mark>ရန်</mark>ကုန်"),
            'a <mark><span lang="my">ရန်</span></mark><span lang="my">ကုန်</span>',
        ),
    ],
)
def test_lang_my_wraps_myanmar_runs(text: str | None, expected: str) -> None:
    assert str(lang_my(text)) == expected
