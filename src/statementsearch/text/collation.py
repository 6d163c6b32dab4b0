"""Sort keys for people's names in Burmese and Latin script (ICU collation).

The A–Z organisation list sorts by these keys, never by code point: code-point order puts
"Zebra" before "apple" and "Ápple" after every Latin letter. ICU's Burmese tailoring puts
Myanmar script before Latin; the root (English) order puts Latin first. Collators are not
thread-safe, so each thread keeps its own (as ``analysis`` does for its ICU objects).
"""

from __future__ import annotations

import threading

import icu

# The UI languages and the ICU locale whose collation they read in.
COLLATION_LOCALES = {"en": "en", "my": "my"}

_local = threading.local()


def _collator(language: str) -> icu.Collator:
    collators: dict[str, icu.Collator] | None = getattr(_local, "collators", None)
    if collators is None:
        collators = _local.collators = {}
    collator = collators.get(language)
    if collator is None:
        locale = icu.Locale(COLLATION_LOCALES.get(language, "en"))
        collator = collators[language] = icu.Collator.createInstance(locale)
    return collator


def collation_key(text: str, language: str = "en") -> bytes:
    """The ICU sort key of ``text`` as readers of ``language`` order names.

    sorted(["Zebra", "ကရင်", "apple"], key=collation_key) -> ["apple", "Zebra", "ကရင်"];
    with language="my" -> ["ကရင်", "apple", "Zebra"].
    """
    key: bytes = _collator(language).getSortKey(text)
    return key
