"""Signatory list shapes beyond the plain numbered list: headings with decoration and two
languages, markers, tables, country sub-headings, tails, lists without a heading.

Every organisation named here is invented.
"""

from __future__ import annotations

import pytest

from statementsearch.ingest.parsing import parse_statement
from statementsearch.model import Statement

PROSE = (
    "We call on every government to stop selling aviation fuel to the military, which uses "
    "it to bomb villages, schools and clinics across the country."
)
ITEMS = "1. Riverbend Tailors Collective\n2. Example Youth Network (EYN)\n"
EXPECTED = ["Riverbend Tailors Collective", "Example Youth Network (EYN)"]


def parse(text: str) -> Statement:
    return parse_statement(text, "fixture")


def orgs(statement: Statement) -> list[str]:
    return [s.name for s in statement.organisations]


@pytest.mark.parametrize(
    "heading",
    [
        "## Signatories / လက်မှတ်ရေးထိုးသူများ",
        "**Endorsed by:**",
        "__Signed by__",
        "Signed by / လက်မှတ်ရေးထိုးသူများ",
        "Signatories | လက်မှတ်ရေးထိုးသူများ",
        "Signatories – လက်မှတ်ရေးထိုးသူများ",
        "List of signatories (in alphabetical order):",
        "Partial list of endorsing organisations (full list on request):",
        "Signatories (152)",
        "လက်မှတ်ရေးထိုးသူများ ၁၅၂ ဖွဲ့",
        "လက်မှတ်ရေးထိုးသူများ (၁၅၂ ဖွဲ့)",
        "Co-signed by:",
        "Supported by –",
        "Endorsers:",
        "Signatory list [updated 3 May]:",
        "ORGANISATIONS",
        "ထောက်ခံသူများ",
        "Joint signatories:",
        "လက်မှတ်ရေးထိုးသူ အဖွဲ့အစည်းများ - Signatories",
        "Signed on behalf of:",
        "Endorsing organisations (in alphabetical order)",
        "*Signed by*",
        "Signed By :",
        "Endorsed by the following 2 organizations",
    ],
)
def test_decorated_and_two_language_headings_open_the_list(heading: str) -> None:
    statement = parse(f"{PROSE}\n\n{heading}\n{ITEMS}")
    assert orgs(statement) == EXPECTED
    assert statement.list_rule == "heading"
    assert "inline_list" not in [w.code for w in statement.warnings]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ("a) Alpha Union\nb) Beta Network", ["Alpha Union", "Beta Network"]),
        ("(a) Alpha Union\n(b) Beta Network", ["Alpha Union", "Beta Network"]),
        ("i. Alpha Union\nii. Beta Network\niii) Gamma", ["Alpha Union", "Beta Network", "Gamma"]),
        ("(က) အယ်လ်ဖာ အသင်း\n(ခ) ဘီတာ ကွန်ရက်", ["အယ်လ်ဖာ အသင်း", "ဘီတာ ကွန်ရက်"]),
        ("က။ အယ်လ်ဖာ အသင်း\nခ။ ဘီတာ ကွန်ရက်", ["အယ်လ်ဖာ အသင်း", "ဘီတာ ကွန်ရက်"]),
        ("1- Alpha Union\n2- Beta Network", ["Alpha Union", "Beta Network"]),
        ("1 - Alpha Union\n2 - Beta Network", ["Alpha Union", "Beta Network"]),
        ("✅ Alpha Union\n🔹 Beta Network", ["Alpha Union", "Beta Network"]),
        ("➤ Alpha Union\n+ Beta Network", ["Alpha Union", "Beta Network"]),
        (
            "| No. | Organisation | Country |\n|---|---|---|\n| 1 | Alpha Union | Japan |\n"
            "| 2 | Beta Network | |",
            ["Alpha Union (Japan)", "Beta Network"],
        ),
        ("| Name |\n| --- |\n| Alpha Union |\n| Beta Network |", ["Alpha Union", "Beta Network"]),
        ("1\tAlpha Union\n2\tBeta Network", ["Alpha Union", "Beta Network"]),
        ("Japan\n- Alpha Union\nThailand:\n- Beta Network", ["Alpha Union", "Beta Network"]),
        ("ထိုင်းနိုင်ငံ\n1. Alpha Union\nInside Burma\n2. Beta", ["Alpha Union", "Beta"]),
        # A place that ends a wrapped name is the rest of the name, not a sub-heading.
        (
            "1. Hill Youth Association in\nJapan\n2. Beta",
            ["Hill Youth Association in Japan", "Beta"],
        ),
        ("1. Peace Council –\n\nSingapore\n\n1. Beta", ["Peace Council – Singapore", "Beta"]),
        ("1. Sample Centre\n– Australia\n2. Beta", ["Sample Centre – Australia", "Beta"]),
    ],
)
def test_more_list_shapes(items: str, expected: list[str]) -> None:
    statement = parse(f"{PROSE}\n\nSigned by:\n{items}\n")
    assert orgs(statement) == expected


