"""The cache every worker shares (settings.CACHES), and the figures counted into it after a change.

Run with the database cache, as deployed by default (its table comes with the
migrations), on whichever database the suite runs on.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes import kommuner
from minutes.importing import changes
from minutes.importing.batch import import_file
from minutes.models import Meeting, Municipality
from minutes.public.facets import count_table, recount_table
from minutes.public.filters import change_stamp
from minutes.reuse.record_coverage import recount_coverage
from tests.factories import make_committee, make_item, make_meeting
from tests.helpers import HERNING, SEEDS, corrected_herning

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "minutes_cache",
    }
}

VESTHIMMERLAND = SEEDS / "000_59f6b2a94828c4c1.txt"


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = DATABASE_CACHE
    cache.clear()
    yield cache
    cache.clear()


def counts_of(html: str, name: str) -> str:
    """The row group of one kommune in the coverage table."""
    start = html.index(f">{name}<")
    return html[start : html.index("</tbody>", start)]


@pytest.mark.django_db
def test_the_database_cache_has_its_table(shared_cache):
    shared_cache.set("minutes:test", {"a": 1}, None)
    assert shared_cache.get("minutes:test") == {"a": 1}
    assert "minutes_cache" in connection.introspection.table_names()


@pytest.mark.django_db
def test_after_an_import_the_coverage_page_is_counted_already(
    client, shared_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(HERNING.read_bytes(), filename="002.txt", municipality="Herning Kommune")
    # The data stamp (two index lookups), the summary and the rendered table from the
    # cache: no count over the items, no committee query.
    with django_assert_num_queries(4):
        html = client.get("/daekning/").content.decode()
    assert "<strong>1 af 98 kommuner</strong>" in html
    assert '<td class="number">9</td>' in counts_of(html, "Herning Kommune")

    with django_capture_on_commit_callbacks(execute=True):
        import_file(
            VESTHIMMERLAND.read_bytes(), filename="000.txt", municipality="Vesthimmerlands Kommune"
        )
    with django_assert_num_queries(4):
        html = client.get("/daekning/").content.decode()
    assert "<strong>2 af 98 kommuner</strong>" in html
    assert '<td class="number">13</td>' in counts_of(html, "Vesthimmerlands Kommune")


@pytest.mark.django_db
def test_after_an_import_the_facet_table_is_counted_already(
    client, shared_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(HERNING.read_bytes(), filename="002.txt", municipality="Herning Kommune")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/punkter/?fra=2026-01-01&til=2026-12-31").content.decode()
    assert not [q["sql"] for q in queries.captured_queries if "GROUP BY" in q["sql"]]
    assert "Herning Kommune" in html
    rows = count_table(change_stamp()).rows
    assert sum(items for _, year, items in rows if year == 2026) == 9


@pytest.mark.django_db
def test_an_emptied_cache_is_counted_by_the_request(client, shared_cache):
    make_item(meeting=make_meeting(date=dt.date(2026, 1, 13)))
    recount_coverage()
    shared_cache.clear()
    html = client.get("/daekning/").content.decode()
    assert '<td class="number">1</td>' in counts_of(html, "Herning Kommune")
    # And kept: the next request reads it.
    assert client.get("/daekning/").content.decode() == html


@pytest.mark.django_db
def test_the_table_rendered_ahead_is_the_one_the_page_renders(client, shared_cache):
    committee = make_committee(name="Økonomiudvalget", slug="oekonomiudvalget")
    make_item(meeting=make_meeting(committee=committee))
    make_item()
    recount_coverage()
    ahead = client.get("/daekning/").content.decode()
    shared_cache.clear()
    rendered_by_the_page = client.get("/daekning/").content.decode()

    def without_time(html: str) -> str:
        return html[html.index("</h1>") : html.index("Optalt")] + html[html.index("<table") :]

    assert without_time(ahead) == without_time(rendered_by_the_page)


@pytest.mark.django_db
def test_a_deleted_meeting_is_counted_at_once(
    client, shared_cache, django_capture_on_commit_callbacks
):
    committee = make_committee()
    make_item(meeting=make_meeting(committee=committee, date=dt.date(2026, 1, 13)))
    gone = make_meeting(committee=committee, date=dt.date(2026, 2, 3))
    make_item(meeting=gone)
    assert "<td>2026-02-03</td>" in client.get("/daekning/").content.decode()
    # As the admin's delete does; the older meeting keeps the stamp where it was.
    with django_capture_on_commit_callbacks(execute=True):
        changes.meetings_deleted([gone.pk])
        gone.delete()
    assert "<td>2026-02-03</td>" not in client.get("/daekning/").content.decode()


@pytest.fixture
def kommuner_after_the_flush(django_db_blocker):
    """Requested before transactional_db: torn down after its flush, which emptied the
    table migration 0009 filled; later tests expect the 98 kommuner."""
    yield
    with django_db_blocker.unblock():
        for kommune in kommuner.all_kommuner():
            Municipality.objects.find_by_name(kommune.name)


# Real commits, as the command makes them.
def test_a_bulk_import_counts_once_at_its_end(
    kommuner_after_the_flush, transactional_db, monkeypatch, tmp_path
):
    counted = []
    monkeypatch.setattr(changes, "RECOUNTS", [*changes.RECOUNTS, lambda: counted.append(1)])
    # A meeting and its corrected version: two changes, one count.
    (tmp_path / "a.txt").write_bytes(HERNING.read_bytes())
    (tmp_path / "b.txt").write_bytes(corrected_herning())
    call_command("import_minutes", str(tmp_path), "--municipality", "Herning", stdout=StringIO())
    assert Meeting.objects.get().items.filter(is_withdrawn=True).count() == 1
    assert counted == [1]
    # One import outside a run counts at once.
    call_command(
        "import_minutes",
        str(tmp_path / "a.txt"),
        "--municipality",
        "Herning",
        "--date",
        "2026-02-03",
        stdout=StringIO(),
    )
    assert counted == [1, 1]


@pytest.mark.django_db
def test_a_failing_recount_leaves_the_import_saved(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken() -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr(changes, "RECOUNTS", [broken, recount_table])
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_file(
            HERNING.read_bytes(), filename="002.txt", municipality="Herning Kommune"
        )
    assert Meeting.objects.filter(pk=outcome.meeting.pk).exists()
    assert "cached figures not counted" in caplog.text
    # The recounts after the broken one still ran.
    assert cache.get(f"minutes:facet-table:2:{change_stamp()}") is not None


@pytest.mark.django_db
def test_every_kommune_is_listed_those_without_minutes_too(client):
    make_item()
    Municipality.objects.find_by_name("Aabenraa")  # its row, should a flush have taken it
    # A kommune whose row is gone (a flushed table) is still listed, without a link.
    Municipality.objects.filter(name="Ærø Kommune").delete()
    html = client.get("/daekning/").content.decode()
    assert html.count("<tbody>") == 98
    assert "Ingen referater endnu" in counts_of(html, "Aabenraa Kommune")
    assert "Ingen referater endnu" not in counts_of(html, "Herning Kommune")
    assert '<th scope="rowgroup">Ærø Kommune</th>' in html
    assert '<a href="/kommuner/aabenraa-kommune/">Aabenraa Kommune</a>' in html


@pytest.mark.django_db
def test_the_summary_read_on_every_request_carries_no_rows(shared_cache):
    make_item()
    summary = recount_coverage()
    assert summary.municipalities
    stored = shared_cache.get(f"minutes:coverage:2:{summary.stamp}")
    assert "municipalities" not in vars(stored)


@pytest.mark.django_db
def test_a_kommune_row_made_before_the_list_is_found_by_its_name(client):
    Municipality.objects.all().delete()
    # As the benchmarks' corpus and old data make them: no kommunekode.
    Municipality.objects.create(name="Herning Kommune", slug="herning-kommune")
    make_item()
    html = client.get("/daekning/").content.decode()
    assert html.count("<tbody>") == 98
    assert '<a href="/kommuner/herning-kommune/">Herning Kommune</a>' in html
    assert "Ingen referater endnu" not in counts_of(html, "Herning Kommune")


@pytest.mark.django_db
def test_a_committee_renamed_in_the_admin_is_counted_at_once(
    admin_client, client, shared_cache, django_capture_on_commit_callbacks
):
    committee = make_committee()
    make_item(meeting=make_meeting(committee=committee))
    assert "Beskæftigelsesudvalget" in client.get("/daekning/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/minutes/committee/{committee.pk}/change/",
            {
                "name": "Job- og beskæftigelsesudvalget",
                "municipality": committee.municipality_id,
                "slug": committee.slug,
            },
        )
    assert response.status_code == 302
    html = client.get("/daekning/").content.decode()
    assert "Job- og beskæftigelsesudvalget" in html
