"""What the organisation pages add to search: the year chart, every co-signatory, the
A–Z / count / recent list and the "Did you mean …?" of a page that does not exist.

Views call these helpers (``views`` stays a thin list of routes); the data comes from
``search.browse``. Texts are translated here, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, g, request
from flask_babel import gettext, ngettext
from markupsafe import Markup

from statementsearch.search.browse import (
    CO_SIGNATORY_ORDERS,
    LIST_ORDERS,
    co_signatories_page,
    list_organisations,
    parse_order,
    parse_page,
    suggest_organisation,
    suggest_statement,
    year_counts,
)
from statementsearch.search.service import OrganisationRequest, SearchPage
from statementsearch.web.charts import year_chart
from statementsearch.web.handle import get_library
from statementsearch.web.i18n import current_language, number

CO_SIGNATORIES_PER_PAGE = 25


def organisation_parts(record: Mapping[str, Any]) -> dict[str, Any]:
    """The organisation page's chart data and its page of co-signatories (``co_sort``,
    ``co_page``); a bad parameter is a 400 naming it."""
    order = parse_order(request.args, "co_sort", CO_SIGNATORY_ORDERS)
    co = co_signatories_page(
        get_library(),
        record["id"],
        order,
        parse_page(request.args, "co_page"),
        CO_SIGNATORIES_PER_PAGE,
        current_language(),
    )
    return {"years": year_counts(record["statements"]), "co": co, "co_sort": order}


def organisation_list(search: OrganisationRequest) -> tuple[SearchPage, str]:
    """Every organisation in the order the ``sort`` parameter names (count, name, recent)."""
    order = parse_order(request.args, "sort", LIST_ORDERS)
    page = list_organisations(
        get_library(), order, search.page, search.per_page, current_language()
    )
    return page, order


def remember_organisation_suggestion(organisation_id: str) -> None:
    """On a 404: the organisation the error page offers ("Did you mean …?")."""
    g.did_you_mean = suggest_organisation(get_library(), organisation_id)


def remember_statement_suggestion(statement_id: str) -> None:
    found = suggest_statement(get_library(), statement_id)
    if found is not None:
        found["name"] = found["title"] or found["id"]
    g.did_you_mean = found


def render_year_chart(counts: Mapping[int, int], chart_id: str = "years") -> Markup:
    """The statements-per-year chart in the reader's language (a template global)."""
    total = sum(counts.values())
    first, last = (min(counts), max(counts)) if counts else (0, 0)
    return year_chart(
        counts,
        chart_id=chart_id,
        title=gettext("Statements per year"),
        description=ngettext(
            "%(count)s dated statement from %(first)s to %(last)s.",
            "%(count)s dated statements from %(first)s to %(last)s.",
            total,
            count=number(total),
            first=number(first),
            last=number(last),
        ),
        bar_label=lambda year, count: ngettext(
            "%(year)s: %(count)s statement",
            "%(year)s: %(count)s statements",
            count,
            year=number(year),
            count=number(count),
        ),
        number=number,
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals["year_chart"] = render_year_chart
