"""What a short line says about the signatory list: a heading, a sub-heading, a tail, an end.

Headings are recognised after their markup and decoration are stripped (Markdown ``#`` and
``**bold**``, a trailing ``:`` or dash, a count, a remark in brackets) and each half of a
two-language heading (``Signed by / လက်မှတ်ရေးထိုးသူများ``) is judged on its own. All
patterns are anchored and their repeated parts are separated by spaces, so each line is
matched in time linear in its length.
"""

from __future__ import annotations

import re

from statementsearch.ingest.dates import to_ascii_digits

ORGANISATIONS = "organisations"
INDIVIDUALS = "individuals"

_DIGIT = "[0-9၀-၉]"
DIGIT_RE = re.compile(_DIGIT)
ORG_NOUN = r"(?:organi[sz]ations|groups|networks|alliances|unions|cso'?s|ngo'?s|entities)"
_PERSON_NOUN = r"(?:individuals?|persons|people|individual signatories)"
_WORD = r"[\w'’&-]+"
SIGNATORY_HEADING_RE = re.compile(
    r"(?:(?:(?:full|partial|complete|updated) )?list of (?:the )?)?"
    r"(?:(?:joint|other|additional|initial|original|institutional|organi[sz]ational) )?"
    r"(?:signatories|signatory (?:organi[sz]ations|groups|list)|signers|endorsers|endorsements"
    r"|co-?signatories|signatures)"
    r"|(?:(?:full|partial|complete|updated) )?list of (?:the )?(?:signing|endorsing|supporting"
    rf"|participating|signatory)(?: {_WORD}){{0,3}} (?:{ORG_NOUN}|{_PERSON_NOUN})"
    r"|signed|endorsed|(?:signed|endorsed|co-?signed|supported|undersigned|initiated)"
    r"(?: and (?:signed|endorsed|supported|co-?signed))? by"
    rf"(?: the following(?: {_DIGIT}+)?(?: {_WORD}){{0,4}}| {_DIGIT}+(?: {_WORD}){{0,3}})?"
    r"|(?:signing|endorsing|supporting|co-?signing) organi[sz]ations"
    r"|signed (?:on behalf of|for)(?: the following)?(?: organi[sz]ations)?"
    rf"|(?:we,? )?the undersigned(?: {_DIGIT}+)?(?: {_WORD}){{0,4}}"
    rf"|(?:the )?following(?: {_DIGIT}+)?(?: [\w'’-]+){{0,3}} (?:have|has) "
    r"(?:co-)?(?:signed|endorsed)"
    r"(?: [\w'’-]+){0,4}"
    # Burmese: "signatories", "signing organisations", "issuers"; လက်မှတ် is often typed လက်မှက်.
    r"|(?:တစ်ဦးချင်း|တဦးချင်း|အဖွဲ့အစည်း|ပုဂ္ဂိုလ်)?(?:များ)?(?:ပူးတွဲ)?"
    r"(?:လက်မှ[တက]်(?:ရေး)?ထိုး|ထုတ်ပြန်|ထောက်ခံ)(?:ကြ)?(?:ခဲ့)?(?:သူ|သည့်|သော)?"
    r"(?:အဖွဲ့အစည်း|အဖွဲ့|ပုဂ္ဂိုလ်)?(?:များ)?(?:စာရင်း)?"
)
GROUP_HEADING_RE = re.compile(
    rf"(?:(?:the )?following )?(?:{_DIGIT}+ )?"
    r"(?:(?:international|local|burmese|myanmar|ethnic|regional|national|foreign|overseas"
    r"|diaspora|other|signatory|signing|endorsing|supporting|participating|civil|society"
    r"|community[- ]based|grassroots?|global|domestic|non-governmental|exile|and|&|/) ){0,4}"
    rf"(?:{ORG_NOUN}|{_PERSON_NOUN})"
    r"|(?:အဖွဲ့အစည်း|ပုဂ္ဂိုလ်|တစ်ဦးချင်း|တဦးချင်း)(?:များ)?(?:စာရင်း)?"
)
# Decoration around a heading: Markdown markers, bold, a trailing colon or dash.
_LEAD_RE = re.compile(r"[#>*_\s]+")
_TRAIL_RE = re.compile(r"[\s:：။.–—*_-]+$")
_LEAD_CHARS, _TRAIL_CHARS = "#>*_ \t", " \t:：။.–—*_-"
# A count or a remark at the end: "(152)", "၁၅၂ ဖွဲ့", "(in alphabetical order)", "[updated]".
_REMARK_RE = re.compile(r"\s*(?:\([^()]{0,80}\)|\[[^\[\]]{0,80}\])$")
_COUNT_RE = re.compile(rf"\s*(?:{_DIGIT}+\s*(?:ဖွဲ့|ဦး)|{_DIGIT}+)$")
# Two languages joined: "Signed by / လက်မှတ်ရေးထိုးသူများ", "Signatories | ...", "... – ...".
_HALVES_RE = re.compile(r"\s+[/|–—-]\s+|\s*[/|]\s*")
_INDIVIDUAL_RE = re.compile(r"individual|personal capacity|persons|people|ပုဂ္ဂိုလ်|တစ်ဦး|တဦး")
_ORGANISATION_RE = re.compile(rf"{ORG_NOUN}|organi[sz]ation|အဖွဲ့")
CLOSING_RE = re.compile(
    r"(?:(?:media |press )?contacts?(?: (?:persons?|information|info|details))?\s*(?:[:：–-]|$)"
    r"|for (?:more|further) (?:information|info|details)|for media|(?:media|press) (?:enquir"
    r"|inquir)|ဆက်သွယ်(?:မေးမြန်း)?ရန်)"
)
# "... and 40 other organisations", "+ 12 more", "နှင့် အခြား အဖွဲ့ ၄၀ ဖွဲ့": a count, not a name.
_TAIL_RE = re.compile(
    r"(?:[-–•*]\s*)?(?:[.…]+\s*)?(?:(?:and|&|\+|plus)\s+(?P<n>\d+)\s+(?:(?:other|more|additional|further)\s+)?"
    # Without "and" (an inline list's last item, the conjunction split off) only with
    # "other"/"more": "12 other community groups", never "12 groups".
    r"|(?P<o>\d+)\s+(?:other|more|additional|further)\s+)"
    r"(?:(?:civil society|community|local|international)\s+)?"
    r"(?:organi[sz]ations?|groups?|signatories|others|more|networks|csos|ngos|entities)"
    r"(?:\s+\([^()]*\))?\s*[.…]*"
    r"|(?:[.…]+\s*)?(?:နှင့်\s*)?အခြား\s*(?:အဖွဲ့(?:အစည်း)?(?:များ|ပေါင်း)?)?\s*(?P<m>\d+)\s*ဖွဲ့"
    r"(?:\s*(?:တို့|များ))?\s*[။.]?"
)
# A country or region that groups the entries under it: never a name.
_PLACE_WORDS = frozenset(
    [
        "afghanistan", "argentina", "australia", "austria", "bangladesh", "belgium", "bhutan",
        "brazil", "brunei", "burma", "cambodia", "canada", "chile", "china", "colombia", "czechia",
        "denmark", "timor-leste", "estonia", "fiji", "finland", "france", "germany", "ghana",
        "greece", "hungary", "iceland", "india", "indonesia", "ireland", "israel", "italy",
        "japan", "kenya", "korea", "laos", "latvia", "lithuania", "luxembourg", "malaysia",
        "mexico", "mongolia", "myanmar", "nepal", "netherlands", "nigeria", "norway", "pakistan",
        "philippines", "poland", "portugal", "romania", "russia", "singapore", "slovakia",
        "slovenia", "spain", "sweden", "switzerland", "taiwan", "thailand", "turkey", "uganda",
        "ukraine", "uk", "usa", "us", "vietnam", "asia", "africa", "europe", "america", "oceania",
        "asia-pacific", "international", "regional", "global", "worldwide", "national", "local",
        "diaspora", "overseas", "exile", "england", "scotland", "wales", "cambodia",
    ]
)  # fmt: skip
_MULTI_PLACES = {
    "czech republic", "east timor", "hong kong", "south korea", "lao pdr", "new zealand",
    "the netherlands", "the philippines", "south africa", "sri lanka", "united kingdom",
    "united states", "viet nam", "north america", "south america", "latin america",
    "middle east", "southeast asia", "south asia", "east asia", "asia pacific", "the americas",
    "inside burma", "inside myanmar", "outside burma", "outside myanmar", "in exile",
    "united states of america",
}  # fmt: skip
_BURMESE_PLACE_RE = re.compile(r"\S{1,30}(?:နိုင်ငံ|ပြည်နယ်|တိုင်း(?:ဒေသကြီး)?|ဒေသ)(?:များ)?(?:မှ)?")


