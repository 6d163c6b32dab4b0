"""Request parsing: query parameters in, small frozen request objects out.

A bad parameter is a 400 naming it (never quietly replaced by a default); numbers that
are valid but out of range are refused too, with the range. Query text is
Zawgyi-converted and NFC-normalised here, once, and the request says if it was converted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from statementsearch.errors import BadRequest
from statementsearch.text.normalise import normalise_text

_DIGITS = re.compile(r"[0-9]{1,9}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_QUERY_CHARS = 500
MAX_PER_PAGE = 100
MAX_PAGE = 1000
DEFAULT_PER_PAGE = 20
# Statements signed by all of these at once: more would only ever match nothing.
MAX_FILTER_ORGANISATIONS = 10
LANGUAGES = ("en", "my", "en+my")


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    mode: str = "simple"
    # Statements signed by every one of these organisation ids.
    organisations: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    language: str | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    # The query was typed in Zawgyi and converted to Unicode (the page says so).
    zawgyi: bool = False
    # A name typed into the filter box: its best organisation match joins ``organisations``.
    organisation_name: str | None = None

    @property
    def organisation(self) -> str | None:
        """The first organisation filter (the single-organisation form of older callers)."""
        return self.organisations[0] if self.organisations else None


@dataclass(frozen=True)
class OrganisationRequest:
    q: str = ""
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


def clean_query_text(text: str, name: str = "q") -> str:
    """Normalise what a user typed: Zawgyi -> Unicode, NFC, trimmed, bounded length."""
    return _clean(text, name)[0]


def _clean(text: str, name: str = "q") -> tuple[str, bool]:
    if len(text) > MAX_QUERY_CHARS:
        raise BadRequest(f"parameter '{name}' is longer than {MAX_QUERY_CHARS} characters")
    normalised, zawgyi_lines = normalise_text(text)
    return normalised.strip(), bool(zawgyi_lines)


def _int_param(args: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    # int() would also take "+5", "1_0" and non-ASCII digits: accept plain digits only.
    if not _DIGITS.fullmatch(raw):
        raise BadRequest(f"parameter '{name}' must be a whole number, got {raw!r}")
    value = int(raw)
    if value < 1:
        raise BadRequest(f"parameter '{name}' must be 1 or more, got {value}")
    if value > maximum:
        raise BadRequest(f"parameter '{name}' must be at most {maximum}, got {value}")
    return value


def _date_param(args: Mapping[str, str], name: str) -> dt.date | None:
    raw = args.get(name)
    if not raw:
        return None
    try:
        if not _ISO_DATE.fullmatch(raw):  # fromisoformat also takes 20220101, 2022-W01-1
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"parameter '{name}' must be a date as YYYY-MM-DD, got {raw!r}") from None


def _choice_param(args: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    raw = args.get(name) or choices[0]
    if raw not in choices:
        raise BadRequest(f"parameter '{name}' must be one of {', '.join(choices)}, got {raw!r}")
    return raw


def _list_param(args: Mapping[str, str], name: str) -> tuple[str, ...]:
    """A repeatable parameter (``?organisation=a&organisation=b``), blanks and repeats
    dropped, in the order given."""
    getlist = getattr(args, "getlist", None)
    raw = getlist(name) if getlist is not None else [args.get(name) or ""]
    if len(raw) > MAX_FILTER_ORGANISATIONS:
        raise BadRequest(f"parameter '{name}' is given more than {MAX_FILTER_ORGANISATIONS} times")
    return tuple(dict.fromkeys(v.strip() for v in raw if v and v.strip()))


def parse_search_request(args: Mapping[str, str]) -> SearchRequest:
    """Validate request parameters into a SearchRequest; a bad one is a 400 naming it."""
    q, zawgyi = _clean(args.get("q", "") or "")
    language = args.get("language") or None
    if language is not None and language not in LANGUAGES:
        raise BadRequest(
            f"parameter 'language' must be one of {', '.join(LANGUAGES)}, got {language!r}"
        )
    request = SearchRequest(
        q=q,
        mode=_choice_param(args, "mode", ("simple", "advanced")),
        organisations=_list_param(args, "organisation"),
        date_from=_date_param(args, "date_from"),
        date_to=_date_param(args, "date_to"),
        language=language,
        sort=_choice_param(args, "sort", ("relevance", "date")),
        page=_int_param(args, "page", 1, MAX_PAGE),
        per_page=_int_param(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
        zawgyi=zawgyi,
        organisation_name=clean_query_text(args.get("organisation_name") or "", "organisation_name")
        or None,
    )
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise BadRequest("parameter 'date_from' is after 'date_to'")
    return request


def parse_organisation_request(args: Mapping[str, str]) -> OrganisationRequest:
    """Validate organisation-search parameters; a bad one is a 400 naming it."""
    return OrganisationRequest(
        q=clean_query_text(args.get("q", "") or ""),
        page=_int_param(args, "page", 1, MAX_PAGE),
        per_page=_int_param(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )
