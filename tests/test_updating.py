"""`update` gives exactly what a rebuild of the same corpus gives: every record table, the
organisations index document for document, the statements index term for term, the
manifest's counts and errors. Each case updates an index and rebuilds a copy of it taken
just before (so both start from the same published ids), then compares the two.
Invented names only (tests/corpus/search/ and the names below).
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from whoosh import index

from statementsearch.indexing import hashes
from statementsearch.indexing.build import ORGANISATIONS_DIR, RECORDS_FILE, STATEMENTS_DIR
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.releases import current_release, read_manifest
from statementsearch.indexing.update import update

BURMESE = "2021-06-01-fixture-burmese-statement.txt"
LOTUS = "2022-08-15-fixture-lotus-statement.txt"
FUEL = "2023-01-10-fixture-fuel-statement.txt"
EMBARGO = "2023-03-05-fixture-embargo-statement.txt"
TABLES = ("statements", "signatures", "organisations", "aliases", "identity", "names")


def statement(*names: str, day: str = "2024-02-02", text: str = "Quartz mining.") -> str:
    listed = "\n".join(f"{i}. {name}" for i, name in enumerate(names, start=1))
    return f"{day}\n\nFixture Statement\n\n{text}\n\nSigned by\n{listed}\n"


def snapshot(index_dir: Path) -> dict[str, Any]:
    """Everything a build publishes, in a form two builds can be compared by."""
    release = current_release(index_dir)
    assert release is not None
    db = sqlite3.connect(f"file:{release / RECORDS_FILE}?mode=ro", uri=True)
    try:
        tables = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLES}
    finally:
        db.close()
    with index.open_dir(str(release / ORGANISATIONS_DIR)).reader() as reader:
        organisations = list(reader.all_stored_fields())  # in document order
    with index.open_dir(str(release / STATEMENTS_DIR)).reader() as reader:
        ids = {n: fields["id"] for n, fields in reader.iter_docs()}
        documents = sorted(sorted(fields.items()) for fields in reader.all_stored_fields())
        postings = {
            (field, term): sorted(
                ids[n] for n in reader.postings(field, term).all_ids() if n in ids
            )
            for field, term in reader.all_terms()
        }
    manifest = read_manifest(release)
    return {
        **tables,
        "organisations_index": organisations,
        "statement_documents": documents,
        "postings": {key: docs for key, docs in postings.items() if docs},
        "manifest": {k: manifest[k] for k in ("counts", "errors", "files", "corpus_fingerprint")},
    }


@pytest.fixture
def index_dir(corpus: Path, tmp_path: Path) -> Path:
    target = tmp_path / "index"
    rebuild(corpus, target)
    return target


def update_like_rebuild(corpus: Path, index_dir: Path, kind: str = "update") -> None:
    """Update ``index_dir``, rebuild a copy of it taken before, and compare the two."""
    twin = index_dir.with_name(index_dir.name + "-twin")
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(index_dir, twin, symlinks=True)
    assert update(corpus, index_dir).kind == kind
    rebuild(corpus, twin)
    updated, rebuilt = snapshot(index_dir), snapshot(twin)
    for key in rebuilt:
        assert updated[key] == rebuilt[key], key


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


# Each case changes the corpus in one way that can move organisation identity.
CASES: dict[str, Callable[[Path], None]] = {
    "text only": lambda c: edit(c / LOTUS, "convoys", "lorries"),
    "a new statement": lambda c: (c / "2024-02-02-new.txt").write_text(
        statement("Riverbend Tailors Collective (RTC)", "Copperleaf Weavers Union"), "utf-8"
    ),
    "a new spelling variant joins": lambda c: (c / "2024-02-02-new.txt").write_text(
        statement("River Bend Tailor Collective", "Lotus Relief Councils"), "utf-8"
    ),
    "a signatory added and one removed": lambda c: edit(
        c / EMBARGO, "2. Hill Youth of Norway\n", "2. Lotus Relief Councils\n5. Kite Union\n"
    ),
    "a statement removed with the first signature of names": lambda c: os.remove(c / LOTUS),
    "the only bilingual bridge removed": lambda c: (
        os.remove(c / EMBARGO),
        edit(c / FUEL, "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network", "Garden Youth Network"),
    ),
    "a new bilingual name makes a Burmese name ambiguous": lambda c: (
        c / "2024-02-02-new.txt"
    ).write_text(statement("ပန်းခြံလူငယ်ကွန်ရက် – Hill Youth of Norway"), "utf-8"),
    "a bilingual name links a Burmese-only mention": lambda c: (
        c / "2024-02-02-new.txt"
    ).write_text(
        statement("ရွှေမြစ်လယ်သမားအသင်း", "ရွှေမြစ်လယ်သမားအသင်း – Golden River Farmers Association"),
        "utf-8",
    ),
    "a file that no longer reads": lambda c: (c / LOTUS).write_bytes(b"\x00\x01binary"),
    "two files with one id": lambda c: (c / LOTUS.replace(".txt", ".md")).write_text(
        statement("Kite Union"), "utf-8"
    ),
}


@pytest.mark.parametrize("change", CASES.values(), ids=CASES.keys())
def test_an_update_is_a_rebuild(
    change: Callable[[Path], None], corpus: Path, index_dir: Path
) -> None:
    change(corpus)
    update_like_rebuild(corpus, index_dir)


def test_a_merge_made_then_undone(corpus: Path, index_dir: Path) -> None:
    """A Burmese-only mention joins an organisation a later file names bilingually, and
    leaves it again when that file goes: the unchanged statement moves both times."""
    (corpus / "2024-01-01-mention.txt").write_text(statement("ငွေလမင်းအဖွဲ့"), "utf-8")
    update_like_rebuild(corpus, index_dir)
    bridge = corpus / "2024-03-03-bridge.txt"
    bridge.write_text(statement("ငွေလမင်းအဖွဲ့ – Silver Moon Circle", day="2024-03-03"), "utf-8")
    update_like_rebuild(corpus, index_dir)
    bridge.unlink()
    update_like_rebuild(corpus, index_dir)
    (corpus / "2024-02-02-fixed.md").write_text(statement("Kite Union"), "utf-8")
    (corpus / LOTUS.replace(".txt", ".md")).write_text(statement("Kite Union"), "utf-8")
    update_like_rebuild(corpus, index_dir)
    os.remove(corpus / LOTUS.replace(".txt", ".md"))
    update_like_rebuild(corpus, index_dir)


def test_a_curation_change_rebuilds_everything(corpus: Path, index_dir: Path) -> None:
    (corpus / "curation.toml").write_text(
        '[[merge]]\nnames = ["Lotus Relief Council", "Lotus Relief Network"]\n', "utf-8"
    )
    update_like_rebuild(corpus, index_dir, kind="rebuild")


WITHHOLD = """
[[withhold]]
match = "Lotus Relief Network"

