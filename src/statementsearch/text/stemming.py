"""English stems (a query word's other forms): British/American spelling folded, then Snowball.

Snowball English (PyStemmer, the maintained C implementation of the Snowball project's
stemmers) joins inflections (``crimes`` -> ``crime``, ``tortured`` -> ``tortur``) but
not spellings (``organisations`` -> ``organis``, ``organizations`` -> ``organiz``), so a
word is first written the American way. The same function stems the query word and the
index's words it is compared with, so a rule only has to be consistent, not correct
English: ``promise`` becomes ``promize`` on both sides. Suffix rules cover -ise/-ize and
-yse/-yze; -our/-or, -re/-er and the rest go by word list, because as rules they would
join different words (``four``/``for``, ``acre``/``acer``). Only Latin-script words are
stemmed; anything else (Burmese, numbers) is returned as it is. This module never splits text.
"""

from __future__ import annotations

import functools
import re
import threading

import Stemmer

_local = threading.local()
_LATIN_WORD = re.compile(r"[a-z][a-z']*")
# -ise/-ize and -yse/-yze with their inflections; a stem of at least 3 letters first,
# so "rise", "wise", "raise" (too short to be -ize words) are left alone.
_ISE = re.compile(r"^([a-z]{3,}?)(is|ys)(e|es|ed|er|ers|ing|ation|ations|ational)$")
# British spellings, by word stem, as American ones (inflections follow: "colours",
# "centres", "defences", "travelled").
_WORDS = {
    "armour": "armor",
    "behaviour": "behavior",
    "calibre": "caliber",
    "catalogue": "catalog",
    "centre": "center",
    "clamour": "clamor",
    "colour": "color",
    "defence": "defense",
    "dialogue": "dialog",
    "endeavour": "endeavor",
    "favour": "favor",
    "favourite": "favorite",
    "fibre": "fiber",
    "flavour": "flavor",
    "harbour": "harbor",
    "honour": "honor",
    "humour": "humor",
    "judgement": "judgment",
    "labour": "labor",
    "licence": "license",
    "litre": "liter",
    "manoeuvre": "maneuver",
    "meagre": "meager",
    "metre": "meter",
    "neighbour": "neighbor",
    "offence": "offense",
    "parlour": "parlor",
    "pretence": "pretense",
    "programme": "program",
    "rancour": "rancor",
    "rumour": "rumor",
    "sabre": "saber",
    "saviour": "savior",
    "sceptre": "scepter",
    "sombre": "somber",
    "spectre": "specter",
    "theatre": "theater",
    "valour": "valor",
    "vapour": "vapor",
    "vigour": "vigor",
}
# Endings a listed word keeps ("colour|s", "honour|able"); an -e word also drops its e
# before -ed and -ing ("centr|ed" -> "center|ed").
_ENDINGS = frozenset(
    ("", "s", "es", "ed", "ing", "er", "ers", "ful", "able", "ably", "ite", "ites", "less", "al")
)
_E_ENDINGS = frozenset(("ed", "ing"))
_DOUBLE_L = re.compile(
    r"^(travel|cancel|label|model|counsel|fuel|signal|level|channel|marshal|total)l(ed|ing|er|ers)$"
)


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # PyStemmer objects are not thread-safe: one per thread
        stemmer = Stemmer.Stemmer("english")
        _local.stemmer = stemmer
    return stemmer


def american(word: str) -> str:
    """Write a folded English word the American way.

    "organisations" -> "organizations";  "colours" -> "colors";  "travelled" -> "traveled";
    "analyse" -> "analyze";  "four" -> "four"
    """
    doubled = _DOUBLE_L.match(word)
    if doubled:
        return doubled.group(1) + doubled.group(2)
    ise = _ISE.match(word)
    if ise:
        return ise.group(1) + ise.group(2)[0] + "z" + ise.group(3)
    return _listed(word)


@functools.lru_cache(maxsize=1 << 12)
def _listed(word: str) -> str:
    for british, us in _WORDS.items():
        if word.startswith(british) and word[len(british) :] in _ENDINGS:
            return us + word[len(british) :]
        if british.endswith("e") and word.startswith(british[:-1]):
            ending = word[len(british) - 1 :]
            if ending in _E_ENDINGS:
                return (us[:-1] if us.endswith("e") else us) + ending
    return word


def is_stemmable(token: str) -> bool:
    """Whether a folded token is a Latin-script word (the words that have stems).

    "crimes" -> True;  "women's" -> True;  "2022" -> False;  "ရန်ကုန်" -> False
    """
    return _LATIN_WORD.fullmatch(token) is not None


@functools.lru_cache(maxsize=1 << 16)
def english_stem(token: str) -> str:
    """The stemmed-field term of one folded token; non-Latin tokens come back unchanged.

    "crimes" -> "crime";  "villages" -> "villag";  "organisations" -> "organiz";
    "organizations" -> "organiz";  "killings" -> "kill";  "ရန်ကုန်" -> "ရန်ကုန်"
    """
    if not _LATIN_WORD.fullmatch(token):
        return token
    word = token.replace("'", "")
    if word.endswith("s") and token.endswith("'s"):
        word = word[:-1]
    return str(_stemmer().stemWord(american(word)))
