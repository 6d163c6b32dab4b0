"""Parsing statement text: dates, front matter, titles, signatory lists, declared totals.

Every organisation and person named here is invented for the tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statementsearch.ingest.corpus import read_source
from statementsearch.ingest.dates import find_date
from statementsearch.ingest.parsing import parse_statement
from statementsearch.ingest.shapes import split_inline
from statementsearch.model import Notice, Statement

FIXTURES = Path(__file__).parent / "corpus"
PROSE = (
    "We, the undersigned groups, call on every government to stop selling aviation fuel "
    "to the military, which uses it to bomb villages, schools and clinics across the country."
)


def parse(text: str) -> Statement:
    return parse_statement(text, "fixture")


def orgs(statement: Statement) -> list[str]:
    return [s.name for s in statement.organisations]


def people(statement: Statement) -> list[str]:
    return [s.name for s in statement.individuals]


def codes(statement: Statement) -> list[str]:
    return [w.code for w in statement.warnings]


def warning(statement: Statement, code: str) -> Notice:
    found = [w for w in statement.warnings if w.code == code]
    assert len(found) == 1, statement.warnings
    return found[0]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("26 September 2022", dt.date(2022, 9, 26)),
        ("26th September, 2022", dt.date(2022, 9, 26)),
        ("1st of May 2024", dt.date(2024, 5, 1)),
        ("September 26, 2022", dt.date(2022, 9, 26)),
        ("Sept. 26 2022", dt.date(2022, 9, 26)),
        ("Sep 26, 2022", dt.date(2022, 9, 26)),
        ("2 Feb. 2023", dt.date(2023, 2, 2)),
        ("2022-09-26", dt.date(2022, 9, 26)),
        ("2022/9/6", dt.date(2022, 9, 6)),
        ("Yangon, 26 September 2022", dt.date(2022, 9, 26)),
        ("Date: 26.09.2022", dt.date(2022, 9, 26)),
        ("25/09/2022", dt.date(2022, 9, 25)),
        ("09/25/2022", dt.date(2022, 9, 25)),
        ("04/04/2022", dt.date(2022, 4, 4)),
        ("၂၀၂၂ ခုနှစ်၊ စက်တင်ဘာလ ၂၆ ရက်", dt.date(2022, 9, 26)),
        ("၂၆ စက်တင်ဘာ ၂၀၂၂", dt.date(2022, 9, 26)),
        ("၂၆ ရက်၊ စက်တင်ဘာလ၊ ၂၀၂၂", dt.date(2022, 9, 26)),
        ("စက်တင်ဘာလ ၂၆ ရက်၊ ၂၀၂၂ ခုနှစ်", dt.date(2022, 9, 26)),
        ("၂၀၂၂ ခုနှစ် စက်တင်ဘာ ၂၆", dt.date(2022, 9, 26)),
        ("26 စက်တင်ဘာ 2022", dt.date(2022, 9, 26)),
        ("၁၅ ဇန်နဝါရီ ၂၀၂၃", dt.date(2023, 1, 15)),
        ("၁၅ ဖေဖော်ဝါရီ ၂၀၂၃", dt.date(2023, 2, 15)),
        ("၁၅ မတ် ၂၀၂၃", dt.date(2023, 3, 15)),
        ("၁၅ ဧပြီ ၂၀၂၃", dt.date(2023, 4, 15)),
        ("၁၅ မေ ၂၀၂၃", dt.date(2023, 5, 15)),
        ("၁၅ ဇွန် ၂၀၂၃", dt.date(2023, 6, 15)),
        ("၁၅ ဇူလိုင် ၂၀၂၃", dt.date(2023, 7, 15)),
        ("၁၅ ဩဂုတ် ၂၀၂၃", dt.date(2023, 8, 15)),
        ("၁၅ ဪဂုတ် ၂၀၂၃", dt.date(2023, 8, 15)),
        ("၁၅ သြဂုတ် ၂၀၂၃", dt.date(2023, 8, 15)),
        ("၁၅ အောက်တိုဘာ ၂၀၂၃", dt.date(2023, 10, 15)),
        ("၁၅ နိုဝင်ဘာ ၂၀၂၃", dt.date(2023, 11, 15)),
        ("၁၅ ဒီဇင်ဘာ ၂၀၂၃", dt.date(2023, 12, 15)),
        ("၂၀၂၃ ခုနှစ်၊ ဩဂုတ်လ ၁ ရက်", dt.date(2023, 8, 1)),
    ],
)
def test_find_date_reads_english_iso_and_burmese_dates(line: str, expected: dt.date) -> None:
    found = find_date(line)
    assert found is not None
    assert (found.date, found.problem) == (expected, None)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("03/04/2022", "ambiguous_date"),
        ("3-4-2022", "ambiguous_date"),
        ("31 February 2022", "invalid_date"),
        ("30 ဖေဖော်ဝါရီ ၂၀၂၃", "invalid_date"),
        ("2022-13-01", "invalid_date"),
        ("13/13/2022", "invalid_date"),
        ("26 September 1066", "invalid_date"),
    ],
)
def test_find_date_reports_what_it_will_not_read(line: str, problem: str) -> None:
    found = find_date(line)
    assert found is not None
    assert (found.date, found.problem) == (None, problem)


@pytest.mark.parametrize(
    "line",
    ["no date here", "May 2022", "Dismay 5 2022", "version 1.2.3", "Tel: 09-123-4567", ""],
)
def test_find_date_finds_nothing_in_lines_without_a_date(line: str) -> None:
    assert find_date(line) is None


@pytest.mark.parametrize(
    ("text", "date", "warning_code", "warning_line"),
    [
        ("26 September 2022\n\nBody.", dt.date(2022, 9, 26), None, None),
        ("Joint statement\nYangon\nSeptember 26, 2022\n\nBody.", dt.date(2022, 9, 26), None, None),
        ("Title\n\n၂၀၂၂ ခုနှစ်၊ စက်တင်ဘာလ ၂၆ ရက်\n\nBody.", dt.date(2022, 9, 26), None, None),
        ("Title\n\n25/09/2022\n\nBody.", dt.date(2022, 9, 25), None, None),
        ("Title\n\n03/04/2022\n\nBody.", None, "ambiguous_date", 3),
        ("Title\n\n31 February 2022\n\nBody.", None, "invalid_date", 3),
        # A date inside a paragraph of prose is an event, not the statement's date.
        (PROSE + " Since February 1, 2021 the military has killed thousands.", None, None, None),
        # Only the first lines are looked at.
        ("\n".join(f"Line {n}" for n in range(12)) + "\n26 September 2022", None, None, None),
    ],
)
def test_statement_date_comes_from_the_first_lines(
    text: str, date: dt.date | None, warning_code: str | None, warning_line: int | None
) -> None:
    statement = parse(text)
    assert statement.date == date
    if warning_code:
        assert warning(statement, warning_code).line == warning_line
    else:
        assert not {"ambiguous_date", "invalid_date"} & set(codes(statement))


# --- front matter ------------------------------------------------------------------------

FRONT = """---
title: Fixture: Stop the Fuel
date: 2024-05-01
source: https://example.org/fixture
language: en+my
declared_total: ၃
---
1 January 2020

