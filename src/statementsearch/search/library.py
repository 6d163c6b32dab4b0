"""Open the live build for reading and follow it when a rebuild swaps ``current``.

A ``Library`` is long-lived (one per process). Each request asks it for the ``Release``
that ``current`` points at *now*; a request keeps using the release it got, so requests
in flight finish on the build they started with while new requests see the new one.
Searchers are opened once per thread per release (opening one costs ~100 ms at 10k
statements), never per request. This layer only reads; it never writes an index.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from whoosh import index
from whoosh.searching import Searcher

from statementsearch.errors import IndexUnavailable
from statementsearch.indexing.build import ORGANISATIONS_DIR, RECORDS_FILE, STATEMENTS_DIR
from statementsearch.indexing.recordstore import RecordStore
from statementsearch.indexing.releases import CURRENT, is_trusted, read_manifest, versions
from statementsearch.search.evaluation import BulkSearcher

T = TypeVar("T")
CACHE_ENTRIES = 1024  # answers kept per build and process (a page is a few kB)


@dataclass
class Release:
    """One published build, opened: its two indexes, its records and its manifest."""

    path: Path
    manifest: dict[str, Any]
    statements_index: Any
    organisations_index: Any
    records: RecordStore
    _local: threading.local = field(default_factory=threading.local, repr=False)
    # Answers of this build, most recently used last. A build never changes, so nothing
    # in it goes stale; a new build is a new Release with an empty cache.
    _cache: OrderedDict[Hashable, Any] = field(default_factory=OrderedDict, repr=False)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, path: Path) -> Release:
        manifest = read_manifest(path)
        if not is_trusted(manifest):
            raise IndexUnavailable(
                f"index build {path.name} was made with {manifest.get('versions')}, this "
                f"code needs {versions()}; run `statementsearch rebuild`"
            )
        try:
            statements = index.open_dir(str(path / STATEMENTS_DIR))
            organisations = index.open_dir(str(path / ORGANISATIONS_DIR))
        except Exception as exc:  # whoosh raises several kinds for a damaged index
            raise IndexUnavailable(f"index build {path.name} cannot be opened: {exc}") from exc
        return cls(path, manifest, statements, organisations, RecordStore(str(path / RECORDS_FILE)))

    def statements_searcher(self) -> Searcher:
        searcher = getattr(self._local, "statements", None)
        if searcher is None:
            searcher = self.statements_index.searcher()
            self._local.statements = searcher
        return searcher

    def bulk_searcher(self) -> BulkSearcher:
        """This thread's bulk evaluator over its statements searcher (``evaluation``)."""
        bulk = getattr(self._local, "bulk", None)
        if bulk is None:
            bulk = BulkSearcher(self.statements_searcher())
            self._local.bulk = bulk
        return bulk

    def organisations_searcher(self) -> Searcher:
        searcher = getattr(self._local, "organisations", None)
        if searcher is None:
            searcher = self.organisations_index.searcher()
            self._local.organisations = searcher
        return searcher

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Answer from this build's cache, computing (outside the lock) on a miss."""
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return cast(T, self._cache[key])
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return value

    @property
    def build_id(self) -> str:
        return str(self.manifest.get("build_id", self.path.name))


class Library:
    """The process-wide entry point: ``library.release()`` is the build to answer from."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._release: Release | None = None
        self._target: str | None = None

    def _current_target(self) -> str:
        try:
            return os.readlink(self.index_dir / CURRENT)
        except OSError:
            raise IndexUnavailable(
                f"no index has been built in {self.index_dir}; run `statementsearch rebuild`"
            ) from None

    def release(self) -> Release:
        """The live build; reopened when ``current`` points somewhere new (one readlink)."""
        target = self._current_target()
        release = self._release
        if release is not None and target == self._target:
            return release
        with self._lock:
            if self._release is None or target != self._target:
                opened = Release.open((self.index_dir / target).resolve())
                # The old release is not closed: requests in flight may still hold it.
                # Its files stay readable after pruning (POSIX unlink semantics).
                self._release, self._target = opened, target
            return self._release
