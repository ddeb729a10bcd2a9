"""The list rows and the filter form's options: their links and their markup.

The rows are the partials minutes/_item_rows.html and minutes/_meeting_rows.html;
their links come from the models' get_absolute_url(), so they follow urls.py.
The markup is public (scrapers, the browser tests) and must not change by accident.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from minutes.models import AgendaItem, Meeting, Municipality
from minutes.search import MARK_END, MARK_START
from tests.factories import (
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_kommuner():
    """An empty record: without the 98 kommuner the migrations load (rolled back after)."""
    Municipality.objects.all().delete()


# Case numbers as they occur, plus characters reverse() must quote.
CASE_NUMBERS = ["15.00.00-A00-2-24", "2024/1234", "27.12.00 Ø54 æ", "a?b#c%d", "sag&nr=1+2", ""]


def _rows() -> list[AgendaItem]:
    committee = make_committee()
    second = make_meeting(committee=committee, date=dt.date(2026, 1, 13), sequence=2)
    first = make_meeting(committee=committee, date=dt.date(2026, 1, 13))
    for number, case_number in enumerate(CASE_NUMBERS, start=1):
        make_item(meeting=first, number=number, case_number=case_number)
    make_item(meeting=second, number=1, case_number="15.00.00-A00-2-24")
    return list(AgendaItem.objects.for_listing())


def _expected(item: AgendaItem) -> dict[str, str]:
    return {
        "municipality": item.municipality.get_absolute_url(),
        "committee": item.committee.get_absolute_url(),
        "committee (from the item)": item.get_committee_url(),
        "item": item.get_absolute_url(),
        "case": item.get_case_url(),
    }


def test_item_urls_follow_the_url_patterns():
    item = AgendaItem.objects.for_listing().get(pk=_rows()[0].pk)
    slugs = {"municipality": "herning-kommune", "committee": "beskaeftigelsesudvalget"}
    assert item.get_absolute_url() == reverse(
        "minutes:item", kwargs=slugs | {"meeting": "2026-01-13-2", "number": 1}
    )
    assert item.get_case_url() == reverse(
        "minutes:case",
        kwargs={"municipality": slugs["municipality"], "case_number": item.case_number},
    )


def test_case_urls_quote_what_a_path_must_not_hold():
    municipality = make_municipality()
    assert municipality.get_case_url("a?b#c%d") == "/kommuner/herning-kommune/sager/a%3Fb%23c%25d/"
    assert municipality.get_case_url("27.12.00 Ø54") == (
        "/kommuner/herning-kommune/sager/27.12.00%20%C3%9854/"
    )
    assert municipality.get_case_url("sag&nr=1+2") == "/kommuner/herning-kommune/sager/sag&nr=1+2/"


def test_an_item_without_a_case_number_has_no_case_url():
    assert make_item(case_number="").get_case_url() == ""


def test_row_links_keep_the_script_prefix():
    items = _rows()
    set_script_prefix("/referater/")
    try:
        for item in items:
            html = render_to_string("minutes/_item_rows.html", {"items": [item]})
            for url in _expected(item).values():
                assert not url or url.startswith("/referater/kommuner/")
                assert not url or f'href="{url}"' in html.replace("&amp;", "&")
    finally:
        set_script_prefix("/")


def test_list_page_links_equal_reverse(client):
    items = _rows()
    html = client.get("/punkter/").content.decode()
    for item in items:
        for url in _expected(item).values():
            if url:
                assert f'href="{url}"' in html.replace("&amp;", "&")


@override_settings(ALLOWED_HOSTS=["*"])
def test_filter_options_are_escaped_and_keep_the_choice(client, no_kommuner):
    make_municipality(name="Ærø <Kommune>", slug="aeroe-kommune")
    make_committee(name='Udvalg "A" & B', slug="udvalg-a-b")
    html = client.get("/moeder/?kommune=aeroe-kommune&udvalg=udvalg-a-b").content.decode()
    assert (
        '<label class="choice"><input type="checkbox" name="kommune" value="aeroe-kommune"'
        " checked> Ærø &lt;Kommune&gt;</label>"
    ) in html
    assert '<option value="udvalg-a-b" selected>Udvalg &quot;A&quot; &amp; B</option>' in html
    assert '<input type="checkbox" name="kommune" value="herning-kommune">' in html


def test_no_municipalities_yet(client, no_kommuner):
    assert "<p>Ingen kommuner endnu.</p>" in client.get("/moeder/").content.decode()


# The rows as the pages have always shown them.
ITEM_ROW = """<li class="row">
  <p class="row__meta">
    <a href="/kommuner/herning-kommune/">Herning Kommune</a>
    <span aria-hidden="true">·</span> <a href="/kommuner/herning-kommune/beskaeftigelsesudvalget/">Beskæftigelsesudvalget</a>
    <span aria-hidden="true">·</span> <time datetime="2026-01-13">13. januar 2026</time>
  </p>
  <h3 class="row__title"><a href="/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13/punkt-{number}/"><span class="row__number">Punkt {number}</span> {title}</a></h3>
  {body}
  {snippet}
  {case}
