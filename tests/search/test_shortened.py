"""search.shortened and the template filter ``shorten``: list-row decisions cut at words."""

import pytest
from django.template import Context, Template

from minutes.search import shortened
from minutes.search.snippets import SNIPPET_STRETCH
from tests.helpers import HERNING

LONG = (
    "Godkendt som indstillet. Udvalget bad desuden administrationen om at vende tilbage med en "
    "samlet plan for beskæftigelsesindsatsen i 2027, herunder de økonomiske konsekvenser af de "
    "foreslåede besparelser på området for forsikrede ledige og sygedagpengemodtagere, senest "
    "på mødet i marts, og om en status på rekrutteringen."
)


def test_a_short_text_is_shown_whole_on_one_line():
    assert shortened("Godkendt.\n\nFraværende: Ingen", 260) == "Godkendt. Fraværende: Ingen"


def test_a_long_sentence_is_cut_after_the_last_whole_word():
    assert shortened(LONG, 100) == (
        "Godkendt som indstillet. Udvalget bad desuden administrationen om at vende tilbage "
        "med en samlet …"
    )


def test_a_sentence_that_ends_within_reach_is_kept_whole():
    assert shortened(LONG, 20) == "Godkendt som indstillet. …"
    assert shortened("Godkendt som indstillet.", 20) == "Godkendt som indstillet."


def test_the_last_whole_sentence_within_the_length_is_preferred_to_a_word():
    text = "Sagen blev drøftet grundigt. " + "Udvalget ønsker en ny sag om emnet " * 5
    assert shortened(text, 40) == "Sagen blev drøftet grundigt. …"


def test_a_word_longer_than_the_stretch_is_cut_where_the_stretch_ends():
    text = "Ord " + "ø" * 300
    assert shortened(text, 20) == "Ord " + "ø" * (20 + SNIPPET_STRETCH - 4) + " …"


@pytest.mark.parametrize("length", range(40, 400, 7))
def test_no_cut_ever_splits_a_word_of_a_real_decision(length):
    text = HERNING.read_text(encoding="utf-8")[3000:4500]
    one_line = " ".join(text.split())
    cut = shortened(text, length)
    kept = cut.removesuffix(" …")
    assert one_line.startswith(kept)
    assert one_line[len(kept) : len(kept) + 1] in {"", " "}
    assert len(kept) <= length + SNIPPET_STRETCH
    assert len(kept) >= length // 2


def test_the_filter_escapes_the_text():
    template = Template("{% load search_tags %}{{ text|shorten:30 }}")
    html = template.render(Context({"text": "<script>alert(1)</script> " + "ord " * 50}))
    assert html.startswith("&lt;script&gt;alert(1)&lt;/script&gt; ord")
    assert "<script>" not in html
    assert (
        Template("{% load search_tags %}{{ text|shorten:30 }}").render(Context({"text": None}))
        == ""
    )
