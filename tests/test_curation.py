"""curation.py: reading corpus/curation.toml, and refusing what would be unsafe."""

from __future__ import annotations

from pathlib import Path

import pytest

from statementsearch.identity.curation import Curation, CurationError, parse_curation, read_curation
from statementsearch.identity.orgs import resolve_organisations
from statementsearch.model import Signature, Statement

ROOT = Path(__file__).resolve().parent.parent

GOOD = """
[[merge]]
names = ["Riverside Weavers Organisation", "Riverside Weaving Org."]
note = "same secretariat"

[[keep_apart]]
names = ["Lotus Relief (North)", "Lotus Relief North"]

[[display]]
match = "riverside-weaver-organization"
name = "Riverside Weavers Organisation"

[redirects]
"riverside-weaver-org" = "riverside-weaver-organization"

[[withhold]]
match = "Lotus Relief North"
note = "asked to be removed"
"""


def test_parse_every_kind_of_entry() -> None:
    curation = parse_curation(GOOD, "corpus/curation.toml")
    assert curation.merges[0].names == ("Riverside Weavers Organisation", "Riverside Weaving Org.")
    assert curation.merges[0].where == "corpus/curation.toml: [[merge]] #1"
    assert curation.keep_apart[0].names == ("Lotus Relief (North)", "Lotus Relief North")
    assert (curation.display[0].match, curation.display[0].name) == (
        "riverside-weaver-organization",
        "Riverside Weavers Organisation",
    )
    assert (curation.redirects[0].old, curation.redirects[0].new) == (
        "riverside-weaver-org",
        "riverside-weaver-organization",
    )
    assert curation.withhold[0].match == "Lotus Relief North"
    assert curation.notices == ()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[[merj]]\nnames = ["A", "B"]', "x.toml: [merj]: unknown table"),
        ('[[merge]]\nnames = ["A"]', "x.toml: [[merge]] #1: 'names' must list at least two"),
        ('[[merge]]\nnames = ["A", "B"]\n[[merge]]\nname = ["A", "B"]',
         "x.toml: [[merge]] #2: unknown key 'name'"),
        ('[[keep_apart]]\nnames = "A, B"', "x.toml: [[keep_apart]] #1: 'names' must list"),
        ('[[display]]\nmatch = "A"', "x.toml: [[display]] #1: 'name' (the name to display)"),
        ('[[display]]\nname = "A"', "x.toml: [[display]] #1: 'match'"),
        ('redirects = "a"', "x.toml: [redirects]: must be a table"),
        ('[redirects]\n"old" = ""', "x.toml: [redirects] 'old': the new id must be"),
    ],
)  # fmt: skip
def test_bad_entries_become_notices_naming_file_and_entry(text: str, fragment: str) -> None:
    messages = [n.message for n in parse_curation(text, "x.toml").notices]
    assert any(fragment in m for m in messages), messages


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('[[withhold]]\nnmae = "A"', "x.toml: [[withhold]] #1: unknown key 'nmae'"),
        ("[[withhold]]\nnote = 'no match'", "x.toml: [[withhold]] #1: 'match'"),
        ("withhold = 3", "x.toml: [[withhold]] #1: must be a table"),
        ('[[merge]\nnames = ["A", "B"]', "x.toml: not valid TOML"),
    ],
)
def test_unsafe_problems_raise(text: str, fragment: str) -> None:
    with pytest.raises(CurationError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        parse_curation(text, "x.toml")


def test_missing_file_is_an_empty_curation(tmp_path: Path) -> None:
    assert read_curation(tmp_path / "curation.toml") == Curation(
        path=str(tmp_path / "curation.toml")
    )


def test_read_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "curation.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert len(read_curation(path).merges) == 1


def test_example_curation_file_in_the_corpus_is_valid_and_changes_nothing() -> None:
    curation = read_curation(ROOT / "corpus" / "curation.toml")
    assert curation.notices == ()
    signatures = (Signature("Hill Weavers Group", 1, 1),)
    statement = Statement("s", None, None, None, None, "", None, signatures)
    resolution = resolve_organisations([statement], curation)
    assert resolution.notices == () and len(resolution.organisations) == 1


def test_the_documented_example_applies_cleanly() -> None:
    names = [
        "Riverside Weavers Organisation",
        "Riverside Weaving Org.",
        "Lotus Relief (North)",
        "Lotus Relief North",
    ]
    signatures = tuple(Signature(n, i, i) for i, n in enumerate(names, start=1))
    statement = Statement("s", None, None, None, None, "", None, signatures)
    resolution = resolve_organisations([statement], parse_curation(GOOD))
    assert resolution.notices == ()
    assert [(o.id, o.name) for o in resolution.organisations] == [
        ("lotus-relief-north-" + resolution.organisations[0].id[-8:], "Lotus Relief (North)"),
        ("riverside-weaver-organization", "Riverside Weavers Organisation"),
    ]
    assert resolution.withheld_counts == {"s": 1}
    assert resolution.current_id("riverside-weaver-org") == "riverside-weaver-organization"
