"""Folding for comparison: the one definition of which characters count as the same.

Used by ``analysis`` on every token, by ``names`` for name keys and by ``snippets`` to find
what to mark. Folding never splits text (tokenising is ``analysis``'s alone).
"""

from __future__ import annotations

import re
import unicodedata

# Folding table applied after NFKC + casefold: quote and dash variants, Burmese ဥ် -> ဉ်.
_FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)


_FOLD_CHARS = re.compile("[" + "".join(map(chr, _FOLD_TABLE)) + "]")


def fold(text: str) -> str:
    """Fold text for comparison: NFKC, casefold, one quote, one dash, ``ဥ်`` -> ``ဉ်``.

    "Women’s" -> "women's";  "A – B" -> "a - b";  "ညီနောင်ဥ်" -> "ညီနောင်ဉ်"
    """
    if text.isascii():
        # NFKC is the identity on ASCII and casefold() is lower(): about 10x faster.
        return text.lower().replace("`", "'")
    folded = unicodedata.normalize("NFKC", text).casefold()
    # str.translate costs ~60 ns a character; most tokens have nothing to translate.
    if _FOLD_CHARS.search(folded) is not None:
        folded = folded.translate(_FOLD_TABLE)
    return folded.replace("\u1025\u103a", "\u1009\u103a")