def strip_decoration(text: str) -> str:
    """The words of a possible heading.  "## **Signed by:**" -> "Signed by" """
    if text[:1] in _LEAD_CHARS:
        text = _LEAD_RE.sub("", text, count=1)
    return _TRAIL_RE.sub("", text) if text[-1:] in _TRAIL_CHARS else text


def heading_key(text: str) -> str:
    """Reduce a possible heading to comparable words, count and remark removed.

    "## **Signed by:**" -> "signed by";  "List of signatories (in alphabetical order):" ->
    "list of signatories";  "လက်မှတ်ရေးထိုးသူများ (၁၅၂ ဖွဲ့)" -> "လက်မှတ်ရေးထိုးသူများ"
    """
    key = " ".join(strip_decoration(text.strip()).casefold().split())
    for _ in range(2):  # "(in alphabetical order) (152)"
        if key[-1:] not in ")]":
            break
        key = strip_decoration(_REMARK_RE.sub("", key))
    if " " in key and (key[-1:].isdigit() or key.endswith(("ဖွဲ့", "ဦး"))):
        key = strip_decoration(_COUNT_RE.sub("", key))
    return key.strip("*_ ")


def _matches(pattern: re.Pattern[str], key: str) -> bool:
    # Burmese spaces words freely: "လက်မှတ်ရေးထိုးသူ အဖွဲ့အစည်းများ" is one heading.
    return bool(pattern.fullmatch(key) or (" " in key and pattern.fullmatch(key.replace(" ", ""))))


