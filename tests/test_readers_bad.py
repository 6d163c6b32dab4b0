"""Bad documents: each is refused with a message naming the file; the others still load.

The committed inputs are in tests/corpus/documents/bad/ (made by make_fixtures.py);
the rest are made here.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from statementsearch import cli
from statementsearch.errors import CorpusError
from statementsearch.indexing.rebuild import rebuild
from statementsearch.ingest import readers
from statementsearch.ingest.corpus import OUTSIDE, load_corpus
from statementsearch.ingest.readers import docx as docx_reader
from statementsearch.ingest.readers import pdf as pdf_reader
from statementsearch.ingest.readers import read_document

DOCUMENTS = Path(__file__).parent / "corpus" / "documents"
BAD = DOCUMENTS / "bad"
NEEDS_PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)

COMMITTED = [
    pytest.param("scanned.pdf", r"no text layer: needs OCR", marks=NEEDS_PDFTOTEXT),
    pytest.param("encrypted.pdf", r"encrypted PDF \(needs a password\)", marks=NEEDS_PDFTOTEXT),
    pytest.param(
        "truncated-pdf.pdf", r"not a readable PDF \(corrupt or truncated", marks=NEEDS_PDFTOTEXT
    ),
    ("truncated-docx.docx", r"not a readable \.docx \(corrupt or truncated"),
    ("bomb.docx", r"would inflate to 10\d,\d{3},\d{3} bytes \(a ZIP bomb\?\)"),
    ("no-main-content.html", r"no main content"),
]


@pytest.mark.parametrize(("name", "message"), COMMITTED)
def test_each_bad_file_is_refused_by_name(name: str, message: str) -> None:
    path = BAD / name
    with pytest.raises(CorpusError, match=message) as info:
        read_document(path)
    assert info.value.path == str(path)
    assert str(path) in info.value.message


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


MADE = [
    ("random.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4, r"not a readable PDF"),
    ("empty.pdf", b"", r"not a readable PDF"),
    ("text.docx", b"this is not a zip at all\n", r"corrupt or truncated ZIP"),
    ("empty.docx", b"", r"corrupt or truncated ZIP"),
    ("page.html", b"<html><body><p>Hi</p></body></html>", r"no main content"),
    ("latin1.html", b"<html><body><p>caf\xe9 " + b"x" * 50 + b"</p></body></html>", r"UTF-8"),
]


@pytest.mark.parametrize(("name", "data", "message"), MADE)
def test_made_up_bad_files_are_refused_by_name(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    if name.endswith(".pdf") and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorpusError, match=message) as info:
        read_document(path)
    assert info.value.path == str(path)


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = _zip(tmp_path / "other.docx", {"mimetype": b"application/epub+zip"})
    with pytest.raises(CorpusError, match=r"not a Word document"):
        read_document(path)


def test_a_docx_with_broken_xml(tmp_path: Path) -> None:
    good = DOCUMENTS / "docx" / "fixture-doc-english.docx"
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            out.writestr(item, data)
    with pytest.raises(CorpusError, match=r"not a readable \.docx") as info:
        read_document(path)
    assert info.value.path == str(path)


def test_a_docx_with_too_many_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_DOCX_MEMBERS", 5)
    with pytest.raises(CorpusError, match=r"parts; the limit is 5"):
        read_document(DOCUMENTS / "docx" / "fixture-doc-english.docx")


@pytest.mark.parametrize("name", ["pdf/fixture-doc-english.pdf", "docx/fixture-doc-english.docx"])
def test_documents_over_the_size_cap_are_refused_unread(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 1000)
    with pytest.raises(CorpusError, match=r"bytes; the limit is 1,000 for (pdf|docx) files"):
        read_document(DOCUMENTS / name)


@NEEDS_PDFTOTEXT
def test_a_pdf_over_the_page_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PDF_PAGES", 1)
    with pytest.raises(CorpusError, match=r"more than 1 pages; the limit is 1"):
        read_document(DOCUMENTS / "pdf" / "fixture-doc-english.pdf")  # 2 pages


@NEEDS_PDFTOTEXT
def test_a_pdf_that_takes_too_long_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "PDF_TIMEOUT", 1e-4)
    with pytest.raises(CorpusError, match=r"pdftotext took longer than 0 s; skipped"):
        read_document(DOCUMENTS / "pdf" / "fixture-doc-english.pdf")


def test_without_pdftotext_pdfs_are_refused_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_reader, "find_pdftotext", lambda: None)
    with pytest.raises(CorpusError, match=r"pdftotext is missing; install poppler-utils"):
        read_document(DOCUMENTS / "pdf" / "fixture-doc-english.pdf")


def test_check_says_when_pdftotext_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DOCUMENTS / "pdf" / "fixture-doc-english.pdf", corpus)
    shutil.copy(DOCUMENTS / "txt" / "fixture-doc-burmese.txt", corpus)
    monkeypatch.setattr(pdf_reader, "find_pdftotext", lambda: None)
    assert cli.main(["check", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "pdftotext is missing" in out
    assert "poppler-utils" in out
    assert "fixture-doc-burmese" in out  # the other file still loads


def test_a_corpus_of_bad_and_good_documents_loads_the_good_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BAD, corpus)
    for fmt in ("txt", "docx", "html") + (("pdf",) if shutil.which("pdftotext") else ()):
        for path in (DOCUMENTS / fmt).iterdir():
            if path.suffix == f".{fmt}":
                shutil.copy(path, corpus / f"{fmt}-{path.name}")
    load = load_corpus(corpus)
    bad = {Path(e.path).name for e in load.errors}
    expected_bad = {"truncated-docx.docx", "bomb.docx", "no-main-content.html"}
    if shutil.which("pdftotext"):
        expected_bad |= {"scanned.pdf", "encrypted.pdf", "truncated-pdf.pdf"}
    assert bad == expected_bad
    assert len(load.statements) == 3 * (4 if shutil.which("pdftotext") else 3)
    assert all(s.organisations for s in load.statements)


def test_a_rebuild_writes_only_in_the_index_directory(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(BAD, corpus)
    for fmt in ("docx", "html", "pdf"):
        shutil.copy(DOCUMENTS / fmt / f"fixture-doc-english.{fmt}", corpus / f"e-{fmt}.{fmt}")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    summary = rebuild(corpus, tmp_path / "index")
    assert summary.statements >= 2
    after = {p for p in tmp_path.rglob("*") if p not in before}
    assert all(p.is_relative_to(tmp_path / "index") for p in after), sorted(after)
    assert all(p.stat().st_mtime_ns == m for p, m in before.items() if p.exists())


def test_a_link_out_of_the_corpus_is_refused_by_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DOCUMENTS / "txt" / "fixture-doc-english.txt", corpus / "good.txt")
    (tmp_path / "outside.html").write_text("<p>" + "Not a corpus file at all. " * 5, "utf-8")
    (corpus / "linked.html").symlink_to(tmp_path / "outside.html")
    load = load_corpus(corpus)
    assert [s.id for s in load.statements] == ["good"]
    assert [(Path(e.path).name, e.reason) for e in load.errors] == [
        ("linked.html", OUTSIDE)
    ]
