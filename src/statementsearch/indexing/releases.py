"""Release directories: build one beside the live one, publish it atomically, prune.

Layout of an index directory::

    index/current            symlink -> releases/<build id>   (what readers open)
    index/releases/<id>/     statements/ (Whoosh), organisations/ (Whoosh),
                             records.sqlite, manifest.json
    index/releases/.<id>.building   a build in progress (removed if it fails)
    index/.lock              held (flock) by the one rebuild or update that may run
    index/.corpus-hashes.json       the corpus hash cache (``hashes``)

This layer must never write into the directory ``current`` points at, never publish a
build before every file of it is written and synced, and never leave a failed build
where readers could find it. A killed rebuild or update leaves at most a ``.building``
directory, which the next successful build or update removes (``clean_stale``).
Running out of disk space is a ``RebuildError`` that says so; the live build keeps serving.
The lock is ``locking``'s, the corpus hashes ``hashes``'s, the rebuild driver ``rebuild``'s.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statementsearch.errors import IndexUnavailable
from statementsearch.indexing.build import RECORDS_FILE
from statementsearch.indexing.hashes import fingerprint
from statementsearch.indexing.locking import RebuildError
from statementsearch.indexing.recordstore import RecordStore
from statementsearch.indexing.stages import Stage
from statementsearch.text import analysis

# 2: records.statements.organisation_ids, identity table; 3: formats.py;
# 4: modules moved into subpackages (the schema pickles their class paths);
# 5: the stemmed field holds the title as well as the body;
# 6: no stemmed field (a word's other forms are found in the lexicon at search time).
FORMAT_VERSION = 6
CURRENT = "current"
RELEASES = "releases"
MANIFEST = "manifest.json"
KEEP_RELEASES = 2  # the live build and the one before it (readers may still hold it)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildSummary:
    build_id: str
    path: str
    statements: int
    organisations: int
    signatures: int
    warnings: int
    errors: tuple[str, ...]
    seconds: float
    kind: str = "rebuild"  # "rebuild" or "update"

    def describe(self) -> str:
        return (
            f"{self.kind}: {self.statements} statements, {self.organisations} organisations, "
            f"{self.signatures} signatures, {self.warnings} warnings, "
            f"{len(self.errors)} files skipped, {self.seconds:.1f} s -> {self.build_id}"
        )


def quiet(_: str) -> None:
    pass


def versions() -> dict[str, Any]:
    """What an index must have been built with to be trusted by this code."""
    return {
        "format": FORMAT_VERSION,
        "icu": analysis.icu_version(),
        "analyzer": analysis.ANALYZER_VERSION,
    }


def current_release(index_dir: str | os.PathLike[str]) -> Path | None:
    """The directory ``current`` points at, or None when nothing was ever built."""
    link = Path(index_dir) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = (link.parent / target).resolve()
    return path if path.is_dir() else None


def read_manifest(release: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((release / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"index build {release.name} has no readable manifest") from exc
    return data


def is_trusted(manifest: dict[str, Any]) -> bool:
    """True when the build was made by this ICU, analyzer and format version."""
    return manifest.get("versions") == versions()


def _fsync_tree(root: Path) -> None:
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fd = os.open(dirpath, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clean_stale(releases: Path, keep: Path | None = None) -> list[str]:
    """Remove what killed builds left: half-written builds and unswapped ``current`` links.

    Only call it holding the build lock (``locking``): a build writes its ``.building``
    directory only while it holds the lock, so every one but ``keep`` (this build's own)
    belongs to a build that is no longer running. Returns the names removed.
    """
    removed = []
    for entry in sorted(releases.glob(".*.building")):
        if keep is not None and entry == keep:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    for link in releases.parent.glob(f".{CURRENT}.*.tmp"):
        if link.name != f".{CURRENT}.{os.getpid()}.tmp":
            link.unlink(missing_ok=True)
    return removed


def _write_failure(exc: BaseException, kind: str, building: Path, serving: bool) -> str | None:
    """Say why writing a build failed, when it is the disk's fault (full, read-only ...)."""
    if isinstance(exc, sqlite3.Error):
        # SQLite reports a full disk as its own error, not as an OSError.
        if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_FULL:
            return None
        reason = "no space left on device"
    elif isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            reason = "no space left on device"
        else:
            reason = (exc.strerror or str(exc)).lower()
    else:
        return None
    kept = "the previous index is still serving" if serving else "no index was published"
    return f"{kind} failed: {reason} while writing {building}; {kept}"


def publish(index_dir: Path, building: Path, build_id: str) -> Path:
    """Sync a finished build, rename it into place and point ``current`` at it atomically."""
    _fsync_tree(building)
    final = index_dir / RELEASES / build_id
    os.rename(building, final)
    tmp_link = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    try:
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        os.symlink(os.path.join(RELEASES, build_id), tmp_link)
        os.replace(tmp_link, index_dir / CURRENT)  # atomic: readers see old or new, never none
    except BaseException:
        # Renamed but never made current: not a build anyone should find (and left in
        # releases/, pruning would count it as one of the builds to keep).
        tmp_link.unlink(missing_ok=True)
        if current_release(index_dir) != final.resolve():
            shutil.rmtree(final, ignore_errors=True)
        raise
    dirfd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dirfd)
    finally:
        os.close(dirfd)
    return final


