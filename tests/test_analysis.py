"""Tests for analysis.py: the only tokeniser (ICU words, Burmese syllables and bigrams)."""

from __future__ import annotations

import pickle
import unicodedata

import icu
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields, highlight
from whoosh.filedb.filestore import RamStorage
from whoosh.query import And, Phrase, Term

from statementsearch.text import analysis
from statementsearch.text.analysis import (
    ANALYZER_VERSION,
    fold,
    icu_version,
    index_terms,
    iter_syllable_spans,
    iter_syllables,
    iter_word_spans,
    iter_words,
    query_tokens,
    syllable_analyzer,
    syllable_bigram_analyzer,
    syllable_query,
    word_analyzer,
)
from statementsearch.text.normalise import normalise_text

ANALYZERS = {
    "word": word_analyzer,
    "syllable": syllable_analyzer,
    "bigram": syllable_bigram_analyzer,
    "stem": analysis.stem_analyzer,
}


def texts(analyzer_factory, text: str, **kwargs) -> list[str]:
    return [token.text for token in analyzer_factory()(text, **kwargs)]


def records(analyzer_factory, text: str) -> list[tuple[str, int, int, int]]:
    """(text, pos, startchar, endchar) of every token, copied out of the reused Token."""
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer_factory()(text, positions=True, chars=True, mode="index")
    ]


# --- references the fast paths must agree with ---------------------------------------------


