"""Identity as a rebuild uses it: each name's organisation and each organisation's count.

``orgs.resolve_organisations`` gives an object per signature and a (statement, position)
map, for the review listing and the tests; a build needs neither, only the organisation
of each distinct name, so this resolves the same names the same way and stops there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from statementsearch.identity.curation import Curation
from statementsearch.identity.grouping import signed_names, uses_of
from statementsearch.identity.orgs import (
    NamedOrganisation,
    Resolution,
    resolution_of,
    resolve_names,
)
from statementsearch.model import Statement


@dataclass(frozen=True)
class BuildIdentity:
    """What writing a build needs from identity: each name's organisation and each
    organisation's statement count, without ``Resolution``'s object per signature and
    its (statement, position) map (~1.5 GB and a third of the time at 50,000 statements,
    thrown away by a rebuild as soon as its rows were made)."""

    resolution: Resolution  # no organisations, no signing_ids: the rest as resolved
    ids: Mapping[str, str]  # name -> organisation id; withheld names absent
    organisations: tuple[tuple[NamedOrganisation, int], ...]  # with statement counts,
    # most statements first, then by id (as ``Resolution.organisations``)


def resolve_for_build(
    statements: Sequence[Statement],
    curation: Curation | None = None,
    known_ids: Mapping[str, str] | None = None,
) -> BuildIdentity:
    """``resolve_organisations`` as a build uses it: the same decisions, the same ids and
    counts (``tests/test_orgs.py`` compares the two), by name rather than by signature."""
    signed = signed_names(statements)
    named = resolve_names(uses_of(signed), curation, known_ids)
    statements_of: dict[str, set[str]] = defaultdict(set)
    for name, org_id in named.ids.items():
        statements_of[org_id].update(sid for sid, _ in signed[name])
    counted = [(org, len(statements_of[org.id])) for org in named.organisations.values()]
    counted.sort(key=lambda pair: (-pair[1], pair[0].id))
    resolution = resolution_of(named, signed)
    return BuildIdentity(resolution, named.ids, tuple(counted))
