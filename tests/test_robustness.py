"""Bad input never stops the reader, the parser or a rebuild, and never takes long.

Properties (hypothesis, derandomized so every run tries the same examples):
- ``decode_bytes`` / ``read_source`` return text or raise ``CorpusError`` naming the file
  (and the line when known); nothing else escapes.
- ``parse_statement`` never raises, whatever the text; what it cannot read is a ``Notice``
  whose line, when given, is a line of the file.
- Time per file grows linearly with its size. Checked as a growth ratio of CPU time
  (``time.process_time``, input 2n against input n, in one run), never against a
  wall-clock bound: a quadratic reader doubles the ratio (4 instead of 2) however busy
  the machine is. Hangs are caught by the per-test timeout (pytest-timeout).

Every organisation name used here is invented.
"""

from __future__ import annotations

import codecs
import gc
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statementsearch.errors import CorpusError
from statementsearch.indexing.rebuild import rebuild
from statementsearch.ingest import readers, shapes
from statementsearch.ingest.corpus import MAX_FILE_LINES, decode_bytes, load_corpus, read_source
from statementsearch.ingest.parsing import parse_statement
from statementsearch.ingest.shapes import split_inline
from statementsearch.model import Statement
from statementsearch.search.library import Library
from statementsearch.search.service import parse_search_request, search_statements
from statementsearch.text import normalise

ROOT = Path(__file__).parent.parent
REAL_STATEMENT = ROOT / "corpus" / "2022-09-26-sham-peace-dialogue-statement.txt"
FIXTURES = Path(__file__).parent / "corpus" / "search"
TRUNCATABLE = [REAL_STATEMENT, *sorted(FIXTURES.glob("*.txt"))]

# Modest example counts: the whole file should run in well under 30 s on a shared machine.
FUZZ = settings(
    max_examples=150,
    deadline=None,  # time is asserted explicitly where it matters
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def check_statement(statement: Statement, text: str, sid: str = "fuzz") -> None:
    """What every parse result must satisfy, however odd the text."""
    lines = text.count("\n") + 1
    assert statement.id == sid
    for group in (statement.organisations, statement.individuals):
        assert [s.position for s in group] == list(range(1, len(group) + 1))
        for signature in group:
            assert signature.name.strip(), signature
            assert 1 <= signature.line <= lines, signature
    for notice in statement.warnings:
        assert notice.code and notice.message
        assert notice.line is None or 1 <= notice.line <= lines, notice


def read_or_error(path: Path) -> str | None:
    """Read a file; on CorpusError check that the message names the file (and its line)."""
    try:
        return read_source(path).text
    except CorpusError as exc:
        assert exc.path == str(path)
        assert str(path) in str(exc)
        if exc.line is not None:
            assert f"{path}:{exc.line}:" in str(exc)
        return None


# --- strategies ---------------------------------------------------------------------------

_BURMESE = st.characters(min_codepoint=0x1000, max_codepoint=0x109F)
# Sequences typical of Zawgyi (e-vowel and medial before the consonant, U+1039 as asat,
# precomposed stacks) so the Zawgyi detector and converter are exercised, not just Unicode.
_ZAWGYI_BITS = st.sampled_from(
    ["ေ", "ျ", "္", "ႏ", "ၿ", "ၾ", "ၤ", "ေျမ", "ျမန္မာ", "ႏိုင္ငံ", "ၾကည့္", "ဥ္", "ံု", "်ာ"]
)
_OTHER_SCRIPTS = st.sampled_from(
    [
        "\u05d0\u05d1\u05d2",  # Hebrew
        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # Arabic
        "\u200f\u202e\u2066",  # RTL mark, RTL override, isolate
        "e\u0301\u0323\u0308",  # stacked combining marks
        "\ufeff\u200b\u200d",  # BOM, zero-width space and joiner inside text
        "\x00\x07\x1b\x7f\x85",  # NUL, bell, escape, DEL, NEL
        "😀👩‍👩‍👧",  # astral plane and ZWJ sequences
        "\u2028\u2029\x0c\r",  # line and paragraph separators, form feed, CR
    ]
)
# Lines that steer the parser into its states: headings, list items, front matter fences.
_STATEMENT_BITS = st.sampled_from(
    [
        "Signed by",
        "Signed by:",
        "Endorsed by the following 12 organisations:",
        "Organisations:",
        "Individuals:",
        "လက်မှတ်ရေးထိုးသူ အဖွဲ့အစည်းများ",
        "1. Example Lantern Union (ELU)",
        "2) Riverbend Tailors Collective",
        "(3) Garden Youth Network",
        "၁။ ပန်းခြံလူငယ်ကွန်ရက်",
        "- Copperleaf Weavers Union",
        "• Lotus Relief Council – LRC",
        "  continued on the next line",
        "This statement is signed by Alpha Group, Beta Network and Gamma Union.",
        "---",
        "date: 2022-09-26",
        "declared_total: 567",
        "title: Fixture",
        "26 September 2022",
        "03/04/2022",
        "၂၀၂၂ ခုနှစ်၊ စက်တင်ဘာလ ၂၆ ရက်",
        "We, the undersigned 286 organizations, call for an end to airstrikes.",
        "Contact: fixture@example.org",
        "",
        "# Heading",
    ]
)
_TEXT_PIECE = st.one_of(
    st.text(max_size=20),
    st.text(_BURMESE, max_size=20),
    _ZAWGYI_BITS,
    _OTHER_SCRIPTS,
    _STATEMENT_BITS,
    st.sampled_from(["\n", "\n\n", " ", ", ", ".", ":", "1", "၁", "(", ")"]),
)
ODD_TEXT = st.lists(_TEXT_PIECE, max_size=40).map("".join)
STATEMENT_LIKE = st.lists(
    st.one_of(_STATEMENT_BITS, _STATEMENT_BITS, _TEXT_PIECE), max_size=60
).map("\n".join)
ENCODINGS = st.sampled_from(
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-16-le", b""),  # no BOM: read when it is plainly UTF-16 text, else refused
    ]
)


