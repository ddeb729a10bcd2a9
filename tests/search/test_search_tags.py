"""minutes/templatetags/search_tags.py: the highlight filter escapes before it marks."""

import pytest
from django.template import Context, Template

from minutes import search
from tests.factories import make_item

pytestmark = pytest.mark.django_db


def render(snippet: str) -> str:
    template = Template("{% load search_tags %}{{ snippet|highlight }}")
    return template.render(Context({"snippet": snippet}))


def test_markers_become_mark_tags():
    snippet = f"Der skal findes {search.MARK_START}besparelser{search.MARK_END}."

    assert render(snippet) == "Der skal findes <mark>besparelser</mark>."


def test_script_in_a_document_is_escaped_in_the_highlighted_excerpt():
    item = make_item(
        sections=[
            {"heading": "", "text": "Budget <script>alert('x')</script> <mark>ikke</mark> i dag"}
        ]
    )
    search.index_meeting(item.meeting_id)
    [hit] = search.search("budget").hits

    html = render(hit.snippet)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;mark&gt;ikke&lt;/mark&gt;" in html
    assert html.startswith("<mark>Budget</mark>")
    assert html.count("<mark>") == 1
