"""Why a parsed statement needs a human look: the reasons ``check`` lists first.

A statement needs a look when no signatory was read, when only one was (a list that
stopped early, or an inline sentence split wrongly), when far fewer were read than the
statement declares, or when its list was found by its shape, without a heading.
"""

from __future__ import annotations

from statementsearch.model import Statement

# Read fewer than this share of the declared total (tail lines counted): worth a look.
FAR_BELOW = 0.5
UNHEADED_RULES = ("list at the end", "list before a heading", "list after a declaring sentence")


def needs_look(statement: Statement) -> list[str]:
    """The reasons to look at a statement's signatories; empty when nothing is doubtful.

    A statement with no list -> ["0 signatories read"];  one whose 40 names came from a
    list without a heading -> ["list found without a heading (list at the end, line 31)"]
    """
    reasons: list[str] = []
    named = len(statement.organisations) + len(statement.individuals)
    if named == 0:
        reasons.append("0 signatories read")
    elif named == 1:
        reasons.append("1 signatory read")
    declared = statement.declared_total
    counted = len(statement.organisations) + statement.tail_count
    if declared and named and counted < FAR_BELOW * declared:
        reasons.append(f"{counted} read, far below the {declared} declared")
    if statement.list_rule in UNHEADED_RULES:
        reasons.append(
            f"list found without a heading ({statement.list_rule}, line {statement.list_rule_line})"
        )
    return reasons


def list_rule(statement: Statement) -> str:
    """Which rule opened the statement's list, for people.  -> "heading (line 23)" """
    if statement.list_rule is None:
        return "none"
    return f"{statement.list_rule} (line {statement.list_rule_line})"
