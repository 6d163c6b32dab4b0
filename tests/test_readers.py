"""Each reader on small made-up documents: table-driven, input -> the text the parser reads."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from statementsearch.ingest.corpus import load_corpus, load_statement
from statementsearch.ingest.parsing import parse_statement
from statementsearch.ingest.readers import read_document, reader_for
from statementsearch.ingest.readers.meta import read_sidecar
from statementsearch.ingest.readers.pdf import _SPACE_IN_BURMESE_WORD, _join_title, _page_text

DOCUMENTS = Path(__file__).parent / "corpus" / "documents"
NEEDS_PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


@pytest.mark.parametrize(
    ("name", "reader"),
    [("a.txt", "text"), ("a.MD", "text"), ("a.pdf", "pdf"), ("a.Docx", "docx"),
     ("a.html", "html"), ("a.htm", "html"), ("a.odt", None), ("a.meta.toml", None)],
)  # fmt: skip
def test_reader_for_suffix(name: str, reader: str | None) -> None:
    assert reader_for(name) == reader


# --- Word -----------------------------------------------------------------------------------


def _numbered(paragraph: docx.text.paragraph.Paragraph, num_id: int, level: int = 0) -> None:
    """Give a paragraph Word numbering directly (numPr), as Word does for pasted lists."""
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    ppr.append(num_pr)


def _docx_text(tmp_path: Path, build: object) -> str:
    document = docx.Document()
    build(document)  # type: ignore[operator]
    path = tmp_path / "made.docx"
    document.save(str(path))
    return read_document(path).text


def _list_number_id(document: docx.document.Document) -> int:
    ppr = document.styles["List Number"].element.pPr
    return int(ppr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val")))


def _list_bullet_id(document: docx.document.Document) -> int:
    ppr = document.styles["List Bullet"].element.pPr
    return int(ppr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val")))


def test_docx_style_numbering_becomes_numbered_lines(tmp_path: Path) -> None:
    def build(d: docx.document.Document) -> None:
        d.add_paragraph("Signed by:")
        for name in ("Alpha Fixture Union", "Beta Fixture Group"):
            d.add_paragraph(name, style="List Number")
        d.add_paragraph("Individuals:")
        d.add_paragraph("Daw Example Person", style="List Bullet")

    assert _docx_text(tmp_path, build) == (
        "Signed by:\n\n1. Alpha Fixture Union\n2. Beta Fixture Group\n\n"
        "Individuals:\n\n- Daw Example Person\n"
    )


def test_docx_direct_numbering_nested_levels_restart(tmp_path: Path) -> None:
    def build(d: docx.document.Document) -> None:
        num = _list_number_id(d)
        for text, level in (("One", 0), ("One a", 1), ("One b", 1), ("Two", 0), ("Two a", 1)):
            _numbered(d.add_paragraph(text), num, level)

    assert _docx_text(tmp_path, build) == "1. One\n1. One a\n2. One b\n2. Two\n1. Two a\n"


def test_docx_numbering_removed_with_num_id_zero(tmp_path: Path) -> None:
    def build(d: docx.document.Document) -> None:
        _numbered(d.add_paragraph("Not a list item", style="List Number"), 0)

    assert _docx_text(tmp_path, build) == "Not a list item\n"


def test_docx_bullets_by_direct_numbering(tmp_path: Path) -> None:
    def build(d: docx.document.Document) -> None:
        _numbered(d.add_paragraph("Gamma Fixture Circle"), _list_bullet_id(d))

    assert _docx_text(tmp_path, build) == "- Gamma Fixture Circle\n"


def test_docx_tables_become_rows_and_numbered_items(tmp_path: Path) -> None:
    def build(d: docx.document.Document) -> None:
        d.add_paragraph("Signatories")
        table = d.add_table(rows=3, cols=3)
        for row, cells in zip(
            table.rows,
            (("No.", "Organisation", "Country"), ("1", "Delta Fixture Club", "Sampleland"),
             ("၂။", "နမူနာ အဖွဲ့", "")),
            strict=True,
        ):  # fmt: skip
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
        merged = d.add_table(rows=1, cols=2)
        merged.cell(0, 0).merge(merged.cell(0, 1)).text = "One merged cell"

    text = _docx_text(tmp_path, build)
    assert text == (
        "Signatories\n\n| No. | Organisation | Country |\n| 1 | Delta Fixture Club | Sampleland |\n"
        "| ၂။ | နမူနာ အဖွဲ့ |\n\n| One merged cell |\n"
    )
    # The rows are a pipe table, read by the signatory reader's table rules.
    statement = parse_statement(f"Fixture title\n1 May 2024\n\nWe ask for peace.\n\n{text}", "t")
    assert [o.name for o in statement.organisations] == [
        "Delta Fixture Club (Sampleland)",
        "နမူနာ အဖွဲ့",
    ]


def test_docx_headings_paragraphs_and_line_breaks(tmp_path: Path) -> None:
    def build(d: docx.document.Document) -> None:
        d.add_heading("Fixture Heading", level=1)
        d.add_paragraph("")
        d.add_paragraph("")
        p = d.add_paragraph("first line")
        p.add_run().add_break()
        p.add_run("second line")

    assert _docx_text(tmp_path, build) == "Fixture Heading\n\nfirst line\nsecond line\n"


def test_docx_properties_are_fallbacks_with_a_notice(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Fixture: Property Title"
    document.core_properties.created = dt.datetime(2024, 2, 3, 10, 0)
    document.add_paragraph("We ask for nothing in this fixture.")
    document.add_paragraph("Signed by:")
    document.add_paragraph("Epsilon Fixture Forum", style="List Number")
    path = tmp_path / "props.docx"
    document.save(str(path))
    statement = load_statement(path)
    assert statement.date == dt.date(2024, 2, 3)
    assert statement.title == "Fixture: Property Title"
    assert [s.name for s in statement.organisations] == ["Epsilon Fixture Forum"]
    assert any(w.code == "date_from_document" for w in statement.warnings)


# --- web pages ------------------------------------------------------------------------------

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Site | Fixture</title>
<meta property="article:published_time" content="2023-04-05T10:00:00Z">
<link rel="canonical" href="https://example.org/fixture/page">
<script>document.write('<p>SCRIPTED</p>')</script></head>
<body><header><a href="/">Fixture Site Home</a><nav>Menu items</nav></header>
<div id="sidebar">Sidebar text</div>
<main>
 {content}
</main>
<footer>Footer text</footer><noscript>Enable scripts</noscript></body></html>"""


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<p>We, the fixture, ask plainly for <b>nothing</b> today and tomorrow.</p>",
         "We, the fixture, ask plainly for nothing today and tomorrow.\n"),
        ('<p>Signed by the organisations listed below in this fixture page:</p>'
         '<ol start="3"><li>Zeta</li><li value="7">Eta</li><li>Theta</li></ol>',
         "Signed by the organisations listed below in this fixture page:\n\n"
         "3. Zeta\n7. Eta\n8. Theta\n"),
        ("<p>Organisations that signed this fixture statement together:</p>"
         "<ul><li>Iota<br>Kappa</li><li>Lambda</li></ul>",
         "Organisations that signed this fixture statement together:\n\n"
         "- Iota\nKappa\n- Lambda\n"),
        ('<div class="share-buttons">Share this</div><p>Only the statement text '
         'stays in this fixture page.</p><div class="cookie-banner">Accept</div>',
         "Only the statement text stays in this fixture page.\n"),
        ("<table><tr><td>1</td><td>Mu Fixture Group</td></tr></table>"
         "<p>A table row is one line in this fixture page text.</p>",
         "| 1 | Mu Fixture Group |\n\nA table row is one line in this fixture page text.\n"),
    ],
)  # fmt: skip
def test_html_main_content_as_lines(tmp_path: Path, content: str, text: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(content=content), "utf-8")
    document = read_document(path)
    assert document.text == text
    assert document.source == "https://example.org/fixture/page"
    assert document.date == dt.date(2023, 4, 5)
    assert document.title == "Site | Fixture"  # no <h1>: the page <title>


