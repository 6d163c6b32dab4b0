"""The statement page links the original file; the route serves it safely."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from statementsearch.indexing.rebuild import rebuild
from statementsearch.ingest.corpus import find_original
from statementsearch.web.app import create_app

DOCUMENTS = Path(__file__).parent / "corpus" / "documents"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("originals")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(DOCUMENTS / "docx" / "fixture-doc-english.docx", corpus / "english.docx")
    shutil.copy(DOCUMENTS / "html" / "fixture-doc-burmese.html", corpus / "burmese.html")
    shutil.copy(DOCUMENTS / "txt" / "fixture-doc-bilingual.txt", corpus / "bilingual.txt")
    if shutil.which("pdftotext"):
        shutil.copy(DOCUMENTS / "pdf" / "fixture-doc-english.pdf", corpus / "english-pdf.pdf")
    (corpus / "english.meta.toml").write_text(
        'source = "https://example.org/fixture/english"\ntitle = "Fixture: from the sidecar"\n',
        "utf-8",
    )
    # Withheld: its original would still show the organisation's name.
    (corpus / "curation.toml").write_text(
        '[[withhold]]\nmatch = "Quiet Fixture Lantern Group"\nnote = "fixture"\n', "utf-8"
    )
    (corpus / "withheld.html").write_text(
        "<html><body><article><h1>Fixture: withheld</h1><p>1 June 2025</p>"
        "<p>We, the undersigned organisations, ask for nothing at all in this fixture.</p>"
        "<h2>Signed by</h2><ol><li>Quiet Fixture Lantern Group</li>"
        "<li>Open Fixture Lantern Group</li></ol></article></body></html>",
        "utf-8",
    )
    (root / "secret.pdf").write_bytes(b"%PDF-1.4 outside the corpus")
    index = root / "index"
    rebuild(corpus, index)
    os.symlink(root / "secret.pdf", corpus / "linked.pdf")  # after the build: never indexed
    return corpus, index


@pytest.fixture
def web(site: tuple[Path, Path]) -> FlaskClient:
    corpus, index = site
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})
    return app.test_client()


@pytest.mark.parametrize(
    ("sid", "label", "media_type", "disposition"),
    [
        pytest.param(
            "english-pdf",
            "PDF",
            "application/pdf",
            "inline",
            marks=pytest.mark.skipif(not shutil.which("pdftotext"), reason="no pdftotext"),
        ),
        (
            "english",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
        ("burmese", "web page", "text/html; charset=utf-8", "attachment"),
        ("bilingual", "text", "text/plain; charset=utf-8", "attachment"),
    ],
)
def test_the_page_links_the_original_and_the_route_serves_it(
    web: FlaskClient,
    site: tuple[Path, Path],
    sid: str,
    label: str,
    media_type: str,
    disposition: str,
) -> None:
    corpus, _ = site
    page = web.get(f"/statements/{sid}")
    assert page.status_code == 200
    assert f'href="/statements/{sid}/original">Original ({label})</a>' in page.text
    with web.get(f"/statements/{sid}/original") as response:
        body = response.data
        headers = response.headers
        assert response.status_code == 200
    assert headers["Content-Type"] == media_type
    assert headers["Content-Disposition"].startswith(f"{disposition}; filename=")
    assert headers["X-Content-Type-Options"] == "nosniff"
    original = find_original(corpus, sid)
    assert original is not None
    assert body == original.read_bytes()


def test_the_sidecar_sets_title_and_source_link(web: FlaskClient) -> None:
    page = web.get("/statements/english")
    assert "Fixture: from the sidecar" in page.text
    assert '<a href="https://example.org/fixture/english" rel="external nofollow noopener' in (
        page.text
    )
    assert (
        web.get("/api/statements/english").json["source"] == "https://example.org/fixture/english"
    )


@pytest.mark.parametrize(
    "path",
    [
        "/statements/nope/original",
        "/statements/..%2Fsecret/original",
        "/statements/../secret.pdf/original",
        "/statements/%2e%2e/original",
        "/statements/linked/original",
        "/statements/withheld/original",
    ],
)
def test_no_file_outside_the_corpus_and_no_withheld_original(web: FlaskClient, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 404
    assert b"outside the corpus" not in response.data


def test_a_withheld_statement_offers_no_original(web: FlaskClient) -> None:
    page = web.get("/statements/withheld")
    assert page.status_code == 200
    assert "/original" not in page.text


@pytest.mark.parametrize("sid", ["", ".", "..", "../x", "a/b", ".hidden", "x\0y"])
def test_find_original_takes_only_plain_ids(site: tuple[Path, Path], sid: str) -> None:
    assert find_original(site[0], sid) is None


def test_find_original_refuses_a_symlink_out_of_the_corpus(site: tuple[Path, Path]) -> None:
    assert find_original(site[0], "linked") is None
    assert find_original(site[0], "burmese") == (site[0] / "burmese.html").resolve()
