"""Side by side at one corpus size: statementsearch, tantivy and SQLite FTS5.

    python benchmarks/bench_compare.py --size 10000 [--work /tmp/compare] [--peers tantivy fts5]
        [--rounds 5] [--write docs/benchmarks.md]

One script is the source of every scale figure (issue 16): it generates the synthetic
corpus (benchmarks/generate_corpus.py, seed 1) unless it exists, then for each engine:

- build: statementsearch's full `rebuild` in a fresh process (wall seconds, peak memory of
  the whole process tree sampled from /proc every 0.25 s: summed RSS, which counts a page
  shared by forked workers once per process, and summed PSS, which splits it; the stage
  lines of its progress output); each peer indexes the same parsed statements
  (title, body and signatory names: what a user would put in one of them to get our
  "who signed what" search box), parsing excluded;
- search: the same query mix (1-3 word English and Burmese queries, organisation names and
  acronyms) in-process, snippets on, p50/p95 over ``--rounds`` passes; statementsearch also
  over HTTP (`serve --workers 1`, one query at a time; each request asks for its own page
  size so the per-build answer cache never answers), organisation search and the busiest
  organisation's page.

The peers are what a user would pick instead: tantivy (Rust, Python binding from PyPI)
with its default tokenizer, and SQLite FTS5 (unicode61). Neither segments Burmese (no
spaces between words), so their Burmese figures time a search that mostly finds nothing;
the table says so. Install the peers in the project venv first:
`.venv/bin/pip install tantivy` (FTS5 is in Python's sqlite3).
Nothing else may load the machine while it runs; results go to stdout and, with
``--write``, as a dated section appended to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate_corpus

from statementsearch.ingest.corpus import load_corpus
from statementsearch.model import Statement

ENGLISH = [
    "military", "people", "junta", "jet fuel", "arms embargo", "humanitarian", "sanctions",
    "refugees", "ASEAN", "airstrike", "the military council", "human rights", "students strike",
    "women's", "crimes", "village",
]  # fmt: skip
BURMESE = [
    "ရန်ကုန်", "မန္တလေး", "စစ်ကောင်စီ", "ပြည်သူ", "လူ့အခွင့်အရေး", "ကျောင်းသားများ", "ဒုက္ခသည်",
    "အကြမ်းဖက်", "လေကြောင်းတိုက်", "သပိတ်",
]  # fmt: skip


def p50_p95(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def timings(fn: Callable[[str], object], queries: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - started)
    return samples


# --- process tree memory -------------------------------------------------------------------


def _tree_memory(root: int) -> tuple[int, int]:
    """Resident bytes of a process and all its descendants (Linux /proc): the sum of their
    RSS (a page shared after a fork counts in each process) and of their PSS (a shared
    page is split between the processes that share it: what the tree really holds)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    rss = pss = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith(("Rss:", "Pss:")):
                        kib = int(line.split()[1]) * 1024
                        rss, pss = (rss + kib, pss) if line[0:3] == "Rss" else (rss, pss + kib)
        except OSError:
            continue
    return rss, pss


