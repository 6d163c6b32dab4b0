"""Atom feeds: follow an organisation (``/organisations/<id>.atom``) or a search
(``/statements.atom?q=...``) in any feed reader.

Built with ``feedgen`` (maintained, valid Atom 1.0) from the same ``search`` calls as the
pages. Newest first, at most ``FEED_ENTRIES``. Everything in a feed comes from the data,
never from the build or the clock, so a rebuild of the same corpus gives the same feed:
an entry's id is a tag URI of the statement id (the same in every feed that lists it), its
``updated`` is the statement's date (undated: ``EPOCH``), the feed's ``updated`` is its
newest entry's. Feeds are language-neutral, like the JSON API. Pages that have a feed link
it with ``<link rel="alternate" type="application/atom+xml">`` (``inject_feed_url``).
Feed readers poll: a feed is cached per build (it cannot change within one) and per
host and query string (its links are absolute).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, urlencode

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, request, url_for

from statementsearch.search.service import (
    SearchRequest,
    get_organisation,
    parse_search_request,
    search_statements,
)
from statementsearch.web.handle import get_library

bp = Blueprint("feeds", __name__)

FEED_ENTRIES = 50
ATOM = "application/atom+xml"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# RFC 4151 tag URIs: stable whatever host or scheme the site is served under.
DEFAULT_TAG_AUTHORITY = "statementsearch,2026"
# Search parameters that define *which* statements a search feed follows (page, per_page
# and sort do not: a feed is always the newest first).
SEARCH_FEED_PARAMETERS = ("q", "mode", "organisation", "date_from", "date_to")


def _tag(specific: str) -> str:
    authority = current_app.config.get("FEED_TAG_AUTHORITY", DEFAULT_TAG_AUTHORITY)
    return f"tag:{authority}:{specific}"


def _when(iso: str | None) -> dt.datetime:
    if not iso:
        return EPOCH
    return dt.datetime.combine(dt.date.fromisoformat(iso), dt.time(), tzinfo=dt.UTC)


def _feed(feed_id: str, title: str, page_url: str, self_url: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.author({"name": "Statement search"})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=self_url, rel="self", type=ATOM)
    return feed


def _add_entries(feed: FeedGenerator, items: Iterable[dict[str, Any]], summary_key: str) -> None:
    newest = EPOCH
    for item in items:
        entry = feed.add_entry(order="append")  # items come newest first
        entry.id(_tag(f"statement:{item['id']}"))
        entry.title(item.get("title") or item["id"])
        entry.link(href=url_for("views.statement", statement_id=item["id"], _external=True))
        when = _when(item.get("date"))
        entry.updated(when)
        if item.get("date"):
            entry.published(when)
        summary = item.get(summary_key)
        if summary:
            entry.summary(str(summary), type="html" if summary_key == "snippet" else "text")
        newest = max(newest, when)
    feed.updated(newest)


def _atom(build: Callable[[], FeedGenerator]) -> Response:
    """The feed ``build`` makes, from this build's cache when it was made before."""
    key = ("atom", request.host_url, request.full_path)
    body = get_library().release().cached(key, lambda: build().atom_str(pretty=True))
    return Response(body, content_type=f"{ATOM}; charset=utf-8")


@bp.get("/organisations/<organisation_id>.atom")
def organisation_feed(organisation_id: str) -> Response:
    """The newest statements an organisation signed (a merged or old id answers 308)."""
    return _atom(lambda: _organisation_feed(organisation_id))


def _organisation_feed(organisation_id: str) -> FeedGenerator:
    record = get_organisation(get_library(), organisation_id)
    oid = record["id"]
    feed = _feed(
        _tag(f"organisation:{oid}"),
        f"Statements signed by {record['name']}",
        url_for("views.organisation", organisation_id=oid, _external=True),
        url_for("feeds.organisation_feed", organisation_id=oid, _external=True),
    )
    items = [
        {**signed, "summary": f"Signed as: {signed['name_as_signed']}"}
        for signed in record["statements"][:FEED_ENTRIES]
    ]
    _add_entries(feed, items, "summary")
    return feed


def _search_query(search: SearchRequest) -> str:
    """The search's defining parameters in a fixed order (the feed's id and links)."""
    pairs: list[tuple[str, str]] = []
    if search.q:
        pairs.append(("q", search.q))
    if search.mode != "simple":
        pairs.append(("mode", search.mode))
    for org in search.organisations:
        pairs.append(("organisation", org))
    if search.language:
        pairs.append(("language", search.language))
    for name, day in (("date_from", search.date_from), ("date_to", search.date_to)):
        if day is not None:
            pairs.append((name, day.isoformat()))
    return urlencode(pairs, quote_via=quote)


@bp.get("/statements.atom")
def statements_feed() -> Response:
    """The newest statements matching a search (any of the page's filters)."""
    return _atom(_statements_feed)


def _statements_feed() -> FeedGenerator:
    args = request.args.copy()
    # Item assignment replaces (MultiDict.update would add a second value).
    for name, value in (("sort", "date"), ("page", "1"), ("per_page", str(FEED_ENTRIES))):
        args[name] = value
    search = parse_search_request(args)
    page = search_statements(get_library(), search)
    query = _search_query(search)
    suffix = f"?{query}" if query else ""
    described = f"“{search.q}”" if search.q else "all statements"
    if page.organisations:
        described += " signed by " + " and ".join(o["name"] for o in page.organisations)
    feed = _feed(
        _tag(f"statements{suffix}"),
        f"Statement search: {described}",
        url_for("views.statements", _external=True) + suffix,
        url_for("feeds.statements_feed", _external=True) + suffix,
    )
    _add_entries(feed, page.results, "snippet")
    return feed


@bp.app_context_processor
def inject_feed_url() -> dict[str, Any]:
    """The Atom feed of the page being rendered, if it has one (for the head and footer)."""
    endpoint = request.endpoint or ""
    url: str | None = None
    if endpoint == "views.organisation" and request.view_args:
        url = url_for("feeds.organisation_feed", **request.view_args)
    elif endpoint in ("views.statements", "views.home"):
        pairs = [
            (k, v) for k, v in request.args.items(multi=True) if k in SEARCH_FEED_PARAMETERS and v
        ]
        url = url_for("feeds.statements_feed")
        if pairs:
            url += "?" + urlencode(pairs)
    return {"feed_url": url}
