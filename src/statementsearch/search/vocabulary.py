"""The index's own vocabulary: the word forms a stem stands for, and "Did you mean".

Both read the lexicon of the build being searched (forms: title and body; suggestions:
body), so a suggestion or another form is always a word that is in some statement.
"""

from __future__ import annotations

from statementsearch.indexing import schema
from statementsearch.search.library import Release
from statementsearch.search.querying import iter_query_pieces
from statementsearch.text.analysis import english_stem, is_stemmable, query_tokens

# Lexicon terms looked at per stem and field (from a short prefix of the stem,
# alphabetically) and word forms kept per stem: bounded whatever the vocabulary.
MAX_FORM_CANDIDATES = 1024
MAX_FORMS = 16
# Edits a suggestion may be away from the typed word, and letters it must share first.
SUGGEST_MAXDIST = 2
SUGGEST_PREFIX = 1


def stem_terms(release: Release, stem: str) -> tuple[tuple[str, str], ...]:
    """The title and body words (folded) that have this English stem, as (field, word):
    what a query word's other forms are.  Found in the lexicon of the build searched, so
    the index holds no stemmed field (it cost a third of the statements index's build).

    "villag" -> (("body", "village"), ("body", "villages"), ("title", "villages"))
    A British form shares the stem's first letters ("organis" / "organiz"), so the
    candidates are the terms that start with the stem less its last two letters.
    """

    def compute() -> tuple[tuple[str, str], ...]:
        reader = release.statements_searcher().reader()
        prefix = stem[: max(3, len(stem) - 2)]
        found: list[tuple[str, str]] = []
        for field in (schema.BODY, schema.TITLE):
            kept = 0
            for count, term in enumerate(reader.expand_prefix(field, prefix)):
                if count >= MAX_FORM_CANDIDATES or kept >= MAX_FORMS:
                    break
                word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                if is_stemmable(word) and english_stem(word) == stem:
                    found.append((field, word))
                    kept += 1
        return tuple(found)

    return release.cached(("stem terms", stem), compute)


def did_you_mean(release: Release, text: str) -> str | None:
    """The query with each unknown English word replaced by the nearest body word (by
    edits, then frequency), or None when no word is unknown or none has a replacement.

    "sham peice dialoge" -> "sham peace dialogue";  "ရန်ကုန်" -> None
    """
    searcher = release.statements_searcher()
    reader = searcher.reader()
    corrector = searcher.corrector(schema.BODY)
    changed = False
    out: list[str] = []
    for piece, quoted in iter_query_pieces(text):
        words = []
        for word in query_tokens(piece, "word"):
            replacement = word
            if is_stemmable(word) and reader.doc_frequency(schema.BODY, word) == 0:
                found = corrector.suggest(
                    word, limit=1, maxdist=SUGGEST_MAXDIST, prefix=SUGGEST_PREFIX
                )
                if found:
                    replacement, changed = found[0], True
            words.append(replacement)
        joined = " ".join(words) or piece
        out.append(f'"{joined}"' if quoted else joined)
    return " ".join(out) if changed else None