def test_html_article_header_keeps_title_and_time(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_text(
        "<html><head><title>Site</title></head><body><header>Site header</header>"
        "<article><header><h1>Fixture: The Title</h1><time datetime='2022-09-26'>"
        "26 Sep</time></header><p>Body text of the fixture statement, long enough.</p>"
        "<footer>Tags: fixture</footer></article><article><p>short</p></article></body></html>",
        "utf-8",
    )
    document = read_document(path)
    assert document.title == "Fixture: The Title"
    assert document.date == dt.date(2022, 9, 26)
    assert document.text == (
        "Fixture: The Title\n\n26 Sep\n\nBody text of the fixture statement, long enough.\n"
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ('<meta charset="windows-1252"><p>Caf\xe9 fixture text long enough to be kept as '
         'content.</p>'.encode("cp1252"), "Café fixture text long enough to be kept as content.\n"),
        (b"\xef\xbb\xbf<p>BOM fixture text that is long enough to be kept as content.</p>",
         "BOM fixture text that is long enough to be kept as content.\n"),
    ],
)  # fmt: skip
def test_html_encodings(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "enc.html"
    path.write_bytes(data)
    assert read_document(path).text == expected


def test_html_zawgyi_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "zawgyi.html"
    path.write_text(
        "<p>Fixture text in two scripts follows here, and then Burmese: ျမန္မာ</p>", "utf-8"
    )
    document = read_document(path)
    assert "မြန်မာ" in document.text
    assert any(n.code == "zawgyi_converted" for n in document.notices)


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ရန်ကု န်", "ရန်ကုန်"),  # before a killed consonant
        ("ပူ းတွဲ", "ပူးတွဲ"),  # before a visarga
        ("နှ င့်", "နှင့်"),  # before a consonant with dot below and asat
        ("ရှေ ာင်", "ရှောင်"),  # before a vowel sign
        ("ခု နှစ်", "ခု နှစ်"),  # before a syllable: may be a real space
        ("Sample ်", "Sample ်"),  # only between Burmese letters
    ],
)
def test_spaces_inside_burmese_words_are_removed(text: str, expected: str) -> None:
    assert _SPACE_IN_BURMESE_WORD.sub("", text) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("1 May\n\nStop the\nAirstrikes\n\nBody", "Stop the Airstrikes",
         "1 May\n\nStop the Airstrikes\n\nBody"),
        ("စမ်းသပ်ရန် ပူးတွဲ\nကြေညာချက်\nBody", "စမ်းသပ်ရန် ပူးတွဲကြေညာချက်",
         "စမ်းသပ်ရန် ပူးတွဲကြေညာချက်\nBody"),
        ("Stop the Airstrikes\nBody", "Stop the Airstrikes", "Stop the Airstrikes\nBody"),
        ("Stop the\nWar\nBody", "Stop the Airstrikes", "Stop the\nWar\nBody"),
        ("Stop the\nAirstrikes", None, "Stop the\nAirstrikes"),
    ],
)  # fmt: skip
def test_a_wrapped_pdf_title_is_joined(text: str, title: str | None, expected: str) -> None:
    assert _join_title(text, title) == expected


