"""Find and read the signatory lists of one statement's lines.

Every line is classified once on its own (numbered, bullet, heading, prose, ...), then one
pass walks the lines, opening a list at a signatory heading and closing it at a contact
line or a paragraph of prose. Both steps are linear in the number of lines. Names are kept
exactly as written; what is uncertain (a joined wrapped line, a numbering gap, an inline
list) becomes a warning naming the line. ``parsing`` calls this and owns the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from statementsearch.ingest.dates import to_ascii_digits
from statementsearch.model import Notice

ORGANISATIONS = "organisations"
INDIVIDUALS = "individuals"

# Line kinds: what a line is, decided from the line alone.
BLANK, NUMBERED, BULLET, CLOSING, HEADING, SUBHEADING, INLINE, PROSE, TEXT = range(9)

# A line longer than this is a paragraph, never a dateline, heading or title.
MAX_DATELINE, MAX_HEADING, MAX_TITLE = 150, 120, 200

_DIGIT = "[0-9၀-၉]"
DIGIT_RE = re.compile(_DIGIT)
NUMBERED_RE = re.compile(
    rf"\s*(?:\((?P<p>{_DIGIT}{{1,4}})\)|(?P<n>{_DIGIT}{{1,4}})\s*(?:\.(?!{_DIGIT})|\)|။))"
    r"\s*(?=\S)"
)
# Both match only the marker: the name is the rest of the line (a lazy .*? to the end is slow).
BULLET_RE = re.compile(r"\s*[-*•–—·▪‣◦●■➢►]\s+(?=\S)")
ORG_NOUN = r"(?:organi[sz]ations|groups|networks|alliances|unions|cso'?s|ngo'?s|entities)"
_PERSON_NOUN = r"(?:individuals?|persons|people|individual signatories)"
_SIGNATORY_HEADING_RE = re.compile(
    r"(?:(?:full )?list of )?(?:signatories|signatory (?:organi[sz]ations|groups|list)|signers)"
    r"|(?:signed|endorsed|co-signed|supported)(?: and (?:signed|endorsed|supported))? by"
    rf"(?: the following(?: {_DIGIT}+)?(?: [\w'’&-]+){{0,4}}| {_DIGIT}+(?: [\w'’-]+){{0,3}})?"
    r"|(?:signing|endorsing|supporting) organi[sz]ations"
    r"|(?:we,? )?the undersigned(?: [\w'’-]+){0,4}"
    rf"|(?:the )?following(?: {_DIGIT}+)?(?: [\w'’-]+){{0,3}} (?:have|has) (?:signed|endorsed)"
    r"(?: [\w'’-]+){0,4}"
    # Burmese: "signatories", "signing organisations", "issuers"; လက်မှတ် is often typed လက်မှက်.
    r"|(?:တစ်ဦးချင်း|တဦးချင်း|အဖွဲ့အစည်း|ပုဂ္ဂိုလ်)?(?:များ)?(?:ပူးတွဲ)?"
    r"(?:လက်မှ[တက]်(?:ရေး)?ထိုး|ထုတ်ပြန်)(?:ကြ)?(?:ခဲ့)?(?:သူ|သည့်|သော)?"
    r"(?:အဖွဲ့အစည်း|အဖွဲ့|ပုဂ္ဂိုလ်)?(?:များ)?(?:စာရင်း)?"
)
_GROUP_HEADING_RE = re.compile(
    rf"(?:(?:the )?following )?(?:{_DIGIT}+ )?"
    r"(?:(?:international|local|burmese|myanmar|ethnic|regional|national|foreign|overseas"
    r"|diaspora|other|signatory|signing|endorsing|supporting|participating|civil|society"
    r"|community[- ]based|grassroots?|global|domestic|non-governmental|exile|and|&|/) ){0,4}"
    rf"(?:{ORG_NOUN}|{_PERSON_NOUN})"
    r"|(?:အဖွဲ့အစည်း|ပုဂ္ဂိုလ်|တစ်ဦးချင်း|တဦးချင်း)(?:များ)?(?:စာရင်း)?"
)
_COUNT_SUFFIX_RE = re.compile(rf"\s*\(\s*{_DIGIT}+\s*\)$")
_INDIVIDUAL_RE = re.compile(r"individual|personal capacity|persons|people|ပုဂ္ဂိုလ်|တစ်ဦး|တဦး")
_ORGANISATION_RE = re.compile(rf"{ORG_NOUN}|အဖွဲ့")
_CLOSING_RE = re.compile(
    r"(?:(?:media |press )?contacts?(?: (?:persons?|information|info|details))?\s*(?:[:：–-]|$)"
    r"|for (?:more|further) (?:information|info|details)|for media|(?:media|press) (?:enquir"
    r"|inquir)|ဆက်သွယ်(?:မေးမြန်း)?ရန်)"
)
_INLINE_SENTENCE_RE = re.compile(
    r"(?:(?:this|the)(?: joint)? (?:statement|letter|open letter|appeal|declaration|petition)"
    r" (?:is|was|has been|is being)(?: jointly)? )?(?:co-)?(?:signed|endorsed) by (?P<items>.+)",
    re.IGNORECASE,
)
_NOT_A_LIST_RE = re.compile(
    rf"(?:{_DIGIT}|the following|over |more than |at least |a total |all )", re.IGNORECASE
)
_INLINE_SEP_RE = re.compile(r"(\s*[,၊;]\s*)")
# A comma piece that is only an acronym or a legal suffix belongs to the name before it:
# "Association of United in Nationalities in Japan, AUN-Japan".
# Two capitals, the first letter one of them; each run's class excludes what follows it, so
# a long piece is matched in linear time (overlapping runs backtracked cubically).
_ACRONYM_RE = re.compile(
    r"(?:[0-9&]*[A-Z][a-z0-9&]*[A-Z][A-Za-z0-9&]*|Inc\.?|Ltd\.?|LLC)"
    r"(?:[-–][A-Za-z]+)?(?:\s*\([^()]*\))?"
)
# A line that reads as a sentence: "Label: text" or a full stop / Burmese ။ / ! / ? at
# its end (not "Inc." / "Ltd." / "Co.").
_SENTENCE_RE = re.compile(r"^[^:：]{1,40}[:：]\s+\S|(?<!\bInc)(?<!\bLtd)(?<!\bCo)[.။!?]\s*$")
_FINAL_STOP_RE = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)\.\s*$")


class Line(NamedTuple):
    kind: int
    name: str = ""  # the entry text (numbered, bullet, inline)
    number: int | None = None
    section: str | None = None  # the list a heading switches to (None: keep the current one)


@dataclass(slots=True)
class _Entry:
    first: str
    line: int
    section: str
    # Wrapped lines joined to the entry: kept apart and joined once, because joining a
    # string line by line is quadratic in a list that wraps thousands of times.
    wrapped: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " ".join([self.first, *self.wrapped])

    @property
    def tail(self) -> str:
        """The end of the name: enough to ask what it ends with."""
        return " " + self.wrapped[-1] if self.wrapped else self.first


@dataclass
class _Reading:
    """What the signatory reader found and which lines it took out of the body."""

    entries: list[_Entry] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)
    warnings: list[Notice] = field(default_factory=list)


def _heading_key(text: str) -> str:
    """Reduce a possible heading to comparable words.  "## **Signed by:**" -> "signed by" """
    key = text.strip().lstrip("#>").strip().strip("*_").rstrip(":：။.–—- ").strip("*_ ")
    return _COUNT_SUFFIX_RE.sub("", " ".join(key.casefold().split()))


def _section_of(key: str, default: str | None = ORGANISATIONS) -> str | None:
    """Say which list a heading opens.  "individuals" -> individuals;
    "indigenous peoples' organisations" -> organisations;  "inside burma" -> ``default``
    """
    if _ORGANISATION_RE.search(key):
        return ORGANISATIONS
    return INDIVIDUALS if _INDIVIDUAL_RE.search(key) else default


def is_prose(text: str) -> bool:
    """Say whether a line reads as a sentence of prose rather than a name or heading."""
    return len(text) > MAX_TITLE or (
        text[-1] in ".!?။" and (len(text) >= 100 or text.count(" ") >= 7)
    )


def split_inline(text: str) -> list[str] | None:
    """Split an inline signatory list; None when it does not read as a list of names.

    "A Group, B Network and C Union." -> ["A Group", "B Network", "C Union"];
    "Example Association in Japan, EAJ-Japan, B Union" -> ["Example Association in Japan,
    EAJ-Japan", "B Union"];  "all members of the coalition" -> None
    """
    pieces = _INLINE_SEP_RE.split(_FINAL_STOP_RE.sub("", text.strip()))
    names, seps = pieces[0::2], ["", *pieces[1::2]]
    last = names[-1]
    if len(names) > 1 and last.startswith("and "):
        names[-1] = last[4:]
    elif " and " in last and (len(names) > 1 or last.count(" and ") == 1):
        names[-1:] = last.rsplit(" and ", 1)
        seps.append(" and ")
    # Each name as its pieces (joined once at the end: adding to a string is quadratic).
    merged: list[list[str]] = []
    for name, sep in zip(names, seps, strict=True):
        if merged and " " in merged[-1][0] and _ACRONYM_RE.fullmatch(name):
            merged[-1] += (sep, name)
        elif name:
            merged.append([name])
    joined = ["".join(parts) for parts in merged]
    if not joined or any(n[0].islower() or len(n) > MAX_HEADING for n in joined):
        return None
    return joined


def classify_line(line: str) -> Line:
    """Say what one line is.  "  12. Example Union" -> NUMBERED 12 "Example Union" """
    text = line.strip()
    if not text:
        return Line(BLANK)
    if match := NUMBERED_RE.match(line):
        number = int(to_ascii_digits(match["p"] or match["n"]))
        return Line(NUMBERED, line[match.end() :].rstrip(), number)
    if match := BULLET_RE.match(line):
        return Line(BULLET, line[match.end() :].rstrip())
    if len(text) <= MAX_HEADING:
        lowered = " ".join(text.lstrip("#*_ ").casefold().split())
        if _CLOSING_RE.match(lowered):
            return Line(CLOSING)
        key = _heading_key(text)
        # Burmese spaces words freely: "လက်မှတ်ရေးထိုးသူ အဖွဲ့အစည်းများ" is one heading.
        if _SIGNATORY_HEADING_RE.fullmatch(key) or _SIGNATORY_HEADING_RE.fullmatch(
            key.replace(" ", "")
        ):
            return Line(HEADING, section=_section_of(key))
        if _GROUP_HEADING_RE.fullmatch(key):
            # A bare "Organisations" opens a list only when marked as a heading.
            marked = text.startswith("#") or text.rstrip("*_ ").endswith((":", "："))
            return Line(HEADING if marked else SUBHEADING, section=_section_of(key))
        if text.endswith((":", "：")):
            return Line(SUBHEADING, section=_section_of(key, None))
    head, colon, rest = text.replace("：", ":").partition(":")
    if colon and rest.strip():
        key = _heading_key(head)
        if _SIGNATORY_HEADING_RE.fullmatch(key) or _GROUP_HEADING_RE.fullmatch(key):
            return Line(INLINE, rest.strip(), section=_section_of(key))
    if (match := _INLINE_SENTENCE_RE.fullmatch(text)) and not _NOT_A_LIST_RE.match(match["items"]):
        return Line(INLINE, match["items"], section=ORGANISATIONS)
    return Line(PROSE if is_prose(text) else TEXT)


class SignatoryReader:
    """Walk the lines once, collecting signatory entries; see ``parse_statement``."""

    def __init__(self, lines: list[str], kinds: list[Line], start: int) -> None:
        self.lines, self.kinds, self.start = lines, kinds, start
        self.out = _Reading()
        self.section: str | None = None
        self.style: int | None = None
        self.last_number: int | None = None
        self.last_entry: _Entry | None = None

    def read(self) -> _Reading:
        i, blanks = self.start, 0
        while i < len(self.lines):
            kind = self.kinds[i]
            if kind.kind == BLANK:
                blanks += 1
                i += 1
                continue
            i = self._step(i, kind, blanks)
            blanks = 0
        return self.out

    def _open(self, section: str | None) -> None:
        self.section = section or self.section or ORGANISATIONS
        self.style = self.last_number = self.last_entry = None

    def _add(self, name: str, i: int, style: int) -> None:
        assert self.section is not None
        self.last_entry = _Entry(name, i + 1, self.section)
        self.out.entries.append(self.last_entry)
        self.style = style if self.style in (None, TEXT) else self.style

    def _warn(self, code: str, message: str, i: int) -> None:
        self.out.warnings.append(Notice(code, message, i + 1))

    def _add_inline(self, kind: Line, i: int) -> bool:
        names = split_inline(kind.name)
        if names is None:
            return False
        self.section = kind.section
        for name in names:
            self._add(name, i, INLINE)
        self.last_entry = None  # an inline list has no wrapped lines
        self._warn(
            "inline_list", f"{len(names)} signatories read from one line: check the split", i
        )
        return True

    def _step(self, i: int, kind: Line, blanks: int) -> int:
        """Handle line ``i``; return the index of the next line to read."""
        if self.section is None:
            if kind.kind == HEADING:
                self._open(kind.section)
            elif kind.kind == INLINE and self._add_inline(kind, i):
                self.section = None  # "Signed by: A, B" is the whole list
            else:
                return i + 1  # body text
            self.out.taken.add(i)
            return i + 1
        if kind.kind == NUMBERED:
            self._check_number(kind.number or 0, i)
            self._add(kind.name, i, NUMBERED)
        elif kind.kind == BULLET:
            self._add(kind.name, i, BULLET)
        elif kind.kind in (HEADING, SUBHEADING):
            self._open(kind.section)
        elif kind.kind in (CLOSING, PROSE) or (
            kind.kind == INLINE and not self._add_inline(kind, i)
        ):
            self.section = None  # the list is over: this line and what follows are body
            return i + 1
        elif kind.kind == TEXT:
            return self._text(i, blanks)
        self.out.taken.add(i)
        return i + 1

    def _check_number(self, number: int, i: int) -> None:
        last, self.last_number = self.last_number, number
        # Restarting at 1 is how long lists are often pasted together: not a gap.
        if last is None or number in (1, last + 1):
            return
        if number > last + 1:
            self._warn("numbering_gap", f"numbering jumps from {last} to {number}", i)
        else:
            self._warn("numbering_order", f"number {number} follows {last}", i)

    def _next_kind(self, k: int) -> int | None:
        """The kind of the first non-blank line from index ``k`` (None at the end)."""
        kinds = self.kinds
        while k < len(kinds) and kinds[k].kind == BLANK:
            k += 1
        return kinds[k].kind if k < len(kinds) else None

    def _wrapped_run(self, i: int, blanks: int) -> list[int] | None:
        """Find the unnumbered lines from ``i`` that continue the numbered entry above.

        They do when a numbered entry follows them, or, for one line at most one blank line
        below the entry, when the list ends after it. Several lines before the end of the
        list are a trailer (a place, a date), not a wrapped name.
        """
        kinds, run, k, gap = self.kinds, [i], i + 1, 0
        while k < len(kinds) and kinds[k].kind in (BLANK, TEXT):
            if kinds[k].kind == BLANK:
                gap += 1
            elif gap > 1:
                break
            else:
                run.append(k)
                gap = 0
            k += 1
        after = self._next_kind(k)
        if after == NUMBERED:
            return run
        ends = after in (None, CLOSING, PROSE, HEADING, SUBHEADING)
        # At the end of a list a sentence ("Addendum: deliveries resumed.") is a trailer,
        # not the rest of a name: glued on, it would become a fake English name.
        sentence = _SENTENCE_RE.search(self.lines[i].strip())
        return run if len(run) == 1 and blanks <= 1 and ends and not sentence else None

    def _join(self, entry: _Entry, i: int) -> None:
        wrapped = self.lines[i].strip()
        entry.wrapped.append(wrapped)
        self.out.taken.add(i)
        message = f"{wrapped!r} joined to the entry on line {entry.line} as a wrapped name"
        self._warn("wrapped_line", message + ": check it", i)

    def _text(self, i: int, blanks: int) -> int:
        """Handle an unmarked line inside a list: a wrapped name, an entry, or the list's end."""
        entry, text = self.last_entry, self.lines[i]
        if self.style == NUMBERED and entry is not None:
            run = self._wrapped_run(i, blanks)
            if run is None:
                self.section = None
                return i + 1
            for r in run:
                self._join(entry, r)
            return run[-1] + 1
        if self.style == BULLET and entry is not None:
            # Bullets mark every entry, so only a line that visibly continues one is a wrap.
            first = text.lstrip()[0]
            if blanks == 0 and (
                text[0].isspace()
                or first.islower()
                or first == "("
                or entry.tail.endswith(("–", "-", "&", ",", " of", " and", " for", " the"))
            ):
                self._join(entry, i)
                return i + 1
            if self._next_kind(i + 1) != BULLET:
                self.section = None
                return i + 1
            self._warn("unmarked_entry", "an entry without a bullet among bulleted ones", i)
        self._add(text.strip(), i, TEXT)
        self.out.taken.add(i)
        return i + 1
