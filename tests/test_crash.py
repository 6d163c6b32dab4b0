"""Rebuilds that die, are interrupted, run out of disk or race each other.

The promise (DESIGN.md, "Index and rebuild"): a failed rebuild leaves the live index
serving, publishes nothing half-written, and the next rebuild succeeds and removes what
the failed one left. Kills and races use real processes: a SIGKILL cannot be faked.
"""

from __future__ import annotations

import builtins
import errno
import fcntl
import gc
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from statementsearch.cli import main
from statementsearch.indexing import build, locking
from statementsearch.indexing import releases as indexing
from statementsearch.indexing.locking import RebuildError
from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.releases import RELEASES, current_release
from statementsearch.search.library import Library
from statementsearch.search.service import parse_search_request, search_statements

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "corpus" / "search"
GENERATED = 100  # statements: a rebuild takes 1-3 s and parses in a process pool (> 32)

# Prints each progress message as it happens, so the test can kill at a known phase.
REBUILD_SCRIPT = """
import sys
from statementsearch.indexing.rebuild import rebuild
rebuild(sys.argv[1], sys.argv[2], workers=2, progress=lambda m: print(m, flush=True))
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = tmp_path_factory.mktemp("generated") / "corpus"
    generate_corpus.generate(GENERATED, out, seed=3)
    return out


@pytest.fixture
def fixture_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES, target)
    return target


class Rebuild:
    """A rebuild in its own process (and process group), its progress lines in a queue."""

    def __init__(self, corpus: Path, index: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", REBUILD_SCRIPT, str(corpus), str(index)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # its pool workers share its group: killpg cleans up
        )
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.proc.stdout is not None
        stdout = self.proc.stdout
        self.reader = threading.Thread(
            target=lambda: [self.lines.put(x) for x in stdout], daemon=True
        )
        self.reader.start()

    def wait_for(self, marker: str, timeout: float = 60) -> bool:
        """Wait until a progress line contains ``marker``; False if the process ended first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if marker in self.lines.get(timeout=0.05):
                    return True
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    return False
        raise AssertionError(f"no {marker!r} within {timeout} s")

    def kill_group(self) -> None:
        """Kill whatever is left of it (the test's cleanup, not the crash under test)."""
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.reader.join(timeout=10)  # EOF once every process holding the pipe is gone
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def processes() -> Iterator[list[Rebuild]]:
    started: list[Rebuild] = []
    yield started
    for rebuild_process in started:
        rebuild_process.kill_group()


def total(index: Path, q: str = "") -> int:
    """Search a build as a fresh server process would."""
    return search_statements(Library(index), parse_search_request({"q": q})).total


