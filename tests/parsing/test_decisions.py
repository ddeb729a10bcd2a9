"""Decisions: earlier-decision headings and absent members, from the seeds' wordings."""

import datetime as dt

import pytest

from minutes.parsing.decisions import (
    absent_in_line,
    make_decision,
    parse_earlier_decision_heading,
    split_absent,
)


def test_earlier_decision_with_pkt_and_no_den():  # seed 001, item 56
    heading = parse_earlier_decision_heading(
        "Beslutning fra Beskæftigelsesudvalget, 3. maj 2022, pkt. 45:"
    )
    assert heading is not None
    assert heading.body == "Beskæftigelsesudvalget"
    assert heading.date == dt.date(2022, 5, 3)
    assert heading.item_number == 45


def test_earlier_decision_with_den_and_punkt():  # seeds 003 and 004
    heading = parse_earlier_decision_heading(
        "Beslutning fra Børne- og Familieudvalget, den 4. juni 2025, punkt 13:"
    )
    assert heading is not None
    assert (heading.body, heading.date, heading.item_number) == (
        "Børne- og Familieudvalget",
        dt.date(2025, 6, 4),
        13,
    )


def test_earlier_decision_variants_of_other_systems():
    with_comma_in_body = parse_earlier_decision_heading(
        "Beslutning i Økonomi-, Erhvervs- og Uddannelsesudvalget den 12.05.2024 pkt. 7"
    )
    assert with_comma_in_body is not None
    assert with_comma_in_body.body == "Økonomi-, Erhvervs- og Uddannelsesudvalget"
    assert with_comma_in_body.date == dt.date(2024, 5, 12)
    assert with_comma_in_body.item_number == 7
    no_number = parse_earlier_decision_heading("Beslutning fra Byrådet, den 2. april 2020:")
    assert no_number is not None
    assert no_number.item_number is None


def test_text_on_the_heading_line_is_kept():
    heading = parse_earlier_decision_heading(
        "Beslutning fra Byrådet, den 2. april 2020, punkt 4: Godkendt."
    )
    assert heading is not None
    assert heading.rest == "Godkendt."


def test_impossible_date_gives_no_date_but_keeps_the_printed_text():
    heading = parse_earlier_decision_heading("Beslutning fra Byrådet, den 31-13-2022, punkt 4:")
    assert heading is not None
    assert heading.date is None
    assert heading.date_text == "31-13-2022"


@pytest.mark.parametrize("line", ["Beslutning", "Beslutning:", "Beslutningen blev udsat."])
def test_current_decision_heading_is_not_an_earlier_one(line):
    assert parse_earlier_decision_heading(line) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Fraværende: Jakob Vium Dyrman.", ("Jakob Vium Dyrman",)),
        ("Fraværende: Per Nyborg og Jacob Dyrman", ("Per Nyborg", "Jacob Dyrman")),
        ("Fraværende: A, B og C", ("A", "B", "C")),
        ("Fraværende Anna Hansen", ("Anna Hansen",)),  # label without colon
        ("Afbud: Ole Olsen", ("Ole Olsen",)),
        ("Fraværende: Ingen", ()),
        ("Fraværende:", ()),
        ("Fraværende: -", ()),
        (
            "Bent. B. Graversen, Søren V. Jensen og Steen Madsen deltog ikke i sagens behandling.",
            ("Bent. B. Graversen", "Søren V. Jensen", "Steen Madsen"),
        ),
        ("Bibi Mundbjerg (V) deltog ikke ved sagens behandling. ", ("Bibi Mundbjerg",)),
        ("Godkendt.", None),
        ("Fraværet af data gør vurderingen usikker.", None),
    ],
)
def test_absent_members_in_either_wording(line, names):
    assert absent_in_line(line) == names


def test_split_absent_removes_the_absence_lines_and_keeps_the_decision():
    text, absent = split_absent(
        "Fraværende: Ingen\n\nAdministrationens indstillinger anbefales godkendt."
    )
    assert text == "Administrationens indstillinger anbefales godkendt."
    assert absent == ()


def test_make_decision_fills_absent_members():
    decision = make_decision(
        "Orientering taget til efterretning.\n"
        "Bibi Mundbjerg (V) deltog ikke ved sagens behandling.",
        current=False,
        body="Børne- og Familieudvalget",
        date=dt.date(2025, 6, 4),
        item_number=13,
    )
    # The sentence is part of the minuted decision: it stays, and names the absent member.
    assert decision.text == (
        "Orientering taget til efterretning.\nBibi Mundbjerg (V) deltog ikke ved sagens behandling."
    )
    assert decision.absent == ("Bibi Mundbjerg",)
    assert decision.current is False
