"""Drive Debian's Chromium against the real ``statementsearch serve`` (gunicorn) process.

Skipped, with the reason, when /usr/bin/chromium or the ``playwright`` package is missing.
No browser is ever downloaded: Playwright launches the system Chromium by path.
To run: ``apt-get install chromium fonts-noto-core fonts-sil-padauk`` and
``pip install playwright`` (never ``playwright install``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import serve_web_corpus

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
REAL_CORPUS = Path(__file__).parent.parent / "corpus"
REAL = "2022-09-26-sham-peace-dialogue-statement"
STAR_BURMESE = "ကြယ်စင်အမျိုးသမီးအဖွဲ့"
STAR = "star-women-group"
RIVER_TITLE = "Fixture Statement on River Access"
# Fonts that cover Myanmar script, in the order of the stylesheet's font stack.
MYANMAR_FONTS = ("Noto Sans Myanmar", "Padauk", "Myanmar Text", "Myanmar Sangam MN")

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
)
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server over a fresh index (``serve`` builds it: there is none yet)."""
    tmp = tmp_path_factory.mktemp("browser")
    with serve_web_corpus(tmp) as base:
        yield base
    log_text = (tmp / "server.log").read_text("utf-8", "replace")
    assert '"GET /api/health HTTP/1.1" 200' in log_text  # one access-log line per request


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: errors.append(f"{m.text} {m.location}") if m.type == "error" else None,
    )
    try:
        yield page
    finally:
        context.close()
    assert errors == [], "the page logged errors"


def test_find_organisation_by_burmese_name_and_follow_links(page: Any) -> None:
    expect = sync_api.expect
    page.goto("/organisations")
    box = page.get_by_label("Organisation name or acronym")
    box.fill("ကြယ်စင်")
    box.press("Enter")
    page.wait_for_url("**/organisations?q=*")
    page.get_by_role("link", name=STAR_BURMESE).click()
    page.wait_for_url(f"**/organisations/{STAR}")
    expect(page.get_by_role("heading", level=1)).to_have_text(STAR_BURMESE)
    expect(page.locator("table.signed tbody tr")).to_have_count(3)

    page.get_by_role("link", name=RIVER_TITLE).click()
    page.wait_for_url("**/statements/2023-05-01-fixture-river-statement")
    expect(page.get_by_role("heading", level=1)).to_have_text(RIVER_TITLE)
    signatories = page.locator("ol.signatories a")
    expect(signatories).to_have_count(4)

    page.locator("ol.signatories").get_by_role("link", name=STAR_BURMESE).click()
    page.wait_for_url(f"**/organisations/{STAR}")
    expect(page.get_by_role("heading", level=1)).to_have_text(STAR_BURMESE)


def test_organisation_box_suggests_as_you_type(page: Any) -> None:
    page.goto("/")
    box = page.get_by_label("Organisation name or acronym")
    box.press_sequentially("Riverb", delay=30)
    list_id = box.get_attribute("list")
    assert list_id
    option = page.locator(f"#{list_id} option").first
    sync_api.expect(option).to_have_attribute(
        "value", "မြစ်ကမ်းလူငယ်ကွန်ရက် – Riverbank Youth Network (RYN)"
    )


