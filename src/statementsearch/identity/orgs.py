"""Organisation identity: every Signature of every statement -> Organisation entities.

This layer groups signatures by the keys ``names.py`` computes, links a Burmese-only mention
to the English organisation a bilingual entry names, applies the curation file, and gives
each organisation a stable, URL-safe id derived from its key (never from order of appearance).

It must never merge on an acronym alone, on a shared first word, or on a qualifier-less form
of a qualified name; a wrong merge hides one organisation's record behind another's, which is
worse than a missed merge (near-misses go to ``iter_near_misses`` for a human to decide).
It never compares names itself (``names.py`` does) and never reads statement files.
A withheld organisation leaves no trace here but a count per statement.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from statementsearch.identity.curation import Curation
from statementsearch.identity.grouping import (
    Groups,
    NameUse,
    group_key,
    pinned_forms,
    short_hash,
    signed_names,
    slug_id,
    spaced_forms,
    uses_of,
)
from statementsearch.identity.links import link_burmese, link_variants
from statementsearch.identity.names import acronym_key, name_keys, parse_name
from statementsearch.model import Notice, Statement

__all__ = ["NameUse", "group_key", "slug_id"]


@dataclass(frozen=True, slots=True)  # one per signature: ~4.8 M at 50,000 statements
class Signing:
    """One time an organisation signed: the statement, the name as signed, its position."""

    statement_id: str
    name: str
    position: int

    def to_dict(self) -> dict[str, Any]:
        return {"statement_id": self.statement_id, "name": self.name, "position": self.position}


@dataclass(frozen=True)
class Organisation:
    """One organisation across statements, with every form of its name as written."""

    id: str
    name: str  # display name
    names: tuple[str, ...]  # every distinct form as written, in (statement id, position) order
    acronyms: tuple[str, ...]
    signings: tuple[Signing, ...]

    @property
    def statement_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.statement_id for s in self.signings))

    @property
    def statement_count(self) -> int:
        return len(self.statement_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "names": list(self.names),
            "acronyms": list(self.acronyms),
            "statement_count": self.statement_count,
        }


@dataclass(frozen=True)
class Resolution:
    """All organisations, how each signature maps to one, redirects and withheld counts."""

    organisations: tuple[Organisation, ...]  # most statements first, then by id
    signing_ids: Mapping[tuple[str, int], str]  # (statement id, position) -> organisation id
    aliases: Mapping[str, str] = field(default_factory=dict)  # old / merged id -> current id
    withheld_counts: Mapping[str, int] = field(default_factory=dict)  # statement id -> count
    notices: tuple[Notice, ...] = ()  # curation problems
    # group key -> id for every published organisation's keys (kept by the next build)
    group_ids: Mapping[str, str] = field(default_factory=dict)
    # (Burmese key, org ids): one Burmese name beside several English ones; nothing linked
    ambiguous_burmese: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (Burmese key, org id, bilingual signatures): Burmese-only mentions joined to an org
    burmese_links: tuple[tuple[str, str, int], ...] = ()
    # (rule, org id, name, name): two groups joined by a merge rule (identity/links.py)
    rule_merges: tuple[tuple[str, str, str, str], ...] = ()

    @functools.cached_property
    def by_id(self) -> Mapping[str, Organisation]:
        return {org.id: org for org in self.organisations}

    def current_id(self, org_id: str) -> str | None:
        """Return the id to use for ``org_id`` (itself, or where it redirects), or None."""
        return org_id if org_id in self.by_id else self.aliases.get(org_id)

    def organisation_id(self, statement_id: str, position: int) -> str | None:
        """Return the organisation id of one signature (None if withheld or unknown)."""
        return self.signing_ids.get((statement_id, position))


@dataclass(frozen=True)
class NamedOrganisation:
    """An organisation as decided from distinct names (how many statements is not known)."""

    id: str
    name: str  # display name
    names: tuple[str, ...]  # every distinct form, first signed first
    acronyms: tuple[str, ...]


@dataclass(frozen=True)
class NameResolution:
    """Organisations decided from distinct names alone: the whole of identity but counts."""

    organisations: Mapping[str, NamedOrganisation]  # by id; withheld ones absent
    ids: Mapping[str, str]  # name -> organisation id; withheld names absent
    withheld: frozenset[str]  # names the curation file withholds
    # The rest as in ``Resolution``.
    aliases: Mapping[str, str]
    notices: tuple[Notice, ...]
    group_ids: Mapping[str, str]
    ambiguous_burmese: tuple[tuple[str, tuple[str, ...]], ...]
    burmese_links: tuple[tuple[str, str, int], ...]
    rule_merges: tuple[tuple[str, str, str, str], ...] = ()


def resolve_organisations(
    statements: Iterable[Statement],
    curation: Curation | None = None,
    known_ids: Mapping[str, str] | None = None,
) -> Resolution:
    """Turn all signatures of all statements into organisations (see the module rules).

    ``known_ids`` (group key -> id, from the live build) keeps published ids: a slug is
    made from the spellings present, so without it a new spelling variant ("Back Pack"
    beside "Backpack") could rename an organisation nobody touched.

    [A: "Riverside Weavers Organisation", B: "Riverside Weavers Organization (RWO)"] -> 1 org
    [A: "Hill Youth of Norway", B: "Hill Youth of Toronto"] -> 2 orgs
    """
    signed = signed_names(statements)
    named = resolve_names(uses_of(signed), curation, known_ids)
    rows: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for name, org_id in named.ids.items():
        rows[org_id].extend((sid, pos, name) for sid, pos in signed[name])
    organisations = []
    for org_id, org in named.organisations.items():
        signings = tuple(Signing(sid, name, pos) for sid, pos, name in sorted(rows[org_id]))
        organisations.append(Organisation(org.id, org.name, org.names, org.acronyms, signings))
    ordered = sorted(organisations, key=lambda o: (-o.statement_count, o.id))
    signing_ids = {(s.statement_id, s.position): org.id for org in ordered for s in org.signings}
    return resolution_of(named, signed, tuple(ordered), signing_ids)


def resolution_of(
    named: NameResolution,
    signed: Mapping[str, list[tuple[str, int]]],
    organisations: tuple[Organisation, ...] = (),
    signing_ids: Mapping[tuple[str, int], str] | None = None,
) -> Resolution:
    """The ``Resolution`` of names resolved from ``signed``, with the organisations and
    the signature map given (none: a build's resolution, ``identity.building``)."""
    withheld_counts = Counter(sid for name in named.withheld for sid, _ in signed[name])
    return Resolution(
        group_ids=named.group_ids,
        organisations=organisations,
        signing_ids=signing_ids or {},
        aliases=named.aliases,
        withheld_counts=dict(withheld_counts),
        notices=named.notices,
        ambiguous_burmese=named.ambiguous_burmese,
        burmese_links=named.burmese_links,
        rule_merges=named.rule_merges,
    )


def resolve_names(
    uses: Mapping[str, NameUse],
    curation: Curation | None = None,
    known_ids: Mapping[str, str] | None = None,
) -> NameResolution:
    """Decide organisations from the distinct names signed and how each is used.

    Every grouping decision depends on distinct names, their signature counts and where
    each was first signed, never on single signatures: a corpus has ~100x more signatures
    than names, and an update can keep these per name instead of reading every signature.
    """
    curation = curation or Curation()
    notices: list[Notice] = list(curation.notices)
    pinned = pinned_forms(curation)
    members: dict[str, list[str]] = defaultdict(list)  # group key -> names, first signed first
    for name in sorted(uses, key=lambda n: uses[n].first):
        members[group_key(name, pinned)].append(name)
    groups = Groups(members)
    known = known_ids or {}
    group_ids = {
        key: known.get(key) or slug_id(key, spaced_forms(names)) for key, names in members.items()
    }
    id_to_group = {gid: key for key, gid in group_ids.items()}

    def lookup(text: str, where: str) -> str | None:
        for key in (id_to_group.get(text), group_key(text, pinned), group_key(text)):
            if key in members:
                return key
        burmese = name_keys(text).burmese
        if burmese and "my:" + burmese in members:
            return "my:" + burmese
        notices.append(Notice("curation_unknown_name", f"{where}: no statement has {text!r}"))
        return None

    for entry in curation.keep_apart:
        keys = [k for k in (lookup(n, entry.where) for n in entry.names) if k]
        groups.apart.extend((a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if a != b)
    for entry in curation.merges:
        keys = [k for k in (lookup(n, entry.where) for n in entry.names) if k]
        if any(not groups.allowed(keys[0], k) for k in keys[1:]):
            message = f"{entry.where}: contradicts a [[keep_apart]] entry; not merged"
            notices.append(Notice("curation_contradiction", message))
            continue
        for key in keys[1:]:
            groups.union(keys[0], key)
    ambiguous, links = link_burmese(members, groups, uses)
    rule_merges = link_variants(members, groups)

    components: dict[str, list[str]] = defaultdict(list)
    for key in members:
        components[groups.find(key)].append(key)
    organisations: dict[str, NamedOrganisation] = {}
    aliases: dict[str, str] = {}
    root_ids: dict[str, str] = {}
    for root, keys in sorted(components.items()):
        english = [group_ids[k] for k in keys if not k.startswith(("my:", "raw:"))]
        org_id = min(english or [group_ids[k] for k in keys])
        if org_id in organisations:  # a lossy slug met another: rare, resolved by key hash
            org_id = f"{org_id}-{short_hash(root, 8)}"
        aliases.update({group_ids[k]: org_id for k in keys if group_ids[k] != org_id})
        organisations[org_id] = _build(org_id, [n for k in keys for n in members[k]], uses)
        root_ids[root] = org_id

    def target(match: str, where: str) -> str | None:
        if match in organisations:
            return match
        if match in aliases:
            return aliases[match]
        key = lookup(match, where)
        return root_ids[groups.find(key)] if key else None

    for shown in curation.display:
        if (chosen := target(shown.match, shown.where)) is not None:
            organisations[chosen] = replace(organisations[chosen], name=shown.name)
    withheld: set[str] = set()
    withheld_names: set[str] = set()
    for hidden in curation.withhold:
        if (chosen := target(hidden.match, hidden.where)) is not None and chosen in organisations:
            withheld_names.update(organisations.pop(chosen).names)
            withheld.add(chosen)
    for redirect in curation.redirects:
        new = aliases.get(redirect.new, redirect.new)
        if redirect.old in organisations or redirect.old in withheld:
            message = f"{redirect.where}: {redirect.old!r} is a current id; not redirected"
            notices.append(Notice("curation_redirect", message))
        elif new in organisations:
            aliases[redirect.old] = new
        elif new not in withheld:  # a redirect to a withheld id silently goes too
            message = f"{redirect.where}: no organisation has the id {redirect.new!r}"
            notices.append(Notice("curation_redirect", message))
    aliases = {old: new for old, new in aliases.items() if new in organisations}
    published_keys = {
        key: group_ids[key] for key in members if root_ids[groups.find(key)] in organisations
    }
    return NameResolution(
        organisations=organisations,
        ids={name: org.id for org in organisations.values() for name in org.names},
        withheld=frozenset(withheld_names),
        aliases=aliases,
        notices=tuple(notices),
        group_ids=published_keys,
        ambiguous_burmese=tuple(
            (burmese, tuple(sorted({root_ids[groups.find(k)] for k in keys})))
            for burmese, keys in ambiguous
            if all(root_ids[groups.find(k)] in organisations for k in keys)
        ),
        burmese_links=tuple(
            (burmese, root_ids[groups.find(key)], count)
            for burmese, key, count in links
            if root_ids[groups.find(key)] in organisations
        ),
        rule_merges=tuple(
            (m.rule, root_ids[groups.find(m.keys[0])], *m.names)
            for m in rule_merges
            if root_ids[groups.find(m.keys[0])] in organisations
        ),
    )


def _build(org_id: str, names: list[str], uses: Mapping[str, NameUse]) -> NamedOrganisation:
    names = sorted(names, key=lambda n: uses[n].first)
    # The display name: a bilingual form if there is one (readable by everyone, and it
    # shows the link that joined a Burmese-only mention), then the most used, then the
    # earliest.
    parts = {n: parse_name(n) for n in names}
    bilingual = {n: bool(parts[n].burmese and parts[n].english) for n in names}
    rank = {n: i for i, n in enumerate(names)}
    display = max(names, key=lambda n: (bilingual[n], uses[n].signatures, -rank[n]))
    acronyms: dict[str, str] = {}
    for name in names:
        for acronym in parts[name].acronyms:
            acronyms.setdefault(acronym_key(acronym), acronym)
    return NamedOrganisation(org_id, display, tuple(names), tuple(acronyms.values()))