@NEEDS_PDFTOTEXT
def test_pdf_pages_are_separated_by_a_form_feed_line() -> None:
    document = read_document(DOCUMENTS / "pdf" / "fixture-doc-english.pdf")
    assert document.reader == "pdf"
    assert document.pages == 2
    assert document.text.count("\n\f\n") == 1
    assert document.title == "Fixture: Stop the Airstrikes on Sample Valley"


@NEEDS_PDFTOTEXT
def test_pdf_burmese_comes_out_exact() -> None:
    text = read_document(DOCUMENTS / "pdf" / "fixture-doc-burmese.pdf").text
    for name in ("ရန်ကုန်မြို့ နမူနာ လူငယ်ကွန်ရက်", "ဧရာဝတီတိုင်း ဥပမာ ဆရာများ အဖွဲ့"):
        assert name in text


def test_visual_order_burmese_is_reordered_with_a_notice(tmp_path: Path) -> None:
    # U+1031 typed before its consonant (as a PDF in visual order gives it), in an HTML
    # page so that the non-text path runs without pdftotext.
    path = tmp_path / "visual.html"
    path.write_text(
        "<p>Fixture text: \u1031\u1000\u103b\u102c\u1004\u103a\u1038 and more fixture "
        "text here to keep it.</p>",
        "utf-8",
    )
    document = read_document(path)
    assert "ကျောင်း" in document.text
    assert any(n.code == "burmese_visual_order" for n in document.notices)


