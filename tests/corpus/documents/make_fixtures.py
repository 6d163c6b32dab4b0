"""Write the document fixtures: the same invented statements as .txt, .html, .docx and .pdf.

Run from the repository root with the project's venv (python-docx is a dependency):

    .venv/bin/python tests/corpus/documents/make_fixtures.py

The PDFs are printed from generated HTML by Debian's Chromium (``/usr/bin/chromium``,
fonts-noto-core and fonts-sil-padauk for Burmese); without Chromium they are left as
committed. ``bad/`` holds inputs each reader must refuse by name; the encrypted PDF needs
PyMuPDF (``fitz``), which the project does not depend on: run this once with a Python that
has it (``/tmp/extract-venv/bin/python``) to refresh that one file. Every organisation
name here is invented; none of this is any real organisation's words.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Fixture:
    id: str
    date_text: str  # as written in the statement
    date_iso: str  # for <time datetime> and document properties
    title: str
    paragraphs: tuple[str, ...]
    heading: str
    organisations: tuple[str, ...]
    # In the .txt, the organisation at this index is wrapped onto a second line here.
    wrap: tuple[int, str] | None = None
    burmese_digits: bool = False


STATEMENTS = (
    Fixture(
        id="fixture-doc-english",
        date_text="12 March 2025",
        date_iso="2025-03-12",
        title="Fixture: Stop the Airstrikes on Sample Valley",
        paragraphs=(
            "We, the undersigned 6 organisations, condemn the airstrikes on villages in "
            "Sample Valley and call on every government to stop the sale of jet fuel to "
            "the military.",
            "The attacks destroyed a school and a clinic. We call for a global arms embargo "
            "and for humanitarian access without delay.",
            "Every organisation named in this statement is invented for testing.",
        ),
        heading="Signed by:",
        organisations=(
            "Riverbend Tailors Collective",
            "Example Youth Network (EYN)",
            "Hilltop Weavers Association – HWA",
            "Northern Lakeside Fisherfolk and Boat Builders Solidarity Committee of "
            "Sample Town (NLFBBSC)",
            "Sample Valley Women’s Health Workers Team",
            "Eastgate Teachers Union",
        ),
        wrap=(3, "Solidarity Committee"),
    ),
    Fixture(
        id="fixture-doc-burmese",
        date_text="၂၀၂၅ ခုနှစ်၊ မတ်လ ၂၀ ရက်",
        date_iso="2025-03-20",
        title="စမ်းသပ်ရန် ပူးတွဲကြေညာချက် (fixture)",
        paragraphs=(
            "ရန်ကုန်မြို့နှင့် မန္တလေးမြို့ အနီးရှိ ကျေးရွာများကို လေကြောင်းတိုက်ခိုက်မှုများ "
            "ချက်ချင်းရပ်တန့်ရန် အဖွဲ့အစည်း ၅ ဖွဲ့က တောင်းဆိုအပ်ပါသည်။",
            "ကျောင်းများနှင့် ဆေးခန်းများ ပျက်စီးခဲ့ပြီး စစ်ဘေးရှောင် မိသားစုများထံ "
            "လူသားချင်း စာနာမှု အကူအညီများ အမြန်ဆုံး ရောက်ရှိရေး တောင်းဆိုပါသည်။",
            "ဤကြေညာချက်ပါ အဖွဲ့အစည်းအမည်များအားလုံးသည် စမ်းသပ်ရန်အတွက် ဖန်တီးထားသော အမည်များ ဖြစ်ပါသည်။",
        ),
        heading="လက်မှတ်ရေးထိုးသူများ",
        organisations=(
            "ရန်ကုန်မြို့ နမူနာ လူငယ်ကွန်ရက်",
            "မန္တလေး ဥပမာ ကျောင်းသားသမဂ္ဂ",
            "စမ်းသပ် လယ်သမားများ အစည်းအရုံး",
            "နမူနာ အမျိုးသမီး ဖွံ့ဖြိုးရေး ကွန်ရက်",
            "ဧရာဝတီတိုင်း ဥပမာ ဆရာများ အဖွဲ့",
        ),
        burmese_digits=True,
    ),
    Fixture(
        id="fixture-doc-bilingual",
        date_text="5 June 2025",
        date_iso="2025-06-05",
        title="Fixture: Let Aid Through",
        paragraphs=(
            "We, the undersigned 5 organisations, call on all parties to let humanitarian "
            "aid reach displaced families in Sample Region.",
            "ကျွန်ုပ်တို့ လက်မှတ်ရေးထိုးသူ အဖွဲ့အစည်းများသည် ရန်ကုန်တိုင်းဒေသကြီးရှိ စစ်ဘေးရှောင် "
            "မိသားစုများထံ အကူအညီများ ရောက်ရှိရေး တောင်းဆိုအပ်ပါသည်။",
        ),
        heading="Signatories",
        organisations=(
            "Riverbend Tailors Collective",
            "နမူနာ လူငယ်ကွန်ရက် – Sample Youth Network",
            "Coalition of Example Farmers, Fisherfolk and Forest Users in the Sample Delta Region",
            "Lakeside Teachers’ Union (Sample Town)",
            "ကရင်ပြည်နယ် ဥပမာ ကျန်းမာရေး အဖွဲ့ – Example Hill Health Group (EHHG)",
        ),
        wrap=(2, "Forest Users"),
    ),
)


def _number(n: int, burmese: bool) -> str:
    if not burmese:
        return f"{n}."
    return str(n).translate(str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")) + "။"


def text_of(f: Fixture) -> str:
    """The statement as a maintainer would type it: a wrapped name, numbered list."""
    lines = [f.date_text, "", f.title, ""]
    for paragraph in f.paragraphs:
        lines += [paragraph, ""]
    lines.append(f.heading)
    for i, name in enumerate(f.organisations):
        number = _number(i + 1, f.burmese_digits)
        if f.wrap and f.wrap[0] == i:
            cut = name.index(f.wrap[1])
            lines += [f"{number} {name[:cut].rstrip()}", f"   {name[cut:]}"]
        else:
            lines.append(f"{number} {name}")
    return "\n".join(lines) + "\n"


_STYLE = (
    "body { font-family: 'Noto Sans', 'Noto Sans Myanmar', 'Padauk', sans-serif; "
    "font-size: 12pt; line-height: 1.6; max-width: 30em; margin: 2em; }"
)


def print_html_of(f: Fixture) -> str:
    """A plain printable page (what Chromium prints to PDF): no navigation."""
    e = html.escape
    items = "".join(f"<li>{e(name)}</li>" for name in f.organisations)
    paragraphs = "".join(f"<p>{e(p)}</p>" for p in f.paragraphs)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{e(f.title)}</title>'
        f"<style>{_STYLE} @page {{ size: A5; margin: 15mm; }}</style></head><body>"
        f"<p>{e(f.date_text)}</p><h1>{e(f.title)}</h1>{paragraphs}"
        f"<h2>{e(f.heading)}</h2><ol>{items}</ol></body></html>"
    )


def two_column_html_of(f: Fixture) -> str:
    """The statement printed in two columns (CSS columns), as newsletters lay them out."""
    return (
        print_html_of(f)
        .replace("max-width: 30em;", "column-count: 2; column-gap: 2em;")
        .replace("size: A5;", "size: A4;")
    )


def web_page_of(f: Fixture) -> str:
    """The statement as a web page: navigation, sidebar, share buttons, footer, scripts."""
    e = html.escape
    items = "\n".join(f"      <li>{e(name)}</li>" for name in f.organisations)
    paragraphs = "\n".join(f"    <p>{e(p)}</p>" for p in f.paragraphs)
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(f.title)} | Example Fixture Network</title>
  <meta property="article:published_time" content="{f.date_iso}T09:00:00+06:30">
  <script>document.write("<p>Injected by script: never read</p>");</script>
  <style>nav a {{ margin: 0 1em; }}</style>
</head>
<body>
  <header class="site-header">
    <a href="/">Example Fixture Network</a>
    <nav><a href="/">Home</a> <a href="/about">About us</a> <a href="/donate">Donate</a></nav>
  </header>
  <aside class="sidebar"><h3>Related</h3><ul><li><a href="/x">Subscribe to our newsletter</a></li>
    <li><a href="/y">Older statements archive</a></li></ul></aside>
  <main>
  <article>
    <h1>{e(f.title)}</h1>
    <p><time datetime="{f.date_iso}">{e(f.date_text)}</time></p>
{paragraphs}
    <h2>{e(f.heading)}</h2>
    <ol>
{items}
    </ol>
    <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a></div>
  </article>
  </main>
  <footer><p>© 2025 Example Fixture Network · Privacy policy · Cookie settings</p></footer>
  <script src="/analytics.js"></script>
</body>
</html>
"""


