"""/punkter/?q=…: the search engine behind the item list, with every filter."""

import datetime as dt
import re

import pytest

from minutes import search
from tests.factories import (
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)
from tests.helpers import make_outdated_index, record_calls

pytestmark = pytest.mark.django_db


def body(text: str) -> list[dict[str, str]]:
    return [{"heading": "Sagsfremstilling", "text": text}]


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<span class="row__number">Punkt \d+</span> ([^<]*)</a>', html)


def count_heading(response) -> str:
    match = re.search(r'class="results__count"[^>]*>\s*([^<]*?)\s*</h2>', response.content.decode())
    return match.group(1)


def test_search_ranks_title_hits_first_and_counts_exactly(client):
    meeting = make_meeting()
    make_item(meeting=meeting, number=1, title="Orientering", sections=body("Om vandforsyning."))
    make_item(meeting=meeting, number=2, title="Vandforsyning", sections=body("Orientering."))
    make_item(meeting=meeting, number=3, title="Cykelsti", sections=body("Anlæg."))
    search.index_meeting(meeting.pk)

    response = client.get("/punkter/?q=vandforsyning")

    assert response.status_code == 200
    assert titles(response) == ["Vandforsyning", "Orientering"]
    assert count_heading(response) == "2 punkter"


def test_newest_first_switch(client):
    old = make_item(
        meeting=make_meeting(date=dt.date(2024, 1, 1)),
        title="Budget",
        sections=body("Budget budget budget."),
    )
    new = make_item(
        meeting=make_meeting(date=dt.date(2026, 1, 1)), title="Nyt", sections=body("Om budget.")
    )
    search.index_meeting(old.meeting_id)
    search.index_meeting(new.meeting_id)

    relevance = client.get("/punkter/?q=budget")
    newest = client.get("/punkter/?q=budget&orden=nyeste")

    assert titles(relevance) == ["Budget", "Nyt"]
    assert titles(newest) == ["Nyt", "Budget"]
    assert '<a href="?q=budget&amp;orden=nyeste">nyeste først</a>' in relevance.content.decode()
    assert "<strong>nyeste først</strong>" in newest.content.decode()


def test_search_combines_with_every_filter(client):
    herning = make_committee()
    lemvig = make_committee(
        municipality=make_municipality(name="Lemvig Kommune", slug="lemvig-kommune"),
        name="Økonomiudvalget",
        slug="okonomiudvalget",
    )
    wanted = make_item(
        meeting=make_meeting(committee=herning, date=dt.date(2025, 5, 1)),
        title="Besparelser på skoler",
        case_number="15.00.00-A00-4-25",
    )
    for committee, date, case in [
        (lemvig, dt.date(2025, 5, 1), "15.00.00-A00-4-25"),
        (herning, dt.date(2021, 5, 1), "15.00.00-A00-4-25"),
        (herning, dt.date(2025, 6, 1), "27.00.00-A00-1-25"),
    ]:
        make_item(
            meeting=make_meeting(committee=committee, date=date),
            title="Besparelser på veje",
            case_number=case,
        )
    for meeting_id in {wanted.meeting_id, *range(1, 5)}:
        search.index_meeting(meeting_id)

    assert count_heading(client.get("/punkter/?q=besparelse")) == "4 punkter"
    response = client.get(
        "/punkter/?q=besparelse&kommune=herning-kommune&udvalg=beskaeftigelsesudvalget"
        "&sagsnummer=15.00&fra=2025-01-01&til=2025-12-31"
    )
    assert titles(response) == ["Besparelser på skoler"]
    assert count_heading(response) == "1 punkt"


def test_snippet_is_highlighted_and_document_markup_escaped(client):
    item = make_item(sections=body("Budget <script>alert(1)</script> for <b>skolen</b>."))
    make_decision(agenda_item=item, text="Ingen beslutning om dette.")
    search.index_meeting(item.meeting_id)

    html = client.get("/punkter/?q=budget").content.decode()

    assert '<p class="row__snippet">' in html
    assert "<mark>Budget</mark> &lt;script&gt;alert(1)&lt;/script&gt; for &lt;b&gt;skolen" in html
    assert "<script>alert(1)" not in html


def test_case_number_query_links_the_case_page_first(client):
    item = make_item(case_number="15.00.00-A00-4-25", title="Status på sagen")
    make_item(meeting=make_meeting(date=dt.date(2025, 1, 1)), case_number="27.00.00-A00-1-25")
    search.index_meeting(item.meeting_id)
    search.index_meeting(item.meeting_id + 1)

    response = client.get("/punkter/?q=15.00.00A00-4-25")
    html = response.content.decode()

    case_link = (
        '<a href="/kommuner/herning-kommune/sager/15.00.00-A00-4-25/">'
        "sagens side i Herning Kommune</a>"
    )
    assert case_link in html
    assert html.index(case_link) < html.index("Status på sagen")
    assert titles(response) == ["Status på sagen"]


def test_empty_search_says_so_and_suggests_removing_filters(client):
    search.index_meeting(make_item(sections=body("Budget.")).meeting_id)

    plain = client.get("/punkter/?q=cykelsti").content.decode()
    filtered = client.get("/punkter/?q=cykelsti&kommune=herning-kommune").content.decode()

    assert "Ingen punkter matcher søgningen.</p>" in plain
    assert "Prøv at fjerne nogle af filtrene, eller søg med færre ord." in filtered


@pytest.mark.parametrize("query", ["og", "!!!", '"ubalanceret', "-", "OR", "felt:værdi"])
def test_odd_queries_answer_200(client, query):
    search.index_meeting(make_item().meeting_id)

    response = client.get("/punkter/", {"q": query})

    assert response.status_code == 200


def test_search_page_queries_do_not_grow_with_hits(client, django_assert_max_num_queries):
    meeting = make_meeting()
    for number in range(1, 31):
        item = make_item(meeting=meeting, number=number, sections=body(f"Budget {number}."))
        make_decision(agenda_item=item, text="Godkendt.")
    search.index_meeting(meeting.pk)

    # The page's rows, the change stamp, the facets (the hits' committees and dates,
    # the cached counts) and the filter choices: none grows with the hits.
    with django_assert_max_num_queries(7):
        response = client.get("/punkter/?q=budget")

    assert len(titles(response)) == 20
    assert count_heading(response) == "30 punkter"


@pytest.mark.parametrize("page", ["1", "2", "3", "x"])
def test_any_page_of_results_is_one_engine_search(client, monkeypatch, page):
    meeting = make_meeting()
    for number in range(1, 46):
        make_item(meeting=meeting, number=number, title=f"Budget {number}")
    search.index_meeting(meeting.pk)
    calls = record_calls(monkeypatch, search.results, "search")

    response = client.get(f"/punkter/?q=budget&orden=nyeste&side={page}")

    assert response.status_code == 200
    shown = {"2": [21, 40], "3": [41, 45]}.get(page, [1, 20])
    assert titles(response)[0] == f"Budget {shown[0]}"
    assert titles(response)[-1] == f"Budget {shown[1]}"
    assert len(calls) == 1


def test_an_outdated_index_gives_a_danish_503_and_lists_keep_working(client, settings):
    indexed = make_item(title="Budget")
    make_outdated_index(settings)

    searched = client.get("/punkter/?q=budget")
    listed = client.get("/punkter/")

    assert searched.status_code == 503
    assert "søgeindekset er ved at blive bygget op igen" in searched.content.decode()
    assert listed.status_code == 200
    assert indexed.title in listed.content.decode()
