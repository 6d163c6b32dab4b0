"""What a corpus directory may hold, and what is said about what is not read: links out of
the corpus, subfolders, hidden and other files, UTF-16 without a BOM, statements with no
signatories, the curation file in ``check`` (fixture corpora, invented names)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from statementsearch.cli import main
from statementsearch.errors import CorpusError
from statementsearch.identity.curation import CurationError, parse_curation
from statementsearch.indexing.locking import RebuildError
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.ingest.corpus import decode_bytes, iter_skipped_entries, read_source
from statementsearch.search.library import Library
from statementsearch.search.service import get_statement, parse_search_request, search_statements

SECRET = "Fixture secret outside the corpus: do not publish.\n"
UNSIGNED = """2024-03-03

Fixture Notice on Tide Gauges

The tide gauges along the fixture coast stopped reporting in March.
"""


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def _link_out(corpus: Path, tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "passwd.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET, "utf-8")
    link = corpus / "x.txt"
    link.symlink_to(secret)
    return link


@pytest.mark.parametrize("build", ["rebuild", "update"])
def test_a_link_to_a_file_outside_the_corpus_is_refused(
    corpus: Path, tmp_path: Path, build: str
) -> None:
    """``ln -s /etc/passwd corpus/x.txt``: refused with a clear message, never served."""
    index_dir = tmp_path / "index"
    if build == "update":
        rebuild(corpus, index_dir)
    _link_out(corpus, tmp_path)
    summary = (update if build == "update" else rebuild)(corpus, index_dir)
    assert any("x.txt" in e and "outside the corpus directory" in e for e in summary.errors)
    library = Library(index_dir)
    with pytest.raises(Exception, match="no statement"):
        get_statement(library, "x")
    assert search_statements(library, parse_search_request({"q": "publish"})).total == 0
    with pytest.raises(RebuildError, match="could not be read"):
        rebuild(corpus, index_dir, strict=True)


def test_read_source_refuses_a_link_out_but_follows_one_within(
    corpus: Path, tmp_path: Path
) -> None:
    link = _link_out(corpus, tmp_path)
    with pytest.raises(CorpusError, match="outside the corpus directory"):
        read_source(link)
    inside = corpus / "y.txt"
    inside.symlink_to("2023-01-10-fixture-fuel-statement.txt")
    assert "fuel" in read_source(inside).text


def test_check_names_the_link_and_every_entry_it_does_not_read(
    corpus: Path, tmp_path: Path
) -> None:
    _link_out(corpus, tmp_path)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "nested.txt").write_text(UNSIGNED, "utf-8")
    (corpus / ".hidden.txt").write_text(UNSIGNED, "utf-8")
    (corpus / "notes.markdown").write_text(UNSIGNED, "utf-8")
    status, out = run("check", "--corpus", str(corpus))
    assert status == 0
    assert "x.txt: is a link to a file outside the corpus directory" in out
    assert "sub: skipped: a folder" in out
    assert ".hidden.txt: skipped: hidden file" in out
    assert "notes.markdown: skipped: not a statement file" in out
    assert "3 other entry(ies) not read" in out
    data = json.loads(run("check", "--corpus", str(corpus), "--json")[1])
    assert len(data["skipped"]) == 3


def test_skipped_entries_leave_readme_and_curation_alone(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("about", "utf-8")
    (tmp_path / "curation.toml").write_text("", "utf-8")
    (tmp_path / "a.txt").write_text(UNSIGNED, "utf-8")
    assert list(iter_skipped_entries(tmp_path)) == []


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text", ["Signed by\n1. Fixture Kite Club\n", "ကြယ်စင် အမျိုးသမီးအဖွဲ့\nSigned by\n"]
)
def test_utf16_without_a_bom_is_read_not_called_binary(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "a.txt") == text


def test_binary_is_still_binary() -> None:
    with pytest.raises(CorpusError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03PK\x03\x04" * 8, "a.txt")


def test_a_statement_without_signatories_is_indexed_warned_and_strict_refuses(
    corpus: Path, tmp_path: Path
) -> None:
    """docs/operations.md: indexed and searchable, with a warning; ``--strict`` refuses."""
    (corpus / "2024-03-03-fixture-unsigned.txt").write_text(UNSIGNED, "utf-8")
    index_dir = tmp_path / "index"
    said: list[str] = []
    rebuild(corpus, index_dir, progress=said.append)
    assert any("2024-03-03-fixture-unsigned: no signatories found" in m for m in said)
    library = Library(index_dir)
    page = search_statements(library, parse_search_request({"q": "tide gauges"}))
    assert [hit["id"] for hit in page.results] == ["2024-03-03-fixture-unsigned"]
    record = get_statement(library, "2024-03-03-fixture-unsigned")
    assert any("no signatories" in w for w in record["warnings"])
    with pytest.raises(RebuildError, match="no signatories"):
        rebuild(corpus, index_dir, strict=True)
    status, _ = run("rebuild", "--corpus", str(corpus), "--index", str(index_dir), "--strict")
    assert status == 2


def test_check_reads_the_curation_file(corpus: Path) -> None:
    (corpus / "curation.toml").write_text('[[merge]]\nnames = ["Nobody Here", "Nor Here"]\n')
    status, out = run("check", "--corpus", str(corpus))
    assert status == 0 and "curation: " in out and "no statement has 'Nobody Here'" in out
    (corpus / "curation.toml").write_text("[[withhold]]\nnmae = 'x'\n")
    assert run("check", "--corpus", str(corpus))[0] == 2


@pytest.mark.parametrize(
    "nested", ["a = " + "[" * 5000 + "]" * 5000, "a = " + "{b=" * 5000 + "1" + "}" * 5000]
)
def test_a_curation_file_nested_5000_deep_is_a_clear_error(nested: str) -> None:
    with pytest.raises(CurationError, match="nested too deeply"):
        parse_curation(nested)
