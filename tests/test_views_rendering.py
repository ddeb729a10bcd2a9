"""The list rows' links and the filter form's options, built in Python for speed.

minutes_tags formats row links from one reversed prefix instead of calling
reverse() four times a row; these tests hold every such link equal to reverse(),
so a change in urls.py shows up here. The filter form's options are built by tags
instead of template loops; the tests check their markup and escaping.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from minutes.models import AgendaItem, Meeting
from minutes.templatetags.minutes_tags import item_links, meeting_links

from .factories import make_committee, make_item, make_meeting, make_municipality

pytestmark = pytest.mark.django_db

# Case numbers as they occur, plus characters reverse() must quote.
CASE_NUMBERS = ["15.00.00-A00-2-24", "2024/1234", "27.12.00 Ø54 æ", "a?b#c%d", "sag&nr=1+2", ""]


def _rows() -> list[AgendaItem]:
    committee = make_committee()
    second = make_meeting(committee=committee, date=dt.date(2026, 1, 13), sequence=2)
    first = make_meeting(committee=committee, date=dt.date(2026, 1, 13))
    for number, case_number in enumerate(CASE_NUMBERS, start=1):
        make_item(meeting=first, number=number, case_number=case_number)
    make_item(meeting=second, number=1, case_number="15.00.00-A00-2-24")
    return list(AgendaItem.objects.for_listing())


def _expected(item: AgendaItem) -> dict[str, str]:
    return {
        "municipality": item.municipality.get_absolute_url(),
        "committee": item.committee.get_absolute_url(),
        "item": item.get_absolute_url(),
        "case": item.get_case_url(),
    }


def test_item_links_equal_reverse():
    items = _rows()
    assert len(items) == len(CASE_NUMBERS) + 1
    for item in items:
        assert item_links(item) == _expected(item)


def test_meeting_links_equal_reverse():
    _rows()
    meetings = list(Meeting.objects.for_listing())
    assert {m.sequence for m in meetings} == {1, 2}
    for meeting in meetings:
        assert meeting_links(meeting) == {
            "municipality": reverse("minutes:municipality", args=[meeting.municipality.slug]),
            "meeting": meeting.get_absolute_url(),
        }


def test_links_keep_the_script_prefix():
    items = _rows()
    set_script_prefix("/referater/")
    try:
        for item in items:
            links = item_links(item)
            assert links == _expected(item)
            assert links["item"].startswith("/referater/kommuner/")
    finally:
        set_script_prefix("/")


def test_list_page_links_equal_reverse(client):
    items = _rows()
    html = client.get("/punkter/").content.decode()
    for item in items:
        for url in _expected(item).values():
            if url:
                assert f'href="{url}"' in html.replace("&amp;", "&")


@override_settings(ALLOWED_HOSTS=["*"])
def test_filter_options_are_escaped_and_keep_the_choice(client):
    make_municipality(name="Ærø <Kommune>", slug="aeroe-kommune")
    make_committee(name='Udvalg "A" & B', slug="udvalg-a-b")
    html = client.get("/moeder/?kommune=aeroe-kommune&udvalg=udvalg-a-b").content.decode()
    assert (
        '<label class="choice"><input type="checkbox" name="kommune" value="aeroe-kommune"'
        " checked> Ærø &lt;Kommune&gt;</label>"
    ) in html
    assert '<option value="udvalg-a-b" selected>Udvalg &quot;A&quot; &amp; B</option>' in html
    assert '<input type="checkbox" name="kommune" value="herning-kommune">' in html


def test_no_municipalities_yet(client):
    assert "<p>Ingen kommuner endnu.</p>" in client.get("/moeder/").content.decode()