def test_burmese_glyphs_render_not_tofu(page: Any, tmp_path: Path) -> None:
    """Burmese text on the statement page is drawn by a Myanmar font, not as boxes.

    Two independent checks:
    1. Chromium reports (DevTools ``CSS.getPlatformFontsForNode``) which installed font
       drew the glyphs of the Burmese name: it must be one that covers Myanmar script.
    2. Widths, measured in the page with its own CSS for lang="my": without a Myanmar font
       every Burmese letter is the same missing-glyph box, as wide as the box drawn for
       the non-character U+FFFF. With one, the narrow ဂ and the wide ည differ, and ည
       differs from the box. (Checked both ways: with fontconfig limited to DejaVu, all
       three measure 6 px; with Noto Sans Myanmar, 9.1 / 15.5 / 9.6 px. A combining-mark
       test, "ကိ" as wide as "က", does not discriminate: Chromium draws one box per
       cluster.)
    """
    page.goto("/statements/2023-05-01-fixture-river-statement")
    name = page.locator('ol.signatories span[lang="my"]', has_text=STAR_BURMESE)
    sync_api.expect(name).to_be_visible()
    shot = tmp_path / "statement.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    selector = "ol.signatories li:nth-child(4) span[lang='my']"
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    used = {font["familyName"] for font in fonts if font["glyphCount"] > 0}
    assert used & set(MYANMAR_FONTS), f"Burmese drawn with {used}"

    widths = page.evaluate(
        """() => {
            const measure = (text) => {
                const span = document.createElement("span");
                span.lang = "my";
                span.textContent = text;
                document.querySelector("main").appendChild(span);
                const width = span.getBoundingClientRect().width;
                span.remove();
                return width;
            };
            return {ga: measure("ဂ"), nya: measure("ည"), box: measure("\\uFFFF")};
        }"""
    )
    assert widths["ga"] > 0
    assert abs(widths["nya"] - widths["ga"]) > 1, widths
    assert abs(widths["nya"] - widths["box"]) > 1, widths


def test_pages_run_under_the_content_security_policy(page: Any, server: str) -> None:
    """The real server sends the CSP; the pages and the suggestion script work under it
    (a blocked inline script or style would be a console error, failing ``page``)."""
    response = page.goto("/statements?q=peace")
    assert response is not None
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    sync_api.expect(page.locator("p.snippet mark").first).to_be_visible()
    box = page.get_by_label("Signed by (organisation name)")
    box.press_sequentially("Star Wom", delay=30)
    option = page.locator(f"#{box.get_attribute('list')} option").first
    sync_api.expect(option).to_have_attribute("value", STAR_BURMESE)


def test_hostile_suggestions_are_inserted_as_text(page: Any) -> None:
    """Names from the API become option text, never markup: nothing runs, no element
    appears (the API's answer is replaced by one carrying script and an onerror image)."""
    hostile = [
        "<script>alert(1)</script> Relief Union",
        '"><img src=x onerror=alert(2)> Youth Network',
    ]
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    results = [{"id": f"hostile-{i}", "name": name} for i, name in enumerate(hostile)]
    page.route(
        "**/api/organisations?*",
        lambda route: route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"results": results})
        ),
    )
    page.goto("/")
    box = page.get_by_label("Organisation name or acronym")
    box.press_sequentially("Relief", delay=30)
    options = page.locator(f"#{box.get_attribute('list')} option")
    sync_api.expect(options).to_have_count(2)
    assert [options.nth(i).get_attribute("value") for i in range(2)] == hostile
    assert page.locator("main img, datalist img, datalist script").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


@pytest.fixture(scope="module")
def real_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server over the real statement in corpus/."""
    tmp = tmp_path_factory.mktemp("browser-real")
    with serve_web_corpus(tmp, corpus=REAL_CORPUS) as base:
        yield base


def test_search_a_signatory_from_the_home_page_narrow_and_export(
    browser: Any, real_server: str, tmp_path: Path
) -> None:
    """ရန်ကုန် is only in a signatory's name: the home page's search finds the statement
    with its "Signed by" line; a facet narrows; the CSV download has every match."""
    expect = sync_api.expect
    context = browser.new_context(base_url=real_server, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto("/")
        box = page.get_by_label("Words in a statement")
        box.fill("ရန်ကုန်")
        box.press("Enter")
        page.wait_for_url("**/statements?q=*")
        expect(page.locator("#results-heading")).to_contain_text("1 statement matches")
        result = page.locator("ol.results li").first
        expect(result.locator("h3 a")).to_contain_text("The undersigned Civil Society")
        signed = result.locator("p.signed-by")
        expect(signed).to_contain_text("Signed by")
        expect(signed.locator("mark")).to_contain_text("Yangon")

        page.locator("ul.facet-years").get_by_role("link", name="2022").click()
        page.wait_for_url("**date_from=2022-01-01*")
        expect(page.locator("#results-heading")).to_contain_text("1 statement matches")
        expect(page.locator(".active-filters")).to_contain_text("from 2022-01-01")

        with page.expect_download() as download_info:
            page.get_by_role("link", name="CSV").click()
        path = tmp_path / "statements.csv"
        download_info.value.save_as(path)
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [row["id"] for row in rows] == [REAL]
        assert "Yangon" in rows[0]["signed_by"]
    finally:
        context.close()
    assert errors == []
def myanmar_fonts_for(page: Any, selector: str) -> set[str]:
    """The installed fonts Chromium drew a node's glyphs with (DevTools)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"] for font in fonts if font["glyphCount"] > 0}


