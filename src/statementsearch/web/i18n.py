"""The interface language (English or Burmese): choice, catalogues, numerals, dates.

Flask-Babel reads the gettext catalogues in ``web/translations`` (the compiled ``.mo``
files are committed, so a plain ``pip install .`` ships them; ``tests/test_i18n.py`` fails
when a template string is missing from the Burmese catalogue or the ``.mo`` is stale).
The language is, in order: the ``lang`` cookie set by the switch in the page header
(``/language/<code>``), then the browser's ``Accept-Language``, then English. Only the
HTML pages are translated; the JSON API stays language-neutral. In Burmese, numbers use
Burmese digits and dates read ``၂၀၂၂ ခုနှစ် စက်တင်ဘာလ ၂၆ ရက်``; Latin-script runs in
mixed text get ``lang="en"`` as Myanmar runs get ``lang="my"`` in English pages.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, g, has_app_context, redirect, request
from flask_babel import Babel, get_locale
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from statementsearch.errors import NotFound

LANGUAGES = ("en", "my")
LANGUAGE_NAMES = {"en": "English", "my": "မြန်မာ"}
COOKIE = "lang"
COOKIE_SECONDS = 365 * 24 * 3600
BURMESE_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")
BURMESE_MONTHS = (
    "ဇန်နဝါရီ",
    "ဖေဖော်ဝါရီ",
    "မတ်",
    "ဧပြီ",
    "မေ",
    "ဇွန်",
    "ဇူလိုင်",
    "ဩဂုတ်",
    "စက်တင်ဘာ",
    "အောက်တိုဘာ",
    "နိုဝင်ဘာ",
    "ဒီဇင်ဘာ",
)
# Markup is split into tags, entities and text; only text is searched for Latin runs.
_MARKUP_PIECES = re.compile(r"(<[^>]*>|&#?\w+;)")
# A run of Latin-script words (with the digits, spaces and punctuation inside a name).
_LATIN_RUN = re.compile(
    r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’.,()\-– ]*[A-Za-z0-9.)]|[A-Za-z]"
)

bp = Blueprint("i18n", __name__)


def current_language() -> str:
    """The language of this request's page ("en" or "my"); asked once per request (a page
    asks for every number and name it shows)."""
    if not has_app_context():  # e.g. a filter called from a unit test
        return "en"
    language: str | None = g.get("language")
    if language is None:
        locale = get_locale()
        language = locale.language if locale is not None and locale.language in LANGUAGES else "en"
        g.language = language
    return language


def select_language() -> str:
    """Cookie first (the reader chose it), then Accept-Language, then English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    # Best quality first; "my-MM" is Burmese (werkzeug's best_match would prefer an exact
    # "en;q=0.5" to a regional "my-MM").
    for value, _ in request.accept_languages:
        primary = value.replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return "en"


def number(value: int | str) -> str:
    """A number as written in the page's language: 2022 -> "၂၀၂၂" in Burmese."""
    text = str(value)
    return text.translate(BURMESE_DIGITS) if current_language() == "my" else text


def burmese_date(iso: str) -> str:
    """ "2022-09-26" -> "၂၀၂၂ ခုနှစ် စက်တင်ဘာလ ၂၆ ရက်" (anything else is returned as is)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    year, month = str(day.year).translate(BURMESE_DIGITS), BURMESE_MONTHS[day.month - 1]
    return f"{year} ခုနှစ် {month}လ {str(day.day).translate(BURMESE_DIGITS)} ရက်"


def long_date(iso: str | None) -> str:
    """A statement date for display: ISO in English (as the data has it), words in Burmese."""
    if not iso:
        return ""
    return burmese_date(iso) if current_language() == "my" else iso


def mark_latin_runs(html: str) -> Markup:
    """Wrap Latin-script runs of escaped HTML in ``<span lang="en">`` (text only, never
    inside a tag or an entity).

    'ကြယ်စင် – Star &amp; Moon'
    -> 'ကြယ်စင် – <span lang="en">Star</span> &amp; <span lang="en">Moon</span>'
    """
    pieces = _MARKUP_PIECES.split(html)
    for i in range(0, len(pieces), 2):  # even pieces are text between tags and entities
        pieces[i] = _LATIN_RUN.sub(lambda m: f'<span lang="en">{m.group(0)}</span>', pieces[i])
    return Markup("".join(pieces))


def _local_target(target: str | None) -> str:
    """Only a path on this site (never ``//host`` or ``https://...``): no open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.get("/language/<code>")
def switch_language(code: str) -> BaseResponse:
    """Remember the reader's language in a cookie and go back to the page they were on."""
    if code not in LANGUAGES:
        raise NotFound(f"no interface language {code!r}; choose one of {', '.join(LANGUAGES)}")
    response = redirect(_local_target(request.args.get("next")), code=303)
    response.set_cookie(
        COOKIE, code, max_age=COOKIE_SECONDS, samesite="Lax", httponly=True, path="/"
    )
    return response


def _vary_on_language(response: Response) -> Response:
    """HTML differs by cookie and Accept-Language: shared caches must keep them apart."""
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def init_app(app: Flask) -> None:
    """Install Flask-Babel (catalogues in web/translations), the filters and the switch."""
    Babel(app, locale_selector=select_language)
    app.jinja_env.filters["num"] = number
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.register_blueprint(bp)
    app.after_request(_vary_on_language)
