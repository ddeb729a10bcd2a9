"""Paging a list at any depth: numbered pages up to the count's cap, then by cursor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from minutes.models import AgendaItem, Meeting
from minutes.public.pagination import CappedPaginator, Keyset
from tests.factories import make_committee, make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_items() -> list[AgendaItem]:
    """23 items over ties of every ordering key: same date, same meeting, two a day."""
    committees = [make_committee(), make_committee(name="Økonomiudvalget", slug="oekonomi")]
    items = []
    for day in range(4):
        for committee in committees:
            meeting = make_meeting(committee=committee, date=dt.date(2026, 1, 1 + day))
            for number in range(3 if day else 2):
                items.append(make_item(meeting=meeting, number=number + 1))
    # A second meeting the same day in one committee.
    meeting = make_meeting(committee=committees[0], date=dt.date(2026, 1, 2), sequence=2)
    items.append(make_item(meeting=meeting, number=1))
    return items


def in_list_order() -> list[int]:
    queryset = AgendaItem.objects.public().newest_first()
    return list(queryset.values_list("pk", flat=True))


def paginator(per_page: int = 2, cap: int = 5) -> CappedPaginator:
    capped = CappedPaginator(AgendaItem.objects.public().for_listing().newest_first(), per_page)
    capped.cap = cap
    return capped


def walk_forward(capped: CappedPaginator) -> list:
    """Every page from page 1, as Næste leads: the numbered pages, then the cursors."""
    page = capped.page_for(QueryDict())
    pages = [page]
    while page.has_next():
        if page.next_cursor:
            page = capped.page_for(QueryDict(f"efter={page.next_cursor}"))
        else:
            page = capped.page_for(QueryDict(f"side={page.next_page_number()}"))
        pages.append(page)
    return pages


def test_next_links_visit_every_row_once_in_order(many_items):
    capped = paginator()
    assert capped.is_capped
    pages = walk_forward(capped)
    seen = [item.pk for page in pages for item in page.object_list]
    assert seen == in_list_order()
    # Two numbered pages (cap 5, 2 a page), then by cursor.
    assert [page.is_cursor_page for page in pages[:3]] == [False, False, True]
    assert all(len(page.object_list) == 2 for page in pages[:-1])


def test_previous_links_lead_back_to_the_first_page(many_items):
    capped = paginator()
    last = walk_forward(capped)[-1]
    page, seen = last, list(last.object_list)
    while page.is_cursor_page:
        page = capped.page_for(QueryDict(f"foer={page.previous_cursor}"))
        seen[:0] = page.object_list
    # Back at the start: the first numbered page, full.
    assert page.number == 1 and len(page.object_list) == 2
    assert [item.pk for item in seen][:2] == in_list_order()[:2]
    assert len({item.pk for item in seen}) == len(seen)
    assert {item.pk for item in seen} <= set(in_list_order())


def test_meetings_page_by_their_own_order(many_items):
    capped = CappedPaginator(Meeting.objects.public().for_listing(), 2)
    capped.cap = 2
    pages = walk_forward(capped)
    seen = [meeting.pk for page in pages for meeting in page.object_list]
    assert seen == list(Meeting.objects.public().values_list("pk", flat=True))
    assert capped.keyset.cursor(pages[0].object_list[0]).count("_") == 2


def test_cursor_pages_read_no_skipped_rows(many_items):
    capped = paginator()
    deep = walk_forward(capped)[-2]
    with CaptureQueriesContext(connection) as captured:
        page = capped.page_for(QueryDict(f"efter={deep.next_cursor}"))
        list(page.object_list)
    assert not any("OFFSET" in query["sql"].upper() for query in captured)


@pytest.mark.parametrize("cursor", ["", "x", "2026-01-01_1", "2026-13-01_1_1", "2026-01-01_a_1"])
def test_a_bad_cursor_shows_the_first_page(many_items, cursor):
    page = paginator().page_for(QueryDict(f"efter={cursor}"))
    assert page.number == 1
    assert [item.pk for item in page.object_list] == in_list_order()[:2]


def test_a_page_number_past_the_cap_shows_the_deepest_numbered_page(many_items):
    assert paginator().page_for(QueryDict("side=9999")).number == 2


def test_numbered_pages_read_the_rows_they_skip_as_ids_only(many_items):
    page = paginator().page_for(QueryDict("side=2"))
    assert [item.pk for item in page.object_list] == in_list_order()[2:4]


def test_keyset_needs_plain_columns():
    assert Keyset.of(AgendaItem.objects.order_by("meeting__date")) is None
    assert Keyset.of(AgendaItem.objects.order_by("?")) is None
    assert [field.attname for field, _ in Keyset.of(Meeting.objects.all()).fields] == [
        "date",
        "sequence",
        "id",
    ]


def test_item_list_links_onwards_by_cursor(client, many_items, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 20)
    html = client.get("/punkter/").content.decode()
    assert "Mere end 20 punkter" in html
    # 20 a page and a cap of 20: one numbered page, then by cursor.
    assert 'rel="next" href="?efter=' in html
    cursor = html.split('rel="next" href="?efter=')[1].split('"')[0]
    response = client.get(f"/punkter/?efter={cursor}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Længere nede i listen" in html
    assert 'rel="prev" href="?foer=' in html
    assert len(response.context["object_list"]) == len(many_items) - 20


def test_meeting_list_keeps_its_filters_on_cursor_links(client, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 20)
    committee = make_committee()
    for day in range(25):
        make_meeting(committee=committee, date=dt.date(2025, 1, 1) + dt.timedelta(days=day))
    html = client.get("/moeder/?kommune=herning-kommune").content.decode()
    assert 'rel="next" href="?kommune=herning-kommune&amp;efter=' in html
    cursor = html.split("efter=")[1].split('"')[0]
    assert cursor == "2025-01-06_1_" + str(Meeting.objects.get(date="2025-01-06").pk)
    response = client.get(f"/moeder/?kommune=herning-kommune&efter={cursor}")
    assert [meeting.date.day for meeting in response.context["object_list"]] == [5, 4, 3, 2, 1]
