"""Atom feeds (minutes/reuse/feeds.py): entries, order, stable ids, filters, escaping, RFC 4287."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.contrib.syndication.views import Feed

from minutes import search
from minutes.importing.batch import import_file
from minutes.importing.demo import SEEDS_DIR
from minutes.models import AgendaItem
from minutes.reuse import feeds
from tests.factories import (
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SEED_002 = SEEDS_DIR / "002_4d730365fae17496.txt"


def parse_feed(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own output, in a test)


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def entry_ids(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}id") for entry in entries(feed)]


def entry_titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def assert_rfc4287(feed: ET.Element) -> None:
    """The elements RFC 4287 section 4.1 requires of a feed and of each entry."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in entries(feed):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None


@pytest.fixture
def two_municipalities():
    herning = make_committee()
    holstebro = make_committee(
        municipality=make_municipality(name="Holstebro Kommune", slug="holstebro-kommune"),
        name="Arbejdsmarkedsudvalget",
        slug="arbejdsmarkedsudvalget",
    )
    old = make_meeting(committee=herning, date=dt.date(2025, 3, 4))
    new = make_meeting(committee=herning, date=dt.date(2026, 1, 13))
    other = make_meeting(committee=holstebro, date=dt.date(2025, 6, 10))
    make_decision(agenda_item=make_item(meeting=old, number=1, title="Budget 2026"))
    make_item(meeting=new, number=1, title="Godkendelse af dagsorden")
    make_item(meeting=new, number=2, title="Fleksjob", case_number="15.00.00-A00-4-25")
    make_item(meeting=other, number=7, title="Ledighed", case_number="15.00.00-A00-4-25")
    return herning, holstebro


@pytest.mark.django_db
def test_item_feed_lists_public_items_newest_meeting_first(client, two_municipalities):
    feed = parse_feed(client.get("/feeds/punkter/"))
    assert_rfc4287(feed)
    assert entry_titles(feed) == [
        "Godkendelse af dagsorden (punkt 1)",
        "Fleksjob (punkt 2)",
        "Ledighed (punkt 7)",
        "Budget 2026 (punkt 1)",
    ]
    assert entry_ids(feed)[0] == (
        "http://testserver/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13/punkt-1/"
    )


@pytest.mark.django_db
def test_entry_has_meeting_date_and_decision(client, two_municipalities):
    feed = parse_feed(client.get("/feeds/punkter/?til=2025-05-01"))
    (entry,) = entries(feed)
    summary = entry.findtext(f"{ATOM}summary")
    assert "Beskæftigelsesudvalget, Herning Kommune, møde 2025-03-04" in summary
    assert "<p>Godkendt.</p>" in summary
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Beskæftigelsesudvalget, Herning Kommune"