# --- sidecars -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "fields", "notices"),
    [
        ('source = "https://example.org/x"\ntitle = "T"\ndate = 2024-05-01\nlanguage = "EN"',
         {"source": "https://example.org/x", "title": "T", "date": dt.date(2024, 5, 1),
          "language": "en"}, []),
        ('date = "1 May 2024"', {"date": dt.date(2024, 5, 1)}, []),
        ('date = "03/04/2024"', {}, ["is not a date"]),
        ("language = 5\ncolour = 'red'", {}, ["language must be", "unknown key 'colour'"]),
        ('language = "english"', {}, ["not a code"]),
        ("title = [unclosed", {}, ["not readable TOML"]),
    ],
)  # fmt: skip
def test_sidecar_values_and_problems(
    tmp_path: Path, toml: str, fields: dict[str, object], notices: list[str]
) -> None:
    statement = tmp_path / "s.pdf"
    (tmp_path / "s.meta.toml").write_text(toml, "utf-8")
    meta, found = read_sidecar(statement)
    for key, value in fields.items():
        assert getattr(meta, key) == value
    assert len(found) == len(notices)
    for notice, expected in zip(found, notices, strict=True):
        assert expected in notice.message
        assert "s.meta.toml" in notice.message


def test_a_sidecar_overrides_front_matter_and_text(tmp_path: Path) -> None:
    shutil.copy(DOCUMENTS / "txt" / "fixture-doc-english.txt", tmp_path / "e.txt")
    (tmp_path / "e.meta.toml").write_text(
        'date = 2020-01-02\ntitle = "Sidecar title"\nsource = "https://example.org/e"',
        "utf-8",
    )
    load = load_corpus(tmp_path)
    (statement,) = load.statements
    assert (statement.date, statement.title, statement.source) == (
        dt.date(2020, 1, 2),
        "Sidecar title",
        "https://example.org/e",
    )
    assert load.files_seen == 1  # the sidecar is not a statement
    assert load.readings == {"e": load.readings["e"]} and load.readings["e"].reader == "text"


@NEEDS_PDFTOTEXT
def test_a_two_column_pdf_reads_column_by_column() -> None:
    """Printed with CSS columns: the first column is read before the second, not line by
    line across both, so the list and its wrapped names come out whole."""
    pdf = load_statement(DOCUMENTS / "layout" / "two-columns.pdf")
    text = load_statement(DOCUMENTS / "txt" / "fixture-doc-english.txt")
    assert [s.name for s in pdf.organisations] == [s.name for s in text.organisations]
    assert (pdf.date, pdf.title, pdf.declared_total) == (
        text.date,
        text.title,
        text.declared_total,
    )
    assert (
        "call on every\ngovernment" in read_document(DOCUMENTS / "layout" / "two-columns.pdf").text
    )


