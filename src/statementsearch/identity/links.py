"""Links between groups of names that their keys alone do not make.

``link_burmese`` joins a Burmese-only mention to the one English organisation that
bilingual entries name. ``link_variants`` applies the conservative merge rules (a)-(e)
(docs/curation.md): each joins two groups only when one piece of evidence is unambiguous
in the whole corpus, records which rule made the merge (``orgs --review`` shows it), and
never joins groups a ``[[keep_apart]]`` entry separates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from statementsearch.identity.grouping import Groups, NameUse
from statementsearch.identity.names import (
    STOP_WORDS,
    VariantKeys,
    edit_distance,
    name_keys,
    variant_keys,
)


def link_burmese(
    members: Mapping[str, list[str]], groups: Groups, uses: Mapping[str, NameUse]
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


# The merge rules, as ``orgs --review`` names them (docs/curation.md).
RULES = {
    "a": "a Burmese-only name and an English name with the same acronym, the English name's "
    "initials, used by no other organisation",
    "b": "an acronym-only signature and the one full name carrying that acronym (four "
    "characters or more), used by no other organisation",
    "c": "the same name but for a dropped or added function word (of, for, the, in, ...)",
    "d": "a one-letter typo in one long word, the acronym the same and used by no other "
    "organisation",
    "e": "the same words and acronym, split differently across brackets",
}
_LONG_WORD = 5  # a typo is only forgiven in a word this long
_MIN_ONLY_ACRONYM = 4  # three capitals name too many organisations to identify one


@dataclass(frozen=True)
class RuleMerge:
    """Two groups joined by a merge rule, with a name from each side."""

    rule: str
    keys: tuple[str, str]
    names: tuple[str, str]


class _Linker:
    def __init__(self, members: Mapping[str, list[str]], groups: Groups) -> None:
        self.members, self.groups = members, groups
        self.keys = {
            key: [(name, variant_keys(name)) for name in names] for key, names in members.items()
        }
        self.carriers: dict[str, set[str]] = defaultdict(set)  # acronym -> group keys
        for key, named in self.keys.items():
            for _, keys in named:
                for acronym in keys.acronyms:
                    self.carriers[acronym].add(key)
        self.merges: list[RuleMerge] = []

    def join(self, rule: str, a: tuple[str, str], b: tuple[str, str]) -> None:
        """Join group a[0] (name a[1]) and group b[0] (name b[1]) by ``rule``."""
        if self.groups.find(a[0]) != self.groups.find(b[0]) and self.groups.union(a[0], b[0]):
            self.merges.append(RuleMerge(rule, (a[0], b[0]), (a[1], b[1])))

    def sole_pair(self, acronym: str) -> list[str] | None:
        """The groups carrying an acronym when they form exactly two organisations."""
        carriers = sorted(self.carriers[acronym])
        roots = {self.groups.find(k) for k in carriers}
        return carriers if len(roots) == 2 else None

    def acronym_rules(self) -> None:
        """(a), (b), (d): two organisations that alone carry one acronym."""
        english_roots = {self.groups.find(k) for k in self.members if k.startswith("en:")}
        for acronym in sorted(self.carriers):
            carriers = self.sole_pair(acronym)
            if carriers is None:
                continue
            named = [(k, n, v) for k in carriers for n, v in self.keys[k] if acronym in v.acronyms]
            burmese = [(k, n) for k, n, v in named if v.burmese_only]
            english = [(k, n) for k, n, v in named if v.words and acronym in v.initials]
            only = [(k, n) for k, n, v in named if v.acronym_only]
            full = [(k, n) for k, n, v in named if v.words and not v.acronym_only]
            if burmese and english:
                # A Burmese name already joined to some English one is not joined again.
                if self.groups.find(burmese[0][0]) not in english_roots:
                    self.join("a", burmese[0], english[0])
            elif only and full and len(acronym) >= _MIN_ONLY_ACRONYM:
                self.join("b", only[0], full[0])
            else:
                for i, (ka, na, va) in enumerate(named):
                    for kb, nb, vb in named[i + 1 :]:
                        if va.words and vb.words and _one_typo(va.words, vb.words):
                            self.join("d", (ka, na), (kb, nb))
            english_roots.update(self.groups.find(k) for k in carriers)

    def function_word_rule(self) -> None:
        """(c): names equal but for function words, everything else agreeing."""
        buckets: dict[tuple[str, ...], list[tuple[str, str, VariantKeys]]] = defaultdict(list)
        for key, named in self.keys.items():
            for name, keys in named:
                content = tuple(w for w in keys.words if w not in STOP_WORDS)
                if len(content) >= 2:
                    buckets[content].append((key, name, keys))
        for bucket in buckets.values():
            for i, (ka, na, va) in enumerate(bucket):
                for kb, nb, vb in bucket[i + 1 :]:
                    if ka != kb and _agree(va, vb) and _only_added(va.words, vb.words):
                        self.join("c", (ka, na), (kb, nb))

    def bracket_rule(self) -> None:
        """(e): the same plain words and acronyms, split differently across brackets."""
        buckets: dict[tuple[tuple[str, ...], frozenset[str]], list[tuple[str, str]]]
        buckets = defaultdict(list)
        for key, named in self.keys.items():
            for name, keys in named:
                if keys.acronyms and keys.plain and not keys.burmese:
                    buckets[keys.plain, keys.acronyms].append((key, name))
        for bucket in buckets.values():
            for other in bucket[1:]:
                if other[0] != bucket[0][0]:
                    self.join("e", bucket[0], other)


def _agree(a: VariantKeys, b: VariantKeys) -> bool:
    """Say whether acronyms and Burmese names, where both have them, agree."""
    acronyms = not (a.acronyms and b.acronyms) or bool(a.acronyms & b.acronyms)
    return acronyms and (not (a.burmese and b.burmese) or a.burmese == b.burmese)


def _only_added(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Say whether one word list is the other with function words added, none replaced.

    ("friends", "association", "in", "norway") / ("friends", "association", "norway") -> True;
    ("women", "for", "peace") / ("women", "of", "peace") -> False
    """
    short, long = sorted((a, b), key=len)
    if len(short) == len(long):
        return False
    k = 0
    for word in long:
        if k < len(short) and word == short[k]:
            k += 1
        elif word not in STOP_WORDS:
            return False
    return k == len(short)


def _one_typo(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Say whether two word lists differ in one long word, by one letter.

    ("hill", "student", "uion") / ("hill", "student", "union") -> True
    """
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differ) != 1:
        return False
    x, y = differ[0]
    return (
        min(len(x), len(y)) >= _LONG_WORD - 1
        and max(len(x), len(y)) >= _LONG_WORD
        and (edit_distance(x, y, 1) == 1)
    )


def link_variants(members: Mapping[str, list[str]], groups: Groups) -> list[RuleMerge]:
    """Apply the merge rules (a)-(e) to the groups; return the merges, each with its rule."""
    linker = _Linker(members, groups)
    linker.bracket_rule()
    linker.function_word_rule()
    linker.acronym_rules()
    return linker.merges
