"""Curation decisions carried through a real build: withheld names reach no file,
curated merges and splits change the index, old ids redirect. Invented names only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statementsearch.indexing.rebuild import rebuild
from statementsearch.search.library import Library
from statementsearch.search.service import (
    Moved,
    get_organisation,
    get_statement,
    parse_organisation_request,
    parse_search_request,
    search_organisations,
    search_statements,
)

LOTUS = "2022-08-15-fixture-lotus-statement"
EMBARGO = "2023-03-05-fixture-embargo-statement"
WITHHELD = "Lotus Relief Network"


def build(corpus: Path, tmp_path: Path, curation: str) -> Library:
    (corpus / "curation.toml").write_text(curation, "utf-8")
    index = tmp_path / "index"
    rebuild(corpus, index)
    return Library(index)


def org_names(library: Library, q: str) -> list[str]:
    page = search_organisations(library, parse_organisation_request({"q": q}))
    return [hit["name"] for hit in page.results]


def test_a_withheld_organisation_is_in_no_file_of_the_build(corpus: Path, tmp_path: Path) -> None:
    library = build(corpus, tmp_path, f'[[withhold]]\nmatch = "{WITHHELD}"\n')
    needles = [
        WITHHELD,
        WITHHELD.lower(),
        "lotusreliefnetwork",
        "lotus-relief-network",
        "Lotus Relief Netw",
    ]
    files = [p for p in (tmp_path / "index").rglob("*") if p.is_file()]
    assert len(files) > 5
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            for encoded in (needle.encode("utf-8"), needle.encode("utf-16-le")):
                assert encoded not in data, f"{needle!r} found in {path}"
    # ... and it is gone from every answer, while its statements count it as withheld.
    assert WITHHELD not in org_names(library, "Lotus Relief")
    assert org_names(library, "Lotus Relief Network") != [WITHHELD]
    lotus = get_statement(library, LOTUS)
    assert WITHHELD not in [s["name"] for s in lotus["organisations"]]
    assert lotus["withheld"] == 1
    assert get_statement(library, EMBARGO)["withheld"] == 1
    hits = search_statements(library, parse_search_request({"q": "relief"}))
    assert WITHHELD not in str(hits.to_dict())


def test_withholding_a_name_that_no_statement_has_is_reported(corpus: Path, tmp_path: Path) -> None:
    from statementsearch.indexing.build import BuildInput, prepare_build
    from statementsearch.ingest.corpus import load_corpus

    (corpus / "curation.toml").write_text('[[withhold]]\nmatch = "Nobody Here Union"\n', "utf-8")
    resolution = prepare_build(BuildInput(load_corpus(corpus).statements, corpus)).resolution
    assert any("Nobody Here Union" in notice.message for notice in resolution.notices)


def test_a_curated_merge_and_a_curated_split_change_the_index(corpus: Path, tmp_path: Path) -> None:
    merged = build(
        corpus,
        tmp_path,
        '[[merge]]\nnames = ["Lotus Relief Council", "Lotus Relief Network"]\n',
    )
    assert len(org_names(merged, "Lotus Relief")) == 1
    survivor = search_organisations(merged, parse_organisation_request({"q": "Lotus Relief"}))
    record = get_organisation(merged, survivor.results[0]["id"])
    assert {s["id"] for s in record["statements"]} == {
        LOTUS,
        EMBARGO,
        "2023-01-10-fixture-fuel-statement",
    }
    # The merged-away id answers with a redirect to the survivor.
    other = {"lotus-relief-council", "lotus-relief-network"} - {record["id"]}
    with pytest.raises(Moved) as moved:
        get_organisation(merged, other.pop())
    assert moved.value.new_id == record["id"]

    shutil.rmtree(tmp_path / "index")
    split = build(
        corpus,
        tmp_path,
        '[[keep_apart]]\nnames = ["Riverbend Tailors Collective (RTC)", '
        '"Riverbend Tailors Collective – RTC"]\n',
    )
    assert sorted(org_names(split, "Riverbend Tailors")) == [
        "Riverbend Tailors Collective (RTC)",
        "Riverbend Tailors Collective – RTC",
    ]


def test_a_redirect_in_the_curation_file_answers_moved(corpus: Path, tmp_path: Path) -> None:
    library = build(corpus, tmp_path, '[redirects]\n"old-lotus" = "lotus-relief-council"\n')
    with pytest.raises(Moved) as moved:
        get_organisation(library, "old-lotus")
    assert moved.value.new_id == "lotus-relief-council"
