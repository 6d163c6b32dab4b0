"""Grouping names by their keys: group keys, stable ids, and a union-find that refuses to
join groups a maintainer keeps apart. Used by ``orgs`` and ``links``."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from statementsearch.identity.curation import Curation
from statementsearch.identity.names import name_keys
from statementsearch.model import Statement
from statementsearch.text.analysis import fold

_SLUG = re.compile(r"[a-z0-9]+")
_MAX_SLUG = 80


def folded_form(name: str) -> str:
    return " ".join(fold(name).split())


def short_hash(text: str, length: int) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def group_key(name: str, pinned: frozenset[str] = frozenset()) -> str:
    """Return the key that groups a name with its variants: English key, else Burmese.

    "Riverside Weavers Organisation" -> "en:riversideweaversorganization"
    "ရွှေလှိုင်းအဖွဲ့" -> "my:ရွှေလှိုင်းအဖွဲ့";  a pinned (kept-apart) form -> "form:<folded>"
    """
    form = folded_form(name)
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
        return f"{slug[:_MAX_SLUG].rstrip('-')}-{short_hash(key, 8)}".lstrip("-")
    return f"{'my' if kind == 'my' else 'org'}-{short_hash(body, 10)}"


class Groups:
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


def pinned_forms(curation: Curation) -> frozenset[str]:
    """Forms a ``[[keep_apart]]`` entry separates although their keys are equal."""
    pinned: set[str] = set()
    for entry in curation.keep_apart:
        by_key: dict[str, list[str]] = defaultdict(list)
        for name in entry.names:
            by_key[group_key(name)].append(folded_form(name))
        pinned.update(f for forms in by_key.values() if len(set(forms)) > 1 for f in forms)
    return frozenset(pinned)


def spaced_forms(names: list[str]) -> list[str]:
    return [k for k in {name_keys(name).english for name in names} if k]


@dataclass(frozen=True)
class NameUse:
    """How a corpus signs one distinct name: all that identity needs to know of it."""

    signatures: int
    first: tuple[str, int]  # (statement id, position) of its first signature


def signed_names(statements: Iterable[Statement]) -> dict[str, list[tuple[str, int]]]:
    """Each distinct name -> where it was signed, (statement id, position)."""
    signed: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for st in statements:
        for sig in st.organisations:
            signed[sig.name].append((st.id, sig.position))
    return signed


def uses_of(signed: Mapping[str, list[tuple[str, int]]]) -> dict[str, NameUse]:
    """Each name signed -> its ``NameUse`` (how often, and where first)."""
    return {name: NameUse(len(where), min(where)) for name, where in signed.items()}