def run_measured(command: list[str]) -> tuple[float, tuple[int, int], str]:
    """Run a command; return wall seconds, the peak resident bytes of its process tree
    (summed RSS, summed PSS), and its output."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak_rss = peak_pss = 0
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.extend(proc.stdout or []), daemon=True)
    reader.start()
    while proc.poll() is None:
        rss, pss = _tree_memory(proc.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.25)
    reader.join()
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"{command[0]} failed:\n{''.join(out)[-2000:]}")
    return seconds, (peak_rss, peak_pss), "".join(out)


# --- statementsearch -----------------------------------------------------------------------


def project_build(corpus: Path, index: Path) -> tuple[float, tuple[int, int], list[str]]:
    """Wall seconds and peak memory of a full rebuild, and the lines that say how long
    each of its stages took ("reading: 50,000 files in 161.3 s (310 files/s)")."""
    cli = [sys.executable, "-m", "statementsearch.cli"]
    seconds, peak, out = run_measured(
        [*cli, "rebuild", "--corpus", str(corpus), "--index", str(index)]
    )
    stages = [line for line in out.splitlines() if re.search(r": .* in [0-9.]+ s\b", line)]
    return seconds, peak, stages


def project_in_process(index: Path) -> Callable[[str], object]:
    from statementsearch.search import service, statements
    from statementsearch.search.library import Library

    library = Library(index)
    service.search_statements(library, service.parse_search_request({"q": "warm"}))

    def search(q: str) -> object:
        release = library.release()
        release._cache.clear()  # the search itself: no answer, join or stem-form cache
        return statements._search_statements(release, service.parse_search_request({"q": q}))

    return search


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def project_http(index: Path, corpus: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "statementsearch.cli", "serve", "--index", str(index),
         "--corpus", str(corpus), "--port", str(port), "--workers", "1", "--rate-limit", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(base + "/api/health", timeout=5).read()
            return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start")


def http_timings(base: str, path: str, queries: list[str], rounds: int) -> list[float]:
    """One request at a time; each asks for its own page size, so the per-build answer
    cache never answers and every request is a search."""
    sizes = iter(range(10**9))
    return timings(
        lambda q: http_get(base, path, {"q": q, "per_page": str(10 + next(sizes) % 11)}),
        queries,
        rounds,
    )


def ms(p50: float, p95: float) -> str:
    return f"{p50:.1f} / {p95:.1f} ms"


def http_get(base: str, path: str, params: dict[str, str]) -> bytes:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return bytes(response.read())


# --- peers ---------------------------------------------------------------------------------


def document_text(statement: Statement) -> str:
    names = "\n".join(s.name for s in statement.organisations)
    return f"{statement.title or ''}\n{statement.body}\n{names}"


Engine = tuple[float, Callable[[str], object]]  # seconds to index, and a search function


def tantivy_engine(statements: list[Statement], path: Path) -> Engine:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", stored=True)
    schema = builder.build()
    path.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=512_000_000, num_threads=2)
    for statement in statements:
        writer.add_document(tantivy.Document(id=statement.id, text=document_text(statement)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    seconds = time.perf_counter() - started
    searcher = index.searcher()

    def search(q: str) -> object:
        try:
            query = index.parse_query(q, ["text"])
        except ValueError:
            return []
        hits = searcher.search(query, 20).hits
        snippets = tantivy.SnippetGenerator.create(searcher, query, schema, "text")
        return [snippets.snippet_from_doc(searcher.doc(address)).to_html() for _, address in hits]

    return seconds, search


def fts5_engine(statements: list[Statement], path: Path) -> Engine:
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path, check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text)")
    db.executemany("INSERT INTO docs VALUES (?, ?)", ((s.id, document_text(s)) for s in statements))
    db.commit()
    seconds = time.perf_counter() - started

    def search(q: str) -> object:
        phrase = '"' + q.replace('"', '""') + '"' if " " not in q else q.replace('"', "")
        return db.execute(
            "SELECT id, snippet(docs, 1, '<mark>', '</mark>', '…', 24) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT 20",
            (phrase,),
        ).fetchall()

    return seconds, search


# --- the run -------------------------------------------------------------------------------


def organisation_queries(index: Path, rng: random.Random) -> tuple[list[str], str]:
    """Names, halves, acronyms of sampled organisations; and the busiest organisation's id."""
    from statementsearch.search.library import Library

    library = Library(index)  # held: the records' connection closes with the library
    db = library.release().records._db()
    rows = db.execute("SELECT id, name, acronyms FROM organisations").fetchall()
    busiest = db.execute("SELECT id FROM organisations ORDER BY statement_count DESC").fetchone()
    queries = []
    for row in rng.sample(rows, min(40, len(rows))):
        queries += [row["name"], row["name"][: max(3, len(row["name"]) // 2)]]
    del library
    return queries, busiest[0]


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="number of statements")
    parser.add_argument("--work", type=Path, default=Path("/tmp/compare"))
    parser.add_argument("--peers", nargs="*", default=["tantivy", "fts5"])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-rebuild", action="store_true", help="reuse the project index")
    parser.add_argument("--write", type=Path, help="append the table to this Markdown file")
    args = parser.parse_args(list(argv) if argv is not None else None)
    corpus = args.work / f"corpus-{args.size}"
    index = args.work / f"index-{args.size}"
    if not (corpus / "MANIFEST.json").exists() and not any(corpus.glob("*.txt")):
        generate_corpus.generate(args.size, str(corpus), seed=1)
    rng = random.Random(7)
    rows: list[tuple[str, str]] = []
    print(f"{platform.node()}: {os.cpu_count()} cores, python {platform.python_version()}")

    if not args.skip_rebuild:
        seconds, peak, stages = project_build(corpus, index)
        rows += [("statementsearch rebuild", f"{seconds:.1f} s"),
                 ("statementsearch rebuild peak memory, summed RSS / PSS of the process tree",
                  f"{peak[0] / 1e9:.2f} / {peak[1] / 1e9:.2f} GB")]  # fmt: skip
        rows += [("rebuild stage", line) for line in stages]
        print(rows, flush=True)
    search = project_in_process(index)
    for label, mix in (("English", ENGLISH), ("Burmese", BURMESE)):
        p50, p95 = p50_p95(timings(search, mix, args.rounds))
        rows.append((f"statementsearch in-process {label} p50 / p95", f"{p50:.1f} / {p95:.1f} ms"))
    org_queries, busiest = organisation_queries(index, rng)
    proc, base = project_http(index, corpus)
    try:
        for label, mix in (("English", ENGLISH), ("Burmese", BURMESE)):
            p50, p95 = p50_p95(http_timings(base, "/api/statements", mix, args.rounds))
            rows.append((f"statementsearch HTTP {label} p50 / p95", f"{p50:.1f} / {p95:.1f} ms"))
        p50, p95 = p50_p95(http_timings(base, "/api/organisations", org_queries, args.rounds))
        rows.append(("statementsearch HTTP organisation search p50 / p95", ms(p50, p95)))
        pages = timings(lambda _: http_get(base, f"/organisations/{busiest}", {}), ["x"], 50)
        rows.append(
            ("statementsearch HTTP busiest organisation page p50 / p95", ms(*p50_p95(pages)))
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    if args.peers:
        statements = list(load_corpus(corpus, workers=2).statements)
        engines = {"tantivy": tantivy_engine, "fts5": fts5_engine}
        for name in args.peers:
            seconds, peer = engines[name](statements, args.work / f"{name}-{args.size}")
            rows.append((f"{name} index (parsed text in)", f"{seconds:.1f} s"))
            for label, mix in (("English", ENGLISH), ("Burmese (no segmentation)", BURMESE)):
                p50, p95 = p50_p95(timings(peer, mix, args.rounds))
                rows.append((f"{name} in-process {label} p50 / p95", f"{p50:.1f} / {p95:.1f} ms"))

    table = [f"| {args.size:,} statements | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    print("\n".join(table))
    if args.write:
        command = "python benchmarks/bench_compare.py " + " ".join(sys.argv[1:])
        section = [
            "", f"## Side by side at {args.size:,} statements ({dt.date.today()})", "",
            f"Machine: {platform.node()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}. Command: `{command}`.", "", *table, "",
        ]  # fmt: skip
        with args.write.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(section))


if __name__ == "__main__":
    main()
