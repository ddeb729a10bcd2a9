"""Query counts of the public pages: they must not grow with the rows shown.

Each page is measured with a few rows and with many; the count is asserted
exactly, so an N+1 (a link or a decision read per row) fails the test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from minutes.models import SourceDocument
from tests.factories import (
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)

pytestmark = pytest.mark.django_db


def make_rows(count: int) -> list:
    """``count`` meetings in two municipalities and committees, each with two decided items."""
    committees = [
        make_committee(),
        make_committee(
            municipality=make_municipality(name="Lemvig Kommune", slug="lemvig-kommune"),
            name="Økonomiudvalget",
            slug="oekonomiudvalget",
        ),
    ]
    meetings = []
    for index in range(count):
        meeting = make_meeting(
            committee=committees[index % 2], date=dt.date(2025, 1, 1) + dt.timedelta(days=index)
        )
        for number in (1, 2):
            item = make_item(meeting=meeting, number=number, case_number="15.00.00-A00-1-25")
            make_decision(agenda_item=item)
            make_decision(agenda_item=item, position=1, is_current=False, committee_name="Byrådet")
            make_attachment(agenda_item=item)
        meetings.append(meeting)
    return meetings


def document_for(meeting) -> SourceDocument:
    return SourceDocument.objects.create(
        file="sources/x.txt",
        original_name="referat.txt",
        sha256="0" * 64,
        size=1,
        status=SourceDocument.Status.IMPORTED,
        meeting=meeting,
    )


# (url, queries): the page's fixed cost, whatever the number of rows.
# The filtered lists: the meetings' last change (the stamp of the cached filter
# choices), the capped count, the page (on /punkter/ with its decisions); with udvalg,
# its committee ids (resolved first so the index applies). The first request after
# a change also reads the kommune and udvalg choices (FILTERED_LIST_PAGES). The home,
# kommune and udvalg pages read their coming meetings (agendas) in one query more.
LIST_PAGES = [
    ("/", 3),
    ("/punkter/", 3),
    ("/punkter/?kommune=herning-kommune&udvalg=beskaeftigelsesudvalget&fra=2025-01-01", 4),
    ("/moeder/", 3),
    ("/moeder/?udvalg=oekonomiudvalget", 4),
    ("/moeder/?sagsnummer=15.00", 3),
    ("/kommuner/", 1),
    ("/kommuner/herning-kommune/", 4),
    ("/kommuner/herning-kommune/beskaeftigelsesudvalget/", 4),
]


FILTERED_LIST_PAGES = [url for url, _ in LIST_PAGES if url.startswith(("/punkter/", "/moeder/"))]


@pytest.mark.parametrize(("url", "queries"), LIST_PAGES)
@pytest.mark.parametrize("rows", [2, 30])
def test_list_page_queries_do_not_grow_with_rows(
    client, django_assert_num_queries, url, queries, rows
):
    make_rows(rows)
    if url in FILTERED_LIST_PAGES:
        client.get(url)  # the filter choices into the cache
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", FILTERED_LIST_PAGES)
def test_filter_choices_are_read_again_after_a_meeting_changes(
    client, django_assert_num_queries, url
):
    meetings = make_rows(2)
    queries = dict(LIST_PAGES)[url]
    # The choices (2 queries), and on /punkter/ the facets' table and committee slugs (2).
    cold = queries + 2 + (2 if url.startswith("/punkter/") else 0)
    with django_assert_num_queries(cold):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    meetings[0].save()  # moves updated_at: the stamp changes
    with django_assert_num_queries(cold):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("items", [2, 25])
def test_meeting_page_queries_do_not_grow_with_items(client, django_assert_num_queries, items):
    meeting = make_meeting()
    for number in range(1, items + 1):
        make_decision(agenda_item=make_item(meeting=meeting, number=number))
    document_for(meeting)
    url = meeting.get_absolute_url()
    # The meeting, its items, their decisions, the source document.
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 12])
def test_item_page_queries_do_not_grow_with_decisions_and_attachments(
    client, django_assert_num_queries, rows
):
    item = make_item()
    make_decision(agenda_item=item)
    for position in range(1, rows + 1):
        make_decision(
            agenda_item=item, position=position, is_current=False, date=dt.date(2025, 1, position)
        )
        make_attachment(agenda_item=item, position=position, title=f"Bilag {position}")
    document_for(item.meeting)
    url = item.get_absolute_url()
    # The item with meeting, municipality and committee; decisions; attachments; source.
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_case_page_queries_do_not_grow_with_items(client, django_assert_num_queries, rows):
    make_rows(rows)
    url = "/kommuner/herning-kommune/sager/15.00.00-A00-1-25/"
    # The municipality, the items with their meetings, their decisions.
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