def _has_halves(key: str) -> bool:
    return "/" in key or "|" in key or "–" in key or "—" in key or " - " in key


def heading_halves(key: str) -> list[str]:
    """The parts of a two-language heading.  "signed by / လက်မှတ်..." -> ["signed by", "..."]"""
    return [heading_key(h) for h in _HALVES_RE.split(key) if h.strip()] or [key]


def is_signatory_heading(key: str) -> bool:
    """Say whether a heading key opens a signatory list (every half a heading, one of them
    a signatory one)."""
    if _matches(SIGNATORY_HEADING_RE, key):
        return True
    if not _has_halves(key):
        return False
    halves = heading_halves(key)
    return (
        len(halves) > 1
        and any(_matches(SIGNATORY_HEADING_RE, h) for h in halves)
        and all(_matches(SIGNATORY_HEADING_RE, h) or _matches(GROUP_HEADING_RE, h) for h in halves)
    )


def is_group_heading(key: str) -> bool:
    """Say whether a heading key names a group of signatories ("local organisations")."""
    return _matches(GROUP_HEADING_RE, key) or (
        _has_halves(key) and all(_matches(GROUP_HEADING_RE, h) for h in heading_halves(key))
    )


def section_of(key: str, default: str | None = ORGANISATIONS) -> str | None:
    """Say which list a heading opens.  "individuals" -> individuals;
    "indigenous peoples' organisations" -> organisations;  "inside burma" -> ``default``
    """
    if _ORGANISATION_RE.search(key):
        return ORGANISATIONS
    return INDIVIDUALS if _INDIVIDUAL_RE.search(key) else default


def is_place(text: str) -> bool:
    """Say whether a short line names only a country or region ("Japan", "Thailand:",
    "ထိုင်းနိုင်ငံ", "Inside Burma"): a sub-heading of a list, never a name."""
    key = " ".join(strip_decoration(text.strip()).casefold().split())
    if key in _PLACE_WORDS or key in _MULTI_PLACES:
        return True
    return bool(key) and " " not in key and bool(_BURMESE_PLACE_RE.fullmatch(key))


def tail_count(text: str) -> int | None:
    """The number in a tail line or an inline list's last item.
    "... and 40 other organisations" -> 40;  "12 other community groups" -> 12;
    "Alpha" -> None"""
    if not DIGIT_RE.search(text):  # most lines: no count, no tail
        return None
    match = _TAIL_RE.fullmatch(" ".join(text.strip().casefold().split()))
    if not match:
        return None
    return int(to_ascii_digits(match["n"] or match["o"] or match["m"]))
