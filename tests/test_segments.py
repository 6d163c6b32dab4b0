"""Tests for segments.py: FastCodec writes Whoosh's files, byte for byte, and leaves no
trace of itself in the index."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from whoosh import index
from whoosh.codec.whoosh3 import W3Codec

from statementsearch.indexing import build, parallel, schema
from statementsearch.indexing.records import StatementRow
from statementsearch.indexing.segments import FastCodec

WORDS = [
    "the", "military", "council", "arms", "embargo", "jet", "fuel", "people", "strike",
    "women's", "2022", "aid",
]  # fmt: skip
SYLLABLES = ["ရန်", "ကုန်", "မြို့", "စစ်", "ကောင်", "စီ", "ပြည်", "သူ", "လူ့", "အ", "ခွင့်", "ရေး", "၂၀၂၂"]


def synthetic_rows(count: int, seed: int = 5) -> list[StatementRow]:
    """Small invented statements whose common terms fill several postings blocks (> 128)."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 40))]
        burmese = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(0, 30)))
        orgs = sorted({f"org-{rng.randint(1, 60)}" for _ in range(rng.randint(0, 12))})
        rows.append(
            StatementRow(
                id=f"fixture-{n:04d}",
                title=rng.choice(["", "Fixture statement", "ရန်ကုန် fixture"]),
                date=rng.choice([None, f"2022-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]),
                language="en+my",
                source=None,
                declared_total=None,
                body=" ".join(words) + "\n\n" + burmese,
                individuals=(),
                warnings=(),
                withheld=0,
                signatures=tuple((i + 1, f"Name {org}", org) for i, org in enumerate(orgs)),
            )
        )
    return rows


def write(target: Path, rows: list[StatementRow], codec: Any) -> None:
    target.mkdir()
    ix = index.create_in(str(target), schema.statements_schema())
    writer = ix.writer(codec=codec, compound=False)
    for row in rows:
        writer.add_document(**build.statement_document(row))
    writer.commit()


def segment_files(target: Path) -> dict[str, bytes]:
    """A segment's files by what follows the segment id ("pst", "_body_len.col", ...)."""
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in target.iterdir()
        if path.name.startswith("MAIN_") and "." in path.name
    }


class WhooshWithOurBlocks(W3Codec):
    """Whoosh's own field writer (its ``add_postings``), blocks encoded as ours are."""

    postings_writer = FastCodec.postings_writer


def test_segment_files_are_whooshs_byte_for_byte(tmp_path: Path) -> None:
    rows = synthetic_rows(400)
    write(tmp_path / "whoosh", rows, WhooshWithOurBlocks(compression=0))
    write(tmp_path / "fast", rows, FastCodec())
    theirs, ours = segment_files(tmp_path / "whoosh"), segment_files(tmp_path / "fast")
    assert {"trm", "pst", "_body_len.col", "_stored.col", "date.col"} <= set(ours)
    assert ours == theirs
    with index.open_dir(str(tmp_path / "fast")).searcher() as searcher:
        assert searcher.doc_frequency(schema.BODY, "fuel") > 128  # several postings blocks


def test_the_index_records_whooshs_codec_not_ours(tmp_path: Path) -> None:
    write(tmp_path / "fast", synthetic_rows(20), FastCodec())
    ix = index.open_dir(str(tmp_path / "fast"))
    assert {type(segment.codec()) for segment in ix._read_toc().segments} == {W3Codec}
    for toc in tmp_path.glob("fast/*.toc"):
        assert b"statementsearch.indexing.segments" not in toc.read_bytes()


def postings(target: Path) -> dict[tuple[str, bytes], list[tuple[Any, ...]]]:
    """(field, term) -> sorted [(statement id, weight, value)] over every segment."""
    with index.open_dir(str(target)).searcher() as searcher:
        reader = searcher.reader()
        ids = {docnum: fields[schema.ID] for docnum, fields in reader.iter_docs()}
        found = {}
        for fieldname, term in reader.all_terms():
            matcher = reader.postings(fieldname, term)
            found[fieldname, term] = sorted(
                (ids[docnum], weight, value) for docnum, weight, value in _items(matcher)
            )
        return found


def _items(matcher: Any) -> list[tuple[int, float, bytes]]:
    items = []
    while matcher.is_active():
        items.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return items


@pytest.mark.parametrize(("workers", "part"), [(1, 4000), (2, 4000), (2, 50)])
def test_write_statements_index_in_processes_holds_the_same_postings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int, part: int
) -> None:
    monkeypatch.setattr(parallel, "PART_DOCUMENTS", part)
    rows = synthetic_rows(240)  # >= 200: two workers write parts in parallel
    reference = tmp_path / "reference"
    write(reference, rows, W3Codec())
    built = tmp_path / f"built-{workers}"
    said: list[int] = []
    build.write_statements_index(built, rows, workers=workers, done=said.append)
    assert postings(built) == postings(reference)
    segments = index.open_dir(str(built))._read_toc().segments
    assert len(segments) == len(parallel.part_bounds(240, workers, part))
    assert {type(segment.codec()) for segment in segments} == {W3Codec}
    assert said[-1] == 240 and said == sorted(said)
    # Segments in document order: document n is row n, whichever worker wrote it.
    with index.open_dir(str(built)).searcher() as searcher:
        stored = [fields[schema.ID] for _, fields in searcher.reader().iter_docs()]
    assert stored == [row.id for row in rows]
    leftovers = {p.name for p in built.iterdir()} - {p.name for p in reference.iterdir()}
    assert all(name.startswith("MAIN_") for name in leftovers)  # no lock, no temporary files