def prune(index_dir: Path, keep: int = KEEP_RELEASES) -> list[str]:
    """Remove all but the newest ``keep`` builds (never the current one)."""
    releases = index_dir / RELEASES
    live = current_release(index_dir)
    builds = sorted(
        (p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.name,
        reverse=True,
    )
    removed = []
    for old in builds[keep:]:
        if live is not None and old.resolve() == live:
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old.name)
    return removed


def published_ids(index_dir: Path) -> dict[str, str]:
    """The organisation ids the live build published (group key -> id), if it is trusted."""
    live = current_release(index_dir)
    try:
        if live is None or not is_trusted(read_manifest(live)):
            return {}
    except IndexUnavailable:  # a damaged live build: start afresh
        return {}
    store = RecordStore(str(live / RECORDS_FILE))
    try:
        return store.identity()
    finally:
        store.close()


def new_build_id() -> str:
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}Z-{os.getpid()}"


def build_release(
    index_path: Path,
    corpus_dir: str | os.PathLike[str],
    hashes: dict[str, str],
    errors: list[dict[str, str]],
    write: Callable[[Path], dict[str, int]],
    *,
    started: float,
    progress: Progress,
    kind: str = "rebuild",
) -> BuildSummary:
    """Run ``write`` into a fresh ``.building`` directory, add the manifest, publish, prune
    and remove what killed builds left. The caller holds the build lock.

        If anything fails (or the process is interrupted) the half-built directory is removed
        and ``current`` still points at the previous build.
    """
    build_id = new_build_id()
    building = index_path / RELEASES / f".{build_id}.building"
    try:
        counts = write(building)
        manifest = {
            "build_id": build_id,
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "corpus": str(Path(corpus_dir).resolve()),
            "corpus_fingerprint": fingerprint(hashes),
            "files": hashes,
            "versions": versions(),
            "counts": {**counts, "errors": len(errors)},
            "errors": errors,
        }
        (building / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8"
        )
        stage = Stage(progress, "syncing and publishing")
        final = publish(index_path, building, build_id)
        stage.finish()
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        serving = current_release(index_path) is not None
        if message := _write_failure(exc, kind, building, serving):
            raise RebuildError(message) from exc
        raise
    # Successful: what killed builds or updates left goes too (the caller holds the lock).
    clean_stale(index_path / RELEASES)
    prune(index_path)
    summary = BuildSummary(
        build_id=build_id,
        path=str(final),
        statements=counts["statements"],
        organisations=counts["organisations"],
        signatures=counts["signatures"],
        warnings=counts["warnings"],
        errors=tuple(e["message"] for e in errors),
        seconds=time.perf_counter() - started,
        kind=kind,
    )
    return summary
