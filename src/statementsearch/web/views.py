"""HTML routes: parse the request, call ``search`` (as the API does), render a template.

No query logic lives here. Every page links to its JSON twin (a visible link, a
``<link rel="alternate">`` and a ``Link`` header). Text in Myanmar script is wrapped in
``lang="my"`` spans by the ``lang_my`` filter so browsers and screen readers treat it as
Burmese. Jinja autoescapes everything; only search snippets (already escaped by
``snippets``, with ``<mark>`` added) are marked safe.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request, send_file, url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from statementsearch.errors import NotFound
from statementsearch.ingest.corpus import find_original
from statementsearch.ingest.readers import MEDIA_TYPES, reader_for
from statementsearch.search.service import (
    EXPORT_MAX,
    MAX_PAGE,
    clean_query_text,
    get_organisation,
    get_statement,
    health,
    parse_organisation_request,
    parse_search_request,
    search_organisations,
    search_statements,
    signatories_once,
    statement_marks,
)
from statementsearch.search.snippets import mark_text
from statementsearch.web import browse
from statementsearch.web.handle import get_library
from statementsearch.web.i18n import current_language, mark_latin_runs

bp = Blueprint("views", __name__)

RECENT_STATEMENTS = 5
# An organisation page lists its newest statements; the rest are a paged search away (and
# in the CSV/JSON). The busiest organisation of a 10k corpus signed 4,000: as one page
# that was 1.8 MB of HTML and ~130 ms to render.
ORGANISATION_PAGE_STATEMENTS = 100
# Each page's JSON twin: the API endpoint with the same path arguments and query string.
JSON_TWINS = {
    "views.home": "api.statements",
    "views.statements": "api.statements",
    "views.statement": "api.statement",
    "views.organisations": "api.organisations",
    "views.organisation": "api.organisation",
}
_MY = "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f"
# A run of Myanmar-script text: Myanmar characters, joined by spaces and zero-width joiners.
_MYANMAR_RUN = re.compile(f"[{_MY}]+(?:[\\s\u200b-\u200d]+[{_MY}]+)*")


@bp.app_template_filter("lang_my")
def lang_my(text: str | None) -> Markup:
    """Escape ``text`` and wrap its Myanmar-script runs in ``<span lang="my">``.

    "ကြယ်စင် – Star" -> '<span lang="my">ကြယ်စင်</span> – Star'. Markup (a snippet) is
    already escaped: runs never contain ``<``, ``>`` or ``&``, so tags stay intact.
    """
    if text is None:
        return Markup("")
    safe = str(text) if isinstance(text, Markup) else str(escape(text))
    if current_language() == "my":  # a Burmese page: mark the English runs instead
        return mark_latin_runs(safe)
    return Markup(_MYANMAR_RUN.sub(lambda m: f'<span lang="my">{m.group(0)}</span>', safe))


@bp.app_template_global()
def page_url(number: int, param: str = "page", **changes: str) -> str:
    """This page's URL with the same parameters, ``param=number`` and any ``changes``."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != param and k not in changes]
    args += [(param, str(number)), *changes.items()]
    return (
        url_for(request.endpoint or "views.home", **(request.view_args or {}))
        + "?"
        + (urlencode(args))
    )


@bp.app_template_global()
def search_url(drop: tuple[str, ...] = (), drop_value: str | None = None, **changes: str) -> str:
    """The statement search with this page's parameters, changed: ``changes`` set (a
    facet narrows), ``drop`` removed (every value, or only ``drop_value``: one of several
    organisation filters). The page number is reset."""
    args = [
        (key, value)
        for key, value in request.args.items(multi=True)
        if key != "page"
        and key not in changes
        and not (key in drop and (drop_value is None or value == drop_value))
    ]
    if "organisation" in changes:  # one more organisation: statements signed by all
        args = [*args, *((k, v) for k, v in request.args.items(multi=True) if k == "organisation")]
    args += [(key, value) for key, value in changes.items() if value]
    return url_for("views.statements") + ("?" + urlencode(args) if args else "")