@st.composite
def odd_files(draw: st.DrawFn) -> bytes:
    """Text in some encoding, sometimes damaged: invalid UTF-8, lone surrogates, cut short."""
    text = draw(st.one_of(ODD_TEXT, STATEMENT_LIKE))
    encoding, bom = draw(ENCODINGS)
    data = bom + text.encode(encoding, "surrogatepass")
    damage = draw(st.sampled_from(["none", "bytes", "surrogate", "cut"]))
    at = draw(st.integers(0, len(data)))
    if damage == "bytes":
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif damage == "surrogate":  # how a lone surrogate can reach a file: encoded anyway
        data = data[:at] + "\ud800".encode("utf-8", "surrogatepass") + data[at:]
    elif damage == "cut":
        data = data[:at]
    return data


# --- reader and parser properties ---------------------------------------------------------


@FUZZ
@given(st.binary(max_size=2048))
def test_decode_random_bytes_gives_text_or_a_corpus_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "corpus/fuzz.txt")
    except CorpusError as exc:
        assert str(exc).startswith("corpus/fuzz.txt")
        return
    assert "\r" not in text and text.strip()
    assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f]", text)


@FUZZ
@given(odd_files())
def test_read_then_parse_never_fails_but_with_a_corpus_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz", numbered=True) / "fuzz.txt"
    path.write_bytes(data)
    text = read_or_error(path)
    if text is None:
        return
    assert "\r" not in text
    check_statement(parse_statement(text, "fuzz", path=str(path)), text)


@FUZZ
@given(st.one_of(st.text(), ODD_TEXT, STATEMENT_LIKE))
def test_parse_never_raises_on_any_text(text: str) -> None:
    check_statement(parse_statement(text, "fuzz"), text)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.sampled_from(TRUNCATABLE), st.integers(min_value=0), st.booleans())
def test_a_statement_cut_short_anywhere_reads_or_is_refused_clearly(
    tmp_path_factory: pytest.TempPathFactory, source: Path, cut: int, at_char: bool
) -> None:
    """A download or copy cut short: mid-line, mid-list, mid-character."""
    data = source.read_bytes()
    if at_char:  # cut between characters: must read
        text = data.decode("utf-8")
        data = text[: cut % (len(text) + 1)].encode("utf-8")
    else:  # cut between bytes: may split a Burmese character (3 bytes in UTF-8)
        data = data[: cut % (len(data) + 1)]
    path = tmp_path_factory.mktemp("cut", numbered=True) / source.name
    path.write_bytes(data)
    text = read_or_error(path)
    if text is not None:
        check_statement(parse_statement(text, path.stem), text, path.stem)
    elif at_char and data.strip():
        pytest.fail(f"{source.name} cut between characters was refused")


