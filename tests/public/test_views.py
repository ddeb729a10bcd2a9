"""The public pages with the five seed minutes imported, as on a fresh site.

The seeds are imported once per module (load_demo_data, the admin's import path)
and removed afterwards; each test runs in a transaction that is rolled back, so a
test may unpublish or withdraw rows freely.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from minutes.importing.changes import meetings_changed
from minutes.models import AgendaItem, Meeting, Municipality, SourceDocument
from tests.factories import make_committee, make_decision, make_item, make_meeting

pytestmark = pytest.mark.django_db

HERNING = "/kommuner/herning-kommune/"
HOLSTEBRO_MEETING = "/kommuner/holstebro-kommune/arbejdsmarkedsudvalget/2025-06-10/"
LEMVIG_ITEM = "/kommuner/lemvig-kommune/kommunalbestyrelsen/2025-12-16/punkt-15/"
HOLSTEBRO_CASE = "/kommuner/holstebro-kommune/sager/15.00.00-A00-2-24/"
ALL_ITEMS = 13 + 15 + 9 + 1 + 13  # seeds 000 to 004


def rows(response) -> list[str]:
    """The titles of the item rows on a list page, in order."""
    return re.findall(
        r'<span class="row__number">Punkt \d+</span> ([^<]*)</a>', response.content.decode()
    )


def count_heading(response) -> str:
    match = re.search(r'class="results__count"[^>]*>\s*([^<]*?)\s*</h2>', response.content.decode())
    return match.group(1)


# Every page answers


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/moeder/",
        "/punkter/",
        "/kommuner/",
        HERNING,
        HERNING + "beskaeftigelsesudvalget/",
        HOLSTEBRO_MEETING,
        HOLSTEBRO_MEETING + "punkt-3/",
        LEMVIG_ITEM,
        HOLSTEBRO_CASE,
        "/sitemap.xml",
        "/sitemap-punkter.xml",
        "/sitemap-moeder.xml",
        "/robots.txt",
    ],
)
def test_page_answers(client, seeded, url):
    assert client.get(url).status_code == 200


def test_home_shows_latest_meetings_search_and_municipalities(client, seeded):
    html = client.get("/").content.decode()
    assert '<form class="search" action="/punkter/" method="get" role="search">' in html
    assert 'name="q"' in html
    # Newest first: Vesthimmerland 5 May 2026, then Herning 13 January 2026.
    assert html.index("5. maj 2026") < html.index("13. januar 2026") < html.index("31. maj 2022")
    for name in (
        "Herning Kommune",
        "Holstebro Kommune",
        "Lemvig Kommune",
        "Vesthimmerlands Kommune",
    ):
        assert name in html
    assert 'lang="da"' in html


def test_municipality_page_lists_committees_and_meetings(client, seeded):
    html = client.get(HERNING).content.decode()
    assert 'href="/kommuner/herning-kommune/beskaeftigelsesudvalget/"' in html
    assert "13. januar 2026" in html
    assert "/punkter/?kommune=herning-kommune" in html


def test_committee_page_lists_its_meetings(client, seeded):
    html = client.get("/kommuner/vesthimmerlands-kommune/beskaeftigelsesudvalget/").content.decode()
    assert "Møder (2)" in html
    assert html.index("5. maj 2026") < html.index("31. maj 2022")


def test_meeting_page_lists_items_with_decisions_and_closed_items(client, seeded):
    html = client.get(HOLSTEBRO_MEETING).content.decode()
    assert html.count('class="agenda__item') == 13
    assert "Godkendt som indstillet." in html
    assert html.count("Lukket punkt") == 2
    assert 'href="/kilder/' in html


# The item list and its filters


def test_item_list_shows_every_public_item_newest_first(client, seeded):
    response = client.get("/punkter/")
    assert count_heading(response) == f"{ALL_ITEMS} punkter"
    html = response.content.decode()
    assert html.index("5. maj 2026") < html.index("13. januar 2026")
    assert 'href="?side=2"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kommune=herning-kommune", "9 punkter"),
        ("kommune=herning-kommune&kommune=lemvig-kommune", "10 punkter"),
        # A committee slug across municipalities: Vesthimmerland's and Herning's.
        ("udvalg=beskaeftigelsesudvalget", "37 punkter"),
        ("sagsnummer=15.00.00A00-2-24", "3 punkter"),  # whole, normalised
        ("sagsnummer=15.00.00-a00-2", "3 punkter"),  # a prefix, any case
        ("fra=2026-01-01", "22 punkter"),
        ("til=2022-12-31", "15 punkter"),
        ("fra=2025-06-10&til=2025-06-10", "13 punkter"),
        (
            "kommune=vesthimmerlands-kommune&udvalg=beskaeftigelsesudvalget&fra=2026-01-01",
            "13 punkter",
        ),
        ("kommune=holstebro-kommune&sagsnummer=15.00.00-A00-2-24&til=2025-12-31", "3 punkter"),
        ("kommune=holstebro-kommune&udvalg=beskaeftigelsesudvalget", "0 punkter"),
    ],
)
def test_item_list_filters(client, seeded, query, expected):
    response = client.get(f"/punkter/?{query}")
    assert response.status_code == 200
    assert count_heading(response) == expected


def test_case_number_prefix_finds_a_kle_subject(client, seeded):
    response = client.get("/punkter/?sagsnummer=15.00&kommune=holstebro-kommune")
    numbers = re.findall(r'class="case-number" href="[^"]*">([^<]*)<', response.content.decode())
    assert numbers
    assert all(number.startswith("15.00") for number in numbers)
    assert count_heading(response) == f"{len(numbers)} punkter"


def test_text_search_uses_the_search_engine(client, seeded):
    response = client.get("/punkter/?q=beskæftigelsesreformen&kommune=holstebro-kommune")
    titles = rows(response)
    assert "Status på Beskæftigelsesreformen" in titles
    assert count_heading(response) == f"{len(titles)} punkter"


def test_text_search_newest_first_order(client, seeded):
    response = client.get("/punkter/?q=beskæftigelse&orden=nyeste")
    html = response.content.decode()
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("fra=2026-13-45", "Skriv datoen som åååå-mm-dd, fx 2026-01-13."),
        ("til=igår", "Skriv datoen som åååå-mm-dd, fx 2026-01-13."),
        ("kommune=atlantis", "Ukendt kommune: atlantis."),
        ("kommune=herning-kommune&kommune=atlantis", "Ukendt kommune: atlantis."),
        ("udvalg=ingen-udvalg", "Ukendt udvalg: ingen-udvalg."),
        ("fra=2026-02-01&til=2026-01-01", "Til-datoen ligger før fra-datoen."),
        ("orden=tilfaeldig", "Ukendt sortering: tilfaeldig."),
        ("sagsnummer=" + "1" * 101, "Sagsnummeret er for langt (højst 100 tegn)."),
        ("q=" + "a" * 201, "Søgningen er for lang (højst 200 tegn)."),
    ],
)
def test_bad_filter_is_explained_and_shows_no_rows(client, seeded, query, message):
    response = client.get(f"/punkter/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary" role="alert"' in html
    assert rows(response) == []
    assert count_heading(response) == "0 punkter"


def test_unknown_filter_value_is_escaped_in_the_error(client, seeded):
    html = client.get("/punkter/?kommune=<script>alert(1)</script>").content.decode()
    assert "Ukendt kommune: &lt;script&gt;alert(1)&lt;/script&gt;." in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_bad_page_number_shows_a_page(client, seeded, page):
    assert client.get(f"/punkter/?side={page}").status_code == 200


def test_filter_form_keeps_values_and_offers_a_reset(client, seeded):
    html = client.get(
        "/punkter/?kommune=lemvig-kommune&udvalg=kommunalbestyrelsen&fra=2025-01-01"
    ).content.decode()
    assert 'value="lemvig-kommune"' in html
    assert re.search(r'<input[^>]*value="lemvig-kommune"[^>]*checked', html)
    assert '<option value="kommunalbestyrelsen" selected>' in html
    assert 'name="fra" id="id_fra" value="2025-01-01"' in html
    assert '<a href="/punkter/">Nulstil filtre</a>' in html


def test_pagination_keeps_the_filters(client, seeded):
    html = client.get("/punkter/?udvalg=beskaeftigelsesudvalget").content.decode()
    assert 'href="?udvalg=beskaeftigelsesudvalget&amp;side=2"' in html
    second = client.get("/punkter/?udvalg=beskaeftigelsesudvalget&side=2")
    assert "Side 2 af 2" in second.content.decode()


# The meeting list


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "5 møder"),
        ("kommune=vesthimmerlands-kommune", "2 møder"),
        ("udvalg=beskaeftigelsesudvalget", "3 møder"),
        ("sagsnummer=15.00.00-A21-1-25", "1 møde"),
        ("fra=2025-06-01&til=2025-12-31", "2 møder"),
        ("kommune=atlantis", "0 møder"),
    ],
)
def test_meeting_list_filters(client, seeded, query, expected):
    response = client.get(f"/moeder/?{query}")
    assert response.status_code == 200
    assert count_heading(response) == expected


def meeting_rows(response) -> list[str]:
    return re.findall(r'href="(/kommuner/[^"]*/\d{4}-\d\d-\d\d/)"', response.content.decode())


def test_meeting_list_search_finds_the_meetings_whose_items_match(client, seeded):
    # "Ungeløftet" is in seeds 000 (Vesthimmerland), 003 (Lemvig) and 004 (Holstebro).
    response = client.get("/moeder/?q=ungeløftet")
    assert response.status_code == 200
    assert count_heading(response) == "3 møder med punkter om »ungeløftet«"
    items = client.get("/punkter/?q=ungeløftet&orden=nyeste")
    meetings_of_items = list(
        dict.fromkeys(
            re.sub(r"punkt-\d+/$", "", url)
            for url in re.findall(r'href="(/kommuner/[^"]*/punkt-\d+/)"', items.content.decode())
        )
    )
    assert len(meetings_of_items) == 3
    assert sorted(set(meeting_rows(response))) == sorted(meetings_of_items)


def test_meeting_list_search_combines_with_the_filters(client, seeded):
    response = client.get("/moeder/?q=ungeløftet&kommune=holstebro-kommune")
    assert count_heading(response) == "1 møde med punkter om »ungeløftet«"
    assert set(meeting_rows(response)) == {HOLSTEBRO_MEETING}
    assert count_heading(client.get("/moeder/?q=ingenting-her-zzz")).startswith("0 møder")


def test_meeting_list_search_too_long_is_refused_with_a_danish_message(client, seeded):
    response = client.get("/moeder/?q=" + "a" * 201)
    assert response.status_code == 200
    assert "Søgningen er for lang (højst 200 tegn)." in response.content.decode()
    assert count_heading(response) == "0 møder"


# The agenda item page


def test_item_page_shows_meeting_case_decisions_and_attachments(client, seeded):
    html = client.get(LEMVIG_ITEM).content.decode()
    assert (
        "<h1>Forslag til fremtidens beskæftigelsesindsats samt udmøntning af besparelser</h1>"
        in html
    )
    assert (
        "Lemvig Kommune" in html and "Kommunalbestyrelsen" in html and "16. december 2025" in html
    )
    assert 'href="/kommuner/lemvig-kommune/sager/15.00.00-A21-1-25/"' in html
    assert '<section class="decision" aria-labelledby="beslutning">' in html
    # Seed 003: four earlier decisions by two committees, with date and item number.
    assert "Arbejdsmarkeds- og Integrationsudvalget, <time" in html
    for when in (
        "29. oktober 2025</time>, punkt 2",
        "3. november 2025</time>, punkt 10",
        "3. december 2025</time>, punkt 1",
        "8. december 2025</time>, punkt 17",
    ):
        assert when in html
    assert "Albert Vinther Krogh" in html  # absent at an earlier meeting
    assert "Høringssvar fra MEDII Arbejdsmarked og Integration" in html
    assert re.search(
        r'<input id="permalink" type="text" readonly value="http://testserver'
        + re.escape(LEMVIG_ITEM)
        + '">',
        html,
    )
    assert 'href="/kilder/' in html


def test_item_page_renders_lists_and_tables(client, seeded):
    html = client.get(HOLSTEBRO_MEETING + "punkt-2/").content.decode()
    assert (
        '<div class="table-scroll"><table><tr><td>Forsørgelsesydelser</td><td>979.932</td>' in html
    )
    assert "<ul><li>Udvalget tager orienteringen til efterretning.</li></ul>" in html


def test_closed_item_shows_number_title_case_and_nothing_else(client, seeded):
    item = AgendaItem.objects.get(meeting__municipality__slug="holstebro-kommune", number=12)
    # Whatever a closed item holds must not be shown.
    item.sections = [{"heading": "Sagsfremstilling", "text": "Fortroligt indhold"}]
    item.recommendation = "Fortrolig indstilling"
    item.case_officer = "Hemmelig Sagsbehandler"
    item.save()
    make_decision(agenda_item=item, text="Fortrolig beslutning")
    html = client.get(HOLSTEBRO_MEETING + "punkt-12/").content.decode()
    assert "<h1>Meddelelser</h1>" in html
    assert "Punkt 12" in html
    assert "00.22.02-G01-8-24" in html
    assert "Lukket punkt." in html
    for secret in (
        "Fortroligt indhold",
        "Fortrolig indstilling",
        "Hemmelig",
        "Fortrolig beslutning",
    ):
        assert secret not in html


def test_corrected_meeting_says_so(client, seeded):
    Meeting.objects.filter(municipality__slug="lemvig-kommune").update(
        corrected_at=dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    )
    assert "Referatet er rettet 5. januar 2026." in client.get(LEMVIG_ITEM).content.decode()


def test_item_page_has_canonical_link_and_open_graph(client, seeded):
    html = client.get(LEMVIG_ITEM + "?utm_source=x").content.decode()
    assert f'<link rel="canonical" href="http://testserver{LEMVIG_ITEM}">' in html
    assert f'<meta property="og:url" content="http://testserver{LEMVIG_ITEM}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:title" content="Forslag til fremtidens beskæftigelsesindsats '
        'samt udmøntning af besparelser">'
    ) in html
    assert re.search(r'<meta property="og:description" content="[^"]*Beslutning: ', html)


def test_list_canonical_keeps_filters_and_drops_the_rest(client, seeded):
    html = client.get(
        "/punkter/?utm_source=x&udvalg=a-b&kommune=lemvig-kommune&side=1"
    ).content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/punkter/'
        '?kommune=lemvig-kommune&amp;udvalg=a-b">'
    ) in html


# The case page


def test_case_page_follows_one_case_through_items_oldest_first(client, seeded):
    holstebro = Municipality.objects.get(slug="holstebro-kommune")
    later = make_meeting(
        committee=make_committee(
            municipality=holstebro, name="Økonomiudvalget", slug="oekonomiudvalget"
        ),
        date=dt.date(2025, 8, 20),
    )
    make_decision(
        agenda_item=make_item(
            meeting=later,
            number=7,
            title="Reformen i Økonomiudvalget",
            case_number="15.00.00-A00-2-24",
        ),
        text="Anbefales.",
    )
    # The same number in another municipality is another case.
    make_item(
        meeting=make_meeting(date=dt.date(2025, 9, 1)),
        number=3,
        title="Herning-sagen",
        case_number="15.00.00-A00-2-24",
    )
    html = client.get(HOLSTEBRO_CASE).content.decode()
    titles = re.findall(r'<h2 class="timeline__title"><a href="[^"]*">([^<]*)</a>', html)
    assert titles == [
        "Status på Beskæftigelsesreformen",
        "Overordnet procesplan for udvalgets arbejde med beskæftigelsesreformen",
        "Status på Ungeløftet og kontanthjælpsreformen",
        "Reformen i Økonomiudvalget",
    ]
    assert "Herning-sagen" not in html
    assert html.count("Godkendt som indstillet.") == 3
    assert "Anbefales." in html
    # Three items of one meeting and one of another: two meetings.
    assert "behandlet på 2 møder" in html


def test_case_page_shows_earlier_decisions_quoted_in_the_minutes(client, seeded):
    html = client.get("/kommuner/lemvig-kommune/sager/15.00.00-A21-1-25/").content.decode()
    dates = re.findall(r'<p class="timeline__date"><time datetime="([\d-]+)">', html)
    assert dates == ["2025-10-29", "2025-11-03", "2025-12-03", "2025-12-08", "2025-12-16"]
    assert html.count("timeline__step--quoted") == 4


def test_case_number_in_another_form_redirects_to_the_canonical_url(client, seeded):
    response = client.get("/kommuner/holstebro-kommune/sager/15.00.00A00-2-24/")
    assert response.status_code == 301
    assert response["Location"] == HOLSTEBRO_CASE


def test_case_page_counts_items_of_one_meeting_as_one_meeting(client, seeded):
    holstebro = Municipality.objects.get(slug="holstebro-kommune")
    meeting = Meeting.objects.get(municipality=holstebro)
    make_item(meeting=meeting, number=90, title="Opfølgning", case_number="15.00.00-A00-9-25")
    make_item(meeting=meeting, number=91, title="Opfølgning 2", case_number="15.00.00-A00-9-25")
    html = client.get("/kommuner/holstebro-kommune/sager/15.00.00-A00-9-25/").content.decode()
    assert html.count('class="timeline__step"') == 2
    assert "behandlet på 1 møde," in html


def test_case_page_with_earlier_decisions_keeps_every_item_in_date_order(client, seeded):
    # Lemvig's case returns in a later meeting of another committee: its items and the
    # four earlier decisions read from the text of the first stay in one date order.
    lemvig = Municipality.objects.get(slug="lemvig-kommune")
    later = make_meeting(
        committee=make_committee(municipality=lemvig, name="Teknisk Udvalg", slug="teknisk-udvalg"),
        date=dt.date(2026, 2, 3),
    )
    make_decision(
        agenda_item=make_item(
            meeting=later, number=4, title="Opfølgning på sagen", case_number="15.00.00-A21-1-25"
        ),
        text="Taget til efterretning.",
    )
    html = client.get("/kommuner/lemvig-kommune/sager/15.00.00-A21-1-25/").content.decode()
    dates = re.findall(r'<p class="timeline__date"><time datetime="([\d-]+)">', html)
    assert dates == [
        "2025-10-29",
        "2025-11-03",
        "2025-12-03",
        "2025-12-08",
        "2025-12-16",
        "2026-02-03",
    ]
    assert html.count("timeline__step--quoted") == 4
    assert "Taget til efterretning." in html
    assert "behandlet på 2 møder," in html


@pytest.mark.parametrize(
    "typed",
    ["sag-2019-00123", "Sag-2019-00123", "SAG-2019-00123 ", "sag - 2019 - 00123"],
)
def test_case_number_not_kle_in_any_letter_case_redirects_to_the_stored_one(client, seeded, typed):
    make_item(meeting=make_meeting(date=dt.date(2025, 9, 1)), case_number="SAG-2019-00123")
    response = client.get(f"/kommuner/herning-kommune/sager/{typed}/")
    assert response.status_code == 301
    assert response["Location"] == "/kommuner/herning-kommune/sager/SAG-2019-00123/"
    assert client.get(response["Location"]).status_code == 200


def test_case_number_with_spaces_or_lower_case_facet_finds_the_case(client, seeded):
    for typed in ("15.00.00 a00-2-24", "15.00.00-a00-2-24"):
        response = client.get(f"/kommuner/holstebro-kommune/sager/{typed}/")
        assert response.status_code == 301
        assert response["Location"] == HOLSTEBRO_CASE


@pytest.mark.parametrize(
    "url",
    [
        "/kommuner/holstebro-kommune/sager/99.99.99-A00-1-99/",
        "/kommuner/herning-kommune/sager/15.00.00-A21-1-25/",  # Lemvig's case, not Herning's
        "/kommuner/atlantis/sager/15.00.00-A00-2-24/",
        "/kommuner/atlantis/",
        "/kommuner/herning-kommune/oekonomiudvalget/",
        "/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-14/",
        "/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-13-45/",
        "/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13-2/",
        "/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13/punkt-99/",
        "/kilder/999999/",
        "/ingen-side/",
    ],
)
def test_unknown_page_is_404(client, seeded, url):
    assert client.get(url).status_code == 404


def test_404_page_is_styled_when_debug_is_off(client, seeded, settings):
    settings.DEBUG = False
    response = client.get("/kommuner/atlantis/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in html
    assert "/static/css/site.css" in html


# Removed pages answer 410 and leave every list


def test_unpublished_meeting_is_gone_everywhere(client, seeded):
    holstebro = Meeting.objects.filter(municipality__slug="holstebro-kommune")
    holstebro.update(is_published=False)
    meetings_changed(holstebro.values_list("pk", flat=True))  # as the admin's action does
    response = client.get(HOLSTEBRO_MEETING)
    assert response.status_code == 410
    assert "Siden er ikke længere offentlig" in response.content.decode()
    assert client.get(HOLSTEBRO_MEETING + "punkt-3/").status_code == 410
    assert client.get(HOLSTEBRO_CASE).status_code == 404
    assert count_heading(client.get("/punkter/")) == f"{ALL_ITEMS - 13} punkter"
    assert count_heading(client.get("/moeder/")) == "4 møder"
    assert "holstebro" not in client.get("/sitemap-punkter.xml").content.decode()
    assert "holstebro" not in client.get("/sitemap-moeder.xml").content.decode()
    document = SourceDocument.objects.get(meeting__municipality__slug="holstebro-kommune")
    assert client.get(document.get_absolute_url()).status_code == 404


def test_withdrawn_item_is_gone_and_links_its_meeting(client, seeded):
    AgendaItem.objects.filter(meeting__municipality__slug="holstebro-kommune", number=3).update(
        is_withdrawn=True
    )
    response = client.get(HOLSTEBRO_MEETING + "punkt-3/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "Punktet findes ikke i den rettede udgave af referatet" in html
    assert f'<a href="{HOLSTEBRO_MEETING}">Arbejdsmarkedsudvalget, 10. juni 2025' in html
    assert "Status på Beskæftigelsesreformen" not in client.get(HOLSTEBRO_MEETING).content.decode()
    assert (
        "punkt-3/"
        not in client.get("/sitemap-punkter.xml").content.decode().split("holstebro")[-1][:80]
    )


def test_unpublished_item_is_gone(client, seeded):
    AgendaItem.objects.filter(meeting__municipality__slug="lemvig-kommune").update(
        is_published=False
    )
    response = client.get(LEMVIG_ITEM)
    assert response.status_code == 410
    assert "/kommuner/lemvig-kommune/kommunalbestyrelsen/2025-12-16/" in response.content.decode()
    assert client.get("/punkter/?kommune=lemvig-kommune").content.decode().count("row__title") == 0


# Source document, sitemap, robots


def test_source_document_is_a_download(client, seeded):
    document = SourceDocument.objects.get(meeting__municipality__slug="herning-kommune")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"")


def test_sitemap_lists_public_meetings_and_items(client, seeded):
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-punkter.xml" in index
    assert "http://testserver/sitemap-moeder.xml" in index
    items = client.get("/sitemap-punkter.xml").content.decode()
    assert items.count("<url>") == ALL_ITEMS
    assert f"<loc>http://testserver{LEMVIG_ITEM}</loc>" in items
    assert client.get("/sitemap-moeder.xml").content.decode().count("<url>") == 5


def test_robots_txt_points_to_the_sitemap(client, seeded):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_search_result_rows_show_the_decision_beside_the_snippet(client, seeded):
    html = client.get("/punkter/?q=ungeløftet&kommune=holstebro-kommune").content.decode()
    rows = html.split('<ol class="rows">', 1)[1].split("</ol>", 1)[0].split('<li class="row">')[1:]
    assert rows
    for row in rows:
        assert '<span class="row__label">Beslutning:</span> Godkendt som indstillet.' in row
        assert '<p class="row__snippet"><span class="row__label">Fundet:</span>' in row
