"""Look organisations up by any name, and list identity decisions worth a human look.

``find_organisations`` serves ``statementsearch orgs NAME`` and the organisations API;
``iter_near_misses`` serves ``statementsearch orgs --review``. Both compare names only through
``names.py`` keys; pairs are compared inside blocks (same first letters, same last letters,
same core name, same first two words, same acronym), never all against all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from statementsearch.identity.links import RULES
from statementsearch.identity.names import edit_distance, match_rank, name_keys
from statementsearch.identity.orgs import Organisation, Resolution


def find_organisations(resolution: Resolution, query: str) -> list[Organisation]:
    """Return organisations matching a name, acronym, id or typo, best match first.

    "KHRG" -> the organisation with that acronym;  "Karen Humen Rights Group" -> the typo's
    match;  "" -> [].  Ties go to the organisation in more statements.
    """
    if not query.strip():
        return []
    keys = name_keys(query)
    found: list[tuple[int, int, str, Organisation]] = []
    for org in resolution.organisations:
        ranks = [r for n in org.names if (r := match_rank(keys, name_keys(n))) is not None]
        if org.id == query.strip() or resolution.aliases.get(query.strip()) == org.id:
            ranks.append(0)
        if ranks:
            found.append((min(ranks), -org.statement_count, org.name, org))
    return [org for *_, org in sorted(found, key=lambda f: f[:3])]


@dataclass(frozen=True)
class NearMiss:
    """An identity decision worth a human look, with the reason in words."""

    kind: str  # similar_spelling, different_qualifier, prefix, shared_acronym, weak_merge, ...
    reason: str
    organisation_ids: tuple[str, ...]
    names: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "organisation_ids": list(self.organisation_ids),
            "names": list(self.names),
        }


_MAX_BLOCK = 400  # pairs are compared inside blocks; a bigger block is sampled, not squared


@dataclass(frozen=True)
class _Form:
    """One distinct English key of an organisation, prepared for pair comparisons."""

    english: str
    core: str
    merge: str
    letters: Counter[str]  # letter counts: half their difference bounds the edit distance


def iter_near_misses(resolution: Resolution) -> Iterator[NearMiss]:
    """Yield pairs kept apart that look alike, and merges that rest on one weak link.

    "Hill Youth Network" / "Hill Youht Network" -> similar_spelling;  two "XYZ" -> shared_acronym
    """
    orgs = resolution.by_id
    forms: dict[str, list[_Form]] = {}
    blocks: dict[tuple[str, str], set[str]] = defaultdict(set)
    for org in resolution.organisations:
        seen_keys: dict[str, _Form] = {}
        for name in org.names:
            keys = name_keys(name)
            if keys.english and keys.merge and keys.english not in seen_keys:
                seen_keys[keys.english] = _Form(
                    keys.english, keys.core or "", keys.merge, Counter(keys.merge)
                )
                for block in (keys.merge[:4], keys.merge[-4:]):
                    blocks["spelling", block].add(org.id)
                blocks["core", keys.core or ""].add(org.id)
                blocks["start", " ".join(keys.english.split()[:2])].add(org.id)
            for acronym in keys.acronyms:
                blocks["acronym", acronym].add(org.id)
        forms[org.id] = list(seen_keys.values())
    seen: set[tuple[str, str, str]] = set()
    for (kind, block), ids in sorted(blocks.items()):
        members = sorted(ids)[:_MAX_BLOCK]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                reason = _pair_reason(kind, block, forms[a], forms[b])
                if reason and (reason[0], a, b) not in seen:
                    seen.add((reason[0], a, b))
                    yield NearMiss(reason[0], reason[1], (a, b), (orgs[a].name, orgs[b].name))
    yield from _weak_merges(resolution)


def _pair_reason(kind: str, block: str, ka: list[_Form], kb: list[_Form]) -> tuple[str, str] | None:
    if kind == "acronym":
        return "shared_acronym", f"both use the acronym {block!r} but their names differ"
    if kind == "core":
        return ("different_qualifier", "same name, different place or branch") if block else None
    for x in ka:
        for y in kb:
            if kind == "spelling":
                limit = 1 if min(len(x.merge), len(y.merge)) < 12 else 2
                if abs(len(x.merge) - len(y.merge)) > limit:
                    continue
                if sum(((x.letters - y.letters) + (y.letters - x.letters)).values()) > 2 * limit:
                    continue
                if (distance := edit_distance(x.merge, y.merge, limit)) <= limit:
                    return "similar_spelling", f"names differ by {distance} letter(s)"
            elif kind == "start":
                for short, long in ((x.core, y.english), (y.core, x.english)):
                    if short != long and long.startswith(short + " "):
                        return "prefix", f"{short!r} is the start of {long!r}"
    return None


def _weak_merges(resolution: Resolution) -> Iterator[NearMiss]:
    """Merges that rest on one weak link, each with the rule that made it."""
    orgs = resolution.by_id
    for rule, org_id, name_a, name_b in resolution.rule_merges:
        reason = f"rule ({rule}): {RULES[rule]}: {name_a!r} = {name_b!r}"
        yield NearMiss(f"rule_{rule}", reason, (org_id,), (name_a, name_b))
    for org in resolution.organisations:
        spaced = sorted({k for n in org.names if (k := name_keys(n).english)})
        if len(spaced) > 1 and len({s.replace(" ", "") for s in spaced}) == 1:
            reason = "rule (spaces): merged only by ignoring spaces: " + " / ".join(spaced)
            yield NearMiss("weak_merge", reason, (org.id,), org.names)
    for burmese, org_id, support in resolution.burmese_links:
        if support == 1 and org_id in orgs:
            reason = (
                f"rule (Burmese link): Burmese-only mentions joined through one bilingual "
                f"entry ({burmese})"
            )
            yield NearMiss("weak_merge", reason, (org_id,), orgs[org_id].names)
    for burmese, ids in resolution.ambiguous_burmese:
        reason = f"one Burmese name ({burmese}) is written beside different English names"
        names = tuple(orgs[i].name for i in ids if i in orgs)
        yield NearMiss("ambiguous_burmese", reason, ids, names)