# --- linear time on huge input -----------------------------------------------------------

MB = 1_000_000
# Linear reading doubles the CPU time when the input doubles; quadratic quadruples it.
MAX_GROWTH = 3.2
# A ratio of smaller times is mostly noise: each case's n is sized so that reading it
# takes at least this long here, and a faster reading still counts as this long.
MIN_SECONDS = 0.15


def cpu_seconds(data: bytes, tmp_path: Path) -> float:
    """CPU time to read and parse ``data`` as one file: the best of three runs."""
    path = tmp_path / f"input-{len(data)}.txt"
    path.write_bytes(data)
    best = float("inf")
    for _ in range(3):
        # The cyclic GC's passes cost in proportion to everything the test session holds,
        # not to this input: measured without them, the time is the reader's own.
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            text = read_or_error(path)
            assert text is not None, "the file was refused"
            check_statement(parse_statement(text, path.stem), text, path.stem)
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    path.unlink()
    return best


def assert_linear(label: str, make: Callable[[int], str], n: int, tmp_path: Path) -> None:
    small = cpu_seconds(make(n).encode("utf-8"), tmp_path)
    large = cpu_seconds(make(2 * n).encode("utf-8"), tmp_path)
    growth = large / max(small, MIN_SECONDS)
    assert growth < MAX_GROWTH, (
        f"{label}: {small:.2f} s CPU for n, {large:.2f} s for 2n (x{growth:.1f}; "
        f"linear is x2, quadratic x4)"
    )


