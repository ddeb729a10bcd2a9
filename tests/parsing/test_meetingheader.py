"""The meeting header's title line in the wordings the samples use: "Referat til mødet i
<udvalg> den <dato>", "Referat: <dato>" (no committee in it, so none is read)."""

import datetime as dt

import pytest

from minutes.parsing.meetingheader import read_header


@pytest.mark.parametrize(
    ("line", "committee", "date"),
    [
        (
            "Referat til mødet i Udvalget for Kultur og Fritid den 30. april 2019 kl. 17:00 i "
            "Mariager Rådhus, Fjordgade 5,",
            "Udvalget for Kultur og Fritid",
            dt.date(2019, 4, 30),
        ),
        ("Referat: 27. oktober 2025 kl. 08:00", None, dt.date(2025, 10, 27)),
        ("Referat af møde i Klima- og Planudvalget", "Klima- og Planudvalget", None),
        (
            "REFERAT Beskæftigelsesudvalget d. 05-05-2026",
            "Beskæftigelsesudvalget",
            dt.date(2026, 5, 5),
        ),
    ],
)
def test_the_title_line_gives_the_committee_and_date(line, committee, date):
    header = read_header([line])
    assert (header.committee, header.date) == (committee, date)
