"""Hostile queries beside normal ones: does a client within its rate limit slow the others?

    python benchmarks/bench_hostile.py --make-corpus 1500 --out /tmp/hostile
    python benchmarks/bench_hostile.py --index /tmp/hostile/index [--seconds 60] [--workers 2]

``--make-corpus N`` writes N synthetic statements (``generate_corpus``) plus four large
fixture statements (2, 5, 10 and 19 MB of repeated prose with "peace" and "lorem", the
sizes of the issue's reproduction) into ``OUT/corpus`` and builds ``OUT/index``.

A run starts ``statementsearch serve`` on a free loopback port (rate limiting off), then:

1. ``alone``: 4 clients send the normal mix of ``bench_load`` for --seconds;
2. ``hostile``: the same 4 clients, and 2 more sending the hostile queries of issue 15
   (organisation searches of ``"အဖွဲ့ " x 80``, ``"က" x 250`` and ``x 500``; advanced
   ``*``, ``[a TO z]`` and ``*a*``; ``peace`` and ``lorem``, whose snippets come from the
   large statements) back to back;
3. ``one_query``: one normal search timed alone (median of 9), then again while 8
   threads send hostile queries at once.

It prints one JSON line per phase: p50/p95 of the normal requests, their errors (status 0
or 5xx), and the hostile answers by status. ``tests/test_hostile_load.py`` (slow) runs the
same phases on a smaller corpus and checks: no normal request fails, normal p95 with the
hostile clients stays within 2x of alone, and one query is delayed by at most 1 s.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import Workload, free_port, percentile

HOSTILE = [
    "/api/organisations?" + urllib.parse.urlencode({"q": "အဖွဲ့ " * 80}),
    "/api/organisations?" + urllib.parse.urlencode({"q": "အဖွဲ့ " * 25}),
    "/api/organisations?" + urllib.parse.urlencode({"q": "က" * 250}),
    "/api/organisations?" + urllib.parse.urlencode({"q": "က" * 500}),
    "/api/statements?" + urllib.parse.urlencode({"q": "*", "mode": "advanced"}),
    "/api/statements?" + urllib.parse.urlencode({"q": "[a TO z]", "mode": "advanced"}),
    "/api/statements?" + urllib.parse.urlencode({"q": "*a*", "mode": "advanced"}),
    "/api/statements?q=peace",
    "/api/statements?q=lorem",
]
# A fresh page per request: the per-build answer cache must not make hostile queries free.
HOSTILE_PAGES = 50
NORMAL_QUERY = "/api/statements?q=military+junta"
_PAGES = itertools.count(1)  # each timed query asks a new page: never a cached answer
BIG_SIZES_MB = (2, 5, 10, 19)
BIG_PARAGRAPH = (
    "Lorem ipsum fixture prose about peace talks, ceasefire monitoring and humanitarian "
    "corridors along the border; the peace process stalled again this month. "
)
SIGNED = "\n\nSigned by\n1. Fixture Large Statement Collective\n2. Fixture Lorem Peace Forum\n"


def make_corpus(count: int, out: Path, sizes_mb: tuple[int, ...] = BIG_SIZES_MB) -> Path:
    """Write the corpus (synthetic + large statements) into OUT/corpus; return it."""
    import generate_corpus

    corpus = out / "corpus"
    generate_corpus.generate(count, corpus)
    for size in sizes_mb:
        repeats = size * 1024 * 1024 // len(BIG_PARAGRAPH.encode())
        text = f"2024-06-0{len(str(size))}\n\nFixture large statement ({size} MB)\n\n"
        text += BIG_PARAGRAPH * repeats + SIGNED
        (corpus / f"zz-fixture-large-{size:02d}mb.txt").write_text(text, "utf-8")
    return corpus


def get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def normal_client(port: int, index: Path, seed: int, until: float, out: list) -> None:
    workload, conn = Workload(index, seed), _connect(port)
    while time.monotonic() < until:
        _, path = workload.next()
        started = time.perf_counter()
        try:
            status = get(conn, path)
        except (OSError, http.client.HTTPException):
            conn.close()
            status, conn = 0, _connect(port)
        out.append((time.perf_counter() - started, status))
    conn.close()


def hostile_client(port: int, offset: int, stop: threading.Event, out: Counter) -> None:
    conn, n = _connect(port), offset
    while not stop.is_set():
        path = HOSTILE[n % len(HOSTILE)]
        page = 1 + (n // len(HOSTILE)) % HOSTILE_PAGES
        n += 1
        try:
            status = get(conn, f"{path}&page={page}")
        except (OSError, http.client.HTTPException):
            conn.close()
            status, conn = 0, _connect(port)
        out[status] += 1
    conn.close()


@contextmanager
def hostile_clients(port: int, count: int) -> Iterator[Counter]:
    """Run ``count`` hostile clients for the duration of the block."""
    statuses: Counter = Counter()
    stop = threading.Event()
    threads = [
        threading.Thread(target=hostile_client, args=(port, 3 * n, stop, statuses))
        for n in range(count)
    ]
    for thread in threads:
        thread.start()
    try:
        yield statuses
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def run_normal(port: int, index: Path, clients: int, seconds: float) -> dict[str, float]:
    until = time.monotonic() + seconds
    results: list[list] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(target=normal_client, args=(port, index, n, until, results[n]))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    samples = [s for part in results for s in part]
    latencies = sorted(s[0] for s in samples)
    return {
        "requests": len(samples),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "errors": sum(1 for _, status in samples if status == 0 or status >= 500),
        "non_200": sum(1 for _, status in samples if status != 200),
    }


def one_query(port: int, repeats: int = 9) -> float:
    """Median seconds of the normal query (a fresh page each time: no cached answer)."""
    conn, times = _connect(port), []
    for _ in range(repeats):
        started = time.perf_counter()
        status = get(conn, f"{NORMAL_QUERY}&page={next(_PAGES)}")
        times.append(time.perf_counter() - started)
        assert status == 200, status
    conn.close()
    return statistics.median(times)


@contextmanager
def server(index: Path, workers: int) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "STATEMENTSEARCH_RATE_LIMIT": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "statementsearch.cli", "serve", "--index", str(index),
         "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        ready_by = time.monotonic() + 120
        while True:
            probe = _connect(port)
            try:
                if get(probe, "/api/health") == 200:
                    break
            except OSError:
                pass
            finally:
                probe.close()
            if time.monotonic() > ready_by or process.poll() is not None:
                raise RuntimeError("server did not start")
            time.sleep(0.3)
        warm = Workload(index, 999)
        conn = _connect(port)
        for _ in range(40):  # every worker thread's searchers open, as on a running site
            get(conn, warm.next()[1])
        conn.close()
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def run(index: Path, seconds: float, workers: int = 2) -> dict[str, dict]:
    """All three phases against one server; the numbers the test and docs use."""
    out: dict[str, dict] = {}
    with server(index, workers) as port:
        out["alone"] = run_normal(port, index, 4, seconds)
        with hostile_clients(port, 2) as statuses:
            out["hostile"] = run_normal(port, index, 4, seconds)
        out["hostile"]["hostile_statuses"] = dict(statuses)
        alone = one_query(port)
        with hostile_clients(port, 8) as statuses:
            time.sleep(1.0)  # let all eight get going
            loaded = one_query(port)
        out["one_query"] = {
            "alone_ms": round(alone * 1000, 1),
            "with_8_hostile_ms": round(loaded * 1000, 1),
            "hostile_statuses": dict(statuses),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path)
    parser.add_argument("--make-corpus", type=int, metavar="N")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.make_corpus:
        if not args.out:
            parser.error("--make-corpus needs --out")
        corpus = make_corpus(args.make_corpus, args.out)
        subprocess.run(
            [sys.executable, "-m", "statementsearch.cli", "rebuild", "--corpus", str(corpus),
             "--index", str(args.out / "index")],
            check=True,
        )  # fmt: skip
        return
    if not args.index:
        parser.error("--index (or --make-corpus) is required")
    for phase, numbers in run(args.index, args.seconds, args.workers).items():
        print(json.dumps({"phase": phase, **numbers}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
