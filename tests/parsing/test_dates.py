"""Danish dates and times, as the seeds print them."""

import datetime as dt

import pytest

from minutes.parsing.dates import find_date, find_time, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REFERAT Beskæftigelsesudvalget d. 05-05-2026", dt.date(2026, 5, 5)),
        ("Tirsdag d. 05. maj 2026 kl. 12:00", dt.date(2026, 5, 5)),
        ("Beslutning fra Beskæftigelsesudvalget, 3. maj 2022, pkt. 45:", dt.date(2022, 5, 3)),
        ("den 29. oktober 2025", dt.date(2025, 10, 29)),
        ("Aktuel arbejdsmarkedssituation 10.06.25", dt.date(2025, 6, 10)),
        ("2026-01-13", dt.date(2026, 1, 13)),
        ("godkendt af Byrådet 31-03-2022)", dt.date(2022, 3, 31)),
        ("tiltrådt 16/03/2022.", dt.date(2022, 3, 16)),
        ("den 1 .januar 2027", dt.date(2027, 1, 1)),  # seed 000's stray space
        ("8. dec. 2025", dt.date(2025, 12, 8)),
        ("1. MARTS 2024", dt.date(2024, 3, 1)),
    ],
)
def test_danish_date_forms(text, expected):
    assert parse_date(text) == expected


def test_a_date_that_does_not_exist_is_found_without_a_value():
    found = find_date("Mødedato 31-13-2022")
    assert found is not None
    assert found.text == "31-13-2022"
    assert found.value is None
    assert parse_date("31-13-2022") is None
    assert parse_date("30. februar 2024") is None


@pytest.mark.parametrize(
    "text",
    ["15.00.00-A21-1-25", "Budget 2027-2030", "1.000.000 kr.", "Punkt 65", "30/4", ""],
)
def test_things_that_are_not_dates(text):
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tirsdag d. 05. maj 2026 kl. 12:00", dt.time(12, 0)),
        ("kl. 15.00 - 16.30", dt.time(15, 0)),
        ("kl 9", dt.time(9, 0)),
        ("Mødet blev afsluttet kl. 15.30.", dt.time(15, 30)),
        ("kl. 25:00", None),
        ("inkl. 3 bilag", None),
    ],
)
def test_times_after_kl(text, expected):
    assert find_time(text) == expected
