"""What the index holds and how text becomes terms: the Danish analyser, the schema.

Documents and queries pass through the same analyser, so a word is found as
typed, stemmed the same way on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import tantivy

# How much each text field counts in the ranking, in one place: a hit in the
# title counts most, a decision or recommendation next, the background text last.
FIELD_BOOSTS: dict[str, float] = {
    "title": 4.0,
    "decisions": 2.0,
    "recommendation": 2.0,
    "body": 1.0,
}
# Which field an excerpt is taken from first: what was decided is what a reader

# Private-use characters mark the highlighted words in a snippet. They are
# stripped from document text first, so a document can never forge one; the
# template filter search_tags.highlight escapes the text, then swaps them for
# <mark> and </mark>.
MARK_START = "\ue000"
MARK_END = "\ue001"


# The Snowball Danish stop words, except "ikke": "ikke godkendt" must not find
# "godkendt". Stop words are dropped from documents and queries alike, so a
# query of only stop words finds nothing instead of everything.
# fmt: off
DANISH_STOP_WORDS = (
    "og", "i", "jeg", "det", "at", "en", "den", "til", "er", "som", "på", "de", "med", "han",
    "af", "for", "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "havde",
    "ham", "hun", "nu", "over", "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans",
    "hvor", "eller", "hvad", "skal", "selv", "her", "alle", "vil", "blev", "kunne", "ind", "når",
    "være", "dog", "noget", "ville", "jo", "deres", "efter", "ned", "skulle", "denne", "end",
    "dette", "mit", "også", "under", "have", "dig", "anden", "hende", "mine", "alt", "meget",
    "sit", "sine", "vor", "mod", "disse", "hvis", "din", "nogle", "hos", "blive", "mange", "ad",
    "bliver", "hendes", "været", "thi", "jer", "sådan",
)
# fmt: on

TOKENIZER = "danish"
# Word pairs: each text field has a twin holding every two neighbouring tokens
# as one term ("tag||efterretning"), so a two-word phrase is a term lookup instead
# of an intersection of two long posting lists and a check of every position (for
# common words, a visit to most of the index), and a longer phrase is a phrase of
# pairs, whose posting lists are far shorter.
PAIRS_TOKENIZER = "pairs"
PAIRS_SUFFIX = "_pairs"
# Between the two tokens of a pair, one "|" per position they lie apart: a stop
# word between them leaves a gap, as it does in a phrase query. The tokens are
# alphanumeric, so "|" never occurs in one.
PAIR_GAP = "|"


def _danish_analyzer() -> tantivy.TextAnalyzer:
    # No ASCII folding: æ, ø and å are searched as typed ("bør" is not "bor").
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.custom_stopword(list(DANISH_STOP_WORDS)))
        .filter(tantivy.Filter.stemmer("danish"))
        .build()
    )


ANALYZER = _danish_analyzer()
# The pair terms are built in Python from ANALYZER's tokens; the field only splits them.
PAIRS_ANALYZER = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def pairs_field(field: str) -> str:
    return field + PAIRS_SUFFIX


def analysed_words(text: str) -> list[tuple[int, str]]:
    """The analysed tokens of ``text`` with their positions, as the index sees them."""
    return [(token.position, token.text) for token in ANALYZER.pre_tokenize(text).tokens]


def pair_terms(words: Sequence[tuple[int, str]]) -> list[str]:
    return [
        first + PAIR_GAP * (second_position - first_position) + second
        for (first_position, first), (second_position, second) in pairwise(words)
    ]


# Compound words: Danish joins words ("rygestopkurser", "beskæftigelsesindsats"), so
# a word also finds the words that begin or end with it. Words that begin with it
# are a prefix of the term dictionary; words that end with it are a prefix of the
# reversed terms, which this field holds (every analysed word of the item, spelled
# backwards). Matches inside a compound are not found: that would scan the whole
# dictionary per word. Shorter words than this would find too much ("vej", "tid").
REVERSED_FIELD = "words_reversed"
COMPOUND_MIN_CHARS = 4
# A compound match counts this much of an exact one: exact matches rank first.
COMPOUND_WEIGHT = 0.25


def reversed_terms(words: Sequence[tuple[int, str]]) -> list[str]:
    return [word[::-1] for _position, word in words]


def _build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("item_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("meeting_id", indexed=True)
    for field in FIELD_BOOSTS:
        # No positions: phrases are matched in the pair fields.
        builder.add_text_field(field, stored=True, tokenizer_name=TOKENIZER, index_option="freq")
        builder.add_text_field(pairs_field(field), tokenizer_name=PAIRS_TOKENIZER)
    # No frequencies or positions: a compound match is a match, not a phrase.
    builder.add_text_field(REVERSED_FIELD, tokenizer_name=PAIRS_TOKENIZER, index_option="basic")
    # Filters: exact slugs and case numbers (raw, untokenised), dates as day numbers.
    builder.add_text_field("municipality", fast=True, tokenizer_name="raw")
    builder.add_text_field("committee", fast=True, tokenizer_name="raw")
    builder.add_text_field("case_number", fast=True, tokenizer_name="raw")
    builder.add_integer_field("day", indexed=True, fast=True)
    # Newest first, as AgendaItem.newest_first(): date, then meeting, then item number.
    builder.add_integer_field("newest", fast=True)
    return builder.build()


SCHEMA = _build_schema()


def searchable_text(text: str) -> str:
    # The parser's light markup ("**bold**") is not searchable text, and the
    # highlight markers must never come from a document.
    return text.replace("**", "").replace(MARK_START, "").replace(MARK_END, "")
