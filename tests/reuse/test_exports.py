"""CSV and JSON-lines export of the filtered item list (minutes/reuse/exports.py)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.http import StreamingHttpResponse

from minutes import search
from tests.factories import (
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)

COLUMNS = [
    "id",
    "kommune",
    "udvalg",
    "mødedato",
    "punkt",
    "titel",
    "sagsnummer",
    "sagsbehandler",
    "lukket",
    "indstilling",
    "beslutning",
    "link",
    "opdateret",
]


def read_csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    assert reader.fieldnames == COLUMNS
    return list(reader)


def read_jsonl(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.endswith("\n")
    return [json.loads(line) for line in body.splitlines()]


@pytest.fixture
def items():
    aeroe = make_committee(
        municipality=make_municipality(name="Ærø Kommune", slug="aeroe-kommune"),
        name="Økonomiudvalget",
        slug="oekonomiudvalget",
    )
    herning = make_committee()
    first = make_item(
        meeting=make_meeting(committee=aeroe, date=dt.date(2026, 2, 3)),
        number=4,
        title="Færgeleje på Ærø; udbud",
        case_number="05.01.00-G01-2-26",
        case_officer="Søren Åberg",
        recommendation="- at udbuddet godkendes.",
    )
    make_decision(agenda_item=first, text='Godkendt; "med" bemærkning.\nAnden linje.')
    make_item(
        meeting=make_meeting(committee=herning, date=dt.date(2025, 5, 6)),
        number=9,
        title="Lukket: Personalesag",
        case_number="",
        is_closed=True,
        sections=[],
        recommendation="",
    )
    make_item(
        meeting=make_meeting(committee=herning, date=dt.date(2025, 1, 7)),
        number=1,
        title="Afpubliceret",
        is_published=False,
    )
    return first


@pytest.mark.django_db
def test_csv_is_streamed_with_bom_semicolons_and_iso_dates(client, items):
    response = client.get("/punkter/eksport.csv")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="dagsordenspunkter-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = read_csv(response)
    assert [row["titel"] for row in rows] == ["Færgeleje på Ærø; udbud", "Lukket: Personalesag"]
    first, closed = rows
    assert first["id"] == str(items.pk)
    assert first["kommune"] == "Ærø Kommune"
    assert first["udvalg"] == "Økonomiudvalget"
    assert first["mødedato"] == "2026-02-03"
    assert first["punkt"] == "4"
    assert first["sagsnummer"] == "05.01.00-G01-2-26"
    assert first["sagsbehandler"] == "Søren Åberg"
    assert first["lukket"] == "nej"
    # A leading "-" would make a spreadsheet read the cell as a formula.
    assert first["indstilling"] == "'- at udbuddet godkendes."
    assert first["beslutning"] == 'Godkendt; "med" bemærkning.\nAnden linje.'
    assert first["link"] == (
        "http://testserver/kommuner/aeroe-kommune/oekonomiudvalget/2026-02-03/punkt-4/"
    )
    dt.datetime.fromisoformat(first["opdateret"])
    assert closed["lukket"] == "ja"
    assert closed["beslutning"] == ""


@pytest.mark.django_db
def test_csv_neutralises_formulas(client):
    make_item(title='=HYPERLINK("http://evil")')
    (row,) = read_csv(client.get("/punkter/eksport.csv"))
    assert row["titel"] == '\'=HYPERLINK("http://evil")'


@pytest.mark.django_db
def test_jsonl_is_streamed_one_object_per_line(client, items):
    response = client.get("/punkter/eksport.jsonl")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    assert response["Content-Disposition"].endswith('.jsonl"')
    rows = read_jsonl(response)
    assert len(rows) == 2
    first = rows[0]
    assert list(first) == COLUMNS
    assert first["kommune"] == "Ærø Kommune"
    assert first["titel"] == "Færgeleje på Ærø; udbud"
    assert first["punkt"] == 4
    assert first["lukket"] is False
    assert first["indstilling"] == "- at udbuddet godkendes."
    assert rows[1]["lukket"] is True


@pytest.mark.django_db
def test_danish_letters_are_raw_utf8_in_jsonl(client, items):
    body = b"".join(client.get("/punkter/eksport.jsonl").streaming_content)
    assert "Ærø Kommune".encode() in body


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_exports_honour_the_list_filters(client, items, fmt):
    search.rebuild()  # q is the full-text search once the search index is in place

    def titles(query: str) -> list[str]:
        response = client.get(f"/punkter/eksport.{fmt}?{query}")
        rows = read_csv(response) if fmt == "csv" else read_jsonl(response)
        return [row["titel"] for row in rows]

    assert titles("kommune=aeroe-kommune") == ["Færgeleje på Ærø; udbud"]
    assert titles("udvalg=beskaeftigelsesudvalget") == ["Lukket: Personalesag"]
    assert titles("sagsnummer=05.01") == ["Færgeleje på Ærø; udbud"]
    assert titles("fra=2025-01-01&til=2025-12-31") == ["Lukket: Personalesag"]
    assert titles("q=Færgeleje") == ["Færgeleje på Ærø; udbud"]
    assert titles("kommune=aeroe-kommune&kommune=herning-kommune") == [
        "Færgeleje på Ærø; udbud",
        "Lukket: Personalesag",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_bad_filter_is_a_danish_400(client, items, fmt):
    response = client.get(f"/punkter/eksport.{fmt}?til=i-morgen")
    assert response.status_code == 400
    assert response.content.decode() == (
        "Ugyldige filtre: Skriv datoen som åååå-mm-dd, fx 2026-01-13."
    )


@pytest.mark.django_db
def test_export_over_the_row_cap_is_refused_not_cut_off(client, settings):
    settings.EXPORT_MAX_ROWS = 2
    meeting = make_meeting()
    for number in (1, 2, 3):
        make_item(meeting=meeting, number=number)
    response = client.get("/punkter/eksport.csv")
    assert response.status_code == 400
    assert response.content.decode() == (
        "Udtrækket har mere end 2 rækker, som er grænsen for én eksport. "
        "Afgræns med kommune, udvalg, sagsnummer eller datoer (fra, til)."
    )
    settings.EXPORT_MAX_ROWS = 3
    assert len(read_csv(client.get("/punkter/eksport.csv"))) == 3


@pytest.mark.django_db
def test_export_reads_in_chunks_not_per_row(client, django_assert_max_num_queries):
    committee = make_committee()
    for day in range(1, 6):
        meeting = make_meeting(committee=committee, date=dt.date(2026, 3, day))
        for number in range(1, 9):
            make_decision(agenda_item=make_item(meeting=meeting, number=number))
    # Filter choices (2), the capped count, the items, their decisions.
    with django_assert_max_num_queries(5):
        rows = read_jsonl(client.get("/punkter/eksport.jsonl"))
    assert len(rows) == 40
