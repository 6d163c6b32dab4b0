"""Rebuilds under load: a live `statementsearch serve` keeps answering while the corpus
changes and `rebuild` runs several times. Loopback only, bounded in time.

Each build carries one marker statement of its own (`zz-build-N`), so a listing of all
statements shows which build answered: an answer mixing two builds would hold zero or
two markers, or a total that is not that build's.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import WEB_CORPUS, serve_web_corpus
from statementsearch.indexing.rebuild import rebuild
from statementsearch.ingest.corpus import iter_statement_files

REBUILDS = 4
CLIENTS = 4
MARKER = """{date}

Fixture build marker {n}

Marker statement for build {n} of the rebuild-under-load test.

Signed by
1. Marker Fixture Collective {n}
"""


def write_marker(corpus: Path, n: int) -> None:
    for old in corpus.glob("zz-build-*.txt"):
        old.unlink()
    (corpus / f"zz-build-{n}.txt").write_text(MARKER.format(date="1 May 2024", n=n), "utf-8")


def test_rebuilds_under_load_fail_no_request_and_never_mix_builds(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(WEB_CORPUS, corpus)
    write_marker(corpus, 0)
    total = len(list(iter_statement_files(corpus)))  # the same in every build
    answers: list[tuple[int, object]] = []  # (status, statement ids) per listing
    failures: list[str] = []
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            url = f"{base}/api/statements?per_page=100&sort=date"
            try:
                with urllib.request.urlopen(url, timeout=10) as answer:
                    page = json.load(answer)
                    answers.append((answer.status, [hit["id"] for hit in page["results"]]))
                    if page["total"] != total:
                        failures.append(f"total {page['total']} is no build's")
                with urllib.request.urlopen(f"{base}/api/organisations?q=Marker", timeout=10):
                    pass
            except (urllib.error.URLError, OSError) as exc:
                failures.append(repr(exc))

    env = {"STATEMENTSEARCH_RATE_LIMIT": "0"}
    with serve_web_corpus(tmp_path, env, corpus=corpus, workers=2) as base:
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            # No wall-clock bound here: a slow machine is not a failure; a hang is caught
            # by the per-test timeout (pytest-timeout, pyproject.toml).
            for n in range(1, REBUILDS + 1):
                time.sleep(0.5)
                write_marker(corpus, n)
                rebuild(corpus, tmp_path / "index")
            time.sleep(1.0)  # let the clients see the last build
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=15)

    assert not failures, failures[:5]
    assert len(answers) > 50, f"only {len(answers)} answers: the load was not steady"
    assert all(status == 200 for status, _ in answers)
    seen = []
    for _, ids in answers:
        markers = [i for i in ids if str(i).startswith("zz-build-")]  # type: ignore[union-attr]
        assert len(markers) == 1, f"an answer mixed builds: {markers}"
        seen.append(int(markers[0].rsplit("-", 1)[1]))
    # New builds were served without a restart, ending with the last one.
    assert seen[-1] == REBUILDS
    assert len(set(seen)) >= 3
