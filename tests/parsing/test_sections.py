"""Section headings: the shared vocabulary, recommendation lead-ins, the document's own headings."""

import pytest

from minutes.parsing.sections import Kind, classify, looks_like_heading, recurring_headings


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Resume", Kind.SECTION),
        ("Resumé", Kind.SECTION),
        ("Sagsfremstilling", Kind.SECTION),
        ("Supplerende sagsfremstilling", Kind.SECTION),
        ("Sagen afgøres i", Kind.SECTION),
        ("Organisering og kommunikation", Kind.SECTION),
        ("Økonomi:", Kind.SECTION),  # label with a colon
        ("Punktoplysninger", Kind.ITEM_INFO),
        ("Indstilling", Kind.RECOMMENDATION),
        ("Administrationen indstiller", Kind.RECOMMENDATION),
        ("Borgmesteren indstiller", Kind.RECOMMENDATION),
        ("Direktøren for Social, Sundhed og Beskæftigelse indstiller", Kind.RECOMMENDATION),
        ("Det indstilles, at:", Kind.RECOMMENDATION),
        ("Forvaltningen indstiller, at", Kind.RECOMMENDATION),
        ("Beslutning", Kind.DECISION),
        ("BESLUTNING", Kind.DECISION),
        ("Beslutning fra Beskæftigelsesudvalget, 3. maj 2022, pkt. 45:", Kind.EARLIER_DECISION),
        ("Historisk", Kind.HISTORY),
        ("Bilag", Kind.ATTACHMENTS),
    ],
)
def test_known_headings(line, kind):
    heading = classify(line)
    assert heading is not None
    assert heading.kind is kind


def test_label_and_text_on_one_line():
    heading = classify("Beslutning: Godkendt.")
    assert heading is not None
    assert (heading.kind, heading.text, heading.rest) == (Kind.DECISION, "Beslutning", "Godkendt.")


@pytest.mark.parametrize(
    "line",
    [
        "Målgruppen i Særlig Jobformidling",  # a sub-heading stays in its section
        "Det indstilles, at udvalget godkender forslaget til den kommende politiske proces.",
        "Godkendt.",
        "Fokusområde: Vores vækst",
        "",
    ],
)
def test_text_lines_are_not_headings(line):
    assert classify(line) is None


def test_recurring_heading_becomes_a_section_heading():
    # Another kommune's template heading that is not in the vocabulary.
    item = ["", "Sagens forløb", "", "Tekst om sagen.", "", "Beslutning", "", "Godkendt"]
    other = ["", "Sagens forløb", "", "Anden tekst.", "", "Beslutning", "", "Godkendt"]
    recurring = recurring_headings([item, other])
    assert recurring == frozenset({"sagens forløb"})
    heading = classify("Sagens forløb", recurring=recurring)
    assert heading is not None
    assert heading.kind is Kind.SECTION


def test_a_sub_heading_in_one_item_only_is_not_a_template_heading():
    item = ["", "Målgruppen i Særlig Jobformidling", "", "Tekst."]
    assert recurring_headings([item, ["", "Anden tekst."]]) == frozenset()


def test_a_short_line_between_two_headings_is_text_not_a_heading():
    item = ["", "Høring", "", "Ingen bemærkninger", "", "Lovgrundlag", "", "Loven."]
    assert recurring_headings([item, item]) == frozenset()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sagens forløb", True),
        ("DIR BFU SOS BSK KFU BYB MIN ØKE BYR", False),  # routing codes
        ("X", False),
        ("Ingen bemærkninger.", False),
        ("Fokusområde: Vores vækst", False),
    ],
)
def test_looks_like_heading(line, expected):
    assert looks_like_heading(line) is expected
