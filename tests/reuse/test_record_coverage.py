"""The "Dækning" page (minutes/reuse/record_coverage.py): what is here per kommune and udvalg."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from minutes import search
from minutes.models import Meeting, SourceDocument
from minutes.reuse.record_coverage import figures_per_municipality as coverage
from minutes.slugs import danish_slugify
from tests.factories import make_committee, make_item, make_meeting, make_municipality


def figures(rows) -> dict[tuple[str, str], tuple]:
    return {
        (municipality.name, committee.name): (
            committee.meeting_count,
            committee.item_count,
            committee.first_meeting,
            committee.last_meeting,
        )
        for municipality in rows
        for committee in municipality.committees
    }


@pytest.mark.django_db
def test_coverage_of_the_seeds(client):
    call_command("load_demo_data", stdout=StringIO())
    rows = coverage()
    assert len(rows) == 98
    assert [municipality.name for municipality in rows if municipality.committees] == [
        "Herning Kommune",
        "Holstebro Kommune",
        "Lemvig Kommune",
        "Vesthimmerlands Kommune",
    ]
    assert figures(rows) == {
        ("Herning Kommune", "Beskæftigelsesudvalget"): (
            1,
            9,
            dt.date(2026, 1, 13),
            dt.date(2026, 1, 13),
        ),
        ("Holstebro Kommune", "Arbejdsmarkedsudvalget"): (
            1,
            13,
            dt.date(2025, 6, 10),
            dt.date(2025, 6, 10),
        ),
        ("Lemvig Kommune", "Kommunalbestyrelsen"): (
            1,
            1,
            dt.date(2025, 12, 16),
            dt.date(2025, 12, 16),
        ),
        ("Vesthimmerlands Kommune", "Beskæftigelsesudvalget"): (
            2,
            28,
            dt.date(2022, 5, 31),
            dt.date(2026, 5, 5),
        ),
    }
    (vesthimmerland,) = [row for row in rows if row.name == "Vesthimmerlands Kommune"]
    last_upload = SourceDocument.objects.filter(
        meeting__municipality__slug="vesthimmerlands-kommune"
    ).latest("uploaded_at")
    assert vesthimmerland.committees[0].last_import == last_upload.uploaded_at
    assert vesthimmerland.meeting_count == 2
    assert vesthimmerland.item_count == 28

    response = client.get("/daekning/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Dækning</h1>" in html
    assert "<strong>4 af 98 kommuner</strong> har referater her." in html
    assert '<a href="/kommuner/vesthimmerlands-kommune/beskaeftigelsesudvalget/">' in html
    assert "<td>2022-05-31</td>" in html
    assert "<td>2026-05-05</td>" in html


@pytest.mark.django_db
def test_only_public_rows_count():
    committee = make_committee()
    meeting = make_meeting(committee=committee, date=dt.date(2026, 1, 13))
    make_item(meeting=meeting, number=1)
    make_item(meeting=meeting, number=2, is_published=False)
    make_item(meeting=meeting, number=3, is_withdrawn=True)
    hidden = make_meeting(committee=committee, date=dt.date(2026, 3, 3), is_published=False)
    make_item(meeting=hidden, number=1)
    (row,) = [municipality for municipality in coverage() if municipality.committees]
    assert figures([row]) == {
        ("Herning Kommune", "Beskæftigelsesudvalget"): (
            1,
            1,
            dt.date(2026, 1, 13),
            dt.date(2026, 1, 13),
        )
    }
    # Without an upload on record, the meeting row's creation is the import time.
    assert row.committees[0].last_import == Meeting.objects.get(pk=meeting.pk).created_at


@pytest.mark.django_db
def test_a_committee_without_meetings_shows_as_missing(client):
    make_committee(name="Økonomiudvalget", slug="oekonomiudvalget")
    make_item()
    rows = coverage()
    assert figures(rows)[("Herning Kommune", "Økonomiudvalget")] == (0, 0, None, None)
    html = client.get("/daekning/").content.decode()
    assert '<tr class="missing">' in html
    assert "<strong>1 af 98 kommuner</strong>" in html


@pytest.mark.django_db
def test_empty_record(client):
    response = client.get("/daekning/")
    assert response.status_code == 200
    assert "Der er endnu ingen referater." in response.content.decode()


@pytest.mark.django_db
def test_coverage_page_queries_do_not_grow_with_committees(client, django_assert_num_queries):
    for index in range(12):
        municipality = make_municipality(name=f"Kommune {index:02}", slug=f"kommune-{index:02}")
        for name in ("Økonomiudvalget", "Byrådet"):
            committee = make_committee(
                municipality=municipality, name=name, slug=danish_slugify(name)
            )
            make_item(meeting=make_meeting(committee=committee))
    # The data stamp (meetings' last change, newest import), then the municipalities,
    # the committees with their meeting figures, and the facets' count table (its
    # stamp, the counts, the committees' slugs).
    with django_assert_num_queries(7):
        response = client.get("/daekning/")
    assert response.content.decode().count("<tbody>") == 98 + 12
    # Until the data changes, only the stamp is read; the table comes from the cache.
    with django_assert_num_queries(2):
        cached = client.get("/daekning/")
    assert cached.content == response.content


@pytest.mark.django_db
def test_an_import_is_counted_at_once(client):
    committee = make_committee()
    make_item(meeting=make_meeting(committee=committee, date=dt.date(2026, 1, 13)))
    assert '<td class="number">1</td>' in client.get("/daekning/").content.decode()

    make_item(meeting=make_meeting(committee=committee, date=dt.date(2026, 2, 3)))
    html = client.get("/daekning/").content.decode()
    assert '<td class="number">2</td>' in html
    assert "<td>2026-02-03</td>" in html


@pytest.mark.django_db
def test_unpublishing_a_meeting_is_counted_at_once(client):
    committee = make_committee()
    make_item(meeting=make_meeting(committee=committee, date=dt.date(2026, 1, 13)))
    meeting = make_meeting(committee=committee, date=dt.date(2026, 2, 3))
    make_item(meeting=meeting)
    assert "<td>2026-02-03</td>" in client.get("/daekning/").content.decode()

    # As the admin's unpublish action does: update(), then the re-index stamps updated_at.
    Meeting.objects.filter(pk=meeting.pk).update(is_published=False)
    search.reindex_on_commit([meeting.pk])
    assert "<td>2026-02-03</td>" not in client.get("/daekning/").content.decode()


@pytest.mark.django_db
def test_a_new_upload_is_counted_at_once(client):
    meeting = make_meeting()
    make_item(meeting=meeting)
    # Loaded without an upload a year ago: that is its import time until the upload.
    Meeting.objects.filter(pk=meeting.pk).update(created_at=timezone.now() - dt.timedelta(days=365))
    before = client.get("/daekning/").content.decode()
    uploaded = SourceDocument.objects.create(
        file="sources/x.txt",
        original_name="referat.txt",
        sha256="0" * 64,
        size=1,
        status=SourceDocument.Status.UNCHANGED,
        meeting=meeting,
    )
    local = timezone.localtime(uploaded.uploaded_at).strftime("%Y-%m-%d %H:%M")
    assert f"<td>{local}</td>" not in before
    assert f"<td>{local}</td>" in client.get("/daekning/").content.decode()
