"""Load test: `statementsearch serve` on loopback under mixed traffic.

    python benchmarks/bench_load.py --index /tmp/bench-index [--clients 4 16] [--seconds 60]

Starts `statementsearch serve` (gunicorn, --workers 2) on a free loopback port over an
existing index, then for each client count runs that many keep-alive clients for
--seconds: 35 % statement searches (JSON; 1-3 words, English and Burmese, drawn from
thousands of combinations so the per-build answer cache is mostly missed), 25 %
organisation searches as typed (JSON), 20 % statement pages and 20 % organisation pages
(HTML). Reports throughput, p50/p95/p99 and errors per level and per kind. Loopback only;
bounded in time; stops the server at the end. Rate limiting is turned off for the run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

WORDS = [
    "military", "junta", "people", "fuel", "jet", "arms", "embargo", "humanitarian",
    "sanctions", "refugees", "ASEAN", "airstrike", "council", "human", "rights", "women's",
    "students", "strike", "village", "aid", "ceasefire", "election", "border", "teachers",
    "ရန်ကုန်", "မန္တလေး", "စစ်ကောင်စီ", "ပြည်သူ", "လူ့အခွင့်အရေး", "ကျောင်းသားများ",
    "ဒုက္ခသည်", "အကြမ်းဖက်", "လေကြောင်း", "သပိတ်", "ဆရာ", "လယ်သမား",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[max(0, round(fraction * len(ordered)) - 1)] if ordered else 0.0


class Workload:
    """Random requests drawn from the index's own statements and organisations."""

    def __init__(self, index: Path, seed: int) -> None:
        records = (index / "current" / "records.sqlite").resolve()
        db = sqlite3.connect(f"file:{records}?mode=ro", uri=True)
        self.statements = [r[0] for r in db.execute("SELECT id FROM statements")]
        self.organisations = db.execute("SELECT id, name FROM organisations").fetchall()
        db.close()
        self.rng = random.Random(seed)

    def next(self) -> tuple[str, str]:
        rng, roll = self.rng, self.rng.random()
        if roll < 0.35:
            q = " ".join(rng.sample(WORDS, rng.randint(1, 3)))
            return "search", "/api/statements?" + urllib.parse.urlencode({"q": q})
        if roll < 0.60:
            _, name = rng.choice(self.organisations)
            typed = name[: rng.randint(3, max(3, min(len(name), 25)))]
            return "orgs", "/api/organisations?" + urllib.parse.urlencode({"q": typed})
        if roll < 0.80:
            return "statement", "/statements/" + urllib.parse.quote(rng.choice(self.statements))
        org_id, _ = rng.choice(self.organisations)
        return "organisation", "/organisations/" + urllib.parse.quote(org_id)


def client(port: int, workload: Workload, until: float, out: list[tuple[str, float, int]]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < until:
        kind, path = workload.next()
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        out.append((kind, time.perf_counter() - started, status))
    conn.close()


def run_level(port: int, index: Path, clients: int, seconds: float) -> dict[str, object]:
    until = time.monotonic() + seconds
    results: list[list[tuple[str, float, int]]] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(target=client, args=(port, Workload(index, n), until, results[n]))
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    samples = [s for part in results for s in part]
    latencies = sorted(s[1] for s in samples)
    errors = sum(1 for s in samples if s[2] >= 500 or s[2] == 0)
    per_kind = {}
    for kind in ("search", "orgs", "statement", "organisation"):
        times = sorted(s[1] for s in samples if s[0] == kind)
        per_kind[kind] = round(percentile(times, 0.95) * 1000, 1)
    return {
        "clients": clients,
        "requests": len(samples),
        "throughput_rps": round(len(samples) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "errors": errors,
        "non_200": sum(1 for s in samples if s[2] != 200),
        "p95_ms_by_kind": per_kind,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--clients", type=int, nargs="+", default=[4, 16])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "STATEMENTSEARCH_RATE_LIMIT": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "statementsearch.cli", "serve", "--index", str(args.index),
         "--port", str(port), "--workers", str(args.workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.3)
        # Warm every worker's searchers, as a running site's would be.
        warm = Workload(args.index, 999)
        for _ in range(40):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", warm.next()[1])
            conn.getresponse().read()
        for clients in args.clients:
            print(json.dumps(run_level(port, args.index, clients, args.seconds)), flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
