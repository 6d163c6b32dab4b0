"""What the signatory reader found: entries, the lines it took, warnings, its rule."""

from __future__ import annotations

from dataclasses import dataclass, field

from statementsearch.model import Notice


@dataclass(slots=True)
class Entry:
    first: str
    line: int
    section: str
    # Wrapped lines joined to the entry: kept apart and joined once, because joining a
    # string line by line is quadratic in a list that wraps thousands of times.
    wrapped: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return " ".join([self.first, *self.wrapped])

    @property
    def tail(self) -> str:
        """The end of the name: enough to ask what it ends with."""
        return " " + self.wrapped[-1] if self.wrapped else self.first


@dataclass
class Reading:
    """What the signatory reader found and which lines it took out of the body."""

    entries: list[Entry] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)
    warnings: list[Notice] = field(default_factory=list)
    rule: str | None = None  # what opened the first list: "heading", "inline list", ...
    rule_line: int | None = None
    tail: int = 0  # organisations counted by "... and N other organisations"
