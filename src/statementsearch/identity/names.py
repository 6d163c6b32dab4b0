"""One organisation name -> its parts and comparison keys; what two names have in common.

(Over 300 lines on purpose: by rule this is the one module that computes name keys.)

A signatory name mixes a Burmese part, an English part, acronyms (``(KHRG)``, ``– AHCT``,
``, AUN-Japan``), places that are part of identity (``(Sydney)``, ``– San Francisco``) and
remarks (``(comprising of over 40 youth groups)``). ``parse_name`` splits them;
``name_keys`` turns the parts into folded keys. The same keys serve indexing and lookup,
and nothing outside this module decides what two names share. Words come from
``analysis.iter_words`` and folding from ``analysis.fold``: this module never tokenises.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from statementsearch.text.analysis import fold, iter_words

_MYANMAR = re.compile(r"[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]")
# A separator between parts: an en/em dash with a space on either side, a hyphen with spaces
# on both (``Pre- school`` is one word), or a hyphen where Burmese meets Latin script.
_SEPARATOR = re.compile(
    r"\s+[–—]\s*|\s*[–—]\s+|\s+-\s+"
    r"|(?<=[\u1000-\u109f])-(?=[A-Za-z])|(?<=[A-Za-z])-(?=[\u1000-\u109f])"
)
# English words (two or more) written next to Burmese without a dash, at either edge:
# "Myaung Education Network မြောင်ပညာရေးကွန်ရက်" (one capital word, "MATA …", stays Burmese).
_LATIN_EDGE = re.compile(
    r"^([A-Za-z][^\u1000-\u109f()]*\s[^\u1000-\u109f()]*[a-z][^\u1000-\u109f()]*?)\s+(?=[\u1000-\u109f])"
    r"|(?<=[\u1000-\u109f])\s+([A-Za-z][^\u1000-\u109f()]*\s[^\u1000-\u109f()]*[a-z][^\u1000-\u109f()]*)$"
)
_OPEN, _CLOSE = "([{", ")]}"
_ACRONYM_HEAD = re.compile(r"[A-Z][A-Za-z0-9&]{1,11}")
_DOTTED = re.compile(
    r"(?:[A-Za-z]{1,4}\.\s*){2,}[A-Za-z]{0,4}\.?|(?:[\u1000-\u109f]{1,4}\.){2,}[\u1000-\u109f]{0,4}"
)
# All-capital words that are places, never acronyms (capitalised words are places anyway).
PLACE_CODES = frozenset(
    ["US", "USA", "UK", "NZ", "UAE", "EU", "NY", "NYC", "DC", "LA", "SF", "CA", "NSW", "ROK", "PRC"]
)
# Words that carry no identity in a loose (lookup / review) key; "and" (= "&") is dropped even
# from the merge key because ICU never returns "&" as a word.
STOP_WORDS = frozenset(["of", "the", "for", "in", "and", "a", "an", "at", "on", "to", "inc", "ltd"])
SPELLING = {
    "organisation": "organization", "labour": "labor", "centre": "center",
    "defence": "defense", "programme": "program", "neighbour": "neighbor",
    "colour": "color", "honour": "honor", "favour": "favor", "behaviour": "behavior",
    "harbour": "harbor", "licence": "license", "offence": "offense", "theatre": "theater",
    "catalogue": "catalog", "counsellor": "counselor", "traveller": "traveler",
}  # fmt: skip


@dataclass(frozen=True)
class NameParts:
    """The parts of one signatory name, as written (trimmed), without brackets or dashes."""

    burmese: str | None
    english: str | None
    acronyms: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()  # places / branches: part of identity
    notes: tuple[str, ...] = ()  # remarks in brackets: not part of identity


@dataclass(frozen=True)
class NameKeys:
    """Comparison keys of one name. Equal ``merge`` keys mean "same organisation"."""

    english: str | None  # normalised words of English part + qualifiers, space-separated
    merge: str | None  # ``english`` without spaces: Back Pack = Backpack
    core: str | None  # like ``english`` but without qualifiers (for review)
    loose: str | None  # ``merge`` without stop words (for lookup and review only)
    burmese: str | None  # Burmese part, folded, spaces and punctuation removed
    acronyms: tuple[str, ...] = ()  # folded, letters and digits only


def is_acronym(token: str) -> bool:
    """Say whether one token reads as an acronym rather than a word or a place.

    "KHRG" -> True;  "KnHRG" -> True;  "AUN-Japan" -> True;  "Ya. Ta. Ka" -> True;
    "USA" -> False;  "Burma" -> False;  "Sydney" -> False
    """
    token = token.strip()
    if _DOTTED.fullmatch(token):
        return True
    head = token.split("-", 1)[0]
    if token.upper() in PLACE_CODES or not _ACRONYM_HEAD.fullmatch(head):
        return False
    letters = [ch for ch in head if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    return upper >= 2 and upper * 2 >= len(letters) and not head[1:].islower()


def _pieces(text: str) -> list[tuple[bool, str]]:
    """Split into (is_bracket_group, text) pieces at top-level brackets; drop stray closers."""
    pieces: list[tuple[bool, str]] = []
    depth, current = 0, ""
    for ch in text:
        if ch in _OPEN:
            if depth == 0:
                pieces.append((False, current))
                current = ""
            else:
                current += ch
            depth += 1
        elif ch in _CLOSE:
            if depth == 1:
                pieces.append((True, current.strip()))
                current = ""
            elif depth > 1:
                current += ch
            depth = max(depth - 1, 0)
        else:
            current += ch
    pieces.append((False, current))  # an unclosed bracket's text stays plain text
    return [(group, " ".join(t.split())) for group, t in pieces if t.strip()]


def _split_brackets(text: str) -> tuple[str, list[str]]:
    """Return the text outside top-level brackets and the bracket contents."""
    pieces = _pieces(text)
    return " ".join(t for g, t in pieces if not g), [t for g, t in pieces if g]


def _split_segments(text: str) -> list[str]:
    """Split at top-level separators; unwrap a segment that is one bracket group."""
    pieces: list[str] = []
    depth, start = 0, 0
    for match in _SEPARATOR.finditer(text):
        depth = sum((ch in _OPEN) - (ch in _CLOSE) for ch in text[: match.start()])
        if depth <= 0:
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    segments: list[str] = []
    for piece in (q.strip(" ,;:") for p in pieces for q in _LATIN_EDGE.split(p) if q):
        outside, groups = _split_brackets(piece)
        if not outside and len(groups) == 1 and piece[0] in _OPEN:
            segments.extend(_split_segments(groups[0]))
        elif piece:
            segments.append(piece)
    if segments:  # ", AUN-Japan" / ", KAO (Japan)": a trailing acronym after a comma
        head, comma, tail = segments[-1].rpartition(", ")
        if comma and is_acronym(_split_brackets(tail)[0]):
            segments[-1:] = [head, tail]
    return segments


@functools.lru_cache(maxsize=65536)
def parse_name(name: str) -> NameParts:
    """Split one signatory name into Burmese, English, acronyms, qualifiers and notes.

    "Karen Human Rights Group (KHRG)" -> english "Karen Human Rights Group", acronyms ("KHRG",)
    "KCN (Karen Community in Norway)" -> english "Karen Community in Norway", acronyms ("KCN",)
    "Free Burma Action Committee – San Francisco" -> qualifiers ("San Francisco",)
    "Assistance Association for Political Prisoners (Burma)" -> qualifiers ("Burma",)
    "ဒို့မြေကွန်ရက် (Land in Our Hands)" -> burmese "ဒို့မြေကွန်ရက်", english "Land in Our Hands"
    """
    burmese: list[str] = []
    english: str | None = None
    lone: list[str] = []  # lone acronym segments ("AYN – Ayeyarwady Youth Network")
    acronyms: list[str] = []
    qualifiers: list[str] = []
    notes: list[str] = []

    def add_english(text: str) -> None:
        nonlocal english
        if english is None:
            english = text
        elif text:
            qualifiers.append(text)

    for segment in _split_segments(" ".join(name.split())):
        outside = _split_brackets(segment)[0]
        if _MYANMAR.search(outside):
            inline: list[str] = []
            for is_group, text in _pieces(segment):
                if not is_group:
                    inline.append(text)
                elif _DOTTED.fullmatch(text) or is_acronym(text):
                    acronyms.append(text)  # "(ရ.တ.က.သ)", "(MPUSU)"
                elif _MYANMAR.search(text) or not any(ch.isalpha() for ch in text):
                    inline.append(f"({text})")  # "(မန္တလေး)", "(၇)": part of the name
                else:
                    add_english(text)  # "ဒို့မြေကွန်ရက် (Land in Our Hands)"
            burmese.append(" ".join(inline))
            continue
        lone_acronym = is_acronym(outside)
        text_parts: list[str] = []
        for is_group, text in _pieces(segment):
            words = text.split()
            if not is_group:
                text_parts.append(text)
            elif _MYANMAR.search(text):
                burmese.append(text)
            elif is_acronym(text):
                acronyms.append(" ".join(words))
            elif len(words) <= 4 and is_acronym(words[-1]) and words[0][:1].isupper():
                acronyms.append(words[-1])  # "(Yangon JLH)"
                qualifiers.append(" ".join(words[:-1]))
            elif not any(ch.isalpha() for ch in text):
                text_parts.append(f"({text})")  # "(12)": part of the name itself
            elif text[:1].islower():
                notes.append(text)
            elif lone_acronym and len(words) > 1:
                add_english(text)  # "KCN (Karen Community in Norway)"
            elif len(words) > 3:
                text_parts.append(f"({text})")  # a long phrase: part of the name itself
            else:
                qualifiers.append(text)
        if lone_acronym:
            lone.append(outside)
        elif outside:
            add_english(" ".join(text_parts))
    acronyms[:0] = lone
    if english is None and lone and not burmese:
        english = " – ".join(lone)  # the name is only an acronym: it is its own name
    return NameParts(
        " – ".join(burmese) or None,
        english,
        tuple(dict.fromkeys(acronyms)),
        tuple(dict.fromkeys(q for q in qualifiers if q)),
        tuple(notes),
    )


def normalise_word(word: str) -> str:
    """Fold one already-folded word's spelling and plural ending.

    "organisations" -> "organization";  "women's" -> "women";  "workers" -> "worker";
    "universities" -> "university";  "youths" -> "youth";  "churches" -> "church"
    """
    word = word.replace("'s", "").replace("'", "")
    if word.endswith("isation") or word.endswith("isations"):
        word = word.replace("isation", "ization")
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return SPELLING.get(word, word)


def _words(text: str | None) -> list[str]:
    if not text:
        return []
    words = (normalise_word(w) for w in iter_words(text) if w not in ("s", "'s", "and"))
    return [w for w in words if w]


def burmese_key(text: str | None) -> str | None:
    """Fold Burmese text keeping every mark: drop spaces and punctuation only.

    "ရန်ကုန် တက္ကသိုလ်များ၊" -> "ရန်ကုန်တက္ကသိုလ်များ";  "ညီနောင်ဥ်" -> "ညီနောင်ဉ်"
    """
    if not text:
        return None
    key = "".join(ch for ch in fold(text) if unicodedata.category(ch)[0] in "LMN")
    return key or None


def acronym_key(acronym: str) -> str:
    """Fold an acronym to letters and digits.  "AUN-Japan" -> "aunjapan";  "Ya. Ta" -> "yata" """
    return "".join(ch for ch in fold(acronym) if ch.isalnum())


@functools.lru_cache(maxsize=65536)
def name_keys(name: str) -> NameKeys:
    """Compute the comparison keys of one name (or of a query typed by a user).

    "Back Pack Health Worker Team" and "Backpack Health Workers Team"
        -> merge "backpackhealthworkerteam" for both
    "Karen National League Japan (KNL)" and "Karen National League Japan – KNL"
        -> merge "karennationalleaguejapan", acronyms ("knl",)
    "Save Myanmar (USA)" -> merge "savemyanmarusa";  "Save Myanmar San Francisco" -> differs
    """
    parts = parse_name(name)
    core = _words(parts.english)
    words = list(core)
    for qualifier in parts.qualifiers:
        extra = _words(qualifier)
        if extra and words[-len(extra) :] != extra:  # "… Japan, KAO (Japan)": say it once
            words.extend(extra)
    english = " ".join(words) or None
    loose = "".join(w for w in words if w not in STOP_WORDS) or None
    return NameKeys(
        english=english,
        merge=english.replace(" ", "") if english else None,
        core=" ".join(core) or None,
        loose=loose,
        burmese=burmese_key(parts.burmese),
        acronyms=tuple(dict.fromkeys(k for k in map(acronym_key, parts.acronyms) if k)),
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Count Levenshtein edits between two keys, stopping early above ``limit``.

    ("karenhumanrightsgroup", "karennihumanrightsgroup", 2) -> 2;  ("ab", "xyz", 1) -> 2
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


# How well a query matches a name, best first (``match_rank`` returns the index).
MATCH_KINDS = ("exact", "acronym", "loose", "prefix", "substring", "typo")


def match_rank(query: NameKeys, name: NameKeys) -> int | None:
    """Rank how a query's keys match a name's keys (index into MATCH_KINDS), None if not.

    "karen human rights group" vs "Karen Human Rights Group (KHRG)" -> 0 (exact)
    "KHRG" -> 1 (acronym);  "Karen Human" -> 3 (prefix);  "Karen Humen Rights Group" -> 5
    """
    texts = [k for k in (query.merge, query.burmese) if k]
    targets = [k for k in (name.merge, name.burmese) if k]
    if any(t in targets for t in texts):
        return 0
    if query.merge and query.merge in name.acronyms:
        return 1
    if query.loose and query.loose == name.loose:
        return 2
    if any(t.startswith(q) for q in texts for t in targets):
        return 3
    if any(len(q) >= 3 and q in t for q in texts for t in targets):
        return 4
    for q in texts:
        limit = 1 if len(q) < 10 else 2
        if len(q) >= 5 and any(edit_distance(q, t, limit) <= limit for t in targets):
            return 5
    return None


def name_lookup_keys(name: str) -> list[str]:
    """The keys under which an organisation name is indexed and looked up.

    "Backpack Health Workers Team" -> ["backpackhealthworkerteam"] (merge and loose keys)
    """
    keys = name_keys(name)
    return sorted({k for k in (keys.merge, keys.loose, keys.burmese) if k})


_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _maybe_acronym(token: str) -> bool:
    """A cheap test before ``is_acronym``: two capitals, or a dot."""
    return "." in token or sum(1 for ch in token[:12] if ch.isupper()) >= 2


@dataclass(frozen=True)
class VariantKeys:
    """What the conservative merge rules compare (identity/links.py); see ``variant_keys``."""

    words: tuple[str, ...]  # normalised words of the English part and qualifiers
    plain: tuple[str, ...]  # ``words`` without acronyms found among them
    acronyms: frozenset[str]  # folded acronyms, in brackets, after dashes or among words
    initials: frozenset[str]  # folded initials of the English part (with / without stop words)
    acronym_only: bool  # the name is nothing but an acronym ("FORUM-X")
    burmese: str | None
    burmese_only: bool  # no Latin letters but its acronyms ("ရွှေမြစ်လူငယ်ကွန်ရက် (SRYN)")


@functools.lru_cache(maxsize=65536)
def variant_keys(name: str) -> VariantKeys:
    """The keys the merge rules compare.

    "Kachin Youth Association (KYA Norway)" -> plain ("kachin", "youth", "association",
    "norway"), acronyms {"kya"};  "Shwe River Youth Network" -> initials {"sryn"}
    """
    parts = parse_name(name)
    keys = name_keys(name)
    acronyms = {acronym_key(a) for a in parts.acronyms}
    texts = [parts.english or "", *parts.qualifiers]
    found = {t for text in texts for t in text.split() if _maybe_acronym(t) and is_acronym(t)}
    words = tuple((keys.english or "").split())
    plain = words  # the same unless an acronym stands among the words
    if found:
        acronyms.update(acronym_key(t) for t in found)
        plain_texts = [" ".join(t for t in text.split() if t not in found) for text in texts]
        plain = tuple(w for text in plain_texts for w in _words(text))
    written = [w for w in re.split(r"[\s/–—-]+", parts.english or "") if w[:1].isalpha()]
    initials = {
        "".join(w[0] for w in chosen).casefold()
        for chosen in (written, [w for w in written if w.casefold() not in STOP_WORDS])
        if len(chosen) >= 2
    }
    only = bool(
        parts.english
        and not parts.burmese
        and not parts.qualifiers
        and all(is_acronym(t) for t in parts.english.split(" – "))
    )
    return VariantKeys(
        words=words,
        plain=plain,
        acronyms=frozenset(a for a in acronyms if a),
        initials=frozenset(initials),
        acronym_only=only,
        burmese=keys.burmese,
        burmese_only=bool(keys.burmese)
        and not _LATIN_LETTER.search(
            functools.reduce(lambda text, a: text.replace(a, " "), parts.acronyms, name)
        ),
    )