@bp.app_template_global()
def last_page(total: int, per_page: int) -> int:
    return max(1, min(MAX_PAGE, (total + per_page - 1) // per_page))


def json_twin_url() -> str | None:
    endpoint = JSON_TWINS.get(request.endpoint or "")
    if endpoint is None:
        return None
    target = url_for(endpoint, **(request.view_args or {}))
    if request.args:
        target += "?" + urlencode(list(request.args.items(multi=True)))
    return target


@bp.app_context_processor
def inject_json_twin() -> dict[str, Any]:
    return {"json_url": json_twin_url()}


@bp.after_request
def add_link_header(response: Response) -> Response:
    twin = json_twin_url()
    if twin is not None and response.status_code == 200:
        response.headers["Link"] = f'<{twin}>; rel="alternate"; type="application/json"'
    return response


@bp.get("/")
def home() -> str:
    library = get_library()
    recent = search_statements(library, parse_search_request({"per_page": str(RECENT_STATEMENTS)}))
    return render_template("home.html", counts=health(library), recent=recent)


@bp.get("/statements")
def statements() -> str:
    search = parse_search_request(request.args)
    page = search_statements(get_library(), search)
    return render_template(
        "statements.html",
        form=request.args,
        page=page,
        search=search,
        # The same chart as an organisation page, from the year facet (every match counted).
        year_counts=page.facets.years,
        export_max=EXPORT_MAX,
        export_query=urlencode(
            [(k, v) for k, v in request.args.items(multi=True) if k not in ("page", "per_page")]
        ),
    )


# What the statement page's "Original (...)" link calls each format.
def original_label(reader: str) -> str:
    """The name of a file format on the "Original (...)" link, in the reader's language."""
    labels = {"pdf": "PDF", "docx": "Word", "html": gettext("web page"), "text": gettext("text")}
    return labels[reader]


@bp.get("/statements/<statement_id>")
def statement(statement_id: str) -> str:
    library = get_library()
    try:
        record = get_statement(library, statement_id)
    except NotFound:
        browse.remember_statement_suggestion(statement_id)
        raise
    # Arriving from a search (?q=...): its words are marked in the text.
    q = clean_query_text(request.args.get("q", "") or "")
    needles = statement_marks(library, q) if q else []
    paragraphs = [
        Markup(mark_text(paragraph, needles))
        for paragraph in record["body"].split("\n\n")
        if paragraph.strip()
    ]
    original = None
    if not record.get("withheld"):
        path = find_original(current_app.config["CORPUS_DIR"], record["id"])
        reader = reader_for(path) if path else None
        if reader:
            url = url_for("views.statement_original", statement_id=record["id"])
            original = {"url": url, "label": original_label(reader)}
    return render_template(
        "statement.html",
        statement=record,
        original=original,
        paragraphs=paragraphs,
        signatories=signatories_once(record["organisations"]),
        q=q,
        source_link=record["source"]
        if record["source"] and re.match(r"https?://", record["source"])
        else None,
    )


@bp.get("/statements/<statement_id>/original")
def statement_original(statement_id: str) -> Response:
    """The file the statement was read from, as published: a PDF opens in the browser,
    other formats download (a saved web page is never rendered from this site)."""
    record = get_statement(get_library(), statement_id)
    if record.get("withheld"):
        # The file still names the organisations withheld from this site.
        raise NotFound(f"the original of {statement_id!r} is not served")
    path = find_original(current_app.config["CORPUS_DIR"], record["id"])
    reader = reader_for(path) if path else None
    if path is None or reader is None:
        raise NotFound(f"no original file for statement {statement_id!r}")
    return send_file(
        path,
        mimetype=MEDIA_TYPES[reader],
        as_attachment=reader != "pdf",
        download_name=f"{record['id']}{path.suffix.lower()}",
        max_age=0,
    )


@bp.get("/organisations")
def organisations() -> str:
    search = parse_organisation_request(request.args)
    if search.q:
        page, order = search_organisations(get_library(), search), None
    else:  # the list people browse: A–Z, by statement count, by most recent statement
        page, order = browse.organisation_list(search)
    return render_template(
        "organisations.html", form=request.args, page=page, search=search, order=order
    )


@bp.get("/organisations/<organisation_id>")
def organisation(organisation_id: str) -> str:
    try:
        record = get_organisation(get_library(), organisation_id)
    except NotFound:
        browse.remember_organisation_suggestion(organisation_id)
        raise
    return render_template(
        "organisation.html",
        organisation=record,
        newest=record["statements"][:ORGANISATION_PAGE_STATEMENTS],
        **browse.organisation_parts(record),
    )
