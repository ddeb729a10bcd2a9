"""sitemap.xml: sections paged by primary-key ranges, the index without reading every row."""

import re

import pytest

from minutes.models import AgendaItem
from minutes.public.sitemaps import KeyRangeSitemap
from tests.factories import make_item, make_meeting

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
