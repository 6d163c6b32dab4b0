"""Generate fictional statements that carry one signatory list in many published shapes.

Every organisation name here is invented. ``variants()`` renders the same kind of list in
every combination of heading style x list style x wrapping x position x furniture noise,
with a fixed seed, each with the exact list the reader must recover. Used by
tests/test_variations.py; ``python tests/variations.py`` prints the recovery rate per
dimension.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

SEED = 20261204
ENGLISH = [
    "Shwe River Youth Network (SRYN)",
    "Friends of Lotus Association in Norway",
    "Hill Farmers Development Association",
    "Kite Women's Union (Thailand)",
    "Example Teachers Federation",
    "Sample Legal Aid Network (SLAN)",
    "Riverbend Tailors Collective",
    "Lakeside Students' Union",
    "Fixture Human Rights Watch Group",
    "Lotus Relief Council",
    "Blue Hill Youth Forum (BHYF)",
    "Harbour Workers Solidarity",
    "Green Valley Environmental Alliance",
    "Sample Democracy Centre – Australia",
    "Example Refugee Support Group (Japan)",
    "Tiger Lily Women's Network",
    "Hill Youth of Toronto",
    "Association for Sample Media Freedom",
    "Moonrise Peace Initiative",
    "Fixture Health Workers Coalition",
    "Union of Example Journalists (UEJ)",
    "Campaign for a Free Sample Country",
    "Northern Fixture Community Network",
    "Students for Sample Justice",
    "Example Monastic Education Alliance",
    "Golden Field Farmers Union",
    "Sample Diaspora Council of Korea",
    "Fixture Legal Clinic for Women",
    "Eastern Hills Relief Committee",
    "Kite Film Collective",
]
BURMESE = [
    "ရွှေမြစ်လူငယ်ကွန်ရက်",
    "နမူနာ အမျိုးသမီး အစည်းအရုံး",
    "တောင်တန်း လယ်သမား သမဂ္ဂ",
    "ကြာပန်း ကယ်ဆယ်ရေး အဖွဲ့",
    "နမူနာ ကျောင်းသား သမဂ္ဂ",
    "မြစ်ကမ်း လူမှုကွန်ရက်",
    "စမ်းသပ် ဥပဒေ အကူအညီ အဖွဲ့",
    "ရွှေလယ်ကွင်း လူငယ်များ",
]
BILINGUAL = [
    "ကြယ်စင် လူငယ်အဖွဲ့ – Star Youth Group",
    "မြစ်ဝ အမျိုးသမီးကွန်ရက် (River Mouth Women Network)",
    "နမူနာ ဆရာဝန်များ – Sample Doctors Network (SDN)",
]
COUNTRIES = ["Japan", "Thailand:", "ထိုင်းနိုင်ငံ", "Australia"]
BODY = [
    "We call on every government to stop selling aviation fuel to the military, which uses "
    "it to bomb villages, schools and clinics across the country every single week.",
    "The airstrikes have displaced hundreds of thousands of people, and aid cannot reach "
    "them while the roads are closed and the monsoon rains continue to fall.",
    "စစ်တပ်သည် ကျေးရွာများကို လေကြောင်းမှ တိုက်ခိုက်နေပြီး ပြည်သူများ ထွက်ပြေးနေရသည်။",
]
HEADINGS = {
    "none": None,
    "signed by": "Signed by:",
    "markdown bilingual": "## Signatories / လက်မှတ်ရေးထိုးသူများ",
    "bold": "**Endorsed by:**",
    "slash bilingual": "Signed by / လက်မှတ်ရေးထိုးသူများ",
    "remark": "List of signatories (in alphabetical order):",
    "partial list": "Partial list of endorsing organisations (full list on request):",
    "burmese count": "လက်မှတ်ရေးထိုးသူများ (၄၅ ဖွဲ့)",
    "count": "Signatories (45)",
    "markdown h3": "### Endorsed by",
    "upper": "SIGNATORIES",
    "co-signed": "Co-signed by:",
    "burmese misspelt": "လက်မှက်ရေးထိုးသူများ -",
    "following": "Supported by the following organisations:",
}
LIST_STYLES = [
    "numbered",
    "numbered paren",
    "burmese numbered",
    "lettered",
    "dash bullet",
    "emoji bullet",
    "plain",
    "plain blank",
    "pipe table",
    "tab table",
    "number dash",
    "country groups",
]
WRAPS = ["none", "wrapped", "blank lines"]
POSITIONS = ["end", "top", "declared"]
NOISE = ["none", "page break", "page numbers", "hyphenation", "tail", "contacts", "individuals"]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_BURMESE_DIGITS = str.maketrans("0123456789", "၀၁၂၃၄၅၆၇၈၉")


@dataclass(frozen=True)
class Variant:
    heading: str
    list_style: str
    wrap: str
    position: str
    noise: str
    text: str
    expected: list[str]

    @property
    def label(self) -> str:
        return f"{self.heading} | {self.list_style} | {self.wrap} | {self.position} | {self.noise}"


def _names(rng: random.Random) -> list[str]:
    names = ENGLISH + BURMESE + BILINGUAL
    rng.shuffle(names)
    return names[: rng.randint(40, len(names))]


def _wrap(name: str, rng: random.Random) -> tuple[str, str] | None:
    """Split a long name at a space into the line and its continuation."""
    words = name.split(" ")
    if len(name) < 30 or len(words) < 3:
        return None
    cut = rng.randint(1, len(words) - 1)
    return " ".join(words[:cut]), " ".join(words[cut:])


def _entries(style: str, names: list[str], wrap: str, rng: random.Random) -> list[str]:
    """The list's lines (without heading) and what a reader must read from them."""
    out: list[str] = []
    sep = [""] if wrap == "blank lines" else []
    if style in ("pipe table", "tab table"):
        if style == "pipe table":
            out += ["| No. | Organisation |", "|---|---|"]
        for n, name in enumerate(names, 1):
            out.append(f"| {n} | {name} |" if style == "pipe table" else f"{n}\t{name}")
        return out
    for n, name in enumerate(names, 1):
        if style == "country groups" and (n - 1) % 12 == 0:
            out += [*sep, COUNTRIES[(n - 1) // 12 % len(COUNTRIES)]]
        marker = {
            "numbered": f"{n}. ",
            "numbered paren": f"({n}) ",
            "burmese numbered": f"{n}။ ".translate(_BURMESE_DIGITS),
            "lettered": f"{_LETTERS[(n - 1) % 26]}) ",
            "dash bullet": "- ",
            "emoji bullet": "✅ ",
            "number dash": f"{n} - ",
            "country groups": "• ",
        }.get(style, "")
        split = _wrap(name, rng) if wrap == "wrapped" else None
        if split and style in ("plain", "plain blank"):
            split = None  # a plain list has no mark to tell a wrap from a name
        if split:
            indent = "  " if style in ("dash bullet", "emoji bullet", "country groups") else ""
            out += [marker + split[0], indent + split[1]]
        else:
            out.append(marker + name)
        if style == "plain blank" or wrap == "blank lines":
            out.append("")
    return out


def _furnish(lines: list[str], noise: str, header: str) -> list[str]:
    """Add page furniture in the middle of the lines."""
    middle = len(lines) // 2
    while middle < len(lines) and (lines[middle].startswith(("|---", "  ")) or not lines[middle]):
        middle += 1
    if noise == "page break":
        return [
            *lines[:middle],
            "",
            "Page 1 of 2",
            f"\f{header}",
            *lines[middle:],
            "",
            "Page 2 of 2",
        ]
    if noise == "page numbers":
        return [*lines[:middle], "", "1", "\f" + lines[middle], *lines[middle + 1 :], "", "2"]
    return lines


def render(
    names: list[str],
    heading: str,
    style: str,
    wrap: str,
    position: str,
    noise: str,
    rng: random.Random,
) -> Variant:
    header = "Joint Statement of the Fixture Coalition"
    title = [header, "", "26 September 2022", ""]
    items = _entries(style, names, wrap, rng)
    expected = list(names)
    if noise == "tail":
        items += ["", "... and 12 other organisations"]
    elif noise == "individuals":
        items += ["", "Individuals:", "- Daw Example Person", "- U Sample Writer"]
    heading_text = HEADINGS[heading]
    lst = ([heading_text] if heading_text else []) + items
    body = [BODY[0], "", BODY[1], "", BODY[2]]
    if noise == "hyphenation":
        # A word of the body hyphenated across a line break, as converted PDFs leave it.
        body[2] = "The airstrikes have displaced hundreds of thousands of people, and aid devel-"
        body.insert(3, "opment cannot reach them while the roads are closed by the army.")
    declaring = f"We, the undersigned {len(names)} organisations, make this appeal together:"
    if position == "end":
        lines = [*title, *body, "", *lst]
    elif position == "top":
        lines = [*title, *lst, "", *body]
    else:
        lines = [*title, declaring, "", *lst, "", *body]
    if noise == "contacts":
        lines += ["", "Contact: Ma Example, info@example.org, +95 9 000 000"]
    lines = _furnish(lines, noise, header)
    return Variant(heading, style, wrap, position, noise, "\n".join(lines) + "\n", expected)


def variants() -> Iterator[Variant]:
    """Every combination, with a fixed seed.  (A list at the top with no heading and no
    declaring sentence is not a list anyone could tell from a title block: not rendered.)"""
    rng = random.Random(SEED)
    for heading, style, wrap, position, noise in itertools.product(
        HEADINGS, LIST_STYLES, WRAPS, POSITIONS, NOISE
    ):
        if heading == "none" and position == "top":
            continue
        yield render(_names(rng), heading, style, wrap, position, noise, rng)


def recovery_table() -> dict[str, dict[str, tuple[int, int]]]:
    """Per dimension and value: (recovered exactly, total)."""
    from statementsearch.ingest.parsing import parse_statement

    table: dict[str, dict[str, tuple[int, int]]] = {}
    for v in variants():
        got = [s.name for s in parse_statement(v.text, "variant").organisations]
        ok = got == v.expected
        for dim, value in zip(
            ("heading", "list style", "wrapping", "position", "noise"),
            (v.heading, v.list_style, v.wrap, v.position, v.noise),
            strict=True,
        ):
            good, total = table.setdefault(dim, {}).get(value, (0, 0))
            table[dim][value] = (good + ok, total + 1)
    return table


if __name__ == "__main__":
    for dim, values in recovery_table().items():
        print(f"\n{dim}")
        for value, (good, total) in values.items():
            print(f"  {value:22} {good:5}/{total:<5} {100 * good / total:6.2f} %")
