"""Advanced mode: Whoosh query syntax over the statement text, plus ``text:`` and
``signatory:``.

Unfielded words search the title and body, as ``text:`` does. ``signatory:NAME`` (or
``signatory:"a name"``) matches the statements signed by the organisations the
organisation search finds for NAME (``signatories``: the same join as simple mode, capped
alike). A syntax error is a 400 that says what is wrong.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from whoosh import fields
from whoosh import query as wq
from whoosh.qparser import AndGroup, MultifieldParser
from whoosh.qparser import syntax as qsyntax

from statementsearch.errors import QuerySyntaxError
from statementsearch.indexing import schema
from statementsearch.search.library import Release
from statementsearch.search.querying import cap_expansions
from statementsearch.search.signatories import Joined, join_organisations, signatory_query
from statementsearch.text.analysis import word_analyzer

# Field names only the advanced parser knows: rewritten before anything is evaluated.
TEXT_FIELD = "text"
SIGNATORY_FIELD = "signatory"


def _parser() -> MultifieldParser:
    parsing = schema.statements_schema()
    parsing.add(TEXT_FIELD, fields.TEXT(analyzer=word_analyzer(), multitoken_query="phrase"))
    parsing.add(SIGNATORY_FIELD, fields.TEXT(analyzer=word_analyzer(), multitoken_query="phrase"))
    return MultifieldParser(
        list(schema.STATEMENT_TEXT_FIELDS),
        parsing,
        fieldboosts=schema.STATEMENT_TEXT_FIELDS,
        group=AndGroup,
    )


def _error_nodes(node: qsyntax.SyntaxNode) -> Iterator[qsyntax.ErrorNode]:
    if isinstance(node, qsyntax.ErrorNode):
        yield node
    for child in getattr(node, "nodes", ()):
        yield from _error_nodes(child)


def parse_advanced(text: str) -> wq.Query:
    """Parse advanced syntax; QuerySyntaxError (400) naming the problem."""
    parser = _parser()
    errors = list(_error_nodes(parser.process(text)))
    problem = (
        errors[0].message
        if errors
        else "a quote is not closed"
        if text.count('"') % 2
        else "the parentheses do not balance"
        if text.count("(") != text.count(")")
        else None
    )
    if problem:
        raise QuerySyntaxError(f"parameter 'q' is not a valid advanced query: {problem}")
    try:
        return cap_expansions(parser.parse(text))
    except Exception:  # whoosh raises assorted errors (IndexError for NOT NOT a)
        raise QuerySyntaxError(
            "parameter 'q' is not a valid advanced query: check its AND, OR, NOT "
            "(one at a time), quotes and parentheses"
        ) from None


def _words(node: wq.Query) -> str:
    if isinstance(node, wq.Phrase):
        return " ".join(node.words)
    return str(getattr(node, "text", ""))


def advanced_query(release: Release, text: str) -> tuple[wq.Query, Joined]:
    """The statements query of an advanced query, and the organisations its
    ``signatory:`` parts joined (for the "Signed by" lines)."""
    joined: dict[str, float] = {}

    def rewrite(node: wq.Query) -> wq.Query:
        fieldname = getattr(node, "fieldname", None)
        if fieldname == TEXT_FIELD:
            copies = []
            for field, weight in schema.STATEMENT_TEXT_FIELDS.items():
                one = copy.copy(node)
                one.fieldname, one.boost = field, node.boost * weight
                copies.append(one)
            return wq.Or(copies)
        if fieldname == SIGNATORY_FIELD:
            found = join_organisations(release, _words(node))
            for oid, score in found.scores.items():
                joined[oid] = max(score, joined.get(oid, 0.0))
            return signatory_query(found)
        return node

    return parse_advanced(text).accept(rewrite), Joined(joined)
