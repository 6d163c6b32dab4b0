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
from markupsafe import Markup, escape

from statementsearch.errors import NotFound
from statementsearch.ingest.corpus import find_original
from statementsearch.ingest.readers import MEDIA_TYPES, reader_for
from statementsearch.search.service import (
    MAX_PAGE,
    get_organisation,
    get_statement,
    health,
    parse_organisation_request,
    parse_search_request,
    search_organisations,
    search_statements,
)
from statementsearch.web.handle import get_library

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
    return Markup(_MYANMAR_RUN.sub(lambda m: f'<span lang="my">{m.group(0)}</span>', safe))


@bp.app_template_global()
def page_url(number: int) -> str:
    """This page's URL with the same parameters and ``page=number``."""
    args = request.args.to_dict()
    args["page"] = str(number)
    return (
        url_for(request.endpoint or "views.home", **(request.view_args or {}))
        + "?"
        + (urlencode(args))
    )


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
        organisation_name=page.organisation["name"] if page.organisation else None,
    )


# What the statement page's "Original (...)" link calls each format.
ORIGINAL_LABELS = {"pdf": "PDF", "docx": "Word", "html": "web page", "text": "text"}


@bp.get("/statements/<statement_id>")
def statement(statement_id: str) -> str:
    record = get_statement(get_library(), statement_id)
    original = None
    if not record.get("withheld"):
        path = find_original(current_app.config["CORPUS_DIR"], record["id"])
        reader = reader_for(path) if path else None
        if reader:
            url = url_for("views.statement_original", statement_id=record["id"])
            original = {"url": url, "label": ORIGINAL_LABELS[reader]}
    return render_template("statement.html", statement=record, original=original)


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
    page = search_organisations(get_library(), search)
    return render_template("organisations.html", form=request.args, page=page, search=search)


@bp.get("/organisations/<organisation_id>")
def organisation(organisation_id: str) -> str:
    record = get_organisation(get_library(), organisation_id)
    return render_template(
        "organisation.html",
        organisation=record,
        newest=record["statements"][:ORGANISATION_PAGE_STATEMENTS],
    )
