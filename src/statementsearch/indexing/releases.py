"""Build the index beside the live one, then swap it in atomically.

Layout of an index directory::

    index/current            symlink -> releases/<build id>   (what readers open)
    index/releases/<id>/     statements/ (Whoosh), organisations/ (Whoosh),
                             records.sqlite, manifest.json
    index/releases/.<id>.building   a build in progress (removed if it fails)
    index/.lock              held (flock) by the one rebuild or update that may run

This layer must never write into the directory ``current`` points at, never publish a
build before every file of it is written and synced, and never leave a failed build
where readers could find it. A killed rebuild leaves at most a ``.building`` directory,
which the next rebuild removes; the flock dies with its process. Processes forked during a
build (parse and index workers) let go of the lock and are killed when the build dies:
otherwise a build killed mid-parse left workers that hung forever holding the lock, and
every later rebuild was refused. Running out of disk space is a ``RebuildError`` that says
so; the live build keeps serving.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statementsearch.errors import IndexUnavailable, StatementSearchError
from statementsearch.indexing.build import RECORDS_FILE, BuildInput, prepare_build, write_build
from statementsearch.indexing.records import RecordStore
from statementsearch.ingest.corpus import iter_statement_files, load_corpus
from statementsearch.ingest.readers.meta import sidecar_path
from statementsearch.text import analysis

# 2: records.statements.organisation_ids, identity table; 3: formats.py;
# 4: modules moved into subpackages (the schema pickles their class paths).
FORMAT_VERSION = 4
CURRENT = "current"
RELEASES = "releases"
MANIFEST = "manifest.json"
KEEP_RELEASES = 2  # the live build and the one before it (readers may still hold it)

Progress = Callable[[str], None]


class RebuildError(StatementSearchError):
    code = "rebuild_failed"


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


def _quiet(_: str) -> None:
    pass


def versions() -> dict[str, Any]:
    """What an index must have been built with to be trusted by this code."""
    return {
        "format": FORMAT_VERSION,
        "icu": analysis.icu_version(),
        "analyzer": analysis.ANALYZER_VERSION,
    }


def corpus_hashes(corpus_dir: str | os.PathLike[str], cache: Path | None = None) -> dict[str, str]:
    """Content hash of every corpus file that affects a build (statements + curation).

    With ``cache`` (a file beside the builds), a file whose size, mtime, ctime and inode
    are what they were when it was last hashed is not read again: ~0.3 s of reading
    147 MB at 10k statements becomes ~10k ``stat`` calls. A rewrite changes ctime, even
    one that keeps mtime (``touch -d``, ``cp -p``); a file changed so recently that its
    timestamps may not show a second change (``_RACY_NS``) is hashed again next time.
    """
    root = Path(corpus_dir)
    paths = list(iter_statement_files(root))
    # A statement's NAME.meta.toml sidecar is part of it: its hash is folded into the
    # statement's below, so `update` re-reads the statement when only the sidecar changed.
    sidecars = {p.name: sidecar_path(p) for p in paths}
    sidecars = {name: side for name, side in sidecars.items() if side.is_file()}
    paths += sidecars.values()
    curation = root / "curation.toml"
    if curation.is_file():
        paths.append(curation)
    corpus = str(root.resolve())
    known = _read_hash_cache(cache, corpus) if cache else {}
    now = time.time_ns()
    hashes: dict[str, str] = {}
    remembered: dict[str, list[Any]] = {}
    for path in paths:
        st = path.stat()
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        entry = known.get(path.name)
        if entry is not None and entry[:4] == stamp:
            hashes[path.name] = entry[4]
        else:
            hashes[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
        if now - max(st.st_mtime_ns, st.st_ctime_ns) > _RACY_NS:
            remembered[path.name] = [*stamp, hashes[path.name]]
    if cache and remembered != known:
        _write_hash_cache(cache, corpus, remembered)
    for name, side in sidecars.items():
        both = f"{hashes[name]}+{hashes.pop(side.name)}"
        hashes[name] = hashlib.sha256(both.encode()).hexdigest()
    return hashes


# Timestamps can be coarse (ext4 ~4 ms, some file systems 1-2 s): a file whose mtime or
# ctime is this close to the scan could change again without either moving.
_RACY_NS = 2_000_000_000
HASH_CACHE = ".corpus-hashes.json"  # in the index directory, beside .lock


def _read_hash_cache(cache: Path, corpus: str) -> dict[str, list[Any]]:
    try:
        data = json.loads(cache.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("corpus") != corpus:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        name: entry
        for name, entry in files.items()
        if isinstance(entry, list) and len(entry) == 5 and isinstance(entry[4], str)
    }


def _write_hash_cache(cache: Path, corpus: str, files: dict[str, list[Any]]) -> None:
    """Replace the cache atomically; a cache that cannot be written is only a slower scan.

    Only a build writes it, under the build lock: one temporary name is enough.
    """
    tmp = cache.with_name(cache.name + ".tmp")
    try:
        tmp.write_text(json.dumps({"corpus": corpus, "files": files}), "utf-8")
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)


def fingerprint(hashes: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\n".encode())
    return digest.hexdigest()


# (lock fd, pid of the process holding it) while this process holds the build lock.
_held_lock: tuple[int, int] | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Loaded here, not in the child: a forked child should do as little as possible.
_LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None


def _leave_build_in_child() -> None:
    """In a process forked during a build: drop the lock, and die when the build dies.

    A flock belongs to the open file, which a forked child shares: a worker left behind by
    a killed build would hold the lock (and hang on its pipe) for ever.
    """
    global _held_lock
    if _held_lock is None:
        return
    fd, builder = _held_lock
    _held_lock = None
    # dup2, not close: the fd number stays valid for the inherited file object to close.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != builder:  # the build died before prctl took effect
            os._exit(1)


os.register_at_fork(after_in_child=_leave_build_in_child)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's build lock; refuse at once if another build holds it."""
    global _held_lock
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RebuildError(
                f"another rebuild or update is running ({holder}); try again when it ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _held_lock = (handle.fileno(), os.getpid())
        try:
            yield
        finally:
            _held_lock = None
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


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


def _clean_stale(releases: Path) -> None:
    """Remove what killed builds left: half-written builds and unswapped ``current`` links."""
    for entry in releases.glob(".*.building"):
        shutil.rmtree(entry, ignore_errors=True)
    for link in releases.parent.glob(f".{CURRENT}.*.tmp"):
        link.unlink(missing_ok=True)


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


def rebuild(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    strict: bool = False,
    workers: int | None = None,
    progress: Progress = _quiet,
) -> BuildSummary:
    """Parse the whole corpus, build a new release beside the live one, and swap it in."""
    with build_lock(Path(index_dir)):
        return rebuild_locked(
            corpus_dir, index_dir, strict=strict, workers=workers, progress=progress
        )


def rebuild_locked(
    corpus_dir: str | os.PathLike[str],
    index_dir: str | os.PathLike[str],
    *,
    strict: bool = False,
    workers: int | None = None,
    progress: Progress = _quiet,
) -> BuildSummary:
    """``rebuild`` for a caller that already holds the build lock."""
    started = time.perf_counter()
    index_path = Path(index_dir)
    workers = workers or min(2, os.cpu_count() or 1)
    releases = index_path / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    _clean_stale(releases)
    progress(f"reading {corpus_dir} ...")
    hashes = corpus_hashes(corpus_dir, index_path / HASH_CACHE)
    loaded = load_corpus(corpus_dir, workers=workers)
    errors = [{"file": e.path, "message": e.message} for e in loaded.errors]
    for error in errors:
        progress(f"error: {error['message']}")
    if strict and errors:
        raise RebuildError(f"--strict: {len(errors)} file(s) could not be read; index kept")
    if not loaded.statements:
        raise RebuildError(f"no statement could be read from {corpus_dir}; index kept")
    progress(f"parsed {len(loaded.statements)} statements; resolving organisations ...")
    prepared = prepare_build(
        BuildInput(loaded.statements, Path(corpus_dir), known_ids=published_ids(index_path))
    )
    for notice in prepared.notices:
        progress(f"curation: {notice}")

    def write(building: Path) -> dict[str, int]:
        return write_build(building, prepared, workers=workers, progress=progress)

    return build_release(
        index_path, corpus_dir, hashes, errors, write, started=started, progress=progress
    )


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
    """Run ``write`` into a fresh ``.building`` directory, add the manifest, publish, prune.

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
        final = publish(index_path, building, build_id)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        serving = current_release(index_path) is not None
        if message := _write_failure(exc, kind, building, serving):
            raise RebuildError(message) from exc
        raise
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