def write_docx(f: Fixture, path: Path) -> None:
    """Word's automatic numbering ("List Number"): the numbers are not in the text."""
    import datetime as dt

    import docx

    document = docx.Document()
    document.core_properties.title = f.title
    document.core_properties.created = dt.datetime.fromisoformat(f.date_iso + "T09:00:00")
    document.add_paragraph(f.date_text)
    document.add_heading(f.title, level=1)
    for paragraph in f.paragraphs:
        document.add_paragraph(paragraph)
    document.add_heading(f.heading, level=2)
    for name in f.organisations:
        document.add_paragraph(name, style="List Number")
    document.save(str(path))


def print_pdf(source_html: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(source_html, "utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                "--disable-background-networking",
                "--no-first-run",
                f"--print-to-pdf={target}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def write_bad(bad: Path, have_chromium: bool) -> None:
    """Inputs a reader must refuse, each with a message naming the file."""
    import zipfile

    good_docx = HERE / "docx" / "fixture-doc-english.docx"
    good_pdf = HERE / "pdf" / "fixture-doc-english.pdf"
    data = good_docx.read_bytes()
    (bad / "truncated-docx.docx").write_bytes(data[: len(data) // 2])
    data = good_pdf.read_bytes()
    (bad / "truncated-pdf.pdf").write_bytes(data[: len(data) // 3])
    # A ZIP bomb dressed as .docx: about 100 KB on disk, 100 MB if inflated.
    with zipfile.ZipFile(bad / "bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with zipfile.ZipFile(good_docx) as good:
            for item in good.infolist():
                z.writestr(item.filename, good.read(item.filename))
        with z.open("word/media/padding.bin", "w", force_zip64=True) as out:
            chunk = b"\0" * (1 << 20)
            for _ in range(100):
                out.write(chunk)
    (bad / "no-main-content.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>Menu</title></head><body>'
        '<nav><a href="/">Home</a> <a href="/about">About</a></nav>'
        "<footer>© Example Fixture Network</footer><script>var x = 1;</script></body></html>",
        "utf-8",
    )
    if have_chromium:
        # A "scan": the page is a picture of text, with no text layer.
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">'
            '<rect width="400" height="200" fill="#eee"/>'
            + "".join(
                f'<rect x="20" y="{20 + 20 * k}" width="{300 - 30 * (k % 3)}" height="8"/>'
                for k in range(8)
            )
            + "</svg>"
        )
        print_pdf(f"<!doctype html><html><body>{svg}</body></html>", bad / "scanned.pdf")
    try:
        import fitz  # PyMuPDF: only to write the encrypted fixture
    except ImportError:
        print("PyMuPDF not available: bad/encrypted.pdf left as it is", file=sys.stderr)
        return
    document = fitz.open(str(good_pdf))
    document.save(
        str(bad / "encrypted.pdf"),
        encryption=fitz.PDF_ENCRYPT_AES_256,
        user_pw="fixture-user",
        owner_pw="fixture-owner",
    )


def main() -> int:
    have_chromium = Path(CHROMIUM).exists()
    for sub in ("txt", "html", "docx", "pdf", "bad", "layout"):
        (HERE / sub).mkdir(exist_ok=True)
    try:
        import docx
    except ImportError:
        docx = None
    for f in STATEMENTS:
        (HERE / "txt" / f"{f.id}.txt").write_text(text_of(f), "utf-8")
        (HERE / "html" / f"{f.id}.html").write_text(web_page_of(f), "utf-8")
        if docx is not None:
            write_docx(f, HERE / "docx" / f"{f.id}.docx")
        if have_chromium:
            print_pdf(print_html_of(f), HERE / "pdf" / f"{f.id}.pdf")
            if f.id == "fixture-doc-english":
                print_pdf(two_column_html_of(f), HERE / "layout" / "two-columns.pdf")
    if not have_chromium:
        print(f"{CHROMIUM} not found: PDFs left as committed", file=sys.stderr)
    if docx is not None:
        write_bad(HERE / "bad", have_chromium)
    shutil.rmtree(HERE / "__pycache__", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