@pytest.mark.django_db
def test_item_feed_honours_the_list_filters(client, two_municipalities):
    search.rebuild()  # q is the full-text search once the search index is in place
    by_municipality = parse_feed(client.get("/feeds/punkter/?kommune=holstebro-kommune"))
    assert entry_titles(by_municipality) == ["Ledighed (punkt 7)"]
    by_case = parse_feed(client.get("/feeds/punkter/?sagsnummer=15.00&kommune=herning-kommune"))
    assert entry_titles(by_case) == ["Fleksjob (punkt 2)"]
    by_dates = parse_feed(client.get("/feeds/punkter/?fra=2025-06-01&til=2025-12-31"))
    assert entry_titles(by_dates) == ["Ledighed (punkt 7)"]
    by_text = parse_feed(client.get("/feeds/punkter/?q=Budget"))
    assert entry_titles(by_text) == ["Budget 2026 (punkt 1)"]
    # The feed says which list it follows.
    assert by_municipality.findtext(f"{ATOM}id") == (
        "http://testserver/punkter/?kommune=holstebro-kommune"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("fra=2026-13-45", "Skriv datoen som åååå-mm-dd, fx 2026-01-13."),
        ("kommune=atlantis", "Ukendt kommune"),
        ("fra=2026-02-01&til=2026-01-01", "Til-datoen ligger før fra-datoen."),
    ],
)
def test_bad_parameters_are_a_danish_400(client, two_municipalities, query, message):
    response = client.get(f"/feeds/punkter/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


@pytest.mark.django_db
def test_municipality_committee_and_case_feeds(client, two_municipalities):
    herning = parse_feed(client.get("/feeds/kommuner/herning-kommune/"))
    assert_rfc4287(herning)
    assert herning.findtext(f"{ATOM}title") == "Herning Kommune"
    assert len(entries(herning)) == 3
    committee = parse_feed(client.get("/feeds/kommuner/holstebro-kommune/arbejdsmarkedsudvalget/"))
    assert_rfc4287(committee)
    assert entry_titles(committee) == ["Ledighed (punkt 7)"]
    # A case is one municipality's: the same number in Holstebro is another case.
    case = parse_feed(client.get("/feeds/kommuner/herning-kommune/sager/15.00.00-A00-4-25/"))
    assert_rfc4287(case)
    assert case.findtext(f"{ATOM}title") == "Sag 15.00.00-A00-4-25, Herning Kommune"
    assert entry_titles(case) == ["Fleksjob (punkt 2)"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/feeds/kommuner/atlantis/",
        "/feeds/kommuner/herning-kommune/ukendt-udvalg/",
        "/feeds/kommuner/herning-kommune/sager/99.99.99-A00-1-99/",
    ],
)
def test_unknown_subject_is_404(client, two_municipalities, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_unpublished_and_withdrawn_items_never_appear(client):
    meeting = make_meeting()
    make_item(meeting=meeting, number=1, title="Synlig")
    make_item(meeting=meeting, number=2, title="Afpubliceret", is_published=False)
    make_item(meeting=meeting, number=3, title="Udgået", is_withdrawn=True)
    hidden_meeting = make_meeting(date=dt.date(2026, 2, 3), is_published=False)
    make_item(meeting=hidden_meeting, number=1, title="I skjult møde")
    for url in ("/feeds/punkter/", "/feeds/kommuner/herning-kommune/"):
        assert entry_titles(parse_feed(client.get(url))) == ["Synlig (punkt 1)"]


@pytest.mark.django_db
def test_document_text_is_escaped(client):
    item = make_item(title='Vej & "sti" <b>fed</b>')
    make_decision(agenda_item=item, text="<script>alert('x')</script> & Co.")
    response = client.get("/feeds/punkter/")
    assert b"<script>" not in response.content
    (entry,) = entries(parse_feed(response))
    # The title is Atom text: the reader gets the characters back exactly.
    assert entry.findtext(f"{ATOM}title") == 'Vej & "sti" <b>fed</b> (punkt 1)'
    # The summary is Atom html: the text arrives HTML-escaped, so it shows and never runs.
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co." in summary.text
    assert "<script>" not in summary.text


@pytest.mark.django_db
def test_entry_ids_survive_a_corrected_reupload(client):
    original = SEED_002.read_bytes()
    import_file(original, filename="referat.txt", municipality="Herning Kommune")
    before = parse_feed(client.get("/feeds/kommuner/herning-kommune/"))
    updated_before = {
        entry.findtext(f"{ATOM}id"): entry.findtext(f"{ATOM}updated") for entry in entries(before)
    }
    corrected = original.replace(
        "Præsentationen foretaget og sagen drøftet.".encode(),
        "Præsentationen foretaget, og sagen blev drøftet <grundigt> & længe.".encode(),
    )
    assert corrected != original
    import_file(corrected, filename="referat-rettet.txt", municipality="Herning Kommune")

    after = parse_feed(client.get("/feeds/kommuner/herning-kommune/"))
    assert entry_ids(after) == entry_ids(before)
    assert len(entry_ids(after)) == AgendaItem.objects.count() == 9
    changed = [
        entry
        for entry in entries(after)
        if "drøftet &lt;grundigt&gt; &amp; længe." in entry.findtext(f"{ATOM}summary")
    ]
    assert len(changed) == 1
    entry_id = changed[0].findtext(f"{ATOM}id")
    assert changed[0].findtext(f"{ATOM}updated") > updated_before[entry_id]


@pytest.mark.django_db
def test_feed_queries_do_not_grow_with_entries(client, django_assert_num_queries):
    committee = make_committee()
    for day in range(1, 11):
        meeting = make_meeting(committee=committee, date=dt.date(2026, 1, day))
        for number in (1, 2, 3):
            make_decision(agenda_item=make_item(meeting=meeting, number=number))
    # The items, each with its decision in the same query.
    with django_assert_num_queries(1):
        feed = parse_feed(client.get("/feeds/punkter/"))
    assert len(entries(feed)) == 30
    assert all("<p>Godkendt.</p>" in e.findtext(f"{ATOM}summary") for e in entries(feed))
    # The filter's kommune choices (to validate the slug), the items.
    with django_assert_num_queries(2):
        assert len(entries(parse_feed(client.get("/feeds/punkter/?kommune=herning-kommune")))) == 30
    # Municipality lookup, items.
    with django_assert_num_queries(2):
        parse_feed(client.get("/feeds/kommuner/herning-kommune/"))
    make_item(meeting=meeting, number=4, case_number="15.00.00-A00-4-25")
    # Municipality lookup, items (an empty case is a 404 without another query).
    with django_assert_num_queries(2):
        parse_feed(client.get("/feeds/kommuner/herning-kommune/sager/15.00.00-A00-4-25/"))


@pytest.mark.django_db
def test_entry_links_are_the_items_permanent_links(client):
    committee = make_committee()
    first = make_meeting(committee=committee, date=dt.date(2026, 1, 13))
    second = make_meeting(committee=committee, date=dt.date(2026, 1, 13), sequence=2)
    items = [
        make_item(meeting=first, number=1, case_number="2024/1234"),
        make_item(meeting=first, number=12, case_number="27.12.00 Ø54 æ"),
        make_item(meeting=second, number=1),
    ]
    feed = parse_feed(client.get("/feeds/punkter/"))
    expected = {f"http://testserver{item.get_absolute_url()}" for item in items}
    assert set(entry_ids(feed)) == expected
    links = {e.find(f"{ATOM}link[@rel='alternate']").get("href") for e in entries(feed)}
    assert links == expected
    assert (
        "http://testserver/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13-2/punkt-1/"
        in expected
    )


@pytest.mark.django_db
def test_summary_shows_only_this_meetings_decision(client):
    meeting = make_meeting()
    decided = make_item(meeting=meeting, number=1, title="Besluttet")
    make_decision(
        agenda_item=decided,
        position=0,
        is_current=False,
        committee_name="Økonomiudvalget",
        text="Anbefales.",
    )
    make_decision(
        agenda_item=decided, position=1, text="Godkendt.\n\n  Med <b>bemærkning</b> & tak.\n"
    )
    earlier_only = make_item(meeting=meeting, number=2, title="Kun tidligere")
    make_decision(agenda_item=earlier_only, is_current=False, text="Anbefales.")
    blank = make_item(meeting=meeting, number=3, title="Tom")
    make_decision(agenda_item=blank, text=" \n ")
    closed = make_item(meeting=meeting, number=4, title="Lukket", is_closed=True)
    make_decision(agenda_item=closed, text="Hemmeligt.")
    feed = parse_feed(client.get("/feeds/punkter/"))
    summaries = {
        entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}summary") for entry in entries(feed)
    }
    head = "<p>Beskæftigelsesudvalget, Herning Kommune, møde 2026-01-13</p>"
    assert summaries == {
        "Besluttet (punkt 1)": head
        + "<p><strong>Beslutning:</strong></p><p>Godkendt.</p>"
        + "<p>Med &lt;b&gt;bemærkning&lt;/b&gt; &amp; tak.</p>",
        "Kun tidligere (punkt 2)": head + "<p>Ingen beslutning i referatet.</p>",
        "Tom (punkt 3)": head + "<p>Ingen beslutning i referatet.</p>",
        "Lukket (punkt 4)": head + "<p>Lukket punkt.</p>",
    }


