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
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from statementsearch.identity.curation import Curation
from statementsearch.identity.names import acronym_key, name_keys, parse_name
from statementsearch.model import Notice, Statement
from statementsearch.text.analysis import fold

_SLUG = re.compile(r"[a-z0-9]+")
_MAX_SLUG = 80


@dataclass(frozen=True)
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

    @functools.cached_property
    def by_id(self) -> Mapping[str, Organisation]:
        return {org.id: org for org in self.organisations}

    def current_id(self, org_id: str) -> str | None:
        """Return the id to use for ``org_id`` (itself, or where it redirects), or None."""
        return org_id if org_id in self.by_id else self.aliases.get(org_id)

    def organisation_id(self, statement_id: str, position: int) -> str | None:
        """Return the organisation id of one signature (None if withheld or unknown)."""
        return self.signing_ids.get((statement_id, position))


def _form(name: str) -> str:
    return " ".join(fold(name).split())


def _hash(text: str, length: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def group_key(name: str, pinned: frozenset[str] = frozenset()) -> str:
    """Return the key that groups a name with its variants: English key, else Burmese.

    "Riverside Weavers Organisation" -> "en:riversideweaversorganization"
    "ရွှေလှိုင်းအဖွဲ့" -> "my:ရွှေလှိုင်းအဖွဲ့";  a pinned (kept-apart) form -> "form:<folded>"
    """
    form = _form(name)
    if form in pinned:
        return "form:" + form
    keys = name_keys(name)
    if keys.merge:
        return "en:" + keys.merge
    if keys.burmese:
        return "my:" + keys.burmese
    return "raw:" + form


def slug_id(key: str, spaced: Iterable[str]) -> str:
    """Make a stable URL-safe id for a group key from its spaced English forms.

    ("en:backpackteam", ["backpack team", "back pack team"]) -> "back-pack-team"
    ("my:…", []) -> "my-" + 10 hex digits of the key's SHA-1
    """
    kind, _, body = key.partition(":")
    words = min(spaced, default="").split()
    if kind in ("en", "form") and words:
        slug = "-".join(w for w in (_SLUG.findall(" ".join(words)) or []) if w)
        lossless = all(_SLUG.fullmatch(w) for w in words) and kind == "en"
        if lossless and len(slug) <= _MAX_SLUG:
            return slug
        return f"{slug[:_MAX_SLUG].rstrip('-')}-{_hash(key, 8)}".lstrip("-")
    return f"{'my' if kind == 'my' else 'org'}-{_hash(body, 10)}"


class _Groups:
    """Union-find over group keys that refuses unions joining kept-apart groups."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {key: key for key in keys}
        self.apart: list[tuple[str, str]] = []

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def allowed(self, a: str, b: str) -> bool:
        roots = {self.find(a), self.find(b)}
        return len(roots) == 1 or not any(
            {self.find(x), self.find(y)} == roots for x, y in self.apart
        )

    def union(self, a: str, b: str) -> bool:
        if not self.allowed(a, b):
            return False
        ra, rb = sorted((self.find(a), self.find(b)))
        self.parent[rb] = ra
        return True


@dataclass(frozen=True)
class NameUse:
    """How a corpus signs one distinct name: all that identity needs to know of it."""

    signatures: int
    first: tuple[str, int]  # (statement id, position) of its first signature


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
    signed: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for st in statements:
        for sig in st.organisations:
            signed[sig.name].append((st.id, sig.position))
    uses = {name: NameUse(len(where), min(where)) for name, where in signed.items()}
    named = resolve_names(uses, curation, known_ids)
    rows: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for name, org_id in named.ids.items():
        rows[org_id].extend((sid, pos, name) for sid, pos in signed[name])
    organisations = []
    for org_id, org in named.organisations.items():
        signings = tuple(Signing(sid, name, pos) for sid, pos, name in sorted(rows[org_id]))
        organisations.append(Organisation(org.id, org.name, org.names, org.acronyms, signings))
    ordered = sorted(organisations, key=lambda o: (-o.statement_count, o.id))
    withheld_counts = Counter(sid for name in named.withheld for sid, _ in signed[name])
    return Resolution(
        group_ids=named.group_ids,
        organisations=tuple(ordered),
        signing_ids={(s.statement_id, s.position): org.id for org in ordered for s in org.signings},
        aliases=named.aliases,
        withheld_counts=dict(withheld_counts),
        notices=named.notices,
        ambiguous_burmese=named.ambiguous_burmese,
        burmese_links=named.burmese_links,
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
    pinned = _pinned_forms(curation)
    members: dict[str, list[str]] = defaultdict(list)  # group key -> names, first signed first
    for name in sorted(uses, key=lambda n: uses[n].first):
        members[group_key(name, pinned)].append(name)
    groups = _Groups(members)
    known = known_ids or {}
    group_ids = {
        key: known.get(key) or slug_id(key, _spaced(names)) for key, names in members.items()
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
    ambiguous, links = _link_burmese(members, groups, uses)

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
            org_id = f"{org_id}-{_hash(root, 8)}"
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
    )


def _pinned_forms(curation: Curation) -> frozenset[str]:
    """Forms a ``[[keep_apart]]`` entry separates although their keys are equal."""
    pinned: set[str] = set()
    for entry in curation.keep_apart:
        by_key: dict[str, list[str]] = defaultdict(list)
        for name in entry.names:
            by_key[group_key(name)].append(_form(name))
        pinned.update(f for forms in by_key.values() if len(set(forms)) > 1 for f in forms)
    return frozenset(pinned)


def _spaced(names: list[str]) -> list[str]:
    return [k for k in {name_keys(name).english for name in names} if k]


def _link_burmese(
    members: Mapping[str, list[str]], groups: _Groups, uses: Mapping[str, NameUse]
) -> tuple[list[tuple[str, list[str]]], list[tuple[str, str, int]]]:
    """Join each Burmese-only group to the one English organisation bilingual entries name.

    A Burmese name written beside two different English organisations links to neither,
    and neither does one of several Burmese names written beside the same English
    organisation (both returned for review): guessing would be a wrong merge.
    Returns (ambiguous Burmese keys with their groups, links made with their support).
    """
    linked: dict[str, Counter[str]] = defaultdict(Counter)
    for key, names in members.items():
        if key.startswith("en:"):
            for name in names:
                if burmese := name_keys(name).burmese:
                    linked[burmese][key] += uses[name].signatures
    # Roots before any link is made, and the Burmese names each English organisation
    # carries: one that is written with two different Burmese names (a translation that
    # varies, or a parsing slip that glued prose to a name) joins no Burmese-only mention,
    # since either could be a different organisation.
    root = {k: groups.find(k) for english in linked.values() for k in english}
    burmese_names: dict[str, set[str]] = defaultdict(set)
    for burmese, english in linked.items():
        for k in english:
            burmese_names[root[k]].add(burmese)
    ambiguous: list[tuple[str, list[str]]] = []
    links: list[tuple[str, str, int]] = []
    for burmese, english in sorted(linked.items()):
        roots = {root[k] for k in english}
        if len(roots) > 1 or any(len(burmese_names[r]) > 1 for r in roots):
            ambiguous.append((burmese, sorted(english)))
        elif "my:" + burmese in members:
            key = next(iter(english))
            if groups.union("my:" + burmese, key):
                links.append((burmese, key, sum(english.values())))
    return ambiguous, links


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