def lock_is_free(index: Path, within: float) -> bool:
    deadline = time.monotonic() + within
    with open(index / ".lock", "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.02)
            else:
                fcntl.flock(handle, fcntl.LOCK_UN)
                return True


def assert_nothing_half_built_is_published(index: Path) -> None:
    for entry in (index / RELEASES).iterdir():
        if not entry.name.startswith("."):
            assert (entry / indexing.MANIFEST).is_file(), f"{entry.name} published half-built"
    live = current_release(index)
    assert live is not None and not live.name.startswith(".")


def assert_clean(index: Path) -> None:
    assert not list((index / RELEASES).glob(".*")), "leftovers of a failed build"
    assert not list(index.glob(".current.*")), "a temporary current link was left"


# --- SIGKILL ------------------------------------------------------------------------------

# Phases a rebuild reports, in order: the kill lands a seeded moment after one of them.
PHASES = ["reading", "parsed", "statements ...", "organisations ...", "writing records"]


def test_a_rebuild_killed_at_any_point_leaves_the_old_build_serving(
    big_corpus: Path, tmp_path: Path, processes: list[Rebuild]
) -> None:
    index = tmp_path / "index"
    old = rebuild(big_corpus, index)
    assert total(index) == GENERATED
    rng = random.Random(6)
    killed = 0
    for phase in PHASES:
        process = Rebuild(big_corpus, index)
        processes.append(process)
        reached = process.wait_for(phase)
        time.sleep(rng.uniform(0, 0.25))
        os.kill(process.proc.pid, signal.SIGKILL)  # the main process only, like the OOM killer
        status = process.proc.wait(timeout=10)
        # Its pool workers must not outlive it holding the lock (they did: every later
        # rebuild was refused as "running" for as long as they hung on their pipe).
        assert lock_is_free(index, within=60), f"killed after {phase!r}: lock still held"
        assert_nothing_half_built_is_published(index)
        if status == -signal.SIGKILL and reached:
            killed += 1
            assert current_release(index) == Path(old.path), f"killed after {phase!r}"
        assert total(index) == GENERATED, f"killed after {phase!r}"
        assert total(index, "Myanmar") > 0
    assert killed >= 3, "most kills must land inside a rebuild to test anything"
    new = rebuild(big_corpus, index)
    assert current_release(index) == Path(new.path)
    assert_clean(index)
    assert total(index) == GENERATED


def test_a_stale_temporary_current_link_is_removed_by_the_next_rebuild(
    fixture_corpus: Path, tmp_path: Path
) -> None:
    """A kill between creating the new link and swapping it in leaves the link behind."""
    index = tmp_path / "index"
    rebuild(fixture_corpus, index)
    os.symlink("releases/gone", index / ".current.99999.tmp")
    rebuild(fixture_corpus, index)
    assert_clean(index)


# --- two rebuilds at once -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["rebuild", "update"])
def test_a_second_rebuild_process_is_refused_and_the_first_succeeds(
    big_corpus: Path, tmp_path: Path, processes: list[Rebuild], command: str
) -> None:
    index = tmp_path / "index"
    first = Rebuild(big_corpus, index)
    processes.append(first)
    assert first.wait_for("reading")  # printed once the lock is held
    cli = [sys.executable, "-m", "statementsearch.cli", command]
    second = subprocess.run(
        [*cli, "--corpus", str(big_corpus), "--index", str(index)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 2
    assert (
        f"statementsearch: another rebuild or update is running (pid {first.proc.pid}); "
        "try again when it ends" in second.stderr
    )
    assert "Traceback" not in second.stderr
    assert first.wait_for("done")
    assert first.proc.wait(timeout=30) == 0
    assert total(index) == GENERATED
    assert_clean(index)


# --- interrupted (Ctrl-C) -----------------------------------------------------------------


def interrupt(*args: object, **kwargs: object) -> Any:
    raise KeyboardInterrupt


def interrupt_swap(src: Any, dst: Any) -> None:
    if Path(dst).name == indexing.CURRENT:
        raise KeyboardInterrupt
    os_replace(src, dst)


os_replace = os.replace


@pytest.mark.parametrize(
    ("module", "name", "replacement"),
    [
        (build, "statement_document", interrupt),  # inside the Whoosh writer
        (build, "organisation_document", interrupt),  # second index, first one written
        (build, "write_records", interrupt),  # both indexes written
        (indexing, "_fsync_tree", interrupt),  # everything written, not yet renamed
        (os, "replace", interrupt_swap),  # renamed into releases/, not yet current
    ],
    ids=["statements index", "organisations index", "records", "fsync", "swap"],
)
def test_an_interrupted_rebuild_removes_its_half_built_directory(
    fixture_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    name: str,
    replacement: Any,
) -> None:
    index = tmp_path / "index"
    old = rebuild(fixture_corpus, index)
    monkeypatch.setattr(module, name, replacement)
    with pytest.raises(KeyboardInterrupt):
        rebuild(fixture_corpus, index)
    monkeypatch.undo()
    assert current_release(index) == Path(old.path)
    assert [p.name for p in (index / RELEASES).iterdir()] == [old.build_id]
    assert_clean(index)
    assert total(index, "fuel") == 2
    assert locking._held_lock is None
    assert rebuild(fixture_corpus, index).build_id != old.build_id  # the lock was released


def test_ctrl_c_in_the_cli_says_interrupted(
    fixture_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    index = tmp_path / "index"
    monkeypatch.setattr(build, "write_records", interrupt)
    assert main(["rebuild", "--corpus", str(fixture_corpus), "--index", str(index)]) == 130
    assert "statementsearch: interrupted" in capsys.readouterr().err
    assert not list((index / RELEASES).iterdir())


# --- disk full ----------------------------------------------------------------------------


@contextmanager
def whoosh_leaves_files_open() -> Iterator[None]:
    """Whoosh does not close a segment's files when writing it fails (``writer.cancel()``
    leaves them to the garbage collector), so their ResourceWarning is expected here.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield
        gc.collect()


class BudgetFile:
    """A file object that fails like a full disk once the build has written ``budget`` bytes."""

    def __init__(self, raw: Any, spent: list[int], budget: int) -> None:
        self._raw, self._spent, self._budget = raw, spent, budget

    def write(self, data: bytes) -> int:
        if self._spent[0] + len(data) > self._budget:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self._raw.name)
        self._spent[0] += len(data)
        return int(self._raw.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __enter__(self) -> BudgetFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._raw.close()


def limit_build_writes(monkeypatch: pytest.MonkeyPatch, budget: int) -> list[int]:
    """Make every file opened for writing inside a ``.building`` directory share a budget.

    Whoosh writes through ``open()``; this is the boundary where a full disk shows.
    """
    spent = [0]
    real_open = builtins.open

    def budget_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if ".building" in str(file) and any(c in mode for c in "wax+"):
            return BudgetFile(handle, spent, budget)
        return handle

    monkeypatch.setattr(builtins, "open", budget_open)
    return spent


def test_a_rebuild_on_a_full_disk_fails_clearly_and_the_old_index_serves(
    fixture_corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    index = tmp_path / "index"
    old = rebuild(fixture_corpus, index)
    with monkeypatch.context() as patch:  # measure what a build writes through open()
        spent = limit_build_writes(patch, budget=10**12)
        rebuild(fixture_corpus, tmp_path / "measure")
    whole = spent[0]
    # Fail at the very first write, halfway, and near the end (not at the last byte: what a
    # build writes varies by a few bytes from run to run).
    for budget in (0, whole // 2, whole * 9 // 10):
        capsys.readouterr()
        with monkeypatch.context() as patch, whoosh_leaves_files_open():
            limit_build_writes(patch, budget)
            status = main(["rebuild", "--corpus", str(fixture_corpus), "--index", str(index)])
        err = capsys.readouterr().err
        assert status == 2, err
        assert (
            "statementsearch: rebuild failed: no space left on device while writing "
            f"{index / RELEASES}/." in err
        ), err
        assert "; the previous index is still serving" in err
        assert "Traceback" not in err
        assert current_release(index) == Path(old.path)
        assert_clean(index)
        assert total(index, "fuel") == 2


def test_an_update_on_a_full_disk_says_so_too(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    rebuild(fixture_corpus, index)
    (fixture_corpus / "2024-02-02-fixture-new.txt").write_text(
        "2024-02-02\n\nFixture quartz statement.\n\nSigned by\n1. Copperleaf Weavers Union\n"
    )
    from statementsearch.indexing.update import update

    limit_build_writes(monkeypatch, 0)
    with (
        whoosh_leaves_files_open(),
        pytest.raises(RebuildError, match=r"^update failed: no space left on device"),
    ):
        update(fixture_corpus, index)
    assert_clean(index)


def test_sqlite_finding_the_disk_full_is_the_same_clear_failure(
    fixture_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite reports a full disk as its own error (SQLITE_FULL), not as an OSError."""
    index = tmp_path / "index"
    old = rebuild(fixture_corpus, index)

    def records_on_a_full_disk(path: str, *args: object) -> None:
        db = sqlite3.connect(path)
        try:
            db.execute("PRAGMA max_page_count = 2")  # a real SQLITE_FULL, from SQLite itself
            db.execute("CREATE TABLE filler (x)")
            db.executemany("INSERT INTO filler VALUES (?)", [("x" * 5000,)] * 10)
        finally:
            db.close()

    monkeypatch.setattr(build, "write_records", records_on_a_full_disk)
    with pytest.raises(RebuildError, match="no space left on device") as info:
        rebuild(fixture_corpus, index)
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    assert current_release(index) == Path(old.path)
    assert_clean(index)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MB tmpfs (needs root and a mount-capable container; skipped otherwise)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip() or result.returncode}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, leave: int) -> None:
    """Fill the disk with one ballast file, leaving about ``leave`` bytes free."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    with open(disk / "ballast", "wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def test_a_rebuild_on_a_real_full_disk_keeps_the_old_index(
    fixture_corpus: Path, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the real kernel: Whoosh's files and SQLite's, whichever hits the wall."""
    index = small_disk / "index"
    old = rebuild(fixture_corpus, index)
    for leave in (8_192, 40_960, 90_112):  # run out in different files of the build
        fill(small_disk, leave)
        capsys.readouterr()
        with whoosh_leaves_files_open():
            status = main(["rebuild", "--corpus", str(fixture_corpus), "--index", str(index)])
        err = capsys.readouterr().err
        assert status == 2, err
        assert "rebuild failed: no space left on device while writing" in err, err
        assert "the previous index is still serving" in err
        assert current_release(index) == Path(old.path)
        assert_clean(index)
        assert total(index, "fuel") == 2
        (small_disk / "ballast").unlink()
    rebuild(fixture_corpus, index)  # with room again, it just works
    assert_clean(index)
