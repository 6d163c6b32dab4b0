"""The Flask application: configuration, the one Library, blueprints and error handling.

``create_app(config)`` is the only entry point (tests, ``statementsearch serve``, any WSGI
server). Routes live in ``views`` (HTML) and ``api`` (JSON); both call ``search``. This
module decides how errors look: JSON ``{"error": {"code", "message"}}`` under ``/api``, an
HTML page elsewhere, never a stack trace or a server path; only 5xx are logged. The app
never runs in debug mode (not even with ``FLASK_DEBUG=1``); ``security`` adds the headers
every response carries and the per-client rate limit.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, jsonify, redirect, render_template, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.wrappers import Response as BaseResponse

from statementsearch.errors import StatementSearchError
from statementsearch.search import deadline
from statementsearch.search.service import Moved
from statementsearch.web import api, browse, feeds, handle, i18n, security, views
from statementsearch.web.security import RateLimited

# Only GET is served and no route reads a body; should one ever do, a body larger than
# this is refused (413) instead of read into memory.
MAX_REQUEST_BYTES = 16 * 1024
# Pages that show a form: a 400 re-shows the form with the user's text and the message.
FORM_PAGES = {"views.statements": "statements.html", "views.organisations": "organisations.html"}


def find_templates() -> Path:
    """Templates ship inside the wheel (``statementsearch/templates``, pyproject's
    force-include); an editable install uses the repo's."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides INDEX_DIR / CORPUS_DIR / RATE_LIMIT /
    TRUSTED_PROXIES and any Flask setting (except DEBUG: never on)."""
    templates = find_templates()
    app = Flask(
        __name__,
        template_folder=str(templates),
        static_folder=str(templates / "static"),
        static_url_path="/static",
    )
    # An id never contains "/": `/api/organisations/a%2F/statements.csv` is a 404, not a
    # redirect to a path with the slashes merged (set before any /api or page rule).
    app.url_map.merge_slashes = False
    app.config.from_mapping(
        INDEX_DIR=os.environ.get("STATEMENTSEARCH_INDEX", "index"),
        CORPUS_DIR=os.environ.get("STATEMENTSEARCH_CORPUS", "corpus"),
        RATE_LIMIT=os.environ.get("STATEMENTSEARCH_RATE_LIMIT"),
        TRUSTED_PROXIES=os.environ.get("STATEMENTSEARCH_TRUSTED_PROXIES"),
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )
    if config:
        app.config.from_mapping(config)
    # Flask turns debug on from FLASK_DEBUG; debug pages would show code and paths.
    app.config["DEBUG"] = False
    app.debug = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.before_request(start_request)  # first: the deadline covers everything after it
    app.teardown_request(end_request)
    handle.init_app(app)
    i18n.init_app(app)
    browse.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(api.bp)
    security.init_app(app)
    app.register_error_handler(Moved, handle_moved)
    app.register_error_handler(RateLimited, handle_rate_limited)
    app.register_error_handler(StatementSearchError, handle_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(sqlite3.DatabaseError, handle_damaged_records)
    app.register_error_handler(Exception, handle_unexpected)
    return app


def start_request() -> None:
    """before_request: refuse methods other than GET and HEAD (Flask answers OPTIONS by
    itself otherwise), and start the request's deadline (``search.deadline``)."""
    if request.method not in ("GET", "HEAD"):
        raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
    g.deadline_token = deadline.start(
        current_app.config.get("REQUEST_SECONDS", deadline.REQUEST_SECONDS)
    )


def end_request(_: BaseException | None = None) -> None:
    token = g.pop("deadline_token", None)
    if token is not None:
        with suppress(ValueError):  # reset from another context: nothing to undo there
            deadline.stop(token)


def _wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def handle_moved(moved: Moved) -> BaseResponse:
    """A merged or old organisation id: 308 to the same kind of route under the new id."""
    args = dict(request.view_args or {})
    args["organisation_id"] = moved.new_id
    endpoint = request.endpoint or "views.organisation"
    target = current_app.url_for(endpoint, **args)
    if request.query_string:
        target += "?" + urlencode(list(request.args.items(multi=True)))
    return redirect(target, code=308)


PUBLIC_5XX = {
    "index_unavailable": "The search index is not available right now; try again shortly.",
    "query_timeout": "The search took too long; make it more specific.",
}


def error_response(
    status: int, code: str, message: str, *, logged: bool = False
) -> tuple[Response | str, int]:
    """The one error shape for JSON, the one error page (or re-shown form) for HTML."""
    if status >= 500 and not logged:
        # The real message may name server paths: it goes to the log, not to the client.
        current_app.logger.error(
            "%s %s -> %s %s: %s", request.method, request.path, status, code, message
        )
    if status >= 500:
        message = PUBLIC_5XX.get(code, "Internal error.")
    if _wants_json():
        return jsonify({"error": {"code": code, "message": message}}), status
    # An error page has no JSON twin to offer (the twin answers the same error).
    template = FORM_PAGES.get(request.endpoint or "") if status == 400 else None
    if template is not None:
        page = render_template(template, error=message, form=request.args, json_url=None)
        return page, status
    page = render_template("error.html", status=status, code=code, message=message, json_url=None)
    return page, status


def handle_error(error: StatementSearchError) -> tuple[Response | str, int]:
    return error_response(error.status, error.code, error.message)


def handle_rate_limited(error: RateLimited) -> Response:
    """429 in the one error shape, with ``Retry-After`` (whole seconds)."""
    body, status = error_response(error.status, error.code, error.message)
    response = current_app.make_response((body, status))
    response.headers["Retry-After"] = str(error.retry_after)
    return response


def handle_http_error(error: HTTPException) -> Response | HTTPException:
    status = error.code or 500
    if status < 400:  # routing redirects (e.g. a missing trailing slash) pass through
        return error
    code = (error.name or "error").lower().replace(" ", "_")
    messages = {404: f"Nothing at {request.path}.", 405: f"{request.method} is not allowed here."}
    body, status = error_response(
        status, code, messages.get(status, error.description or error.name)
    )
    response = current_app.make_response((body, status))
    if "Allow" in (headers := dict(error.get_headers())):  # a 405 names the allowed methods
        response.headers["Allow"] = headers["Allow"]
    return response


def handle_damaged_records(error: sqlite3.DatabaseError) -> tuple[Response | str, int]:
    """A record store that cannot be read (a damaged ``records.sqlite``) is an index that
    is not available, not a bug: 503, as ``/api/health`` says too."""
    current_app.logger.error(
        "record store unreadable on %s %s: %s", request.method, request.path, error
    )
    return error_response(503, "index_unavailable", "", logged=True)


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, "internal_error", "", logged=True)
