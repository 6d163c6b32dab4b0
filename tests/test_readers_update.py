"""`update` re-reads a document whose file or sidecar changed, and only that one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statementsearch.indexing.hashes import corpus_hashes
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.search.library import Library
from statementsearch.search.service import get_statement

DOCUMENTS = Path(__file__).parent / "corpus" / "documents"


def test_a_changed_sidecar_or_document_is_read_again(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(DOCUMENTS / "docx" / "fixture-doc-english.docx", corpus / "a.docx")
    shutil.copy(DOCUMENTS / "html" / "fixture-doc-burmese.html", corpus / "b.html")
    rebuild(corpus, index)
    before = corpus_hashes(corpus)
    assert set(before) == {"a.docx", "b.html"}  # no sidecar yet

    (corpus / "a.meta.toml").write_text('title = "Fixture: new title"\n', "utf-8")
    after = corpus_hashes(corpus)
    assert set(after) == {"a.docx", "b.html"}  # the sidecar counts as part of a.docx
    assert after["a.docx"] != before["a.docx"] and after["b.html"] == before["b.html"]
    summary = update(corpus, index)
    assert summary.statements == 2
    assert get_statement(Library(index), "a")["title"] == "Fixture: new title"

    shutil.copy(DOCUMENTS / "html" / "fixture-doc-bilingual.html", corpus / "b.html")
    update(corpus, index)
    record = get_statement(Library(index), "b")
    assert record["title"] == "Fixture: Let Aid Through"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_update_after_one_changed_pdf(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    shutil.copy(DOCUMENTS / "pdf" / "fixture-doc-english.pdf", corpus / "p.pdf")
    shutil.copy(DOCUMENTS / "txt" / "fixture-doc-burmese.txt", corpus / "t.txt")
    rebuild(corpus, index)
    shutil.copy(DOCUMENTS / "pdf" / "fixture-doc-bilingual.pdf", corpus / "p.pdf")
    update(corpus, index)
    names = [o["name"] for o in get_statement(Library(index), "p")["organisations"]]
    assert names[0] == "Riverbend Tailors Collective" and len(names) == 5
