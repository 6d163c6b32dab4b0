"""The real statement in corpus/ parses exactly: 281 organisations in order, 567 declared.

Its list restarts numbering four times (1-70, 1-138, 1-7, 1-66) and two names wrap onto a
line of their own after a blank line; both must be joined, not lost or counted twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from statementsearch.ingest.corpus import read_source
from statementsearch.ingest.parsing import parse_statement
from statementsearch.model import Statement

REAL = Path(__file__).parent.parent / "corpus" / "2022-09-26-sham-peace-dialogue-statement.txt"


@pytest.fixture(scope="module")
def statement() -> Statement:
    source = read_source(REAL)
    return parse_statement(
        source.text,
        "2022-09-26-sham-peace-dialogue-statement",
        path=source.path,
        notices=source.notices,
    )


def test_metadata(statement: Statement) -> None:
    assert statement.date == dt.date(2022, 9, 26)
    assert statement.declared_total == 567
    assert statement.language == "en"
    assert statement.individuals == ()


def test_exactly_281_organisations_numbered_in_order(statement: Statement) -> None:
    assert len(statement.organisations) == 281
    assert [s.position for s in statement.organisations] == list(range(1, 282))
    lines = [s.line for s in statement.organisations]
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("position", "name", "line"),
    [
        (1, "Action Against Myanmar Military Coup (Sydney)", 25),
        (13, "Association of United in Nationalities in Japan, AUN-Japan", 37),
        (70, "Kachin Gender Star Group", 94),
        # First restart: "1. Kamma Lover" follows "70. Kachin Gender Star Group".
        (71, "Kamma Lover", 95),
        (73, "Karen National League Japan (KNL)", 97),
        (99, "Karen National League Japan – KNL", 123),
        (
            133,
            "LGBTIQ (လိင်စိတ်ခံယူမှုကွဲပြားသူများ) သပိတ်စစ်ကြောင်း – LGBTIQ Strike of Mandalay",
            157,
        ),
        (191, "Thwee Community Development Network2", 215),
        (
            207,
            "ကွန်ပျူတာတက္ကသိုလ်(မန္တလေး)ကျောင်းသားများသမဂ္ဂ – Computer University ( Mandalay ) Student Union",
            231,
        ),
        # Entry 138 of the second list wraps after a blank line; the next list restarts at 1.
        (
            208,
            "ချမ်းမြသာစည်မြို့နယ် လူထုသပိတ်စစ်ကြောင်း – Chan Mya Thar Si Township People Strike Column",
            232,
        ),
        (209, "ခုနှစ်စင်ကြယ်အဖွဲ့", 236),
        # Entry 7 of the third list wraps the same way, then the fourth list starts.
        (
            215,
            "ဆေးတက္ကသိုလ်(မန္တလေး)ကျောင်းသားများသမဂ္ဂ – Medical University ( Mandalay ) Student Union",
            242,
        ),
        (
            216,
            "ဆေးဘက်ဆိုင်ရာနည်းပညာတက္ကသိုလ်(မန္တလေး)ကျောင်းသားများသမဂ္ဂ – Paramedical Technical"
            " University (Mandalay) Student Union",
            246,
        ),
        (
            281,
            "အောင်မြေသာစံ ပညာရေးကျောင်းပေါင်းစုံ သပိတ်စစ်ကြောင်း – Aung Myay Thar Zan Education"
            " Schools Strike Column",
            311,
        ),
    ],
)
def test_names_by_position_exactly_as_written(
    statement: Statement, position: int, name: str, line: int
) -> None:
    signature = statement.organisations[position - 1]
    assert (signature.position, signature.name, signature.line) == (position, name, line)


def test_wrapped_names_are_joined_and_reported(statement: Statement) -> None:
    names = [s.name for s in statement.organisations]
    assert sum("Chan Mya Thar Si Township People Strike Column" in n for n in names) == 1
    assert sum("Medical University ( Mandalay ) Student Union" in n for n in names) == 1
    # The wrapped halves never appear as names of their own.
    assert "Strike Column" not in names
    assert "Student Union" not in names
    wrapped = [w.line for w in statement.warnings if w.code == "wrapped_line"]
    assert wrapped == [234, 244]


def test_both_spellings_of_one_organisation_are_kept_as_written(statement: Statement) -> None:
    names = [s.name for s in statement.organisations]
    assert "Karen National League Japan (KNL)" in names
    assert "Karen National League Japan – KNL" in names


def test_warnings_report_the_declared_total_and_no_numbering_gaps(
    statement: Statement,
) -> None:
    codes = [w.code for w in statement.warnings]
    assert "numbering_gap" not in codes
    assert "numbering_order" not in codes
    assert "no_signatories" not in codes
    [mismatch] = [w for w in statement.warnings if w.code == "declared_total_mismatch"]
    assert "567 declared, 281 named" in mismatch.message
    assert mismatch.line == 21


def test_body_keeps_the_prose_and_drops_the_list(statement: Statement) -> None:
    # The dateline is the statement's date, not part of its body.
    assert statement.body.startswith("The undersigned Civil Society")
    assert statement.body.endswith(
        "only 281 organizations have been identified for security reasons."
    )
    assert "Signed by" not in statement.body
    assert "Kamma Lover" not in statement.body
