"""Rebuild and update: atomic swaps, failures that leave the live index serving, locks."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import sys
from pathlib import Path

import pytest

from statementsearch.errors import IndexUnavailable
from statementsearch.indexing import build, locking
from statementsearch.indexing import releases as indexing
from statementsearch.indexing.locking import RebuildError
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.records import Signings
from statementsearch.indexing.releases import current_release
from statementsearch.indexing.update import update
from statementsearch.search.library import Library
from statementsearch.search.service import parse_search_request, search_statements

NEW_STATEMENT = """2024-02-02

Fixture Statement on Quartz Mining

Quartz mining has displaced villages along the river.

Signed by
1. Riverbend Tailors Collective (RTC)
2. Copperleaf Weavers Union
"""


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


def hits(library: Library, q: str) -> set[str]:
    page = search_statements(library, parse_search_request({"q": q}))
    return {hit["id"] for hit in page.results}


def test_rebuild_publishes_a_new_build_and_the_change_shows(corpus: Path, index_dir: Path) -> None:
    first = rebuild(corpus, index_dir)
    library = Library(index_dir)
    assert hits(library, "quartz") == set()
    (corpus / "2024-02-02-fixture-quartz.txt").write_text(NEW_STATEMENT, "utf-8")
    second = rebuild(corpus, index_dir)
    assert second.build_id != first.build_id
    assert hits(library, "quartz") == {"2024-02-02-fixture-quartz"}
    assert current_release(index_dir) == Path(second.path)
    manifest = json.loads((Path(second.path) / "manifest.json").read_text("utf-8"))
    assert manifest["counts"]["statements"] == 5
    assert manifest["versions"] == indexing.versions()


def test_a_searcher_opened_before_a_swap_keeps_working(corpus: Path, index_dir: Path) -> None:
    rebuild(corpus, index_dir)
    library = Library(index_dir)
    old_release = library.release()
    old_searcher = old_release.statements_searcher()
    old_records = old_release.records
    assert old_records.find_statement("2023-01-10-fixture-fuel-statement") is not None
    for _ in range(3):  # three swaps: the first build is pruned from disk meanwhile
        rebuild(corpus, index_dir)
    assert not old_release.path.exists()
    from whoosh.query import Term

    assert len(old_searcher.search(Term("body", "fuel"))) == 2
    # Files already open stay readable after the build is pruned (POSIX unlink).
    assert old_records.find_statement("2023-01-10-fixture-fuel-statement") is not None
    assert library.release().path != old_release.path


def test_a_rebuild_that_fails_midway_leaves_the_old_index_answering(
    corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = rebuild(corpus, index_dir)
    (corpus / "2024-02-02-fixture-quartz.txt").write_text(NEW_STATEMENT, "utf-8")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build, "write_records", broken)
    with pytest.raises(RebuildError, match="no space left on device"):
        rebuild(corpus, index_dir)
    assert current_release(index_dir) == Path(good.path)
    releases = index_dir / indexing.RELEASES
    assert [p.name for p in releases.iterdir()] == [good.build_id]  # nothing half-built
    assert hits(Library(index_dir), "fuel") == {
        "2023-01-10-fixture-fuel-statement",
        "2023-03-05-fixture-embargo-statement",
    }


def test_a_killed_rebuild_is_cleaned_up_by_the_next(corpus: Path, index_dir: Path) -> None:
    rebuild(corpus, index_dir)
    stale = index_dir / indexing.RELEASES / ".20990101T000000000000Z-1.building"
    (stale / "statements").mkdir(parents=True)
    rebuild(corpus, index_dir)
    assert not stale.exists()


@pytest.mark.parametrize("change", ["a file changed", "nothing changed"])
def test_a_killed_update_is_cleaned_up_by_the_next_update(
    corpus: Path, index_dir: Path, change: str
) -> None:
    """Any successful update removes ``.building`` directories no live build owns (the
    build lock proves it), not only a rebuild."""
    rebuild(corpus, index_dir)
    releases = index_dir / indexing.RELEASES
    stale = [releases / ".20990101T000000000000Z-1.building", releases / ".x-4242.building"]
    for path in stale:
        (path / "statements").mkdir(parents=True)
    (index_dir / ".current.4242.tmp").symlink_to("releases/gone")
    if change == "a file changed":
        (corpus / "2024-02-02-fixture-quartz.txt").write_text(NEW_STATEMENT, "utf-8")
    summary = update(corpus, index_dir)
    assert summary.kind == "update"
    assert not any(path.exists() for path in stale)
    assert not (index_dir / ".current.4242.tmp").is_symlink()
    assert not [p for p in releases.iterdir() if p.name.startswith(".")]


def test_a_second_rebuild_at_once_is_refused(corpus: Path, index_dir: Path) -> None:
    with locking.build_lock(index_dir), pytest.raises(RebuildError, match="running"):
        rebuild(corpus, index_dir)
    rebuild(corpus, index_dir)  # the lock is free again


def test_an_empty_or_unreadable_corpus_keeps_the_index(corpus: Path, index_dir: Path) -> None:
    good = rebuild(corpus, index_dir)
    for path in corpus.glob("*.txt"):
        path.write_bytes(b"\x00\x01binary")
    with pytest.raises(RebuildError, match="no statement"):
        rebuild(corpus, index_dir)
    assert current_release(index_dir) == Path(good.path)


def test_strict_refuses_a_corpus_with_a_broken_file(corpus: Path, index_dir: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(RebuildError, match="--strict"):
        rebuild(corpus, index_dir, strict=True)
    summary = rebuild(corpus, index_dir)
    assert summary.statements == 4
    assert any("broken.txt" in message for message in summary.errors)


def test_an_index_from_another_analyzer_version_is_not_trusted(
    corpus: Path, index_dir: Path
) -> None:
    summary = rebuild(corpus, index_dir)
    manifest_path = Path(summary.path) / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["versions"]["analyzer"] = "0-old"
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IndexUnavailable, match="rebuild"):
        Library(index_dir).release()
    # `update` does not trust it either: it rebuilds everything.
    assert update(corpus, index_dir).kind == "rebuild"
    Library(index_dir).release()


def test_no_index_is_a_clear_error(index_dir: Path) -> None:
    with pytest.raises(IndexUnavailable, match="statementsearch rebuild"):
        Library(index_dir).release()


def test_update_adds_changes_and_removes_only_what_changed(corpus: Path, index_dir: Path) -> None:
    rebuild(corpus, index_dir)
    library = Library(index_dir)
    (corpus / "2024-02-02-fixture-quartz.txt").write_text(NEW_STATEMENT, "utf-8")
    lotus = corpus / "2022-08-15-fixture-lotus-statement.txt"
    lotus.write_text(lotus.read_text("utf-8").replace("convoys", "lorries"), "utf-8")
    os.remove(corpus / "2021-06-01-fixture-burmese-statement.txt")
    summary = update(corpus, index_dir)
    assert summary.kind == "update"
    assert summary.statements == 4
    assert hits(library, "quartz") == {"2024-02-02-fixture-quartz"}
    assert hits(library, "lorries") == {"2022-08-15-fixture-lotus-statement"}
    assert hits(library, "convoys") == set()
    assert hits(library, "မန္တလေး") == set()
    # The new statement's organisation joined the existing one; a new one appeared.
    record = library.release().records
    new = record.find_statement("2024-02-02-fixture-quartz")
    assert new is not None
    rtc = new["organisations"][0]["organisation_id"]
    assert len(record.statements_signed(rtc)) == 3
    # An update with nothing changed publishes nothing.
    again = update(corpus, index_dir)
    assert again.build_id == summary.build_id


def test_update_gives_the_same_answers_as_a_full_rebuild(
    corpus: Path, index_dir: Path, tmp_path: Path
) -> None:
    rebuild(corpus, index_dir)
    (corpus / "2024-02-02-fixture-quartz.txt").write_text(NEW_STATEMENT, "utf-8")
    update(corpus, index_dir)
    fresh = tmp_path / "fresh"
    rebuild(corpus, fresh)
    updated_lib, fresh_lib = Library(index_dir), Library(fresh)
    for q in ["fuel", "quartz", "ရန်ကုန်", "relief", "", "women's"]:
        assert hits(updated_lib, q) == hits(fresh_lib, q), q
    a, b = updated_lib.release().records, fresh_lib.release().records
    assert sorted(a.statement_ids()) == sorted(b.statement_ids())
    for sid in b.statement_ids():
        assert a.find_statement(sid) == b.find_statement(sid)


def test_a_new_spelling_variant_does_not_rename_an_organisation(
    corpus: Path, index_dir: Path
) -> None:
    """The slug comes from the spellings present; a published id must survive anyway."""
    rebuild(corpus, index_dir)
    library = Library(index_dir)
    fuel = library.release().records.find_statement("2023-01-10-fixture-fuel-statement")
    assert fuel is not None
    rtc = fuel["organisations"][0]["organisation_id"]
    assert rtc == "riverbend-tailor-collective"
    # "River Bend" spaced apart sorts before "Riverbend": on its own it would be the slug.
    (corpus / "2024-02-02-fixture-quartz.txt").write_text(
        NEW_STATEMENT.replace("Riverbend Tailors", "River Bend Tailors"), "utf-8"
    )
    for refresh in (rebuild, update):
        refresh(corpus, index_dir)
        record = library.release().records
        new = record.find_statement("2024-02-02-fixture-quartz")
        assert new is not None
        assert new["organisations"][0]["organisation_id"] == rtc
        assert len(record.statements_signed(rtc)) == 3
        (corpus / "2024-02-02-fixture-quartz.txt").write_text(
            NEW_STATEMENT.replace("Riverbend Tailors", "River Bend Tailor"), "utf-8"
        )


def test_update_reindexes_unchanged_statements_whose_organisations_moved(
    corpus: Path, index_dir: Path, tmp_path: Path
) -> None:
    """Removing the only bilingual entry unlinks a Burmese-only mention elsewhere."""
    burmese = "2021-06-01-fixture-burmese-statement"
    rebuild(corpus, index_dir)
    library = Library(index_dir)
    before = library.release().records.find_statement(burmese)
    assert before is not None
    os.remove(corpus / "2023-03-05-fixture-embargo-statement.txt")  # keeps FUEL's link
    fuel = corpus / "2023-01-10-fixture-fuel-statement.txt"
    fuel.write_text(
        fuel.read_text("utf-8").replace(
            "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network", "Garden Youth Network"
        ),
        "utf-8",
    )
    update(corpus, index_dir)
    after = library.release().records.find_statement(burmese)
    assert after is not None
    assert (
        after["organisations"][0]["organisation_id"]
        != before["organisations"][0]["organisation_id"]
    )
    assert after["body"] == before["body"]  # re-indexed with its real body
    assert hits(library, "လေကြောင်းတိုက်") == {burmese}
    fresh = tmp_path / "fresh"
    rebuild(corpus, fresh)
    assert after == Library(fresh).release().records.find_statement(burmese)


# --- compact rows -----------------------------------------------------------------------


def test_signings_read_and_compare_like_the_tuples_they_replace() -> None:
    plain = ((1, "Quiet Fern Group", "quiet-fern-group"), (3, "Harbour Lamp Network", "hln"))
    signings = Signings(plain)
    assert list(signings) == list(plain) and len(signings) == 2
    assert signings[1] == plain[1] and signings[-1] == plain[-1]
    assert list(signings[:1]) == [plain[0]]
    # Equal to the tuple of tuples an update reads back from the record store, both ways,
    # so an unchanged statement is not re-written.
    assert signings == plain and plain == signings and hash(signings) == hash(Signings(plain))
    assert signings != plain[:1] and signings != "not signings"
    assert pickle.loads(pickle.dumps(signings)) == signings
    assert Signings() == () and not Signings()


def test_signings_take_less_memory_than_a_tuple_per_signature() -> None:
    orgs = [f"org-{n % 40}" for n in range(200)]
    names = [sys.intern(f"Fixture Organisation {n % 40}") for n in range(200)]
    plain = tuple(zip(range(1, 201), names, orgs, strict=True))
    as_tuples = sys.getsizeof(plain) + sum(map(sys.getsizeof, plain))
    signings = Signings(plain)
    compact = sys.getsizeof(signings) + sum(
        map(sys.getsizeof, (signings._positions, signings._names, signings._organisations))
    )
    assert compact * 3 < as_tuples


def test_a_rebuild_gives_its_freed_memory_back_on_glibc() -> None:
    from statementsearch.indexing.memory import release_freed_memory

    assert release_freed_memory() is (os.uname().sysname == "Linux" and _glibc())


def _glibc() -> bool:
    import platform

    return platform.libc_ver()[0] == "glibc"


def test_a_record_store_dropped_in_a_reference_cycle_closes_its_connections(
    tmp_path: Path,
) -> None:
    """Python 3.13 warns about a SQLite connection collected unclosed (an error here):
    a store caught in a cycle closes every thread's connection when it is collected.
    (Which finalizer the collector runs first is not under a test's control; the store's
    weakref finalizer holds the connections, so they are never garbage before it runs.)"""
    import gc
    import threading

    from statementsearch.indexing.records import write_records
    from statementsearch.indexing.recordstore import RecordStore

    path = str(tmp_path / "records.sqlite")
    write_records(path, [], [], {}, {})
    store = RecordStore(path)
    assert store.find_statement("nothing") is None
    worker = threading.Thread(target=store.find_statement, args=("nothing",))
    worker.start()
    worker.join()
    opened = list(store._opened)
    assert len(opened) == 2
    store.cycle = store  # type: ignore[attr-defined]
    del store
    gc.collect()
    for db in opened:
        with pytest.raises(sqlite3.ProgrammingError):
            db.execute("SELECT 1")
