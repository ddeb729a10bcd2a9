"""sitemap.xml: sections paged by primary-key ranges, the index without reading every row."""

import datetime as dt
import re

import pytest

from minutes.models import AgendaItem, Meeting
from minutes.public.sitemaps import KeyRangeSitemap
from tests.factories import make_committee, make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_per_page(monkeypatch):
    monkeypatch.setattr(KeyRangeSitemap, "limit", 3)


def locations(response) -> list[str]:
    return re.findall(r"<loc>http://testserver([^<]*)</loc>", response.content.decode())


def test_every_public_item_is_on_exactly_one_page_of_its_id_block(client, three_per_page):
    meeting = make_meeting()
    items = [make_item(meeting=meeting, number=number) for number in range(1, 9)]
    hidden = items[4]
    AgendaItem.objects.filter(pk=hidden.pk).update(is_published=False)

    pages = [locations(client.get(f"/sitemap-punkter.xml?p={page}")) for page in (1, 2, 3)]

    low = items[0].pk
    expected = [
        [item.get_absolute_url() for item in items if block * 3 <= item.pk - low < block * 3 + 3]
        for block in range(3)
    ]
    expected[1].remove(hidden.get_absolute_url())
    assert pages == expected
    assert client.get("/sitemap-punkter.xml?p=4").status_code == 404
    assert client.get("/sitemap-punkter.xml?p=x").status_code == 404


def test_index_lists_each_page_with_the_newest_change(client, three_per_page):
    meeting = make_meeting()
    for number in range(1, 8):
        make_item(meeting=meeting, number=number)

    index = client.get("/sitemap.xml").content.decode()

    assert locations(client.get("/sitemap.xml")) == [
        "/sitemap-moeder.xml",
        "/sitemap-punkter.xml",
        "/sitemap-punkter.xml?p=2",
        "/sitemap-punkter.xml?p=3",
    ]
    meeting.refresh_from_db()
    assert index.count(f"<lastmod>{meeting.updated_at.date().isoformat()}") == 4


def test_index_queries_do_not_grow_with_the_rows(client, three_per_page, django_assert_num_queries):
    meeting = make_meeting()
    for number in range(1, 31):
        make_item(meeting=meeting, number=number)

    # Per section: the id bounds and the newest change.
    with django_assert_num_queries(4):
        response = client.get("/sitemap.xml")

    assert response.content.decode().count("<sitemap>") == 1 + 10


def test_an_empty_site_has_one_empty_page_per_section(client):
    assert client.get("/sitemap-punkter.xml").status_code == 200
    assert locations(client.get("/sitemap-punkter.xml")) == []


def test_every_link_is_the_one_reverse_gives(client, django_assert_num_queries):
    """The halves around one reversed placeholder give each row's own URL."""
    committee = make_committee(name="Udvalg 2000", slug="udvalg-2000-0")
    first = make_meeting(committee=committee, date=dt.date(2020, 1, 10))
    second = make_meeting(committee=committee, date=dt.date(2020, 1, 10), sequence=2)
    other = make_meeting(date=dt.date(2026, 1, 13))
    items = [
        make_item(meeting=meeting, number=number)
        for meeting in (first, second, other)
        for number in (1, 10, 100)
    ]
    # The rows of one page, read at once; no query per row.
    with django_assert_num_queries(2):
        items_page = locations(client.get("/sitemap-punkter.xml"))
    with django_assert_num_queries(2):
        meetings_page = locations(client.get("/sitemap-moeder.xml"))
    assert items_page == [item.get_absolute_url() for item in items]
    assert meetings_page == [
        Meeting.objects.select_related("municipality", "committee").get(pk=m.pk).get_absolute_url()
        for m in (first, second, other)
    ]
    assert "/udvalg-2000-0/2020-01-10-2/punkt-100/" in items_page[5]
