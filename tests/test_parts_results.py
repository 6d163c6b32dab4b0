"""A statements index written in parts (``indexing.parallel``) answers every search as one
written by a single writer: the same totals, pages (documents and order) and facets.

Built twice from 240 generated statements (benchmarks' generator: invented names): once
by one writer (one segment), once by two worker processes in parts of 25 (10 segments).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index

from statementsearch.indexing import build, parallel
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.search.library import Library
from statementsearch.search.service import parse_search_request
from statementsearch.search.statements import search_statements

GENERATOR = Path(__file__).parents[1] / "benchmarks" / "generate_corpus.py"

QUERIES = [
    {"q": "the"},
    {"q": "the military council"},
    {"q": '"jet fuel"'},
    {"q": "jet fuel", "page": "3"},
    {"q": "women's", "sort": "date"},
    {"q": "ရန်ကုန်"},
    {"q": "ကုန်"},
    {"q": "လူ့အခွင့်အရေး", "per_page": "50"},
    {"q": "ရန်ကုန် military"},
    {"q": "people", "date_from": "2022-01-01", "date_to": "2023-12-31"},
    {"q": ""},
    {"q": "", "page": "4", "per_page": "30"},
    {"q": "council OR junta", "mode": "advanced"},
    {"q": "milit*", "mode": "advanced"},
]


def build_both(root: Path, seed: int) -> tuple[Library, Library]:
    """240 generated statements indexed by one writer, and by two workers in 10 parts."""
    corpus = root / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            "--count",
            "240",
            "--out",
            str(corpus),
            "--seed",
            str(seed),
        ],
        check=True,
        capture_output=True,
    )
    rebuild(corpus, root / "one", workers=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "PART_DOCUMENTS", 25)
        rebuild(corpus, root / "parts", workers=2)
    return Library(root / "one"), Library(root / "parts")


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> tuple[Library, Library]:
    return build_both(tmp_path_factory.mktemp("parts"), seed=3)


def segments(library: Library) -> int:
    path = Path(library.release().path) / build.STATEMENTS_DIR
    return len(index.open_dir(str(path))._read_toc().segments)


def test_the_two_indexes_differ_in_segments(libraries: tuple[Library, Library]) -> None:
    one, parts = libraries
    assert (segments(one), segments(parts)) == (1, 10)


@pytest.mark.parametrize("params", QUERIES, ids=lambda p: " ".join(p.values()))
def test_every_search_answers_the_same(
    libraries: tuple[Library, Library], params: dict[str, str]
) -> None:
    one, parts = (
        search_statements(library, parse_search_request(params)).to_dict() for library in libraries
    )
    assert one["total"] > 0
    assert [r["id"] for r in one["results"]] == [r["id"] for r in parts["results"]]
    assert one == parts  # snippets, "signed by", facets, totals


def test_an_update_of_an_index_in_parts_answers_as_a_rebuild(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(GENERATOR), "--count", "240", "--out", str(corpus), "--seed", "4"],
        check=True,
        capture_output=True,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "PART_DOCUMENTS", 25)
        rebuild(corpus, tmp_path / "parts", workers=2)
        files = sorted(corpus.glob("*.txt"))
        for path in files[5:8]:
            text = path.read_text("utf-8")
            path.write_text(text + "\nThe jet fuel convoy was stopped.\n", "utf-8")
        files[-1].unlink()
        update(corpus, tmp_path / "parts", workers=2)
    rebuild(corpus, tmp_path / "one", workers=1)
    updated, rebuilt = Library(tmp_path / "parts"), Library(tmp_path / "one")
    assert segments(updated) >= 10  # the parts kept, the update's segment beside them
    for params in [{"q": "jet fuel convoy"}, {"q": "the"}, {"q": "ရန်ကုန်"}, {"q": ""}]:
        pages = [
            search_statements(library, parse_search_request(params)).to_dict()
            for library in (updated, rebuilt)
        ]
        assert pages[0]["total"] > 0 and pages[0] == pages[1], params


def _statements_of_each_organisation(library: Library) -> dict[str, list[str]]:
    """Every organisation id -> the ids of the statements the bulk reader finds for it."""
    release = library.release()
    bulk = release.bulk_searcher()
    reader = release.statements_searcher().reader()
    ids = bulk.stored_ids("id")
    organisations = [o.decode() for o in reader.lexicon("organisation_ids")]
    return {
        oid: sorted(ids[d] for d in bulk.postings("organisation_ids", oid).ids.tolist())
        for oid in organisations
    }


def test_parts_carry_organisation_arrays_that_read_as_whooshs_postings(
    libraries: tuple[Library, Library],
) -> None:
    one, parts = libraries
    folder = Path(parts.release().path) / build.STATEMENTS_DIR
    assert len(list(folder.glob("*.orgdocs.npy"))) == len(list(folder.glob("*.orgkeys.json"))) == 10
    assert not list((Path(one.release().path) / build.STATEMENTS_DIR).glob("*.orgdocs.npy"))
    through_whoosh = _statements_of_each_organisation(one)
    assert len(through_whoosh) > 50
    assert _statements_of_each_organisation(parts) == through_whoosh


def test_a_damaged_organisation_array_is_not_read(tmp_path: Path) -> None:
    one, parts = build_both(tmp_path, seed=5)
    folder = Path(parts.release().path) / build.STATEMENTS_DIR
    keys = sorted(folder.glob("*.orgkeys.json"))
    keys[0].write_text("{not json", "utf-8")
    keys[1].write_text('{"field": "organisation_ids", "keys": ["x"], "offsets": [0, 9]}', "utf-8")
    next(folder.glob("*.orgdocs.npy")).write_bytes(b"garbage")
    assert _statements_of_each_organisation(parts) == _statements_of_each_organisation(one)
