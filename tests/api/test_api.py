"""The read-only JSON API (minutes/api/): every endpoint, filters, pagination, errors, schema."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from minutes import search
from tests.factories import (
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
    without_unused_kommuner,
)

CASE = "15.00.00-A00-4-25"


@pytest.fixture
def record():
    """Two municipalities; one case in Herning across two meetings; hidden rows beside them."""
    herning = make_committee()
    holstebro = make_committee(
        municipality=make_municipality(name="Holstebro Kommune", slug="holstebro-kommune"),
        name="Arbejdsmarkedsudvalget",
        slug="arbejdsmarkedsudvalget",
    )
    first = make_meeting(committee=herning, date=dt.date(2025, 11, 4))
    second = make_meeting(committee=herning, date=dt.date(2026, 1, 13))
    other = make_meeting(committee=holstebro, date=dt.date(2025, 6, 10))
    hidden = make_meeting(committee=herning, date=dt.date(2026, 2, 3), is_published=False)
    opened = make_item(meeting=first, number=3, title="Fleksjob, status", case_number=CASE)
    make_decision(agenda_item=opened, text="Taget til efterretning.")
    followed = make_item(meeting=second, number=5, title="Fleksjob, plan", case_number=CASE)
    make_decision(
        agenda_item=followed,
        position=0,
        is_current=False,
        committee_name="Økonomiudvalget",
        date=dt.date(2025, 12, 1),
        item_number=10,
        text="Anbefales.",
    )
    make_decision(agenda_item=followed, position=1, text="Godkendt.", absent=["Anna Ø"])
    make_attachment(agenda_item=followed, title="Bilag: Plan for fleksjob")
    make_item(meeting=second, number=1, title="Godkendelse af dagsorden")
    make_item(meeting=second, number=6, title="Trukket tilbage", is_withdrawn=True)
    make_item(meeting=second, number=7, title="Afpubliceret", is_published=False)
    make_item(meeting=other, number=7, title="Ledighed i Holstebro", case_number=CASE)
    make_item(meeting=hidden, number=1, title="I et skjult møde")
    return {"followed": followed, "second": second, "hidden": hidden, "committee": herning}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


@pytest.mark.django_db
def test_root_links_every_resource(client):
    response = client.get("/api/")
    assert response.status_code == 200
    assert set(response.json()) == {"municipalities", "committees", "meetings", "items"}


@pytest.mark.django_db
def test_municipality_list_and_detail(client, record):
    without_unused_kommuner()
    data = client.get("/api/municipalities/").json()
    assert data["count"] == 2
    herning = data["results"][0]
    assert herning == {
        "url": "http://testserver/api/municipalities/herning-kommune/",
        "slug": "herning-kommune",
        "name": "Herning Kommune",
        "html_url": "http://testserver/kommuner/herning-kommune/",
        "cases_url": "http://testserver/api/municipalities/herning-kommune/cases/",
    }
    detail = client.get(herning["url"]).json()
    assert [committee["name"] for committee in detail["committees"]] == ["Beskæftigelsesudvalget"]
    assert detail["committees"][0]["url"] == (
        f"http://testserver/api/committees/{record['committee'].pk}/"
    )


@pytest.mark.django_db
def test_committee_list_and_detail(client, record):
    data = client.get("/api/committees/").json()
    assert [c["name"] for c in data["results"]] == [
        "Beskæftigelsesudvalget",
        "Arbejdsmarkedsudvalget",
    ]
    detail = client.get(data["results"][0]["url"]).json()
    assert detail["municipality"]["slug"] == "herning-kommune"
    assert (
        detail["html_url"] == "http://testserver/kommuner/herning-kommune/beskaeftigelsesudvalget/"
    )


@pytest.mark.django_db
def test_meeting_list_filters_and_detail_lists_public_items(client, record):
    assert [m["date"] for m in client.get("/api/meetings/").json()["results"]] == [
        "2026-01-13",
        "2025-11-04",
        "2025-06-10",
    ]
    by_municipality = client.get("/api/meetings/?kommune=holstebro-kommune").json()
    assert [m["date"] for m in by_municipality["results"]] == ["2025-06-10"]
    by_case = client.get(f"/api/meetings/?sagsnummer={CASE}&kommune=herning-kommune").json()
    assert [m["date"] for m in by_case["results"]] == ["2026-01-13", "2025-11-04"]
    detail = client.get(f"/api/meetings/{record['second'].pk}/").json()
    assert detail["committee"]["name"] == "Beskæftigelsesudvalget"
    assert [item["number"] for item in detail["items"]] == [1, 5]
    assert detail["html_url"] == (
        "http://testserver/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13/"
    )


@pytest.mark.django_db
def test_item_detail_has_decisions_attachments_and_links(client, record):
    item = client.get(f"/api/items/{record['followed'].pk}/").json()
    assert item["title"] == "Fleksjob, plan"
    assert item["meeting"]["url"] == f"http://testserver/api/meetings/{record['second'].pk}/"
    assert item["case_url"] == (
        f"http://testserver/api/municipalities/herning-kommune/cases/{CASE}/"
    )
    assert item["html_url"] == (
        "http://testserver/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13/punkt-5/"
    )
    assert item["decisions"] == [
        {
            "position": 0,
            "is_current": False,
            "committee_name": "Økonomiudvalget",
            "date": "2025-12-01",
            "item_number": 10,
            "text": "Anbefales.",
            "absent": [],
        },
        {
            "position": 1,
            "is_current": True,
            "committee_name": "Beskæftigelsesudvalget",
            "date": "2026-01-13",
            "item_number": 5,
            "text": "Godkendt.",
            "absent": ["Anna Ø"],
        },
    ]
    assert item["attachments"] == [{"position": 0, "title": "Bilag: Plan for fleksjob", "url": ""}]


@pytest.mark.django_db
def test_item_list_is_public_newest_first_and_filtered(client, record):
    search.rebuild()  # q is the full-text search once the search index is in place
    assert titles(client.get("/api/items/")) == [
        "Godkendelse af dagsorden",
        "Fleksjob, plan",
        "Fleksjob, status",
        "Ledighed i Holstebro",
    ]
    assert titles(client.get("/api/items/?kommune=holstebro-kommune")) == ["Ledighed i Holstebro"]
    assert titles(client.get("/api/items/?udvalg=arbejdsmarkedsudvalget")) == [
        "Ledighed i Holstebro"
    ]
    assert titles(client.get("/api/items/?sagsnummer=15.00&kommune=herning-kommune")) == [
        "Fleksjob, plan",
        "Fleksjob, status",
    ]
    assert titles(client.get("/api/items/?fra=2025-11-01&til=2025-12-31")) == ["Fleksjob, status"]
    assert titles(client.get("/api/items/?q=Ledighed")) == ["Ledighed i Holstebro"]


@pytest.mark.django_db
def test_cases_of_a_municipality_and_one_case(client, record):
    cases = client.get("/api/municipalities/herning-kommune/cases/").json()
    assert cases["results"] == [
        {
            "case_number": "00.22.02-G01-1-26",
            "item_count": 1,
            "first_meeting_date": "2026-01-13",
            "last_meeting_date": "2026-01-13",
            "url": "http://testserver/api/municipalities/herning-kommune/cases/00.22.02-G01-1-26/",
            "html_url": "http://testserver/kommuner/herning-kommune/sager/00.22.02-G01-1-26/",
        },
        {
            "case_number": CASE,
            "item_count": 2,
            "first_meeting_date": "2025-11-04",
            "last_meeting_date": "2026-01-13",
            "url": f"http://testserver/api/municipalities/herning-kommune/cases/{CASE}/",
            "html_url": f"http://testserver/kommuner/herning-kommune/sager/{CASE}/",
        },
    ]
    narrowed = client.get("/api/municipalities/herning-kommune/cases/?sagsnummer=15").json()
    assert [case["case_number"] for case in narrowed["results"]] == [CASE]
    case = client.get(cases["results"][1]["url"]).json()
    assert case["municipality"]["slug"] == "herning-kommune"
    # Oldest first, and Holstebro's item with the same number is another case.
    assert [item["title"] for item in case["items"]] == ["Fleksjob, status", "Fleksjob, plan"]


@pytest.mark.django_db
def test_case_number_with_a_slash(client):
    make_item(case_number="19/12345", title="Et andet sagssystem")
    response = client.get("/api/municipalities/herning-kommune/cases/19/12345/")
    assert response.status_code == 200
    assert response.json()["case_number"] == "19/12345"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/municipalities/atlantis/",
        "/api/municipalities/atlantis/cases/",
        f"/api/municipalities/herning-kommune/cases/{CASE}9/",
        "/api/committees/999999/",
        "/api/meetings/999999/",
        "/api/items/999999/",
        "/api/ingen-saadan-ressource/",
    ],
)
def test_unknown_is_a_json_404(client, record, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Ikke fundet."}


@pytest.mark.django_db
def test_hidden_rows_are_404_alone(client, record):
    hidden_item = record["hidden"].items.get()
    assert client.get(f"/api/meetings/{record['hidden'].pk}/").status_code == 404
    assert client.get(f"/api/items/{hidden_item.pk}/").status_code == 404
    withdrawn = record["second"].items.get(number=6)
    assert client.get(f"/api/items/{withdrawn.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("fra=13-01-2026", {"fra": ["Skriv datoen som åååå-mm-dd, fx 2026-01-13."]}),
        ("kommune=atlantis", {"kommune": ["Ukendt kommune: atlantis."]}),
        ("fra=2026-02-01&til=2026-01-01", {"til": ["Til-datoen ligger før fra-datoen."]}),
    ],
)
@pytest.mark.parametrize("resource", ["items", "meetings"])
def test_bad_filter_is_a_json_400(client, record, resource, query, errors):
    response = client.get(f"/api/{resource}/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == errors


@pytest.mark.django_db
def test_cursor_pagination_walks_every_item_once_in_order(client):
    committee = make_committee()
    expected = []
    for day in (5, 4, 3, 2, 1):
        meeting = make_meeting(committee=committee, date=dt.date(2026, 3, day))
        for number in (1, 2, 3):
            make_item(meeting=meeting, number=number)
            expected.append((f"2026-03-0{day}", number))
    seen = []
    url = "/api/items/?page_size=4"
    pages = 0
    while url:
        data = client.get(url).json()
        assert len(data["results"]) <= 4
        seen += [(item["meeting_date"], item["number"]) for item in data["results"]]
        url = data["next"]
        pages += 1
    assert seen == expected
    assert pages == 4
    # A new meeting arriving meanwhile does not shift a page a client is on.
    first = client.get("/api/items/?page_size=4").json()
    make_item(meeting=make_meeting(committee=committee, date=dt.date(2026, 4, 1)))
    assert client.get(first["next"]).json()["results"][0]["meeting_date"] == "2026-03-04"


@pytest.mark.django_db
def test_page_size_is_capped(client):
    committee = make_committee()
    meeting = make_meeting(committee=committee)
    for number in range(1, 4):
        make_item(meeting=meeting, number=number)
    assert len(client.get("/api/items/?page_size=2").json()["results"]) == 2
    assert len(client.get("/api/items/?page_size=100000").json()["results"]) == 3
    for number in range(4, 106):
        make_item(meeting=meeting, number=number)
    assert len(client.get("/api/items/").json()["results"]) == 20
    assert len(client.get("/api/items/?page_size=100000").json()["results"]) == 100


@pytest.mark.django_db
def test_bad_cursor_is_a_json_404(client, record):
    response = client.get("/api/items/?cursor=not-a-cursor")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def _fill(count_meetings: int) -> None:
    committee = make_committee()
    for day in range(1, count_meetings + 1):
        meeting = make_meeting(committee=committee, date=dt.date(2026, 5, day))
        for number in (1, 2, 3):
            item = make_item(meeting=meeting, number=number)
            make_decision(agenda_item=item)
            make_attachment(agenda_item=item)


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [2, 30])
def test_item_list_queries_do_not_grow_with_page_size(client, django_assert_num_queries, page_size):
    _fill(10)
    # The page of items, their decisions, their attachments.
    with django_assert_num_queries(3):
        response = client.get(f"/api/items/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [2, 10])
def test_other_lists_do_not_grow_with_page_size(client, django_assert_num_queries, page_size):
    _fill(10)
    # The page of meetings (a cursor needs no count).
    with django_assert_num_queries(1):
        assert client.get(f"/api/meetings/?page_size={page_size}").status_code == 200
    # The count and the page of committees.
    with django_assert_num_queries(2):
        assert client.get("/api/committees/").status_code == 200
    # The municipality and the page of cases (a cursor needs no count).
    with django_assert_num_queries(2):
        assert client.get("/api/municipalities/herning-kommune/cases/").status_code == 200
    # The case: its municipality, the items, decisions, attachments.
    with django_assert_num_queries(4):
        response = client.get("/api/municipalities/herning-kommune/cases/00.22.02-G01-1-26/")
    assert len(response.json()["items"]) == 30


@pytest.mark.django_db
def test_schema_is_served_and_generates_without_warnings(client, tmp_path):
    call_command(
        "spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"), stdout=StringIO()
    )
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("openapi: 3")
    for path in (
        "/api/items/",
        "/api/meetings/{id}/",
        "/api/municipalities/{municipality}/cases/{case_number}/",
    ):
        assert f"  {path}:" in text
    assert "name: sagsnummer" in text
    # Public and read-only: the schema offers no login scheme.
    assert "securitySchemes" not in text


@pytest.mark.django_db
def test_cases_page_with_a_cursor(client):
    meeting = make_meeting()
    for number in range(1, 6):
        make_item(meeting=meeting, number=number, case_number=f"00.01.00-A00-{number}-26")
    first = client.get("/api/municipalities/herning-kommune/cases/?page_size=2").json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    numbers = [case["case_number"] for page in (first, second, third) for case in page["results"]]
    assert numbers == [f"00.01.00-A00-{number}-26" for number in range(1, 6)]
    assert third["next"] is None


# Case numbers as they occur, plus what reverse() must quote, and "." segments that
# build_absolute_uri() resolves.
ODD_CASE_NUMBERS = [
    CASE,
    "2024/1234",
    "27.12.00 Ø54 æ",
    "a?b#c%d",
    "sag&nr=1+2",
    "a/./b",
    "../c",
    "",
]


@pytest.fixture
def varied(record):
    """The record plus a second meeting on one day, times, a correction and odd case numbers."""
    second = make_meeting(
        committee=record["committee"],
        date=dt.date(2026, 1, 13),
        sequence=2,
        start_time=dt.time(16, 30),
        participants=["Anna Ø", "Bo Å"],
        corrected_at=timezone.make_aware(dt.datetime(2026, 1, 20, 9, 15, 30, 123456)),
    )
    for number, case_number in enumerate(ODD_CASE_NUMBERS, start=1):
        make_item(meeting=second, number=number, case_number=case_number, is_closed=number == 2)
    item = make_item(meeting=second, number=20, sections=[{"heading": "Sagen", "text": "Æ"}])
    make_decision(agenda_item=item, date=None, item_number=None, committee_name="")
    make_attachment(agenda_item=item, position=1, url="https://example.dk/bilag?id=1&x=ø")
    make_attachment(agenda_item=item, position=0)
    return record


@pytest.mark.django_db
def test_every_link_of_a_list_is_reversed_and_quoted(client, varied):
    """Links come from reverse() and get_absolute_url(), quoted as reverse() quotes them."""
    root = "/"
    response = client.get("/api/items/?page_size=100")
    rows = {row["case_number"]: row for row in response.json()["results"]}
    prefix = "http://testserver" + root
    base = prefix + "api/municipalities/herning-kommune/cases/"
    assert rows["a?b#c%d"]["case_url"] == base + "a%3Fb%23c%25d/"
    assert rows["sag&nr=1+2"]["case_url"] == base + "sag&nr=1+2/"
    assert rows["27.12.00 Ø54 æ"]["case_url"] == base + "27.12.00%20%C3%9854%20%C3%A6/"
    # build_absolute_uri() resolves "." and ".." segments, as a browser would.
    assert rows["a/./b"]["case_url"] == base + "a/b/"
    assert rows[""]["case_url"] is None
    item = rows["2024/1234"]
    assert item["url"] == prefix + f"api/items/{item['id']}/"
    assert item["meeting"]["url"] == prefix + f"api/meetings/{item['meeting']['id']}/"
    assert item["committee"]["url"] == prefix + f"api/committees/{item['committee']['id']}/"
    assert item["municipality"]["url"] == prefix + "api/municipalities/herning-kommune/"
    assert item["html_url"].startswith(prefix + "kommuner/herning-kommune/")
    meeting = client.get("/api/meetings/?page_size=100").json()
    second = next(row for row in meeting["results"] if row["sequence"] == 2)
    assert second["start_time"] == "16:30:00"
    assert second["corrected_at"].startswith("2026-01-20T")
    assert second["participants"] == ["Anna Ø", "Bo Å"]


@pytest.mark.django_db
def test_format_suffix_stays_in_the_links(client, record):
    item = client.get("/api/items.json").json()["results"][0]
    assert item["url"] == f"http://testserver/api/items/{item['id']}.json"
    assert item["meeting"]["url"].endswith(".json")
    item = client.get("/api/items/?format=json").json()["results"][0]
    assert item["url"] == f"http://testserver/api/items/{item['id']}/?format=json"
    meeting = client.get("/api/meetings.json").json()["results"][0]
    assert meeting["url"] == f"http://testserver/api/meetings/{meeting['id']}.json"


@pytest.mark.django_db
def test_format_suffix_reaches_the_cases(client, record):
    municipalities = client.get("/api/municipalities.json")
    assert municipalities.status_code == 200
    herning = next(m for m in municipalities.json()["results"] if m["slug"] == "herning-kommune")
    # DRF's suffix converter on a path() route ends in a slash.
    assert herning["cases_url"] == (
        "http://testserver/api/municipalities/herning-kommune/cases.json/"
    )
    cases = client.get(herning["cases_url"])
    assert cases.status_code == 200
    case = cases.json()["results"][0]
    assert client.get(case["url"]).json()["case_number"] == case["case_number"]
    # Without a suffix nothing changes.
    plain = client.get("/api/municipalities/herning-kommune/cases/").json()["results"][0]
    assert plain["url"].endswith("/")


@pytest.mark.django_db
def test_a_suffix_on_a_case_is_part_of_its_number_not_a_500(client, record):
    for url in (
        "/api/municipalities/herning-kommune/cases/15.00.00-A00-4-25.json",
        "/api/municipalities/herning-kommune/cases/15.00.00-A00-4-25.json/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()