[[merge]]
names = ["Lotus Relief Network", "Lotus Aid Team"]

[[withhold]]
match = "Hill Youth of Norway"
"""


def test_withheld_names_in_unchanged_files_still_count(corpus: Path, tmp_path: Path) -> None:
    """Withheld names are stored nowhere, but decide identity: a new variant merged into
    a withheld organisation is withheld too, and a Burmese name written beside a withheld
    organisation's English name is ambiguous, so a Burmese-only mention links to nothing."""
    (corpus / "curation.toml").write_text(WITHHOLD, "utf-8")
    (corpus / "2020-01-01-sea.txt").write_text(
        statement("ပင်လယ်အသင်း – Hill Youth of Norway", day="2020-01-01"), "utf-8"
    )
    index_dir = tmp_path / "index"
    rebuild(corpus, index_dir)
    (corpus / "2024-02-02-new.txt").write_text(
        statement("Lotus Aid Team", "ပင်လယ်အသင်း – Sea Lotus Union", "ပင်လယ်အသင်း"), "utf-8"
    )
    # A new name form of a withheld organisation: unchanged bodies may mention it and must
    # be redacted again, so the update rebuilds (as it does when a statement signed by a
    # withheld organisation changes: the names it withheld are stored nowhere).
    update_like_rebuild(corpus, index_dir, kind="rebuild")
    names = {row[0] for row in snapshot(index_dir)["names"]}
    assert "Lotus Aid Team" not in names and "ပင်လယ်အသင်း" in names
    edit(corpus / LOTUS, "convoys", "lorries")
    update_like_rebuild(corpus, index_dir, kind="rebuild")
    edit(corpus / FUEL, "jet fuel", "jet  fuel")  # no withheld signatory: an update
    update_like_rebuild(corpus, index_dir)


