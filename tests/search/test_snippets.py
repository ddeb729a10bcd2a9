"""minutes/search/snippets.py: the excerpt under a hit, in whole sentences."""

import re

import pytest

from minutes import search
from minutes.search.snippets import SNIPPET_STRETCH, whole_sentences
from tests.factories import make_decision, make_item

pytestmark = pytest.mark.django_db

M, E = search.MARK_START, search.MARK_END


def body(text: str) -> list[dict[str, str]]:
    return [{"heading": "Sagsfremstilling", "text": text}]


def snippet_of(query: str) -> str:
    [hit] = search.search(query).hits
    return hit.snippet


def plain(snippet: str) -> str:
    return snippet.replace(M, "").replace(E, "")


def test_a_short_decision_is_shown_whole_without_an_ellipsis():
    item = make_item(title="Budgetopfølgning")
    make_decision(agenda_item=item, text="Godkendt som indstillet.")
    search.index_meeting(item.meeting_id)

    assert snippet_of("indstillet") == f"Godkendt som {M}indstillet{E}."


def test_a_hit_in_the_title_alone_has_no_excerpt():
    # The row shows the title and the decision; an excerpt of the decision's
    # opening was cut mid-phrase ("Godkendt som …") and said nothing new.
    item = make_item(title="Budgetopfølgning", sections=body("Intet om det."))
    make_decision(agenda_item=item, text="Godkendt som indstillet.")
    search.index_meeting(item.meeting_id)

    assert snippet_of("budgetopfølgning") == ""


def test_a_case_number_query_has_no_excerpt():
    item = make_item(case_number="00.01.00-A00-7-25", sections=body("Lang tekst her."))
    search.index_meeting(item.meeting_id)

    assert snippet_of("00.01.00-A00-7-25") == ""


FILLER = (
    "Forvaltningen har gennemgået området og beskriver udviklingen i de seneste år "
    "for udvalget, som tidligere har drøftet sagen på flere møder. "
)


def test_a_match_deep_in_a_long_text_is_shown_in_its_whole_sentence():
    text = (
        FILLER * 6 + "Udvalget ønsker en ny orientering om ventelisterne i foråret. " + FILLER * 6
    )
    search.index_meeting(make_item(sections=body(text)).meeting_id)

    snippet = snippet_of("ventelisterne")

    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert f"Udvalget ønsker en ny orientering om {M}ventelisterne{E} i foråret." in snippet
    # Sentences whole: after the leading "…" a sentence starts, before the last one ends.
    inner = plain(snippet)[2:-2]
    assert inner[0].isupper()
    assert inner.endswith(".")
    assert inner in text


def test_abbreviations_and_numbers_do_not_end_a_sentence():
    text = "Punkt 1. Der henvises til bilag, jf. § 5 i loven, ca. kr. 10 mio. til indsatsen i alt."
    start = text.index("indsatsen")

    widened = whole_sentences(text, start, start + len("indsatsen"))

    assert text[slice(*widened)] == text.removeprefix("Punkt 1. ")


def test_a_line_break_ends_a_sentence():
    text = "Indstilling\nAt udvalget godkender planen\nBeslutning"
    start = text.index("godkender")

    widened = whole_sentences(text, start, start + len("godkender"))

    assert text[slice(*widened)] == "At udvalget godkender planen"


def test_a_sentence_longer_than_the_stretch_is_cut_between_words():
    words = [f"ord{number}" for number in range(200)]
    text = " ".join(words[:100]) + " budgettet " + " ".join(words[100:]) + "."
    search.index_meeting(make_item(sections=body(text)).meeting_id)

    snippet = snippet_of("budgettet")

    assert snippet.startswith("… ") and snippet.endswith(" …")
    shown = plain(snippet)[2:-2].split()
    assert all(word in words or word == "budgettet" for word in shown)
    assert len(" ".join(shown)) <= 200 + 2 * SNIPPET_STRETCH


def test_a_hit_through_a_compound_shows_and_marks_the_compound():
    text = FILLER * 3 + "Kommunen tilbyder rygestopkurser til borgerne. " + FILLER * 3
    search.index_meeting(make_item(sections=body(text)).meeting_id)

    snippet = snippet_of("rygestop")

    assert f"Kommunen tilbyder {M}rygestopkurser{E} til borgerne." in snippet


def test_a_compound_ending_with_the_word_is_marked_beside_the_exact_word():
    item = make_item(sections=body("Indsats for ledige."))
    make_decision(agenda_item=item, text="Beskæftigelsesindsats styrkes med en ny indsats.")
    search.index_meeting(item.meeting_id)

    assert snippet_of("indsats") == (
        f"{M}Beskæftigelsesindsats{E} styrkes med en ny {M}indsats{E}."
    )


def test_a_quoted_word_marks_no_compounds():
    item = make_item(sections=body("En indsats og en beskæftigelsesindsats."))
    search.index_meeting(item.meeting_id)

    assert (
        snippet_of('"indsats"') == f"Sagsfremstilling En {M}indsats{E} og en beskæftigelsesindsats."
    )


def test_every_excerpt_is_whole_words_of_the_text():
    sentences = [
        f"Punkt {n} om skolernes budget og {'daginstitutioner' if n % 3 else 'veje'} blev drøftet."
        for n in range(60)
    ]
    text = " ".join(sentences)
    search.index_meeting(make_item(sections=body(text)).meeting_id)
    text_words = set(text.split())

    for query in ("budget", "daginstitution", "veje", "skole", "drøftet"):
        snippet = plain(snippet_of(query))
        shown = re.sub(r"^… |\s…$", "", snippet)
        assert shown in text, query
        assert set(shown.split()) <= text_words, query
        assert shown.endswith("."), query
