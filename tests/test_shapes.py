"""Hand-written statements in list shapes the reader once lost (tests/corpus/shapes/).

Each ``NN-name.txt`` / ``.md`` has its expected organisations, one a line, in
``NN-name.expected``; ``# declared: N`` gives the declared total, ``# rule: ...`` the rule
that must open the list (default: a heading), ``# none`` says no list may be read.
Every organisation named is invented.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from statementsearch.ingest.corpus import read_source
from statementsearch.ingest.parsing import parse_statement

SHAPES = Path(__file__).parent / "corpus" / "shapes"
FILES = sorted(p for p in SHAPES.iterdir() if p.suffix in (".txt", ".md") and p.stem != "README")


def _expected(path: Path) -> tuple[list[str], dict[str, str]]:
    names, meta = [], {}
    for line in path.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].strip().partition(":")
            meta[key.strip()] = value.strip()
        elif line.strip():
            names.append(line)
    return names, meta


def test_there_are_at_least_15_shapes() -> None:
    assert len(FILES) >= 15
    assert all(p.with_suffix(".expected").exists() for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_shape_gives_its_expected_list(path: Path) -> None:
    source = read_source(path)
    statement = parse_statement(source.text, path.stem, path=str(path))
    names, meta = _expected(path)
    assert [s.name for s in statement.organisations] == names
    if "none" in meta:
        assert statement.list_rule is None
    else:
        assert statement.list_rule == meta.get("rule", "heading")
    if "declared" in meta:
        assert statement.declared_total == int(meta["declared"])
    for signature in statement.organisations:  # prose never becomes a name
        assert signature.name not in statement.body