</li>
"""  # noqa: E501


def _item_row(number: int, title: str, *, snippet="", body="", case="") -> str:
    return ITEM_ROW.format(number=number, title=title, snippet=snippet, body=body, case=case)


def _page_rows(html: str) -> str:
    return html.split('<ol class="rows">', 1)[1].split("</ol>", 1)[0]


def test_item_rows_markup(client):
    meeting = make_meeting(date=dt.date(2026, 1, 13))
    decided = make_item(meeting=meeting, number=1, title="Budget <2026> & mere", case_number="")
    make_decision(agenda_item=decided, text="Godkendt " + "ø" * 300)
    make_decision(agenda_item=decided, position=1, is_current=False, text="Tidligere")
    make_item(meeting=meeting, number=2, title="Personalesag", is_closed=True, case_number="")
    undecided = make_item(meeting=meeting, number=3, title="Sag", case_number="27.12.00 Ø54")
    make_decision(agenda_item=undecided, text="")

    rows = _page_rows(client.get("/punkter/").content.decode())

    truncated = "Godkendt " + "ø" * 250 + "…"
    assert rows == "".join(
        [
            _item_row(
                1,
                "Budget &lt;2026&gt; &amp; mere",
                body=(
                    '\n    <p class="row__decision"><span class="row__label">Beslutning:</span> '
                    f"{truncated}</p>\n  "
                ),
            ),
            _item_row(
                2,
                "Personalesag",
                body=(
                    '\n    <p class="row__detail"><span class="tag tag--closed">Lukket punkt'
                    "</span></p>\n  "
                ),
            ),
            _item_row(
                3,
                "Sag",
                case=(
                    '<p class="row__detail">Sag <a class="case-number" href="/kommuner/'
                    'herning-kommune/sager/27.12.00%20%C3%9854/">27.12.00 Ø54</a></p>'
                ),
            ),
        ]
    )


def test_item_rows_of_a_search_show_the_decision_and_the_snippet():
    meeting = make_meeting(date=dt.date(2026, 1, 13))
    item = make_item(meeting=meeting, number=4, title="Sag", case_number="")
    make_decision(agenda_item=item, text="Godkendt som indstillet.")
    item = AgendaItem.objects.for_listing().with_current_decision_text().get()
    item.snippet = f"om {MARK_START}<budget>{MARK_END} i år"
    html = render_to_string("minutes/_item_rows.html", {"items": [item], "searched": True})
    assert html == _item_row(
        4,
        "Sag",
        body=(
            '\n    <p class="row__decision"><span class="row__label">Beslutning:</span> '
            "Godkendt som indstillet.</p>\n  "
        ),
        snippet=(
            '<p class="row__snippet"><span class="row__label">Fundet:</span> '
            "om <mark>&lt;budget&gt;</mark> i år</p>"
        ),
    )


def test_meeting_rows_markup_on_every_page_that_lists_meetings(client):
    committee = make_committee(name="Udvalg <A> & B", slug="udvalg-a-b")
    make_meeting(committee=committee, date=dt.date(2026, 1, 13), location="Rådhuset & <b>")
    make_meeting(committee=committee, date=dt.date(2026, 1, 13), sequence=2)
    make_meeting(date=dt.date(2025, 3, 4))

    def row(url: str, committee: str, date: str, label: str, location: str) -> str:
        return (
            '<li class="row">\n'
            '  <p class="row__meta"><a href="/kommuner/herning-kommune/">Herning Kommune</a></p>\n'
            f'  <h3 class="row__title"><a href="/kommuner/herning-kommune/{url}/">{committee}, '
            f'<time datetime="{date}">{label}</time></a></h3>\n'
            f'  <p class="row__detail">{location}</p>\n'
            "</li>\n"
        )

    udvalg = "Udvalg &lt;A&gt; &amp; B"
    expected = [
        row(
            "udvalg-a-b/2026-01-13-2",
            udvalg,
            "2026-01-13",
            "13. januar 2026",
            "Rådhuset, mødelokale 1",
        ),
        row(
            "udvalg-a-b/2026-01-13",
            udvalg,
            "2026-01-13",
            "13. januar 2026",
            "Rådhuset &amp; &lt;b&gt;",
        ),
        row(
            "beskaeftigelsesudvalget/2025-03-04",
            "Beskæftigelsesudvalget",
            "2025-03-04",
            "4. marts 2025",
            "Rådhuset, mødelokale 1",
        ),
    ]
    meetings = list(Meeting.objects.for_listing())
    assert render_to_string("minutes/_meeting_rows.html", {"meetings": meetings}) == "".join(
        expected
    )
    for url in ("/moeder/", "/", "/kommuner/herning-kommune/"):
        assert _page_rows(client.get(url).content.decode()) == "".join(expected), url
    committee_page = client.get("/kommuner/herning-kommune/udvalg-a-b/").content.decode()
    assert _page_rows(committee_page) == "".join(expected[:2])


def test_filter_choices_follow_a_new_municipality_and_committee(client, no_kommuner):
    make_meeting()
    html = client.get("/punkter/").content.decode()
    assert 'value="lemvig-kommune"' not in html
    lemvig = make_municipality(name="Lemvig Kommune", slug="lemvig-kommune")
    # A municipality and committee arrive with their first meeting, as an import saves them.
    make_meeting(committee=make_committee(municipality=lemvig, name="Byrådet", slug="byraadet"))
    html = client.get("/punkter/").content.decode()
    assert 'name="kommune" value="lemvig-kommune">' in html
    assert '<option value="byraadet">Byrådet</option>' in html


def test_search_rows_without_a_snippet_show_the_decision():
    item = make_item(case_number="")
    make_decision(agenda_item=item, text="Godkendt")
    item = AgendaItem.objects.for_listing().with_current_decision_text().get()
    item.snippet = ""
    html = render_to_string("minutes/_item_rows.html", {"items": [item], "searched": True})
    assert "row__snippet" not in html
    assert '<span class="row__label">Beslutning:</span> Godkendt</p>' in html


def test_cached_row_links_follow_a_new_script_prefix():
    committee = make_committee()
    assert committee.get_absolute_url() == "/kommuner/herning-kommune/beskaeftigelsesudvalget/"
    set_script_prefix("/referater/")
    try:
        assert committee.get_absolute_url() == (
            "/referater/kommuner/herning-kommune/beskaeftigelsesudvalget/"
        )
        assert committee.municipality.get_absolute_url() == "/referater/kommuner/herning-kommune/"
    finally:
        set_script_prefix("/")
