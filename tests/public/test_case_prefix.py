"""The meeting list by case number: a prefix as a range (SQLite), a whole number by index."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from minutes.public.filters import MeetingFilter
from tests.factories import make_item, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings() -> dict[str, object]:
    numbers = {
        "kle": "15.20.00-G01-1-26",
        "kle_other": "15.3",
        "year": "2019-00042",
        "lower": "sag-2019",
        "wide": "15.2\U0001f600",
    }
    result = {}
    for day, (key, number) in enumerate(numbers.items(), 1):
        meeting = make_meeting(date=dt.date(2026, 1, day))
        make_item(meeting=meeting, number=1, case_number=number)
        result[key] = meeting
    return result


def listed(query: str) -> set:
    return set(MeetingFilter(QueryDict(query)).qs)


def test_a_prefix_finds_the_meetings_whose_items_start_with_it(meetings):
    assert listed("sagsnummer=15.2") == {meetings["kle"], meetings["wide"]}
    assert listed("sagsnummer=15.") == {meetings["kle"], meetings["kle_other"], meetings["wide"]}
    assert listed("sagsnummer=2019") == {meetings["year"]}
    assert listed("sagsnummer=15.20.00-G01-1-26") == {meetings["kle"]}
    assert listed("sagsnummer=16") == set()


def test_a_prefix_is_matched_as_typed_or_upper_case_on_every_database(meetings):
    # As PostgreSQL's LIKE does: "sag" and "SAG" are the rule's two prefixes for "sag".
    assert listed("sagsnummer=sag") == {meetings["lower"]}
    assert listed("sagsnummer=SAG") == set()


def test_sqlite_reads_a_prefix_as_an_index_range(meetings):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL serves LIKE 'prefix%' from its pattern-ops index")
    with CaptureQueriesContext(connection) as captured:
        list(MeetingFilter(QueryDict("sagsnummer=15.2")).qs)
    sql = " ".join(query["sql"] for query in captured)
    assert "LIKE" not in sql.upper()
    plan = connection.cursor().execute(f"EXPLAIN QUERY PLAN {captured[-1]['sql']}").fetchall()
    assert any("item_public_meeting_case_idx" in row[-1] for row in plan)