def _page(*lines: tuple[float, float, str]) -> ET.Element:
    """A pdftotext -bbox-layout page 400 pt wide, text from x = 50 (so up to x = 350):
    (top, right end, text) per line, 12 pt high, each word 40 pt wide."""
    ns = "http://www.w3.org/1999/xhtml"
    page = ET.Element(f"{{{ns}}}page", width="400")
    for top, right, text in lines:
        line = ET.SubElement(
            page, f"{{{ns}}}line", xMin="50", yMin=str(top), yMax=str(top + 12), xMax=str(right)
        )
        for k, word in enumerate(text.split(" ")):
            ET.SubElement(
                line, f"{{{ns}}}word", xMin=str(50 + 45 * k), xMax=str(90 + 45 * k)
            ).text = word
    return page


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Burmese whose next word did not fit goes on in Burmese: one line, no space.
        ([(0, 320, "ရပ်တန့်ရန် အဖွဲ့"), (15, 200, "အစည်း ၅ ဖွဲ့က")],
         "ရပ်တန့်ရန် အဖွဲ့အစည်း ၅ ဖွဲ့က"),
        # A sentence that ends at the edge is not continued.
        ([(0, 320, "တောင်းဆိုပါသည်။"), (15, 200, "ကျောင်းများ")],
         "တောင်းဆိုပါသည်။\nကျောင်းများ"),
        # A numbered entry on the next line stays an entry.
        ([(0, 320, "၁။ နမူနာ လူငယ်ကွန်ရက်"), (15, 200, "၂။ ဥပမာ အဖွဲ့")],
         "၁။ နမူနာ လူငယ်ကွန်ရက်\n၂။ ဥပမာ အဖွဲ့"),
        # A list of names, one per line: the next name would have fitted, so no wrap.
        ([(0, 280, "နမူနာ အမျိုးသမီး ဖွံ့ဖြိုးရေး ကွန်ရက်"), (15, 150, "နမူနာ လူငယ်"),
          (30, 120, "ဥပမာ အဖွဲ့")],
         "နမူနာ အမျိုးသမီး ဖွံ့ဖြိုးရေး ကွန်ရက်\nနမူနာ လူငယ်\nဥပမာ အဖွဲ့"),
        # English lines are the parser's to read.
        ([(0, 320, "call on all"), (15, 200, "parties")], "call on all\nparties"),
        # A bigger gap starts a paragraph; a line further up starts a column.
        ([(0, 100, "one"), (15, 100, "two"), (45, 100, "three"), (0, 100, "four")],
         "one\ntwo\n\nthree\n\nfour"),
    ],
)  # fmt: skip
def test_pdf_lines_paragraphs_and_burmese_wraps(
    lines: list[tuple[float, float, str]], expected: str
) -> None:
    assert _page_text(_page(*lines)) == expected


def test_a_web_page_signatory_table_is_read_as_a_table(tmp_path: Path) -> None:
    """A saved page whose signatories are an HTML table (number, name, town) under a
    two-language heading: the rows reach the signatory reader as a pipe table, so the
    number column is dropped, the header too, and the town is the name's qualifier."""
    rows = "".join(
        f"<tr><td>{n}</td><td>{name}</td><td>{town}</td></tr>"
        for n, (name, town) in enumerate(
            [
                ("Fixture Riverbank Women Union (FRWU)", "Taunggyi"),
                ("သံလွင်မြစ်ကမ်း လူငယ်ကွန်ရက်", "Loikaw"),
                ("Mock Delta Farmers Network – MDFN", "Bangkok"),
            ],
            start=1,
        )
    )
    page = tmp_path / "2025-03-14-fixture-open-letter.html"
    page.write_text(
        "<html><body><nav>Home Donate</nav><article><h1>Fixture open letter on dams</h1>"
        "<p><time datetime='2025-03-14'>14 March 2025</time></p>"
        "<p>We, the undersigned organisations, ask investors to leave the dam projects.</p>"
        "<h2>Endorsed by / ထောက်ခံသူများ</h2>"
        f"<table><tr><th>#</th><th>Organisation</th><th>Based in</th></tr>{rows}</table>"
        "</article><footer>Share on Facebook</footer></body></html>",
        encoding="utf-8",
    )
    statement = load_statement(page)
    assert [o.name for o in statement.organisations] == [
        "Fixture Riverbank Women Union (FRWU) (Taunggyi)",
        "သံလွင်မြစ်ကမ်း လူငယ်ကွန်ရက် (Loikaw)",
        "Mock Delta Farmers Network – MDFN (Bangkok)",
    ]
    assert str(statement.date) == "2025-03-14"
    assert not any("joined" in str(w) for w in statement.warnings)