# (label, n in bytes, contents of about n bytes). Each line-shaped case was quadratic or
# worse before the fix named in its comment; the others guard the paths a file usually takes.
HUGE_LINES: list[tuple[str, int, Callable[[int], str]]] = [
    ("words", 4 * MB, lambda n: "word " * (n // 5)),
    # _TOTAL_RES: "<number> ဖွဲ့ ... လက်မှတ်" was tried from every digit of a digit run.
    ("ASCII digits", 3 * MB, lambda n: "1" * n),
    ("Burmese digits", 6 * MB, lambda n: "၁" * (n // 3)),
    # _ACRONYM_RE: overlapping character classes backtracked cubically on a long piece.
    ("inline list, long piece", 2 * MB, lambda n: "Signed by Alpha Group, " + "AB1" * (n // 3)),
    # split_inline: acronym pieces were added to a string one by one (quadratic).
    ("inline list of acronyms", MB, lambda n: "Signed by: Alpha Group" + ", AB" * (n // 4)),
    ("Burmese words", 8 * MB, lambda n: "မြန်မာ " * (n // 19)),
    # convert_zawgyi: ICU's transliterator is superlinear on one long string (14 s).
    ("Zawgyi", MB, lambda n: "ျမန္မာ ႏိုင္ငံ " * (n // 40)),
]


@pytest.mark.parametrize(("label", "n", "make"), HUGE_LINES, ids=[case[0] for case in HUGE_LINES])
def test_a_huge_line_is_read_in_linear_time(
    label: str, n: int, make: Callable[[int], str], tmp_path: Path
) -> None:
    assert_linear(label, make, n, tmp_path)


# (label, n in lines, contents of n lines); 2n lines stay under MAX_FILE_LINES.
HALF = (MAX_FILE_LINES - 10) // 2
MANY_LINES: list[tuple[str, int, Callable[[int], str]]] = [
    ("short lines", HALF, lambda n: "x y z\n" * n),
    (
        "numbered list",
        HALF,
        lambda n: "Signed by\n" + "".join(f"{i}. Name {i}\n" for i in range(n)),
    ),
    # _SignatoryReader._join: each wrapped line was added to the entry's string (quadratic).
    ("numbered, wrapped", HALF, lambda n: "Signed by\n1. A\n" + "wrapped\n" * n + "2. B\n"),
    ("bulleted, wrapped", HALF, lambda n: "Signed by\n- A\n" + " wrapped\n" * n),
    ("front matter", HALF, lambda n: "---\n" + f"title: {'x' * 60}\n" * n + "---\n"),
    ("Zawgyi lines", HALF // 2, lambda n: "ျမန္မာ\n" * n),
]


@pytest.mark.parametrize(("label", "n", "make"), MANY_LINES, ids=[case[0] for case in MANY_LINES])
def test_a_file_of_many_lines_is_read_in_linear_time(
    label: str, n: int, make: Callable[[int], str], tmp_path: Path
) -> None:
    assert_linear(label, make, n, tmp_path)


def _must_not_run(text: str) -> tuple[str, list[int]]:
    raise AssertionError("Zawgyi detection ran on a file that should have been refused")


def test_a_million_line_file_is_refused_quickly_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a statement: refused before the (linear but slow) Zawgyi detection and parse."""
    path = tmp_path / "dump.txt"
    path.write_bytes("ျမန္မာ\n".encode() * 1_000_000)
    monkeypatch.setattr(readers, "normalise_text", _must_not_run)
    with pytest.raises(CorpusError, match=r"1,000,000 lines; the limit is 100,000") as info:
        read_source(path)
    assert info.value.path == str(path)


def test_an_oversized_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(CorpusError, match=r"big\.txt: file is 1,001 bytes; the limit is 1,000"):
        read_source(path)


# --- regressions for the fixes --------------------------------------------------------------

_OLD_ACRONYM = re.compile(
    r"(?:[A-Z0-9&]*[A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*|Inc\.?|Ltd\.?|LLC)"
    r"(?:[-–][A-Za-z]+)?(?:\s*\([^()]*\))?"
)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(st.sampled_from("AZaz09&-–( ).IncLtdLC"), max_size=12))
def test_the_linear_acronym_pattern_accepts_what_the_old_one_did(piece: str) -> None:
    assert bool(shapes._ACRONYM_RE.fullmatch(piece)) == bool(_OLD_ACRONYM.fullmatch(piece))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Alpha Group, AG, Beta Union", ["Alpha Group, AG", "Beta Union"]),
        ("Alpha Group, AG, AG-Japan, Beta Union", ["Alpha Group, AG, AG-Japan", "Beta Union"]),
        ("Alpha, AG, Beta Union", ["Alpha", "AG", "Beta Union"]),  # no space: not a long name
    ],
)
def test_acronym_pieces_still_join_the_name_before_them(text: str, names: list[str]) -> None:
    assert split_inline(text) == names


def test_wrapped_lines_still_join_in_order() -> None:
    text = "Signed by\n1. Example Lantern\n   Union of the\n   Delta\n2. Beta Network\n"
    statement = parse_statement(text, "wrap")
    assert [s.name for s in statement.organisations] == [
        "Example Lantern Union of the Delta",
        "Beta Network",
    ]
    bulleted = "Signed by\n- Example Lantern Union of the\nDelta Region\n- Beta Network\n"
    assert [s.name for s in parse_statement(bulleted, "b").organisations] == [
        "Example Lantern Union of the Delta Region",
        "Beta Network",
    ]


def test_a_long_zawgyi_line_is_converted_piece_by_piece_like_a_short_one() -> None:
    line = "ျမန္မာ ႏိုင္ငံ " * 3000  # 45,000 characters: many pieces
    converted, lines = normalise.convert_zawgyi(f"ok\n{line}\n")
    assert lines == [2]
    assert converted.split("\n")[1] == normalise.zawgyi_to_unicode(line)


def test_a_long_line_without_spaces_is_cut_hard_and_loses_nothing() -> None:
    line = "ab" * normalise.ZAWGYI_CHUNK * 3
    pieces = normalise._split_long_line(line)
    assert "".join(pieces) == line
    assert max(map(len, pieces)) <= normalise.ZAWGYI_CHUNK


# --- a rebuild over a corpus with broken files ----------------------------------------------

GOOD_EXTRA = """2024-05-05

Fixture Statement on {word}

The {word} committee reports new displacement.

Signed by
1. Example Lantern Union
"""
NO_SIGNATORIES = "2024-06-06\n\nFixture statement on zephyrine floods with nobody signing.\n"
BROKEN: dict[str, bytes] = {
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "empty.txt": b"",
    "blank.md": b"  \n\n\t\n",
    "latin1.txt": "Déclaration commune\n\nSigned by\n1. Café Collective\n".encode("latin-1"),
    "huge.txt": b"x\n" * (MAX_FILE_LINES + 1),
    "nul.txt": b"\x00\x01\x02\x03 binary",
}


def test_a_rebuild_with_broken_files_indexes_every_good_one(tmp_path: Path) -> None:
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus_dir)
    for name, data in BROKEN.items():
        (corpus_dir / name).write_bytes(data)
    # Two files with one id: both refused (picking one would hide the other's signatories).
    (corpus_dir / "twin.txt").write_text(GOOD_EXTRA.format(word="quillwort"), "utf-8")
    (corpus_dir / "twin.md").write_text(GOOD_EXTRA.format(word="quillwort"), "utf-8")
    (corpus_dir / "lonely.txt").write_text(GOOD_EXTRA.format(word="marrowfat"), "utf-8")
    (corpus_dir / "unsigned.txt").write_text(NO_SIGNATORIES, "utf-8")
    # UTF-16 without a BOM is read (it is plainly text), not called binary.
    (corpus_dir / "utf16-no-bom.txt").write_bytes(
        GOOD_EXTRA.format(word="saxifrage").encode("utf-16-le")
    )
    (corpus_dir / "folder.txt").mkdir()  # not a file: not a statement

    index_dir = tmp_path / "index"
    summary = rebuild(corpus_dir, index_dir)

    good = {p.stem for p in FIXTURES.glob("*.txt")} | {"lonely", "unsigned", "utf16-no-bom"}
    assert summary.statements == len(good)
    for name in BROKEN:
        assert sum(str(corpus_dir / name) in m for m in summary.errors) == 1, name
    assert [m for m in summary.errors if "twin" in m] == [
        f"{corpus_dir / 'twin.md'} and {corpus_dir / 'twin.txt'}: 2 files share the "
        "statement id 'twin'; rename one"
    ]
    assert len(summary.errors) == len(BROKEN) + 1
    assert any(":1: looks like a binary file" in m for m in summary.errors)  # the line

    library = Library(index_dir)
    listed = search_statements(library, parse_search_request({"q": "", "per_page": "50"}))
    assert {hit["id"] for hit in listed.results} == good
    for word, sid in [
        ("marrowfat", "lonely"),
        ("zephyrine", "unsigned"),
        ("saxifrage", "utf16-no-bom"),
        ("quillwort", None),
    ]:
        page = search_statements(library, parse_search_request({"q": word}))
        assert [hit["id"] for hit in page.results] == ([sid] if sid else []), word
    unsigned = library.release().records.find_statement("unsigned")
    assert unsigned is not None
    assert any("no signatories found" in w for w in unsigned["warnings"])


def test_a_parallel_load_and_rebuild_report_broken_files_like_the_serial_one(
    tmp_path: Path,
) -> None:
    """From 33 files a rebuild parses in a process pool. A CorpusError could not cross the
    process boundary (unpicklable), so one bad file broke the pool and the whole rebuild.
    """
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    for i in range(40):
        (corpus_dir / f"good-{i:02}.txt").write_text(GOOD_EXTRA.format(word=f"w{i}"), "utf-8")
    for name, data in BROKEN.items():
        (corpus_dir / name).write_bytes(data)
    serial = load_corpus(corpus_dir)
    parallel = load_corpus(corpus_dir, workers=2, chunksize=4)
    assert [s.id for s in parallel.statements] == [s.id for s in serial.statements]

    def described(errors: tuple[CorpusError, ...]) -> list[tuple[str, int | None, str]]:
        return [(e.path, e.line, e.message) for e in errors]

    assert described(parallel.errors) == described(serial.errors)
    assert len(serial.errors) == len(BROKEN)
    summary = rebuild(corpus_dir, tmp_path / "index", workers=2)
    assert summary.statements == 40
    assert len(summary.errors) == len(BROKEN)