def reference_fold(text: str) -> str:
    """fold() as first written (before its ASCII and no-translate fast paths)."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(analysis._FOLD_TABLE)
    return folded.replace("\u1025\u103a", "\u1009\u103a")


def reference_word_spans(text: str) -> list[tuple[int, int]]:
    """ICU over the whole text, UTF-16 offsets mapped back one code point at a time."""
    to_py = []
    for index, ch in enumerate(text):
        to_py.append(index)
        if ord(ch) > 0xFFFF:
            to_py.append(index)
    to_py.append(len(text))
    breaker = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    breaker.setText(text)
    spans = []
    start = breaker.first()
    for end in breaker:
        if breaker.getRuleStatus() >= 100:
            spans.append((to_py[start], to_py[end]))
        start = end
    return spans


# --- fold ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Women’s", "women's"),
        ("Women's", "women's"),
        ("A – B", "a - b"),
        ("“quoted”", '"quoted"'),
        ("ﬁne Straße", "fine strasse"),
        ("ညီနောင်ဥ်", "ညီနောင်ဉ်"),
        ("`tick`", "'tick'"),
        ("ｆｕｌｌ", "full"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(st.text())
def test_fold_fast_paths_match_reference(text: str) -> None:
    assert fold(text) == reference_fold(text)


# --- ICU words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Arms embargo now", ["arms", "embargo", "now"]),
        ("AUN-Japan", ["aun", "japan"]),
        ("KNS-Japan, KHRG.", ["kns", "japan", "khrg"]),
        ("Women’s League", ["women's", "league"]),
        ("Women's League", ["women's", "league"]),
        ("U.S.A. e.g. don't", ["u.s.a", "e.g", "don't"]),
        ("3.14 1,000 2021-02-01", ["3.14", "1,000", "2021", "02", "01"]),
        ("snake_case _ __", ["snake_case", "__"]),
        ("ﬁne Straße", ["fine", "strasse"]),
        ("ရန်ကုန်မြို့", ["ရန်", "ကုန်", "မြို့"]),
        ("၂၀၂၂ ခုနှစ်", ["၂၀၂၂", "ခု", "နှစ်"]),
        ("BCC စစ်ကိုင်းတိုင်း", ["bcc", "စစ်ကိုင်းတိုင်း"]),  # dictionary word
        ("(KHRG) – ၁။", ["khrg", "၁"]),
        ("", []),
        ("  ...  ", []),
    ],
)
def test_word_tokens(text: str, expected: list[str]) -> None:
    assert texts(word_analyzer, text) == expected
    assert list(iter_words(text)) == expected


def test_curly_and_straight_apostrophes_give_identical_tokens() -> None:
    assert texts(word_analyzer, "Women’s Union") == texts(word_analyzer, "Women's Union")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AUN-Japan 2022", ["AUN", "Japan", "2022"]),
        ("😀 Yangon", ["Yangon"]),
        ("😀😀 ရန်ကုန် 😀 KNU", ["ရန်", "ကုန်", "KNU"]),
        ("line one\nရန်ကုန်\nline 3", ["line", "one", "ရန်", "ကုန်", "line", "3"]),
    ],
)
def test_word_spans_are_python_offsets(text: str, expected: list[str]) -> None:
    spans = list(iter_word_spans(text))
    assert [text[start:end] for start, end in spans] == expected
    assert spans == reference_word_spans(text)


def test_emoji_offsets_slice_the_original_text() -> None:
    text = "😀 Yangon"
    assert records(word_analyzer, text) == [("yangon", 0, 2, 8)]
    assert text[2:8] == "Yangon"


def test_offsets_are_on_the_original_when_folding_changes_length() -> None:
    text = "ﬁne Straße Co"
    tokens = records(word_analyzer, text)
    assert [(t, text[s:e]) for t, _p, s, e in tokens] == [
        ("fine", "ﬁne"),
        ("strasse", "Straße"),
        ("co", "Co"),
    ]


# Text that stresses offsets and folding: typographic punctuation, combining marks,
# emoji (astral), length-changing folds, Burmese stacking and digits.
_MIXED = st.text(
    alphabet=st.sampled_from(
        [
            *"aZ09_:.,;'\"-/ \t\n\r\x0b\x0c",
            *["\u00a0", "\u2013", "\u2014", "\u2018", "\u2019", "\u201c", "\u201d", "\u2026"],
            *["é", "\u0301", "\u200d", "\u200b", "ß", "ﬁ", "😀", "\U0001f3fd", "ℵ", "日", "本"],
            *["ရ", "န", "်", "ု", "က", "္", "တ", "၂", "။", "ဥ"],
        ]
    ),
    max_size=40,
)


@settings(max_examples=400)
@given(_MIXED)
def test_word_spans_match_icu(text: str) -> None:
    assert list(iter_word_spans(text)) == reference_word_spans(text)


@settings(max_examples=300)
@given(_MIXED)
def test_tokens_are_the_folded_original_slices(text: str) -> None:
    for kind in ("word", "syllable"):
        for token in ANALYZERS[kind]()(text, chars=True):
            assert token.text == fold(text[token.startchar : token.endchar])


# --- Burmese syllables ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ရန်ကုန်", ["ရန်", "ကုန်"]),
        ("မြန်မာ", ["မြန်", "မာ"]),
        ("ကျောင်းသားများ", ["ကျောင်း", "သား", "များ"]),
        # Stacked consonants stay in the syllable they close (the written cluster).
        ("မန္တလေး", ["မန္တ", "လေး"]),
        ("သမဂ္ဂ", ["သ", "မဂ္ဂ"]),
        ("ဥက္ကဋ္ဌ", ["ဥက္ကဋ္ဌ"]),
        # Kinzi (င်္) belongs to its syllable together with the stacked consonant.
        ("တနင်္သာရီ", ["တ", "နင်္သာ", "ရီ"]),
        # Great sa ဿ is a stacked သ္သ.
        ("ပြဿနာ", ["ပြဿ", "နာ"]),
        # Dot below before or after asat: the consonant is still closed.
        ("ကင့်ကင့်", ["ကင့်", "ကင့်"]),
        ("၎င်း", ["၎င်း"]),
        ("ညီနောင်ဥ်", ["ညီ", "နောင်ဉ်"]),
        ("ဦးဆောင်", ["ဦး", "ဆောင်"]),
        # Digits and punctuation are not syllables; Latin text is not either.
        ("၂၀၂၂ ခုနှစ်။", ["ခု", "နှစ်"]),
        ("BCC စစ်ကိုင်း (KHRG)", ["စစ်", "ကိုင်း"]),
        ("Yangon", []),
    ],
)
def test_syllables(text: str, expected: list[str]) -> None:
    assert list(iter_syllables(text)) == expected


def test_dot_below_order_variants_fold_to_one_token() -> None:
    nfc = "ကင\u1037\u103a"
    swapped = "ကင\u103a\u1037"
    assert texts(syllable_analyzer, nfc) == texts(syllable_analyzer, swapped) == [nfc]


def test_syllable_spans_are_python_offsets() -> None:
    text = "😀 ရန်ကုန် 2022"
    spans = list(iter_syllable_spans(text))
    assert [text[s:e] for s, e in spans] == ["ရန်", "ကုန်"]
    assert spans[0][0] == 2


def test_u_asat_and_nya_asat_fold_together() -> None:
    for kind in ("word", "syllable", "bigram"):
        assert query_tokens("ညီနောင်ဥ်", kind) == query_tokens("ညီနောင်ဉ်", kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ရန်ကုန်", [("ရန်", 0), ("ကုန်", 1)]),
        # Myanmar numbers are tokens; Latin words leave a position gap.
        ("ရန်ကုန် Yangon ၂၀၂၂ မြို့", [("ရန်", 0), ("ကုန်", 1), ("၂၀၂၂", 3), ("မြို့", 4)]),
        # Blank text (spaces, ZWSP) keeps syllables adjacent; punctuation does not.
        ("ရန် ကုန်\u200bမြို့", [("ရန်", 0), ("ကုန်", 1), ("မြို့", 2)]),
        ("ရန်။ကုန်-မြို့", [("ရန်", 0), ("ကုန်", 2), ("မြို့", 4)]),
    ],
)
def test_syllable_positions(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(t, p) for t, p, _s, _e in records(syllable_analyzer, text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ရန်ကုန်", [("ရန်ကုန်", 0)]),
        ("ရန်ကုန်မြို့", [("ရန်ကုန်", 0), ("ကုန်မြို့", 1)]),
        ("ရန်ကုန် မြို့", [("ရန်ကုန်", 0), ("ကုန်မြို့", 1)]),
        # A run of one syllable yields nothing (the syllable field serves it).
        ("ရန်", []),
        ("ရန် - ကုန်", []),
        ("မြန်မာ Burma ရန်ကုန်", [("မြန်မာ", 0), ("ရန်ကုန်", 3)]),
        ("၁၂ မြန်မာ", [("မြန်မာ", 1)]),
        ("English only", []),
    ],
)
def test_bigram_shingles(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(t, p) for t, p, _s, _e in records(syllable_bigram_analyzer, text)] == expected


def test_bigram_offsets_cover_both_syllables() -> None:
    text = "😀 ရန်ကုန်"
    [(token, _pos, start, end)] = records(syllable_bigram_analyzer, text)
    assert text[start:end] == "ရန်ကုန်" == token


# --- index_terms: the analyzers' tokens without Token objects (used to index) -------------

ZAWGYI = "ျမန္မာႏိုင္ငံ ရန္ကုန္ၿမိဳ႕"  # "Myanmar country Yangon city", typed in Zawgyi
INDEX_TEXTS = {
    "english": "Arms embargo now: the Women’s League (WLB), AUN-Japan and the U.S.A. in 2022.",
    "burmese": "ရန်ကုန်မြို့ စစ်ကောင်စီ၏ လေကြောင်းတိုက်ခိုက်မှု ၂၀၂၂ ခုနှစ်။ မန္တလေး တနင်္သာရီ",
    "mixed": "KHRG ရန်ကုန် Yangon ၂၀၂၂ မြို့ - ကုန်။ ရန် ကုန်\u200bမြို့ the the ရန်ကုန် ၁၂ မြန်မာ",
    "emoji": "😀 Fictional Union of ရန်ကုန်မြို့ 👍🏽 ok 𝐁𝐨𝐥𝐝 ရန်",
    "folding": "ﬁne Straße ｆｕｌｌ ညီနောင်ဥ် ကင\u103a\u1037 “quoted” – dash `tick`",
    "zawgyi": normalise_text(ZAWGYI)[0],
    "blank": "  ...  ",
    "empty": "",
}


def analyzer_terms(kind: str, text: str) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in ANALYZERS[kind]()(text, positions=True, mode="index")]


def test_the_zawgyi_sample_is_converted() -> None:
    assert INDEX_TEXTS["zawgyi"] != ZAWGYI
    assert list(iter_syllables(INDEX_TEXTS["zawgyi"]))[:2] == ["မြန်", "မာ"]


@pytest.mark.parametrize("kind", ["word", "syllable", "bigram", "stem"])
@pytest.mark.parametrize("name", INDEX_TEXTS)
def test_index_terms_are_the_analyzer_tokens(name: str, kind: analysis.FieldKind) -> None:
    text = INDEX_TEXTS[name]
    terms, positions = index_terms(text, kind)
    assert list(zip(terms, positions, strict=True)) == analyzer_terms(kind, text)


@given(st.text(alphabet=st.sampled_from("ကငစညတနပမယရလသဟအ့်ျြွှိီုူေဲါာ္ံး၊။ ၁၂ab -😀\u200b")))
@settings(max_examples=200)
def test_index_terms_match_the_analyzers_on_any_burmese_ish_text(text: str) -> None:
    for kind in ("word", "syllable", "bigram"):
        terms, positions = index_terms(text, kind)  # type: ignore[arg-type]
        assert list(zip(terms, positions, strict=True)) == analyzer_terms(kind, text)


@given(st.text())
def test_index_terms_match_the_analyzers_on_any_text(text: str) -> None:
    for kind in ("word", "syllable", "bigram"):
        terms, positions = index_terms(text, kind)  # type: ignore[arg-type]
        assert list(zip(terms, positions, strict=True)) == analyzer_terms(kind, text)


def test_index_terms_share_one_pass_per_text_and_stay_correct_across_texts() -> None:
    first, second = INDEX_TEXTS["burmese"], INDEX_TEXTS["mixed"]
    syllables, _ = index_terms(first, "syllable")
    syllables.clear()  # a caller's copy: the shared pass is not changed by it
    for text, kind in [(first, "bigram"), (second, "syllable"), (first, "syllable")]:
        terms, positions = index_terms(text, kind)  # type: ignore[arg-type]
        assert list(zip(terms, positions, strict=True)) == analyzer_terms(kind, text)


# --- the Whoosh tokenizer contract ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["word", "syllable", "bigram"])
def test_index_and_query_modes_agree(kind: str) -> None:
    text = "Women’s League ရန်ကုန်မြို့ ၂၀၂၂"
    analyzer = ANALYZERS[kind]()
    assert texts(ANALYZERS[kind], text, mode="index") == texts(ANALYZERS[kind], text, mode="query")
    assert query_tokens(text, kind) == [t.text for t in analyzer(text)]


def test_positions_and_chars_are_optional() -> None:
    token = next(iter(word_analyzer()("Yangon")))
    assert not hasattr(token, "pos") and not hasattr(token, "startchar")


def test_start_pos_start_char_keeporiginal_and_boosts() -> None:
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar, t.original, t.boost)
        for t in word_analyzer()(
            "Hi Yangon",
            positions=True,
            chars=True,
            keeporiginal=True,
            start_pos=10,
            start_char=100,
            boosts=True,
        )
    ]
    assert tokens == [("hi", 10, 100, 102, "Hi", 1.0), ("yangon", 11, 103, 109, "Yangon", 1.0)]


@pytest.mark.parametrize("kind", ["word", "syllable", "bigram"])
def test_tokenize_false_yields_the_folded_value(kind: str) -> None:
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in ANALYZERS[kind]()("Women’s ရန်", tokenize=False, positions=True, chars=True)
    ]
    assert tokens == [("women's ရန်", 0, 0, 11)]


def test_one_token_object_is_reused() -> None:
    tokens = list(word_analyzer()("a b c"))
    assert tokens[0] is tokens[1] is tokens[2]


@pytest.mark.parametrize("kind", ["word", "syllable", "bigram"])
def test_analyzers_pickle(kind: str) -> None:
    analyzer = ANALYZERS[kind]()
    list(analyzer("warm the per-thread ICU cache ရန်ကုန်"))
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    text = "Women’s League ရန်ကုန်မြို့"
    assert [t.text for t in restored(text)] == [t.text for t in analyzer(text)]


def test_analyzers_of_different_kinds_differ() -> None:
    assert word_analyzer() != syllable_analyzer() != syllable_bigram_analyzer()


def test_versions() -> None:
    assert icu_version() == icu.ICU_VERSION
    assert ANALYZER_VERSION


# --- query helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Women’s League", "word", ["women's", "league"]),
        ("ရန်ကုန်မြို့", "syllable", ["ရန်", "ကုန်", "မြို့"]),
        ("ရန်ကုန်မြို့", "bigram", ["ရန်ကုန်", "ကုန်မြို့"]),
        ("ရန်", "bigram", []),
    ],
)
def test_query_tokens(text: str, kind: analysis.FieldKind, expected: list[str]) -> None:
    assert query_tokens(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ရန်", Term("syl", "ရန်")),
        ("ရန်ကုန်", Term("bi", "ရန်ကုန်")),
        ("ရန်ကုန်မြို့", Phrase("bi", ["ရန်ကုန်", "ကုန်မြို့"])),
        ("ရန်ကုန် KNU ၂၀၂၂ မြို့", And([Term("bi", "ရန်ကုန်"), Term("syl", "၂၀၂၂"), Term("syl", "မြို့")])),
        ("Yangon", None),
        ("", None),
    ],
)
def test_syllable_query(text: str, expected: object) -> None:
    assert syllable_query(text, "syl", "bi") == expected


def test_whoosh_index_search_and_highlight_on_the_original() -> None:
    schema = fields.Schema(
        id=fields.ID(stored=True),
        body=fields.TEXT(analyzer=word_analyzer(), stored=True, phrase=True),
        syl=fields.TEXT(analyzer=syllable_analyzer(), phrase=False),
        bi=fields.TEXT(analyzer=syllable_bigram_analyzer(), phrase=True),
    )
    docs = {
        "a": "😀 Fictional Women’s Union of ရန်ကုန်မြို့",
        "b": "ကုန် and ရန် apart: မြို့",
    }
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for doc_id, body in docs.items():
            writer.add_document(id=doc_id, body=body, syl=body, bi=body)
    with index.searcher() as searcher:

        def hits(q: object) -> list[str]:
            return sorted(hit["id"] for hit in searcher.search(q))

        assert hits(syllable_query("ကုန်မြို့", "syl", "bi")) == ["a"]
        assert hits(syllable_query("ရန်", "syl", "bi")) == ["a", "b"]
        assert hits(Phrase("body", query_tokens("women's union", "word"))) == ["a"]

    # Highlighting re-analyses the stored original: offsets must survive emoji and folding.
    def mark(text: str, terms: set[str], analyzer: object) -> str:
        return highlight.highlight(
            text, frozenset(terms), analyzer, highlight.WholeFragmenter(), Brackets()
        )

    assert mark(docs["a"], {"women's"}, word_analyzer()) == (
        "😀 Fictional [Women’s] Union of ရန်ကုန်မြို့"
    )
    assert mark(docs["a"], {"ကုန်မြို့"}, syllable_bigram_analyzer()).endswith("ရန်[ကုန်မြို့]")


class Brackets(highlight.Formatter):  # type: ignore[misc]
    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return "[" + highlight.get_text(text, token, replace) + "]"
