"""orgs.py / orgreview.py: signatures -> organisations, lookup, and the review list.

Organisation names are invented (STYLE.md habit 13); only the last test reads the real
statement in corpus/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CONFUSABLE_PAIRS
from statementsearch.identity.curation import parse_curation
from statementsearch.identity.orgs import Resolution, resolve_organisations
from statementsearch.identity.review import find_organisations, iter_near_misses
from statementsearch.model import Signature, Statement

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "2022-09-26-sham-peace-dialogue-statement.txt"


def statement(statement_id: str, *names: str) -> Statement:
    signatures = tuple(Signature(name, i, i) for i, name in enumerate(names, start=1))
    return Statement(statement_id, None, None, None, None, "", None, signatures)


def resolve(*names_per_statement: list[str], curation: str = "") -> Resolution:
    statements = [statement(f"s{i}", *names) for i, names in enumerate(names_per_statement)]
    return resolve_organisations(statements, parse_curation(curation) if curation else None)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Riverside Weavers Organisation", "Riverside Weavers Organization"),
        ("Back Kite Health Worker Team", "Backkite Health Workers Team"),
        ("Hill National League Japan (HNL)", "Hill National League Japan – HNL"),
        ("Hill Women’s League (HWL)", "Hill Women's League"),
        ("HCN (Hill Community in Norway)", "Hill Community in Norway"),
        ("ရက်ကန်းအဖွဲ့ – Hill Weavers Group", "Hill Weavers Group (HWG)"),
        ("Lotus Labour Centre", "Lotus Labor Center"),
        ("Free Kite Committee – Lakeside", "Free Kite Committee (Lakeside)"),
    ],
)
def test_variants_are_one_organisation(a: str, b: str) -> None:
    resolution = resolve([a], [b])
    assert len(resolution.organisations) == 1
    org = resolution.organisations[0]
    assert org.names == (a, b) and org.statement_count == 2


@pytest.mark.parametrize(
    ("a", "b"),
    [*CONFUSABLE_PAIRS, ("QQW စစ်ကိုင်းတိုင်း", "RRV စစ်ကိုင်းတိုင်း")],
)
def test_look_alikes_stay_apart(a: str, b: str) -> None:
    assert len(resolve([a], [b]).organisations) == 2


def test_burmese_only_mention_joins_the_bilingual_organisation() -> None:
    resolution = resolve(["ရက်ကန်းအဖွဲ့ – Hill Weavers Group"], ["ရက်ကန်း အဖွဲ့"], ["Hill Weavers Group"])
    assert len(resolution.organisations) == 1
    assert resolution.organisations[0].statement_count == 3


def test_burmese_name_beside_two_english_names_links_to_neither() -> None:
    resolution = resolve(
        ["ရက်ကန်းအဖွဲ့ – Hill Weavers Group"], ["ရက်ကန်းအဖွဲ့ – Lake Weavers Team"], ["ရက်ကန်းအဖွဲ့"]
    )
    assert len(resolution.organisations) == 3
    assert [kind for kind, *_ in _misses(resolution)].count("ambiguous_burmese") == 1


def test_signing_records_statement_name_and_position() -> None:
    resolution = resolve(["Lotus Relief Council", "Hill Weavers Group"], ["Hill Weavers Groups"])
    org_id = resolution.organisation_id("s0", 2)
    assert org_id == resolution.organisation_id("s1", 1) == "hill-weaver-group"
    org = resolution.by_id[org_id]
    assert [(s.statement_id, s.name, s.position) for s in org.signings] == [
        ("s0", "Hill Weavers Group", 2),
        ("s1", "Hill Weavers Groups", 1),
    ]
    assert org.to_dict() == {
        "id": "hill-weaver-group",
        "name": "Hill Weavers Group",
        "names": ["Hill Weavers Group", "Hill Weavers Groups"],
        "acronyms": [],
        "statement_count": 2,
    }


def test_ids_are_url_safe_and_stable_when_a_statement_is_added() -> None:
    first = [["Lotus Relief Council", "ရက်ကန်းအဖွဲ့", "Café Kite Club", "Hill Youth (Norway)"]]
    before = {o.name: o.id for o in resolve(*first).organisations}
    after = {o.name: o.id for o in resolve(["Lake Weavers Team"], *first).organisations}
    assert all(after[name] == org_id for name, org_id in before.items())
    assert all(re.fullmatch(r"[a-z0-9-]+", org_id) for org_id in after.values())
    assert before["Hill Youth (Norway)"] == "hill-youth-norway"


def test_ids_do_not_depend_on_statement_order() -> None:
    a = resolve(["Lotus Relief Council"], ["Lotus Relief Councils", "Hill Weavers Group"])
    b = resolve(["Hill Weavers Group", "Lotus Relief Councils"], ["Lotus Relief Council"])
    assert sorted(o.id for o in a.organisations) == sorted(o.id for o in b.organisations)


def test_curated_merge_joins_and_redirects_the_merged_id() -> None:
    names = (["Lotus Relief Council"], ["Lotus Aid Council"])
    assert len(resolve(*names).organisations) == 2
    curation = '[[merge]]\nnames = ["Lotus Relief Council", "lotus-aid-council"]\n'
    resolution = resolve(*names, curation=curation)
    assert [o.id for o in resolution.organisations] == ["lotus-aid-council"]
    assert resolution.aliases == {"lotus-relief-council": "lotus-aid-council"}
    assert resolution.current_id("lotus-relief-council") == "lotus-aid-council"
    assert not resolution.notices


def test_curated_keep_apart_splits_forms_with_one_key() -> None:
    names = (["Lotus Relief (North)"], ["Lotus Relief North"])
    assert len(resolve(*names).organisations) == 1
    curation = '[[keep_apart]]\nnames = ["Lotus Relief (North)", "Lotus Relief North"]\n'
    resolution = resolve(*names, curation=curation)
    assert len(resolution.organisations) == 2
    assert len({o.id for o in resolution.organisations}) == 2


def test_curated_keep_apart_stops_a_burmese_link() -> None:
    names = (["ရက်ကန်းအဖွဲ့ – Hill Weavers Group"], ["ရက်ကန်းအဖွဲ့"])
    assert len(resolve(*names).organisations) == 1
    curation = '[[keep_apart]]\nnames = ["ရက်ကန်းအဖွဲ့", "Hill Weavers Group"]\n'
    assert len(resolve(*names, curation=curation).organisations) == 2


def test_display_name_and_redirect() -> None:
    curation = """
