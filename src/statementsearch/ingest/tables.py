"""Signatory lists written as tables: which column holds the name, which the country.

A Markdown table (``| No. | Organisation | Country |`` and its ``|---|`` rule) or tab-
separated columns: the header row names the columns; the number column is dropped and a
country column becomes the qualifier ``Name (Country)``. Without a header, every cell that
is not a number is a name (two columns of names are two entries), and a place in the last
cell is the qualifier of the name before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statementsearch.ingest.headings import is_place

# Table header cells: which column holds the name, which the country.
_NAME_HEADER_RE = re.compile(
    r"(?:name of )?(?:organi[sz]ations?|names?|signator(?:y|ies)|groups?|endorsers?|entity)"
    r"(?: name)?|အဖွဲ့(?:အစည်း)?(?:အမည်)?(?:များ)?|အမည်",
    re.IGNORECASE,
)
_COUNTRY_HEADER_RE = re.compile(
    r"countr(?:y|ies)|location|based in|base|region|place|နိုင်ငံ|နေရာ", re.IGNORECASE
)
_NUMBER_HEADER_RE = re.compile(r"no\.?|#|n[o°º]|number|sr\.?|s/n|စဉ်|အမှတ်", re.IGNORECASE)


@dataclass
class Table:
    """The columns of the table being read (None: not named by a header)."""

    name: int | None = None
    country: int | None = None


def table_header(cells: tuple[str, ...], next_is_rule: bool) -> Table | None:
    """The columns a header row names; None when the row is not a header.

    ("No.", "Organisation", "Country") -> Table(name=1, country=2)
    """
    named = [c for c in cells if c]
    is_header = next_is_rule or (
        bool(named)
        and all(
            _NAME_HEADER_RE.fullmatch(c)
            or _COUNTRY_HEADER_RE.fullmatch(c)
            or _NUMBER_HEADER_RE.fullmatch(c)
            for c in named
        )
    )
    if not is_header:
        return None
    return Table(
        next((k for k, c in enumerate(cells) if _NAME_HEADER_RE.fullmatch(c)), None),
        next((k for k, c in enumerate(cells) if _COUNTRY_HEADER_RE.fullmatch(c)), None),
    )


def table_names(table: Table, cells: tuple[str, ...]) -> list[str]:
    """The names one row gives, each with its country as qualifier.

    (Table(1, 2), ("1", "Alpha Union", "Japan")) -> ["Alpha Union (Japan)"];
    (Table(), ("Alpha Union", "Beta Network")) -> ["Alpha Union", "Beta Network"]
    """
    if table.name is not None:
        names = [cells[table.name]] if table.name < len(cells) and cells[table.name] else []
    else:
        names = [c for c in cells if c and not c.rstrip(".").isdigit()]
    country = ""
    if table.country is not None and table.country < len(cells):
        country = cells[table.country]
    elif table.name is None and len(names) > 1 and is_place(names[-1]):
        country = names.pop()
    if country:
        names = [n if n.endswith(f"({country})") else f"{n} ({country})" for n in names]
    return names
