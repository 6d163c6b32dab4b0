"""What withholding an organisation means for statement text: its names are redacted.

``[[withhold]]`` (``curation``) removes an organisation from pages, API, exports and the
index. An organisation withheld for its safety must not be findable through prose either,
so every statement's title, body, source and individual signatories' lines are redacted
before anything is written: each *name form* of a withheld organisation becomes
``[withheld]``. The name forms are, for every name it signed with (``names.parse_name``):

- the name as written ("Lotus Relief North (LRN)");
- its Burmese part ("ကြာဖြူ ကယ်ဆယ်ရေး");
- its English part ("Lotus Relief North"), with its qualifier when it has one
  ("Free Kite Committee – Lakeside", "Free Kite Committee (Lakeside)"): alone it would also
  hide a sister branch;
- each acronym of two or more characters ("LRN", matched with its case, as a word).

Matching forgives what folding forgives elsewhere: case (but not for acronyms), runs of
spaces and line breaks, straight or curly apostrophes, hyphens and dashes, -isation /
-ization. A single word of a name on its own ("Lotus") is not redacted. This module only
computes; ``indexing.build`` applies it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from statementsearch.identity.names import parse_name

REDACTED = "[withheld]"
_LATIN = re.compile(r"[A-Za-z0-9]")
_MYANMAR = re.compile(r"[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
_QUOTES = "'’‘`"
_DASHES = "-‐‑‒–—―"
# Character classes, every member escaped: "(-‐" unescaped in a class is a range.
_QUOTE_CLASS = "[" + "".join(map(re.escape, _QUOTES)) + "]"
_DASH_CLASS = "[" + "".join(map(re.escape, _DASHES)) + "]"
_SEPARATOR = r"[\s,(" + "".join(map(re.escape, _DASHES)) + "]*"


def _word_pattern(word: str) -> str:
    out = []
    for char in word:
        if char in _QUOTES:
            out.append(_QUOTE_CLASS)
        elif char in _DASHES:
            out.append(_DASH_CLASS)
        else:
            out.append(re.escape(char))
    pattern = "".join(out)
    return re.sub(r"i[sz]ation", "i[sz]ation", pattern, flags=re.IGNORECASE)


def _phrase_pattern(text: str) -> str | None:
    """A regex for a form: its words separated by any run of spaces (and, in Burmese,
    by none); Latin ends must be word boundaries."""
    words = text.split()
    if not words:
        return None
    gap = r"[\s\u200b]*" if _MYANMAR.search(text) else r"\s+"
    body = gap.join(_word_pattern(w) for w in words)
    start = r"(?<![\w])" if _LATIN.match(text[0]) else ""
    end = r"(?![\w])" if _LATIN.match(text[-1]) else ""
    return f"{start}{body}{end}"


def name_forms(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """The name forms of the given names: (case-insensitive forms, acronyms).

    ["Lotus Relief North (LRN)"] -> (["Lotus Relief North (LRN)", "Lotus Relief North"], ["LRN"])
    """
    forms: set[str] = set()
    acronyms: set[str] = set()
    for name in names:
        clean = " ".join(name.split())
        if not clean:
            continue
        forms.add(clean)
        parts = parse_name(clean)
        if parts.burmese:
            forms.add(parts.burmese)
        if parts.english and parts.qualifiers:
            forms.update(f"{parts.english}\0{q}" for q in parts.qualifiers)
        elif parts.english:
            forms.add(parts.english)
        acronyms.update(a for a in parts.acronyms if len(a.strip()) >= 2)
    return sorted(forms, key=lambda f: (-len(f), f)), sorted(acronyms, key=lambda a: (-len(a), a))


def _form_pattern(form: str) -> str | None:
    if "\0" in form:  # English part + qualifier: "X – Q", "X (Q)", "X, Q", "X Q"
        english, qualifier = form.split("\0")
        left, right = _phrase_pattern(english), _phrase_pattern(qualifier)
        if not left or not right:
            return None
        return rf"{left}{_SEPARATOR}{right}\)?"
    return _phrase_pattern(form)


@dataclass(frozen=True)
class Redactor:
    """Replaces every name form of the withheld organisations in a text."""

    forms: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()

    @classmethod
    def for_names(cls, withheld_names: Iterable[str]) -> Redactor:
        forms, acronyms = name_forms(withheld_names)
        return cls(tuple(forms), tuple(acronyms))

    def __bool__(self) -> bool:
        return bool(self.forms or self.acronyms)

    @cached_property
    def _patterns(self) -> list[re.Pattern[str]]:
        found = []
        forms = [p for p in map(_form_pattern, self.forms) if p]
        if forms:
            found.append(re.compile("|".join(forms), re.IGNORECASE))
        acronyms = [p for p in map(_phrase_pattern, self.acronyms) if p]
        if acronyms:
            found.append(re.compile("|".join(acronyms)))
        return found

    def redact(self, text: str | None) -> str | None:
        """``text`` with every name form replaced by ``[withheld]`` (None stays None)."""
        if not text or not self:
            return text
        for pattern in self._patterns:
            text = pattern.sub(REDACTED, text)
        return text
