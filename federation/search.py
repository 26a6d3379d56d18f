"""Search terms that find Polish and Czech words whatever their diacritics and inflected endings.

Neither SQLite's full-text index nor PostgreSQL's ships a Polish or Czech stemmer, so every indexed record
also offers its text as *search terms*: folded (lower case, no diacritics, "ł" as "l") and cut back to a
stem by a light suffix stripper for both languages. The query goes through the same function, so
"stanowiska", "stanowisko" and "stanowiskiem" all become "stanowisk", and "lodz" meets "Łódź". The
stripper is deliberately light: it favours finding a word over telling two similar words apart.

Models expose the terms as a method named `search_terms` listed in their `search_fields`; the public
search (`cms.selectors.site_search`) queries that field only.
"""

import re
import unicodedata

from django.utils.html import strip_tags

# Letters that Unicode does not decompose into a base letter and a combining mark.
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"})

# Inflected endings of Polish and Czech nouns and adjectives, already folded, longest first.
_ENDINGS = sorted(
    {
        # Polish
        "owie",
        "ami",
        "ach",
        "ego",
        "emu",
        "iej",
        "ymi",
        "ych",
        "imi",
        "ich",
        "owi",
        "iem",
        "iom",
        "om",
        "ow",
        "em",
        "ie",
        "ej",
        "ym",
        "im",
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        # Czech
        "ove",
        "emi",
        "um",
        "ou",
        "ho",
        "mu",
    },
    key=len,
    reverse=True,
)
_MIN_STEM = 3
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without diacritics: "Łódź" -> "lodz", "Plzeňský" -> "plzensky"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def stem(word: str) -> str:
    """Cut one inflected ending off a folded word, keeping at least three letters; numbers stay whole."""
    if word.isdigit():
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def search_terms(*texts: str | None) -> str:
    """The folded stems of every word of `texts` (HTML tags dropped), space-separated, for the index and
    for the query alike."""
    words = _WORD.findall(fold(strip_tags(" ".join(text for text in texts if text))))
    return " ".join(stem(word) for word in words)


def ranks_by_relevance() -> bool:
    """Whether the search backend orders hits by relevance. Wagtail's SQLite backend scores each hit with a
    correlated subquery that runs the full-text match again for every row: half a minute for a common word
    among 10,000 positions. On SQLite (the embedded default) hits are therefore listed newest first;
    PostgreSQL's backend ranks in the same pass as it matches."""
    from wagtail.search.backends import get_search_backend

    # By name: importing the SQLite backend's module on another database fails (it looks up its FTS model).
    return type(get_search_backend()).__name__ != "SQLiteSearchBackend"


def search_public(terms: str, queryset, *, newest_first: tuple[str, ...]):
    """Wagtail search results for `terms` (from `search_terms`) among `queryset`, every word required: best
    first where the backend ranks cheaply, else in the order `newest_first` (fields that the model lists as
    FilterFields)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if ranks_by_relevance():
        return backend.search(terms, queryset, operator="and")
    return backend.search(terms, queryset.order_by(*newest_first), operator="and", order_by_relevance=False)
