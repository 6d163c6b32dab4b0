"""The conservative merge rules (a)-(e) (docs/curation.md): each links names people write
differently, and each keeps a look-alike pair apart. Every name here is invented."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import CONFUSABLE_PAIRS
from statementsearch.cli import main
from statementsearch.identity.orgs import Resolution, resolve_organisations
from statementsearch.identity.review import iter_near_misses
from statementsearch.model import Signature, Statement


def resolve(*names_per_statement: list[str]) -> Resolution:
    statements = [
        Statement(f"s{i}", None, None, None, None, "", None,
                  tuple(Signature(n, k, k) for k, n in enumerate(names, 1)))
        for i, names in enumerate(names_per_statement)
    ]  # fmt: skip
    return resolve_organisations(statements)


POSITIVE = [
    ("a", "ရွှေမြစ်လူငယ်ကွန်ရက် (SRYN)", "Shwe River Youth Network (SRYN)"),
    ("a", "ကြာပန်းအဖွဲ့ (LRC)", "Lotus Relief Council (LRC)"),
    ("b", "FORUM-X", "Forum for Example X (FORUM-X)"),
    ("b", "HWSU", "Harbour Workers Solidarity Union (HWSU)"),
    ("c", "Friends Association in Norway", "Friends Association Norway"),
    ("c", "The Hill Farmers Union (HFU)", "Hill Farmers Union (HFU)"),
    ("c", "Network for Sample Rights", "Network Sample Rights"),
    ("d", "Kite Students Uion (KSU)", "Kite Students Union (KSU)"),
    ("d", "Lotus Relief Concil (LRCX)", "Lotus Relief Council (LRCX)"),
    ("e", "Kite Youth Association – KYA (Norway)", "Kite Youth Association (KYA Norway)"),
    ("e", "Hill Women Union – HWU (Japan)", "Hill Women Union (HWU Japan)"),
]

LOOK_ALIKES = [
    # (a): the acronym is not the English name's initials; or a third organisation uses it.
    ("a", ["ရွှေမြစ်လူငယ်ကွန်ရက် (SRYN)"], ["Shwe River Youth Forum (SRYN)"]),
    (
        "a",
        ["ရွှေမြစ်လူငယ်ကွန်ရက် (SRYN)", "Sample Rights Youth Network (SRYN)"],
        ["Shwe River Youth Network (SRYN)"],
    ),
    # (a): English glued to the Burmese name is not a Burmese-only name.
    ("a", ["Lower Kite Alumni Committee (LKAC) ကြာပန်းကော်မတီ"], ["Lake Kite Alumni Centre (LKAC)"]),
    # (a): a Burmese name already joined to another English organisation.
    ("a", ["ကြာပန်းအဖွဲ့ – Kite Team (LRC)"], ["Lotus Relief Council (LRC)", "ကြာပန်းအဖွဲ့ (LRC)"]),
    # (b): three letters name too many organisations; a second full name uses it.
    ("b", ["XYZ"], ["Xylo Youth Zone (XYZ)"]),
    ("b", ["FORUM-X", "Forum for Example X (FORUM-X)"], ["Forum for Exile X (FORUM-X)"]),
    # (c): a replaced word, a different qualifier, or different acronyms.
    ("c", ["Women for Peace Network"], ["Women of Peace Network"]),
    ("c", ["Friends Association in Norway"], ["Friends Association Japan"]),
    ("c", ["Hill Farmers Union (HFU)"], ["The Hill Farmers Union (THFU)"]),
    ("c", ["Save Lotus (USA)"], ["Save the Lotus"]),
    # (d): no acronym, a short word, two letters, or two words differ.
    ("d", ["Kite Students Uion"], ["Kite Students Union"]),
    ("d", ["Hill Arts Club (HAC)"], ["Hill Arts Clan (HAC)"]),
    ("d", ["Kite Students Unoin (KSU)"], ["Kite Students Union (KSU)"]),
    ("d", ["Kite Studant Uion (KSU)"], ["Kite Students Union (KSU)"]),
    # (e): a different place, or a different acronym.
    ("e", ["Kite Youth Association – KYA (Norway)"], ["Kite Youth Association (KYA Japan)"]),
    ("e", ["Kite Youth Association – KYA (Norway)"], ["Kite Youth Association (KYN Norway)"]),
]


def _rule_merges(resolution: Resolution) -> list[str]:
    return [kind for m in iter_near_misses(resolution) if (kind := m.kind).startswith("rule_")]


@pytest.mark.parametrize(("rule", "a", "b"), POSITIVE)
def test_each_rule_links_what_people_write_differently(rule: str, a: str, b: str) -> None:
    resolution = resolve([a], [b])
    assert len(resolution.organisations) == 1
    assert resolution.organisations[0].statement_count == 2
    assert [r for r, *_ in resolution.rule_merges] == [rule]
    review = [m for m in iter_near_misses(resolution) if m.kind == f"rule_{rule}"]
    assert len(review) == 1 and review[0].reason.startswith(f"rule ({rule}):")
    assert set(review[0].names) == {a, b}


@pytest.mark.parametrize(("rule", "first", "second"), LOOK_ALIKES)
def test_each_rule_keeps_look_alikes_apart(rule: str, first: list[str], second: list[str]) -> None:
    """The last name of the first statement and the first of the second stay apart."""
    resolution = resolve(first, second)
    assert resolution.organisation_id("s0", len(first)) != resolution.organisation_id("s1", 1)
    assert f"rule_{rule}" not in _rule_merges(resolution)


@pytest.mark.parametrize(("a", "b"), CONFUSABLE_PAIRS)
def test_the_confusable_pairs_stay_apart_under_the_new_rules(a: str, b: str) -> None:
    assert len(resolve([a], [b]).organisations) == 2
    assert len(resolve([a, b], [a], [b]).organisations) == 2


def test_orgs_review_names_the_rule_behind_each_merge(tmp_path: Path) -> None:
    prose = "We call on every government to stop selling fuel to the military that bombs us."
    for n, name in enumerate(["Friends Association in Norway", "Friends Association Norway"]):
        (tmp_path / f"s{n}.txt").write_text(
            f"{prose}\n\nSigned by:\n1. {name}\n2. Lotus Relief Council\n", encoding="utf-8"
        )
    out = io.StringIO()
    assert main(["orgs", "--review", "--corpus", str(tmp_path)], out=out) == 0
    assert "rule_c: rule (c): the same name but for a dropped or added function word" in (
        out.getvalue()
    )