@pytest.mark.parametrize(
    ("count", "workers", "most", "parts"),
    [(240, 2, 4000, 2), (10_000, 2, 4000, 4), (50_000, 2, 4000, 14), (7, 3, 4000, 3),
     (2, 4, 4000, 2), (9, 1, 4, 3), (8001, 2, 4000, 4)],
)  # fmt: skip
def test_parts_are_even_bounded_and_a_multiple_of_the_workers(
    count: int, workers: int, most: int, parts: int
) -> None:
    bounds = parallel.part_bounds(count, workers, most)
    sizes = [len(b) for b in bounds]
    assert len(bounds) == parts
    assert max(sizes) <= most and max(sizes) - min(sizes) <= 1
    assert [i for b in bounds for i in b] == list(range(count))


def test_an_update_merges_its_own_small_segments_never_the_rebuilds_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's MERGE_SMALL merges every segment once there are ~20 of them."""
    monkeypatch.setattr(parallel, "PART_DOCUMENTS", 40)
    rows = synthetic_rows(1070, seed=9)
    target = tmp_path / "ix"
    build.write_statements_index(target, rows[:1040], workers=2)  # 26 parts of 40

    def segments() -> list[Any]:
        return list(index.open_dir(str(target))._read_toc().segments)

    parts = {s.segment_id() for s in segments()}
    assert len(parts) == 26
    for row in rows[1040:1069]:  # one-statement updates
        writer = index.open_dir(str(target)).writer(codec=FastCodec())
        writer.add_document(**build.statement_document(row))
        writer.commit(mergetype=parallel.merge_small_only)
    after = segments()
    assert parts <= {s.segment_id() for s in after}  # every part kept as written
    assert len(after) < 26 + 10  # the small ones were merged
    assert sum(s.doc_count() for s in after) == 1069
    writer = index.open_dir(str(target)).writer(codec=FastCodec())
    writer.add_document(**build.statement_document(rows[1069]))
    writer.commit()  # Whoosh's default policy, for contrast: it merges parts
    assert not parts <= {s.segment_id() for s in segments()}


def test_blocks_are_pickled_with_the_current_protocol_and_read_by_plain_whoosh(
    tmp_path: Path,
) -> None:
    """Positions are stored as bytes, not as a ``_codecs.encode`` call per posting
    (protocol 2's), and Whoosh's own reader gives the same postings as from its own files."""
    rows = synthetic_rows(300)
    write(tmp_path / "whoosh", rows, W3Codec(compression=0))
    write(tmp_path / "fast", rows, FastCodec())
    pst = segment_files(tmp_path / "fast")["pst"]
    assert b"_codecs" not in pst and b"_codecs" in segment_files(tmp_path / "whoosh")["pst"]
    with (
        index.open_dir(str(tmp_path / "whoosh")).searcher() as theirs,
        index.open_dir(str(tmp_path / "fast")).searcher() as ours,
    ):
        for field in (schema.BODY, schema.BODY_BIGRAMS):
            terms = list(theirs.reader().lexicon(field))
            assert terms == list(ours.reader().lexicon(field)) and len(terms) > 5
            for term in terms:
                a = theirs.reader().postings(field, term)
                b = ours.reader().postings(field, term)
                assert list(a.items_as("positions")) == list(b.items_as("positions"))