@pytest.mark.parametrize(
    ("tail", "count"),
    [
        ("... and 40 other organisations", 40),
        ("…and 40 others", 40),
        ("and 40 more organizations.", 40),
        ("+ 40 more", 40),
        ("- and 40 other groups", 40),
        ("နှင့် အခြား အဖွဲ့ ၄၀ ဖွဲ့", 40),
        ("အခြား အဖွဲ့အစည်း ၄၀ ဖွဲ့", 40),
    ],
)
def test_a_tail_counts_toward_the_total_and_is_never_a_name(tail: str, count: int) -> None:
    statement = parse(f"{PROSE}\n\nSigned by 42 organisations:\n{ITEMS}{tail}\n")
    assert orgs(statement) == EXPECTED
    assert statement.tail_count == count
    assert "declared_total_mismatch" not in [w.code for w in statement.warnings]
    assert tail not in statement.body


@pytest.mark.parametrize(
    "line",
    [
        "Endorsed by: Alpha Union; Beta Network; Gamma Forum; and 12 other community groups.",
        "Signed by Alpha Union, Beta Network, Gamma Forum and 12 more organisations",
    ],
)
def test_the_tail_of_an_inline_list_is_counted_not_named(line: str) -> None:
    statement = parse(f"{PROSE}\n\n{line}\n")
    assert orgs(statement) == ["Alpha Union", "Beta Network", "Gamma Forum"]
    assert statement.tail_count == 12
    assert statement.declared_total == 15


@pytest.mark.parametrize("name", ["12 groups", "Group 12 Other Voices", "12 Other Voices"])
def test_a_name_with_a_number_is_not_a_tail(name: str) -> None:
    from statementsearch.ingest.headings import tail_count

    assert tail_count(name) is None


def test_a_tail_without_a_declared_total_makes_one() -> None:
    statement = parse(f"{PROSE}\n\nSigned by\n{ITEMS}... and 40 other organisations\n")
    assert statement.declared_total == 42


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        (f"{PROSE}\n\nAlpha Union\nBeta Network\nGamma Forum\n", "list at the end", 3),
        (f"{PROSE}\n\n1. Alpha Union\n2. Beta Network\n3. Gamma Forum\n", "list at the end", 3),
        (
            f"{PROSE}\n\n| 1 | Alpha Union |\n| 2 | Beta Network |\n| 3 | Gamma Forum |\n",
            "list at the end",
            3,
        ),
        (
            f"{PROSE}\n\nAlpha Union\nBeta Network\nGamma Forum\n\nContact: info@example.org\n",
            "list at the end",
            3,
        ),
        (
            "We, the undersigned 3 organisations, write to you as follows:\n\n"
            f"Alpha Union\nBeta Network\nGamma Forum\n\n{PROSE}\n",
            "list after a declaring sentence",
            3,
        ),
    ],
)
def test_a_list_without_a_heading_is_read_with_a_warning(text: str, rule: str, line: int) -> None:
    statement = parse(text)
    assert orgs(statement) == ["Alpha Union", "Beta Network", "Gamma Forum"]
    assert (statement.list_rule, statement.list_rule_line) == (rule, line)
    assert [w.line for w in statement.warnings if w.code == "unheaded_list"] == [line]
    assert PROSE in statement.body