def test_unchanged_files_are_linked_and_the_live_build_is_left_alone(
    corpus: Path, index_dir: Path
) -> None:
    before = current_release(index_dir)
    assert before is not None
    contents = {p: p.read_bytes() for p in before.rglob("*") if p.is_file()}
    edit(corpus / LOTUS, "convoys", "lorries")  # no organisation changes
    update(corpus, index_dir)
    after = current_release(index_dir)
    assert after is not None and after != before
    for path in (after / ORGANISATIONS_DIR).iterdir():
        old = before / ORGANISATIONS_DIR / path.name
        assert path.name == "MAIN_WRITELOCK" or path.stat().st_ino == old.stat().st_ino
    assert {p: p.read_bytes() for p in before.rglob("*") if p.is_file()} == contents


POOL = [
    "Lotus Relief Council",
    "Lotus Relief Councils",
    "Lotus Relief Network",
    "Hill Youth of Norway",
    "Hill Youth of Toronto",
    "Riverbend Tailors Collective (RTC)",
    "Riverbend Tailors Collective – RTC",
    "River Bend Tailor Collective",
    "Garden Youth Network",
    "ပန်းခြံလူငယ်ကွန်ရက် – Garden Youth Network",
    "ပန်းခြံလူငယ်ကွန်ရက်",
    "ပန်းခြံ လူငယ် ကွန်ရက်",
    "ပန်းခြံလူငယ်ကွန်ရက် – Hill Youth of Norway",
    "ရွှေမြစ်လယ်သမားအသင်း",
    "ရွှေမြစ်လယ်သမားအသင်း – Golden River Farmers Association",
    "Golden River Farmers Association (GRFA)",
    "Kite Union",
    "Kite Union (Lakeside)",
]


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_update_like_a_rebuild(seed: int, corpus: Path, index_dir: Path) -> None:
    """Random additions, removals, rewrites and touches, each followed by an update."""
    rng = random.Random(seed)
    for step in range(8):
        files = sorted(corpus.glob("*.txt"))
        action = rng.choice(["add", "add", "rewrite", "remove", "touch"])
        if action == "remove" and len(files) > 2:
            rng.choice(files).unlink()
        elif action == "touch":
            os.utime(rng.choice(files))
        else:
            path = rng.choice(files) if action == "rewrite" else corpus / f"2024-{step:02d}-r.txt"
            names = rng.sample(POOL, rng.randint(1, 5))
            path.write_text(statement(*names, day=f"2024-0{rng.randint(1, 9)}-01"), "utf-8")
        update_like_rebuild(corpus, index_dir, kind="update")


def test_hashes_are_reused_until_a_file_changes(
    corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file is read again only when its size, mtime, ctime or inode moved; a rewrite
    that keeps size and mtime still moves ctime."""
    monkeypatch.setattr(hashes, "_RACY_NS", -(10**18))  # every file counts as settled
    hashes.corpus_hashes(corpus, index_dir / hashes.HASH_CACHE)
    read: list[str] = []
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        read.append(self.name)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counted)
    first = update(corpus, index_dir)
    assert read == []
    lotus = corpus / LOTUS
    stat = lotus.stat()
    lotus.write_text(lotus.read_text("utf-8").replace("convoys", "lorries"), "utf-8")
    os.utime(lotus, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert lotus.stat().st_size == stat.st_size
    second = update(corpus, index_dir)
    assert read == [LOTUS] and second.build_id != first.build_id
    os.utime(corpus / FUEL)  # touched, not changed: hashed again, nothing re-indexed
    assert update(corpus, index_dir).build_id == second.build_id


def test_a_build_without_the_name_summary_is_rebuilt(corpus: Path, index_dir: Path) -> None:
    """Builds made before the ``names`` table existed cannot be updated from it."""
    release = current_release(index_dir)
    assert release is not None
    db = sqlite3.connect(release / RECORDS_FILE)
    db.execute("DROP TABLE names")
    db.commit()
    db.close()
    edit(corpus / LOTUS, "convoys", "lorries")
    assert update(corpus, index_dir).kind == "rebuild"
    edit(corpus / LOTUS, "lorries", "convoys")
    update_like_rebuild(corpus, index_dir)