@pytest.mark.django_db
def test_list_and_case_pages_link_their_feed(client, two_municipalities):
    search.rebuild()
    feed_of_page = {
        "/punkter/?kommune=herning-kommune&side=1": ("/feeds/punkter/?kommune=herning-kommune"),
        "/moeder/?udvalg=beskaeftigelsesudvalget": (
            "/feeds/punkter/?udvalg=beskaeftigelsesudvalget"
        ),
        "/kommuner/herning-kommune/": "/feeds/kommuner/herning-kommune/",
        "/kommuner/herning-kommune/beskaeftigelsesudvalget/": (
            "/feeds/kommuner/herning-kommune/beskaeftigelsesudvalget/"
        ),
        "/kommuner/herning-kommune/sager/15.00.00-A00-4-25/": (
            "/feeds/kommuner/herning-kommune/sager/15.00.00-A00-4-25/"
        ),
    }
    for page, feed in feed_of_page.items():
        html = client.get(page).content.decode()
        assert 'type="application/atom+xml" title=' in html, page
        assert f'href="{feed}">' in html, page  # <link rel="alternate">
        assert f'<a href="{feed}" type="application/atom+xml">' in html, page  # visible
        parse_feed(client.get(feed))
    html = client.get("/punkter/?sagsnummer=15.00").content.decode()
    assert '<a href="/punkter/eksport.csv?sagsnummer=15.00">CSV</a>' in html
    assert '<a href="/punkter/eksport.jsonl?sagsnummer=15.00">JSON lines</a>' in html


@pytest.mark.parametrize(
    "feed_class",
    [
        feeds.ItemListFeed,
        feeds.MunicipalityFeed,
        feeds.CommitteeFeed,
        feeds.CaseFeed,
    ],
)
def test_feeds_are_built_by_the_framework_from_its_hooks(feed_class):
    # One implementation: the syndication framework builds the feed and its entries.
    assert feed_class.get_feed is Feed.get_feed
    assert "get_feed" not in vars(feeds.AgendaItemFeed)
