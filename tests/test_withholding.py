"""A withheld organisation is gone from statement text too (issue 15, item 3): every name
form and acronym of it is redacted in titles, bodies, snippets, pages, API, exports and
the index, after a rebuild and after an update (invented names only)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from statementsearch.identity.withholding import REDACTED, Redactor, name_forms
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.web.app import create_app

CURATION = """
[[withhold]]
match = "Lotus Relief North"
note = "fixture: withheld for its safety"
"""
SIGNED = """2024-01-05

Fixture Appeal on River Crossings

The crossings are closed.

Signed by
1. Lotus Relief North (LRN)
2. Fixture Kite Club
3. ကြာဖြူ ကယ်ဆယ်ရေး – Lotus Relief North
"""
# Every name form, as prose writes it: other case, a line break inside, curly
# apostrophes, Burmese without its space, the acronym, in the title too.
MENTIONS = """2024-02-10

Report of LRN and the Fixture Kite Club

Volunteers of lotus relief
north carried water. ကြာဖြူကယ်ဆယ်ရေး အဖွဲ့ thanked the Fixture Kite Club.
The LRN team (Lotus Relief North (LRN)) left on Tuesday. Lotus Relief Northern Star
is another, unrelated name and stays.

Signed by
1. Fixture Kite Club
"""
FORMS = ["Lotus Relief", "Relief North", "LRN", "ကြာဖြူ", "ကယ်ဆယ်ရေး"]
SEARCHES = ["Lotus Relief North", "LRN", "ကြာဖြူ ကယ်ဆယ်ရေး", "ကြာဖြူ", '"relief north"']


@pytest.fixture(params=["rebuild", "update"])
def withheld_client(request: pytest.FixtureRequest, tmp_path: Path) -> FlaskClient:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "curation.toml").write_text(CURATION, "utf-8")
    (corpus / "2024-01-05-fixture-signed.txt").write_text(SIGNED, "utf-8")
    index = tmp_path / "index"
    if request.param == "update":  # the mention arrives in an update
        rebuild(corpus, index)
        (corpus / "2024-02-10-fixture-mentions.txt").write_text(MENTIONS, "utf-8")
        assert update(corpus, index).kind == "update"
    else:
        (corpus / "2024-02-10-fixture-mentions.txt").write_text(MENTIONS, "utf-8")
        rebuild(corpus, index)
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "RATE_LIMIT": 0})
    return app.test_client()


def _leaks(text: str) -> list[str]:
    """The name forms still in ``text`` ("Lotus Relief Northern Star" is another name)."""
    folded = re.sub(r"\s+", " ", text).replace("Lotus Relief Northern Star", "").casefold()
    return [form for form in FORMS if form.casefold() in folded]


def test_statement_text_shows_no_name_form(withheld_client: FlaskClient) -> None:
    record = withheld_client.get("/api/statements/2024-02-10-fixture-mentions").get_json()
    assert _leaks(record["title"]) == [] and _leaks(record["body"]) == []
    assert REDACTED in record["title"] and record["body"].count(REDACTED) >= 4
    assert "Lotus Relief Northern Star" in record["body"]  # another name is not touched
    page = withheld_client.get("/statements/2024-02-10-fixture-mentions").get_data(as_text=True)
    assert _leaks(page) == []
    signed = withheld_client.get("/api/statements/2024-01-05-fixture-signed").get_json()
    assert [o["name"] for o in signed["organisations"]] == ["Fixture Kite Club"]


@pytest.mark.parametrize("q", SEARCHES)
def test_no_name_form_finds_a_statement(withheld_client: FlaskClient, q: str) -> None:
    answer = withheld_client.get("/api/statements", query_string={"q": q}).get_json()
    assert answer["total"] == 0, q
    orgs = withheld_client.get("/api/organisations", query_string={"q": q}).get_json()
    assert orgs["total"] == 0, q


def test_snippets_lists_and_exports_show_no_name_form(withheld_client: FlaskClient) -> None:
    hits = withheld_client.get("/api/statements", query_string={"q": "volunteers"}).get_json()
    assert hits["total"] == 1 and _leaks(hits["results"][0]["snippet"]) == []
    assert _leaks(withheld_client.get("/statements?q=volunteers").get_data(as_text=True)) == []
    kite = withheld_client.get("/api/organisations", query_string={"q": "Fixture Kite Club"})
    kite_id = kite.get_json()["results"][0]["id"]
    for url in (
        f"/api/organisations/{kite_id}",
        f"/organisations/{kite_id}",
        f"/api/organisations/{kite_id}/statements.csv",
        "/",
        "/statements",
    ):
        assert _leaks(withheld_client.get(url).get_data(as_text=True)) == [], url


@pytest.mark.parametrize(
    ("names", "text", "expected"),
    [
        (["Lotus Relief North (LRN)"], "LRN, lrn and Lotus  Relief\nNorth",
         "[withheld], lrn and [withheld]"),
        (["Women’s Care Organisation"], "Women's Care Organization met", "[withheld] met"),
        (["Free Kite Committee – Lakeside"],
         "Free Kite Committee (Lakeside) and Free Kite Committee – Riverside",
         "[withheld] and Free Kite Committee – Riverside"),
        (["ကြာဖြူ ကယ်ဆယ်ရေး"], "ကြာဖြူကယ်ဆယ်ရေး နှင့်", "[withheld] နှင့်"),
        (["Hill Aid (HA-Japan)"], "HA-Japan and HA–Japan", "[withheld] and [withheld]"),
    ],
)  # fmt: skip
def test_redactor_replaces_every_form(names: list[str], text: str, expected: str) -> None:
    assert Redactor.for_names(names).redact(text) == expected


def test_name_forms_of_a_bilingual_name_with_an_acronym() -> None:
    forms, acronyms = name_forms(["ကြာဖြူ ကယ်ဆယ်ရေး – Lotus Relief North (LRN)"])
    assert "ကြာဖြူ ကယ်ဆယ်ရေး" in forms and "Lotus Relief North" in forms
    assert acronyms == ["LRN"]
    assert not Redactor.for_names([]) and Redactor().redact("x") == "x"
