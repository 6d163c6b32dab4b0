"""The generated variation suite: one fictional list in every published shape it takes.

tests/variations.py renders every combination of heading style x list style x wrapping x
position x furniture noise (fixed seed, invented names). The reader must recover the exact
list in at least 99 % of them; the failure message names every variant it got wrong.
``python tests/variations.py`` prints the rate per dimension.
"""

from __future__ import annotations

from statementsearch.ingest.parsing import parse_statement
from variations import HEADINGS, LIST_STYLES, NOISE, POSITIONS, WRAPS, variants


def test_the_dimensions_are_as_wide_as_promised() -> None:
    assert (len(HEADINGS), len(LIST_STYLES)) >= (12, 10)
    assert "none" in HEADINGS and len(POSITIONS) == 3 and len(WRAPS) >= 2 and len(NOISE) >= 3


def test_the_reader_recovers_the_exact_list_in_99_percent_of_the_variants() -> None:
    wrong: list[str] = []
    total = 0
    for variant in variants():
        total += 1
        assert len(variant.expected) >= 40
        got = [s.name for s in parse_statement(variant.text, "variant").organisations]
        if got != variant.expected:
            missing = [n for n in variant.expected if n not in got][:3]
            extra = [n for n in got if n not in variant.expected][:3]
            wrong.append(f"{variant.label}: missing {missing}, extra {extra}")
    assert total >= 1000
    assert len(wrong) <= 0.01 * total, f"{len(wrong)} of {total} wrong:\n" + "\n".join(wrong)


def test_no_variant_reads_body_prose_as_a_name() -> None:
    for variant in variants():
        if variant.noise != "none" or variant.wrap != "none":
            continue
        statement = parse_statement(variant.text, "variant")
        assert all(len(s.name) < 120 for s in statement.organisations), variant.label
        assert "We call on every government" in statement.body, variant.label
