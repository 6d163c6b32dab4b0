"""The interface in Burmese and English: the catalogue covers every template string, the
compiled catalogue is current, the language is chosen and remembered, Burmese numerals
and dates, lang attributes on mixed text, and a JSON API that ignores the language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from statementsearch.web import i18n
from statementsearch.web.i18n import burmese_date, mark_latin_runs
from test_views import RIVER, STAR, page

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
TRANSLATIONS = ROOT / "src" / "statementsearch" / "web" / "translations"
BURMESE_PO = TRANSLATIONS / "my" / "LC_MESSAGES" / "messages.po"
BURMESE_MO = TRANSLATIONS / "my" / "LC_MESSAGES" / "messages.mo"
# Text a template may show untranslated: format names, an input pattern, query operators.
NOT_WORDS = {"JSON", "CSV", "YYYY-MM-DD", "AND", "OR", "NOT", "text", "signatory"}  # query syntax
_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def source_messages() -> set[str]:
    """Every msgid in the templates and the web package, as `pybabel extract` finds them."""
    found: set[str] = set()
    sources = [
        (TEMPLATES, [("**.html", "jinja2")]),
        (ROOT / "src" / "statementsearch" / "web", [("**.py", "python")]),
    ]
    for directory, method_map in sources:
        for _, _, message, _, _ in extract_from_dir(str(directory), method_map):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue() -> dict[str, str]:
    with BURMESE_PO.open("rb") as handle:
        po = read_po(handle)
    return {
        (m.id[0] if isinstance(m.id, tuple) else m.id): (
            m.string[0] if isinstance(m.string, tuple) else m.string
        )
        for m in po
        if m.id
    }


def test_every_interface_string_has_a_burmese_translation() -> None:
    translated = catalogue()
    messages = source_messages()
    assert len(messages) > 80
    missing = sorted(m for m in messages if not translated.get(m))
    assert missing == [], "run pybabel extract/update and translate these"
    assert sorted(set(translated) - messages) == [], "the catalogue has strings nobody uses"


def test_translations_keep_their_placeholders() -> None:
    for msgid, msgstr in catalogue().items():
        assert sorted(_PLACEHOLDER.findall(msgstr)) == sorted(_PLACEHOLDER.findall(msgid)), msgid
        assert msgstr != msgid or not re.search("[a-z]{3}", msgid), msgid


def test_compiled_catalogue_is_current() -> None:
    """The committed .mo (what a wheel ships) says what the .po says."""
    with BURMESE_MO.open("rb") as handle:
        compiled = {
            (m.id[0] if isinstance(m.id, list | tuple) else m.id): (
                m.string[0] if isinstance(m.string, list | tuple) else m.string
            )
            for m in read_mo(handle)
            if m.id
        }
    assert compiled == catalogue(), "run pybabel compile -d src/statementsearch/web/translations"


class VisibleText(HTMLParser):
    """Text nodes and human-facing attributes of a template with its Jinja removed."""

    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_text_escapes_the_catalogue(template: str) -> None:
    """Any word written straight into a template (not through ``_()``) fails here."""
    parser = VisibleText()
    parser.feed(_JINJA.sub(" ", (TEMPLATES / template).read_text("utf-8")))
    words = {w for text in parser.texts for w in re.findall(r"[A-Za-z][\w-]+", text)}
    assert words <= NOT_WORDS, f"untranslated text in {template}: {sorted(words - NOT_WORDS)}"


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2022-09-26", "၂၀၂၂ ခုနှစ် စက်တင်ဘာလ ၂၆ ရက်"),
        ("2021-03-15", "၂၀၂၁ ခုနှစ် မတ်လ ၁၅ ရက်"),
        ("2024-08-01", "၂၀၂၄ ခုနှစ် ဩဂုတ်လ ၁ ရက်"),
        ("1999-12-31", "၁၉၉၉ ခုနှစ် ဒီဇင်ဘာလ ၃၁ ရက်"),
        ("not a date", "not a date"),
    ],
)
def test_burmese_dates(iso: str, expected: str) -> None:
    assert burmese_date(iso) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [("my", 2022, "၂၀၂၂"), ("my", 0, "၀"), ("my", 1234567890, "၁၂၃၄၅၆၇၈၉၀"), ("en", 2022, "2022")],
)
def test_numerals(app: Flask, language: str, value: int, expected: str) -> None:
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        assert i18n.number(value) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("ကြယ်စင် – Star", 'ကြယ်စင် – <span lang="en">Star</span>'),
        (
            "မြစ် – Riverbank Youth Network (RYN)",
            'မြစ် – <span lang="en">Riverbank Youth Network (RYN)</span>',
        ),
        ("Sun &amp; Moon", '<span lang="en">Sun</span> &amp; <span lang="en">Moon</span>'),
        ("a <mark>ရန်</mark>", '<span lang="en">a</span> <mark>ရန်</mark>'),
        ("ရန်ကုန်", "ရန်ကုန်"),
    ],
)
def test_latin_runs_are_marked_english(html: str, expected: str) -> None:
    assert str(mark_latin_runs(html)) == expected


@pytest.mark.parametrize(
    ("headers", "language"),
    [
        ({}, "en"),
        ({"Accept-Language": "my"}, "my"),
        ({"Accept-Language": "my-MM,en;q=0.5"}, "my"),
        ({"Accept-Language": "fr,en;q=0.8"}, "en"),
        ({"Accept-Language": "fr"}, "en"),
        ({"Accept-Language": "my", "Cookie": "en"}, "en"),  # the reader's choice wins
        ({"Cookie": "my"}, "my"),
        ({"Cookie": "xx", "Accept-Language": "my"}, "my"),
    ],
)
def test_language_choice(client: FlaskClient, headers: dict[str, str], language: str) -> None:
    if "Cookie" in headers:
        client.set_cookie("lang", headers.pop("Cookie"))
    response = client.get("/", headers=headers)
    assert f'<html lang="{language}">' in response.get_data(as_text=True)
    assert {"Cookie", "Accept-Language"} <= set(response.vary)


def test_switch_remembers_the_language_and_returns(client: FlaskClient) -> None:
    response = client.get(f"/language/my?next=/organisations/{STAR}?co_sort=name")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/organisations/{STAR}?co_sort=name"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=my;") and "SameSite=Lax" in cookie and "Max-Age=" in cookie
    html, tags = page(client, f"/organisations/{STAR}")
    assert tags.find("html", lang="my")
    assert "နှစ်အလိုက် ထုတ်ပြန်ချက်များ" in html  # "Statements per year"
    (switch,) = tags.find("a", id="language-switch")
    assert switch["lang"] == "en" and switch["href"] == f"/language/en?next=/organisations/{STAR}"
    client.get("/language/en")
    assert page(client, "/")[1].find("html", lang="en")


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/x", "x"])
def test_switch_never_leaves_the_site(client: FlaskClient, target: str) -> None:
    response = client.get(f"/language/my?next={target}")
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client: FlaskClient) -> None:
    assert client.get("/language/fr").status_code == 404


BURMESE_PAGES = [
    "/",
    "/statements?q=peace",
    f"/statements/{RIVER}",
    "/organisations",
    "/organisations?sort=recent",
    f"/organisations/{STAR}",
    "/organisations/no-such-organisation",
]


@pytest.mark.parametrize("url", BURMESE_PAGES)
def test_burmese_pages_show_no_english_interface_text(client: FlaskClient, url: str) -> None:
    """No English sentence of the catalogue is left on a page rendered in Burmese."""
    response = client.get(url, headers={"Accept-Language": "my"})
    html = response.get_data(as_text=True)
    assert '<html lang="my">' in html
    for msgid in catalogue():
        plain = _PLACEHOLDER.split(msgid)
        for piece in plain:
            if len(piece.split()) >= 3:  # a phrase, not a word that data may also contain
                assert piece.strip() not in html, (url, msgid)


def test_burmese_numerals_and_dates_on_pages(client: FlaskClient) -> None:
    client.set_cookie("lang", "my")
    html, _ = page(client, f"/organisations/{STAR}")
    assert '<time datetime="2023-05-01">၂၀၂၃ ခုနှစ် မေလ ၁ ရက်</time>' in html
    assert "<dd>၃</dd>" in html  # statements signed
    assert '<text class="year" x="22.0" y="110" text-anchor="middle">၂၀၂၁</text>' in html
    assert '<span lang="en">Star Women Group</span>' in html  # an English name in Burmese


def test_json_api_is_language_neutral(client: FlaskClient) -> None:
    for url in ("/api/statements?q=peace", f"/api/organisations/{STAR}", "/api/nowhere"):
        english = client.get(url)
        client.set_cookie("lang", "my")
        burmese = client.get(url, headers={"Accept-Language": "my"})
        client.delete_cookie("lang")
        assert burmese.status_code == english.status_code
        assert burmese.data == english.data
        assert "Accept-Language" not in burmese.vary


_JINJA_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_LITERAL = re.compile(r"""(['"])((?:(?!\1).)*)\1""")


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_sentence_in_template_code_escapes_the_catalogue(template: str) -> None:
    """A sentence in a Jinja expression (``{{ 'Next page' }}``) must be a catalogue msgid:
    every string literal with a space and a Latin word is a message, or an argument given
    to one."""
    with BURMESE_PO.open("rb") as handle:
        translated = {
            form
            for m in read_po(handle)
            if m.string
            for form in (m.id if isinstance(m.id, tuple) else [m.id])
        }
    source = (TEMPLATES / template).read_text("utf-8")
    for code in _JINJA_CODE.findall(source):
        for _, literal in _LITERAL.findall(code):
            if " " in literal and re.search("[A-Za-z]{2}", literal):
                assert literal in translated, f"{template}: {literal!r} is not translated"