Old title line

Signed by
1. Riverbend Tailors Collective
2. Example Youth Network (EYN)
"""


def test_front_matter_overrides_what_is_inferred() -> None:
    statement = parse(FRONT)
    assert statement.title == "Fixture: Stop the Fuel"
    assert statement.date == dt.date(2024, 5, 1)
    assert statement.source == "https://example.org/fixture"
    assert statement.language == "en+my"
    assert statement.declared_total == 3
    assert "declared_total_mismatch" in codes(statement)
    assert not statement.body.startswith("---")
    assert "source:" not in statement.body
    # Lines are counted in the file, front matter included.
    assert [s.line for s in statement.organisations] == [13, 14]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("date: someday", "'someday' is not a date"),
        ("date: 03/04/2022", "'03/04/2022' is an ambiguous date"),
        ("date: 31 February 2022", "is an invalid date"),
        ("date: 2022-09-26 or so", "is not a date"),
        ("declared_total: many", "'many' is not a positive whole number"),
        ("declared_total: 0", "is not a positive whole number"),
        ("language: English!", "is not a code"),
        ("colour: blue", "unknown key 'colour'"),
        ("just some words", "not a 'key: value' line"),
    ],
)
def test_bad_front_matter_values_are_warnings_naming_the_line(line: str, message: str) -> None:
    statement = parse(f"---\ntitle: Fixture\n{line}\n---\n26 September 2022\n\nBody.\n")
    notice = warning(statement, "front_matter")
    assert notice.line == 3
    assert message in notice.message
    assert statement.title == "Fixture"
    assert statement.date in (None, dt.date(2022, 9, 26))


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ('---\ntitle: "Quoted Title"\n---\nBody.', "Quoted Title"),
        ("---\ntitle:\n---\nShort Line Title\n\nBody text here.", "Short Line Title"),
        ("\n\n---\ndate: 2024-05-01\n---\nA Title\n", "A Title"),
    ],
)
def test_front_matter_details(text: str, title: str) -> None:
    statement = parse(text)
    assert statement.title == title
    assert "front_matter" not in codes(statement)


def test_a_front_matter_date_settles_an_ambiguous_one_in_the_text() -> None:
    statement = parse("---\ndate: 2022-04-03\n---\n03/04/2022\n\nSigned by\n- Alpha Union\n")
    assert statement.date == dt.date(2022, 4, 3)
    assert codes(statement) == []


def test_unclosed_front_matter_is_a_warning_and_the_text_is_still_read() -> None:
    statement = parse("---\ntitle: Never closed\n\nSigned by\n1. Riverbend Tailors Collective\n")
    assert warning(statement, "front_matter_unclosed").line == 1
    assert orgs(statement) == ["Riverbend Tailors Collective"]


# --- title -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Stop Selling Jet Fuel\n\n26 September 2022\n\nBody.", "Stop Selling Jet Fuel"),
        ("26 September 2022\n\n## **Joint Statement on Aid**\n\nBody.", "Joint Statement on Aid"),
        ("26 September 2022\n\nJoint Statement on Aid\n\nBody.", "Joint Statement on Aid"),
        ("Joint Statement on Aid\n26 September 2022\n\nBody.", "Joint Statement on Aid"),
        ("Yangon, 26 September 2022\nJoint Statement\n\nBody.", "Joint Statement"),
        (
            "Statement on the 26 September 2022 talks\n\nBody.",
            "Statement on the 26 September 2022 talks",
        ),
        ("ပူးတွဲကြေညာချက်\n\nBody.", "ပူးတွဲကြေညာချက်"),
        ("26 September 2022\n\n" + PROSE, None),
        ("We call for an end to the airstrikes.\n\nMore.", None),
        ("Dear Ministers:\n\nBody.", None),
        ("1. End the airstrikes\n2. Free prisoners", None),
        ("<!-- fixture -->\nFixture Title\n\nBody.", "Fixture Title"),
        ("26 September 2022\n\nSigned by\n1. Riverbend Tailors Collective", None),
        ("", None),
    ],
)
def test_title_is_a_heading_or_a_short_first_line(text: str, title: str | None) -> None:
    assert parse(text).title == title


# --- signatory headings ------------------------------------------------------------------

ITEMS = "1. Riverbend Tailors Collective\n2. Example Youth Network (EYN)\n"


@pytest.mark.parametrize(
    "heading",
    [
        "Signed by",
        "Signed by:",
        "SIGNED BY:",
        "Endorsed by",
        "Endorsed by:",
        "Signatories",
        "Signatories:",
        "Signatories (2)",
        "List of signatories",
        "List of Signatories:",
        "Signed by the following organisations",
        "Signed by the following organizations:",
        "Signing organizations",
        "Signatory organisations:",
        "Organisations:",
        "Organizations:",
        "## Signatories",
        "### Signed by",
        "**Signed by:**",
        "The following organisations have signed this statement:",
        "လက်မှတ်ရေးထိုးသူများ",
        "လက်မှတ်ရေးထိုးသူများ -",
        "လက်မှတ်ရေးထိုးသည့်အဖွဲ့အစည်းများ",
        "လက်မှတ်ရေးထိုးသည့် အဖွဲ့အစည်းများ။",
        "လက်မှတ်ထိုးသူများ",
        "ထုတ်ပြန်သူများ",
        "လက်မှက်ရေးထိုးသူများ",
        "လက်မှက်ထိုးသူများ",
        "ပူးတွဲလက်မှတ်ရေးထိုးသူများ",
        "လက်မှတ်ရေးထိုးသူ အဖွဲ့အစည်းများ စာရင်း",
        "Signed by the following Indigenous peoples' organisations:",
    ],
)
def test_organisation_headings_start_the_list(heading: str) -> None:
    statement = parse(f"26 September 2022\n\n{PROSE}\n\n{heading}\n{ITEMS}")
    assert orgs(statement) == ["Riverbend Tailors Collective", "Example Youth Network (EYN)"]
    assert people(statement) == []
    assert heading not in statement.body
    assert statement.body.endswith(PROSE)


@pytest.mark.parametrize(
    "heading",
    [
        "Individuals:",
        "Individuals",
        "## Individuals",
        "Individual signatories:",
        "Signed by the following individuals:",
        "Signed by the following people",
        "Individuals (in personal capacity):",
        "ပုဂ္ဂိုလ်များ",
        "တစ်ဦးချင်း",
        "တစ်ဦးချင်းလက်မှတ်ရေးထိုးသူများ",
        "လက်မှတ်ရေးထိုးသည့်ပုဂ္ဂိုလ်များ",
    ],
)
def test_individual_headings_keep_people_apart(heading: str) -> None:
    statement = parse(
        f"Signed by\n1. Riverbend Tailors Collective\n\n{heading}\n- Daw Example Person\n- U Sample"
    )
    assert orgs(statement) == ["Riverbend Tailors Collective"]
    assert people(statement) == ["Daw Example Person", "U Sample"]
    assert [s.position for s in statement.individuals] == [1, 2]


@pytest.mark.parametrize(
    "line",
    [
        "We demand the following:",
        "Organisations",  # without a colon it is just a word at the top level
        "The signatories of the Fixture Accord met in 2019 and agreed on the following points.",
    ],
)
def test_lines_that_are_not_signatory_headings(line: str) -> None:
    statement = parse(f"{line}\n1. End the airstrikes\n2. Release prisoners\n")
    assert orgs(statement) == []
    assert "no_signatories" in codes(statement)
    assert "1. End the airstrikes" in statement.body


# --- entries -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ("1. Alpha Union\n2. Beta Network", ["Alpha Union", "Beta Network"]),
        ("1) Alpha Union\n2) Beta Network", ["Alpha Union", "Beta Network"]),
        ("(1) Alpha Union\n(2) Beta Network", ["Alpha Union", "Beta Network"]),
        ("1.Alpha Union\n2.Beta Network", ["Alpha Union", "Beta Network"]),
        ("၁။ အယ်လ်ဖာ အသင်း\n၂။ ဘီတာ ကွန်ရက်", ["အယ်လ်ဖာ အသင်း", "ဘီတာ ကွန်ရက်"]),
        ("၁။အယ်လ်ဖာ အသင်း\n၂။ဘီတာ ကွန်ရက်", ["အယ်လ်ဖာ အသင်း", "ဘီတာ ကွန်ရက်"]),
        ("(၁) အယ်လ်ဖာ အသင်း\n(၂) ဘီတာ ကွန်ရက်", ["အယ်လ်ဖာ အသင်း", "ဘီတာ ကွန်ရက်"]),
        ("၁) အယ်လ်ဖာ အသင်း\n၂) ဘီတာ ကွန်ရက်", ["အယ်လ်ဖာ အသင်း", "ဘီတာ ကွန်ရက်"]),
        ("၁. အယ်လ်ဖာ အသင်း\n၂. ဘီတာ ကွန်ရက်", ["အယ်လ်ဖာ အသင်း", "ဘီတာ ကွန်ရက်"]),
        ("- Alpha Union\n- Beta Network", ["Alpha Union", "Beta Network"]),
        ("* Alpha Union\n* Beta Network", ["Alpha Union", "Beta Network"]),
        ("• Alpha Union\n• Beta Network", ["Alpha Union", "Beta Network"]),
        ("– Alpha Union\n– Beta Network", ["Alpha Union", "Beta Network"]),
        ("Alpha Union\nBeta Network\nGamma Forum", ["Alpha Union", "Beta Network", "Gamma Forum"]),
        ("Alpha Union\n\nBeta Network", ["Alpha Union", "Beta Network"]),
        # Inside lists a comma is part of the name.
        (
            "1. Example Association in Japan, EAJ-Japan\n2. Hill Weavers, Branch 2",
            ["Example Association in Japan, EAJ-Japan", "Hill Weavers, Branch 2"],
        ),
        ("- Alpha Union, Beta Branch", ["Alpha Union, Beta Branch"]),
        # Names are kept as written: spacing inside brackets, dashes, trailing digits.
        (
            "  7. ဆေးတက္ကသိုလ် – Fixture University ( Mandalay ) Student Union  \n  8. Sample Network2",
            ["ဆေးတက္ကသိုလ် – Fixture University ( Mandalay ) Student Union", "Sample Network2"],
        ),
        (
            "1. Example Group Inc.\n2. 88 Sample Generation",
            ["Example Group Inc.", "88 Sample Generation"],
        ),
    ],
)
def test_entry_styles(items: str, expected: list[str]) -> None:
    statement = parse(f"{PROSE}\n\nSigned by:\n{items}\n")
    assert orgs(statement) == expected
    assert [s.position for s in statement.organisations] == list(range(1, len(expected) + 1))
    assert not {"wrapped_line", "numbering_gap", "unmarked_entry"} & set(codes(statement))


def test_entries_record_the_line_they_start_on() -> None:
    statement = parse("Title\n\nSigned by\n\n  1. Alpha Union\n  2. Beta Network\n\n  3. Gamma\n")
    assert [(s.position, s.line) for s in statement.organisations] == [(1, 5), (2, 6), (3, 8)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "This statement is signed by Alpha Union, Beta Network and Gamma Forum.",
            ["Alpha Union", "Beta Network", "Gamma Forum"],
        ),
        (
            "The joint statement was endorsed by Alpha Union and Beta Network.",
            ["Alpha Union", "Beta Network"],
        ),
        (
            "Signed by: Alpha Union, Beta Network, Gamma Forum",
            ["Alpha Union", "Beta Network", "Gamma Forum"],
        ),
        (
            "Signed by Alpha Union, Beta Network, and Gamma Forum.",
            ["Alpha Union", "Beta Network", "Gamma Forum"],
        ),
        (
            "Endorsed by: Example Association in Japan, EAJ-Japan, Beta Network",
            ["Example Association in Japan, EAJ-Japan", "Beta Network"],
        ),
        (
            "Signatories: Example Society (Japan), ESJ (Japan); Beta Network",
            ["Example Society (Japan), ESJ (Japan)", "Beta Network"],
        ),
        ("Signed by: Alpha Union၊ ဘီတာ ကွန်ရက်", ["Alpha Union", "ဘီတာ ကွန်ရက်"]),
        ("Signed by: Example Group Inc.", ["Example Group Inc."]),
    ],
)
def test_inline_lists_are_split_into_names(line: str, expected: list[str]) -> None:
    statement = parse(f"26 September 2022\n\n{PROSE}\n\n{line}\n")
    assert orgs(statement) == expected
    assert warning(statement, "inline_list").line == 5
    assert line not in statement.body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A Group, B Network and C Union.", ["A Group", "B Network", "C Union"]),
        ("A Group and B Network", ["A Group", "B Network"]),
        ("Relief and Aid Fund", ["Relief", "Aid Fund"]),  # ambiguous: hence the warning
        ("A Group, B and C Fund and D Union", ["A Group", "B and C Fund", "D Union"]),
        ("EYN, RTC", ["EYN", "RTC"]),
        ("all members of the coalition", None),
        ("the Alpha Union", None),
    ],
)
def test_split_inline(text: str, expected: list[str] | None) -> None:
    assert split_inline(text) == expected


def test_an_inline_list_is_the_whole_list() -> None:
    statement = parse("Signed by: Alpha Union, Beta Network\nYangon\n")
    assert orgs(statement) == ["Alpha Union", "Beta Network"]
    assert statement.body == "Yangon"


@pytest.mark.parametrize(
    "line",
    [
        "This statement is signed by 120 civil society organisations.",
        "This statement was endorsed by the following groups in exile and at home.",
        "It was signed by all member groups of the network in the border areas.",
    ],
)
def test_sentences_about_signing_that_are_not_lists(line: str) -> None:
    statement = parse(f"{PROSE}\n\n{line}\n")
    assert orgs(statement) == []
    assert line in statement.body


# --- numbering ---------------------------------------------------------------------------


def test_numbering_can_restart_without_a_warning() -> None:
    statement = parse("Signed by\n1. A Union\n2. B Union\n1. C Union\n2. D Union\n1. E Union\n")
    assert orgs(statement) == ["A Union", "B Union", "C Union", "D Union", "E Union"]
    assert [s.position for s in statement.organisations] == [1, 2, 3, 4, 5]
    assert codes(statement) == []


@pytest.mark.parametrize(
    ("numbers", "code", "line", "message"),
    [
        ([1, 2, 3, 4, 5, 7], "numbering_gap", 7, "from 5 to 7"),
        ([1, 3], "numbering_gap", 3, "from 1 to 3"),
        ([1, 2, 3, 2], "numbering_order", 5, "2 follows 3"),
        ([1, 2, 2], "numbering_order", 4, "2 follows 2"),
    ],
)
def test_numbering_gaps_are_warnings(
    numbers: list[int], code: str, line: int, message: str
) -> None:
    items = "\n".join(f"{n}. Group {chr(65 + i)}" for i, n in enumerate(numbers))
    statement = parse(f"Signed by\n{items}\n")
    assert len(statement.organisations) == len(numbers)
    notice = warning(statement, code)
    assert notice.line == line
    assert message in notice.message


def test_numbering_continuing_after_a_sub_heading_is_not_a_gap() -> None:
    statement = parse(
        "Signed by\nOrganisations:\n1. A Union\n2. B Union\nIndividuals:\n3. Ko Sample\n"
    )
    assert orgs(statement) == ["A Union", "B Union"]
    assert people(statement) == ["Ko Sample"]
    assert codes(statement) == []


# --- wrapped names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected", "wrapped_lines"),
    [
        # After one blank line, followed by the next numbered entry (the real statement's case).
        (
            "137. Alpha Union\n138. ချမ်းသာ – Fixture Township People\n\nStrike Column\n\n1. Beta",
            ["Alpha Union", "ချမ်းသာ – Fixture Township People Strike Column", "Beta"],
            [7],
        ),
        # Directly below, followed by the next entry.
        (
            "1. Fixture University ( Mandalay )\nStudent Union\n2. Beta",
            ["Fixture University ( Mandalay ) Student Union", "Beta"],
            [5],
        ),
        # At the end of the list.
        (
            "1. Alpha\n2. Fixture University ( Mandalay )\n\nStudent Union\n",
            ["Alpha", "Fixture University ( Mandalay ) Student Union"],
            [7],
        ),
        # Two wrapped lines before the next entry.
        (
            "1. A Very Long\nFixture Name\nOf A Group\n2. Beta",
            ["A Very Long Fixture Name Of A Group", "Beta"],
            [5, 6],
        ),
        # Bullets: only an indented or visibly unfinished line is a wrap.
        (
            "- Alpha Network for Relief and\n  Development\n- Beta",
            ["Alpha Network for Relief and Development", "Beta"],
            [5],
        ),
        (
            "- Alpha Network of\nSample Farmers\n- Beta",
            ["Alpha Network of Sample Farmers", "Beta"],
            [5],
        ),
    ],
)
def test_wrapped_names_are_joined_with_a_warning(
    items: str, expected: list[str], wrapped_lines: list[int]
) -> None:
    statement = parse(f"Title\n\nSigned by\n{items}\n")
    assert orgs(statement) == expected
    assert [w.line for w in statement.warnings if w.code == "wrapped_line"] == wrapped_lines
    assert "Strike Column" not in statement.body
    assert "Student Union" not in statement.body


@pytest.mark.parametrize(
    ("items", "expected", "in_body"),
    [
        # Plain lists: every line is an entry.
        ("Alpha Union\nBeta Network", ["Alpha Union", "Beta Network"], None),
        # A place-and-date trailer after a numbered list is not part of the last name.
        ("1. Alpha\n2. Beta\n\nYangon\n1 May 2024\n", ["Alpha", "Beta"], "Yangon\n1 May 2024"),
        # Far below the list (two blank lines) is not a wrap either.
        ("1. Alpha\n2. Beta\n\n\nEnd of statement\n", ["Alpha", "Beta"], "End of statement"),
        # A bulleted list ends at an unmarked line that nothing bulleted follows.
        ("- Alpha\n- Beta\n\nYangon, May 2024\n", ["Alpha", "Beta"], "Yangon, May 2024"),
    ],
)
def test_lines_that_are_not_wraps(items: str, expected: list[str], in_body: str | None) -> None:
    statement = parse(f"Signed by\n{items}")
    assert orgs(statement) == expected
    assert "wrapped_line" not in codes(statement)
    if in_body:
        assert in_body in statement.body


def test_an_unbulleted_line_among_bullets_is_an_entry_with_a_warning() -> None:
    statement = parse("Signed by\n- Alpha\nBeta Network\n- Gamma\n")
    assert orgs(statement) == ["Alpha", "Beta Network", "Gamma"]
    assert warning(statement, "unmarked_entry").line == 3


# --- sub-headings and the end of the list --------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected_orgs", "expected_people"),
    [
        ("Organisations\n1. Alpha\nIndividuals\n1. Ko Sample", ["Alpha"], ["Ko Sample"]),
        ("Local groups:\n- Alpha\nInternational organisations\n- Beta", ["Alpha", "Beta"], []),
        ("Burmese organisations\n1. Alpha\n\nInside the country:\n1. Beta", ["Alpha", "Beta"], []),
        ("Individuals:\n- Ko Sample\nOrganizations:\n- Alpha", ["Alpha"], ["Ko Sample"]),
        ("1. Alpha\n\n## Individuals\n\n- Daw Sample", ["Alpha"], ["Daw Sample"]),
        ("အဖွဲ့အစည်းများ\n၁။ အယ်လ်ဖာ\nပုဂ္ဂိုလ်များ\n၁။ ကိုနမူနာ", ["အယ်လ်ဖာ"], ["ကိုနမူနာ"]),
        ("Individuals: Ko Sample, Daw Example", [], ["Ko Sample", "Daw Example"]),
        # A name that is a bare noun is still a name in a plain list when singular.
        (
            "Alpha Union\nNational Organisation\nBeta",
            ["Alpha Union", "National Organisation", "Beta"],
            [],
        ),
        # An organisation whose name ends in a plural noun is still a name when numbered.
        (
            "1. Mandalay Fixture Civil Society Organizations",
            ["Mandalay Fixture Civil Society Organizations"],
            [],
        ),
    ],
)
def test_sub_headings_switch_section_and_are_not_names(
    items: str, expected_orgs: list[str], expected_people: list[str]
) -> None:
    statement = parse(f"Signed by:\n{items}\n")
    assert orgs(statement) == expected_orgs
    assert people(statement) == expected_people


@pytest.mark.parametrize(
    "closing",
    [
        "Contact:\nMa Example, +95 9 000 000",
        "Contact: info@example.org",
        "Media contact\nexample@example.org",
        "For more information, please write to info@example.org",
        "For further information:",
        "ဆက်သွယ်ရန် - info@example.org",
        PROSE,
    ],
)
def test_the_list_ends_at_a_closing_line_which_stays_in_the_body(closing: str) -> None:
    statement = parse(f"Title\n\nSigned by\n1. Alpha Union\n2. Beta Network\n\n{closing}\n")
    assert orgs(statement) == ["Alpha Union", "Beta Network"]
    assert statement.body.endswith(closing)
    assert "Alpha Union" not in statement.body


def test_a_second_list_after_closing_prose_is_read_too() -> None:
    text = f"Signed by\n1. Alpha\n\n{PROSE}\n\nIndividuals:\n- Ko Sample\n"
    statement = parse(text)
    assert (orgs(statement), people(statement)) == (["Alpha"], ["Ko Sample"])
    assert statement.body == PROSE


# --- declared totals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "total"),
    [
        (
            "Note – out of a total of 567 organizations endorsed the letter, only 2 organizations "
            "have been identified for security reasons.",
            567,
        ),
        ("We, the undersigned 286 organizations, call for an end to the airstrikes.", 286),
        ("This statement is signed by 120 civil society organisations.", 120),
        ("It has been endorsed by 45 groups.", 45),
        ("A total of 1,200 organisations signed.", 1200),
        ("312 organisations have signed this appeal.", 312),
        ("အဖွဲ့အစည်း ၅၆၇ ဖွဲ့က ထောက်ခံကြသည်။", 567),
        ("ဤထုတ်ပြန်ချက်ကို အဖွဲ့အစည်းပေါင်း ၁၂၀ ဖွဲ့ ပါဝင်သည်။", 120),
        ("ဤထုတ်ပြန်ချက်ကို ၅၆၇ ဖွဲ့ က လက်မှတ်ရေးထိုးသည်။", 567),
        ("ဤထုတ်ပြန်ချက်ကို ၅၆၇ ဖွဲ့က လက်မှက်ရေးထိုးသည်။", 567),
        ("More than 30 people were killed in 2 villages.", None),
        ("Over 500 organisations signed.", None),  # not an exact count
        ("More than 500 organisations have endorsed it.", None),
        ("အဖွဲ့အစည်း ၅၀၀ ဖွဲ့ကျော်က ထောက်ခံကြသည်။", None),
        ("အဖွဲ့အစည်း ၅၀၀ ကျော် ဖွဲ့က ထောက်ခံကြသည်။", None),
    ],
)
def test_declared_totals_are_recorded(sentence: str, total: int | None) -> None:
    statement = parse(f"{sentence}\n\nSigned by\n1. Alpha Union\n2. Beta Network\n")
    assert statement.declared_total == total
    assert sentence in statement.body  # the note is prose: it stays in the body
    if total is None or total == 2:
        assert "declared_total_mismatch" not in codes(statement)
    else:
        notice = warning(statement, "declared_total_mismatch")
        assert f"{total} declared, 2 named" in notice.message
        assert notice.line == 1


def test_a_total_in_the_heading_counts() -> None:
    statement = parse("Signed by the following 3 organisations:\n1. A Union\n2. B Union\n")
    assert statement.declared_total == 3
    assert "3 declared, 2 named" in warning(statement, "declared_total_mismatch").message


def test_a_number_inside_a_name_is_not_a_declared_total() -> None:
    statement = parse("Signed by\n1. Fixture Help Network (comprising of over 40 youth groups)\n")
    assert statement.declared_total is None


def test_a_matching_total_gives_no_warning() -> None:
    statement = parse("We, the undersigned 2 organisations, agree.\n\nSigned by\n1. A\n2. B\n")
    assert (statement.declared_total, codes(statement)) == (2, [])


# --- whole statements --------------------------------------------------------------------


def test_no_signatories_is_a_warning() -> None:
    statement = parse(f"26 September 2022\n\n{PROSE}\n")
    assert codes(statement) == ["no_signatories"]
    assert statement.organisations == statement.individuals == ()
    assert statement.body == PROSE  # the dateline is metadata, not body


@pytest.mark.parametrize(
    ("body", "language"),
    [
        (PROSE, "en"),
        ("မြန်မာနိုင်ငံ စစ်တပ်၏ လေကြောင်းတိုက်ခိုက်မှုများကို ရပ်တန့်ရန် တောင်းဆိုသည်။ CDM", "my"),
        (PROSE + "\n\nမြန်မာနိုင်ငံ စစ်တပ်၏ လေကြောင်းတိုက်ခိုက်မှုများကို ရပ်တန့်ရန် တောင်းဆိုသည်။", "en+my"),
        ("2022 ၂၀၂၂", None),
    ],
)
def test_language_is_inferred_from_the_body_script(body: str, language: str | None) -> None:
    # Burmese names in the list do not make an English statement bilingual.
    statement = parse(f"{body}\n\nSigned by\n1. ချမ်းမြသာစည် အသင်း\n2. စာနာ ကွန်ရက်\n")
    assert statement.language == language


def test_corpus_notices_come_first() -> None:
    notice = Notice("zawgyi_converted", "1 line(s) of Zawgyi Burmese converted", 3)
    statement = parse_statement("Body only.", "fixture", path="x.txt", notices=(notice,))
    assert statement.warnings[0] == notice
    assert codes(statement) == ["zawgyi_converted", "no_signatories"]
    assert (statement.id, statement.path) == ("fixture", "x.txt")


def test_fixture_statement_files() -> None:
    source = read_source(FIXTURES / "fixture-bilingual-aid-statement.md")
    statement = parse_statement(source.text, "fixture-bilingual-aid-statement")
    assert statement.title == "Fixture: Let Aid Through"
    assert statement.date == dt.date(2024, 5, 1)
    assert statement.language == "en+my"
    assert statement.declared_total == 6
    assert orgs(statement) == [
        "Riverbend Tailors Collective",
        "Example Youth Network (EYN)",
        "Hilltop Weavers Association – HWA",
        "နမူနာ လူငယ်ကွန်ရက် – Sample Youth Network",
        "Example Association of Farmers in Japan, EAFJ-Japan",
        "Lakeside Teachers’ Union ( Sample Town ) Strike Column",
    ]
    assert people(statement) == ["Daw Example Person", "Ko Sample Writer"]
    assert codes(statement) == ["wrapped_line"]
    assert "Contact: fixtures@example.org" in statement.body


def test_fixture_burmese_statement() -> None:
    source = read_source(FIXTURES / "fixture-burmese-statement.txt")
    statement = parse_statement(source.text, "fixture-burmese-statement")
    assert statement.date == dt.date(2023, 8, 15)
    assert statement.language == "my"
    assert statement.declared_total == 3
    assert orgs(statement) == ["နမူနာ လယ်သမား အသင်း", "ဥပမာ အမျိုးသမီး ကွန်ရက်", "စမ်းသပ် ကျောင်းသား သမဂ္ဂ"]
    assert codes(statement) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                "Signed by",
                "Individuals:",
                "1. Alpha",
                "2) Beta",
                "(၃) ဂမ္မ",
                "- Delta",
                "Strike Column",
                "Contact:",
                "---",
                "title: x",
                "03/04/2022",
                PROSE,
                "၁။",
                "A, B and C",
            ]
        )
        | st.text(max_size=40),
        max_size=25,
    )
)
def test_parsing_never_raises_and_positions_are_consecutive(lines: list[str]) -> None:
    text = "\n".join(lines)
    statement = parse(text)
    for group in (statement.organisations, statement.individuals):
        assert [s.position for s in group] == list(range(1, len(group) + 1))
        assert all(s.name == s.name.strip() and s.name for s in group)
        assert all(1 <= s.line <= text.count("\n") + 1 for s in group)


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        (
            "26 September 2022\n\nStop the Fuel\n\nWe call on all.\n",
            "Stop the Fuel",
            "We call on all.",
        ),
        (
            "# Stop the Fuel\n\n26 September 2022\n\nWe call on all.\n",
            "Stop the Fuel",
            "We call on all.",
        ),
        ("Yangon, 26 September 2022\n\nWe call on all.\n", None, "We call on all."),
        # Nothing but a date and a title: they stay as the body.
        (
            "26 September 2022\n\nStop the Fuel\n",
            "Stop the Fuel",
            "26 September 2022\n\nStop the Fuel",
        ),
    ],
)
def test_dateline_and_title_are_metadata_not_body(text: str, title: str | None, body: str) -> None:
    statement = parse(text)
    assert (statement.title, statement.body) == (title, body)


@pytest.mark.parametrize(
    ("trailer", "last_name"),
    [
        # A sentence after the last entry is a trailer: it goes to the body.
        ("Addendum: jet fuel deliveries resumed.", "ပန်းခြံလူငယ်ကွန်ရက်"),
        ("Contact us for a full list.", "ပန်းခြံလူငယ်ကွန်ရက်"),
        ("နောက်ဆက်တွဲ အချက်အလက်များ ရှိသည်။", "ပန်းခြံလူငယ်ကွန်ရက်"),
        # A name fragment is still the rest of the last entry.
        ("Strike Column", "ပန်းခြံလူငယ်ကွန်ရက် Strike Column"),
    ],
)
def test_a_sentence_after_the_last_entry_is_not_a_wrapped_name(
    trailer: str, last_name: str
) -> None:
    statement = parse(
        f"1 May 2024\n\n{PROSE}\n\nSigned by\n1. Riverbend Tailors Collective\n"
        f"2. ပန်းခြံလူငယ်ကွန်ရက်\n\n{trailer}\n"
    )
    assert orgs(statement)[-1] == last_name
    assert (trailer in statement.body) is (trailer not in last_name)
