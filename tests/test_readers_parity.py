"""The same statements as .txt, .pdf (printed by Chromium), .docx (Word's automatic
numbering) and .html (with navigation, sidebar, share buttons, footer and scripts) read
alike: the same date and title, exactly the same signatories, the same search hits.

The fixtures (invented names) are committed with the script that made them:
tests/corpus/documents/make_fixtures.py. PDFs need poppler's pdftotext at test time (not
Chromium); without it the PDF cases skip with a reason.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statementsearch.indexing.rebuild import rebuild
from statementsearch.ingest.corpus import load_corpus
from statementsearch.model import Statement
from statementsearch.search.library import Library
from statementsearch.search.service import (
    parse_organisation_request,
    parse_search_request,
    search_organisations,
    search_statements,
)

DOCUMENTS = Path(__file__).parent / "corpus" / "documents"
FORMATS = ("txt", "pdf", "docx", "html")
NEEDS_PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
FORMAT_PARAMS = [
    pytest.param(fmt, marks=NEEDS_PDFTOTEXT) if fmt == "pdf" else fmt for fmt in FORMATS
]
IDS = ("fixture-doc-english", "fixture-doc-burmese", "fixture-doc-bilingual")

# Statement text (search matches body text; names are found through organisations below).
ENGLISH_QUERIES = (
    "airstrikes",
    "jet fuel",
    '"arms embargo"',
    "humanitarian",
    "clinic",
    "Sample Valley",
    "displaced",
    "government",
    "military",
    "without delay",
)
BURMESE_QUERIES = (
    "ရန်ကုန်",  # a compound ICU splits; also inside ရန်ကုန်မြို့ / ရန်ကုန်တိုင်းဒေသကြီး
    "ရန်ကုန်မြို့",
    "မန္တလေး",
    "လေကြောင်း",  # the start of a word
    "ကျေးရွာ",
    "ဆေးခန်း",
    "စစ်ဘေးရှောင်",
    "အဖွဲ့အစည်း",  # wrapped across two lines in the PDF
    "လူသားချင်း",
    "အကူအညီ",
)
# Organisation names, in part, in both languages.
NAME_QUERIES = (
    "Riverbend",
    "Hilltop Weavers",
    "NLFBBSC",
    "fisherfolk",
    "teachers union",
    "ကျောင်းသား",
    "နမူနာ လူငယ်",
    "ဖွံ့ဖြိုး",  # part of a word
    "ဧရာဝတီ",
    "ကျန်းမာရေး",
)
# Words only in the web pages' navigation, sidebar, share buttons, footer and scripts.
CHROME_QUERIES = ("donate", "newsletter", "Facebook", "cookie", "injected")


@pytest.fixture(scope="module")
def loaded() -> dict[str, dict[str, Statement]]:
    result: dict[str, dict[str, Statement]] = {}
    for fmt in FORMATS:
        if fmt == "pdf" and shutil.which("pdftotext") is None:
            continue
        load = load_corpus(DOCUMENTS / fmt)
        assert not load.errors, [e.message for e in load.errors]
        result[fmt] = {s.id: s for s in load.statements}
    return result


@pytest.fixture(scope="module")
def libraries(
    tmp_path_factory: pytest.TempPathFactory, loaded: dict[str, dict[str, Statement]]
) -> dict[str, Library]:
    built: dict[str, Library] = {}
    for fmt in loaded:
        index = tmp_path_factory.mktemp(f"index-{fmt}")
        rebuild(DOCUMENTS / fmt, index)
        built[fmt] = Library(index)
    return built


def hits(library: Library, query: str) -> list[str]:
    page = search_statements(library, parse_search_request({"q": query, "per_page": "50"}))
    return sorted(hit["id"] for hit in page.results)


def organisations(library: Library, query: str) -> list[tuple[str, int]]:
    request = parse_organisation_request({"q": query, "per_page": "50"})
    page = search_organisations(library, request)
    return [(org["name"], org["statement_count"]) for org in page.results]


@pytest.mark.parametrize("fmt", FORMAT_PARAMS)
@pytest.mark.parametrize("sid", IDS)
def test_same_date_title_and_signatories_as_the_text_file(
    loaded: dict[str, dict[str, Statement]], fmt: str, sid: str
) -> None:
    text, other = loaded["txt"][sid], loaded[fmt][sid]
    assert other.date == text.date is not None
    assert other.title == text.title is not None
    assert [s.name for s in other.organisations] == [s.name for s in text.organisations]
    assert len(text.organisations) >= 5
    assert other.language == text.language


@pytest.mark.parametrize("fmt", FORMAT_PARAMS)
@pytest.mark.parametrize("sid", IDS)
def test_same_declared_total(loaded: dict[str, dict[str, Statement]], fmt: str, sid: str) -> None:
    assert loaded[fmt][sid].declared_total == loaded["txt"][sid].declared_total is not None


def test_the_wrapped_name_is_one_signatory(loaded: dict[str, dict[str, Statement]]) -> None:
    for statements in loaded.values():
        names = [s.name for s in statements["fixture-doc-english"].organisations]
        assert names[3] == (
            "Northern Lakeside Fisherfolk and Boat Builders Solidarity Committee of "
            "Sample Town (NLFBBSC)"
        )


@pytest.mark.parametrize("query", ENGLISH_QUERIES + BURMESE_QUERIES)
def test_same_hits_in_every_format(libraries: dict[str, Library], query: str) -> None:
    expected = hits(libraries["txt"], query)
    assert expected, f"{query!r} should find something in the text fixtures"
    for fmt, library in libraries.items():
        assert hits(library, query) == expected, fmt


@pytest.mark.parametrize("query", NAME_QUERIES)
def test_same_organisations_found_in_every_format(
    libraries: dict[str, Library], query: str
) -> None:
    expected = organisations(libraries["txt"], query)
    assert expected, f"{query!r} should find an organisation in the text fixtures"
    for fmt, library in libraries.items():
        assert organisations(library, query) == expected, fmt


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ရန်ကုန်", ["fixture-doc-bilingual", "fixture-doc-burmese"]),
        ("အဖွဲ့အစည်း", ["fixture-doc-bilingual", "fixture-doc-burmese"]),
        ('"arms embargo"', ["fixture-doc-english"]),
    ],
)
def test_expected_hits(libraries: dict[str, Library], query: str, expected: list[str]) -> None:
    for fmt, library in libraries.items():
        assert hits(library, query) == expected, fmt


def test_a_partial_burmese_name_finds_its_organisation(libraries: dict[str, Library]) -> None:
    for fmt, library in libraries.items():
        found = organisations(library, "ဖွံ့ဖြိုး")
        assert found == [("နမူနာ အမျိုးသမီး ဖွံ့ဖြိုးရေး ကွန်ရက်", 1)], fmt


@pytest.mark.parametrize("query", CHROME_QUERIES)
def test_site_navigation_and_scripts_are_not_indexed(
    libraries: dict[str, Library], query: str
) -> None:
    assert hits(libraries["html"], query) == []
