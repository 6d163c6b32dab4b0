"""Result order is a documented function of the data (issue 15, item 7): by relevance,
best score, then newest, then id; by date, newest, then id. An update numbers documents
differently from a rebuild of the same corpus; the pages must not differ."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.search.library import Library
from statementsearch.search.service import parse_search_request, search_statements


def statement(day: str, words: str) -> str:
    return (
        f"{day}\n\nFixture Notice\n\nThe ferry {words} stopped.\n\n"
        "Signed by\n1. Fixture Ferry Guild\n"
    )


# Equal bodies score equally: ties by relevance; equal dates: ties by date.
FILES = {
    "a-ferry": ("2024-03-01", "service"),
    "b-ferry": ("2024-03-01", "service"),
    "c-ferry": ("2024-03-01", "service"),
    "d-ferry": ("2024-02-01", "service"),
    "e-ferry": ("2024-03-01", "service ferry"),  # scores higher for "ferry"
    "f-ferry": ("2024-01-01", "service"),
}
QUERIES = [
    {"q": "ferry"},
    {"q": "ferry", "sort": "date"},
    {"q": ""},
    {"q": "ferr*", "mode": "advanced"},  # searched through Whoosh's collector
    {"q": "fixture notice"},
]


def pages(index: Path, params: dict[str, str]) -> list[list[str]]:
    library = Library(index)
    out = []
    for page in (1, 2, 3):
        request = parse_search_request({**params, "page": str(page), "per_page": "2"})
        out.append([hit["id"] for hit in search_statements(library, request).results])
    return out


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same corpus built by one rebuild, and by a rebuild of part then updates that
    add and rewrite statements (new documents go to the end: other numbers)."""
    root = tmp_path_factory.mktemp("ordering")
    corpus = root / "corpus"
    corpus.mkdir()
    for sid in ("d-ferry", "e-ferry", "f-ferry", "c-ferry"):
        day, words = FILES[sid]
        (corpus / f"{sid}.txt").write_text(statement(day, words), "utf-8")
    updated = root / "updated"
    rebuild(corpus, updated)
    for sid in ("b-ferry", "a-ferry"):
        day, words = FILES[sid]
        (corpus / f"{sid}.txt").write_text(statement(day, words), "utf-8")
        assert update(corpus, updated).kind == "update"
    # Rewritten with the same text: deleted and added again at the end.
    (corpus / "c-ferry.txt").write_text(statement(*FILES["c-ferry"]) + "\n", "utf-8")
    assert update(corpus, updated).kind == "update"
    rebuilt = root / "rebuilt"
    shutil.copytree(corpus, root / "corpus-copy")
    rebuild(root / "corpus-copy", rebuilt)
    return updated, rebuilt


@pytest.mark.parametrize("params", QUERIES, ids=[str(q) for q in QUERIES])
def test_an_update_orders_results_as_a_rebuild(
    two_builds: tuple[Path, Path], params: dict[str, str]
) -> None:
    updated, rebuilt = two_builds
    assert pages(updated, params) == pages(rebuilt, params)


def test_ties_are_broken_by_date_then_id(two_builds: tuple[Path, Path]) -> None:
    updated, _ = two_builds
    assert pages(updated, {"q": "ferry"}) == [
        ["e-ferry", "a-ferry"],  # best score; then the newest; then by id
        ["b-ferry", "c-ferry"],
        ["d-ferry", "f-ferry"],
    ]
    assert pages(updated, {"q": "ferry", "sort": "date"}) == [
        ["a-ferry", "b-ferry"],  # newest first; the same date by id
        ["c-ferry", "e-ferry"],
        ["d-ferry", "f-ferry"],
    ]
