"""Document text on the pages: the light-markup filter, and escaping everywhere.

Nothing in an uploaded file may become HTML on the site: the filter escapes
first and builds its own tags; every other field is autoescaped.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template

from minutes.templatetags.minutes_tags import is_web_url, light_markup
from tests.factories import make_attachment, make_decision, make_item

SCRIPT = "<script>alert('x')</script>"


def test_paragraphs_are_split_on_blank_lines_and_lines_kept():
    assert light_markup("Første linje\nanden linje\n\nNyt afsnit") == (
        "<p>Første linje<br>anden linje</p>\n<p>Nyt afsnit</p>"
    )


def test_dash_and_bullet_lines_become_a_list():
    assert light_markup("Det indstilles, at:\n- a\n• b") == (
        "<p>Det indstilles, at:</p>\n<ul><li>a</li><li>b</li></ul>"
    )


def test_indented_list_lines_nest():
    text = "- at besparelsen fordeles:\n  - 1,9 mio. kr.\n  - 1,8 mio. kr.\n- at noget andet"
    assert light_markup(text) == (
        "<ul><li>at besparelsen fordeles:<ul><li>1,9 mio. kr.</li><li>1,8 mio. kr.</li></ul>"
        "</li><li>at noget andet</li></ul>"
    )


def test_a_deeper_jump_nests_one_level_and_closes_correctly():
    assert light_markup("- a\n      - b\n- c") == (
        "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"
    )


def test_table_rows_become_a_table_in_a_scroll_box():
    assert light_markup("| Ydelse | 979.932 |\n| I alt | 1.075.673 |") == (
        '<div class="table-scroll"><table>'
        "<tr><td>Ydelse</td><td>979.932</td></tr><tr><td>I alt</td><td>1.075.673</td></tr>"
        "</table></div>"
    )


def test_a_dash_inside_a_sentence_is_not_a_list():
    assert light_markup("SEK/SL/BF - AMU") == "<p>SEK/SL/BF - AMU</p>"


@pytest.mark.parametrize("text", ["", None])
def test_nothing_renders_nothing(text):
    assert light_markup(text) == ""


@pytest.mark.parametrize(
    "text",
    [
        SCRIPT,
        f"- {SCRIPT}",
        f"| {SCRIPT} | <b>x</b> |",
        f"a\n\n  - {SCRIPT}\n<img src=x onerror=alert(1)>",
    ],
)
def test_markup_escapes_document_text(text):
    html = light_markup(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;" in html


def test_filter_output_is_not_escaped_twice_in_a_template():
    html = Template("{% load minutes_tags %}{{ text|light_markup }}").render(
        Context({"text": "- a & b"})
    )
    assert html == "<ul><li>a &amp; b</li></ul>"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.dk/bilag.pdf", True),
        ("HTTP://example.dk/", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.dk", False),
        ("", False),
        (None, False),
    ],
)
def test_only_web_links_are_links(url, expected):
    assert is_web_url(url) is expected


@pytest.mark.django_db
def test_document_text_stays_escaped_on_every_page(client):
    item = make_item(
        title=f"Titel {SCRIPT}",
        case_number="15.00.00-A00-1-25",
        case_officer=SCRIPT,
        recommendation=f"- at {SCRIPT}",
        sections=[{"heading": SCRIPT, "text": f"Tekst {SCRIPT}\n\n| {SCRIPT} | 1 |"}],
    )
    item.meeting.location = SCRIPT
    item.meeting.participants = [SCRIPT]
    item.meeting.save()
    make_decision(agenda_item=item, text=SCRIPT, absent=[SCRIPT])
    make_decision(
        agenda_item=item, position=1, is_current=False, committee_name=SCRIPT, text=SCRIPT
    )
    make_attachment(agenda_item=item, title=SCRIPT, url="javascript:alert(1)")
    urls = [
        item.get_absolute_url(),
        item.meeting.get_absolute_url(),
        item.get_case_url(),
        "/punkter/",
        "/moeder/",
        "/",
        "/punkter/?sagsnummer=" + SCRIPT,
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert 'href="javascript:' not in html, url
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
        in client.get(item.get_absolute_url()).content.decode()
    )
