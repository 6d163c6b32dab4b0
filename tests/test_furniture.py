"""Page furniture left by converted documents is dropped before parsing, visibly."""

from __future__ import annotations

import pytest

from statementsearch.ingest.furniture import remove_furniture
from statementsearch.ingest.parsing import parse_statement

PROSE = (
    "We call on every government to stop selling aviation fuel to the military, which uses "
    "it to bomb villages, schools and clinics across the country."
)


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("Alpha\n\nPage 2 of 5\nBeta", "Alpha\nBeta", ["'Page 2 of 5' dropped: a page number"]),
        ("Alpha\n\n3\n\fBeta", "Alpha\nBeta", ["'3' dropped: a bare page number"]),
        ("Alpha\n\n- 3 -\n\nBeta", "Alpha\n\nBeta", ["'- 3 -' dropped: a bare page number"]),
        ("Alpha\nစာမျက်နှာ ၂\nBeta", "Alpha\nBeta", ["'စာမျက်နှာ ၂' dropped: a page number"]),
        (
            "Header Line\nAlpha\n\fHeader Line\nBeta",
            "Alpha\nBeta",
            ["'Header Line' dropped: a running header or footer repeated on several pages"] * 2,
        ),
        (
            "the develop-\nment of it",
            "the development of it",
            ["'develop-' + 'ment' joined: a word hyphenated across a line break"],
        ),
        ("a community-\nbased group", "a community-based group", None),
    ],
)
def test_furniture_is_dropped_and_named(text: str, kept: str, dropped: list[str] | None) -> None:
    cleaned = remove_furniture(text)
    assert cleaned.text == kept
    if dropped is not None:
        assert [n.message for n in cleaned.dropped] == dropped


@pytest.mark.parametrize(
    "text",
    [
        "Alpha\n12 Sample Street\nBeta",  # a number inside a line
        "Signed by\n1. Alpha\n2. Beta",  # numbered entries are not page numbers
        "Alpha Union\nBeta Union\nAlpha Union",  # a repeat without pages is not a header
        "Kachin-\nLand Group",  # a capital after the break: not a split word
        "26/09/2022 and 3/4 of them",
    ],
)
def test_text_that_is_not_furniture_is_kept(text: str) -> None:
    cleaned = remove_furniture(text)
    assert (cleaned.text, cleaned.dropped) == (text, [])


def test_the_parser_drops_furniture_keeps_file_lines_and_warns() -> None:
    text = (
        f"Fixture Header\n\n{PROSE}\n\nSigned by\n1. Alpha Union\n2. Beta Develop-\nment Network"
        "\n\nPage 1 of 2\n\fFixture Header\n3. Gamma Forum\n"
    )
    statement = parse_statement(text, "fixture")
    assert [(s.name, s.line) for s in statement.organisations] == [
        ("Alpha Union", 6),
        ("Beta Development Network", 7),
        ("Gamma Forum", 12),
    ]
    notices = [(w.code, w.line) for w in statement.warnings]
    assert ("page_furniture", 10) in notices and ("hyphenation_joined", 7) in notices
    assert ("page_furniture", 1) in notices and ("page_furniture", 11) in notices
    assert "Page 1 of 2" not in statement.body