def test_burmese_interface_search_organisation_chart_and_back(page: Any, tmp_path: Path) -> None:
    """A reader switches to Burmese, searches, opens an organisation, reads its chart and
    Burmese labels (drawn by a Myanmar font, not as boxes), follows its feed, switches back."""
    expect = sync_api.expect
    page.goto("/")
    page.locator("#language-switch").click()
    page.wait_for_url("**/")
    expect(page.locator("html")).to_have_attribute("lang", "my")
    assert any(c["name"] == "lang" and c["value"] == "my" for c in page.context.cookies())

    box = page.get_by_label("ထုတ်ပြန်ချက်ထဲမှ စကားလုံးများ")  # "Words in a statement"
    box.fill("peace")
    page.get_by_role("button", name="ထုတ်ပြန်ချက်များ ရှာရန်").click()
    page.wait_for_url("**/statements?q=peace")
    expect(page.locator("#results-heading")).to_contain_text("ကိုက်ညီသော ထုတ်ပြန်ချက်")
    expect(page.locator("#results-heading")).to_contain_text("၂ စောင်")  # Burmese digits

    page.goto("/organisations")
    org_box = page.get_by_label("အဖွဲ့အစည်း အမည် သို့မဟုတ် အတိုကောက်")
    org_box.fill("ကြယ်စင်")
    org_box.press("Enter")
    page.get_by_role("link", name=STAR_BURMESE).click()
    page.wait_for_url(f"**/organisations/{STAR}")
    expect(page.locator("#years-heading")).to_have_text("နှစ်အလိုက် ထုတ်ပြန်ချက်များ")
    bars = page.locator("svg.chart rect.bar")
    expect(bars).to_have_count(3)
    assert [bars.nth(i).get_attribute("data-count") for i in range(3)] == ["1", "1", "1"]
    expect(page.locator("svg.chart text.year").first).to_have_text("၂၀၂၁")
    expect(page.locator("time").first).to_have_text("၂၀၂၃ ခုနှစ် မေလ ၁ ရက်")
    box_height = page.locator("svg.chart").bounding_box()
    assert box_height is not None and box_height["height"] > 50

    shot = tmp_path / "organisation-my.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    # Interface text, chart numerals and names: each drawn by a font covering Myanmar.
    for selector in ("#years-heading", "svg.chart text.year", "#co-heading", "nav a.brand"):
        used = myanmar_fonts_for(page, selector)
        assert used & set(MYANMAR_FONTS), f"{selector} drawn with {used}"
    # And not as .notdef boxes: the label's width differs from the same number of boxes.
    widths = page.evaluate(
        """() => {
            const heading = document.querySelector("#years-heading");
            const measure = (text) => {
                const span = document.createElement("span");
                span.textContent = text;
                heading.appendChild(span);
                const width = span.getBoundingClientRect().width;
                span.remove();
                return width;
            };
            const label = heading.textContent;
            return {
                label: measure(label),
                boxes: measure("\\uFFFF".repeat(label.length)),
                ga: measure("ဂ"),
                nya: measure("ည"),
            };
        }"""
    )
    assert abs(widths["nya"] - widths["ga"]) > 1, widths
    assert abs(widths["label"] - widths["boxes"]) > 5, widths

    feed_link = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    expect(feed_link).to_have_attribute("href", f"/organisations/{STAR}.atom")
    answer = page.request.get(f"/organisations/{STAR}.atom")
    assert answer.ok and answer.headers["content-type"].startswith("application/atom+xml")
    import feedparser

    feed = feedparser.parse(answer.body())
    assert not feed.bozo and len(feed.entries) == 3

    page.locator("#language-switch").click()
    page.wait_for_url(f"**/organisations/{STAR}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#years-heading")).to_have_text("Statements per year")
    expect(page.locator("svg.chart text.year").first).to_have_text("2021")
