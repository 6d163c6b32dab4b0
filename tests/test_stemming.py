"""English stems: British/American spelling folded, Snowball English, Burmese untouched."""

from __future__ import annotations

import pytest

from statementsearch.text import analysis
from statementsearch.text.stemming import american, english_stem, is_stemmable


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("organisations", "organizations"),
        ("organization", "organization"),
        ("civilisation", "civilization"),
        ("realised", "realized"),
        ("analyse", "analyze"),
        ("colours", "colors"),
        ("honourable", "honorable"),
        ("centres", "centers"),
        ("centred", "centered"),
        ("defence", "defense"),
        ("dialogue", "dialog"),
        ("programme", "program"),
        ("travelled", "traveled"),
        ("judgement", "judgment"),
        # Rules that would join different words are not applied.
        ("four", "four"),
        ("hour", "hour"),
        ("acre", "acre"),
        ("rise", "rise"),
        ("wise", "wise"),
    ],
)
def test_american_spelling(word: str, expected: str) -> None:
    assert american(word) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("crime", "crimes"),
        ("village", "villages"),
        ("torture", "tortured"),
        ("killings", "killing"),
        ("organisations", "organizations"),
        ("organisation", "organizations"),
        ("colour", "colors"),
        ("dialogue", "dialog"),
        ("harbour", "harbor"),
        ("women's", "women"),
    ],
)
def test_other_forms_share_a_stem(a: str, b: str) -> None:
    assert english_stem(a) == english_stem(b)


@pytest.mark.parametrize(("a", "b"), [("four", "for"), ("peace", "piece"), ("crime", "crimea")])
def test_different_words_keep_different_stems(a: str, b: str) -> None:
    assert english_stem(a) != english_stem(b)


@pytest.mark.parametrize(
    ("token", "stemmable"),
    [("crimes", True), ("women's", True), ("2022", False), ("ရန်ကုန်", False), ("", False)],
)
def test_only_latin_words_are_stemmed(token: str, stemmable: bool) -> None:
    assert is_stemmable(token) is stemmable
    if not stemmable:
        assert english_stem(token) == token


@pytest.mark.parametrize(
    ("text", "terms", "positions"),
    [
        ("Organisations’ crimes ရန်ကုန် 2022", ["organiz", "crime"], [0, 1]),
        ("ရန်ကုန်မြို့", [], []),
        ("Tortured villagers", ["tortur", "villag"], [0, 1]),
    ],
)
def test_stem_index_terms(text: str, terms: list[str], positions: list[int]) -> None:
    assert analysis.index_terms(text, "stem") == (terms, positions)
    # The analyzer and the fast indexing path give the same terms.
    assert [t.text for t in analysis.stem_analyzer()(text)] == terms
    assert analysis.query_tokens(text, "stem") == terms


def test_the_word_field_is_unchanged_by_stemming() -> None:
    assert analysis.query_tokens("Tortured villagers", "word") == ["tortured", "villagers"]
