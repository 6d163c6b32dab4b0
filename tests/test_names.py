"""names.py: splitting one signatory name, and the keys that say what two names share.

Every organisation name here is invented (STYLE.md habit 13).
"""

from __future__ import annotations

import pytest

from conftest import CONFUSABLE_PAIRS
from statementsearch.identity.names import (
    burmese_key,
    edit_distance,
    is_acronym,
    match_rank,
    name_keys,
    normalise_word,
    parse_name,
)


@pytest.mark.parametrize(
    ("name", "burmese", "english", "acronyms", "qualifiers"),
    [
        ("Riverside Weavers Group (RWG)", None, "Riverside Weavers Group", ("RWG",), ()),
        ("Lotus Relief Coordination Team – LRCT", None, "Lotus Relief Coordination Team",
         ("LRCT",), ()),
        ("Union of Hill Weavers in Japan, UHW-Japan", None, "Union of Hill Weavers in Japan",
         ("UHW-Japan",), ()),
        ("HCN (Hill Community in Norway)", None, "Hill Community in Norway", ("HCN",), ()),
        ("Lotus Relief Association (Burma)", None, "Lotus Relief Association", (), ("Burma",)),
        ("Riverside Democratic Forces (USA)", None, "Riverside Democratic Forces", (), ("USA",)),
        ("Action Against Fog (Sydney)", None, "Action Against Fog", (), ("Sydney",)),
        ("Free Kite Committee – San Francisco", None, "Free Kite Committee", (),
         ("San Francisco",)),
        ("Green Weavers (Myeik)", None, "Green Weavers", (), ("Myeik",)),
        ("Hill Alliance (US)", None, "Hill Alliance", (), ("US",)),
        ("Hill Affairs Group Japan, HAG (Japan)", None, "Hill Affairs Group Japan", ("HAG",),
         ("Japan",)),
        ("Hill Rights Group (HnRG)", None, "Hill Rights Group", ("HnRG",), ()),
        ("Network for Kite Documentation Burma (NK-Burma)", None,
         "Network for Kite Documentation Burma", ("NK-Burma",), ()),
        ("HYN – Hill Youth Network", None, "Hill Youth Network", ("HYN",), ()),
        ("Hill Poets (Yangon HPX)", None, "Hill Poets", ("HPX",), ("Yangon",)),
        ("ရက်ကန်းသမားအသင်း၊ တက္ကသိုလ်များ၊ရန်ကုန်။ – Universities Weavers Association – Yangon"
         " (Yangon UWA)", "ရက်ကန်းသမားအသင်း၊ တက္ကသိုလ်များ၊ရန်ကုန်။",
         "Universities Weavers Association", ("UWA",), ("Yangon",)),
        ("Riverside Kite Committee (မြစ်ကမ်းစွန်ကော်မတီ)", "မြစ်ကမ်းစွန်ကော်မတီ",
         "Riverside Kite Committee", (), ()),
        ("XYZQ (ရက်ကန်းသမားများ) သပိတ် – XYZQ Weavers Strike",
         "XYZQ (ရက်ကန်းသမားများ) သပိတ်", "XYZQ Weavers Strike", (), ()),
        ("ရက်ကန်းကွန်ရက် (Weaving in Our Hands)", "ရက်ကန်းကွန်ရက်", "Weaving in Our Hands", (), ()),
        ("စွန်-KiTeR (Keep The Kites Rising)", "စွန်", "Keep The Kites Rising", ("KiTeR",), ()),
        ("ရက်ကန်းမိသားစု – မန္တလေး – (Weaving Family – Mandalay)", "ရက်ကန်းမိသားစု – မန္တလေး",
         "Weaving Family", (), ("Mandalay",)),
        ("ရက်ကန်းတက္ကသိုလ်(မန္တလေး)ကျောင်းသားများသမဂ္ဂ – Weaving University ( Mandalay ) Student"
         " Union", "ရက်ကန်းတက္ကသိုလ် (မန္တလေး) ကျောင်းသားများသမဂ္ဂ",
         "Weaving University Student Union", (), ("Mandalay",)),
        ("Kite Network မြစ်ကမ်းစွန်ကွန်ရက်", "မြစ်ကမ်းစွန်ကွန်ရက်", "Kite Network", (), ()),
        ("QQW စစ်ကိုင်းတိုင်း", "QQW စစ်ကိုင်းတိုင်း", None, (), ()),
        ("XYZ", None, "XYZ", ("XYZ",), ()),
    ],
)  # fmt: skip
def test_parse_name(
    name: str,
    burmese: str | None,
    english: str | None,
    acronyms: tuple[str, ...],
    qualifiers: tuple[str, ...],
) -> None:
    parts = parse_name(name)
    assert (parts.burmese, parts.english, parts.acronyms, parts.qualifiers) == (
        burmese,
        english,
        acronyms,
        qualifiers,
    )


