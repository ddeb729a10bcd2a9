"""Danish compound words: a word finds the compounds that begin or end with it.

Recall is measured on real compounds of the seed minutes (minutes/fixtures/seeds/):
each query is a word that occurs on its own in the seeds, paired with a compound of
the seeds that begins or ends with it. A query is "found" when every public item whose
text holds the compound, but not the word on its own, is among its hits. docs/SEARCH.md
gives the figures before (exact words only, ``compounds=False``) and after.
"""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from minutes import search
from minutes.models import AgendaItem
from tests.factories import make_item, make_meeting

# (query, a compound of the seeds holding it at its start or end)
COMPOUND_QUERIES = [
    ("indsats", "beskæftigelsesindsats"),
    ("strategi", "aktiveringsstrategi"),
    ("niveauet", "aktivitetsniveauet"),
    ("gruppen", "aldersgruppen"),
    ("projekter", "anlægsprojekter"),
    ("processen", "anmeldelsesprocessen"),
    ("muligheder", "anvendelsesmuligheder"),
    ("arbejdsgiver", "arbejdsgiverperiode"),
    ("periode", "arbejdsgiverperiode"),
    ("grundlag", "arbejdsgrundlag"),
    ("kraft", "arbejdskraft"),
    ("arbejdsmarked", "arbejdsmarkedsafdelingen"),
    ("afdelingen", "arbejdsmarkedsafdelingen"),
    ("situation", "arbejdsmarkedssituation"),
    ("udvalget", "arbejdsmarkedsudvalget"),
    ("plads", "arbejdsplads"),
    ("pligt", "arbejdspligt"),
    ("styrelsen", "arbejdsskadestyrelsen"),
    ("finansieringen", "basisfinansieringen"),
    ("behandling", "behandlingspsykiatrien"),
    ("medarbejder", "beskæftigelsesmedarbejder"),
    ("ministeren", "beskæftigelsesministeren"),
    ("politiske", "beskæftigelsespolitiske"),
    ("reform", "beskæftigelsesreform"),
    ("bolig", "boligområder"),
    ("støtte", "boligstøtte"),
    ("borger", "borgerforløb"),
    ("inddragelse", "borgerinddragelse"),
    ("samtaler", "borgersamtaler"),
    ("service", "borgerservice"),
    ("afklaring", "brancheafklaring"),
    ("budget", "budgetforslag"),
    ("opfølgning", "budgetopfølgning"),
    ("proces", "budgetproces"),
    ("tilskud", "børnetilskud"),
    ("pandemien", "coronapandemien"),
    ("dagpenge", "dagpengemodtagere"),
    ("udgifter", "driftsudgifter"),
    ("mentorer", "erhvervsmentorer"),
    ("pension", "folkepension"),
    ("fleksjob", "fleksjobansatte"),
    ("ordning", "forsøgsordning"),
    ("ydelse", "forsørgelsesydelse"),
    ("ledige", "fuldtidsledige"),
    ("førtidspension", "førtidspensionssager"),
    ("planen", "handleplanen"),
]
# The Danish stemmer cuts these words otherwise alone than inside the compound
# ("arbejdspligt" -> "arbejdsp", "bolig" -> "bol", too short to stand for compounds).
KNOWN_MISSES = {"pligt", "bolig"}
# Found with exact words only (before compounds were searched; other inflections of
# the word in the same items): docs/SEARCH.md.
FOUND_EXACT_ONLY = 9


def item_text(item: AgendaItem) -> str:
    parts = [item.title]
    if not item.is_closed:
        parts += [item.recommendation, *(d.text for d in item.decisions.all())]
        for section in item.sections or []:
            parts += [str(section.get("heading") or ""), str(section.get("text") or "")]
        parts += [attachment.title for attachment in item.attachments.all()]
    return "\n".join(parts).replace("**", "")


@pytest.fixture
def seed_items(db) -> dict[int, str]:
    call_command("load_demo_data", stdout=StringIO())
    search.rebuild()  # the imports index on commit, which a test's transaction never reaches
    items = AgendaItem.objects.public().prefetch_related("decisions", "attachments")
    return {item.pk: item_text(item) for item in items}


def holding(texts: dict[int, str], word: str) -> set[int]:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return {pk for pk, text in texts.items() if pattern.search(text)}


def only_compound(texts: dict[int, str], query: str, compound: str) -> set[int]:
    """The items holding the compound but not the query word on its own."""
    return holding(texts, compound) - holding(texts, query)


def found(query: str, expected: set[int], *, compounds: bool) -> bool:
    hits = search.search(query, limit=1000, snippets=False, compounds=compounds).hits
    return expected <= {hit.item_id for hit in hits}


def test_the_list_is_of_real_compounds(seed_items):
    assert len(COMPOUND_QUERIES) >= 40
    for query, compound in COMPOUND_QUERIES:
        assert compound.startswith(query) or compound.endswith(query), (query, compound)
        assert only_compound(seed_items, query, compound), f"{compound} alone in no item"
        assert holding(seed_items, query), f"{query} does not occur on its own in the seeds"


def test_every_compound_query_finds_its_compounds(seed_items):
    def found_with(compounds: bool) -> list[str]:
        return [
            query
            for query, compound in COMPOUND_QUERIES
            if found(query, only_compound(seed_items, query, compound), compounds=compounds)
        ]

    before, after = found_with(compounds=False), found_with(compounds=True)

    assert after == [query for query, _c in COMPOUND_QUERIES if query not in KNOWN_MISSES]
    assert len(before) == FOUND_EXACT_ONLY, before


@pytest.mark.django_db
def test_exact_matches_rank_above_compounds_and_phrases_stay_exact():
    meeting = make_meeting()
    compound = make_item(meeting=meeting, number=1, title="Nye rygestopkurser i kommunen")
    exact = make_item(meeting=meeting, number=2, title="Rygestop for ansatte")
    ending = make_item(meeting=meeting, number=3, title="Den samlede beskæftigelsesindsats")
    alone = make_item(meeting=meeting, number=4, title="Indsats for unge")
    assert search.index_meeting(meeting.pk)

    def hits(query: str, **options) -> list[int]:
        return [hit.item_id for hit in search.search(query, **options).hits]

    assert hits("rygestop") == [exact.pk, compound.pk]
    assert hits("indsats") == [alone.pk, ending.pk]
    assert hits("rygestop", compounds=False) == [exact.pk]
    # A phrase or a quoted word is exact; an exclusion excludes the word, not its compounds.
    assert hits('"rygestop for ansatte"') == [exact.pk]
    assert hits('"rygestop"') == [exact.pk]
    assert hits("rygestop -ansatte") == [compound.pk]
    assert hits("indsats -beskæftigelsesindsats") == [alone.pk]
    # Too short to stand for its compounds.
    assert hits("ny") == []
