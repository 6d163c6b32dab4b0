"""Parse one statement's text into a ``Statement``: metadata, body and signatory lists.

Parsing never raises on odd text and never silently corrects it: what cannot be read with
confidence becomes a ``Notice`` naming the line (a wrapped name that was joined, a gap in
the numbering, an ambiguous date, a declared total that differs from the names found), so
a human can check the file. Names are kept exactly as written; only numbering and bullets
are removed.

How: every line is classified once on its own (numbered, bullet, heading, prose, ...), then
one pass walks the lines, opening a list at a signatory heading and closing it at a contact
line or a paragraph of prose. Both steps are linear in the number of lines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from statementsearch.dates import FoundDate, find_date, to_ascii_digits
from statementsearch.model import Notice, Signature, Statement

ORGANISATIONS = "organisations"
INDIVIDUALS = "individuals"

# Line kinds: what a line is, decided from the line alone.
BLANK, NUMBERED, BULLET, CLOSING, HEADING, SUBHEADING, INLINE, PROSE, TEXT = range(9)

# Dates and titles are looked for in this many non-empty lines at the top.
HEAD_LINES = 10
# A line longer than this is a paragraph, never a dateline, heading or title.
MAX_DATELINE, MAX_HEADING, MAX_TITLE = 150, 120, 200

_DIGIT = "[0-9၀-၉]"
_DIGIT_RE = re.compile(_DIGIT)
_NUMBERED_RE = re.compile(
    rf"\s*(?:\((?P<p>{_DIGIT}{{1,4}})\)|(?P<n>{_DIGIT}{{1,4}})\s*(?:\.(?!{_DIGIT})|\)|။))"
    r"\s*(?=\S)"
)
# Both match only the marker: the name is the rest of the line (a lazy .*? to the end is slow).
_BULLET_RE = re.compile(r"\s*[-*•–—·▪‣◦●■➢►]\s+(?=\S)")
_ORG_NOUN = r"(?:organi[sz]ations|groups|networks|alliances|unions|cso'?s|ngo'?s|entities)"
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
    rf"(?:{_ORG_NOUN}|{_PERSON_NOUN})"
    r"|(?:အဖွဲ့အစည်း|ပုဂ္ဂိုလ်|တစ်ဦးချင်း|တဦးချင်း)(?:များ)?(?:စာရင်း)?"
)
_COUNT_SUFFIX_RE = re.compile(rf"\s*\(\s*{_DIGIT}+\s*\)$")
_INDIVIDUAL_RE = re.compile(r"individual|personal capacity|persons|people|ပုဂ္ဂိုလ်|တစ်ဦး|တဦး")
_ORGANISATION_RE = re.compile(rf"{_ORG_NOUN}|အဖွဲ့")
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
_NUM = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)"
_SOME_WORDS = r"(?:[\w'’-]+ ){0,3}?"
_TOTAL_RES = tuple(
    re.compile(p)
    for p in (
        rf"total of {_NUM} {_SOME_WORDS}{_ORG_NOUN}",
        rf"undersigned,? {_NUM} {_SOME_WORDS}{_ORG_NOUN}",
        rf"(?:signed|endorsed|supported|joined) by {_NUM} {_SOME_WORDS}{_ORG_NOUN}",
        rf"following {_NUM} {_SOME_WORDS}{_ORG_NOUN}",
        rf"(?<![\w,]){_NUM} {_SOME_WORDS}{_ORG_NOUN},? (?:have |has )?(?:co-)?(?:signed|endorsed)",
        rf"အဖွဲ့အစည်း(?:ပေါင်း|များ|စုစုပေါင်း)*\s*{_NUM}\s*ဖွဲ့",
        # The lookbehind starts a number only at its first digit: without it a long run of
        # digits is tried from every position (quadratic).
        rf"(?<![\d,]){_NUM}\s*ဖွဲ့\s*(?:က|မှ|သည်)?\s*(?:ပူးတွဲ\s*)?လက်မှ[တက]်",
    )
)
# "over 500 organisations", "၅၀၀ ကျော်": a count that is not exact is not a declared total.
_APPROXIMATE_RE = re.compile(
    r"(?:over|more than|nearly|almost|about|around|at least|some|approximately|up to)\s*$"
)
_MORE_THAN_RE = re.compile(r"\s*(?:ဖွဲ့\s*)?ကျော်")
_FRONT_MATTER_RE = re.compile(r"\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*")
# Ordered: the warning for an unknown key lists them.
_FRONT_MATTER_KEYS = ("title", "date", "source", "language", "declared_total")
_LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:\+[a-z]{2,3})*")
# Burmese letters and signs, without its digits and punctuation (they say nothing of language).
_MYANMAR_RE = re.compile(r"[\u1000-\u103f\u104c-\u108f\u109a-\u109f\uaa60-\uaa7f]+")
_LATIN_RE = re.compile(r"[A-Za-z]+")
_BLANK_RUN_RE = re.compile(r"\n{3,}")


class _Line(NamedTuple):
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


def _is_prose(text: str) -> bool:
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


def _classify(line: str) -> _Line:
    """Say what one line is.  "  12. Example Union" -> NUMBERED 12 "Example Union" """
    text = line.strip()
    if not text:
        return _Line(BLANK)
    if match := _NUMBERED_RE.match(line):
        number = int(to_ascii_digits(match["p"] or match["n"]))
        return _Line(NUMBERED, line[match.end() :].rstrip(), number)
    if match := _BULLET_RE.match(line):
        return _Line(BULLET, line[match.end() :].rstrip())
    if len(text) <= MAX_HEADING:
        lowered = " ".join(text.lstrip("#*_ ").casefold().split())
        if _CLOSING_RE.match(lowered):
            return _Line(CLOSING)
        key = _heading_key(text)
        # Burmese spaces words freely: "လက်မှတ်ရေးထိုးသူ အဖွဲ့အစည်းများ" is one heading.
        if _SIGNATORY_HEADING_RE.fullmatch(key) or _SIGNATORY_HEADING_RE.fullmatch(
            key.replace(" ", "")
        ):
            return _Line(HEADING, section=_section_of(key))
        if _GROUP_HEADING_RE.fullmatch(key):
            # A bare "Organisations" opens a list only when marked as a heading.
            marked = text.startswith("#") or text.rstrip("*_ ").endswith((":", "："))
            return _Line(HEADING if marked else SUBHEADING, section=_section_of(key))
        if text.endswith((":", "：")):
            return _Line(SUBHEADING, section=_section_of(key, None))
    head, colon, rest = text.replace("：", ":").partition(":")
    if colon and rest.strip():
        key = _heading_key(head)
        if _SIGNATORY_HEADING_RE.fullmatch(key) or _GROUP_HEADING_RE.fullmatch(key):
            return _Line(INLINE, rest.strip(), section=_section_of(key))
    if (match := _INLINE_SENTENCE_RE.fullmatch(text)) and not _NOT_A_LIST_RE.match(match["items"]):
        return _Line(INLINE, match["items"], section=ORGANISATIONS)
    return _Line(PROSE if _is_prose(text) else TEXT)


class _SignatoryReader:
    """Walk the lines once, collecting signatory entries; see ``parse_statement``."""

    def __init__(self, lines: list[str], kinds: list[_Line], start: int) -> None:
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

    def _add_inline(self, kind: _Line, i: int) -> bool:
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

    def _step(self, i: int, kind: _Line, blanks: int) -> int:
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


@dataclass
class _FrontMatter:
    """What front matter said; None where it said nothing usable."""

    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    language: str | None = None
    declared_total: int | None = None
    end: int = 0  # index of the first line after the front matter
    warnings: list[Notice] = field(default_factory=list)

    def set(self, key: str, raw: str) -> str | None:
        """Store one value; return what is wrong with it, if anything.

        ("declared_total", "၅၆၇") -> 567 stored;  ("date", "03/04/2022") -> "... ambiguous ..."
        """
        if key not in _FRONT_MATTER_KEYS:
            return f"unknown key {key!r} (known: {', '.join(_FRONT_MATTER_KEYS)})"
        if not raw:
            return None  # an empty value says nothing; inference fills it in
        if key == "date":
            found = find_date(raw)
            if found is None or len(found.text) < len(raw.rstrip(". ")):
                return f"date {raw!r} is not a date (write YYYY-MM-DD)"
            if found.date is None:
                problem = (found.problem or "invalid").replace("_", " ")
                return f"date {raw!r} is an {problem} (write YYYY-MM-DD)"
            self.date = found.date
        elif key == "declared_total":
            digits = to_ascii_digits(raw).replace(",", "")
            if not digits.isdigit() or int(digits) == 0:
                return f"declared_total {raw!r} is not a positive whole number"
            self.declared_total = int(digits)
        elif key == "language":
            if not _LANGUAGE_RE.fullmatch(raw.casefold()):
                return f"language {raw!r} is not a code such as en, my or en+my"
            self.language = raw.casefold()
        elif key == "title":
            self.title = raw
        else:
            self.source = raw
        return None


def _read_front_matter(lines: list[str]) -> _FrontMatter:
    """Read ``key: value`` lines between ``---`` fences at the top of the file.

    ["---", "date: 2022-09-26", "declared_total: 567", "---", ...] ->
    _FrontMatter(date=date(2022, 9, 26), declared_total=567, end=4)
    """
    front = _FrontMatter()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "---":
        return front
    close = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        message = "front matter opened with --- is never closed"
        front.warnings.append(Notice("front_matter_unclosed", message, first + 1))
        return front
    front.end = close + 1
    for i in range(first + 1, close):
        if not lines[i].strip() or lines[i].lstrip().startswith("#"):
            continue
        match = _FRONT_MATTER_RE.fullmatch(lines[i])
        if not match:
            front.warnings.append(Notice("front_matter", "not a 'key: value' line", i + 1))
            continue
        raw = match["value"]
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
            raw = raw[1:-1].strip()
        if problem := front.set(match["key"].casefold(), raw):
            front.warnings.append(Notice("front_matter", problem, i + 1))
    return front


def _is_dateline(line: str, found: FoundDate) -> bool:
    """Say whether a line is mostly its date ("Yangon, 26 September 2022"), not a title."""
    return len(line.replace(found.text, " ").split()) <= 3


def _find_date(lines: list[str], head: list[int]) -> tuple[dt.date | None, list[Notice]]:
    """Find the statement's date in its first lines; warn about dates that were not read.

    ["Yangon, 26 September 2022", ...] -> 2022-09-26;  ["03/04/2022"] -> None, ambiguous_date
    """
    warnings: list[Notice] = []
    for i in head:
        line = lines[i]
        found = find_date(line) if len(line) <= MAX_DATELINE else None
        if found is None:
            continue
        if found.date:
            return found.date, warnings
        if found.problem == "ambiguous_date":
            message = (
                f"date {found.text!r} could be day/month or month/day: not guessed "
                "(write date: YYYY-MM-DD in front matter)"
            )
        else:
            message = f"{found.text!r} is not a valid date"
        warnings.append(Notice(found.problem or "invalid_date", message, i + 1))
    return None, warnings


def _find_title(lines: list[str], head: list[int]) -> str | None:
    """Take the first line that is not a dateline as the title if it reads like one.

    ["26 September 2022", "# Stop the Airstrikes"] -> "Stop the Airstrikes";
    ["We call on the council to act."] -> None
    """
    for i in head:
        line = lines[i].strip()
        found = find_date(line) if len(line) <= MAX_DATELINE else None
        if (found and _is_dateline(line, found)) or line.startswith("<!--"):
            continue
        title = line.lstrip("#").strip().strip("*_").strip()
        if line.startswith("#"):
            return title or None
        if (
            not title
            or title[-1] in ".။:;,"
            or _is_prose(title)
            or _NUMBERED_RE.match(line)
            or _BULLET_RE.match(line)
        ):
            return None
        return title
    return None


def _head_lines_shown_elsewhere(lines: list[str], head: list[int], title: str | None) -> list[int]:
    """The leading datelines and title line: the page shows them as metadata.

    ["26 September 2022", "# Stop the Airstrikes", "We call ..."] -> [0, 1];
    a statement whose body is nothing but those lines keeps them -> []
    """
    shown: list[int] = []
    for i in head:
        line = lines[i].strip()
        found = find_date(line) if len(line) <= MAX_DATELINE else None
        is_title = title and line.lstrip("#").strip().strip("*_").strip() == title
        if (found and _is_dateline(line, found)) or is_title:
            shown.append(i)
        else:
            return shown
    return shown if len(head) == HEAD_LINES else []  # nothing else: keep them as the body


def _find_declared_total(lines: list[str], indices: list[int]) -> tuple[int | None, int | None]:
    """Find the first stated number of signing organisations and its line index.

    "out of a total of 567 organizations endorsed" -> 567;  "အဖွဲ့အစည်း ၅၆၇ ဖွဲ့" -> 567
    """
    for i in indices:
        line = lines[i]
        if not _DIGIT_RE.search(line):
            continue
        text = " ".join(to_ascii_digits(line).casefold().split())
        best: re.Match[str] | None = None
        for pattern in _TOTAL_RES:
            match = pattern.search(text)
            if match and (best is None or match.start() < best.start()):
                best = match
        if best and not (
            _APPROXIMATE_RE.search(text, 0, best.start("n"))
            or _MORE_THAN_RE.match(text, best.end("n"))
        ):
            return int(best["n"].replace(",", "")), i
    return None, None


def _infer_language(body: str) -> str | None:
    """Say which scripts the body is written in.  "Signed" -> "en";  "မြန်မာ" -> "my" """
    burmese = sum(len(run) for run in _MYANMAR_RE.findall(body))
    latin = sum(len(run) for run in _LATIN_RE.findall(body))
    total = burmese + latin
    if not total:
        return None
    # A few names in the other script do not make a statement bilingual.
    if burmese <= 0.15 * total:
        return "en"
    if latin <= 0.15 * total:
        return "my"
    return "en+my"


def parse_statement(
    text: str, statement_id: str, *, path: str = "", notices: tuple[Notice, ...] = ()
) -> Statement:
    """Parse a statement's text (decoded, LF, NFC) into a Statement; never raise.

    "26 September 2022\\n\\nWe call ...\\n\\nSigned by\\n1. Example Youth Network (EYN)" ->
    Statement(date=2022-09-26, body="26 September 2022\\n\\nWe call ...",
    organisations=(Signature("Example Youth Network (EYN)", 1, 6),))
    """
    lines = text.split("\n")
    front = _read_front_matter(lines)
    kinds = [_Line(BLANK)] * front.end + [_classify(line) for line in lines[front.end :]]
    reading = _SignatoryReader(lines, kinds, front.end).read()
    body_indices = [i for i in range(front.end, len(lines)) if i not in reading.taken]
    warnings = [*front.warnings, *reading.warnings]

    head = [i for i in body_indices if lines[i].strip()][:HEAD_LINES]
    found_date, date_warnings = _find_date(lines, head)
    if front.date is None:  # a date in front matter settles what the text left unclear
        warnings += date_warnings
    # Headings count too: "Signed by the following 45 organisations:" states a total.
    total_lines = [
        i
        for i in range(front.end, len(lines))
        if i not in reading.taken or kinds[i].kind == HEADING
    ]
    declared, declared_at = _find_declared_total(lines, total_lines)
    title = front.title or _find_title(lines, head)
    shown = set(_head_lines_shown_elsewhere(lines, head, title))
    body_indices = [i for i in body_indices if i not in shown]
    body = _BLANK_RUN_RE.sub("\n\n", "\n".join(lines[i].rstrip() for i in body_indices)).strip()

    organisations = [e for e in reading.entries if e.section == ORGANISATIONS]
    individuals = [e for e in reading.entries if e.section == INDIVIDUALS]
    declared_total = front.declared_total or declared
    if not reading.entries:
        warnings.append(
            Notice("no_signatories", "no signatories found (no heading such as 'Signed by')")
        )
    if declared_total is not None and declared_total != len(organisations):
        warnings.append(
            Notice(
                "declared_total_mismatch",
                f"{declared_total} declared, {len(organisations)} named: the statement says "
                "a different number of organisations signed than it lists",
                None if front.declared_total or declared_at is None else declared_at + 1,
            )
        )
    warnings.sort(key=lambda w: (w.line is None, w.line or 0))
    return Statement(
        id=statement_id,
        title=title,
        date=front.date or found_date,
        language=front.language or _infer_language(body),
        source=front.source,
        body=body,
        declared_total=declared_total,
        organisations=tuple(Signature(e.name, n, e.line) for n, e in enumerate(organisations, 1)),
        individuals=tuple(Signature(e.name, n, e.line) for n, e in enumerate(individuals, 1)),
        warnings=(*notices, *warnings),
        path=path,
    )
