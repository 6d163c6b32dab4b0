"""Compare PDF text extractors on Burmese: how much of the source text comes out exactly.

The inputs are the document fixtures (tests/corpus/documents/): the same invented
statements printed to PDF by Chromium (``pdf/``) and exported to PDF by LibreOffice from
the .docx (``--libreoffice DIR``, made with
``soffice --headless --convert-to pdf --outdir DIR tests/corpus/documents/docx/*.docx``).
Each extractor that can be imported (or run) is measured; the others are left out:

    /tmp/extract-venv/bin/python benchmarks/bench_extractors.py --libreoffice /tmp/lo
    .venv/bin/python benchmarks/bench_extractors.py --libreoffice /tmp/lo   # + the reader

Columns: ``names`` = Burmese units that must not wrap (date, heading, signatory names)
found exactly, a line break read as a space (spaces count); ``units`` = every Burmese unit (title,
paragraphs, names) found in order once all whitespace is removed (order, duplicates and
lost marks count, spaces do not); ``chars`` = similarity of the Myanmar characters
(difflib ratio, whitespace removed); ``spurious`` = spaces inside Burmese words that the
source does not have (a space before a vowel sign, medial, asat or killed consonant).
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "corpus" / "documents"))
sys.path.insert(0, str(ROOT / "src"))

from make_fixtures import STATEMENTS  # noqa: E402

MY = re.compile(r"[\u1000-\u109f]")
MY_RUN = re.compile(r"[\u1000-\u109f]+")
WS = re.compile(r"\s+")
# A space before a combining Myanmar mark, or before a consonant killed by asat: never a
# word boundary in Unicode Burmese.
SPURIOUS = re.compile(
    r"(?<=[\u1000-\u109f]) (?=[\u102b-\u103e\u1056-\u1059]|[\u1000-\u1021]\u1037?\u103a)"
)


def pdftotext(mode: str | None) -> Callable[[Path], str]:
    def run(path: Path) -> str:
        args = ["pdftotext", "-enc", "UTF-8", *([mode] if mode else []), str(path), "-"]
        return subprocess.run(args, capture_output=True, check=True, timeout=60).stdout.decode()

    return run


def pypdfium2(path: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    return "\f".join(page.get_textpage().get_text_range() for page in document)


def pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(str(path)))


def pymupdf(path: Path) -> str:
    import pymupdf as fitz

    with fitz.open(str(path)) as document:
        return "\f".join(page.get_text() for page in document)


def reader(path: Path) -> str:
    from statementsearch.ingest.readers import read_document

    return read_document(path).text


EXTRACTORS: dict[str, Callable[[Path], str]] = {
    "pdftotext": pdftotext(None),
    "pdftotext -raw": pdftotext("-raw"),
    "pypdfium2": pypdfium2,
    "pdfminer.six": pdfminer,
    "PyMuPDF": pymupdf,
    "statementsearch reader": reader,
}


def measure(text: str) -> tuple[int, int, int, int, float, int]:
    spaced = WS.sub(" ", text)
    flat = WS.sub("", text)
    names_ok = names = units_ok = units = 0
    source_chars: list[str] = []
    for f in STATEMENTS:
        short = [f.date_text, f.heading, *f.organisations]
        for unit in [f.date_text, f.title, *f.paragraphs, f.heading, *f.organisations]:
            if not MY.search(unit):
                continue
            units += 1
            units_ok += WS.sub("", unit) in flat
            source_chars.append(WS.sub("", unit))
        for unit in short:
            if MY.search(unit):
                names += 1
                names_ok += WS.sub(" ", unit) in spaced
    wanted = "".join(MY.findall("".join(source_chars)))
    got = "".join(MY.findall(flat))
    ratio = difflib.SequenceMatcher(None, wanted, got, autojunk=False).ratio()
    return names_ok, names, units_ok, units, ratio, len(SPURIOUS.findall(WS.sub(" ", text)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chromium", type=Path, default=ROOT / "tests/corpus/documents/pdf")
    parser.add_argument("--libreoffice", type=Path, help="PDFs LibreOffice exported")
    args = parser.parse_args()
    producers = {"Chromium": args.chromium}
    if args.libreoffice:
        producers["LibreOffice"] = args.libreoffice
    print(
        "| producer | extractor | names exact | units in order | Myanmar chars | spurious spaces |"
    )
    print("|---|---|---|---|---|---|")
    for producer, folder in producers.items():
        paths = [folder / f"{f.id}.pdf" for f in STATEMENTS]
        for name, extract in EXTRACTORS.items():
            try:
                text = "\n".join(extract(p) for p in paths)
            except (ImportError, FileNotFoundError, OSError) as exc:
                print(f"# {name}: not measured ({type(exc).__name__}: {exc})", file=sys.stderr)
                continue
            n_ok, n, u_ok, u, ratio, spurious = measure(text)
            print(f"| {producer} | {name} | {n_ok}/{n} | {u_ok}/{u} | {ratio:.1%} | {spurious} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
