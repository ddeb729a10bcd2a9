"""The query language of the search box, and the list filters, as engine queries.

Syntax: words must all occur, "a phrase" in quotes, -word excludes, OR between
alternatives; a query that is a case number is that case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import tantivy

from ..parsing.casenumbers import case_number_query
from .analysis import (
    COMPOUND_MIN_CHARS,
    COMPOUND_WEIGHT,
    FIELD_BOOSTS,
    REVERSED_FIELD,
    SCHEMA,
    analysed_words,
    pair_terms,
    pairs_field,
)

# A user's query: "phrases", -exclusions, OR between alternatives, words.
_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')


@dataclass(frozen=True, slots=True)
class _Atom:
    text: str
    excluded: bool
    quoted: bool = False  # in quotes: exact, also a single word (no compounds)


def query_atoms(query: str) -> list[_Atom | None]:
    """The query as atoms, with None standing for an OR between two of them."""
    atoms: list[_Atom | None] = []
    for match in _QUERY_TOKEN.finditer(query):
        minus, phrase, word = match.groups()
        if word is not None:
            if word == "OR":
                atoms.append(None)
                continue
            if word == "AND":  # what words do anyway
                continue
            excluded = word.startswith("-") and len(word) > 1
            atoms.append(_Atom(word[1:] if excluded else word, excluded))
        else:
            atoms.append(_Atom(phrase, bool(minus), quoted=True))
    return atoms


def _phrase_query(field: str, words: list[tuple[int, str]]) -> tantivy.Query:
    """The phrase by its word pairs: one term for two words, a phrase of pairs for more.

    Neighbouring pairs share a token and sit at neighbouring positions of the
    pair field, so "a b c" is the pair phrase ("a|b", "b|c"): exact, never "a b"
    here and "b c" there.
    """
    pairs = pair_terms(words)
    if len(pairs) == 1:
        return tantivy.Query.term_query(SCHEMA, pairs_field(field), pairs[0])
    return tantivy.Query.phrase_query(SCHEMA, pairs_field(field), list(enumerate(pairs)))


def _atom_words(text: str) -> list[tuple[int, str]]:
    """One word or phrase as tokens, positions counted from its first token.

    A word that analyses into several tokens ("15.00.00-A00", "e-mail") is a phrase.
    Stop words leave gaps, kept as position offsets, so "ikke godkendt" stays
    a phrase and "og" alone is nothing.
    """
    words = analysed_words(text)
    if not words:
        return []
    first = words[0][0]
    return [(position - first, word) for position, word in words]


def _atom_query(text: str, *, compounds: bool) -> tantivy.Query | None:
    """Every text field, boosted, for one word or phrase; None if nothing is searchable.

    ``compounds``: a single word also finds the compounds that begin or end with it,
    at COMPOUND_WEIGHT of an exact match's score (phrases stay exact).
    """
    words = _atom_words(text)
    if not words:
        return None
    per_field = []
    for field, boost in FIELD_BOOSTS.items():
        if len(words) == 1:
            query = tantivy.Query.term_query(SCHEMA, field, words[0][1])
        else:
            query = _phrase_query(field, words)
        per_field.append((tantivy.Occur.Should, tantivy.Query.boost_query(query, boost)))
    if compounds and len(words) == 1 and len(words[0][1]) >= COMPOUND_MIN_CHARS:
        per_field.extend(_compound_queries(words[0][1]))
    return tantivy.Query.boolean_query(per_field)


# Building a regex query compiles its automaton, a large share of a short search; the
# queries are immutable and depend on the word alone, so a process keeps the recent ones.
REGEX_QUERIES_KEPT = 4096


@lru_cache(maxsize=REGEX_QUERIES_KEPT)
def _compound_queries(word: str) -> tuple[tuple[tantivy.Occur, tantivy.Query], ...]:
    """Words that begin with ``word`` (in each text field) or end with it (reversed terms).

    ".+": at least one more letter, so the exact word is not counted twice. The
    analysed words hold letters and digits only: nothing to escape but to be sure.
    """
    begins = re.escape(word) + ".+"
    queries = [
        tantivy.Query.boost_query(
            tantivy.Query.regex_query(SCHEMA, field, begins), boost * COMPOUND_WEIGHT
        )
        for field, boost in FIELD_BOOSTS.items()
    ]
    ends = tantivy.Query.regex_query(SCHEMA, REVERSED_FIELD, re.escape(word[::-1]) + ".+")
    queries.append(tantivy.Query.boost_query(ends, COMPOUND_WEIGHT))
    return tuple((tantivy.Occur.Should, query) for query in queries)


def highlight_query(query: str) -> tantivy.Query:
    """Every wanted word in every text field: what the snippets highlight.

    Only its terms are used (never run): phrases are searched through the pair
    fields, but a reader wants the words themselves marked in the excerpt.
    """
    words = {
        word
        for atom in query_atoms(query)
        if atom is not None and not atom.excluded
        for _position, word in analysed_words(atom.text)
    }
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, field, word))
            for field in FIELD_BOOSTS
            for word in sorted(words)
        ]
    )


def compound_words(query: str) -> list[str]:
    """The analysed words of the query that also find their compounds, as
    text_query(compounds=True) searches them: wanted, unquoted, single words."""
    words = []
    for atom in query_atoms(query):
        if atom is None or atom.excluded or atom.quoted:
            continue
        atom_words = _atom_words(atom.text)
        if len(atom_words) == 1 and len(atom_words[0][1]) >= COMPOUND_MIN_CHARS:
            words.append(atom_words[0][1])
    return words


def text_query(query: str, *, compounds: bool = True) -> tantivy.Query | None:
    """Words are ANDed, OR joins its neighbours, -word excludes. Never raises.

    A word also finds its compounds (``compounds``); a quoted word is exact, and an
    excluded word excludes only itself, so "-skole" does not hide every "skolebestyrelse".
    """
    groups: list[list[tantivy.Query]] = []
    excluded: list[tantivy.Query] = []
    joined = False
    for atom in query_atoms(query):
        if atom is None:
            joined = bool(groups)
            continue
        wanted_compounds = compounds and not atom.excluded and not atom.quoted
        atom_query = _atom_query(atom.text, compounds=wanted_compounds)
        if atom_query is None:
            continue
        if atom.excluded:
            excluded.append(atom_query)
        elif joined:
            groups[-1].append(atom_query)
        else:
            groups.append([atom_query])
        joined = False
    if not groups:
        # Only exclusions, or only stop words and symbols: nothing to look for.
        return None
    clauses = []
    for group in groups:
        if len(group) == 1:
            clauses.append((tantivy.Occur.Must, group[0]))
        else:
            alternatives = [(tantivy.Occur.Should, query) for query in group]
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(alternatives)))
    clauses.extend((tantivy.Occur.MustNot, query) for query in excluded)
    return tantivy.Query.boolean_query(clauses)


def looks_like_case_number(query: str) -> str | None:
    """The canonical case number if the whole query is one, else None.

    "15.00.00A00-4-25" gives "15.00.00-A00-4-25": the list shows the case page first.
    """
    cleaned = " ".join(query.split()).strip('"')
    return case_number_query(cleaned).exact if cleaned else None


@lru_cache(maxsize=REGEX_QUERIES_KEPT)
def _case_number_filter(value: str) -> tantivy.Query:
    # The rule of parsing.casenumbers.case_number_query, as the engine's query.
    wanted = case_number_query(value)
    if wanted.exact is not None:
        return tantivy.Query.term_query(SCHEMA, "case_number", wanted.exact)
    return tantivy.Query.boolean_query(
        [
            (
                tantivy.Occur.Should,
                tantivy.Query.regex_query(SCHEMA, "case_number", re.escape(prefix) + ".*"),
            )
            for prefix in wanted.prefixes
        ]
    )


def filter_queries(
    *,
    municipalities: Sequence[str],
    committee: str | Sequence[str] | None,
    case_number: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    item_id_after: int | None = None,
    item_id_up_to: int | None = None,
) -> list[tantivy.Query]:
    filters = []
    if municipalities:
        filters.append(tantivy.Query.term_set_query(SCHEMA, "municipality", list(municipalities)))
    committees = [committee] if isinstance(committee, str) else list(committee or ())
    if committees:
        filters.append(tantivy.Query.term_set_query(SCHEMA, "committee", committees))
    if case_number and case_number.strip():
        filters.append(_case_number_filter(case_number))
    if date_from or date_to:
        filters.append(
            tantivy.Query.range_query(
                SCHEMA,
                "day",
                tantivy.FieldType.Integer,
                lower_bound=date_from.toordinal() if date_from else 0,
                upper_bound=date_to.toordinal() if date_to else dt.date.max.toordinal(),
            )
        )
    if item_id_after is not None or item_id_up_to is not None:
        # The items added since a high-water mark (the alerts' digest): ids only grow.
        filters.append(
            tantivy.Query.range_query(
                SCHEMA,
                "item_id",
                tantivy.FieldType.Integer,
                lower_bound=item_id_after,
                upper_bound=item_id_up_to,
                # Above the mark; an open side must be inclusive.
                include_lower=item_id_after is None,
            )
        )
    return filters