def test_a_lowercase_remark_in_brackets_is_a_note_not_identity() -> None:
    parts = parse_name("Hill Help Network (comprising of over 40 youth groups)")
    assert parts.english == "Hill Help Network"
    assert parts.notes == ("comprising of over 40 youth groups",)
    assert name_keys("Hill Help Network").merge == name_keys(parts.english).merge


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("RWG", True), ("HnRG", True), ("KyWO", True), ("UHW-Japan", True), ("NK-Burma", True),
        ("Ya. Ta. Ka", True), ("USA", False), ("US", False), ("UK", False), ("Burma", False),
        ("Sydney", False), ("San Francisco", False), ("Lotus", False), ("A", False),
    ],
)  # fmt: skip
def test_is_acronym(token: str, expected: bool) -> None:
    assert is_acronym(token) is expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Riverside Weavers Organisation", "Riverside Weavers Organization"),
        ("Riverside Labour Centre", "Riverside Labor Center"),
        ("Hill Defence Programme", "Hill Defense Program"),
        ("Back Kite Health Worker Team", "Backkite Health Workers Team"),
        ("Hill Women’s League", "Hill Women's League"),
        ("Hill Women’s League", "Hill Womens League"),
        ("Hill Youths Network", "Hill Youth Network"),
        ("Federation of Weaver ‘s Union", "Federation of Weavers’ Union"),
        ("Hill Community of Kite &Lake", "Hill Community of Kite and Lake"),
        ("HILL WEAVERS GROUP", "Hill Weavers Group"),
        ("Hill Weavers Group (HWG)", "Hill Weavers Group – HWG"),
        ("Hill Weavers Group Japan (HWGJ)", "Hill Weavers Group Japan – HWGJ"),
        ("Free Kite Committee – Lakeside", "Free Kite Committee (Lakeside)"),
        ("Hill Affairs Group Japan, HAG (Japan)", "Hill Affairs Group Japan (HAG)"),
        ("Hill Universities Group", "Hill University Group"),
        ("Hill  Weavers\u00a0Group", "Hill Weavers Group"),
    ],
)
def test_same_merge_key(a: str, b: str) -> None:
    assert name_keys(a).merge == name_keys(b).merge


@pytest.mark.parametrize(
    ("a", "b"),
    [*CONFUSABLE_PAIRS, ("Save the Kite Network", "Save Kite Network")],
)
def test_different_merge_key(a: str, b: str) -> None:
    assert name_keys(a).merge != name_keys(b).merge


def test_loose_key_drops_stop_words_for_lookup_only() -> None:
    assert name_keys("Save the Kite Network").loose == name_keys("Save Kite Network").loose


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ရက်ကန်း အသင်း၊", "ရက်ကန်းအသင်း"),
        ("ရက်ကန်း-အသင်း။", "ရက်ကန်းအသင်း"),
        ("ညီနောင်ဥ်", "ညီနောင်ဉ်"),
        ("QQW စစ်ကိုင်း", "qqwစစ်ကိုင်း"),
        ("ကျောင်း(မန္တလေး)", "ကျောင်းမန္တလေး"),
    ],
)
def test_burmese_key_keeps_marks(text: str, key: str) -> None:
    assert burmese_key(text) == key


def test_burmese_keys_of_different_names_differ() -> None:
    # Medials and vowel signs are what tell these apart; a Latin-only fingerprint would not.
    assert burmese_key("ကြောင်") != burmese_key("ကောင်")
    assert burmese_key("QQW စစ်ကိုင်း") != burmese_key("RRV စစ်ကိုင်း")


@pytest.mark.parametrize(
    ("word", "normal"),
    [
        ("organisations", "organization"), ("women's", "women"), ("workers", "worker"),
        ("universities", "university"), ("youths", "youth"), ("rights", "right"),
        ("churches", "church"), ("class", "class"), ("campus", "campus"), ("labour", "labor"),
    ],
)  # fmt: skip
def test_normalise_word(word: str, normal: str) -> None:
    assert normalise_word(word) == normal


@pytest.mark.parametrize(
    ("a", "b", "limit", "distance"),
    [("kite", "kite", 1, 0), ("kite", "kites", 1, 1), ("hillgroup", "hillnigroup", 2, 2),
     ("ab", "xyz", 1, 2), ("abc", "abcdef", 1, 2)],
)  # fmt: skip
def test_edit_distance(a: str, b: str, limit: int, distance: int) -> None:
    assert edit_distance(a, b, limit) == distance


@pytest.mark.parametrize(
    ("query", "rank"),
    [
        ("hill weavers group", 0),
        ("Hill Weavers Groups", 0),
        ("HWG", 1),
        ("Hill Weavers", 3),
        ("weavers", 4),
        ("Hill Waevers Group", 5),
        ("ရက်ကန်းအဖွဲ့", 0),
        ("ရက်ကန်း", 3),
        ("Lotus", None),
    ],
)
def test_match_rank(query: str, rank: int | None) -> None:
    name = name_keys("ရက်ကန်းအဖွဲ့ – Hill Weavers Group (HWG)")
    assert match_rank(name_keys(query), name) == rank
