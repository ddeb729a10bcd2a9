"""The Danish analyser stems twice: every form of a word meets at one stem.

Snowball's Danish stemmer takes one ending per pass, and some stems are words it
stems again ("indsatsen" -> "indsats" -> "indsat"). docs/SEARCH.md ("Stemming")
gives the figures before and after on the pairs below, all from the seeds.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import tantivy
from django.core.management import call_command

from minutes import search
from minutes.models import AgendaItem
from minutes.search import analysis
from tests.factories import make_item, make_meeting
from tests.search.test_compound_words import holding, item_text

# Two forms of one word, both in the seed minutes, that one stemmer pass left at
# two stems (the first form's stem is the second's stem stemmed again).
INFLECTION_PAIRS = [
    ("indsats", "indsatsen"),
    ("beskæftigelsesindsats", "beskæftigelsesindsatsen"),
    ("budget", "budgettet"),
    ("proces", "processen"),
    ("kvalitet", "kvaliteten"),
    ("dagsorden", "dagsordenen"),
    ("arbejdsplads", "arbejdspladsen"),
    ("konsekvens", "konsekvenser"),
    ("virksomhed", "virksomhederne"),
    ("mulighed", "mulighederne"),
    ("aktivitet", "aktiviteter"),
    ("kapacitet", "kapaciteten"),
    ("konkret", "konkrete"),
    ("plads", "pladser"),
]


def stem(word: str) -> str:
    [(_position, term)] = analysis.analysed_words(word)
    return term


@pytest.mark.parametrize(("word", "form"), INFLECTION_PAIRS)
def test_both_forms_of_a_word_have_one_stem(word, form):
    assert stem(word) == stem(form)


def test_one_pass_left_the_pairs_apart():
    # The pairs are the gap this closes, not words that always stemmed alike.
    one_pass = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("danish"))
        .build()
    )
    for word, form in INFLECTION_PAIRS:
        [first] = one_pass.analyze(word)
        [second] = one_pass.analyze(form)
        assert first != second, (word, form)


@pytest.mark.django_db
def test_each_form_finds_the_items_holding_only_the_other_in_the_seeds():
    call_command("load_demo_data", stdout=StringIO())
    search.rebuild()
    items = AgendaItem.objects.public().prefetch_related("decisions", "attachments")
    texts = {item.pk: item_text(item) for item in items}
    directions = 0
    for word, form in INFLECTION_PAIRS:
        for query, other in ((word, form), (form, word)):
            wanted = holding(texts, other) - holding(texts, query)
            if not wanted:
                continue
            directions += 1
            hits = search.search(query, limit=1000, snippets=False, compounds=False).hits
            assert wanted <= {hit.item_id for hit in hits}, (query, other)
    assert directions == 23  # docs/SEARCH.md: 2 of 23 were found before


@pytest.mark.django_db
def test_another_form_ranks_as_the_word_itself_above_its_compounds():
    meeting = make_meeting()
    compound = make_item(meeting=meeting, number=1, title="Den samlede beskæftigelsesindsats")
    other_form = make_item(meeting=meeting, number=2, title="Indsatsen for unge")
    assert search.index_meeting(meeting.pk)
    hits = [hit.item_id for hit in search.search("indsats").hits]
    assert hits == [other_form.pk, compound.pk]
    hits = [hit.item_id for hit in search.search('"indsatser for unge"').hits]
    assert hits == [other_form.pk]


@pytest.mark.django_db
def test_an_index_of_the_one_pass_analyser_is_outdated(settings, monkeypatch):
    # Its terms are single-pass stems: it must be rebuilt, never read as it is.
    path = Path(settings.SEARCH_INDEX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    with monkeypatch.context() as patched:
        patched.setattr(analysis, "TOKENIZER", "danish")
        old_schema = analysis._build_schema()
    tantivy.Index(old_schema, path=str(path))
    search.index.forget_open_index()
    assert search.is_outdated()
    assert search.state() == "outdated"