@pytest.mark.parametrize(
    "text",
    [
        # Demands, not names: sentence case, verbs.
        f"{PROSE}\n\nWe demand:\n1. End the airstrikes now\n2. Release all prisoners\n"
        "3. Let aid through to the camps\n",
        f"{PROSE}\n\n- the council to act\n- the donors to pay\n- the banks to stop\n",
        # Two lines are not a list.
        f"{PROSE}\n\nAlpha Union\nBeta Network\n",
        # Short lines with no body before them: a title block, not a list.
        "Joint Statement\nFixture Coalition\nYangon Office\nSeptember 2022\n",
        # Prose after the run: the run did not end the statement.
        f"{PROSE}\n\nAlpha Union\nBeta Network\nGamma Forum\n\n{PROSE}\n",
        # Recommendations, footnotes and links in title case are not signatories either.
        f"{PROSE}\n\nRecommendations:\n1. The UN Security Council\n2. The ASEAN Chair\n"
        "3. Donor Governments\n",
        f"{PROSE}\n\n1. To the Security Council\n2. To the Regional Bloc\n3. To Donors\n",
        f"{PROSE}\n\n1. Fixture Report of the Special Rapporteur 2022\n"
        "2. Sample Human Rights Council Resolution 2023\n3. Example Monitor Annual Review 2024\n",
        f"{PROSE}\n\n- Fixture Watch www.example.org\n- Sample Monitor https://example.org\n"
        "- Example Desk info@example.org\n",
        # A letter's signature block.
        f"{PROSE}\n\nYours sincerely,\nDaw Example Person\nDirector\n",
        # Burmese sentences.
        f"{PROSE}\n\nစစ်တပ်ကို ရပ်တန့်ရန်\nအကူအညီ ပေးရန်\nအကျဉ်းသားများ လွှတ်ပေးရန်\n",
    ],
)
def test_prose_and_demands_never_become_names(text: str) -> None:
    statement = parse(text)
    assert orgs(statement) == []
    assert statement.list_rule is None


def test_numbered_lists_are_read_past_9999() -> None:
    items = "".join(f"{n}. Group {n}\n" for n in range(9998, 10003))
    statement = parse(f"Signed by\n{items}")
    assert orgs(statement) == [f"Group {n}" for n in range(9998, 10003)]
    assert "numbering_gap" not in [w.code for w in statement.warnings]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # Two columns of names, as a table converted from a document leaves them.
        (
            "Alpha Union\tBeta Network\nGamma Forum\tDelta Group",
            ["Alpha Union", "Beta Network", "Gamma Forum", "Delta Group"],
        ),
        # A place in the last column is the qualifier of the name before it.
        (
            "Alpha Union\tJapan\nBeta Network\tThailand",
            ["Alpha Union (Japan)", "Beta Network (Thailand)"],
        ),
        # A paragraph of names under the heading.
        (
            "Alpha Union, Beta Network, Gamma Forum and Delta Group.",
            ["Alpha Union", "Beta Network", "Gamma Forum", "Delta Group"],
        ),
        # One comma is part of a name.
        (
            "Example Association in Japan, EAJ-Japan\nBeta Network",
            ["Example Association in Japan, EAJ-Japan", "Beta Network"],
        ),
    ],
)
def test_columns_and_paragraphs_of_names(items: str, expected: list[str]) -> None:
    assert orgs(parse(f"{PROSE}\n\nSignatories:\n{items}\n")) == expected


@pytest.mark.parametrize("heading", ["Signed", "Signed:", "ENDORSED"])
def test_a_bare_signed_is_a_heading(heading: str) -> None:
    assert orgs(parse(f"{PROSE}\n\n{heading}\n{ITEMS}")) == EXPECTED


def test_an_unheaded_organisations_list_above_a_list_of_individuals_is_read() -> None:
    statement = parse(
        f"{PROSE}\n\n1. Alpha Union\n2. Beta Network\n\n3. Gamma Forum of\n\nthe Hills\n\n"
        "Individuals:\n- Daw Example Person\n"
    )
    assert orgs(statement) == ["Alpha Union", "Beta Network", "Gamma Forum of the Hills"]
    assert [s.name for s in statement.individuals] == ["Daw Example Person"]
    assert (statement.list_rule, statement.list_rule_line) == ("list before a heading", 3)
