"""Read a statement saved as a web page: its own content, without the site around it.

selectolax (the lexbor HTML5 parser, one wheel without dependencies) parses the page; it
has no script engine, so nothing on the page runs. The content is the page's ``<article>``
(the one with most text), else ``<main>`` / ``role=main``, else ``<body>``; from it
navigation, sidebars, headers and footers outside the article, forms, buttons, share and
cookie boxes are dropped. Paragraphs, headings and table rows become lines; ``<ol>`` items
become ``1. name`` (honouring ``start`` and ``value``), ``<ul>`` items ``- name``.
The ``<h1>`` (else ``<title>``) is the title fallback; ``<time datetime>`` in the content,
else ``article:published_time`` / ``date`` metadata, the date fallback; the canonical URL
the source fallback.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import re
from pathlib import Path
from typing import Any

from statementsearch.errors import CorpusError
from statementsearch.ingest.readers import Document

# Content with fewer letters than this is not a statement (a menu, a cookie wall).
MIN_CONTENT_LETTERS = 40
_NEVER = (
    "script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, "
    "select, input, textarea, dialog"
)
_CHROME = (
    "nav, aside, footer, [role=navigation], [role=banner], [role=contentinfo], "
    "[role=complementary], [role=search], [aria-hidden=true], [hidden]"
)
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|sidebar|side-bar|breadcrumbs?|cookies?|consent|"
    r"related|newsletter|subscribe|comments?|menu|navbar|advert|ads|promo|tags)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK = frozenset(
    """p div section article main header h1 h2 h3 h4 h5 h6 blockquote pre address figure
    figcaption dl dt dd table thead tbody tfoot tr details summary center""".split()  # noqa: SIM905
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="DC.date"]',
    'meta[name="dcterms.date"]',
)


def _decode(data: bytes, path: Path) -> str:
    """The page's text: BOM, else its <meta charset>, else UTF-8."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    declared = _CHARSET.search(data[:4096])
    encoding = declared.group(1).decode("ascii").lower() if declared else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorpusError(
            str(path), f"not valid {encoding.upper()} (byte {exc.start}); save the page as UTF-8"
        ) from None


class _Writer:
    """Collects blocks: lines of inline text, blank lines between paragraphs."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.inline: list[str] = []

    def text(self, piece: str) -> None:
        self.inline.append(piece)

    def end_line(self, blank: bool = True) -> None:
        line = _SPACE.sub(" ", "".join(self.inline)).strip()
        self.inline = []
        if line:
            self.blocks.append(line)
        if blank and self.blocks and self.blocks[-1]:
            self.blocks.append("")

    def result(self) -> str:
        self.end_line()
        return "\n".join(self.blocks).strip() + "\n"


def _walk(node: Any, out: _Writer) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            out.text(child.text_content or "")
        elif tag == "br":
            out.end_line(blank=False)
        elif tag in ("ol", "ul"):
            _walk_list(child, out)
        elif tag == "tr":
            # A row as a pipe-table line: the signatory reader's table rules (header, number
            # and place columns) then read web pages, Word files and text alike.
            out.end_line(blank=False)
            if cells := _cells(child):
                out.text("| " + " | ".join(cells) + " |")
            out.end_line(blank=False)
        elif tag in _BLOCK:
            out.end_line()
            _walk(child, out)
            out.end_line()
        elif tag not in ("-comment", "head"):
            _walk(child, out)


def _cells(row: Any) -> list[str]:
    """The text of each cell of a table row (``<td>``/``<th>``), empty cells left out."""
    cells = []
    for cell in row.iter():
        if cell.tag in ("td", "th"):
            inner = _Writer()
            _walk(cell, inner)
            text = " ".join(inner.result().split()).replace("|", "/")
            if text:
                cells.append(text)
    return cells


def _walk_list(node: Any, out: _Writer) -> None:
    out.end_line()
    ordered = node.tag == "ol"
    try:
        number = int(node.attributes.get("start") or 1)
    except ValueError:
        number = 1
    for item in node.iter():
        if item.tag != "li":
            continue
        if ordered:
            with contextlib.suppress(ValueError):
                number = int(item.attributes.get("value") or number)
        out.text(f"{number}. " if ordered else "- ")
        _walk(item, out)
        out.end_line(blank=False)
        number += 1
    out.end_line()


def _content_root(tree: Any) -> Any:
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda a: len(a.text(deep=True)))
    for selector in ("main", "[role=main]"):
        if found := tree.css_first(selector):
            return found
    return tree.body


def _drop_chrome(root: Any, inside_article: bool) -> None:
    for node in root.css(_CHROME):
        node.decompose()
    if not inside_article:  # a site header; an <article>'s own <header> holds its title
        for node in root.css("header"):
            node.decompose()
    for node in root.css("[class], [id]"):
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME_NAME.search(names) and node.tag not in ("body", "main", "article"):
            node.decompose()


def _find_date(tree: Any, root: Any) -> dt.date | None:
    candidates = [t.attributes.get("datetime") for t in root.css("time[datetime]")]
    candidates += [m.attributes.get("content") for s in _DATE_META for m in tree.css(s)]
    for raw in candidates:
        try:
            return dt.date.fromisoformat((raw or "").strip()[:10])
        except ValueError:
            continue
    return None


def read_html(path: Path) -> Document:
    """Read a saved web page's main content; refuse a page with none, by name."""
    from selectolax.lexbor import LexborHTMLParser

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(path), f"cannot read: {exc.strerror or exc}") from None
    tree = LexborHTMLParser(_decode(data, path))
    for node in tree.css(_NEVER):
        node.decompose()
    page_title = tree.css_first("title")
    canonical = tree.css_first('link[rel="canonical"]') or tree.css_first('meta[property="og:url"]')
    root = _content_root(tree)
    if root is None:
        raise CorpusError(str(path), "no main content: the page has no body")
    _drop_chrome(root, inside_article=root.tag == "article")
    named = root.css_first("h1") or page_title
    title = _SPACE.sub(" ", named.text()) if named is not None else ""
    out = _Writer()
    _walk(root, out)
    text = out.result()
    if sum(ch.isalpha() for ch in text) < MIN_CONTENT_LETTERS:
        raise CorpusError(
            str(path),
            "no main content: nothing left once navigation, footers and scripts are removed",
        )
    source = None
    if canonical is not None:
        source = canonical.attributes.get("href") or canonical.attributes.get("content")
    return Document(
        text,
        "html",
        title=title.strip() or None,
        date=_find_date(tree, root),
        date_from="the page's <time> or date metadata",
        source=source if source and source.startswith(("http://", "https://")) else None,
    )
