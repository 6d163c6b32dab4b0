"""Reading corpus files: encodings, line endings, Zawgyi, and files that are not text.

Fixture text uses invented organisation names.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from statementsearch.errors import CorpusError
from statementsearch.ingest.corpus import (
    decode_bytes,
    iter_statement_files,
    read_source,
    statement_id,
)
from statementsearch.text.normalise import convert_zawgyi, is_zawgyi

TEXT = "1 May 2024\n\nSigned by\n1. Riverbend Tailors Collective\n2. မြန်မာ့ ဥယျာဉ် အသင်း\n"


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("utf-16-le with BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
        ("utf-16-be with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("utf-32-le with BOM", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le")),
        ("CRLF", TEXT.replace("\n", "\r\n").encode("utf-8")),
        ("old Mac CR", TEXT.replace("\n", "\r").encode("utf-8")),
        ("BOM and CRLF", codecs.BOM_UTF8 + TEXT.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_decode_gives_the_same_text_whatever_the_encoding(label: str, data: bytes) -> None:
    assert decode_bytes(data, "x.txt") == TEXT, label


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (codecs.BOM_UTF8 + b"\n\n", "empty"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary zip", "binary"),
        (b"%PDF-1.4\n\x00\x01\x02", "binary"),
        (b"caf\xe9 latin-1 text", "not valid UTF-8"),
        (b"line one\nline two \xff\xfe broken\n", "not valid UTF-8"),
    ],
)
def test_decode_refuses_what_is_not_text_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(CorpusError) as info:
        decode_bytes(data, "corpus/bad.txt")
    assert "corpus/bad.txt" in str(info.value)
    assert message in str(info.value)


def test_undecodable_byte_reports_its_line() -> None:
    with pytest.raises(CorpusError) as info:
        decode_bytes(b"one\ntwo\nthree \xff\n", "c/f.txt")
    assert info.value.line == 3
    assert str(info.value).startswith("c/f.txt:3:")


@pytest.mark.parametrize(
    ("text", "zawgyi"),
    [
        ("ျမန္မာႏိုင္ငံ", True),  # "Myanmar country" typed in Zawgyi
        ("မြန်မာနိုင်ငံ", False),  # the same in Unicode
        ("Riverbend Tailors Collective", False),
        ("", False),
    ],
)
def test_is_zawgyi(text: str, zawgyi: bool) -> None:
    assert is_zawgyi(text) is zawgyi


def test_convert_zawgyi_converts_only_the_zawgyi_lines() -> None:
    text = "Unicode: မြန်မာနိုင်ငံ\nZawgyi: ျမန္မာႏိုင္ငံ\nEnglish only"
    converted, lines = convert_zawgyi(text)
    assert lines == [2]
    assert converted.split("\n") == [
        "Unicode: မြန်မာနိုင်ငံ",
        "Zawgyi: မြန်မာနိုင်ငံ",
        "English only",
    ]


def test_read_source_converts_zawgyi_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "2024-01-01-fixture.txt"
    path.write_text("1 January 2024\n\nျမန္မာႏိုင္ငံ\n", encoding="utf-8")
    source = read_source(path)
    assert "မြန်မာနိုင်ငံ" in source.text
    assert [n.code for n in source.notices] == ["zawgyi_converted"]
    assert source.notices[0].line == 3


def test_read_source_applies_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nfc.txt"
    path.write_text("Cafe\u0301 Fixture Collective\n", encoding="utf-8")
    assert read_source(path).text == "Café Fixture Collective\n"


def test_read_source_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="cannot read"):
        read_source(tmp_path / "absent.txt")


def test_statement_files_skip_readme_hidden_and_other_suffixes(tmp_path: Path) -> None:
    names = ["b.txt", "a.md", "README.md", ".hidden.txt", "curation.toml", "x.odt", "b.meta.toml"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in iter_statement_files(tmp_path)] == ["a.md", "b.txt"]


def test_statement_files_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        list(iter_statement_files(tmp_path / "nope"))


@pytest.mark.parametrize(
    ("path", "expected"),
    [("corpus/2022-09-26-x.txt", "2022-09-26-x"), ("a.b.md", "a.b"), ("/x/y/z.txt", "z")],
)
def test_statement_id_is_the_stem(path: str, expected: str) -> None:
    assert statement_id(path) == expected


def test_every_burmese_line_of_the_real_statement_survives_a_zawgyi_round_trip() -> None:
    """Unicode -> Zawgyi (ICU my-Zawgyi) -> detected and converted back -> Unicode."""
    import icu

    to_zawgyi = icu.Transliterator.createInstance("my-Zawgyi")
    real = Path(__file__).parent.parent / "corpus" / "2022-09-26-sham-peace-dialogue-statement.txt"
    text = read_source(real).text
    lines = [line for line in text.split("\n") if any("\u1000" <= ch <= "\u109f" for ch in line)]
    assert len(lines) == 86
    assert convert_zawgyi("\n".join(lines))[1] == []  # Unicode lines are left alone
    zawgyi = "\n".join(to_zawgyi.transliterate(line) for line in lines)
    back, converted = convert_zawgyi(zawgyi)
    assert len(converted) >= 85  # one line reads the same in both encodings
    same = sum(a == b for a, b in zip(back.split("\n"), lines, strict=True))
    assert same >= 84, f"only {same} of 86 lines came back identical"


def test_a_corpus_error_survives_a_process_boundary() -> None:
    """Parsing runs in a process pool: one bad file must come back as its own error."""
    import pickle

    error = pickle.loads(pickle.dumps(CorpusError("c/bad.txt", "looks like a binary file", line=3)))
    assert isinstance(error, CorpusError)
    assert (error.path, error.line, str(error)) == (
        "c/bad.txt",
        3,
        "c/bad.txt:3: looks like a binary file",
    )
