"""Rebuild speed on documents: N generated PDFs and N generated .docx, both cores.

    .venv/bin/python benchmarks/bench_documents.py --count 50
    .venv/bin/python benchmarks/bench_documents.py --count 1000 --out /tmp/docs-1k

Statements come from generate_corpus.py (invented names, ~97 signatories, ~600 words).
Each is written as a .docx (python-docx; list items with Word's automatic numbering, the
numbers taken out of the text) and as a PDF printed by Debian's Chromium through
Playwright (one browser, a page per statement; A4, ~3-8 pages each). Generation is not
timed. Then, timed with time.perf_counter and the CPU time of this process and its children:

1. ``load_corpus`` (read + parse) of the PDFs and of the .docx, 1 worker and 2 workers;
2. ``rebuild`` of the whole corpus (2N statements) with 2 workers;
3. ``update`` after one PDF changed.

Needs /usr/bin/chromium and pdftotext. An existing ``--out`` directory with the files
is reused (delete it to regenerate).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate_corpus

from statementsearch.indexing.rebuild import rebuild
from statementsearch.indexing.update import update
from statementsearch.ingest.corpus import load_corpus

_ITEM = re.compile(r"^\s*(?:\d+[.)]|[\u1040-\u1049]+\u104b|[-•*])\s+(.*)$")
_STYLE = (
    "body{font-family:'Noto Sans','Noto Sans Myanmar','Padauk',sans-serif;font-size:11pt;"
    "line-height:1.5;margin:0}p{margin:0 0 .6em}ol{margin:0 0 .6em}"
)


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split a statement into ("p", [line]) and ("ol", [names]) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if not line.strip() or line.strip() == "---":
            continue
        item = _ITEM.match(line)
        if item:
            if blocks and blocks[-1][0] == "ol":
                blocks[-1][1].append(item[1])
            else:
                blocks.append(("ol", [item[1]]))
        else:
            blocks.append(("p", [line.strip()]))
    return blocks


def _html(text: str) -> str:
    body = []
    for kind, lines in _blocks(text):
        if kind == "p":
            body.append(f"<p>{html.escape(lines[0])}</p>")
        else:
            items = "".join(f"<li>{html.escape(name)}</li>" for name in lines)
            body.append(f"<ol>{items}</ol>")
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><style>{_STYLE}</style></head>'
        f"<body>{''.join(body)}</body></html>"
    )


def _docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, lines in _blocks(text):
        if kind == "p":
            document.add_paragraph(lines[0])
        else:
            for name in lines:
                document.add_paragraph(name, style="List Number")
    document.save(str(path))


def generate(count: int, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    pdfs, docxs = out / "pdf", out / "docx"
    for folder in (pdfs, docxs):
        folder.mkdir(parents=True, exist_ok=True)
    statements = list(generate_corpus.iter_statements(count))
    started = time.perf_counter()
    for s in statements:
        target = docxs / s.file_name.replace(".txt", ".docx")
        if not target.exists():
            _docx(s.text, target)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        for n, s in enumerate(statements, 1):
            target = pdfs / s.file_name.replace(".txt", ".pdf")
            if not target.exists():
                page.set_content(_html(s.text))
                page.pdf(
                    path=str(target),
                    format="A4",
                    margin={"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"},
                )
            if n % 100 == 0:
                print(f"  {n} PDFs", file=sys.stderr)
        browser.close()
    print(f"generated {count} PDFs + {count} .docx in {time.perf_counter() - started:.0f} s "
          f"(not part of the measurement)", file=sys.stderr)  # fmt: skip


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, count: int, run: object) -> float:
    cpu, wall = _cpu(), time.perf_counter()
    result = run()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    print(f"| {label} | {count} | {wall:.1f} s | {cpu:.1f} s | {count / wall:.1f} |")
    return result  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=50, help="PDFs and .docx each")
    parser.add_argument("--out", type=Path, help="keep the generated files here")
    args = parser.parse_args()
    if not shutil.which("pdftotext") or not Path("/usr/bin/chromium").exists():
        print("needs pdftotext (poppler-utils) and /usr/bin/chromium", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-documents-"))
    generate(args.count, out)
    corpus = out / "corpus"
    if not corpus.exists():
        corpus.mkdir()
        for folder in (out / "pdf", out / "docx"):
            for path in folder.iterdir():
                os.link(path, corpus / (path.suffix[1:] + "-" + path.name))
    print(f"cpus={os.cpu_count()} count={args.count} python={sys.version.split()[0]}")
    print("| stage | statements | wall | CPU (all processes) | statements/s |")
    print("|---|---|---|---|---|")
    for kind in ("pdf", "docx"):
        for workers in (1, 2):
            loaded = timed(
                f"load_corpus {kind}, {workers} worker(s)",
                args.count,
                lambda kind=kind, workers=workers: load_corpus(out / kind, workers=workers),
            )
            assert not loaded.errors, loaded.errors[:3]
    index = out / "index"
    shutil.rmtree(index, ignore_errors=True)
    summary = timed(
        "rebuild pdf + docx, 2 workers",
        2 * args.count,
        lambda: rebuild(corpus, index, workers=2),
    )
    assert summary.statements == 2 * args.count, summary
    first_pdf, other_pdf = sorted(corpus.glob("pdf-*.pdf"))[:2]
    original = first_pdf.read_bytes()
    first_pdf.unlink()  # a hard link to out/pdf/: never write through it
    shutil.copy(other_pdf, first_pdf)
    timed("update after one changed PDF", 1, lambda: update(corpus, index))
    first_pdf.unlink()
    first_pdf.write_bytes(original)  # as generated again, for the next run
    if not args.out:
        shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
