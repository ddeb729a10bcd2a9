"""Coming meetings: an agenda ahead shows as "Kommende møder"; its referat fills it in."""

import datetime as dt

import pytest

from minutes.models import Meeting
from tests.coming import coming_date, import_document, meeting_document
from tests.factories import make_committee, make_item, make_meeting

pytestmark = pytest.mark.django_db

HOME = "/"
KOMMUNE = "/kommuner/herning-kommune/"
UDVALG = "/kommuner/herning-kommune/beskaeftigelsesudvalget/"


def section(html: str, heading_id: str) -> str:
    """The <section> whose heading has this id ("" if the page has none)."""
    start = html.find(f'aria-labelledby="{heading_id}"')
    if start < 0:
        return ""
    return html[start : html.index("</section>", start)]


@pytest.fixture
def agenda():
    """A held meeting's referat, and the agenda of one 30 days ahead, through the import."""
    import_document(
        meeting_document(date=dt.date(2026, 1, 13), title="REFERAT", decision="Godkendt."),
        "referat-januar.txt",
    )
    import_document(meeting_document(date=coming_date()), "dagsorden.txt")
    return Meeting.objects.get(kind=Meeting.Kind.AGENDA)


@pytest.mark.parametrize("url", [HOME, KOMMUNE, UDVALG])
def test_agenda_ahead_is_a_coming_meeting_not_a_latest_one(client, agenda, url):
    html = client.get(url).content.decode()
    coming = section(html, "coming-heading")
    assert '<h2 id="coming-heading">Kommende møder</h2>' in coming
    assert f'href="{agenda.get_absolute_url()}"' in coming
    assert '<span class="tag tag--agenda">Dagsorden</span>' in coming
    held = section(html, "latest-heading") or section(html, "meetings-heading")
    assert "/2026-01-13/" in held
    assert agenda.get_absolute_url() not in held


@pytest.mark.parametrize("url", [HOME, KOMMUNE, UDVALG])
def test_no_coming_block_without_agendas(client, url):
    make_item(meeting=make_meeting(date=dt.date(2026, 1, 13)))
    html = client.get(url).content.decode()
    assert "Kommende møder" not in html


def test_agenda_of_a_meeting_in_another_committee_is_not_on_this_committees_page(client, agenda):
    make_committee(name="Økonomiudvalget", slug="oekonomiudvalget")
    make_meeting(
        committee=make_committee(name="Økonomiudvalget", slug="oekonomiudvalget"),
        date=coming_date(5),
        kind=Meeting.Kind.AGENDA,
    )
    html = client.get(UDVALG).content.decode()
    assert "/oekonomiudvalget/" not in section(html, "coming-heading")
    assert agenda.get_absolute_url() in section(html, "coming-heading")


def test_coming_meetings_nearest_first_and_past_agendas_not_coming(client):
    later = make_meeting(date=coming_date(20), kind=Meeting.Kind.AGENDA)
    sooner = make_meeting(date=coming_date(2), kind=Meeting.Kind.AGENDA)
    past = make_meeting(date=dt.date(2026, 1, 13), kind=Meeting.Kind.AGENDA)
    html = client.get(HOME).content.decode()
    coming = section(html, "coming-heading")
    assert coming.index(sooner.get_absolute_url()) < coming.index(later.get_absolute_url())
    # An agenda whose meeting is held and whose referat has not come: a meeting held.
    assert past.get_absolute_url() not in coming
    assert past.get_absolute_url() in section(html, "latest-heading")


def test_meeting_and_item_pages_of_an_agenda_say_the_referat_has_not_come(client, agenda):
    meeting_html = client.get(agenda.get_absolute_url()).content.decode()
    assert '<p class="notice">Dagsorden – referatet er ikke kommet endnu.</p>' in meeting_html
    assert '<p class="kicker">Dagsorden · Herning Kommune</p>' in meeting_html
    assert "Referatet er rettet" not in meeting_html
    assert "Hent den offentliggjorte dagsorden" in meeting_html
    item_html = client.get(agenda.items.get(number=1).get_absolute_url()).content.decode()
    assert '<p class="notice">Dagsorden – referatet er ikke kommet endnu.</p>' in item_html
    assert "Beslutningen kommer med referatet; det er ikke kommet endnu." in item_html
    assert "Referatet har ingen beslutning under dette punkt." not in item_html


def test_item_list_rows_of_an_agenda_say_the_decision_is_to_come(client, agenda):
    html = client.get("/punkter/?kommune=herning-kommune").content.decode()
    assert html.count("Beslutningen kommer med referatet.") == 2  # the agenda's two items
    assert html.count('<span class="row__label">Beslutning:</span> Godkendt.') == 2


def test_referat_fills_in_the_coming_meeting_at_the_same_urls(client, agenda):
    meeting_url = agenda.get_absolute_url()
    item_url = agenda.items.get(number=1).get_absolute_url()

    import_document(
        meeting_document(date=agenda.date, title="REFERAT", decision="Vedtaget."), "referat.txt"
    )

    meeting_html = client.get(meeting_url).content.decode()
    assert "Dagsorden – referatet er ikke kommet endnu" not in meeting_html
    assert "Referatet er rettet" not in meeting_html
    assert '<p class="kicker">Referat · Herning Kommune</p>' in meeting_html
    assert "Vedtaget." in meeting_html
    item_html = client.get(item_url).content.decode()
    assert "Vedtaget." in item_html
    assert "Referatet er rettet" not in item_html
    home = client.get(HOME).content.decode()
    assert "Kommende møder" not in home
    assert meeting_url in section(home, "latest-heading")


def test_corrected_referat_of_a_former_agenda_says_it_is_corrected(client, agenda):
    url = agenda.get_absolute_url()
    import_document(meeting_document(date=agenda.date, title="REFERAT", decision="A."), "r.txt")
    import_document(meeting_document(date=agenda.date, title="REFERAT", decision="B."), "r2.txt")
    assert "Referatet er rettet" in client.get(url).content.decode()


@pytest.mark.parametrize(("url", "queries"), [(HOME, 3), (KOMMUNE, 4), (UDVALG, 4)])
@pytest.mark.parametrize("coming", [1, 8])
def test_coming_meetings_cost_one_query_whatever_their_number(
    client, django_assert_num_queries, url, queries, coming
):
    make_meeting(date=dt.date(2026, 1, 13))
    for days in range(coming):
        make_meeting(date=coming_date(days + 1), kind=Meeting.Kind.AGENDA)
    with django_assert_num_queries(queries):
        html = client.get(url).content.decode()
    assert section(html, "coming-heading").count('class="row"') == coming


def test_meeting_api_tells_agenda_from_referat(client, agenda):
    response = client.get(f"/api/meetings/{agenda.pk}/").json()
    assert response["kind"] == "dagsorden"
    kinds = {row["date"]: row["kind"] for row in client.get("/api/meetings/").json()["results"]}
    assert kinds == {agenda.date.isoformat(): "dagsorden", "2026-01-13": "referat"}


def test_api_schema_lists_the_two_kinds(client):
    schema = client.get("/api/schema/").content.decode()
    assert "- dagsorden" in schema and "- referat" in schema