[[display]]
match = "Hill Weavers Groups"
name = "Hill Weavers’ Group"

[redirects]
"old-hill-weavers" = "hill-weaver-group"
"""
    resolution = resolve(["Hill Weavers Groups"], curation=curation)
    assert resolution.organisations[0].name == "Hill Weavers’ Group"
    assert resolution.current_id("old-hill-weavers") == "hill-weaver-group"
    assert resolution.current_id("never-was") is None


def test_withheld_organisation_leaves_only_a_count() -> None:
    names = (["Lotus Relief Council", "Hill Weavers Group"], ["Lotus Relief Councils"], ["LRC"])
    curation = (
        '[[withhold]]\nmatch = "Lotus Relief Council"\n'
        '[redirects]\n"old-lotus" = "lotus-relief-council"\n'
    )
    resolution = resolve(*names, curation=curation)
    assert [o.name for o in resolution.organisations] == ["Hill Weavers Group", "LRC"]
    assert resolution.withheld_counts == {"s0": 1, "s1": 1}
    assert resolution.organisation_id("s0", 1) is None
    assert "lotus-relief-council" not in resolution.by_id
    assert resolution.current_id("lotus-relief-council") is None
    assert resolution.current_id("old-lotus") is None
    assert find_organisations(resolution, "Lotus Relief Council") == []
    text = repr([o.to_dict() for o in resolution.organisations]) + repr(_misses(resolution))
    assert "Lotus" not in text
    assert not resolution.notices


def test_withhold_by_id() -> None:
    resolution = resolve(
        ["Lotus Relief Council"], curation='[[withhold]]\nmatch = "lotus-relief-council"'
    )
    assert resolution.organisations == () and resolution.withheld_counts == {"s0": 1}


@pytest.mark.parametrize(
    ("curation", "fragment"),
    [
        ('[[merge]]\nnames = ["Hill Weavers Group", "Nobody Wrote This"]',
         "[[merge]] #1: no statement has 'Nobody Wrote This'"),
        ('[[keep_apart]]\nnames = ["Hill Weavers Group", "Lotus Relief Council"]\n'
         '[[merge]]\nnames = ["Hill Weavers Group", "Lotus Relief Council"]',
         "[[merge]] #1: contradicts a [[keep_apart]] entry"),
        ('[[display]]\nmatch = "Nobody Wrote This"\nname = "X"', "[[display]] #1: no statement"),
        ('[[withhold]]\nmatch = "Nobody Wrote This"', "[[withhold]] #1: no statement"),
        ('[redirects]\n"old" = "no-such-id"', "no organisation has the id 'no-such-id'"),
        ('[redirects]\n"hill-weaver-group" = "lotus-relief-council"', "is a current id"),
    ],
)  # fmt: skip
def test_bad_curation_entries_are_reported(curation: str, fragment: str) -> None:
    resolution = resolve(["Hill Weavers Group", "Lotus Relief Council"], curation=curation)
    messages = [n.message for n in resolution.notices]
    assert any(fragment in m and m.startswith("curation.toml: ") for m in messages), messages
    assert len(resolution.organisations) == 2


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Hill Weavers Group", "Hill Weavers Group (HWG)"),
        ("HWG", "Hill Weavers Group (HWG)"),
        ("hill weavers", "Hill Weavers Group (HWG)"),
        ("Hill Waevers Group", "Hill Weavers Group (HWG)"),
        ("ရက်ကန်း", "ရက်ကန်းအဖွဲ့"),
        ("Lotus", "Lotus Relief Council"),
        ("hill-weaver-group", "Hill Weavers Group (HWG)"),
    ],
)
def test_find_organisations_best_first(query: str, first: str) -> None:
    resolution = resolve(
        ["Hill Weavers Group (HWG)", "Hill Weavers Guild", "ရက်ကန်းအဖွဲ့"],
        ["Lotus Relief Council", "Lotus Relief Council (Lakeside)", "Hill Weavers Group"],
    )
    found = find_organisations(resolution, query)
    assert found and found[0].name == first
    assert find_organisations(resolution, "  ") == []


def _misses(resolution: Resolution) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.kind, m.names) for m in iter_near_misses(resolution)]


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (["Hill Weavers Network", "Hill Weavres Network"], "similar_spelling"),
        (["Xylo Youth Zone (XYZ)", "Xenon Yard Zealots (XYZ)"], "shared_acronym"),
        (["Save Lotus (USA)", "Save Lotus San Francisco"], "prefix"),
        (["Free Kite Committee – Lakeside", "Free Kite Committee – Riverside"],
         "different_qualifier"),
        (["Back Kite Team", "Backkite Team"], "weak_merge"),
        (["ရက်ကန်းအဖွဲ့ – Hill Weavers Group", "ရက်ကန်းအဖွဲ့"], "weak_merge"),
    ],
)  # fmt: skip
def test_near_misses_have_a_kind_and_a_reason(names: list[str], kind: str) -> None:
    misses = list(iter_near_misses(resolve(*([n] for n in names))))
    assert kind in {m.kind for m in misses}
    assert all(m.reason and m.to_dict()["organisation_ids"] for m in misses)


def test_near_misses_leave_clearly_different_names_alone() -> None:
    assert _misses(resolve(["Lotus Relief Council"], ["Hill Weavers Group"])) == []


def test_real_statement_281_signatures_280_organisations() -> None:
    from statementsearch.ingest.corpus import read_source
    from statementsearch.ingest.parsing import parse_statement

    source = read_source(REAL)
    parsed = parse_statement(source.text, REAL.stem, path=source.path, notices=source.notices)
    assert len(parsed.organisations) == 281
    resolution = resolve_organisations([parsed])
    assert len(resolution.organisations) == 280
    merged = [o for o in resolution.organisations if len(o.signings) > 1]
    assert [o.names for o in merged] == [
        ("Karen National League Japan (KNL)", "Karen National League Japan – KNL")
    ]
    branches = find_organisations(resolution, "Free Burma Action Committee")
    assert len({o.id for o in branches}) == 4
    assert len(set(resolution.signing_ids.values())) == 280


def test_an_english_name_written_with_two_burmese_names_joins_no_burmese_only_mention() -> None:
    """Two different Burmese names beside one English name (a varying translation, or a
    prose line glued to two different names) must not pull both Burmese-only
    organisations into one."""
    garden, river = "ပန်းခြံလူငယ်ကွန်ရက်", "ရွှေမြစ်လယ်သမားအသင်း"
    resolution = resolve(
        [f"{garden} – Addendum Fixture Text"],
        [f"{river} – Addendum Fixture Text"],
        [garden, river],
    )
    by_names = {org.names: org for org in resolution.organisations}
    assert (garden,) in by_names and (river,) in by_names  # each stays on its own
    assert len(resolution.organisations) == 3
    assert len(resolution.ambiguous_burmese) == 2  # both listed for review


# --- the build's resolution by name gives what the full one gives ----------------------


def _same_as_full(statements: list[Statement], curation: str = "") -> None:
    from statementsearch.identity.building import resolve_for_build

    parsed = parse_curation(curation) if curation else None
    full = resolve_organisations(statements, parsed)
    lean = resolve_for_build(statements, parsed)
    for st in statements:
        assert [lean.ids.get(sig.name) for sig in st.organisations] == [
            full.organisation_id(st.id, sig.position) for sig in st.organisations
        ]
    assert [(o.id, o.name, o.names, o.acronyms, count) for o, count in lean.organisations] == [
        (o.id, o.name, o.names, o.acronyms, o.statement_count) for o in full.organisations
    ]
    assert lean.resolution == Resolution(
        organisations=(),
        signing_ids={},
        aliases=full.aliases,
        withheld_counts=full.withheld_counts,
        notices=full.notices,
        group_ids=full.group_ids,
        ambiguous_burmese=full.ambiguous_burmese,
        burmese_links=full.burmese_links,
        rule_merges=full.rule_merges,
    )


def test_the_build_resolves_the_real_statement_as_the_full_resolution_does() -> None:
    from statementsearch.ingest.corpus import load_corpus

    _same_as_full(list(load_corpus(REAL.parent).statements))


def test_the_build_resolves_merges_withholding_and_counts_as_the_full_resolution_does() -> None:
    statements = [
        statement("s0", "Lotus Relief Council", "Hill Weavers Group", "Lotus Labour Centre"),
        statement("s1", "Lotus Relief Councils", "Lotus Labor Center", "Lotus Labour Centre"),
        statement("s2", "LRC", "ရက်ကန်းအဖွဲ့ – Hill Weavers Group", "ရက်ကန်းအဖွဲ့"),
        statement("s3", "Hill Weavers Group (HWG)", "Free Kite Committee (Lakeside)"),
    ]
    _same_as_full(statements)
    _same_as_full(
        statements,
        '[[withhold]]\nmatch = "Lotus Relief Council"\n'
        '[[merge]]\nnames = ["LRC", "Free Kite Committee (Lakeside)"]\n',
    )
